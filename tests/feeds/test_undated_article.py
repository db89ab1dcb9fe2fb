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
