"""Fixtures for search: a Korean section, and a reader who searches and reads the results."""

import pytest
from bs4 import BeautifulSoup

from dateline.news.factories import SectionPageFactory, publish


@pytest.fixture
def korean_section(section, korean_home):
    korean = section.copy_for_translation(korean_home.locale)
    korean.title = "북한"
    return publish(korean)


@pytest.fixture
def economy(home):
    return publish(SectionPageFactory(parent=home, title="Economy", slug="economy"))


def search(client, path="/search/", **params):
    """Search as a reader does and return the page as a tree."""
    response = client.get(path, params)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def found_headlines(soup) -> list[str]:
    return [link.get_text() for link in soup.select(".search-result h3 a")]
