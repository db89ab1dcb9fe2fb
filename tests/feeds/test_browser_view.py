"""A feed carries what a browser needs to show it as a page, and stays a feed for feed readers."""

import re
import xml.etree.ElementTree as ElementTree
from xml.dom import minidom

import pytest
from django.contrib.staticfiles import finders

from .conftest import read_feed

ATOM = "{http://www.w3.org/2005/Atom}"
XHTML = "{http://www.w3.org/1999/xhtml}"


def stylesheet_of(body: bytes) -> str:
    """Return the address of the document's one xml-stylesheet instruction, before the root."""
    document = minidom.parseString(body)
    instructions = [
        node for node in document.childNodes if node.nodeType == node.PROCESSING_INSTRUCTION_NODE
    ]
    assert [node.target for node in instructions] == ["xml-stylesheet"]
    assert 'type="text/css"' in instructions[0].data
    return re.search(r'href="([^"]+)"', instructions[0].data).group(1)


@pytest.mark.parametrize("feed_format", ["rss", "atom"])
def test_a_feed_is_sent_as_xml_with_a_stylesheet_from_our_own_origin(
    client, translated_article, feed_format
):
    response = client.get(f"/feeds/latest.{feed_format}")

    # Chromium shows application/rss+xml and application/atom+xml as plain text.
    assert response["Content-Type"] == "application/xml; charset=utf-8"
    href = stylesheet_of(response.content)
    assert href.startswith("/static/feeds/feed") and href.endswith(".css")
    assert finders.find("feeds/feed.css")


def test_an_rss_feed_explains_itself_in_xhtml_and_keeps_every_rss_element(
    client, translated_article, root
):
    channel = ElementTree.fromstring(client.get("/feeds/latest.rss").content).find("channel")

    explanation = channel[0]
    assert explanation.tag == f"{XHTML}div"
    assert explanation.find(f"{XHTML}h1").text == "This is a news feed: Dateline"
    assert explanation.find(f"{XHTML}p/{XHTML}a").get("href") == f"{root}/"
    assert [child.tag for child in channel[1:4]] == ["title", "link", "description"]
    assert [item.findtext("title") for item in channel.findall("item")] == [
        translated_article.title
    ]
    parsed = read_feed(client, "/feeds/latest.rss")
    assert parsed.feed.title == "Dateline"
    assert [entry.title for entry in parsed.entries] == [translated_article.title]


def test_a_korean_atom_feed_explains_itself_in_korean(client, korean_original):
    feed = ElementTree.fromstring(client.get("/ko/feeds/latest.atom").content)

    explanation = feed.find(f"{XHTML}div")
    assert explanation.get("{http://www.w3.org/XML/1998/namespace}lang") == "ko"
    assert explanation.find(f"{XHTML}h1").text.startswith("뉴스 피드입니다")
    assert explanation.find(f"{XHTML}h2").text == "이 피드의 최신 기사"
    assert [entry.findtext(f"{ATOM}title") for entry in feed.findall(f"{ATOM}entry")] == [
        korean_original.title
    ]
    parsed = read_feed(client, "/ko/feeds/latest.atom")
    assert [entry.title for entry in parsed.entries] == [korean_original.title]
