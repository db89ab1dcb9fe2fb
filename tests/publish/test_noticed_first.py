"""The first step of a re-bake already shows what a reader notices of each kind of change, before
the batches of the long tail run: an unpublished or deleted story, a renamed contributor, an
image's new credit or crop."""

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from dateline.news.factories import ArticleCreditFactory, ArticlePageFactory, publish
from dateline.news.models import ArticlePage
from dateline.publish import incremental, paths
from dateline.publish.bake import Outcome, full_bake, stale_files
from dateline.publish.claims import URL_KEY
from dateline.publish.incremental import apply_pending_changes
from dateline.publish.models import BakedPage, PendingChange
from dateline.publish.noticed import NEWEST_NOTICED
from dateline.publish.render import Renderer, comparable

from .conftest import read


@pytest.fixture(autouse=True)
def queued_not_run(settings):
    """Queue the re-bake as the worker would find it, so the test runs it one step at a time."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def front_story(newsroom, korean_home, section):
    """The newsroom with its newest story (on the first page of its section and of the home)
    credited to the article's reporter and led by the article's picture, baked."""
    story = ArticlePageFactory(parent=section, title="Floods close the border road", live=False)
    story.hero_image = newsroom.hero_image
    story.hero_alt = "A flooded road"
    ArticleCreditFactory(article=story, contributor=newsroom.credits.first().contributor)
    publish(story)
    assert full_bake().failures == []
    return story


def first_step(change, capture) -> list[str]:
    """Make the change, run only the first step of its re-bake, and return the URLs it rendered;
    the rest waits as `url:` changes for the batches that follow."""
    with capture(execute=True):
        change()
    done = {"urls": [], "failed": [], "stale": [], "changes": []}
    assert incremental._apply(incremental._apply_changes, done)
    assert done["failed"] == []
    assert PendingChange.objects.filter(key__startswith=URL_KEY).exists(), "no tail left"
    return done["urls"]


def baked_file(url: str):
    return paths.site_dir() / str(paths.relative_file_for_url(url))


def live_file(url: str) -> str:
    return read(paths.site_dir(), str(paths.relative_file_for_url(url)))


def shows_now(url: str) -> bool:
    """Say whether the baked file of a URL is what the live site answers now."""
    fresh = Renderer().render(url).body
    return comparable(baked_file(url).read_bytes()) == comparable(fresh)


LISTINGS = ["/north-korea/", "/", "/feeds/latest.rss", "/feeds/sections/north-korea.atom"]


def test_an_unpublished_story_leaves_its_address_and_the_front_pages_first(
    front_story, django_capture_on_commit_callbacks
):
    title = "Floods close the border road"
    assert all(title in live_file(url) for url in [*LISTINGS, "/feeds/all.json"])

    first_step(front_story.unpublish, django_capture_on_commit_callbacks)

    assert not baked_file(front_story.url).exists()
    for url in [*LISTINGS, "/feeds/all.json"]:
        assert title not in live_file(url), url
    apply_pending_changes()
    assert stale_files() == []


def test_a_deleted_story_leaves_its_address_and_the_front_pages_first(
    front_story, django_capture_on_commit_callbacks
):
    url = front_story.url
    first_step(lambda: front_story.delete(), django_capture_on_commit_callbacks)

    assert not baked_file(url).exists()
    for listing in [*LISTINGS, "/feeds/all.rss"]:
        assert "Floods close the border road" not in live_file(listing), listing
    apply_pending_changes()
    assert stale_files() == []


def test_a_renamed_contributor_shows_on_their_pages_and_newest_stories_first(
    front_story, section, django_capture_on_commit_callbacks
):
    contributor = front_story.credits.first().contributor
    for number in range(NEWEST_NOTICED):  # older stories of theirs, left for the tail
        older = ArticlePageFactory(parent=section, title=f"Earlier report {number}", live=False)
        ArticleCreditFactory(article=older, contributor=contributor)
        publish(older)
        type(older).objects.filter(pk=older.pk).update(
            first_published_at=timezone.now() - timedelta(days=30 + number)
        )
    assert full_bake().failures == []
    contributor.name = "Han Ji-woo (Seoul desk)"

    urls = first_step(contributor.save, django_capture_on_commit_callbacks)

    for url in [front_story.url, f"/contributors/{contributor.slug}/"]:
        assert "Han Ji-woo (Seoul desk)" in live_file(url), url
    assert "Han Ji-woo (Seoul desk)" in live_file(f"/ko/contributors/{contributor.slug}/")
    assert "Han Ji-woo (Seoul desk)" in live_file(f"/feeds/contributors/{contributor.slug}.rss")
    oldest = ArticlePage.objects.get(title=f"Earlier report {NEWEST_NOTICED - 1}")
    assert oldest.url not in urls  # the first step stays a few pages, however many they wrote
    apply_pending_changes()
    assert "Han Ji-woo (Seoul desk)" in live_file(oldest.url)
    assert stale_files() == []


def test_an_images_new_credit_shows_on_the_newest_stories_it_leads_first(
    front_story, newsroom, django_capture_on_commit_callbacks
):
    image = front_story.hero_image
    image.credit = "Lee Min-jun"

    first_step(image.save, django_capture_on_commit_callbacks)

    for article in (front_story, newsroom):
        assert "Photo: Lee Min-jun" in live_file(article.url), article.url
    apply_pending_changes()
    assert stale_files() == []


def test_an_images_new_crop_shows_on_the_home_page_first(
    front_story, django_capture_on_commit_callbacks
):
    image = front_story.hero_image
    before = live_file("/")
    image.focal_point_x, image.focal_point_y = 10, 10
    image.focal_point_width, image.focal_point_height = 20, 20

    first_step(image.save, django_capture_on_commit_callbacks)

    assert live_file("/") != before
    assert shows_now("/")
    assert shows_now(front_story.url)
    apply_pending_changes()
    assert stale_files() == []


def test_the_worker_warms_up_on_what_a_publish_renders_first_and_writes_nothing(
    front_story, section, django_capture_on_commit_callbacks
):
    baked = {path: path.read_bytes() for path in paths.site_dir().rglob("*") if path.is_file()}
    shown = sorted(BakedPage.objects.values_list("url", "baked_at"))

    warmed = incremental.warm_up()

    english = [front_story.url, section.url, "/", "/feeds/latest.rss"]
    assert warmed[:4] == english
    assert "/ko/" in warmed  # every edition
    assert {path: path.read_bytes() for path in baked} == baked
    assert not PendingChange.objects.exists()
    assert sorted(BakedPage.objects.values_list("url", "baked_at")) == shown
    # The same URLs lead the first step of the next story's re-bake.
    story = ArticlePageFactory(parent=section, title="Second flood warning", live=False)
    urls = first_step(lambda: publish(story), django_capture_on_commit_callbacks)
    assert urls[:4] == [story.url, *english[1:]]


def left_for_later() -> set[str]:
    return set(PendingChange.objects.filter(key__startswith=URL_KEY).values_list("key", flat=True))


def step_with_a_publish_after_its_first_render(step, story, capture) -> list[str]:
    """Run one step of a re-bake while an editor publishes `story` just after its first page is
    rendered; return the URLs the step rendered."""
    rendered, bake_target = [], incremental.bake_target

    def editor_publishes_after_the_first_render(renderer, store, item, *, generation):
        rendered.append(item.url)
        if len(rendered) == 1:
            with capture(execute=True):
                publish(story)
        return bake_target(renderer, store, item, generation=generation)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(incremental, "bake_target", editor_publishes_after_the_first_render)
        assert incremental._apply(step, {"urls": [], "failed": [], "stale": [], "changes": []})
    return rendered


def test_a_story_published_during_the_long_tail_goes_ahead_of_the_rest_of_it(
    front_story, section, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    earlier = ArticlePageFactory(parent=section, title="Second flood warning", live=False)
    first_step(lambda: publish(earlier), capture)
    tail = left_for_later()
    assert len(tail) > 2
    latest = ArticlePageFactory(parent=section, title="Third flood warning", live=False)

    rendered = step_with_a_publish_after_its_first_render(
        incremental._apply_later_batch, latest, capture
    )

    assert len(rendered) == 1  # the batch stopped for the new story
    assert tail - {URL_KEY + rendered[0]} <= left_for_later()  # the rest waits its turn again
    assert first_step(lambda: None, capture)[0] == latest.url
    assert "Third flood warning" in live_file("/north-korea/")
    apply_pending_changes()
    assert stale_files() == []


@pytest.fixture
def two_new_stories(front_story, section):
    """Two drafts in the front story's section, to publish one after the other."""
    return [
        ArticlePageFactory(parent=section, title=f"{order} flood warning", live=False)
        for order in ("Second", "Third")
    ]


