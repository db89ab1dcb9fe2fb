"""Canonical, feed and hreflang addresses name the site where it really is, on any host and port."""

import pytest
from bs4 import BeautifulSoup

from dateline.publish.render import Renderer

from .conftest import head_of


def head_of_response(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser").head


@pytest.fixture
def base_url_unset(settings):
    """A development site started without DATELINE_BASE_URL, serving on port 8689."""
    settings.DATELINE_BASE_URL_FROM_REQUEST = True
    settings.DATELINE_BASE_URL = "http://127.0.0.1:8689"


def test_without_a_base_url_a_page_names_the_address_it_was_reached_at(
    client, translated_article, base_url_unset
):
    head = head_of_response(client.get(translated_article.url, HTTP_HOST="127.0.0.1:8681"))

    assert head.select_one("link[rel=canonical]")["href"] == (
        f"http://127.0.0.1:8681{translated_article.url}"
    )
    hreflangs = [link["href"] for link in head.select("link[rel=alternate][hreflang]")]
    assert hreflangs and all(href.startswith("http://127.0.0.1:8681/") for href in hreflangs)


def test_without_a_base_url_a_feed_links_to_the_address_it_was_fetched_at(
    client, translated_article, base_url_unset
):
    body = client.get("/feeds/latest.rss", HTTP_HOST="localhost:8682").content.decode()

    assert f"<link>http://localhost:8682{translated_article.url}</link>" in body
    assert "localhost:8000" not in body


def test_with_a_base_url_the_host_a_request_names_is_ignored(client, translated_article, root):
    head = head_of(client, translated_article.url)
    other = head_of_response(client.get(translated_article.url, HTTP_HOST="203.0.113.9:8000"))

    assert root == "http://localhost:8000"
    expected = f"{root}{translated_article.url}"
    assert head.select_one("link[rel=canonical]")["href"] == expected
    assert other.select_one("link[rel=canonical]")["href"] == expected


def test_the_bake_renders_addresses_at_the_address_the_site_is_served_at(
    translated_article, base_url_unset
):
    rendered = Renderer().render(translated_article.url)

    assert rendered.status == 200, rendered.problem
    assert (
        f'<link rel="canonical" href="http://127.0.0.1:8689{translated_article.url}">'
        in rendered.body.decode()
    )
