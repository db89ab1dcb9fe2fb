"""An import running on the real SQLite file while a reader comments: batches, not a lock for all.

The scenario runs in a fresh process under the development settings (WAL, IMMEDIATE transactions)
on a migrated database file, with the import in one thread and the reader in another, each with
its own connection, as `dateline import_wordpress` and `dateline serve` have.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from .exports import item, write_export

REPO = Path(__file__).resolve().parents[2]

SCENARIO = """
import json, sys, threading, time
import django
from django.db import connections
# Give up on the write lock after one second instead of twenty, so the test does not wait.
connections.settings["default"]["OPTIONS"]["timeout"] = 1
django.setup()
from django.conf import settings
settings.ALLOWED_HOSTS.append("testserver")
from django.db import connection
from django.test import Client
from dateline.comments.forms import issue_token
from dateline.comments.models import Comment
from dateline.news.factories import ArticlePageFactory, SectionPageFactory, edition_home, publish
from dateline.news.models import ArticlePage
from dateline.wordpress import importer as importer_module
from dateline.wordpress.posts import PostImporter

section = publish(SectionPageFactory(parent=edition_home("en"), title="Desk"))
article = publish(ArticlePageFactory(parent=section, live=False, title="Open for comments"))
Client().get(article.url)  # a site that has served a page before, as any running site has
connection.close()

importer_module.BATCH_SIZE = 5  # jobs: the section and posts 1-4, then posts 5-9, ...
holding, released, in_second_batch, looked = (threading.Event() for _ in range(4))
import_item = PostImporter.import_item

def paced(self, record):
    import_item(self, record)
    if record.wordpress_id == 3:  # the first batch holds the write lock until told to go on
        holding.set()
        released.wait(60)
    if record.wordpress_id == 7:  # the second batch waits while the reader looks
        in_second_batch.set()
        looked.wait(60)

PostImporter.import_item = paced
errors = []

def run_import():
    try:
        importer_module.WordPressImporter(sys.argv[1]).run()
    except BaseException as error:
        errors.append(repr(error))
    finally:
        holding.set(); in_second_batch.set()
        connection.close()

def comment(text):
    fields = {"token": issue_token(article.pk, time.time() - 30), "leave_empty": "",
              "comment": text, "name": "Min-ji", "email": "minji@example.org", "url": ""}
    response = Client(raise_request_exception=False).post("/comments/post/", fields)
    return {"status": response.status_code, "retry_after": response.get("Retry-After"),
            "text_kept": text in response.content.decode()}

importer = threading.Thread(target=run_import)
importer.start()
holding.wait(60)
during_batch = comment("Posted while a batch holds the lock.")
released.set()
in_second_batch.wait(60)
committed = ArticlePage.objects.filter(title__startswith="Story ").count()
looked.set()
importer.join()
after = comment("Posted after the import.")
print(json.dumps({
    "errors": errors, "during_batch": during_batch, "committed_while_importing": committed,
    "after": after, "imported": ArticlePage.objects.filter(title__startswith="Story ").count(),
    "stored": list(Comment.objects.values_list("text", flat=True)),
}))
"""


def dateline(environment, *arguments, timeout=600) -> subprocess.CompletedProcess:
    completed = subprocess.run(
        [sys.executable, *arguments],
        env=environment,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    return completed


@pytest.fixture(scope="module")
def migrated_home(tmp_path_factory, prepared_site):
    """Return the environment of a DATELINE_HOME with a migrated database and static files."""
    home = tmp_path_factory.mktemp("import-beside-readers")
    prepared_site.prepare(home)
    environment = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "PYTHONPATH": str(REPO),
        "DJANGO_SETTINGS_MODULE": "dateline.settings.dev",
        "DATELINE_HOME": str(home),
    }
    return environment


def test_a_comment_posted_during_an_import_is_kept_and_earlier_batches_are_readable(
    migrated_home, tmp_path
):
    export = write_export(tmp_path / "twenty.xml", *(item(number) for number in range(1, 21)))
    result = json.loads(
        dateline(migrated_home, "-c", SCENARIO, str(export)).stdout.strip().splitlines()[-1]
    )

    assert result["errors"] == []
    # While a batch held the lock past the busy timeout: 503, when to retry, the text given back.
    assert result["during_batch"] == {"status": 503, "retry_after": "30", "text_kept": True}
    # The first batch (posts 1-4) was committed and readable while the second was under way.
    assert result["committed_while_importing"] == 4
    assert result["imported"] == 20
    assert result["after"]["status"] == 303
    assert result["stored"] == ["Posted after the import."]