@pytest.fixture
def yielded(two_new_stories, django_capture_on_commit_callbacks):
    """The second story published, and its re-bake's first step stopped after one render by the
    third, published then; returns the URLs that step rendered."""
    earlier, latest = two_new_stories
    with django_capture_on_commit_callbacks(execute=True):
        publish(earlier)
    return step_with_a_publish_after_its_first_render(
        incremental._apply_changes, latest, django_capture_on_commit_callbacks
    )


def test_a_story_published_while_the_last_ones_front_pages_render_goes_first(
    two_new_stories, yielded, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    earlier, latest = two_new_stories

    assert yielded == [earlier.url]
    assert {URL_KEY + url for url in LISTINGS} <= left_for_later()  # the rest of its first step
    urls = first_step(lambda: None, capture)
    assert urls[0] == latest.url
    assert set(LISTINGS) <= set(urls)
    assert not {URL_KEY + url for url in LISTINGS} & left_for_later()  # not to be rendered again
    for url in LISTINGS:
        assert "Second flood warning" in live_file(url), url
        assert "Third flood warning" in live_file(url), url
    apply_pending_changes()
    assert stale_files() == []


def test_a_listing_left_queued_whose_render_fails_stays_queued(yielded):
    bake_target = incremental.bake_target

    def section_fails(renderer, store, item, *, generation):
        if item.url == "/north-korea/":
            return Outcome(item, problem="answered 500")
        return bake_target(renderer, store, item, generation=generation)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(incremental, "bake_target", section_fails)
        done = {"urls": [], "failed": [], "stale": [], "changes": []}
        assert incremental._apply(incremental._apply_changes, done)

    assert done["failed"] == ["/north-korea/"]
    assert URL_KEY + "/north-korea/" in left_for_later()  # still owed a render
    assert URL_KEY + "/" not in left_for_later()  # written: not rendered again
    apply_pending_changes()
    assert "Third flood warning" in live_file("/north-korea/")


def test_a_new_story_does_not_hold_back_the_removal_of_an_unpublished_one(
    front_story, two_new_stories, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    second, third = two_new_stories
    with capture(execute=True), transaction.atomic():
        publish(second)
        front_story.unpublish()

    rendered = step_with_a_publish_after_its_first_render(
        incremental._apply_changes, third, capture
    )

    assert rendered[0] == second.url
    assert not baked_file(front_story.url).exists()  # removed before the step made way
    assert URL_KEY + "/north-korea/" in left_for_later()  # the listings wait for the next story
    apply_pending_changes()
    assert stale_files() == []
