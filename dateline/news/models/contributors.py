"""The people an article credits, and the roles it credits them in."""

from django import forms
from django.conf import settings
from django.db import models
from django.utils.functional import lazy
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel
from wagtail.models import Orderable
from wagtail.search import index


def _other_languages() -> list[tuple[str, str]]:
    return [(code, name) for code, name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


class ContributorForm(WagtailAdminModelForm):
    """One box per edition's language for the name printed there, kept in `Contributor.names`."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for code, _language in _other_languages():
            self.fields[f"name_{code}"].initial = (self.instance.names or {}).get(code, "")

    def save(self, commit=True):
        self.instance.names = {
            code: name
            for code, _language in _other_languages()
            if (name := self.cleaned_data.get(f"name_{code}", "").strip())
        }
        return super().save(commit=commit)


def _name_label(language) -> str:
    return _("Name in %(language)s") % {"language": language}


_name_label = lazy(_name_label, str)

for _code, _language in _other_languages():
    ContributorForm.base_fields[f"name_{_code}"] = forms.CharField(
        label=_name_label(_language),
        max_length=120,
        required=False,
        help_text=_(
            "How pages in this language print the name. Leave empty to use the name above."
        ),
    )
    ContributorForm.declared_fields[f"name_{_code}"] = ContributorForm.base_fields[f"name_{_code}"]


class Contributor(index.Indexed, models.Model):
    """A reporter, writer, translator, editor or photographer, with a public page of their work.

    Many of the newsroom's sources and some of its reporters work under pen names; the name here is
    the one the newsroom publishes, never anything more.
    """

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(
        _("slug"),
        max_length=120,
        unique=True,
        allow_unicode=True,
        help_text=_(
            "The last part of the contributor's page address. Filled from the name if empty."
        ),
        blank=True,
    )
    # The name as each edition prints it ({"ko": "한지우"}), beside `name`, the one every other
    # edition uses. Kept on the row itself, so a page naming ten contributors still reads them in
    # the one query that reads the credits.
    names = models.JSONField(_("names in other languages"), default=dict, blank=True)
    bio = models.TextField(_("short bio"), blank=True, max_length=600)
    photo = models.ForeignKey(
        "core.NewsImage",
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        FieldPanel("name"),
        *(FieldPanel(f"name_{code}") for code, _language in _other_languages()),
        FieldPanel("slug"),
        FieldPanel("bio"),
        FieldPanel("photo"),
    ]
    base_form_class = ContributorForm
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("contributor")
        verbose_name_plural = _("contributors")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = self._unique_slug()
        super().save(*args, **kwargs)

    def name_in(self, language_code: str) -> str:
        """Return the name this contributor goes by in a language's edition ("ko": "한지우")."""
        return (self.names or {}).get(language_code) or self.name

    @property
    def local_name(self) -> str:
        """Return the name in the active language: an edition's pages and feeds are served in it."""
        return self.name_in(get_language() or settings.LANGUAGE_CODE)

    def _unique_slug(self) -> str:
        base = slugify(self.name, allow_unicode=True) or "contributor"
        slug, suffix = base, 2
        while Contributor.objects.filter(slug=slug).exclude(pk=self.pk).exists():
            slug, suffix = f"{base}-{suffix}", suffix + 1
        return slug


class CreditRole(models.TextChoices):
    REPORTER = "reporter", _("Reporter")
    WRITER = "writer", _("Writer")
    TRANSLATOR = "translator", _("Translator")
    EDITOR = "editor", _("Editor")
    PHOTOGRAPHER = "photographer", _("Photographer")


# Roles whose contributors are the article's authors, named in its byline.
BYLINE_ROLES = frozenset({CreditRole.REPORTER, CreditRole.WRITER})


class ArticleCredit(Orderable):
    """One contributor credited on one article in one role, in the order the newsroom chooses.

    Both may be empty in a draft (a reporter's early notes); the article's admin form requires
    them when the article is submitted or published, and the credit line skips unfinished rows.
    """

    article = ParentalKey("news.ArticlePage", on_delete=models.CASCADE, related_name="credits")
    contributor = models.ForeignKey(
        Contributor,
        verbose_name=_("contributor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="credits",
    )
    role = models.CharField(_("role"), max_length=20, choices=CreditRole.choices, blank=True)
    # The tree path of the article's edition home while it is published, else null, and the
    # article's first publication: a contributor's stories in an edition are counted and read
    # newest first on one index of their credits alone (`contributor_count`, `credited_ids`).
    # Kept by `refresh_listing_rows`, as a topic's rows are; not part of a revision.
    edition_path = models.CharField(max_length=255, null=True, editable=False, serialize=False)
    published = models.DateTimeField(null=True, editable=False, serialize=False)

    @property
    def is_complete(self) -> bool:
        return bool(self.contributor_id and self.role)

    def save(self, *args, **kwargs):
        from .article import file_listing_row  # the article's module imports this one

        file_listing_row(self, self.article)
        super().save(*args, **kwargs)

    panels = [FieldPanel("contributor"), FieldPanel("role")]

    class Meta(Orderable.Meta):
        # Credits a script made carry no order of their own (the admin's form and the importers
        # number theirs, and migration 0006 those stored before): ties go in the order the
        # credits were added, in every query. On PostgreSQL a tie otherwise came out as the query
        # plan happened to meet the rows, so renaming a contributor reordered a byline, and two
        # feeds could disagree.
        ordering = ["sort_order", "pk"]
        indexes = [
            models.Index(
                fields=["contributor", "edition_path", "published", "article"],
                name="news_credited_by_edition",
            )
        ]
        verbose_name = _("credit")
        verbose_name_plural = _("credits")

    def __str__(self):
        return f"{self.get_role_display()}: {self.contributor or ''}"
