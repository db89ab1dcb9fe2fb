"""The facts machines are told about pages: absolute addresses, credits, images and translations.

Feeds, sitemaps, JSON-LD and link-preview meta all say the same things about an article; they
read them from here, so that a feed and a search engine never disagree about who wrote a story or
where it lives.
"""

import uuid
from collections import defaultdict
from datetime import datetime
from operator import attrgetter, itemgetter
from typing import NamedTuple
from urllib.parse import urljoin

from django.conf import settings
from wagtail.models import Page

from dateline.core.shown import note_shown, page_key, translated_from_key, translations_key
from dateline.news.models import BYLINE_ROLES, CreditRole, HomePage
from dateline.news.translations import linked_pages, linked_versions, original_id

# Search engines and aggregators crop a story's picture to these shapes (Google asks for 16:9, 4:3
# and 1:1, each at least 50,000 pixels); JPEG because every one of them reads it.
SHARE_IMAGE_SPECS = (
    "fill-1200x675|format-jpeg",
    "fill-1200x900|format-jpeg",
    "fill-1200x1200|format-jpeg",
)
MIN_SHARE_IMAGE_PIXELS = 50_000
# The one picture a feed item carries, as large as a reader's screen needs and no larger.
FEED_IMAGE_SPEC = "max-1200x1200|format-jpeg"
LOGO_SPEC = "max-600x60|format-png"


def site_root(request) -> str:
    """Return the newsroom's address ("https://news.example") that every absolute address starts with.

    With DATELINE_BASE_URL set (production requires it) that is the address, never the request's
    Host header, so a feed fetched through a mirror or an IP address still points at the real site.
    A development site without it answers with the address it was reached at, so a site run on any
    host and port links to itself; without a request (commands), with the address it serves at.
    """
    if settings.DATELINE_BASE_URL_FROM_REQUEST and request is not None:
        return f"{request.scheme}://{request.get_host()}"
    return settings.DATELINE_BASE_URL


def absolute(root: str, url: str) -> str:
    return urljoin(root + "/", url)


def contributor_url(home: HomePage, contributor, root: str) -> str:
    """Return the full address of a contributor's page in one language edition."""
    return absolute(root, home.url + home.reverse_subpage("contributor", args=[contributor.slug]))


def topic_url(home: HomePage, tag, root: str) -> str:
    return absolute(root, home.url + home.reverse_subpage("topic", args=[tag.slug]))


def credited(credits, roles) -> list:
    """Return the contributors credited in any of `roles`, once each, in the newsroom's order.

    Unfinished rows (a translation's translator still to be named) credit nobody.
    """
    seen, people = set(), []
    for credit in credits:
        if credit.is_complete and credit.role in roles and credit.contributor_id not in seen:
            seen.add(credit.contributor_id)
            people.append(credit.contributor)
    return people


def authors(credits) -> list:
    """Return the article's authors: its reporters and writers, as its byline names them."""
    return credited(credits, BYLINE_ROLES)


def translators(credits) -> list:
    return credited(credits, {CreditRole.TRANSLATOR})


def share_images(image) -> list:
    """Return the image's renditions in the shapes aggregators crop to, dropping any too small."""
    if image is None:
        return []
    renditions = image.get_renditions(*SHARE_IMAGE_SPECS).values()
    return [r for r in renditions if r.width * r.height >= MIN_SHARE_IMAGE_PIXELS]


def feed_image(image):
    return image.get_rendition(FEED_IMAGE_SPEC) if image is not None else None


def logo_rendition(newsroom_settings):
    logo = newsroom_settings.logo if newsroom_settings is not None else None
    return logo.get_rendition(LOGO_SPEC) if logo is not None else None


def entry_id(page) -> str:
    """Return a page's permanent identifier for feeds: a URN that no move or rename changes.

    The translation key is shared by a story and its translations, so it is combined with the
    language to name this one version; the address is not used, since editors may move a story.
    """
    return f"urn:uuid:{uuid.uuid5(page.translation_key, page.locale.language_code)}"


def translation_groups(pages) -> dict[int, list[Page]]:
    """Map each page's id to the published, public versions of it in every language, itself included.

    Versions are the pages Wagtail's translation machinery links (one translation key), and for
    articles also those linked by "translated from", which an editor may set by hand. One version
    per language, the page itself first for its own. Costs one query for any number of pages.
    The other versions carry their address, language and translation key only (a sitemap's
    alternates): reading any other field of one would cost a query.
    """
    pages = list(pages)
    # A version is named by its address alone.
    return _grouped(
        pages,
        original_id,
        lambda candidates: candidates.only("url_path", "locale", "translation_key"),
    )


class PageRow(NamedTuple):
    """What a sitemap reads of a page, and of each of its versions, as a row: made by the
    thousand, a row costs a fraction of a page instance."""

    pk: int
    path: str
    url_path: str
    locale_id: int
    translation_key: uuid.UUID
    original_id: int | None
    last_published_at: datetime | None


def translation_row_groups(rows: list[PageRow]) -> dict[int, list[PageRow]]:
    """Map each row's id to its versions as `translation_groups` does, the versions as rows."""

    def read(candidates) -> list[PageRow]:
        found = [PageRow._make(values) for values in candidates.values_list(*PageRow._fields)]
        note_shown(*(page_key(each.pk) for each in found))  # as a page notes itself as it loads
        return found

    return _grouped(rows, attrgetter("original_id"), read)


def _grouped(pages, original_of, read) -> dict[int, list]:
    """Group the versions `read` finds (given the linked pages' query) under each page."""
    if not pages:
        return {}
    keys = {page.translation_key for page in pages}
    originals = {original_of(page) for page in pages if original_of(page) is not None}
    # A version published, moved or withdrawn later changes these, as it does a page's own links.
    note_shown(*map(translations_key, keys), *map(translated_from_key, originals))
    # Each page's candidates are looked up, not searched for among all: a sitemap part of 9,000
    # stories compared every story with every candidate, 5 seconds a part.
    by_key, by_original = defaultdict(list), defaultdict(list)
    for position, candidate in enumerate(read(linked_pages(keys, originals))):
        by_key[candidate.translation_key].append((position, candidate))
        if candidate.original_id is not None:
            by_original[candidate.original_id].append((position, candidate))
    groups = {}
    for page in pages:
        original = original_of(page)
        found = by_key.get(page.translation_key, []) + by_original.get(original, [])
        found.sort(key=itemgetter(0))  # in the order read, which decides between two of a language
        groups[page.pk] = _versions(page, original, [candidate for _position, candidate in found])
    return groups


def versions_of(page) -> list[Page]:
    """Return one page's versions as `translation_groups` does, from what its render has read."""
    return _versions(page, original_id(page), linked_versions(page))


def _versions(page, original, candidates) -> list[Page]:
    """Keep one version per language from the candidates, the page itself first for its own."""
    versions = {page.locale_id: page}
    for candidate in candidates:
        if candidate.translation_key == page.translation_key or (
            original is not None and candidate.original_id == original
        ):
            versions.setdefault(candidate.locale_id, candidate)
    return list(versions.values())
