"""Apply pending changes to the baked site: the URLs that show them, rendered once each.

Runs inside the `rebake_changes` task (dateline.publish.changes). Changes are claimed first and
each URL is written only if no newer render of it was (`claims.py`), so several workers, on one
machine or on several nodes, may re-bake at once without baking a change twice or putting an
older page over a newer one. On disk the re-bake also holds the bake lock while it writes, so a
full bake (which writes a new build beside the live one) and a re-bake never write at the same
time; with the baked site in a bucket both write in place and the generations alone decide. Each
file replaces the old one whole (a rename, or one PUT), after the renditions and static files it
refers to: a reader never gets half a file, nor a page whose picture is not there yet.

What a reader notices comes first (`noticed.py`, a few URLs per change whatever the archive's
size): the changed page itself, the first page of each listing it enters or leaves up to its
edition's home, and the feeds of those; an unpublished or deleted page's own address; a
contributor's own pages and newest articles; the newest articles an image leads. The rest
(further pages of listings, older articles, contributor and topic pages, sitemaps) is stored as
`url:` changes and rendered afterwards in small batches, letting go of the lock between them. A
new change arriving meanwhile stops either step after the page in hand (the changed pages' own
addresses are still written, or removed, first); what was left goes back to the queue, so one
story's long tail, or its feeds, never hold up the next story. Those of them the next story's
first step renders (its listings' first pages and feeds, mostly) it takes off the queue, on disk.
"""

import time
from contextlib import nullcontext
from datetime import timedelta

from django.conf import settings
from django.urls import reverse
from taggit.models import Tag

from dateline.feeds.sitemap_views import sitemap_part_url
from dateline.news.models import Contributor, HomePage, SectionPage, articles_in

from .bake import bake_lock, bake_target
from .claims import (
    CLAIM_LEASE,
    URL_KEY,
    burst_under_way,
    changes_waiting,
    claim_changes,
    finish,
    forget_rendered,
    queued_for_later,
)
from .models import BakedPage, PendingChange
from .noticed import gone_key, noticed_first
from .render import Renderer
from .site import (
    NOT_FOUND_PATH,
    Target,
    contributor_urls,
    editions,
    own_feed_urls,
    public_page,
    section_sitemap_urls,
    target,
    topic_urls,
    urls_of_page,
)
from .store import in_bucket, live_store, site_is_baked


def apply_pending_changes() -> dict:
    """Claim the pending changes and render what shows them, first what readers notice.

    Returns what was done: the URLs rendered, those that failed, those a newer render had
    already written, the changes taken.
    """
    done = {"urls": [], "failed": [], "stale": [], "changes": []}
    if not settings.DATELINE_BAKE:
        return done
    started = time.monotonic()
    while True:
        if changes_waiting(lease=_lease()):
            step = _apply_changes
        elif changes_waiting(later=True, lease=_lease()):
            step = _apply_later_batch
        else:
            break
        if not _apply(step, done):
            break  # another worker holds what is waiting
    done["seconds"] = round(time.monotonic() - started, 3)
    return done


def warm_up() -> list[str]:
    """Render, and throw away, what a re-bake renders first after a story is published: each
    edition's newest article, its section, the edition's home and its feed. Return the URLs.

    A new process spends its first renders loading code, templates and URL patterns: on a
    10,000-article site those four URLs took 0.77 s in a fresh process and 0.27 s in one that had
    rendered them before. The worker runs this at start (DATELINE_WORKER_WARM_UP), so the first
    story after a restart reaches readers as fast as the next one. No baked file is written
    (a picture's missing rendition is made, as any render makes it).
    """
    if not settings.DATELINE_BAKE or not site_is_baked():
        return []
    urls = []
    for home in editions():
        newest = articles_in(home).first()
        if newest is not None:
            urls += [newest.url, newest.get_parent().url]
        urls += [home.url, *(item.url for item in own_feed_urls(home)[:1])]
    renderer = Renderer()
    for url in urls:
        renderer.render(url)
    return urls


def work_waiting() -> bool:
    """Say whether a re-bake would find changes or later URLs to take."""
    return changes_waiting(lease=_lease()) or changes_waiting(later=True, lease=_lease())


def _lease() -> timedelta:
    """How long a claim keeps other re-bakes off. On disk the bake lock keeps everyone else out
    while a re-bake claims and renders, so a claim still held by then is a killed re-bake's."""
    return CLAIM_LEASE if in_bucket() else timedelta(0)


def _apply(step, done: dict) -> bool:
    """Claim what `step` renders and render it; say whether there was anything to take."""
    with nullcontext() if in_bucket() else bake_lock():
        claim = claim_changes(later=step is _apply_later_batch, lease=_lease())
        if claim is None:
            return False
        if not site_is_baked():
            finish(claim)
            return True
        outcomes = step(live_store(), claim)
        finish(claim)
    done["urls"] += [outcome.target.url for outcome in outcomes]
    done["failed"] += [outcome.target.url for outcome in outcomes if outcome.problem]
    done["stale"] += [outcome.target.url for outcome in outcomes if outcome.stale]
    done["changes"] += claim.ids
    done["generation"] = claim.generation
    return True


