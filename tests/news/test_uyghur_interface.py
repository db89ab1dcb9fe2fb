"""The Uyghur edition's pages speak Uyghur: the words around the story, not only the story.

A reader of the right-to-left edition reads "ئېلان قىلىندى", not "Published", around an article,
its comment form and the front page, and dates in the Uyghur order. Each page is searched for the
English interface words it would show if the Uyghur catalogue lacked them.
"""

import re
import xml.etree.ElementTree as ElementTree
from datetime import UTC, datetime

import pytest
from bs4 import BeautifulSoup

from dateline.news.factories import ArticlePageFactory, paragraphs, publish
from tests.comments.conftest import POST_URL, form_fields

from .conftest import parse
from .test_uyghur_edition import uyghur_article  # noqa: F401  (fixture)

# 00:11 UTC is 9:11 in the morning in Seoul, the newsroom's time zone.
MORNING_IN_SEOUL = datetime(2026, 12, 2, 0, 11, tzinfo=UTC)

# What the public templates, forms and feeds say in English; none may reach a Uyghur page. Names
# of other editions ("English", "한국어") and of share networks are left out: they are not ours
# to translate.
ENGLISH_INTERFACE_WORDS = [
    "Published",
    "Updated",
    "By",
    "Reported by",
    "Photo",
    "Leave a Comment",
    "Leave a Reply",
    "Your email address will not be published",
    "Required fields are marked",
    "Save my name",
    "Post Comment",
    "Name",
    "Email",
    "Website",
    "Comment",
    "Comments",
    "Reply",
    "No comments yet",
    "Skip to main content",
    "Other language editions",
    "Menu",
    "sections and search",
    "Sections",
    "Search",
    "Search for",
    "RSS feed",
    "Other ways to reach us",
    "How to check our copies",
    "About this newsroom",
    "Share this story",
    "Copy link",
    "Link to this story",
    "Previous story",
    "Next story",
    "More from",
    "Related stories",
    "Top stories",
    "Latest",
    "Older stories",
    "Older articles",
    "Newer articles",
    "Topics",
    "Page not found",
    "We could not find",
    "This is a news feed",
    "A feed brings new stories",
    "Read the stories on the website",
    "Latest stories in this feed",
    "Please give",
    "a.m.",
    "p.m.",
    "Dec.",
]
XHTML = "{http://www.w3.org/1999/xhtml}"
ATTRIBUTES_READ_ALOUD = ("aria-label", "placeholder", "title", "alt")
# A button's value is its label; other inputs' values are the reader's (or a signed token).
BUTTON_TYPES = ("submit", "button", "reset")


def english_words_on(page) -> list[str]:
    """Return the English interface words a reader sees or hears on the page (text and labels)."""
    for hidden in page.select("script, style"):
        hidden.decompose()
    texts = [page.get_text(" ")]
    for element in page.find_all(True):
        texts += [element[name] for name in ATTRIBUTES_READ_ALOUD if element.has_attr(name)]
        if element.get("type") in BUTTON_TYPES and element.has_attr("value"):
            texts.append(element["value"])
    shown = " ".join(str(text) for text in texts)
    return [
        word
        for word in ENGLISH_INTERFACE_WORDS
        if re.search(rf"(?<![\w.]){re.escape(word)}(?!\w)", shown)
    ]


def parse_any(response) -> BeautifulSoup:
    """Return the page whatever its status: error pages are pages a reader reads too."""
    return BeautifulSoup(response.content, "html.parser")


@pytest.fixture
def dated_uyghur_article(uyghur_article):  # noqa: F811  (the fixture imported above)
    """The Uyghur article, published at 9:11 on a December morning in Seoul."""
    uyghur_article.comments_open = True
    uyghur_article.save()
    return publish(uyghur_article, at=MORNING_IN_SEOUL)


def test_uyghur_article_page_shows_its_interface_in_uyghur(client, dated_uyghur_article):
    page = parse(client.get(dated_uyghur_article.url))

    assert page.select_one(".skip-link").get_text(strip=True) == "ئاساسىي مەزمۇنغا ئاتلاش"
    assert "ئېلان قىلىندى" in page.select_one(".dates").get_text()
    assert page.select_one(".dates time").get_text() == "2026-يىلى 2-دىكابىر، سائەت 9:11"
    assert "ئاپتور:" in page.select_one(".byline").get_text()
    assert english_words_on(page) == []


def test_uyghur_comment_form_speaks_uyghur(client, dated_uyghur_article):
    form = parse(client.get(dated_uyghur_article.url)).select_one("form.comment-form")

    text = form.get_text(" ")
    assert "ئېلخەت ئادرېسىڭىز ئېلان قىلىنمايدۇ." in text
    assert "ئىنكاس يوللاش" in str(form.select_one("[type=submit]"))
    assert [label.get_text(" ", strip=True) for label in form.select("label[for^=id_]")][:3] == [
        "ئىنكاس *",
        "ئىسىم *",
        "ئېلخەت *",
    ]
    assert english_words_on(form) == []


def test_uyghur_comment_form_explains_mistakes_in_uyghur(client, dated_uyghur_article):
    response = client.post(
        POST_URL, form_fields(dated_uyghur_article, name="", email="not-an-address")
    )

    assert response.status_code == 400
    page = parse_any(response)
    assert (
        "ئىسىم يېزىڭ؛ تەخەللۇس بولسىمۇ بولىدۇ."
        in page.select_one(".comment-form-name .field-error").get_text()
    )
    assert (
        "مەسىلەن name@example.org" in page.select_one(".comment-form-email .field-error").get_text()
    )
    assert english_words_on(page) == []


def test_uyghur_front_page_shows_its_interface_in_uyghur(client, dated_uyghur_article):
    section = dated_uyghur_article.get_parent()
    publish(ArticlePageFactory(parent=section, title="ئىككىنچى خەۋەر", body=paragraphs("تېكىست")))

    page = parse(client.get("/ug/"))

    assert page.html["lang"] == "ug"
    headings = [heading.get_text(strip=True) for heading in page.select("h2")]
    assert "ئەڭ يېڭى خەۋەرلەر" in headings
    assert english_words_on(page) == []


@pytest.mark.parametrize("path", ["/ug/search/?q=ئۇن", "/ug/search/?q=", "/ug/copies/"])
def test_uyghur_search_and_copies_pages_speak_uyghur(client, dated_uyghur_article, path):
    assert english_words_on(parse(client.get(path))) == []


def test_uyghur_not_found_page_speaks_uyghur(client, uyghur_edition):
    response = client.get("/ug/no-such-page/")

    assert response.status_code == 404
    page = parse_any(response)
    assert page.select_one("h1").get_text(strip=True) == "بەت تېپىلمىدى"
    assert english_words_on(page) == []


def test_uyghur_feed_explains_itself_in_uyghur_from_the_right(client, dated_uyghur_article):
    feed = ElementTree.fromstring(client.get("/ug/feeds/latest.atom").content)

    explanation = feed.find(f"{XHTML}div")
    assert explanation.get("dir") == "rtl"
    assert explanation.find(f"{XHTML}h1").text.startswith("بۇ بىر خەۋەر مەنبەسى")
    words = BeautifulSoup(ElementTree.tostring(explanation, encoding="unicode"), "html.parser")
    assert english_words_on(words) == []
