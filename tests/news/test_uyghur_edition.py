"""A third, right-to-left edition is a setting away: the Uyghur edition, read as readers do."""

from io import StringIO
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from wagtail.models import Locale

from dateline.news.factories import (
    ArticleCreditFactory,
    ArticlePageFactory,
    ContributorFactory,
    paragraphs,
    publish,
)
from dateline.news.models import ArticlePage, Contributor, CreditRole, HomePage

from .conftest import parse

HEADLINE = "بازاردا ئۇن باھاسى يەنە ئۆستى"


@pytest.fixture
def uyghur_article(uyghur_edition, section):
    """A published Uyghur article reported by Han Ji-woo, who has a Uyghur name."""
    uyghur_section = section.copy_for_translation(uyghur_edition.locale)
    uyghur_section.title = "ئىقتىساد"
    publish(uyghur_section)
    article = ArticlePageFactory(
        parent=uyghur_section,
        title=HEADLINE,
        slug="flour-price-rises-again",
        standfirst="نۇرغۇن ئائىلىلەر كۈندىلىك تاماقنى ئازايتىشقا مەجبۇر بولماقتا.",
        body=paragraphs("بازاردا ئۇن باھاسى بىر ئاي ئىچىدە ئۈچتىن بىر ئۆستى."),
        live=False,
    )
    ArticleCreditFactory(
        article=article,
        contributor=ContributorFactory(name="Han Ji-woo", names={"ug": "خەن جىۋۇ"}),
        role=CreditRole.REPORTER,
    )
    return publish(article)


def test_demo_fills_the_uyghur_edition(uyghur_edition, settings, tmp_path, client):
    settings.DATELINE_HOME = tmp_path
    call_command("load_demo_newsroom", stdout=StringIO())

    uyghur = Locale.objects.get(language_code="ug")
    articles = ArticlePage.objects.live().filter(locale=uyghur)
    assert articles.count() == 3
    assert HomePage.objects.get(pk=uyghur_edition.pk).title == "نوردېرن ۋايەر"
    translation = articles.get(slug="phone-checks-on-northbound-trains")
    assert translation.translated_from.locale.language_code == "en"
    # The English topics became the Uyghur edition's, through the demo's topic pairs.
    assert sorted(tag.name for tag in translation.tags.all()) == ["نازارەت", "يانفون"]
    han = Contributor.objects.get(slug="han-ji-woo")
    assert (han.name_in("ko"), han.name_in("ug"), han.name_in("en")) == (
        "한지우",
        "خەن جىۋۇ",
        "Han Ji-woo",
    )
    page = parse(client.get(articles.get(slug="flour-price-rises-again").url))
    assert page.html["dir"] == "rtl"
    assert "خەن جىۋۇ" in page.select_one(".byline").text


def test_uyghur_pages_are_right_to_left(client, uyghur_article):
    for url in ("/ug/", uyghur_article.url):
        page = parse(client.get(url))

        assert page.html["lang"] == "ug"
        assert page.html["dir"] == "rtl"


def test_uyghur_article_names_contributors_in_uyghur(client, uyghur_article):
    page = parse(client.get(uyghur_article.url))

    byline = page.select_one(".byline").text
    assert "خەن جىۋۇ" in byline and "Han Ji-woo" not in byline


@pytest.mark.parametrize(
    "path",
    ["/ug/feeds/latest.rss", "/ug/feeds/latest.atom", "/ug/feeds/latest.json", "/ug/search/?q=ئۇن"],
)
def test_uyghur_edition_has_its_own_feeds_and_search(client, uyghur_article, path):
    response = client.get(path)

    assert response.status_code == 200
    assert uyghur_article.url in response.content.decode()


def test_english_feed_leaves_the_uyghur_articles_out(client, uyghur_article):
    assert HEADLINE not in client.get("/feeds/latest.rss").content.decode()


def test_sitemaps_list_uyghur_pages(client, uyghur_article):
    index = client.get("/sitemap.xml").content.decode()
    parts = [loc.split("</loc>")[0] for loc in index.split("<loc>")[1:]]

    listed = "".join(client.get(urlsplit(part).path).content.decode() for part in parts)

    assert uyghur_article.url in listed


def test_english_article_links_its_uyghur_translation(client, uyghur_article, section):
    english = uyghur_article.copy_for_translation(section.locale).specific
    english.title, english.slug = "Flour price rises again", "flour-price-rises-again"
    english.save()
    publish(english)

    page = parse(client.get(english.url))

    assert page.select_one('link[rel="alternate"][hreflang="ug"]')["href"].endswith(
        uyghur_article.url
    )


def test_bake_enumerates_the_uyghur_edition(uyghur_article):
    from dateline.publish.site import all_targets

    urls = {target.url for target in all_targets()}

    assert {"/ug/", uyghur_article.url, "/ug/feeds/latest.rss"} <= urls
