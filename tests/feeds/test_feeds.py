"""Feed readers read every feed: RSS 2.0 and Atom through feedparser, JSON Feed against its spec."""

import json
import xml.etree.ElementTree as ElementTree
from datetime import datetime, timedelta

import feedparser
import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from dateline.comments.models import Comment, CommentStatus
from dateline.news.factories import ArticlePageFactory, SectionPageFactory, paragraphs, publish
from dateline.news.models import ArticlePage

from .conftest import read_feed

ATOM = "{http://www.w3.org/2005/Atom}"
XML_FEEDS = ("rss", "atom")

# Every scope a feed follows, by the address of its RSS, Atom and JSON versions.
SCOPES = {
    "site": "/feeds/all.{format}",
    "english edition": "/feeds/latest.{format}",
    "korean edition": "/ko/feeds/latest.{format}",
    "section": "/feeds/sections/north-korea.{format}",
    "korean section": "/ko/feeds/sections/north-korea.{format}",
    "contributor": "/feeds/contributors/claire-dunmore.{format}",
    "translator": "/feeds/contributors/lee-min-jun.{format}",
    "topic": "/feeds/topics/markets.{format}",
    "korean topic": "/ko/feeds/topics/쌀값.{format}",
}
# Which story each scope must carry: the English translation, the Korean original, or both.
SCOPE_HEADLINES = {
    "site": {"Rice nearly doubles in price in Hyesan", "혜산 쌀값, 한 달 새 두 배 가까이 올라"},
    "korean edition": {"혜산 쌀값, 한 달 새 두 배 가까이 올라"},
    "korean section": {"혜산 쌀값, 한 달 새 두 배 가까이 올라"},
    "korean topic": {"혜산 쌀값, 한 달 새 두 배 가까이 올라"},
}
ENGLISH_HEADLINE = {"Rice nearly doubles in price in Hyesan"}


def json_feed(client, url) -> dict:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/feed+json; charset=utf-8"
    return json.loads(response.content)


@pytest.mark.parametrize("feed_format", XML_FEEDS)
@pytest.mark.parametrize("scope", SCOPES)
def test_feedparser_reads_every_xml_feed_without_error(
    client, translated_article, scope, feed_format
):
    parsed = read_feed(client, SCOPES[scope].format(format=feed_format))

    assert {entry.title for entry in parsed.entries} == SCOPE_HEADLINES.get(scope, ENGLISH_HEADLINE)


@pytest.mark.parametrize("scope", SCOPES)
def test_every_json_feed_has_the_fields_json_feed_requires(client, translated_article, scope):
    feed = json_feed(client, SCOPES[scope].format(format="json"))

    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert isinstance(feed["title"], str)
    assert feed["title"]
    assert feed["feed_url"].startswith("http")
    assert {item["title"] for item in feed["items"]} == SCOPE_HEADLINES.get(scope, ENGLISH_HEADLINE)
    for item in feed["items"]:
        assert isinstance(item["id"], str)
        assert item["id"]
        assert item["content_html"]
        datetime.fromisoformat(item["date_published"])
        datetime.fromisoformat(item["date_modified"])


def test_rss_item_carries_everything_a_reader_shows(client, translated_article, root):
    entry = read_feed(client, "/feeds/latest.rss").entries[0]

    assert entry.title == "Rice nearly doubles in price in Hyesan"
    assert entry.link == f"{root}/north-korea/hyesan-rice-doubles/"
    assert entry.id.startswith("urn:uuid:")
    assert entry.guidislink is False
    assert entry.published_parsed[:3] == translated_article.first_published_at.utctimetuple()[:3]
    assert entry.updated_parsed is not None
    assert entry.summary == "As border controls tighten, families are switching to corn."
    assert "We eat corn twice a day now." in entry.content[0].value
    assert [author["name"] for author in entry.authors] == ["Claire Dunmore"]
    assert {tag.term for tag in entry.tags} == {"North Korea", "rice prices", "markets"}
    (enclosure,) = entry.enclosures
    assert enclosure.type == "image/jpeg"
    assert int(enclosure.length) > 0
    assert entry.media_content[0]["url"] == enclosure.href


