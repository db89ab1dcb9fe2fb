"""What time alone changes reaches the baked files through the worker's scheduled step."""

from datetime import timedelta

import pytest
from django.utils import timezone

from dateline.core.scheduling import run_clock_duties
from dateline.publish import paths
from dateline.publish.bake import stale_files
from dateline.publish.models import BakedPage

from .conftest import read


@pytest.fixture
def later(baked, monkeypatch, settings):
    """Move the clock on by a given time; only the duty a test is about is due (forms last
    a month)."""
    settings.DATELINE_COMMENTS_FORM_MAX_AGE_HOURS = 24 * 30
    real_now = timezone.now

    def move(by: timedelta):
        monkeypatch.setattr(timezone, "now", lambda: real_now() + by)

    return move


@pytest.fixture
def tick(django_capture_on_commit_callbacks):
    """Run the worker's scheduled step, and the re-bake it queues, as the worker would."""

    def run():
        with django_capture_on_commit_callbacks(execute=True):
            run_clock_duties()

    return run


def article_file(article) -> str:
    return read(paths.site_dir(), str(paths.relative_file_for_url(article.url)))


def test_a_story_leaves_the_news_sitemap_two_days_after_publication(later, tick, article):
    assert article.url in read(paths.site_dir(), "sitemap-news.xml")
    later(timedelta(days=2, seconds=30))
    tick()
    assert article.url not in read(paths.site_dir(), "sitemap-news.xml")
    assert stale_files() == []


def test_comments_close_on_the_baked_page_when_their_time_is_up(later, tick, article, settings):
    settings.DATELINE_COMMENTS_CLOSE_AFTER_DAYS = 3
    assert 'name="token"' in article_file(article)
    later(timedelta(days=3, seconds=30))
    tick()
    assert 'name="token"' not in article_file(article)


def test_a_page_baked_a_day_ago_gets_a_fresh_comment_form(baked, tick, article):
    a_day_ago = timezone.now() - timedelta(hours=25)
    BakedPage.objects.filter(url=article.url).update(baked_at=a_day_ago)
    tick()
    assert BakedPage.objects.get(url=article.url).baked_at > a_day_ago + timedelta(hours=1)
