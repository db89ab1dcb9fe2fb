"""Changes reach the baked files: each kind of change re-renders what shows it, nothing stale."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from wagtail.models import Site

from dateline.comments.factories import CommentFactory
from dateline.comments.models import Comment, CommentStatus
from dateline.comments.moderation import apply_action, edit_comment
from dateline.core.models import NewsroomSettings
from dateline.core.scheduling import publish_scheduled_pages
from dateline.news.factories import (
    ArticleCreditFactory,
    ArticlePageFactory,
    ContributorFactory,
    NewsImageFactory,
    SectionPageFactory,
    publish,
)
from dateline.news.models import TopicTranslation
from dateline.publish import changes as changes_module
from dateline.publish import paths
from dateline.publish.bake import stale_files
from dateline.publish.claims import claim_changes
from dateline.publish.incremental import apply_pending_changes
from dateline.publish.models import PendingChange

from .conftest import read


@pytest.fixture
def changes(baked, django_capture_on_commit_callbacks):
    """Run each change's re-bake when the change commits, as the worker would."""

    def make(change):
        with django_capture_on_commit_callbacks(execute=True):
            result = change()
        return result

    return make


def live_file(url: str) -> str:
    return read(paths.site_dir(), str(paths.relative_file_for_url(url)))


def test_a_published_article_enters_its_page_section_home_and_feeds(changes, section):
    new = changes(lambda: publish(ArticlePageFactory(parent=section, title="Flood", live=False)))
    assert "Flood" in live_file(new.url)
    for listing in ("/north-korea/", "/", "/feeds/latest.rss", "/feeds/all.json"):
        assert "Flood" in live_file(listing), listing
    assert "Flood" in live_file("/feeds/sections/north-korea.atom")
    assert new.url in live_file("/sitemap-news.xml")


def test_an_edit_of_a_live_article_is_baked(changes, article):
    article.title = "Prices double in border towns"
    changes(lambda: publish(article))
    assert "Prices double in border towns" in live_file(article.url)
    assert "Prices double in border towns" in live_file("/north-korea/page/2/")


def test_a_renamed_edition_names_its_stories_anew_in_the_news_sitemap(changes, korean_home):
    """Google News reads each story's publication name from the news sitemap: the name of its
    edition's home, which is not the site's root for any edition but the first."""
    korean_section = publish(SectionPageFactory(parent=korean_home, title="북한", slug="bukhan"))
    changes(lambda: publish(ArticlePageFactory(parent=korean_section, title="장마당", live=False)))
    korean_home.title = "노던 와이어 데일리"
    changes(lambda: publish(korean_home))
    assert "<news:name>노던 와이어 데일리</news:name>" in live_file("/sitemap-news.xml")
    assert stale_files() == []


def test_an_edition_withdrawn_leaves_the_language_switch_of_every_page(
    korean_home, baked, changes, article
):
    """Every page links each other edition's home (or its version there) while that edition is
    live; the switch is read from the editions the process remembers, outside the render."""
    assert 'hreflang="ko"' in live_file(article.url)
    changes(korean_home.unpublish)
    for url in ("/", article.url, "/about/"):
        assert 'hreflang="ko"' not in live_file(url), url
    assert stale_files() == []


@pytest.fixture
def later_rice_story(home, newsroom):
    """A story in another section, after the newsroom's article, on a topic it does not have."""
    economy = publish(SectionPageFactory(parent=home, title="Economy", slug="economy"))
    later = ArticlePageFactory(parent=economy, title="Rice traders", live=False)
    later.tags.add("rice")
    return publish(later)


@pytest.mark.parametrize("edit", ["given", "taken"])
def test_a_topic_given_or_taken_in_place_changes_the_later_stories_related(
    later_rice_story, changes, article, edit
):
    if edit == "taken":
        article.tags.add("rice")
        changes(lambda: publish(article))
        assert article.title in live_file(later_rice_story.url)
        article.tags.remove("rice")
    else:
        assert article.title not in live_file(later_rice_story.url)
        article.tags.add("rice")
    changes(lambda: publish(article))
    assert (article.title in live_file(later_rice_story.url)) == (edit == "given")
    assert stale_files() == []


