"""Translations: remember which article a translation was made from, and find a page's versions.

A page's versions are the pages Wagtail's translation machinery links (one translation key) and,
for articles, those linked by "translated from", which an editor may set by hand. The article
page, its header's language links and its metadata all show them; they are read in one query and
remembered on the page object, so the render asks once.
"""

from django.db.models import F, Q
from django.db.models.functions import Coalesce
from wagtail.models import Page

from dateline.core.shown import note_shown, translated_from_key, translations_key
from dateline.core.visibility import public

from .models import ArticlePage


def original_id(page) -> int | None:
    """Return the id of the original a page's translations hang from (an article's own, if none)."""
    if not isinstance(page, ArticlePage):
        return None
    return page.translated_from_id or page.pk


def translations_of(original_ids):
    """Return a subquery of the ids of the articles translated from any of the originals.

    Asked as `pk IN (…)` rather than through a join, so that each branch of the OR it sits in
    reads an index and the query costs the same in an archive of any size.
    """
    return ArticlePage.objects.filter(translated_from_id__in=original_ids).values("page_ptr_id")


def linked_pages(condition):
    """Return the live, public pages matching, each with `original_id` and `source_id` set."""
    return (
        public(Page.objects.live().filter(condition))
        .annotate(
            original_id=Coalesce(
                F("articlepage__translated_from_id"), F("articlepage__page_ptr_id")
            ),
            source_id=F("articlepage__translated_from_id"),
        )
        .select_related("locale")
        .order_by("path")
    )


def linked_versions(page) -> list[Page]:
    """Return the live, public pages linked to this one, itself included if live: one query."""
    if "_linked_versions" not in page.__dict__:
        condition = Q(translation_key=page.translation_key)
        note_shown(translations_key(page.translation_key))
        original = original_id(page)
        if original is not None:
            condition |= Q(pk=original) | Q(pk__in=translations_of([original]))
            note_shown(translated_from_key(original))
        page._linked_versions = list(linked_pages(condition))
    return page._linked_versions


def live_original(article):
    """Return the live, public article this one translates, or None."""
    if article.translated_from_id is None:
        return None
    return next((p for p in linked_versions(article) if p.pk == article.translated_from_id), None)


def live_translations(article) -> list[Page]:
    """Return the live, public translations made from this article."""
    return [p for p in linked_versions(article) if p.source_id == article.pk]


def page_translations(page) -> list[Page]:
    """Return the page's other language versions as Wagtail links them (one translation key)."""
    return [
        p
        for p in linked_versions(page)
        if p.translation_key == page.translation_key and p.pk != page.pk
    ]


def remember_translation_source(sender, source_obj, target_obj, **kwargs) -> None:
    """Point a new translation at the original article, not at another translation of it.

    Wagtail copies the page and saves a first revision before this signal; the editor's form loads
    from that revision, so the link is written into it as well as into the page row.
    """
    if not isinstance(source_obj, ArticlePage):
        return
    original = source_obj.translated_from or source_obj
    if original.pk == target_obj.pk:
        return
    target_obj.translated_from = original
    target_obj.save(update_fields=["translated_from"])
    revision = target_obj.latest_revision
    if revision is not None:
        revision.content["translated_from"] = original.pk
        revision.save(update_fields=["content"])
