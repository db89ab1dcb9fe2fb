"""Apply pending changes to the baked site: the URLs that show them, rendered once each.

Runs inside the `rebake_changes` task (dateline.publish.changes). Changes are claimed first and
each URL is written only if no newer render of it was (`claims.py`), so several workers, on one
machine or on several nodes, may re-bake at once without baking a change twice or putting an
older page over a newer one. On disk the re-bake also holds the bake lock, so a full bake (which
writes a new build beside the live one) and a re-bake never write at the same time; with the
baked site in a bucket both write in place and the generations alone decide. Each file replaces
the old one whole (a rename, or one PUT), after the renditions and static files it refers to.
"""

import time
from contextlib import nullcontext
from datetime import timedelta

from django.conf import settings
from taggit.models import Tag
from wagtail.models import Page

from dateline.news.models import ArticlePage, Contributor, HomePage, SectionPage

from .bake import bake_lock, bake_target
from .claims import claim_changes, finish
from .models import BakedPage
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
from .store import in_bucket, live_store, site_is_baked


def apply_pending_changes() -> dict:
    """Claim the pending changes, re-render what shows them, and return what was done: the URLs
    rendered, those that failed, those a newer render had already written, the changes taken."""
    done = {"urls": [], "failed": [], "stale": [], "changes": []}
    if not settings.DATELINE_BAKE:
        return done
    started = time.monotonic()
    # On disk the bake lock keeps everyone else out, so a claim still held is a killed re-bake's.
    with nullcontext() if in_bucket() else bake_lock():
        claim = claim_changes() if in_bucket() else claim_changes(lease=timedelta(0))
        if claim is None:
            return done
        if not site_is_baked():
            finish(claim)
            return done
        targets = targets_for(claim.keys)
        store, renderer = live_store(), Renderer()
        outcomes = [
            bake_target(renderer, store, item, generation=claim.generation) for item in targets
        ]
        finish(claim)
    return {
        "urls": [item.url for item in targets],
        "failed": [outcome.target.url for outcome in outcomes if outcome.problem],
        "stale": [outcome.target.url for outcome in outcomes if outcome.stale],
        "changes": claim.ids,
        "generation": claim.generation,
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
        for ancestor in page.get_ancestors().live().public().type(SectionPage).specific():
            urls += urls_of_page(ancestor)
        for credit in page.credits.select_related("contributor"):
            urls += contributor_urls(home, credit.contributor)
        for tag in page.tags.all():
            urls += topic_urls(home, tag)
    elif isinstance(page, SectionPage | HomePage) and home is not None:
        urls += [item for item in edition_feed_urls(home) if item.url.endswith(FEED_FORMATS)]
    return urls