def _apply_changes(store, claim) -> list:
    """Render what readers notice of the changed objects, and leave the rest for later."""
    # What readers notice is found in a few queries and written before the rest is even listed.
    first, own = first_targets(claim.keys)
    # Under the bake lock, what earlier re-bakes queued is settled before this render begins.
    queued = [] if in_bucket() else queued_for_later([item.url for item in first])
    outcomes, left = _render_until_a_new_change(store, first, claim.generation, always=own)
    forget_rendered(queued, {o.target.url for o in outcomes if not (o.problem or o.stale)})
    already = {item.url for item in first}
    later = [*left, *(url for url in urls_for(claim.keys) if url not in already)]
    PendingChange.objects.bulk_create([PendingChange(key=URL_KEY + url) for url in later])
    return outcomes


def _apply_later_batch(store, claim) -> list:
    """Render the few URLs of the later step the claim took, until a new change comes in."""
    urls = sorted(key.removeprefix(URL_KEY) for key in claim.keys)
    targets = [_url_target(url) for url in urls]
    outcomes, left = _render_until_a_new_change(store, targets, claim.generation)
    PendingChange.objects.bulk_create([PendingChange(key=URL_KEY + url) for url in left])
    return outcomes


def _render_until_a_new_change(store, targets: list[Target], generation: int, always=()):
    """Render the targets in turn until a new change waits; return the outcomes and the URLs
    left, which go back to the queue for the later step. The URLs in `always` (the changed
    pages' own addresses: a new story, an unpublished one's file to remove) are never left.

    A story published meanwhile then waits for one render, not the rest of the batch: twenty
    listing pages, or the nine feeds of the story before, took a second on a 10,000-article
    site, and the new story's own re-bake renders those feeds again anyway.
    """
    renderer, outcomes, left = Renderer(), [], []
    yielding = False
    for item in targets:
        if item.url not in always:
            # Looked at once a page is done: a change no re-bake has claimed yet came in.
            yielding = yielding or (bool(outcomes) and burst_under_way())
            if yielding:
                left.append(item.url)
                continue
        outcomes.append(bake_target(renderer, store, item, generation=generation))
    return outcomes, left


def _url_target(url: str) -> Target:
    baked = BakedPage.objects.filter(url=url).values_list("file", flat=True).first()
    status = 404 if url.endswith(NOT_FOUND_PATH) else 200
    return Target(url, baked, status) if baked else target(url)


def first_targets(keys: set[str]) -> tuple[list[Target], set[str]]:
    """Return what a reader notices of the changes (`noticed.py`): the changed things' own
    addresses, and of the other URLs noticed first those that showed a changed key; and apart,
    the addresses that must not wait: the changed pages' own, and those of pages gone."""
    own, noticed = noticed_first(keys)
    showed = set(
        BakedPage.objects.filter(url__in=noticed, shown__key__in=keys).values_list("url", flat=True)
    )
    first = [_url_target(url) for url in dict.fromkeys(noticed) if url in own or url in showed]
    gone = {key.removeprefix(gone_key("")) for key in keys if key.startswith(gone_key(""))}
    return first, own | gone


def urls_for(keys: set[str]) -> list[str]:
    """Return each URL to re-render once, further pages of listings last.

    The URLs are those that showed a changed key, and those the changes made (a new article's
    address, a listing's new last page, a new contributor's or topic's listing).
    """
    fresh = []
    for key in sorted(keys):
        kind, _, ident = key.partition(":")
        fresh += [item.url for item in _fresh_targets(kind, ident)]
    recorded = (
        BakedPage.objects.filter(shown__key__in=keys).distinct().values_list("url", flat=True)
    )
    return sorted(dict.fromkeys([*fresh, *recorded]), key=lambda url: ("/page/" in url, url))


def _fresh_targets(kind: str, ident: str) -> list[Target]:
    """Return the URLs a changed thing has now (none for a thing that is not public)."""
    if kind in ("page", "comments"):
        page = public_page(ident)
        return _own_targets(page) if page else []
    if kind == "articles-under":
        page = public_page(ident)
        if not isinstance(page, SectionPage | HomePage):
            return []
        sitemap = section_sitemap_urls(page) if isinstance(page, SectionPage) else []
        return urls_of_page(page) + own_feed_urls(page) + sitemap
    if kind in ("articles-by", "articles-tagged"):
        home_id, _, item_id = ident.partition(":")
        home = public_page(home_id)
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


def _own_targets(page) -> list[Target]:
    """Return a page's own addresses (with further comment pages) and, for a listing, its feeds."""
    return urls_of_page(page) + own_feed_urls(page)
