"""Every public URL of the newsroom, and the URLs one page, contributor or topic has.

The full bake bakes `all_targets()`; the incremental re-bake asks the same functions for the
URLs of what changed, so a page gets the same addresses (further pages of its listing or
discussion included) whichever bake writes it. Only pages a reader may see are listed: live and
public (no privacy restriction on them or above them), in an edition. Drafts and previews are
never live; an expired page stops being live when scheduled publishing unpublishes it, which
re-bakes what showed it.
"""

import math
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.db.models import Count
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation
from taggit.models import Tag
from wagtail.models import Page

from dateline.comments.threads import articles_with_long_threads, build_thread
from dateline.feeds.sitemap_views import sitemap_part_url
from dateline.feeds.sitemaps import newsroom_sitemaps
from dateline.news.models import (
    ArticlePage,
    Contributor,
    HomePage,
    SectionPage,
    articles_credited,
    articles_in,
    articles_tagged,
    listing_of,
)

from . import paths
from .mirror import signing

FEED_FORMATS = ("rss", "atom", "json")
NOT_FOUND_PATH = ".not-found/"  # no page can have it: Wagtail slugs never start with a dot


@dataclass(frozen=True)
class Target:
    """A URL to render and the file, relative to a build, its answer is written to."""

    url: str
    file: str
    status: int = 200  # the answer that is baked; each edition's 404 page is baked from a 404


def target(url: str) -> Target:
    relative = paths.relative_file_for_url(unquote(url))
    if relative is None:
        raise ValueError(f"{url!r} cannot be a baked file")
    return Target(url, str(relative))


def public_pages():
    """Return the pages a reader may see, as their specific types."""
    return Page.objects.live().public().filter(depth__gte=2).specific()


def is_public(page) -> bool:
    return public_pages().filter(pk=page.pk).exists()


def public_page(ident: str):
    """Return the page of a key's id as its specific type, or None if readers may not see it."""
    page = Page.objects.filter(pk=int(ident)).first() if ident.isdigit() else None
    return page.specific if page is not None and is_public(page) else None


def editions():
    return list(public_pages().type(HomePage))


def _request():
    return RequestFactory(HTTP_HOST=_host()).get("/")


def _host() -> str:
    return urlsplit(settings.DATELINE_BASE_URL).netloc


def _pages_of(base_url: str, count: int, per_page: int) -> list[Target]:
    pages = max(1, math.ceil(count / per_page))
    return [target(base_url)] + [target(f"{base_url}page/{n}/") for n in range(2, pages + 1)]


def page_address(page, request=None) -> str | None:
    """Return the address a page has (or had, for one no longer live) on the site, or None for a
    page outside every edition."""
    url = page.get_url(request or _request())
    return url if url and url.startswith("/") else None


def urls_of_page(page, request=None, long_threads=None) -> list[Target]:
    """Return a page's URLs: its address and the further pages of its listing or discussion.

    `long_threads`, when given, holds the only articles whose discussion can need more than one
    page (see `articles_with_long_threads`): the others' threads are not read.
    """
    url = page_address(page, request)
    if url is None:
        return []
    page = page.specific
    per_page = settings.DATELINE_ARTICLES_PER_PAGE
    if isinstance(page, SectionPage):
        return _pages_of(url, listing_of(page).count(), per_page)
    if isinstance(page, HomePage):
        featured = page.featured_articles.values_list("article_id", flat=True)
        return _pages_of(url, listing_of(page, featured).count(), page.stories_per_page)
    if isinstance(page, ArticlePage):
        if long_threads is not None and page.pk not in long_threads:
            return [target(url)]
        pages = build_thread(page.pk).paginator().num_pages
        return [target(url)] + [target(f"{url}comments/page/{n}/") for n in range(2, pages + 1)]
    return [target(url)]


def contributor_urls(home, contributor, request=None, count=None) -> list[Target]:
    """Return a contributor's listing pages and feeds in one edition (`count`: their articles
    there, when the caller has counted them all at once)."""
    base = contributor_address(home, contributor, request)
    if count is None:
        count = articles_credited(home, contributor).count()
    pages = _pages_of(base, count, settings.DATELINE_ARTICLES_PER_PAGE)
    return pages + contributor_feed_urls(home, contributor)


def contributor_address(home, contributor, request=None) -> str:
    """Return the address of a contributor's page in one edition (the first of its listing)."""
    return home.get_url(request or _request()) + home.reverse_subpage(
        "contributor", args=[contributor.slug]
    )


def contributor_feed_urls(home, contributor) -> list[Target]:
    with translation.override(home.locale.language_code):
        return [
            target(reverse("feed-contributor", args=[contributor.slug, fmt]))
            for fmt in FEED_FORMATS
        ]


