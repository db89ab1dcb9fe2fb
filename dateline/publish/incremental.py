"""Apply pending changes to the live build: the URLs that show them, rendered once each.

Runs inside the `rebake_changes` task (dateline.publish.changes), holding the bake lock while it
writes, so a full bake and a re-bake never write at the same time. Each file is written to a
temporary name and renamed, after the renditions and static files it refers to: a reader never
gets half a file, nor a page whose picture is not there yet.

What a reader notices comes first: the changed page itself, the first page of each listing it
sits in up to its edition's home, and the feeds of those. The rest (further pages of listings,
contributor and topic pages, sitemaps) is stored as `url:` changes and rendered afterwards in
small batches, letting go of the lock between them; a new change arriving meanwhile is handled
before the next batch, so one story's long tail never holds up the next story.
"""

import time

from django.conf import settings
from django.urls import reverse
from taggit.models import Tag
from wagtail.models import Page

from dateline.feeds.sitemap_views import sitemap_part_url
from dateline.news.models import Contributor, HomePage, SectionPage

from .bake import bake_lock, bake_target, live_build, record
from .models import BakedPage, PendingChange
from .render import Renderer
from .site import (
    NOT_FOUND_PATH,
    Target,
    contributor_urls,
    editions,
    is_public,
    listing_feed_urls,
    section_sitemap_urls,
    site_feed_urls,
    target,
    topic_urls,
    urls_of_page,
)

URL_KEY = "url:"  # a URL left for the later step, rather than an object that changed
LATER_BATCH = 20  # URLs of the later step rendered between two looks for new changes


def apply_pending_changes() -> dict:
    """Render what shows every pending change, first what readers notice; return the URLs."""
    done = {"urls": [], "failed": []}
    if not settings.DATELINE_BAKE:
        return done
    started = time.monotonic()
    while True:
        if PendingChange.objects.exclude(key__startswith=URL_KEY).exists():
            _apply(_apply_changes, done)
        elif PendingChange.objects.filter(key__startswith=URL_KEY).exists():
            _apply(_apply_later_batch, done)
        else:
            break
    done["seconds"] = round(time.monotonic() - started, 3)
    return done


def _apply(step, done: dict) -> None:
    with bake_lock():
        build = live_build()
        if build is None:
            PendingChange.objects.all().delete()
            return
        outcomes = step(build)
    done["urls"] += [outcome.target.url for outcome in outcomes]
    done["failed"] += [outcome.target.url for outcome in outcomes if outcome.problem]


def _apply_changes(build) -> list:
    """Take the changed objects, render what readers notice, and leave the rest for later."""
    claimed = PendingChange.objects.exclude(key__startswith=URL_KEY)
    last = claimed.order_by("-pk").values_list("pk", flat=True).first()
    claimed = claimed.filter(pk__lte=last)
    claimed.update(claimed=True)
    keys = set(claimed.values_list("key", flat=True))
    # What readers notice is found in a few queries and written before the rest is even listed.
    first = first_targets(keys)
    outcomes = _render(build, first)
    already = {item.url for item in first}
    later = [item for item in targets_for(keys) if item.url not in already]
    PendingChange.objects.bulk_create([PendingChange(key=URL_KEY + item.url) for item in later])
    claimed.delete()
    return outcomes


def _apply_later_batch(build) -> list:
    """Render the next few URLs left for the later step."""
    batch = list(
        PendingChange.objects.filter(key__startswith=URL_KEY)
        .order_by("pk")
        .values_list("pk", "key")[:LATER_BATCH]
    )
    urls = list(dict.fromkeys(key.removeprefix(URL_KEY) for _pk, key in batch))
    outcomes = _render(build, [_url_target(url) for url in urls])
    PendingChange.objects.filter(
        key__in=[URL_KEY + url for url in urls], pk__lte=batch[-1][0]
    ).delete()
    return outcomes


def _render(build, targets: list[Target]) -> list:
    renderer = Renderer()
    outcomes = [bake_target(renderer, build, item, live=True) for item in targets]
    record(outcomes, replace_all=False)
    return outcomes


def _url_target(url: str) -> Target:
    baked = BakedPage.objects.filter(url=url).values_list("file", flat=True).first()
    status = 404 if url.endswith(NOT_FOUND_PATH) else 200
    return Target(url, baked, status) if baked else target(url)


