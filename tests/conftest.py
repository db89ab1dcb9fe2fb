"""Fixtures shared by every test module: the editions made at migrate time and pages built on them."""

import os

import pytest
from django.core.cache import cache
from django.utils import translation

from dateline.news.factories import (
    ArticleCreditFactory,
    ArticlePageFactory,
    ContributorFactory,
    SectionPageFactory,
    edition_home,
    publish,
)
from dateline.news.models import CreditRole
from tests.prepared import PreparedSite, drop_fresh_databases, shared_folder


@pytest.fixture(autouse=True)
def _english_between_tests():
    """Start each test in the default language, whatever the one before it left active.

    Management commands and views switch the thread's language; under pytest-xdist the next test in
    the same process would otherwise read Korean where it expects English.
    """
    translation.activate("en")
    yield
    translation.activate("en")


@pytest.fixture(autouse=True)
def _forget_cached_renditions():
    """Empty the cache before each test: Wagtail caches renditions by image id, and a rolled-back
    test database hands the same ids out again, so a later test would be shown files it never
    made (which the media gate rightly refuses)."""
    cache.clear()


@pytest.fixture
def home(db):
    return edition_home("en")


@pytest.fixture
def korean_home(db):
    return edition_home("ko")


@pytest.fixture
def section(home):
    return north_korea_section(home)


@pytest.fixture
def article(section):
    """A published article with a reporter and a writer credited, in that order."""
    return credited_article(section)


def north_korea_section(home):
    return publish(SectionPageFactory(parent=home, title="North Korea", slug="north-korea"))


def credited_article(section):
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


@pytest.fixture
def uyghur_edition(settings, db):
    """Add the Uyghur edition (right to left) as an operator would: one more language in settings
    (`DATELINE_EXTRA_LANGUAGES=ug`), then what `dateline migrate` does; return its home page."""
    from dateline.news.editions import ensure_editions

    languages = [*settings.LANGUAGES, ("ug", "Uyghur")]
    settings.LANGUAGES = settings.WAGTAIL_CONTENT_LANGUAGES = languages
    ensure_editions()
    return edition_home("ug")


def pytest_collection_modifyitems(config, items):
    """Leave out the tests that are not for this run's database. The tests of several nodes
    need PostgreSQL (several machines share one database; the SQLite run tests one node on S3
    instead), as do those marked `postgresql` (about PostgreSQL itself). Those marked `sqlite`
    are about SQLite's own query planner, or run their sites on SQLite in child processes
    whatever DATABASE_URL says (serve, the baked front and nginx, the killed bakes, an upgrade):
    the PostgreSQL run would repeat them unchanged. Deselected, not skipped: CI fails a run with
    skips, and the other database's run runs them."""
    others = {"sqlite"} if os.environ.get("DATABASE_URL") else {"nodes", "postgresql"}

    kept, left_out = [], []
    for item in items:
        elsewhere = any(item.get_closest_marker(marker) for marker in others)
        (left_out if elsewhere else kept).append(item)
    if left_out:
        config.hook.pytest_deselected(items=left_out)
        items[:] = kept


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session, exitstatus):
    """Each test process drops the PostgreSQL databases it made for sites run as an operator
    runs them; last, after pytest has torn down the fixtures whose servers used them (an
    interrupted run tears them down only then)."""
    drop_fresh_databases()


def pytest_configure(config):
    """Refuse `--dist loadgroup` under pytest 9.2 or later, where pytest-xdist no longer groups:
    it groups by a suffix it adds to each test's id, which 9.2 does not take up, and says nothing
    (pytest-dev/pytest-xdist#1386). Each test process would build the costly fixture of every
    module marked `xdist_group` (a served site, a bake) again; pyproject.toml allows below 9.2."""
    if config.getoption("dist", "no") == "loadgroup" and pytest.version_tuple[:2] >= (9, 2):
        raise pytest.UsageError(
            f"pytest {pytest.__version__} breaks pytest-xdist's --dist loadgroup; "
            "install the pytest version pyproject.toml allows (make test does)."
        )


@pytest.fixture(scope="session")
def prepared_site(tmp_path_factory):
    """A migrated database and collected static files for sites run in child processes."""
    return PreparedSite(shared_folder(tmp_path_factory))
