"""What a person sees who opens a feed in a browser: a page saying what a feed is, not raw XML.

Feeds carry a CSS stylesheet (`<?xml-stylesheet type="text/css"?>`, the W3C's way of styling XML,
which every browser applies) and, first in the channel, a short explanation in XHTML, in the
feed's language. Browsers render XHTML-namespaced elements inside XML as HTML (real headings and
links); feed readers skip elements in namespaces they do not know, as RSS 2.0 and Atom ask them to.

An XSLT stylesheet would turn the feed into a full page, but Chromium is removing XSLT: version
156 still applies one only under a red banner telling the reader the page will soon stop working.
"""

from dataclasses import dataclass

from django.templatetags.static import static
from django.utils.feedgenerator import Stylesheet
from django.utils.translation import get_language, get_language_bidi
from django.utils.translation import gettext as _

XHTML = "http://www.w3.org/1999/xhtml"
FEED_STYLESHEET = "feeds/feed.css"


@dataclass(frozen=True)
class Explanation:
    """The words that say what a feed is, with the page it follows, in the feed's language."""

    language: str
    direction: str
    heading: str
    paragraphs: tuple[str, ...]
    website_label: str
    website_url: str
    list_heading: str


def stylesheets() -> list[Stylesheet]:
    """Return the stylesheet a browser applies to the feed, served from the newsroom's own origin."""
    return [Stylesheet(static(FEED_STYLESHEET), mimetype="text/css")]


def explanation(scope) -> Explanation:
    """Return what a feed is and how to follow it, in the active language (the feed's edition)."""
    names = {"name": scope.title}
    return Explanation(
        language=get_language(),
        direction="rtl" if get_language_bidi() else "ltr",
        heading=_("This is a news feed: %(name)s") % names,
        paragraphs=(
            _(
                "A feed brings new stories to a feed reader (a news app) as soon as they are "
                "published: no account, no email address, and nothing that follows what you read."
            ),
            _(
                "To follow %(name)s, copy the address of this page from your browser's address "
                "bar and add it in your feed reader."
            )
            % names,
        ),
        website_label=_("Read the stories on the website"),
        website_url=scope.link,
        list_heading=_("Latest stories in this feed"),
    )


def write_explanation(handler, words: Explanation) -> None:
    """Write the explanation as one XHTML element, which a feed reader skips as a whole; `dir`
    sets a right-to-left edition's explanation from the right, as its pages are."""
    handler.startElement(
        "div",
        {
            "xmlns": XHTML,
            "xml:lang": words.language,
            "dir": words.direction,
            "class": "feed-explanation",
        },
    )
    handler.addQuickElement("h1", words.heading)
    for paragraph in words.paragraphs:
        handler.addQuickElement("p", paragraph)
    handler.startElement("p", {})
    handler.addQuickElement("a", words.website_label, {"href": words.website_url})
    handler.endElement("p")
    handler.addQuickElement("h2", words.list_heading)
    handler.endElement("div")
