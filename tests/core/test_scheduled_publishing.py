"""Scheduled publishing, as the background worker runs it every minute."""

from datetime import timedelta
from unittest import mock

from django.utils import timezone
from wagtail.models import PageLogEntry

from dateline.core.scheduling import publish_scheduled_pages
from dateline.news.factories import ArticlePageFactory


def schedule(page, go_live_at, *, scheduled_at):
    """Publish the page with a go-live time, as an editor does in the admin at `scheduled_at`."""
    with mock.patch("django.utils.timezone.now", return_value=scheduled_at):
        page.go_live_at = go_live_at
        page.save_revision().publish()
    page.refresh_from_db()
    return page


def test_scheduled_article_waits_unpublished_until_its_time(client, section):
    now = timezone.now()
    article = ArticlePageFactory(parent=section, live=False)
    schedule(article, now + timedelta(hours=1), scheduled_at=now)
    assert not article.live
    assert article.get_latest_revision().approved_go_live_at == now + timedelta(hours=1)
    assert client.get(article.url).status_code == 404


def test_worker_step_publishes_an_article_whose_time_has_come(client, section):
    now = timezone.now()
    article = ArticlePageFactory(parent=section, title="Border markets reopen", live=False)
    schedule(article, now - timedelta(minutes=5), scheduled_at=now - timedelta(hours=1))
    assert not article.live

    assert publish_scheduled_pages() == 1

    article.refresh_from_db()
    assert article.live
    response = client.get(article.url)
    assert response.status_code == 200
    assert "Border markets reopen" in response.text
    assert PageLogEntry.objects.filter(page=article, action="wagtail.publish.scheduled").exists()


def test_worker_step_leaves_an_article_scheduled_for_later_alone(section):
    now = timezone.now()
    article = ArticlePageFactory(parent=section, live=False)
    schedule(article, now + timedelta(minutes=30), scheduled_at=now)

    assert publish_scheduled_pages() == 0

    article.refresh_from_db()
    assert not article.live
    assert article.get_latest_revision().approved_go_live_at is not None


def test_worker_step_unpublishes_an_article_whose_expiry_has_passed(client, article):
    type(article).objects.filter(pk=article.pk).update(
        expire_at=timezone.now() - timedelta(minutes=1)
    )
    url = article.url

    publish_scheduled_pages()

    article.refresh_from_db()
    assert not article.live and article.expired
    assert client.get(url).status_code == 404
