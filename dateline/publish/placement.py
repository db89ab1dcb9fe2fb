"""What a page's change touches: compare where the page stood before with where it stands now.

Every URL that showed a page noted `page:<id>`, so re-rendering those keeps its own text, title,
picture and date current everywhere it appears. Listings need more only when the page enters or
leaves them, or moves in their order: then every page of the listing shifts, and the listing's key
names them all. An edit of a live article's text therefore touches `page:<id>` alone, instead of
every listing, feed and sitemap of its contributors, topics and edition; a new credit touches the
new contributor's listing, a new title the language links of its translations.

`placement_of` reads what decides that (a few indexed queries) before a change is saved and again
once it has committed; `changed_keys` compares the two.
"""

from dataclasses import dataclass, replace
from datetime import datetime

from django.db.models import Exists, F, OuterRef
from taggit.models import Tag
from wagtail.models import Page

from dateline.core.shown import (
    ALL_ARTICLES_KEY,
    ALL_PAGES_KEY,
    PUBLISHED_DATES_KEY,
    articles_by_key,
    articles_tagged_key,
    articles_under_key,
    further_reading_key,
    object_key,
    sections_under_key,
    translated_from_key,
    translations_key,
)
from dateline.news.further_reading import articles_led_to, articles_related_through
from dateline.news.models import ArticleCredit, ArticleTag, SectionPage, StandardPage


@dataclass(frozen=True)
class Placement:
    """What of a page decides which listings show it, and where."""

    pk: int
    live: bool
    is_article: bool
    is_section: bool
    is_plain_page: bool  # a StandardPage, which the footer lists as the header lists sections
    path: str
    url_path: str
    title: str
    show_in_menus: bool
    first_published_at: datetime | None
    last_published_at: datetime | None
    translation_key: object
    original_id: int | None
    contributors: frozenset[int] = frozenset()
    tags: frozenset[int] = frozenset()

    def moved_to(self, parent_path: str, url_path: str) -> "Placement":
        """Return the same page as it stood under another parent (a move's before)."""
        return replace(self, path=parent_path + "0" * Page.steplen, url_path=url_path)

    def listed_alike(self, other: "Placement") -> bool:
        """Say whether both stand in the same listings at the same places."""
        return (self.live, self.path[: -Page.steplen], self.first_published_at) == (
            other.live,
            other.path[: -Page.steplen],
            other.first_published_at,
        )


def placement_of(pk: int) -> Placement | None:
    """Read a page's placement from the database (None for a page that is gone)."""
    row = (
        Page.objects.filter(pk=pk)
        .annotate(original=F("articlepage__translated_from_id"), article=F("articlepage__pk"))
        .values(
            "live",
            "path",
            "url_path",
            "title",
            "show_in_menus",
            "first_published_at",
            "last_published_at",
            "translation_key",
            "original",
            "article",
            "content_type__model",
        )
        .first()
    )
    if row is None:
        return None
    is_article = row["article"] is not None
    contributors = tags = frozenset()
    if is_article:
        contributors = frozenset(
            ArticleCredit.objects.filter(article_id=pk, contributor__isnull=False).values_list(
                "contributor_id", flat=True
            )
        )
        tags = frozenset(
            ArticleTag.objects.filter(content_object_id=pk).values_list("tag_id", flat=True)
        )
    return Placement(
        pk=pk,
        live=row["live"],
        is_article=is_article,
        is_section=row["content_type__model"] == SectionPage._meta.model_name,
        is_plain_page=row["content_type__model"] == StandardPage._meta.model_name,
        path=row["path"],
        url_path=row["url_path"],
        title=row["title"],
        show_in_menus=row["show_in_menus"],
        first_published_at=row["first_published_at"],
        last_published_at=row["last_published_at"],
        translation_key=row["translation_key"],
        original_id=(row["original"] or pk) if is_article else None,
        contributors=contributors,
        tags=tags,
    )


