"""The JSON-LD search engines read: NewsArticle and BreadcrumbList on articles, WebSite on fronts."""

from datetime import datetime
from urllib.parse import urlsplit

import pytest
from wagtail.models import Site

from dateline.core.models import NewsroomSettings
from dateline.news.factories import ArticlePageFactory, NewsImageFactory, publish

from .conftest import head_of, json_ld

ENGLISH = "/north-korea/hyesan-rice-doubles/"
KOREAN = "/ko/north-korea/hyesan-rice/"


@pytest.fixture
def article_data(client, translated_article):
    return json_ld(head_of(client, ENGLISH), "NewsArticle")


def test_news_article_names_headline_and_description(article_data):
    assert article_data["@context"] == "https://schema.org"
    assert article_data["headline"] == "Rice nearly doubles in price in Hyesan"
    assert article_data["description"] == (
        "As border controls tighten, families are switching to corn."
    )


@pytest.mark.parametrize("key", ["datePublished", "dateModified"])
def test_news_article_dates_are_iso_8601_with_a_time_zone(article_data, translated_article, key):
    moment = datetime.fromisoformat(article_data[key])

    assert moment.tzinfo is not None
    assert moment == translated_article.first_published_at.replace(microsecond=0)


def test_each_writer_and_reporter_is_an_author_with_a_profile_page(client, article_data, root):
    assert article_data["author"] == [
        {"@type": "Person", "name": "Claire Dunmore", "url": f"{root}/contributors/claire-dunmore/"}
    ]
    assert client.get(urlsplit(article_data["author"][0]["url"]).path).status_code == 200


def test_translator_is_named_as_translator(article_data, root):
    assert article_data["translator"] == [
        {"@type": "Person", "name": "Lee Min-jun", "url": f"{root}/contributors/lee-min-jun/"}
    ]


def test_images_come_in_three_shapes_of_at_least_50000_pixels(client, article_data):
    images = article_data["image"]

    assert {round(image["width"] / image["height"], 2) for image in images} == {1.78, 1.33, 1.0}
    for image in images:
        assert image["width"] * image["height"] >= 50_000
        response = client.get(urlsplit(image["url"]).path)
        assert response.status_code == 200


def test_article_without_a_hero_image_gives_no_image(client, section):
    article = publish(ArticlePageFactory(parent=section, live=False))

    data = json_ld(head_of(client, article.url), "NewsArticle")

    assert "image" not in data


def test_publisher_is_the_news_organisation_with_its_logo(client, translated_article):
    NewsroomSettings.objects.create(
        site=Site.objects.get(is_default_site=True), logo=NewsImageFactory(title="Logo")
    )

    publisher = json_ld(head_of(client, ENGLISH), "NewsArticle")["publisher"]

    assert publisher["@type"] == "NewsMediaOrganization"
    assert publisher["name"] == "Dateline"
    assert publisher["logo"]["@type"] == "ImageObject"
    assert publisher["logo"]["height"] <= 60
    assert client.get(urlsplit(publisher["logo"]["url"]).path).status_code == 200


def test_publisher_without_a_logo_set_is_named_without_one(article_data):
    assert article_data["publisher"]["name"] == "Dateline"
    assert "logo" not in article_data["publisher"]


def test_news_article_names_its_page_language_section_and_keywords(article_data, root):
    assert article_data["mainEntityOfPage"] == {"@type": "WebPage", "@id": f"{root}{ENGLISH}"}
    assert article_data["inLanguage"] == "en"
    assert article_data["articleSection"] == "North Korea"
    assert sorted(article_data["keywords"]) == ["markets", "rice prices"]
    assert article_data["isAccessibleForFree"] is True


def test_translation_names_the_work_it_translates(article_data, root):
    original = article_data["translationOfWork"]

    assert original["@id"] == f"{root}{KOREAN}"
    assert original["inLanguage"] == "ko"
    assert original["headline"] == "혜산 쌀값, 한 달 새 두 배 가까이 올라"


def test_original_names_its_translations(client, translated_article, root):
    data = json_ld(head_of(client, KOREAN), "NewsArticle")

    assert [work["@id"] for work in data["workTranslation"]] == [f"{root}{ENGLISH}"]
    assert data["inLanguage"] == "ko"
    assert "translationOfWork" not in data


def test_breadcrumbs_lead_from_the_front_page_to_the_article(client, translated_article, root):
    crumbs = json_ld(head_of(client, ENGLISH), "BreadcrumbList")["itemListElement"]

    assert [(crumb["position"], crumb["name"], crumb["item"]) for crumb in crumbs] == [
        (1, "Dateline", f"{root}/"),
        (2, "North Korea", f"{root}/north-korea/"),
        (3, "Rice nearly doubles in price in Hyesan", f"{root}{ENGLISH}"),
    ]


def test_front_page_offers_search_engines_a_search_action(client, translated_article, root):
    website = json_ld(head_of(client, "/ko/"), "WebSite")

    assert website["url"] == f"{root}/ko/"
    action = website["potentialAction"]
    assert action["@type"] == "SearchAction"
    assert action["query-input"] == "required name=search_term_string"
    template = action["target"]["urlTemplate"]
    assert template == f"{root}/ko/search/?q={{search_term_string}}"
    found = client.get(
        urlsplit(template.replace("{search_term_string}", "장마당")).path, {"q": "장마당"}
    )
    assert found.status_code == 200


def test_article_page_has_no_website_object(client, translated_article):
    head = head_of(client, ENGLISH)

    assert not [
        s for s in head.select("script[type='application/ld+json']") if "WebSite" in s.string
    ]


def test_headline_cannot_break_out_of_the_json_ld_script(client, section):
    article = publish(
        ArticlePageFactory(parent=section, title="</script><script>alert(1)</script>", live=False)
    )

    head = head_of(client, article.url)

    assert "<script>alert(1)" not in str(head)
    assert json_ld(head, "NewsArticle")["headline"] == "</script><script>alert(1)</script>"
