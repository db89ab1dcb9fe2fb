"""A change re-renders only the URLs that show what changed, what readers notice first."""

import pytest

from dateline.news.factories import (
    ArticleCreditFactory,
    ArticlePageFactory,
    ContributorFactory,
    SectionPageFactory,
    publish,
)
from dateline.publish.bake import full_bake, stale_files
from dateline.publish.incremental import apply_pending_changes
from dateline.publish.models import PendingChange


@pytest.fixture
def two_editions(newsroom, home, korean_home, section):
    """The newsroom with a second section, and a Korean edition sharing a contributor and topic."""
    economy = publish(SectionPageFactory(parent=home, title="Economy", slug="economy"))
    other = publish(ArticlePageFactory(parent=economy, title="Fuel costs", live=False))
    ArticleCreditFactory(article=other, contributor=ContributorFactory(name="Oh Tae-ho"))
    other.tags.add("fuel")
    publish(other)
    korean_section = publish(SectionPageFactory(parent=korean_home, title="북한", slug="bukhan"))
    korean = ArticlePageFactory(parent=korean_section, title="쌀값 상승", live=False)
    shared = newsroom.credits.first().contributor
    ArticleCreditFactory(article=korean, contributor=shared)
    korean.tags.add("markets")
    publish(korean)
    assert full_bake().failures == []
    return newsroom


@pytest.fixture(autouse=True)
def queued_not_run(settings):
    """Queue the re-bake as the worker would find it, so the test runs it and sees its URLs."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def rebaked(change, capture) -> list[str]:
    with capture(execute=True):
        change()
    return apply_pending_changes()["urls"]


def test_editing_a_live_articles_text_renders_only_what_shows_it(
    two_editions, django_capture_on_commit_callbacks
):
    article = two_editions
    article.standfirst = "Prices have doubled since spring."
    urls = rebaked(lambda: publish(article), django_capture_on_commit_callbacks)
    assert article.url in urls
    assert not [url for url in urls if url.startswith("/ko/")], urls
    assert not [url for url in urls if "economy" in url or "fuel" in url or "oh-tae-ho" in url]
    assert "/robots.txt" not in urls
    assert stale_files() == []


def test_a_new_article_enters_only_its_own_editions_listings(
    two_editions, section, django_capture_on_commit_callbacks
):
    contributor = two_editions.credits.first().contributor

    def write():
        story = ArticlePageFactory(parent=section, title="Flood", live=False)
        ArticleCreditFactory(article=story, contributor=contributor)
        story.tags.add("markets")
        publish(story)

    urls = rebaked(write, django_capture_on_commit_callbacks)
    assert f"/contributors/{contributor.slug}/" in urls
    assert "/topics/markets/" in urls
    assert not [url for url in urls if url.startswith("/ko/")], urls
    assert stale_files() == []


def test_what_readers_notice_is_rendered_first(
    two_editions, section, django_capture_on_commit_callbacks
):
    story = ArticlePageFactory(parent=section, title="Flood", live=False)
    ArticleCreditFactory(article=story, contributor=ContributorFactory(name="Kang Eun-bi"))
    urls = rebaked(lambda: publish(story), django_capture_on_commit_callbacks)
    noticed = [story.url, section.url, "/", "/feeds/latest.rss", "/feeds/all.rss"]
    later = ["/north-korea/page/2/", "/contributors/kang-eun-bi/", "/sitemap.xml"]
    first_later = min(urls.index(url) for url in later)
    assert all(urls.index(url) < first_later for url in noticed), urls
    assert PendingChange.objects.count() == 0