def changed_keys(before: Placement | None, after: Placement | None) -> set[str]:
    """Return the keys a change from `before` to `after` touches (see the module's rules)."""
    shown = [placement for placement in (before, after) if placement is not None]
    if not shown:
        return set()
    keys = {f"page:{shown[0].pk}"}
    live = [placement for placement in shown if placement.live]
    if not live:
        return keys  # a draft's change: nothing a reader sees
    homes = _ancestor_ids([placement.path for placement in live])
    if len(live) == 1 or not before.listed_alike(after):
        for placement in live:
            keys |= _listing_keys(placement, homes)
        return keys
    keys |= _edit_keys(before, after, homes)
    return keys


def _edit_keys(before: Placement, after: Placement, ancestors: dict[str, int]) -> set[str]:
    """Return the keys of a live page edited in place: only the listings whose members changed."""
    home = ancestors.get(after.path[: 2 * Page.steplen])
    keys = set()
    if home is not None:
        keys |= {articles_by_key(home, c) for c in before.contributors ^ after.contributors}
        keys |= {articles_tagged_key(home, t) for t in before.tags ^ after.tags}
    keys |= _first_or_last_use_keys(after.pk, before.tags ^ after.tags)
    if after.is_article:  # later stories sharing a topic given or taken list it as related
        related = articles_related_through(after, before.tags ^ after.tags)
        keys |= {further_reading_key(pk) for pk in related}
    if (before.title, before.url_path) != (after.title, after.url_path):
        keys |= _version_keys(after)
    menu_changed = before.show_in_menus != after.show_in_menus or before.title != after.title
    if (after.is_section or after.is_plain_page) and menu_changed and home is not None:
        keys.add(sections_under_key(home))  # the header's sections, the footer's pages
    if before.last_published_at != after.last_published_at:
        keys.add(PUBLISHED_DATES_KEY)
    return keys


def _listing_keys(placement: Placement, ancestors: dict[str, int]) -> set[str]:
    """Return the keys of every listing the page is in: it enters, leaves or moves in them."""
    parents = [ancestors[path] for path in _ancestor_paths(placement.path) if path in ancestors]
    home = ancestors.get(placement.path[: 2 * Page.steplen])
    keys = {ALL_PAGES_KEY, PUBLISHED_DATES_KEY, *_version_keys(placement)}
    if placement.is_section or placement.is_plain_page:
        keys.update(sections_under_key(pk) for pk in parents)
    if placement.is_article:
        keys.add(ALL_ARTICLES_KEY)
        keys.update(articles_under_key(pk) for pk in parents)
        section_path = placement.path[: -Page.steplen]
        keys.update(further_reading_key(pk) for pk in articles_led_to(placement, section_path))
        if home is not None:
            keys.update(articles_by_key(home, c) for c in placement.contributors)
            keys.update(articles_tagged_key(home, t) for t in placement.tags)
        keys |= _first_or_last_use_keys(placement.pk, placement.tags)
    return keys


def _first_or_last_use_keys(article_id: int, tags) -> set[str]:
    """Return the keys of the topics among `tags` that no other article has: just given their
    first article or left without their last, so their pages appear in every edition or go from
    it (the bake lists a topic's pages in each edition while any article has it), not only in
    the one whose listings the change touches. Asked per topic with EXISTS, which stops at the
    first other article: a publish does not count a large topic's stories."""
    if not tags:
        return set()
    elsewhere = ArticleTag.objects.filter(tag_id=OuterRef("pk")).exclude(
        content_object_id=article_id
    )
    alone = Tag.objects.filter(pk__in=tags).exclude(Exists(elsewhere))
    return {object_key(tag) for tag in alone.only("pk")}


def _version_keys(placement: Placement) -> set[str]:
    """Return the keys of the pages that link to this one's language versions."""
    keys = {translations_key(placement.translation_key)}
    if placement.original_id is not None:
        keys.add(translated_from_key(placement.original_id))
    return keys


def _ancestor_paths(path: str) -> list[str]:
    parent = path[: -Page.steplen]
    return [parent[:n] for n in range(Page.steplen, len(parent) + 1, Page.steplen)]


def _ancestor_ids(paths: list[str]) -> dict[str, int]:
    """Return {path: id} of every ancestor of the paths, in one query."""
    wanted = {ancestor for path in paths for ancestor in _ancestor_paths(path)}
    return dict(Page.objects.filter(path__in=wanted).values_list("path", "pk"))