def test_atom_feed_has_the_elements_rfc_4287_requires(client, translated_article):
    response = client.get("/feeds/latest.atom")
    feed = ElementTree.fromstring(response.content)

    assert feed.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated"):
        assert feed.find(f"{ATOM}{required}").text
    assert feed.find(f"{ATOM}author/{ATOM}name").text == "Dateline"
    assert feed.find(f"{ATOM}link[@rel='self']").get("href").startswith("http")
    entries = feed.findall(f"{ATOM}entry")
    assert entries
    for entry in entries:
        for required in ("id", "title", "updated", "published"):
            assert entry.find(f"{ATOM}{required}").text
        datetime.fromisoformat(entry.find(f"{ATOM}updated").text)
        assert entry.find(f"{ATOM}link[@rel='alternate']").get("href").startswith("http")
        assert entry.find(f"{ATOM}content").get("type") == "html"
        assert entry.find(f"{ATOM}summary").text
        assert [name.text for name in entry.findall(f"{ATOM}author/{ATOM}name")] == [
            "Claire Dunmore"
        ]


def test_atom_entry_authors_link_to_their_contributor_pages(client, translated_article, root):
    entry = read_feed(client, "/feeds/latest.atom").entries[0]

    assert entry.authors[0]["href"] == f"{root}/contributors/claire-dunmore/"
    assert client.get("/contributors/claire-dunmore/").status_code == 200


def test_feed_content_gives_every_address_whole(client, translated_article):
    item = json_feed(client, "/feeds/latest.json")["items"][0]
    html = BeautifulSoup(item["content_html"], "html.parser")

    addresses = [a["href"] for a in html.select("a[href]")] + [
        img["src"] for img in html.select("img[src]")
    ]
    addresses += [
        candidate.split()[0]
        for source in html.select("[srcset]")
        for candidate in source["srcset"].split(",")
    ]
    assert len(addresses) > 3
    assert all(address.startswith(("http://", "https://")) for address in addresses)
    assert "https://example.org/report" in addresses


def test_json_feed_item_names_authors_image_and_language(client, translated_article, root):
    item = json_feed(client, "/feeds/latest.json")["items"][0]

    assert item["authors"] == [
        {"name": "Claire Dunmore", "url": f"{root}/contributors/claire-dunmore/"}
    ]
    assert item["image"].startswith(f"{root}/media/images/")
    assert item["attachments"][0]["mime_type"] == "image/jpeg"
    assert item["language"] == "en"
    assert item["summary"] == "As border controls tighten, families are switching to corn."


def test_feed_id_of_an_article_stays_when_it_is_moved_and_renamed(client, translated_article):
    before = read_feed(client, "/feeds/latest.rss").entries[0].id
    translated_article.slug = "renamed"
    translated_article.title = "A new headline"
    publish(translated_article)

    entry = read_feed(client, "/feeds/latest.rss").entries[0]
    assert entry.link.endswith("/renamed/")
    assert entry.id == before


def test_translation_and_original_have_different_feed_ids(client, translated_article):
    ids = {entry.id for entry in read_feed(client, "/feeds/all.rss").entries}

    assert len(ids) == 2


def test_feed_holds_the_latest_50_articles_newest_first(client, section):
    now = timezone.now()
    for number in range(52):
        publish(
            ArticlePageFactory(parent=section, title=f"Story {number}", live=False),
            at=now - timedelta(hours=number),
        )

    entries = read_feed(client, "/feeds/latest.atom").entries

    assert len(entries) == 50
    assert entries[0].title == "Story 0"
    assert entries[-1].title == "Story 49"


