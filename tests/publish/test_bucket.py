"""The baked site and the uploads in an S3 bucket (moto's server): what a node on its own does.

The same writes as on disk, through `store.BucketStore`: each page an object with its type and
lifetime and compressed siblings, re-baked within the change's commit, removed when the page goes,
never overwritten by an older render; uploads stored in a bucket and still handed out only by the
media gate, at this site's own addresses.
"""

from datetime import timedelta

import brotli
import pytest
from django.core.files.storage import default_storage
from django.test import Client

from dateline.comments.factories import CommentFactory
from dateline.comments.models import Comment
from dateline.comments.moderation import apply_action
from dateline.news.factories import ArticlePageFactory, publish
from dateline.publish import paths
from dateline.publish.bake import bake_target, full_bake, stale_files
from dateline.publish.claims import claim_changes
from dateline.publish.render import Renderer
from dateline.publish.site import urls_of_page
from dateline.publish.store import BucketStore

BAKED, MEDIA = "baked", "media"


@pytest.fixture
def buckets(baking, moto_s3, settings):
    """Bake into `s3://baked/site/` and keep uploads in `s3://media/uploads/`."""
    for bucket in (BAKED, MEDIA):
        moto_s3.create_bucket(Bucket=bucket)
    settings.DATELINE_BAKED_BUCKET, settings.DATELINE_BAKED_PREFIX = BAKED, "site/"
    settings.DATELINE_MEDIA_BUCKET, settings.DATELINE_MEDIA_PREFIX = MEDIA, "uploads/"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "dateline.core.media_storage.MediaStorage",
            "OPTIONS": {
                "bucket_name": MEDIA,
                "location": "uploads",
                "endpoint_url": settings.DATELINE_S3_ENDPOINT_URL,
                "access_key": "testing",
                "secret_key": "testing",
            },
        },
    }
    return moto_s3


@pytest.fixture
def in_bucket(buckets, newsroom):
    """The newsroom (uploads in the media bucket), baked into the baked-site bucket."""
    summary = full_bake()
    assert summary.failures == []
    return buckets


@pytest.fixture
def changes(in_bucket, django_capture_on_commit_callbacks):
    def make(change):
        with django_capture_on_commit_callbacks(execute=True):
            return change()

    return make


def baked_object(client, url: str, sibling: str = "") -> dict | None:
    key = f"site/{paths.relative_file_for_url(url)}{sibling}"
    try:
        answer = client.get_object(Bucket=BAKED, Key=key)
    except client.exceptions.NoSuchKey:
        return None
    return {**answer, "bytes": answer["Body"].read()}


def baked_text(client, url: str) -> str:
    found = baked_object(client, url)
    return found["bytes"].decode() if found else ""


def test_a_full_bake_puts_each_page_in_the_bucket_with_its_type_lifetime_and_siblings(
    in_bucket, newsroom
):
    page = baked_object(in_bucket, newsroom.url)
    assert "Prices rise in border towns" in page["bytes"].decode()
    assert page["ContentType"] == "text/html; charset=utf-8"
    assert page["CacheControl"].startswith("public, max-age=60, stale-while-revalidate=")
    squeezed = baked_object(in_bucket, newsroom.url, ".br")
    assert squeezed["ContentEncoding"] == "br"
    assert squeezed["ContentType"] == "text/html; charset=utf-8"
    assert brotli.decompress(squeezed["bytes"]) == page["bytes"]
    # Served as XML, so a browser shows it with its stylesheet (see feeds/browser_view.py).
    assert baked_object(in_bucket, "/feeds/latest.rss")["ContentType"].startswith("application/xml")


def test_the_pictures_a_baked_page_shows_are_in_the_bucket_at_the_pages_own_addresses(
    in_bucket, newsroom
):
    html = baked_text(in_bucket, newsroom.url)
    rendition = next(part for part in html.split('"') if part.startswith("/media/images/"))
    picture = baked_object(in_bucket, rendition.split(" ")[0])
    assert picture["ContentType"].startswith("image/")
    assert picture["CacheControl"] == "public, max-age=31536000, immutable"
    assert "amazonaws" not in html and "127.0.0.1:" not in html  # nothing from another host


