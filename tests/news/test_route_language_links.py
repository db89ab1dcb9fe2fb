"""A contributor's or a topic's page links to the same contributor's, or the topic's counterpart's,
page in the other edition; a topic without a counterpart links to that edition's home."""

from urllib.parse import urlsplit

import pytest
from taggit.models import Tag

from dateline.news.factories import ArticlePageFactory, publish
from dateline.news.models import TopicTranslation

from .conftest import parse


def switch_to(client, url, language_code) -> str:
    """Return where the header's language switch on the page at `url` leads for a language."""
    link = parse(client.get(url)).select_one(f'nav.editions a[hreflang="{language_code}"]')
    assert link is not None, f"no link to the {language_code} edition on {url}"
    return link["href"]


def hreflang_alternates(client, url) -> dict[str, str]:
    """Return the page's hreflang alternates as paths, by language."""
    head = parse(client.get(url)).select('link[rel="alternate"][hreflang]')
    return {link["hreflang"]: urlsplit(link["href"]).path for link in head}


def heading(client, url) -> str:
    return parse(client.get(url)).select_one("h1").get_text(strip=True)


def contributor_page(home, contributor) -> str:
    return home.url + home.reverse_subpage("contributor", args=[contributor.slug])


def topic_page(home, topic) -> str:
    return home.url + home.reverse_subpage("topic", args=[topic.slug])


@pytest.fixture
def reporter(article):
    return article.credits.first().contributor


@pytest.fixture
def markets(article, korean_section):
    """An English topic with its Korean counterpart, each carried by an article of its edition."""
    markets = article.tags.get(name="markets")
    jangmadang = Tag.objects.create(name="장마당")
    korean = ArticlePageFactory(parent=korean_section, title="장마당 소식", live=False)
    korean.tags.add(jangmadang)
    publish(korean)
    TopicTranslation.objects.create(topic=markets, language_code="ko", translation=jangmadang)
    return markets


@pytest.fixture
def weather(article):
    """A topic nobody has paired with one of the Korean edition."""
    weather = Tag.objects.create(name="weather")
    article.tags.add(weather)
    publish(article)
    return weather


def test_english_contributor_page_links_to_their_korean_page(
    client, home, korean_home, korean_section, reporter
):
    korean_page = switch_to(client, contributor_page(home, reporter), "ko")

    assert korean_page == contributor_page(korean_home, reporter)
    assert reporter.local_name in heading(client, korean_page)


def test_korean_contributor_page_links_to_their_english_page(
    client, home, korean_home, korean_section, reporter
):
    english_page = switch_to(client, contributor_page(korean_home, reporter), "en")

    assert english_page == contributor_page(home, reporter)
    assert reporter.name in heading(client, english_page)


def test_contributor_pages_hreflang_agrees_with_the_switch(
    client, home, korean_home, korean_section, reporter
):
    for page in (contributor_page(home, reporter), contributor_page(korean_home, reporter)):
        assert hreflang_alternates(client, page) == {
            "en": contributor_page(home, reporter),
            "ko": contributor_page(korean_home, reporter),
            "x-default": contributor_page(home, reporter),
        }


def test_english_topic_page_links_to_its_korean_counterpart(client, home, korean_home, markets):
    korean_page = switch_to(client, topic_page(home, markets), "ko")

    assert heading(client, korean_page) == "장마당"
    assert korean_page.startswith(korean_home.url)


def test_korean_topic_page_links_back_to_the_english_topic(client, home, korean_home, markets):
    jangmadang = Tag.objects.get(name="장마당")

    english_page = switch_to(client, topic_page(korean_home, jangmadang), "en")

    assert english_page == topic_page(home, markets)
    assert heading(client, english_page) == "markets"


def test_topic_pages_hreflang_agrees_with_the_switch(client, home, korean_home, markets):
    english, korean = topic_page(home, markets), switch_to(client, topic_page(home, markets), "ko")

    expected = {"en": english, "ko": urlsplit(korean).path, "x-default": english}
    assert hreflang_alternates(client, english) == expected
    assert hreflang_alternates(client, korean) == expected


def test_topic_without_a_counterpart_links_to_the_other_editions_home(
    client, home, korean_home, korean_section, weather
):
    assert switch_to(client, topic_page(home, weather), "ko") == korean_home.url
    assert switch_to(client, topic_page(korean_home, weather), "en") == home.url
    # Nothing claims a home page translates the topic's.
    assert hreflang_alternates(client, topic_page(home, weather)) == {}


def test_a_corrected_pair_changes_where_the_switch_leads(client, home, korean_home, markets):
    better = Tag.objects.create(name="시장")
    TopicTranslation.objects.filter(topic=markets).update(translation=better)

    assert heading(client, switch_to(client, topic_page(home, markets), "ko")) == "시장"
