"""A page a script made live without publishing it has no publication date: feeds still answer."""

import pytest

from dateline.news.factories import ArticlePageFactory, publish
from dateline.news.models import ArticlePage

pytestmark = pytest.mark.django_db


def test_feeds_leave_out_an_article_made_live_without_a_publication_date(client, section):
    dated = publish(ArticlePageFactory(parent=section, title="Published the usual way"))
    undated = publish(ArticlePageFactory(parent=section, title="Made live by a script"))
    ArticlePage.objects.filter(pk=undated.pk).update(
        first_published_at=None, last_published_at=None
    )
    for address in ("/feeds/latest.rss", "/feeds/latest.atom", "/feeds/latest.json"):
        response = client.get(address)
        assert response.status_code == 200, address
        body = response.content.decode()
        assert dated.title in body, address
        assert undated.title not in body, address


def test_an_undated_article_does_not_hide_a_change_behind_the_etag(client, section, monkeypatch):
    """The validator covers the entries the feed shows, not the undated page the feed leaves out
    (PostgreSQL sorts a missing date first, SQLite last)."""
    monkeypatch.setattr("dateline.feeds.items.FEED_LENGTH", 2)
    oldest = publish(ArticlePageFactory(parent=section, title="Water cut again"))
    publish(ArticlePageFactory(parent=section, title="Bus fares rise"))
    undated = publish(ArticlePageFactory(parent=section, title="Made live by a script"))
    ArticlePage.objects.filter(pk=undated.pk).update(
        first_published_at=None, last_published_at=None
    )
    first = client.get("/feeds/latest.atom")
    assert "Water cut again" in first.content.decode()  # the oldest of the two entries shown
    oldest.title = "Water cut again in three districts"
    publish(oldest)

    again = client.get("/feeds/latest.atom", HTTP_IF_NONE_MATCH=first["ETag"])

    assert again.status_code == 200
    assert "Water cut again in three districts" in again.content.decode()