def first_targets(keys: set[str]) -> list[Target]:
    """Return what a reader notices of the changes: each changed page's address, then the first
    pages of its listings and their feeds, those of them that showed a changed key."""
    own, noticed = _noticed_first(keys)
    showed = set(
        BakedPage.objects.filter(url__in=noticed, shown__key__in=keys).values_list("url", flat=True)
    )
    return [_url_target(url) for url in dict.fromkeys(noticed) if url in own or url in showed]


def targets_for(keys: set[str]) -> list[Target]:
    """Return each URL to re-render once, further pages of listings last.

    The URLs are those that showed a changed key, and those the changes made (a new article's
    address, a listing's new last page, a new contributor's or topic's listing).
    """
    fresh: list[Target] = []
    for key in sorted(keys):
        kind, _, ident = key.partition(":")
        fresh += _fresh_targets(kind, ident)
    recorded = [
        _url_target(url)
        for url in BakedPage.objects.filter(shown__key__in=keys)
        .distinct()
        .values_list("url", flat=True)
    ]
    found = {item.url: item for item in [*fresh, *recorded]}
    return sorted(found.values(), key=lambda item: ("/page/" in item.url, item.url))


def _noticed_first(keys: set[str]) -> tuple[set[str], list[str]]:
    """Return each changed page's own addresses, and them in order with its listings' first
    pages and their feeds."""
    own, urls = set(), []
    for key in sorted(keys):
        kind, _, ident = key.partition(":")
        page = _public_page(ident) if kind in ("page", "comments") else None
        if page is None:
            continue
        addresses = [item.url for item in urls_of_page(page)]
        if kind == "comments":  # a discussion: the article's own pages, listings later
            own.update(addresses)
            urls += addresses
            continue
        own.update(addresses[:1])
        urls += addresses[:1]
        listings = page.get_ancestors().live().public().type(SectionPage, HomePage).specific()
        for listing in reversed(listings):
            urls.append(listing.get_url())
        urls += _feeds_of(list(listings))
    return own, urls


def _feeds_of(listings) -> list[str]:
    """Return the feeds of an edition's home and sections, then the whole site's."""
    home = next((page for page in listings if isinstance(page, HomePage)), None)
    if home is None:
        return []
    feeds = listing_feed_urls(home, home)
    for section in reversed([page for page in listings if isinstance(page, SectionPage)]):
        feeds += listing_feed_urls(section, home)
    return [item.url for item in feeds + site_feed_urls()]


def _fresh_targets(kind: str, ident: str) -> list[Target]:
    """Return the URLs a changed thing has now (none for a thing that is not public)."""
    if kind in ("page", "comments"):
        page = _public_page(ident)
        return _own_targets(page) if page else []
    if kind == "articles-under":
        page = _public_page(ident)
        if not isinstance(page, SectionPage | HomePage):
            return []
        sitemap = section_sitemap_urls(page) if isinstance(page, SectionPage) else []
        return urls_of_page(page) + _own_feeds(page) + sitemap
    if kind in ("articles-by", "articles-tagged"):
        home_id, _, item_id = ident.partition(":")
        home = _public_page(home_id)
        if home is None or not item_id.isdigit():
            return []
        if kind == "articles-by":
            contributor = Contributor.objects.filter(pk=int(item_id)).first()
            return contributor_urls(home, contributor) if contributor else []
        tag = Tag.objects.filter(pk=int(item_id)).first()
        return topic_urls(home, tag) if tag else []
    if kind == "news.contributor":
        contributor = Contributor.objects.filter(pk=int(ident)).first()
        homes = editions() if contributor else []
        return [url for home in homes for url in contributor_urls(home, contributor)]
    if kind == "taggit.tag":
        tag = Tag.objects.filter(pk=int(ident), news_articletag_items__isnull=False).first()
        return [url for home in (editions() if tag else []) for url in topic_urls(home, tag)]
    if kind == "pages-all":  # the sitemaps of sections are their listings' (above)
        return [target(reverse("sitemap-index")), target(sitemap_part_url("pages", 1))]
    return []


def _public_page(ident: str):
    page = Page.objects.filter(pk=int(ident)).first() if ident.isdigit() else None
    return page.specific if page is not None and is_public(page) else None


def _own_targets(page) -> list[Target]:
    """Return a page's own addresses (with further comment pages) and, for a listing, its feeds."""
    return urls_of_page(page) + _own_feeds(page)


def _own_feeds(page) -> list[Target]:
    if not isinstance(page, SectionPage | HomePage):
        return []
    home = HomePage.objects.ancestor_of(page, inclusive=True).first()
    return listing_feed_urls(page, home) if home is not None else []
