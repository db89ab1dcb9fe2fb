"""A web process loads no library it cannot use: each costs every worker megabytes of memory.

Without buckets it loads no S3 library (boto3, about 34 MB); on SQLite no PostgreSQL driver
(psycopg, about 11 MB); and nothing loads `cryptography` (about 8 MB) until a mirror key is used.
And what it loaded to start is left out of its garbage collections, which would otherwise walk
all of it and hold up every request the worker has in hand; what a large request threw away is
collected once it is answered, before the next requests spread over new memory.
"""

import gc
import json
import os
import subprocess
import sys

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import RequestFactory

from dateline.core.startup import LARGE_REQUEST_YOUNG_COLLECTIONS, collect_after_large_requests
from dateline.news.factories import (
    ArticleCreditFactory,
    ArticlePageFactory,
    ContributorFactory,
    NewsImageFactory,
    paragraphs,
    publish,
)
from dateline.news.models import CreditRole

LOAD_THE_WEB_PROCESS = """
import gc, json, sys
import dateline.wsgi, dateline.publish.front  # as a server's worker does: this sets Django up
from django.urls import get_resolver
for pattern in get_resolver().url_patterns:  # import every view the site answers with
    getattr(pattern, "url_patterns", None)
from django.test import Client
client = Client(HTTP_HOST="localhost", raise_request_exception=False)
for path in ("/", "/ko/", "/feeds/all.rss", "/sitemap.xml", "/search/?q=rice", "/admin/login/"):
    try:  # the home has no tables and no static files: what counts is what answering imports
        client.get(path)
    except Exception:
        pass
loaded = sorted(name for name in sys.argv[1:] if sys.modules.get(name) is not None)
# What a full collection walks now, beside what start-up left frozen out of it.
print(json.dumps({"loaded": loaded, "walked": len(gc.get_objects()), "frozen": gc.get_freeze_count()}))
"""
WATCHED = ("boto3", "botocore", "storages", "psycopg", "cryptography")


def run_web_process(tmp_path, **environment) -> list[str]:
    """Return which of the watched libraries a web process has loaded after answering pages."""
    return web_process(tmp_path, **environment)["loaded"]


def web_process(tmp_path, **environment) -> dict:
    """Start a web process, answer pages, and return what it loaded and what its GC walks."""
    completed = subprocess.run(
        [sys.executable, "-c", LOAD_THE_WEB_PROCESS, *WATCHED],
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "dateline.settings.dev",
            "DATELINE_HOME": str(tmp_path),
            "DATELINE_LOG_LEVEL": "ERROR",
            **environment,
        },
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(completed.stdout.strip().splitlines()[-1])


def on_sqlite(**environment) -> dict:
    return {**environment, "DATABASE_URL": ""}


def test_a_site_without_buckets_does_not_load_the_s3_libraries(tmp_path):
    loaded = run_web_process(tmp_path, **on_sqlite())
    assert not {"boto3", "botocore", "storages"} & set(loaded)


def test_a_site_with_its_media_in_a_bucket_loads_them(tmp_path):
    loaded = run_web_process(
        tmp_path,
        **on_sqlite(
            DATELINE_MEDIA_BUCKET="newsroom-media", DATELINE_S3_ENDPOINT_URL="http://s3.test"
        ),
    )
    assert "storages" in loaded


def test_a_site_on_sqlite_does_not_load_the_postgresql_driver(tmp_path):
    assert "psycopg" not in run_web_process(tmp_path, **on_sqlite())


def test_a_site_on_postgresql_loads_its_driver(tmp_path):
    # Nothing listens on port 9: the pages fail, but the driver is what answering them loaded.
    url = "postgres://dateline:dateline@127.0.0.1:9/dateline"
    assert "psycopg" in run_web_process(tmp_path, DATABASE_URL=url)


def test_a_web_process_loads_cryptography_only_to_use_a_mirror_key(tmp_path):
    assert "cryptography" not in run_web_process(tmp_path, **on_sqlite())


def test_a_web_process_leaves_what_it_loaded_at_start_out_of_garbage_collections(tmp_path):
    process = web_process(tmp_path, **on_sqlite())
    # Django, Wagtail and every view: over a hundred thousand objects that live as long as the
    # worker. A full collection walks only what requests made since, a small part of them.
    assert process["frozen"] > 100_000
    assert process["walked"] < process["frozen"] / 4


@pytest.fixture
def collecting_after_large_requests():
    """Connect what a web process connects at start, for this test only."""
    collect_after_large_requests()
    yield
    # Both are found by the names startup.py gave them, or later tests would keep them.
    assert request_started.disconnect(dispatch_uid="dateline-collect-count")
    assert request_finished.disconnect(dispatch_uid="dateline-collect-large")


def full_collections() -> int:
    return gc.get_stats()[2]["collections"]


def young_collections() -> int:
    return gc.get_stats()[0]["collections"]


def answer_as_a_server_does(path: str) -> str:
    """Answer a GET through Django's WSGI handler, close the response and let go of it.

    The test client would keep the response, and all it rendered, for the test to read. Like
    the test client, this leaves the test's database connection open across the request.
    """
    statuses = []
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        environ = RequestFactory().get(path).environ
        response = WSGIHandler()(environ, lambda status, headers: statuses.append(status))
        b"".join(response)
        response.close()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    return statuses[0]


def test_a_feed_of_fifty_stories_leaves_no_garbage_once_answered(
    section, collecting_after_large_requests
):
    reporter, photo = ContributorFactory(name="Han Ji-woo"), NewsImageFactory()
    for number in range(50):  # a feed's length
        story = ArticlePageFactory(
            parent=section,
            title=f"Rice prices in Hyesan, week {number}",
            hero_image=photo,
            body=paragraphs(*(f"Traders said prices moved again ({line})." for line in range(8))),
            live=False,
        )
        ArticleCreditFactory(article=story, contributor=reporter, role=CreditRole.REPORTER)
        story.tags.add("markets")
        publish(story)
    answer_as_a_server_does("/feeds/all.rss")  # compiles templates and fills caches
    gc.collect()
    young = young_collections()

    assert answer_as_a_server_does("/feeds/all.rss") == "200 OK"
    assert young_collections() - young >= LARGE_REQUEST_YOUNG_COLLECTIONS, "not a large request"

    # Django's template contexts, the stories with their credits, photos and cached rows, in
    # reference cycles: thousands of objects that only a full collection frees, were it left
    # to Python's own pace.
    assert gc.collect() < 100


def test_an_article_is_left_to_the_collectors_own_pace(article, collecting_after_large_requests):
    answer_as_a_server_does(article.url)  # compiles templates and fills caches
    gc.collect()  # Python's own next full collection is now far off
    before = full_collections()

    assert answer_as_a_server_does(article.url) == "200 OK"
    assert full_collections() == before
