"""The translator's desk in the admin: the original beside the copy, and news of its changes.

Built on Wagtail's own i18n (simple_translation copies the page; `translations.py` starts the
copy as a draft in progress). Each translation remembers the original's revision it follows, so
both the translation's and the original's edit screens can say "The original was updated on …;
see what changed", linking Wagtail's comparison of the two revisions of the original. The
translator says the copy has caught up by ticking a box on the translation's form.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from django import forms
from django.forms import Media
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin import messages
from wagtail.admin.panels import FieldPanel, ObjectList

if TYPE_CHECKING:
    from .models import ArticlePage

# Articles are imported where used: the article model declares the panel below.
FOLLOWS_ORIGINAL = "follows_original"


@dataclass(frozen=True)
class OriginalChange:
    """The original changed after the translation's version of it: when, and where to compare."""

    original: "ArticlePage"
    updated_at: datetime
    compare_url: str

    def sentence(self) -> str:
        when = date_format(timezone.localtime(self.updated_at), "DATETIME_FORMAT")
        return _("The original was updated on %(date)s; see what changed.") % {"date": when}


def original_change(translation: "ArticlePage") -> OriginalChange | None:
    """Return how the original moved on since this translation's version of it, or None."""
    original = translation.translated_from
    if original is None or translation.translated_from_revision_id is None:
        return None
    current = original.live_revision_id or original.latest_revision_id
    if current is None or current == translation.translated_from_revision_id:
        return None
    compare_url = reverse(
        "wagtailadmin_pages:revisions_compare",
        args=[original.pk, translation.translated_from_revision_id, current],
    )
    updated_at = original.last_published_at or original.latest_revision_created_at
    return OriginalChange(original, updated_at, compare_url)


def original_text(original: "ArticlePage") -> list[str]:
    """Return the original's body as plain paragraphs, headings and quotes, to read while writing."""
    texts = []
    for block in original.body:
        value = block.value
        if block.block_type == "quote":
            texts.append(f"“{value['quote']}” — {value['attribution']}")
        elif block.block_type == "image":
            texts.append(value.get("caption", ""))
        else:
            texts.append(strip_tags(str(getattr(value, "source", value))))
    return [text for text in texts if text.strip()]


class OriginalPanel(FieldPanel):
    """On a translation's form: the original's text, and the box saying the copy caught up."""

    def __init__(self, **kwargs):
        super().__init__(FOLLOWS_ORIGINAL, **kwargs)

    def clone_kwargs(self):
        kwargs = super().clone_kwargs()
        kwargs.pop("field_name")
        return kwargs

    class BoundPanel(FieldPanel.BoundPanel):
        template_name = "news/admin/original_panel.html"

        def is_shown(self):
            return bool(getattr(self.instance, "translated_from_id", None)) and super().is_shown()

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            original = self.instance.translated_from
            context.update(
                original=original,
                original_paragraphs=original_text(original),
                change=original_change(self.instance),
            )
            return context


class TranslationDesk(ObjectList):
    """The Content tab: on a translation, the original in one column and the copy's fields beside it.

    Two columns when the form is wide enough for both to read (a container query, so an open side
    panel counts), one under the other on a phone; both scroll with the form. Any other article
    gets Wagtail's own single column, and the copy's fields are the ordinary ones, so a free
    rewrite is written as any article is.
    """

    class BoundPanel(ObjectList.BoundPanel):
        template_name = "news/admin/translation_desk.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            shown = self.visible_children_with_identifiers
            original = [pair for pair in shown if isinstance(pair[0].panel, OriginalPanel)]
            context.update(
                original=original[0] if original else None,
                copy_fields=[pair for pair in shown if pair not in original],
            )
            return context

        @property
        def media(self):
            return super().media + Media(css={"all": ["news/translation_desk.css"]})


def follows_original_field() -> forms.BooleanField:
    return forms.BooleanField(
        label=gettext_lazy("This translation now follows the original as it stands"),
        required=False,
        help_text=gettext_lazy(
            "Tick after bringing the translation up to date, so the notice of changes goes away."
        ),
    )


def catch_up_with_original(page: "ArticlePage") -> None:
    """Record that the translation follows the original's current version, on page and draft."""
    from .models import ArticlePage

    original = page.translated_from
    if original is None:
        return
    page.translated_from_revision_id = original.live_revision_id or original.latest_revision_id
    ArticlePage.objects.filter(pk=page.pk).update(
        translated_from_revision=page.translated_from_revision_id
    )


def tell_about_translation(request, page) -> None:
    """On an article's edit screen: say a translation is in progress, or its original changed.

    A `before_edit_page` hook. The original's screen names each translation that follows an
    older version of it, so whoever edits either side knows the other needs a look.
    """
    from .models import ArticlePage

    if request.method != "GET" or not isinstance(page.specific, ArticlePage):
        return
    article = page.specific.get_latest_revision_as_object()
    if article.translation_in_progress:
        messages.info(
            request,
            _(
                "Translation in progress: this copy stays a draft until an editor publishes it. "
                "Credit the translator, and write the text in %(language)s."
            )
            % {"language": article.locale.get_display_name()},
        )
    change = original_change(article)
    if change is not None:
        messages.warning(
            request,
            change.sentence(),
            buttons=[messages.button(change.compare_url, _("See what changed"), new_window=True)],
        )
    for translation in ArticlePage.objects.filter(translated_from=article.pk).select_related(
        "locale"
    ):
        change = original_change(translation)
        if change is not None:
            messages.warning(
                request,
                _(
                    "The %(language)s translation follows an earlier version: this article was "
                    "updated on %(date)s after it was translated."
                )
                % {
                    "language": translation.locale.get_display_name(),
                    "date": date_format(timezone.localtime(change.updated_at), "DATETIME_FORMAT"),
                },
                buttons=[
                    messages.button(change.compare_url, _("See what changed"), new_window=True),
                    messages.button(
                        reverse("wagtailadmin_pages:edit", args=[translation.pk]),
                        _("Open the translation"),
                    ),
                ],
            )
