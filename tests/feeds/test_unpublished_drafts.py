"""A newer draft of a live page stays in the admin: every public output shows the published version.

Editors save drafts of live articles, sections and front pages all day; a public output that read
the latest revision instead of the live row would publish their unfinished work.
"""

import json

import pytest
from bs4 import BeautifulSoup

from tests.search.conftest import found_headlines, search

from .conftest import read_feed
from .test_sitemaps import listed_urls, sitemap_paths, xml

DRAFT = "UNPUBLISHED DRAFT"

pytestmark = pytest.mark.django_db


def save_draft(page, **fields):
    """Save a newer revision of a live page without publishing it, as "Save draft" does."""
    page = page.specific
    for name, value in fields.items():
        setattr(page, name, value)
    page.save_revision()
    return page


@pytest.fixture
def drafts(translated_article):
    """Draft headlines saved on the live article, its section and its edition's front page."""
    section = translated_article.get_parent().specific
    home = section.get_parent().specific
    published = {
        "article": translated_article.title,
        "standfirst": translated_article.standfirst,
        "section": section.title,
    }
    save_draft(
        translated_article,
        title=f"{DRAFT} headline",
        standfirst=f"{DRAFT} standfirst",
        seo_title=f"{DRAFT} seo",
        search_description=f"{DRAFT} description",
    )
    save_draft(section, title=f"{DRAFT} section", intro=f"{DRAFT} intro")
    save_draft(home, title=f"{DRAFT} newsroom", tagline=f"{DRAFT} tagline")
    return published


def test_the_drafts_are_saved_as_newer_revisions(drafts, translated_article):
    # The control: the drafts exist where the admin would show them.
    latest = translated_article.get_latest_revision_as_object()
    assert latest.title == f"{DRAFT} headline"
    translated_article.refresh_from_db()
    assert translated_article.has_unpublished_changes
    assert translated_article.title == drafts["article"]


def test_the_article_page_and_its_structured_data_show_the_published_version(
    client, drafts, translated_article
):
    response = client.get(translated_article.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert DRAFT not in html
    page = BeautifulSoup(html, "html.parser")
    assert page.find("h1").get_text(strip=True) == drafts["article"]
    structured = [
        json.loads(script.string) for script in page.find_all("script", type="application/ld+json")
    ]
    assert drafts["article"] in json.dumps(structured, ensure_ascii=False)


@pytest.mark.parametrize("path", ["/", "/north-korea/", "/topics/rice-prices/"])
def test_listings_show_the_published_version(client, drafts, path):
    response = client.get(path)
    html = response.content.decode()
    assert response.status_code == 200
    assert DRAFT not in html
    if path != "/":
        assert drafts["article"] in html


@pytest.mark.parametrize(
    "url",
    [
        "/feeds/latest.rss",
        "/feeds/latest.atom",
        "/feeds/latest.json",
        "/feeds/all.rss",
        "/feeds/sections/north-korea.rss",
        "/feeds/topics/rice-prices.atom",
    ],
)
def test_feeds_show_the_published_version(client, drafts, url):
    body = client.get(url).content.decode()
    assert DRAFT not in body
    if url.endswith(".json"):
        titles = [entry["title"] for entry in json.loads(body)["items"]]
    else:
        titles = [entry.title for entry in read_feed(client, url).entries]
    assert drafts["article"] in titles


def test_sitemaps_show_the_published_version(client, drafts, translated_article, root):
    urls = listed_urls(client, root)
    assert root + translated_article.url in urls
    for path in sitemap_paths(client, root):
        body = client.get(path).content.decode()
        assert DRAFT not in body, path
    news = xml(client, "/sitemap-news.xml")
    titles = [
        element.text
        for element in news.iter("{http://www.google.com/schemas/sitemap-news/0.9}title")
    ]
    assert titles == [drafts["article"]]


def test_search_finds_the_published_text_and_not_the_draft(client, drafts):
    found = search(client, q="Hyesan")
    assert found_headlines(found) == [drafts["article"]]
    assert DRAFT not in str(found)
    assert found_headlines(search(client, q="UNPUBLISHED")) == []
