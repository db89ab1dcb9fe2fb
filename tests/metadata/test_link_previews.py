"""Link previews (Open Graph, Twitter cards), the canonical address and hreflang alternates."""

from datetime import datetime

import pytest

from dateline.news.factories import ArticlePageFactory, publish

from .conftest import head_of, meta

ENGLISH = "/north-korea/hyesan-rice-doubles/"
KOREAN = "/ko/north-korea/hyesan-rice/"


@pytest.fixture
def head(client, translated_article):
    return head_of(client, ENGLISH)


def test_open_graph_describes_the_article(head, root):
    assert meta(head, "og:type") == ["article"]
    assert meta(head, "og:title") == ["Rice nearly doubles in price in Hyesan"]
    assert meta(head, "og:description") == [
        "As border controls tighten, families are switching to corn."
    ]
    assert meta(head, "og:url") == [f"{root}{ENGLISH}"]
    assert meta(head, "og:site_name") == ["Dateline"]


def test_open_graph_image_is_large_and_described(head, root):
    (image,) = meta(head, "og:image")

    assert image.startswith(f"{root}/media/images/")
    assert int(meta(head, "og:image:width")[0]) * int(meta(head, "og:image:height")[0]) >= 50_000
    assert meta(head, "og:image:alt") == ["Low roofs seen from a hill"]


def test_open_graph_dates_section_tags_and_authors(head, translated_article, root):
    (published,) = meta(head, "article:published_time")
    published_at = translated_article.first_published_at.replace(microsecond=0)
    assert datetime.fromisoformat(published) == published_at
    assert datetime.fromisoformat(meta(head, "article:modified_time")[0]).tzinfo is not None
    assert meta(head, "article:section") == ["North Korea"]
    assert sorted(meta(head, "article:tag")) == ["markets", "rice prices"]
    assert meta(head, "article:author") == [f"{root}/contributors/claire-dunmore/"]


def test_open_graph_locale_and_its_alternates(client, translated_article, head):
    assert meta(head, "og:locale") == ["en_US"]
    assert meta(head, "og:locale:alternate") == ["ko_KR"]
    korean = head_of(client, KOREAN)
    assert meta(korean, "og:locale") == ["ko_KR"]
    assert meta(korean, "og:locale:alternate") == ["en_US"]


def test_twitter_card_shows_a_large_image(head):
    assert meta(head, "twitter:card") == ["summary_large_image"]
    assert meta(head, "twitter:title") == ["Rice nearly doubles in price in Hyesan"]
    assert meta(head, "twitter:description") == meta(head, "og:description")
    assert meta(head, "twitter:image") == meta(head, "og:image")
    assert meta(head, "twitter:image:alt") == ["Low roofs seen from a hill"]


def test_article_without_a_picture_gets_a_plain_card(client, section):
    article = publish(ArticlePageFactory(parent=section, live=False))

    head = head_of(client, article.url)

    assert meta(head, "twitter:card") == ["summary"]
    assert meta(head, "og:image") == []


def test_canonical_link_is_the_articles_full_address(head, root):
    assert [link["href"] for link in head.select("link[rel=canonical]")] == [f"{root}{ENGLISH}"]


@pytest.mark.parametrize("path", [ENGLISH, KOREAN])
def test_hreflang_alternates_link_the_article_and_its_translation(
    client, translated_article, root, path
):
    head = head_of(client, path)

    alternates = {
        link["hreflang"]: link["href"] for link in head.select("link[rel=alternate][hreflang]")
    }
    assert alternates == {
        "en": f"{root}{ENGLISH}",
        "ko": f"{root}{KOREAN}",
        "x-default": f"{root}{ENGLISH}",
    }


def test_untranslated_article_has_no_hreflang_alternates(client, section):
    article = publish(ArticlePageFactory(parent=section, live=False))

    assert head_of(client, article.url).select("link[hreflang]") == []


def test_contributor_page_is_canonical_at_its_own_address(client, translated_article, root):
    head = head_of(client, "/contributors/claire-dunmore/")

    assert head.select_one("link[rel=canonical]")["href"] == f"{root}/contributors/claire-dunmore/"
    assert meta(head, "og:title") == ["Claire Dunmore"]
    assert meta(head, "og:type") == ["website"]
    # Its alternates are the same contributor's page in each edition, as its language links are.
    assert {link["hreflang"]: link["href"] for link in head.select("link[hreflang]")} == {
        "en": f"{root}/contributors/claire-dunmore/",
        "ko": f"{root}/ko/contributors/claire-dunmore/",
        "x-default": f"{root}/contributors/claire-dunmore/",
    }


def test_front_pages_link_each_other_as_alternates(client, translated_article, root):
    head = head_of(client, "/")

    alternates = {
        link["hreflang"]: link["href"] for link in head.select("link[rel=alternate][hreflang]")
    }
    assert alternates["en"] == f"{root}/"
    assert alternates["ko"] == f"{root}/ko/"
