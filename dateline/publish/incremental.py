"""Apply pending changes to the live build: the URLs that show them, rendered once each.

Runs inside the `rebake_changes` task (dateline.publish.changes), holding the bake lock, so a
full bake and a re-bake never write at the same time. Each file is written to a temporary name
and renamed, after the renditions and static files it refers to are in place: a reader never
gets half a file, nor a page whose picture is not there yet.
"""

import time

from django.conf import settings
from taggit.models import Tag
from wagtail.models import Page

from dateline.news.models import ArticlePage, Contributor, HomePage, SectionPage

from .bake import bake_lock, bake_target, live_build, record
from .models import BakedPage, PendingChange
from .render import Renderer
from .site import (
    FEED_FORMATS,
    NOT_FOUND_PATH,
    Target,
    contributor_urls,
    edition_feed_urls,
    editions,
    is_public,
    site_wide_urls,
    topic_urls,
    urls_of_page,
)


def apply_pending_changes() -> dict:
    """Take every pending change, re-render what shows it, and return the URLs rendered."""
    if not settings.DATELINE_BAKE:
        return {"urls": [], "failed": []}
    started = time.monotonic()
    with bake_lock():
        build = live_build()
        last = PendingChange.objects.order_by("-pk").values_list("pk", flat=True).first()
        if build is None or last is None:
            PendingChange.objects.filter(pk__lte=last or 0).delete()
            return {"urls": [], "failed": []}
        claimed = PendingChange.objects.filter(pk__lte=last)
        claimed.update(claimed=True)
        keys = set(claimed.values_list("key", flat=True))
        targets = targets_for(keys)
        renderer = Renderer()
        outcomes = [bake_target(renderer, build, item, live=True) for item in targets]
        record(outcomes, replace_all=False)
        claimed.delete()
    failed = [outcome.target.url for outcome in outcomes if outcome.problem]
    return {
        "urls": [item.url for item in targets],
        "failed": failed,
        "seconds": round(time.monotonic() - started, 3),
    }


def targets_for(keys: set[str]) -> list[Target]:
    """Return each URL to re-render once: those that showed a key, and those the changes made.

    The changed pages' own addresses come first, then first pages of listings and the feeds,
    then further pages of listings, so what a reader looks for first is current first.
    """
    fresh: list[Target] = []
    own: set[str] = set()
    for key in sorted(keys):
        kind, _, ident = key.partition(":")
        made = _fresh_targets(kind, ident)
        if kind == "page" and made:
            own.add(made[0].url)
        fresh += made
    recorded = [
        Target(url, file, 404 if url.endswith(NOT_FOUND_PATH) else 200)
        for url, file in BakedPage.objects.filter(shown__key__in=keys)
        .distinct()
        .values_list("url", "file")
    ]
    found = {item.url: item for item in [*fresh, *recorded]}

    def priority(item: Target):
        return (item.url not in own, "/page/" in item.url, item.url)

    return sorted(found.values(), key=priority)


def _fresh_targets(kind: str, ident: str) -> list[Target]:
    """Return the URLs a changed thing has now (none for a thing that is not public)."""
    if kind in ("page", "comments"):
        page = Page.objects.filter(pk=int(ident)).first()
        if page is None or not is_public(page):
            return []
        return _page_targets(page.specific)
    if kind == "news.contributor":
        contributor = Contributor.objects.filter(pk=int(ident)).first()
        homes = editions() if contributor else []
        return [url for home in homes for url in contributor_urls(home, contributor)]
    if kind == "taggit.tag":
        tag = Tag.objects.filter(pk=int(ident), news_articletag_items__isnull=False).first()
        return [url for home in (editions() if tag else []) for url in topic_urls(home, tag)]
    if kind == "pages-all":
        return site_wide_urls()
    return []


def _page_targets(page) -> list[Target]:
    urls = urls_of_page(page)
    home = HomePage.objects.ancestor_of(page, inclusive=True).first()
    if isinstance(page, ArticlePage) and home is not None:
        listings = page.get_ancestors().live().public().type(SectionPage, HomePage)
        for ancestor in listings.specific():
            urls += urls_of_page(ancestor)
        for credit in page.credits.select_related("contributor"):
            urls += contributor_urls(home, credit.contributor)
        for tag in page.tags.all():
            urls += topic_urls(home, tag)
    elif isinstance(page, SectionPage | HomePage) and home is not None:
        urls += [item for item in edition_feed_urls(home) if item.url.endswith(FEED_FORMATS)]
    return urls