def test_a_new_topic_has_its_pages_in_every_edition(korean_home, baked, changes, section):
    story = ArticlePageFactory(parent=section, title="Rice traders", live=False)
    story.tags.add("rice")
    changes(lambda: publish(story))
    assert "Rice traders" in live_file("/topics/rice/")
    assert (paths.site_dir() / "ko/topics/rice/index.html").exists()
    assert stale_files() == []
    story.tags.remove("rice")
    changes(lambda: publish(story))
    assert stale_files() == []


def test_an_unpublished_article_leaves_every_file(changes, article):
    changes(article.unpublish)
    assert not (paths.site_dir() / article.url.strip("/") / "index.html").exists()
    assert "Prices rise in border towns" not in live_file("/north-korea/")
    assert "Prices rise in border towns" not in live_file("/feeds/all.rss")


def test_an_approved_comment_shows_on_the_article(changes, article):
    pending = CommentFactory(article=article, text="Seen it myself.", status="pending")
    changes(lambda: apply_action(Comment.objects.filter(pk=pending.pk), "approve"))
    assert "Seen it myself." in live_file(article.url) + live_file(f"{article.url}comments/page/3/")


def test_a_topic_paired_with_a_korean_one_links_its_page_to_it(changes, article, korean_home):
    topic = article.tags.first()
    korean = changes(lambda: type(topic).objects.create(name="장마당"))
    korean_page = korean_home.url + korean_home.reverse_subpage("topic", args=[korean.slug])
    assert f'href="{korean_page}"' not in live_file(f"/topics/{topic.slug}/")

    changes(
        lambda: TopicTranslation.objects.create(topic=topic, language_code="ko", translation=korean)
    )

    assert f'href="{korean_page}"' in live_file(f"/topics/{topic.slug}/")


def test_a_published_translation_and_its_original_name_each_other_in_the_sitemaps(
    changes, article, korean_home
):
    """Search engines read a story's other languages from the sitemaps: publishing a translation
    bakes the original's section sitemap anew, with the translation as its alternate."""
    korean_section = changes(
        lambda: publish(SectionPageFactory(parent=korean_home, title="북한", slug="bukhan"))
    )
    translation = changes(
        lambda: publish(
            ArticlePageFactory(
                parent=korean_section, title="쌀값", translated_from=article, live=False
            )
        )
    )
    original_sitemap = live_file(f"/sitemap-section-{article.get_parent().pk}.xml")
    root = Site.objects.get(is_default_site=True).root_url  # the newsroom's address
    assert f'hreflang="ko" href="{root}{translation.url}"' in original_sitemap
    assert stale_files() == []


def test_every_kind_of_change_leaves_nothing_stale(changes, home, section, article):
    other = changes(lambda: publish(SectionPageFactory(parent=home, title="Economy")))
    # publish, edit, move, unpublish, delete
    story = changes(lambda: publish(ArticlePageFactory(parent=section, title="Trains", live=False)))
    changes(lambda: ArticleCreditFactory(article=story, contributor=ContributorFactory(name="Oh")))
    story.title = "Trains run late"
    changes(lambda: publish(story))
    changes(lambda: story.move(other, pos="last-child"))
    gone = changes(lambda: publish(ArticlePageFactory(parent=section, title="Gone", live=False)))
    changes(gone.unpublish)
    doomed = changes(lambda: publish(ArticlePageFactory(parent=other, title="Doomed", live=False)))
    changes(lambda: doomed.delete())
    # a live page edited directly, and a scheduled publication
    article.standfirst = "Edited in place."
    changes(article.save)
    scheduled = ArticlePageFactory(parent=section, title="Scheduled", live=False)
    revision = scheduled.save_revision(approved_go_live_at=timezone.now() + timedelta(seconds=1))
    changes(lambda: revision.publish())
    type(revision).objects.filter(pk=revision.pk).update(
        approved_go_live_at=timezone.now() - timedelta(seconds=1)
    )
    changes(publish_scheduled_pages)
    # comments: approved, unapproved, edited, erased
    comment = Comment.objects.filter(article=article, status=CommentStatus.APPROVED).first()
    changes(lambda: apply_action(Comment.objects.filter(pk=comment.pk), "unapprove"))
    changes(lambda: apply_action(Comment.objects.filter(pk=comment.pk), "approve"))
    changes(
        lambda: edit_comment(
            comment, text="Edited by the desk.", author_name="Reader", author_url=""
        )
    )
    from django.core.management import call_command

    changes(lambda: call_command("commenter", "erase", comment.author_email))
    # contributor and topic renamed, image and caption changed, a site setting
    contributor = article.credits.first().contributor
    contributor.name = "Han Ji-woo (Seoul)"
    changes(contributor.save)
    topic = article.tags.first()
    topic.name = "Market prices"
    changes(topic.save)
    image = article.hero_image
    image.credit = "Photo: Lee Min-jun"
    changes(image.save)
    article.hero_caption = "Stalls at dawn."
    changes(lambda: publish(article))
    settings = NewsroomSettings.for_site(home.get_site())
    settings.logo = NewsImageFactory(title="Logo")
    changes(settings.save)

    # a section renamed, with a new address: its articles move with it
    other.title, other.slug = "Business", "business"
    changes(lambda: publish(other))

    assert "Han Ji-woo (Seoul)" in live_file(article.url)
    assert "Edited by the desk." in live_file(article.url) + live_file(
        f"{article.url}comments/page/2/"
    )
    assert "Photo: Lee Min-jun" in live_file(article.url)
    assert "Trains run late" in live_file("/business/")
    moved = type(story).objects.get(pk=story.pk).url
    assert moved.startswith("/business/")
    assert "Trains run late" in live_file(moved)
    assert stale_files() == []


