"""Models every app shares: the newsroom's image model and its site-wide settings."""

import re

from django import forms
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.images.models import AbstractImage, AbstractRendition, Image

from .compiled import CompiledQuery
from .sharing import NETWORK_CHOICES

_PHOTO_PREFIX = re.compile(r"^\s*(photos?|사진)\s*:\s*", re.IGNORECASE)


class NewsImage(AbstractImage):
    """An image with the photo credit the newsroom owes its photographer wherever it appears."""

    credit = models.CharField(
        _("photo credit"),
        max_length=255,
        blank=True,
        help_text=_(
            "Who took or owns the photo, shown beside every caption. Example: 'Kim Su-a'. "
            "Pages print it in their own language: 'Photo: Kim Su-a', '사진: Kim Su-a'."
        ),
    )

    admin_form_fields = (*Image.admin_form_fields, "credit")

    @property
    def credit_line(self) -> str:
        """Return the credit as the active language prints it ("사진: 김수아"), or "" without one.

        A credit typed with its own "Photo:" (as older images and imports have it) is not
        prefixed twice.
        """
        name = _PHOTO_PREFIX.sub("", self.credit).strip()
        return gettext("Photo: %(credit)s") % {"credit": name} if name else ""

    class Meta(AbstractImage.Meta):
        verbose_name = _("image")
        verbose_name_plural = _("images")


class NewsImageRendition(AbstractRendition):
    image = models.ForeignKey(NewsImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)
        # The media gate finds a requested file's image (and its collection) by the file's name.
        indexes = [models.Index(fields=["file"], name="core_rendition_file_idx")]


class NewsroomSettingsForm(WagtailAdminModelForm):
    """Offer the share networks as boxes to tick; the field stores the chosen codes as a list."""

    share_networks = forms.MultipleChoiceField(
        label=_("share links"),
        choices=NETWORK_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_(
            "Networks readers are offered to share a story on, as plain links: no script or "
            "tracker of theirs is loaded. Email and the story's address are always offered."
        ),
    )


@register_setting(icon="site")
class NewsroomSettings(BaseSiteSetting):
    """The newsroom's identity on every page; its name and tagline live on each edition's home page."""

    logo = models.ForeignKey(
        NewsImage,
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    share_networks = models.JSONField(
        _("share links"),
        default=list,
        blank=True,
        help_text=_(
            "Networks readers are offered to share a story on, as plain links: no script or "
            "tracker of theirs is loaded. Email and the story's address are always offered."
        ),
    )

    base_form_class = NewsroomSettingsForm

    class Meta:
        verbose_name = _("newsroom settings")

    @classmethod
    def for_site(cls, site):
        """Return the site's settings, made on the first ask as Wagtail's `for_site` makes them.

        Every reader's page asks (its metadata and share links): read with a statement built
        once (core/compiled.py), Wagtail's `get_or_create` built its query anew each time, 0.21
        ms against 0.04 ms on SQLite."""
        found = _SETTINGS_OF_SITE.instances(site=site.pk) if site is not None else []
        return found[0] if found else super().for_site(site)


_SETTINGS_OF_SITE = CompiledQuery(
    lambda site: NewsroomSettings.base_queryset().filter(site_id=site), site=2_000_000_005
)


class WorkerHeartbeat(models.Model):
    """When a background worker last showed it was alive, so `/health/` can tell a dead one.

    Kept in the database rather than a file so that a web server on another machine sees it too;
    one row per worker name, rewritten every minute.
    """

    name = models.CharField(max_length=100, unique=True)
    beat_at = models.DateTimeField()

    class Meta:
        verbose_name = _("worker heartbeat")

    def __str__(self):
        return f"{self.name} {self.beat_at:%Y-%m-%d %H:%M:%S}"


class MaintenanceRun(models.Model):
    """When one daily maintenance duty last ran, how it went, and when it is due again.

    `next_due_at` is moved forward before the duty starts, in a conditional update, so that two
    workers (the one `serve` starts and one run as its own service) never run it both.
    """

    name = models.CharField(max_length=255, unique=True)
    next_due_at = models.DateTimeField()
    last_started_at = models.DateTimeField(null=True)
    last_finished_at = models.DateTimeField(null=True)
    last_succeeded = models.BooleanField(null=True)
    last_outcome = models.CharField(max_length=500, blank=True)

    class Meta:
        verbose_name = _("maintenance run")

    def __str__(self):
        return self.name
