"""Fixtures for what a page tells machines: the news tests' translated article, and its <head>."""

import json

import pytest
from bs4 import BeautifulSoup
from wagtail.models import Site

# A Korean original and its English translation, with every part a reader sees.
from tests.news.conftest import korean_original, korean_section, translated_article  # noqa: F401


def head_of(client, path) -> BeautifulSoup:
    response = client.get(path)
    assert response.status_code == 200, f"{response.status_code} for {path}"
    return BeautifulSoup(response.content, "html.parser").head


def json_ld(head, schema_type: str) -> dict:
    """Return the one JSON-LD object of a type in the page's head, parsed."""
    objects = [
        json.loads(script.string) for script in head.select("script[type='application/ld+json']")
    ]
    matching = [data for data in objects if data.get("@type") == schema_type]
    assert len(matching) == 1, f"{len(matching)} {schema_type} objects in {objects}"
    return matching[0]


def meta(head, key: str) -> list[str]:
    """Return the content of every <meta property=key> or <meta name=key>, in order."""
    return [
        tag["content"]
        for tag in head.select("meta")
        if tag.get("property") == key or tag.get("name") == key
    ]


@pytest.fixture
def root(db) -> str:
    return Site.objects.get(is_default_site=True).root_url