def test_fifty_changes_in_a_second_are_one_task_rendering_each_url_once(
    baked, settings, article, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    contributor = article.credits.first().contributor
    for number in range(50):
        contributor.name = f"Han Ji-woo {number}"
        with django_capture_on_commit_callbacks(execute=True):
            contributor.save()  # each change commits on its own, as fifty editors' clicks would
    assert PendingChange.objects.count() == 50
    assert DBTaskResult.objects.filter(task_path__endswith="rebake_changes").count() == 1
    result = apply_pending_changes()
    assert len(result["urls"]) == len(set(result["urls"]))
    assert article.url in result["urls"]
    assert PendingChange.objects.count() == 0
    assert "Han Ji-woo 49" in live_file(article.url)
    assert stale_files() == []


IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
QUEUED_ONLY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def publish_and_kill_the_rebake(article, title, settings, capture) -> None:
    """Publish a new title; a re-bake claims its changes, then the worker dies."""
    settings.TASKS = QUEUED_ONLY  # the change is stored and its task queued, not run
    article.title = title
    with capture(execute=True):
        publish(article)
    assert claim_changes() is not None
    settings.TASKS = IMMEDIATE  # the restarted worker runs what is queued from now on


def test_the_next_rebake_takes_the_changes_a_killed_one_had_claimed(
    baked, article, settings, django_capture_on_commit_callbacks
):
    publish_and_kill_the_rebake(
        article, "Rice rationed again", settings, django_capture_on_commit_callbacks
    )
    apply_pending_changes()
    assert "Rice rationed again" in live_file(article.url)
    assert "Rice rationed again" in live_file("/north-korea/page/2/")
    assert PendingChange.objects.count() == 0


def test_the_worker_requeues_changes_left_by_a_killed_rebake_with_no_new_edit(
    baked, article, settings, django_capture_on_commit_callbacks, monkeypatch
):
    publish_and_kill_the_rebake(
        article, "Fuel queues lengthen", settings, django_capture_on_commit_callbacks
    )
    resume = changes_module._Resumer()
    clock = [1000.0]
    monkeypatch.setattr(changes_module.time, "monotonic", lambda: clock[0])
    assert resume() is False  # the first look only notes where the claims stand
    clock[0] += changes_module.STALLED_SECONDS - 1
    assert resume() is False  # not stalled long enough yet
    assert "Fuel queues lengthen" not in live_file(article.url)
    clock[0] += 2
    assert resume() is True
    assert "Fuel queues lengthen" in live_file(article.url)
    assert PendingChange.objects.count() == 0
    clock[0] += changes_module.STALLED_SECONDS + 1
    assert resume() is False  # nothing waits any more, so nothing is queued
