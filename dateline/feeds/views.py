"""Serve each feed in RSS 2.0, Atom and JSON Feed, answering unchanged feeds with 304.

Feed readers poll; most polls find nothing new. A poll carrying the ETag or date of the copy the
reader holds is answered from one small query (`FeedScope.validator`) with 304 Not Modified,
without building the feed.
"""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.feedgenerator import Enclosure
from django.utils.html import escape
from django.utils.http import http_date, quote_etag

from dateline.metadata.facts import absolute, site_root

from . import browser_view, items
from .generators import AtomFeed, JSONFeed, RssFeed

# Readers and caches may reuse a feed for this long before asking again (with its ETag).
FEED_MAX_AGE = 300


class ArticleFeed(Feed):
    """The feed of a scope's latest articles; `feed_type` picks the format."""

    def __init__(self, feed_type):
        self.feed_type = feed_type

    def get_object(self, request, scope):
        return scope

    def get_feed(self, scope, request):
        feed = super().get_feed(scope, request)
        # A feed mixing editions has no one language; Django would claim the request's.
        feed.feed["language"] = scope.language
        return feed

    def stylesheets(self, scope):
        return browser_view.stylesheets()

    def feed_extra_kwargs(self, scope):
        return {"explanation": browser_view.explanation(scope)}

    def title(self, scope):
        return scope.title

    def link(self, scope):
        return scope.link

    def description(self, scope):
        return scope.description

    def feed_guid(self, scope):
        return scope.link

    def feed_url(self, scope):
        return absolute(site_root(scope.request), scope.request.path)

    def author_name(self, scope):
        return scope.newsroom

    def author_link(self, scope):
        return site_root(scope.request)

    def items(self, scope):
        return scope.entries()

    def item_title(self, entry):
        return entry.title

    def item_link(self, entry):
        return entry.url

    def item_description(self, entry):
        # RSS descriptions and Atom summaries (type="html") are HTML: the plain standfirst is escaped.
        return escape(entry.summary)

    def item_guid(self, entry):
        return entry.id

    def item_guid_is_permalink(self, entry):
        return False

    def item_pubdate(self, entry):
        return entry.published

    def item_updateddate(self, entry):
        return entry.updated

    def item_categories(self, entry):
        return entry.categories

    def item_enclosures(self, entry):
        if entry.image is None:
            return []
        return [Enclosure(entry.image.url, str(entry.image.length), entry.image.mime_type)]

    def item_extra_kwargs(self, entry):
        return {"entry": entry}


FEEDS = {"rss": ArticleFeed(RssFeed), "atom": ArticleFeed(AtomFeed), "json": ArticleFeed(JSONFeed)}


def serve_feed(request, scope, feed_format: str):
    """Answer with the scope's feed in one format, or 304 when the reader's copy is current."""
    feed = FEEDS.get(feed_format)
    if feed is None:
        raise Http404(translation.gettext("There is no feed in that format."))
    digest, last_modified = scope.validator()
    etag = quote_etag(f"{feed_format}-{digest}")
    # Whole seconds, as HTTP dates have them: a reader's If-Modified-Since must compare equal.
    timestamp = int(last_modified.timestamp()) if last_modified else None
    response = get_conditional_response(request, etag=etag, last_modified=timestamp)
    if response is None:
        response = feed(request, scope=scope)
    response.headers["ETag"] = etag
    if timestamp is not None:
        response.headers["Last-Modified"] = http_date(timestamp)
    patch_cache_control(response, public=True, max_age=FEED_MAX_AGE)
    return response


def site_feed(request, feed_format):
    # Outside the language prefixes: the feed's own words are in the site's default language,
    # not in whatever language the reader's browser prefers, so every reader gets one feed.
    with translation.override(settings.LANGUAGE_CODE):
        return serve_feed(request, items.site_scope(request), feed_format)


def edition_feed(request, feed_format):
    return serve_feed(request, items.edition_scope(request), feed_format)


def section_feed(request, section_path, feed_format):
    return serve_feed(request, items.section_scope(request, section_path), feed_format)


def contributor_feed(request, slug, feed_format):
    return serve_feed(request, items.contributor_scope(request, slug), feed_format)


def topic_feed(request, slug, feed_format):
    return serve_feed(request, items.topic_scope(request, slug), feed_format)
