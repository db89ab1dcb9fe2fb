"""Fixtures for feeds and sitemaps: the news tests' translated article, and a feed reader."""

import feedparser
import pytest
from wagtail.models import Site

# A Korean original and its English translation, with every part a reader sees.
from tests.news.conftest import korean_original, korean_section, translated_article  # noqa: F401


def read_feed(client, url):
    """Fetch a feed and parse it as a feed reader does, failing on anything it finds malformed."""
    response = client.get(url)
    assert response.status_code == 200, f"{response.status_code} for {url}"
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, f"{url}: {parsed.get('bozo_exception')}"
    return parsed


@pytest.fixture
def feed_reader(client):
    return lambda url: read_feed(client, url)


@pytest.fixture
def root(db) -> str:
    """The newsroom's address, which every absolute address in a feed or sitemap starts with."""
    return Site.objects.get(is_default_site=True).root_url
