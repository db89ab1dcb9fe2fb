"""The three feed formats, as Django feed generators fed from the same `FeedEntry` items.

Django's RSS and Atom generators print one author and no full content; these add every author,
the body (`content:encoded` / Atom `content`) and the hero image (`media:content`). JSON Feed 1.1
is a generator of its own, so one `Feed` class serves all three formats.
"""

import json
from datetime import UTC, datetime

from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed, SyndicationFeed, rfc3339_date
from django.utils.xmlutils import SimplerXMLGenerator

from .browser_view import write_explanation

# The date of a feed with no articles yet. Django would print the time of the request, so the
# same empty feed would differ at every render, and a baked copy would never look current.
EMPTY_FEED_DATE = datetime(2000, 1, 1, tzinfo=UTC)


class _StableDate:
    def latest_post_date(self):
        if any(item["pubdate"] or item["updateddate"] for item in self.items):
            return super().latest_post_date()
        return EMPTY_FEED_DATE


JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
# RSS and Atom are sent as XML in general: Chromium shows a document sent as application/rss+xml
# or application/atom+xml as plain text and never applies its stylesheet, so a reader who opens
# a feed would meet raw markup (dateline/feeds/browser_view.py). Feed readers read the document,
# whatever its type; pages still announce each feed with its own type (feed_tags.py).
XML_FEED_CONTENT_TYPE = "application/xml; charset=utf-8"
NAMESPACES = {
    "xmlns:content": "http://purl.org/rss/1.0/modules/content/",
    "xmlns:dc": "http://purl.org/dc/elements/1.1/",
    "xmlns:media": "http://search.yahoo.com/mrss/",
}


def _media_content(handler, image) -> None:
    handler.startElement(
        "media:content",
        {
            "url": image.url,
            "medium": "image",
            "type": image.mime_type,
            "width": str(image.width),
            "height": str(image.height),
            "fileSize": str(image.length),
        },
    )
    if image.description:
        handler.addQuickElement("media:description", image.description, {"type": "plain"})
    if image.credit:
        handler.addQuickElement("media:credit", image.credit)
    handler.endElement("media:content")


class RssFeed(_StableDate, Rss201rev2Feed):
    """RSS 2.0 with Dublin Core creators, the full body and Media RSS pictures."""

    content_type = XML_FEED_CONTENT_TYPE

    def rss_attributes(self):
        return {**super().rss_attributes(), **NAMESPACES}

    def add_root_elements(self, handler):
        write_explanation(handler, self.feed["explanation"])
        super().add_root_elements(handler)

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        entry = item["entry"]
        for person in entry.authors:
            handler.addQuickElement("dc:creator", person.name)
        handler.addQuickElement("atom:updated", rfc3339_date(entry.updated))
        handler.addQuickElement("content:encoded", entry.content_html)
        if entry.image is not None:
            _media_content(handler, entry.image)


class AtomFeed(_StableDate, Atom1Feed):
    """Atom (RFC 4287) with every author and the full body as HTML content."""

    content_type = XML_FEED_CONTENT_TYPE

    def root_attributes(self):
        return {**super().root_attributes(), "xmlns:media": NAMESPACES["xmlns:media"]}

    def add_root_elements(self, handler):
        write_explanation(handler, self.feed["explanation"])
        super().add_root_elements(handler)

    def write(self, outfile, encoding):
        """Write the feed as Django does, with the stylesheets its RSS generator alone writes."""
        handler = SimplerXMLGenerator(outfile, encoding, short_empty_elements=True)
        handler.startDocument()
        for stylesheet in self.feed["stylesheets"] or []:
            handler.processingInstruction("xml-stylesheet", stylesheet)
        handler.startElement("feed", self.root_attributes())
        self.add_root_elements(handler)
        self.write_items(handler)
        handler.endElement("feed")

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        entry = item["entry"]
        for person in entry.authors:
            handler.startElement("author", {})
            handler.addQuickElement("name", person.name)
            if person.url:
                handler.addQuickElement("uri", person.url)
            handler.endElement("author")
        handler.addQuickElement("content", entry.content_html, {"type": "html"})
        if entry.image is not None:
            _media_content(handler, entry.image)


class JSONFeed(SyndicationFeed):
    """JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/)."""

    content_type = "application/feed+json; charset=utf-8"

    def write(self, outfile, encoding):
        feed = {
            "version": JSON_FEED_VERSION,
            "title": self.feed["title"],
            "home_page_url": self.feed["link"],
            "feed_url": self.feed["feed_url"],
            "description": self.feed["description"],
            "authors": [_person(self.feed["author_name"], self.feed["author_link"])],
            "items": [self._item(item["entry"]) for item in self.items],
        }
        if self.feed["language"]:
            feed["language"] = self.feed["language"]
        outfile.write(json.dumps(feed, ensure_ascii=False, indent=1))

    @staticmethod
    def _item(entry) -> dict:
        item = {
            "id": entry.id,
            "url": entry.url,
            "title": entry.title,
            "summary": entry.summary,
            "content_html": entry.content_html,
            "date_published": rfc3339_date(entry.published),
            "date_modified": rfc3339_date(entry.updated),
            "authors": [_person(person.name, person.url) for person in entry.authors],
            "tags": entry.categories,
            "language": entry.language,
        }
        if entry.image is not None:
            item["image"] = entry.image.url
            item["attachments"] = [
                {
                    "url": entry.image.url,
                    "mime_type": entry.image.mime_type,
                    "size_in_bytes": entry.image.length,
                    "title": entry.image.description,
                }
            ]
        return item


def _person(name: str, url: str | None) -> dict:
    return {"name": name, "url": url} if url else {"name": name}
