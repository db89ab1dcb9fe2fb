"""What the importer remembers of each WordPress site it imported, so a second run updates.

Every imported object is keyed by the exported site (its base URL) and its WordPress id. A second
import of the same export finds each object again through these keys and compares fingerprints:
what changed is updated, what did not is left alone (no new revision, no new row).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class WordPressSite(models.Model):
    """A WordPress site that an export came from, known by its base URL without the scheme."""

    key = models.CharField(
        _("address"),
        max_length=200,
        unique=True,
        help_text=_("The site's base URL without http:// or https://, e.g. example.org/news."),
    )
    title = models.CharField(_("title"), max_length=255, blank=True)
    first_imported_at = models.DateTimeField(_("first imported"), auto_now_add=True)
    last_imported_at = models.DateTimeField(_("last imported"), auto_now=True)

    class Meta:
        verbose_name = _("WordPress site")
        verbose_name_plural = _("WordPress sites")

    def __str__(self):
        return self.title or self.key


class ImportedObject(models.Model):
    """One Dateline object made from one WordPress object of one site."""

    class Kind(models.TextChoices):
        AUTHOR = "author", _("author → contributor")
        CATEGORY = "category", _("category → section")
        POST = "post", _("post or page → page")
        ATTACHMENT = "attachment", _("attachment → image")
        REDIRECT = "redirect", _("old address → redirect")

    site = models.ForeignKey(WordPressSite, on_delete=models.CASCADE, related_name="imported")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    # A post or attachment id, an author's login, a category's slug, or an old path.
    wordpress_id = models.CharField(_("WordPress id"), max_length=255)
    object_id = models.PositiveBigIntegerField(_("Dateline id"))
    # A digest of what was imported; a re-import with the same digest writes nothing.
    fingerprint = models.CharField(_("fingerprint"), max_length=64, blank=True)
    # For attachments: the file's path under wp-content/uploads, which inline images are found by.
    source_path = models.CharField(_("file in uploads"), max_length=255, blank=True)
    # For attachments: the caption WordPress showed under the image (a hero's caption).
    caption = models.TextField(_("caption"), blank=True)
    imported_at = models.DateTimeField(_("imported"), auto_now=True)

    class Meta:
        verbose_name = _("imported object")
        verbose_name_plural = _("imported objects")
        constraints = [
            models.UniqueConstraint(
                fields=["site", "kind", "wordpress_id"], name="wordpress_object_once_per_site"
            )
        ]
        indexes = [
            models.Index(fields=["site", "kind", "source_path"], name="wordpress_source_path_idx")
        ]

    def __str__(self):
        return f"{self.site} {self.kind} {self.wordpress_id} → {self.object_id}"