def test_uploads_live_in_the_media_bucket_and_the_gate_hands_them_out(in_bucket, newsroom):
    image = newsroom.hero_image
    stored = in_bucket.list_objects_v2(Bucket=MEDIA, Prefix="uploads/original_images/")
    assert [item["Key"] for item in stored["Contents"]] == [f"uploads/{image.file.name}"]
    rendition = image.get_rendition("width-100")
    assert rendition.url == f"/media/{rendition.file.name}"
    answer = Client().get(rendition.url)
    assert answer.status_code == 200
    assert b"".join(answer.streaming_content) == default_storage.open(rendition.file.name).read()


def test_a_published_article_reaches_the_bucket_and_an_unpublished_one_leaves_it(
    changes, in_bucket, section
):
    story = changes(lambda: publish(ArticlePageFactory(parent=section, title="Flood", live=False)))
    assert "Flood" in baked_text(in_bucket, story.url)
    assert "Flood" in baked_text(in_bucket, "/north-korea/")
    changes(story.unpublish)
    assert baked_object(in_bucket, story.url) is None
    assert baked_object(in_bucket, story.url, ".gz") is None
    assert "Flood" not in baked_text(in_bucket, "/north-korea/")


def test_an_approved_comment_reaches_the_bucket_and_nothing_is_stale(changes, in_bucket, article):
    pending = CommentFactory(article=article, text="Seen it myself.", status="pending")
    changes(lambda: apply_action(Comment.objects.filter(pk=pending.pk), "approve"))
    pages = [baked_text(in_bucket, item.url) for item in urls_of_page(article)]
    assert any("Seen it myself." in page for page in pages)
    assert stale_files() == []


class SlowWorker:
    """A worker that rendered the pages before an edit and writes them only now."""

    def __init__(self, urls):
        renderer = Renderer()
        self.rendered = {url: renderer.render(url) for url in urls}

    def render(self, url):
        return self.rendered[url]


@pytest.fixture
def queued(changes, settings):
    """Changes recorded and their re-bake queued, but run by nobody: the test plays the workers."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    return changes


def test_an_older_render_never_overwrites_a_newer_one(queued, in_bucket, article):
    article.title = "First edit"
    queued(lambda: publish(article))
    first = claim_changes()
    slow = SlowWorker([article.url])  # renders the first edit, then stalls
    article.title = "Second edit"
    queued(lambda: publish(article))
    second = claim_changes()
    assert second.generation > first.generation
    store, item = BucketStore.from_settings(), urls_of_page(article)[0]
    fresh = bake_target(Renderer(), store, item, generation=second.generation)
    late = bake_target(slow, store, item, generation=first.generation)
    assert not fresh.stale and late.stale
    assert "Second edit" in baked_text(in_bucket, article.url)
    assert "First edit" not in baked_text(in_bucket, article.url)


def test_a_claimed_change_is_not_taken_again_until_its_worker_is_presumed_dead(
    queued, in_bucket, article
):
    article.title = "Edited"
    queued(lambda: publish(article))
    taken = claim_changes()
    assert taken is not None and claim_changes() is None
    again = claim_changes(lease=timedelta(0))  # the first worker died: its changes go again
    assert again.ids == taken.ids and again.generation > taken.generation


def test_with_the_baked_site_in_a_bucket_a_node_looks_for_no_baked_file(settings):
    """The CDN serves the bucket; what reaches a node is rendered fresh from the shared database
    (test_nodes.py shows both nodes' pages current at once)."""
    from dateline.publish.front import build_front

    settings.DATELINE_BAKE, settings.DATELINE_BAKED_BUCKET = True, BAKED
    assert build_front(lambda environ, start_response: []).files is None