def test_topic_feed_holds_the_topics_latest_50_newest_first(client, section, home):
    """Read on the topic's own index of dates: back-dated stories in their order, the edition's
    other stories and a withdrawn one left out."""
    now = timezone.now()
    for number in reversed(range(53)):
        story = ArticlePageFactory(parent=section, title=f"Story {number}", live=False)
        if number != 1:
            story.tags.add("markets")
        publish(story, at=now - timedelta(hours=number))
    ArticlePage.objects.get(title="Story 2").unpublish()

    entries = read_feed(client, "/feeds/topics/markets.rss").entries

    assert len(entries) == 50
    assert [entry.title for entry in entries[:3]] == ["Story 0", "Story 3", "Story 4"]
    assert entries[-1].title == "Story 51"


def test_draft_is_never_in_a_feed(client, translated_article, section):
    ArticlePageFactory(parent=section, title="Not ready yet", live=False)

    for feed_format in XML_FEEDS:
        titles = [entry.title for entry in read_feed(client, f"/feeds/all.{feed_format}").entries]
        assert "Not ready yet" not in titles


def test_comments_and_commenters_stay_out_of_feeds(client, translated_article):
    Comment.objects.create_comment(
        translated_article,
        text="A reader's remark about the wombat market.",
        author_name="Reader Name",
        author_email="reader@example.org",
        client_address="203.0.113.7",
        status=CommentStatus.APPROVED,
    )

    for url in ("/feeds/all.rss", "/feeds/all.atom", "/feeds/all.json"):
        body = client.get(url).content.decode()
        for private in ("wombat", "Reader Name", "reader@example.org", "203.0.113"):
            assert private not in body, f"{private!r} in {url}"


def test_feed_of_an_unknown_section_is_not_found(client, translated_article):
    assert client.get("/feeds/sections/no-such-section.rss").status_code == 404


def test_a_subsections_feed_is_found_by_its_whole_path_only(client, section):
    markets = publish(SectionPageFactory(parent=section, title="Markets", slug="markets"))
    publish(ArticlePageFactory(parent=markets, title="Sellers return to Sinuiju market"))

    parsed = read_feed(client, "/feeds/sections/north-korea/markets.rss")

    assert parsed.feed.title.startswith("Markets")
    assert [entry.title for entry in parsed.entries] == ["Sellers return to Sinuiju market"]
    assert client.get("/feeds/sections/markets.rss").status_code == 404


def test_feed_in_an_unknown_format_is_not_found(client, translated_article):
    assert client.get("/feeds/latest.txt").status_code == 404


def test_unchanged_feed_is_answered_with_304_for_its_etag(client, translated_article):
    first = client.get("/feeds/latest.rss")

    again = client.get("/feeds/latest.rss", HTTP_IF_NONE_MATCH=first["ETag"])

    assert again.status_code == 304
    assert again.content == b""


def test_unchanged_feed_is_answered_with_304_for_its_date(client, translated_article):
    first = client.get("/feeds/latest.atom")

    again = client.get("/feeds/latest.atom", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])

    assert again.status_code == 304


def test_feed_is_sent_again_once_a_story_is_published(client, translated_article, section):
    first = client.get("/feeds/latest.json")
    publish(ArticlePageFactory(parent=section, title="Breaking", live=False))

    again = client.get("/feeds/latest.json", HTTP_IF_NONE_MATCH=first["ETag"])

    assert again.status_code == 200
    assert json.loads(again.content)["items"][0]["title"] == "Breaking"


def test_feed_is_sent_again_once_a_story_is_withdrawn(client, translated_article, section):
    extra = publish(ArticlePageFactory(parent=section, title="Withdrawn later", live=False))
    first = client.get("/feeds/latest.rss")
    extra.unpublish()

    again = client.get("/feeds/latest.rss", HTTP_IF_NONE_MATCH=first["ETag"])

    assert again.status_code == 200
    assert "Withdrawn later" in first.content.decode()
    titles = [entry.title for entry in feedparser.parse(again.content).entries]
    assert "Withdrawn later" not in titles
    assert translated_article.title in titles