def topic_urls(home, tag, request=None, count=None) -> list[Target]:
    """Return a topic's listing pages and feeds in one edition."""
    base = home.get_url(request or _request()) + home.reverse_subpage("topic", args=[tag.slug])
    if count is None:
        count = articles_tagged(home, tag).count()
    with translation.override(home.locale.language_code):
        feeds = [target(reverse("feed-topic", args=[tag.slug, fmt])) for fmt in FEED_FORMATS]
    return _pages_of(base, count, settings.DATELINE_ARTICLES_PER_PAGE) + feeds


def _counts(articles, field: str) -> dict[int, int]:
    """Return {contributor or tag id: articles} over a listing, in one grouped query."""
    rows = (
        articles.order_by()
        .prefetch_related(None)
        .values(field)
        .annotate(articles=Count("pk", distinct=True))
        .values_list(field, "articles")
    )
    return {key: count for key, count in rows if key is not None}


def article_topics():
    """Return the tags used as topics of articles (images have tags of their own)."""
    return Tag.objects.filter(news_articletag_items__isnull=False).distinct().order_by("pk")


def edition_feed_urls(home) -> list[Target]:
    """Return an edition's own feed and each of its sections' feeds, in every format."""
    urls = listing_feed_urls(home, home)
    for section in public_pages().type(SectionPage).descendant_of(home):
        urls += listing_feed_urls(section, home)
    return urls


def own_feed_urls(listing) -> list[Target]:
    """Return the feeds of an edition's home or a section (none for any other page)."""
    if not isinstance(listing, SectionPage | HomePage):
        return []
    home = HomePage.objects.ancestor_of(listing, inclusive=True).first()
    return listing_feed_urls(listing, home) if home is not None else []


def listing_feed_urls(listing, home) -> list[Target]:
    """Return the feeds of one listing: the edition's own for its home, or a section's."""
    with translation.override(home.locale.language_code):
        if listing.pk == home.pk:
            return [target(reverse("feed-edition", args=[fmt])) for fmt in FEED_FORMATS]
        section_path = listing.url_path[len(home.url_path) :].strip("/")
        return [target(reverse("feed-section", args=[section_path, fmt])) for fmt in FEED_FORMATS]


def site_feed_urls() -> list[Target]:
    return [target(reverse("feed-site", args=[fmt])) for fmt in FEED_FORMATS]


def not_found_target(home) -> Target:
    """Return the URL whose 404 answer is the edition's not-found page, and its file."""
    with translation.override(home.locale.language_code):
        prefix = reverse("feed-edition", args=["rss"]).removesuffix("feeds/latest.rss")
    return Target(f"{prefix}{NOT_FOUND_PATH}", f"{prefix[1:]}{paths.NOT_FOUND_FILE}", status=404)


def site_wide_urls() -> list[Target]:
    """Return robots.txt, the sitemaps (every part the index lists) and the whole-site feed."""
    urls = [target(reverse("robots-txt")), target(reverse("sitemap-index"))]
    for name, sitemap in newsroom_sitemaps(_request()).items():
        urls += sitemap_urls(name, sitemap)
    return urls + site_feed_urls()


def sitemap_urls(name: str, sitemap) -> list[Target]:
    """Return the address of each part of one sitemap."""
    return [target(sitemap_part_url(name, n)) for n in range(1, sitemap.part_count() + 1)]


def section_sitemap_urls(section) -> list[Target]:
    """Return the parts of a section's sitemap (a new article may start a part or the sitemap)."""
    name = f"section-{section.pk}"
    sitemap = newsroom_sitemaps(_request()).get(name)
    return sitemap_urls(name, sitemap) if sitemap is not None else []


def mirror_urls(homes) -> list[Target]:
    """Return the mirror checker, the mirrors list and each edition's pages about them, and,
    once the newsroom has a signing key, the key and the list's signature."""
    urls = [target(reverse("mirror-verifier")), target(reverse("mirrors-json"))]
    if signing.load_public_key() is not None:
        urls += [target(reverse("mirror-key")), target(reverse("mirrors-json-signature"))]
    for home in homes:
        with translation.override(home.locale.language_code):
            urls += [target(reverse("checking-copies")), target(reverse("other-ways"))]
    return urls


def all_targets() -> list[Target]:
    """Return every public URL of the newsroom, each once, in a stable order."""
    request = _request()
    homes = editions()
    found = []
    long_threads = articles_with_long_threads(settings.DATELINE_COMMENTS_PER_PAGE)
    for page in public_pages().order_by("path").iterator(chunk_size=500):
        found += urls_of_page(page, request, long_threads)
    contributors = list(Contributor.objects.order_by("pk"))
    topics = list(article_topics())
    for home in homes:
        found += edition_feed_urls(home)
        by_contributor = _counts(articles_in(home), "credits__contributor")
        for contributor in contributors:
            count = by_contributor.get(contributor.pk, 0)
            found += contributor_urls(home, contributor, request, count)
        by_topic = _counts(articles_in(home), "tags")
        for topic in topics:
            found += topic_urls(home, topic, request, by_topic.get(topic.pk, 0))
        found.append(not_found_target(home))
    found += site_wide_urls() + mirror_urls(homes)
    return list({item.url: item for item in found}.values())
