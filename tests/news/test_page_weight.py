"""Readers on slow, metered networks: the article page and its stylesheet stay small."""

import gzip

from django.contrib.staticfiles import finders

from .conftest import parse

# Issue 2's budget for the article page's HTML and the one stylesheet together, gzip-compressed.
PAGE_WEIGHT_BUDGET = 30 * 1024


def gzipped_size(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6))


def stylesheets(soup) -> list[bytes]:
    """Return the bytes of every stylesheet the page links to, read from the static files."""
    found = []
    for link in soup.select("link[rel=stylesheet]"):
        path = finders.find(link["href"].removeprefix("/static/"))
        assert path, f"{link['href']} is not a static file"
        with open(path, "rb") as stylesheet:
            found.append(stylesheet.read())
    return found


def test_article_page_and_its_css_weigh_under_30_kb_compressed(client, translated_article):
    response = client.get(translated_article.url)
    css = stylesheets(parse(response))
    total = gzipped_size(response.content) + sum(gzipped_size(sheet) for sheet in css)
    print(f"article page HTML + CSS, gzip-compressed: {total} bytes")
    assert total < PAGE_WEIGHT_BUDGET, f"{total} bytes compressed"


def test_article_page_loads_one_stylesheet(client, translated_article):
    soup = parse(client.get(translated_article.url))
    assert len(soup.select("link[rel=stylesheet]")) == 1
