"""A web process loads no library it cannot use: each costs every worker megabytes of memory.

Without buckets it loads no S3 library (boto3, about 34 MB); on SQLite no PostgreSQL driver
(psycopg, about 11 MB); and nothing loads `cryptography` (about 8 MB) until a mirror key is used.
"""

import json
import os
import subprocess
import sys

LOAD_THE_WEB_PROCESS = """
import json, sys
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
print(json.dumps(sorted(name for name in sys.argv[1:] if sys.modules.get(name) is not None)))
"""
WATCHED = ("boto3", "botocore", "storages", "psycopg", "cryptography")


def run_web_process(tmp_path, **environment) -> list[str]:
    """Return which of the watched libraries a web process has loaded after answering pages."""
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
