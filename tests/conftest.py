"""Fixtures shared by every test module: the editions made at migrate time and pages built on them."""

import pytest

from dateline.news.factories import (
    ArticleCreditFactory,
    ArticlePageFactory,
    ContributorFactory,
    SectionPageFactory,
    edition_home,
    publish,
)
from dateline.news.models import CreditRole


@pytest.fixture
def home(db):
    return edition_home("en")


@pytest.fixture
def korean_home(db):
    return edition_home("ko")


@pytest.fixture
def section(home):
    return publish(SectionPageFactory(parent=home, title="North Korea", slug="north-korea"))


@pytest.fixture
def article(section):
    """A published article with a reporter and a writer credited, in that order."""
    article = ArticlePageFactory(parent=section, title="Prices rise in border towns", live=False)
    ArticleCreditFactory(
        article=article, contributor=ContributorFactory(name="Han Ji-woo"), role=CreditRole.REPORTER
    )
    ArticleCreditFactory(
        article=article,
        contributor=ContributorFactory(name="Claire Dunmore"),
        role=CreditRole.WRITER,
    )
    article.tags.add("markets")
    article.save()
    return publish(article)


@pytest.fixture(autouse=True)
def _fresh_editions(monkeypatch):
    """Forget the editions a process remembers, since each test's database is rolled back; keep
    them for the whole test, however slow the machine, so query counts do not vary."""
    from dateline.news import editions
    from dateline.news.editions import forget_editions

    monkeypatch.setattr(editions, "EDITIONS_LIFETIME", float("inf"))
    forget_editions()
    yield
    forget_editions()
