"""Fixtures for the bake tests: baking switched on into a throwaway folder, and a small newsroom."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from wagtail.models import PageViewRestriction

from dateline.core.models import NewsroomSettings
from dateline.core.scheduling import publish_scheduled_pages
from dateline.news.factories import (
    ArticlePageFactory,
    CommentFactory,
    NewsImageFactory,
    publish,
)
from dateline.news.models import StandardPage
from dateline.publish import paths
from dateline.publish.bake import full_bake


@pytest.fixture
def baking(settings, tmp_path):
    """Switch baking on, into a folder of this test's own."""
    settings.DATELINE_BAKE = True
    settings.DATELINE_BAKED_ROOT = tmp_path / "baked"
    settings.DATELINE_ARTICLES_PER_PAGE = 2
    settings.DATELINE_COMMENTS_PER_PAGE = 1
    return settings.DATELINE_BAKED_ROOT


@pytest.fixture
def newsroom(baking, home, section, article):
    """A section of three articles (two pages), a discussion of two pages, a standard page, and
    pages a reader may not see: a draft, a password-protected article and an expired one."""
    article.hero_image = NewsImageFactory(title="Market stalls", credit="Photo: Kim Su-a")
    article.hero_alt = "Market stalls"
    publish(article)
    for number in range(2):
        publish(ArticlePageFactory(parent=section, title=f"Older story {number}", live=False))
    CommentFactory.create_batch(2, article=article)
    home.add_child(instance=StandardPage(title="About us", slug="about", body=[]))
    draft = ArticlePageFactory(parent=section, title="Unfinished draft", slug="draft", live=False)
    draft.save_revision()
    private = publish(ArticlePageFactory(parent=section, title="Members only", slug="private"))
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="x")
    expired = publish(ArticlePageFactory(parent=section, title="Old notice", slug="expired"))
    type(expired).objects.filter(pk=expired.pk).update(
        expire_at=timezone.now() - timedelta(minutes=1)
    )
    publish_scheduled_pages()  # unpublishes it, as the worker does every minute
    NewsroomSettings.for_site(home.get_site())
    return article


@pytest.fixture
def baked(newsroom):
    """The newsroom, baked; returns the live site folder."""
    summary = full_bake()
    assert summary.failures == []
    return paths.site_dir()


def read(site: Path, relative: str) -> str:
    return (site / relative).read_text("utf-8")
