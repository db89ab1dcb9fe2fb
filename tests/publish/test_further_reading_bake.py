"""A new story changes the baked files of the pages that show it and of one neighbour, no more."""

from dateline.news.factories import ArticlePageFactory, publish
from dateline.news.models import ArticlePage
from dateline.publish import paths
from dateline.publish.bake import stale_files
from dateline.publish.incremental import apply_pending_changes

from .conftest import read


def live_file(url: str) -> str:
    return read(paths.site_dir(), str(paths.relative_file_for_url(url)))


def article_urls() -> set[str]:
    return {page.url for page in ArticlePage.objects.live()}


def test_a_new_story_re_renders_its_listings_and_only_the_story_before_it(
    baked, section, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    newest_before = ArticlePage.objects.get(title="Older story 1")
    with django_capture_on_commit_callbacks(execute=True):
        new = publish(ArticlePageFactory(parent=section, title="Flood", live=False))
    rendered = set(apply_pending_changes()["urls"])

    assert rendered & article_urls() == {new.url, newest_before.url}
    assert {"/", "/north-korea/", "/feeds/latest.rss"} <= rendered
    assert "Flood" in live_file(newest_before.url)  # its "next story" link
    assert "Older story 1" in live_file(new.url)  # the new one's "previous story"
    assert stale_files() == []


def test_an_edited_headline_reaches_the_stories_that_list_it(
    baked, section, article, django_capture_on_commit_callbacks
):
    older = ArticlePage.objects.get(title="Older story 0")
    older.title = "Older story, corrected"
    with django_capture_on_commit_callbacks(execute=True):
        publish(older)
    apply_pending_changes()
    newest = ArticlePage.objects.get(title="Older story 1")
    assert "Older story, corrected" in live_file(newest.url)
    assert "Older story, corrected" in live_file(article.url)