def test_formats_of_one_feed_have_different_etags(client, translated_article):
    etags = {client.get(f"/feeds/latest.{fmt}")["ETag"] for fmt in ("rss", "atom", "json")}

    assert len(etags) == 3


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/", ["/feeds/latest"]),
        ("/north-korea/", ["/feeds/sections/north-korea", "/feeds/latest"]),
        ("/north-korea/hyesan-rice-doubles/", ["/feeds/sections/north-korea", "/feeds/latest"]),
        ("/contributors/claire-dunmore/", ["/feeds/contributors/claire-dunmore", "/feeds/latest"]),
        ("/topics/markets/", ["/feeds/topics/markets", "/feeds/latest"]),
        ("/ko/north-korea/hyesan-rice/", ["/ko/feeds/sections/north-korea", "/ko/feeds/latest"]),
        ("/search/?q=rice", ["/feeds/latest"]),
    ],
)
def test_every_page_announces_its_feeds(client, translated_article, path, expected):
    soup = BeautifulSoup(client.get(path).content, "html.parser")

    links = soup.select("head link[rel=alternate][type]")
    assert [(link["href"], link["type"]) for link in links] == [
        (f"{base}.{extension}", media_type)
        for base in expected
        for extension, media_type in (
            ("rss", "application/rss+xml"),
            ("atom", "application/atom+xml"),
            ("json", "application/feed+json"),
        )
    ]
    assert all(link["title"] for link in links)


def test_feed_title_and_link_name_the_scope(client, translated_article, root):
    parsed = read_feed(client, "/feeds/sections/north-korea.rss")

    assert parsed.feed.title == "North Korea · Dateline"
    assert parsed.feed.link == f"{root}/north-korea/"
    assert parsed.feed.language == "en"


def test_whole_site_feed_claims_no_single_language(client, translated_article):
    parsed = read_feed(client, "/feeds/all.rss")

    assert "language" not in parsed.feed


def test_body_with_markup_characters_in_the_headline_survives_the_feed(client, section):
    publish(
        ArticlePageFactory(
            parent=section,
            title="Rice & corn <prices> rise",
            body=paragraphs("Text &amp; more."),
            live=False,
        )
    )

    for feed_format in XML_FEEDS:
        entry = read_feed(client, f"/feeds/latest.{feed_format}").entries[0]
        assert entry.title == "Rice & corn <prices> rise"


def test_credits_made_without_an_order_keep_the_order_added_everywhere(client, article):
    """Scripts add credits with no order of their own. Renaming a contributor (which, on
    PostgreSQL, moves their row to the end of its table: this fails there without an order for
    ties) must not reorder the byline, nor let one feed name the authors otherwise than the page
    and the rest. Topics, which have no order, go by name everywhere."""
    article.tags.add("aid")
    article.save()
    reporter = article.credits.get(contributor__name="Han Ji-woo").contributor
    reporter.name = "Han Ji-woo (Seoul)"
    reporter.save()
    added = ["Han Ji-woo (Seoul)", "Claire Dunmore"]
    page = BeautifulSoup(client.get(article.url).content, "html.parser")
    assert [link.get_text() for link in page.select("article > header .byline a")] == added
    assert [link.get_text() for link in page.select("nav.topics a")] == ["aid", "markets"]
    for feed in (
        "/feeds/all.json",
        "/feeds/sections/north-korea.json",
        "/feeds/contributors/claire-dunmore.json",
        "/feeds/topics/markets.json",
    ):
        (item,) = json_feed(client, feed)["items"]
        assert [author["name"] for author in item["authors"]] == added, feed
        assert item["tags"] == ["North Korea", "aid", "markets"], feed


def test_a_feed_costs_the_same_queries_with_few_or_many_entries(client, section):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries_with(count):
        for _ in range(count):
            story = ArticlePageFactory(parent=section, live=False)
            story.tags.add("markets", "rice")
            story.save()
            publish(story)
        client.get("/feeds/latest.atom")
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/feeds/latest.atom").status_code == 200
        return len(captured)

    assert queries_with(2) == queries_with(6)
