"""The operator's bad days, under a crowd: PostgreSQL restarted, the disk full.

These tests restart a database server and mount a file system, so they need root and must not run
beside other tests: they carry the `disruptive` marker, which `make test` leaves out, and CI runs
them in a step of their own (`make test PYTEST_ARGS='-m disruptive'`). The PostgreSQL server they
restart is a cluster of their own, made with Debian's pg_createcluster and dropped afterwards, so
no other database on the machine is disturbed.
"""

import contextlib
import errno
import json
import os
import subprocess
import time
from pathlib import Path

import pytest

from tests.core.served_site import (
    Crowd,
    dateline,
    free_port,
    get,
    publish_one_article,
    serving,
    site_environment,
    stored_comments,
)

pytestmark = pytest.mark.disruptive

# Publish a section (which queues its search-index and reference-index tasks) and wait for the
# background worker to run them.
PUBLISH_AND_WAIT_FOR_ITS_TASKS = """
import json, time
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from dateline.news.factories import SectionPageFactory, edition_home, publish
queued_from = timezone.now()
publish(SectionPageFactory(parent=edition_home("en"), title="After the restart"))
tasks = DBTaskResult.objects.filter(enqueued_at__gte=queued_from)
deadline = time.monotonic() + 90
while tasks.exclude(status__in=["SUCCESSFUL", "FAILED"]).exists():
    assert time.monotonic() < deadline, "background tasks were not run"
    time.sleep(0.5)
print(json.dumps(sorted(set(tasks.values_list("status", flat=True)))))
"""
INTEGRITY_CHECK = """
from django.db import connection
with connection.cursor() as cursor:
    print(cursor.execute("PRAGMA integrity_check").fetchone()[0])
"""


def run(*arguments: str) -> str:
    completed = subprocess.run(arguments, capture_output=True, text=True, timeout=120)
    assert completed.returncode == 0, f"{arguments}: {completed.stderr}"
    return completed.stdout


def must_be_root():
    assert os.geteuid() == 0, (
        "The disruptive tests restart PostgreSQL and mount a file system: run them as root "
        "(CI does), e.g. sudo make test PYTEST_ARGS='-m disruptive'."
    )


@contextlib.contextmanager
def postgresql_cluster():
    """Yield (version, name, URL) of a PostgreSQL cluster of the test's own, dropped afterwards."""
    must_be_root()
    version = max(os.listdir("/usr/lib/postgresql"), key=int)
    name = f"dateline_reliability_{os.getpid()}"
    port = free_port()
    run("pg_createcluster", version, name, "--port", str(port), "--start")
    try:
        as_postgres = ("runuser", "-u", "postgres", "--")
        run(*as_postgres, "psql", "-q", "-p", str(port), "-c",
            "CREATE ROLE dateline LOGIN PASSWORD 'dateline'")  # fmt: skip
        run(*as_postgres, "createdb", "-p", str(port), "--owner", "dateline", "dateline")
        yield version, name, f"postgres://dateline:dateline@127.0.0.1:{port}/dateline"
    finally:
        run("pg_dropcluster", "--stop", version, name)


class Readers:
    """Two readers reading the article over and over, every status kept with its time."""

    def __init__(self, url: str):
        import threading

        self.url, self.answers, self._stop = url, [], threading.Event()
        self._threads = [threading.Thread(target=self._read) for _ in range(2)]
        for thread in self._threads:
            thread.start()

    def _read(self):
        while not self._stop.is_set():
            try:
                status = get(self.url)[0]
            except OSError:
                status = 0
            self.answers.append((time.monotonic(), status))
            time.sleep(0.05)

    def stop(self):
        self._stop.set()
        for thread in self._threads:
            thread.join()


def test_postgresql_restart_under_a_crowd_loses_nothing_acknowledged(tmp_path, prepared_site):
    with postgresql_cluster() as (version, cluster, url):
        environment = site_environment(tmp_path / "home", url)
        dateline(environment, "migrate", "--noinput")  # a cluster of its own: no template there
        prepared_site.link_static(tmp_path / "home")
        article = publish_one_article(environment)
        with serving(environment, log=tmp_path / "serve.log") as base:
            crowd = Crowd(base, article["url"]).start()
            readers = Readers(base + article["url"])
            try:
                crowd.wait_for(acknowledged=30)
                restart_began = time.monotonic()
                run("pg_ctlcluster", version, cluster, "restart")
                restarted = time.monotonic()
                crowd.wait_for(acknowledged=len(crowd.acknowledged()) + 30, timeout=60)
            finally:
                crowd.stop()
                readers.stop()
            tasks = dateline(environment, "shell", "-c", PUBLISH_AND_WAIT_FOR_ITS_TASKS)
            log = (tmp_path / "serve.log").read_text()
        stored = stored_comments(environment, article["id"])

    lost = crowd.acknowledged() - stored
    assert not lost, f"{len(lost)} acknowledged comments are lost"
    assert crowd.statuses() <= {303, 503}, log[-3000:]
    assert all(a.retry_after == "30" for a in crowd.answers if a.status == 503)
    assert {status for _, status in readers.answers} <= {200, 503}, log[-3000:]
    # Service came back: readers and posters are answered normally once the restart is done.
    back = min(when for when, status in readers.answers if when > restarted and status == 200)
    later = [status for when, status in readers.answers if when > back]
    assert later and set(later) == {200}
    # No worker was left broken: the web workers answer (above), the background worker runs tasks.
    assert json.loads(tasks.stdout.splitlines()[-1]) == ["SUCCESSFUL"]
    refused = sum(1 for a in crowd.answers if a.status == 503)
    print(
        f"\nPostgreSQL restart: {restarted - restart_began:.1f} s; readers served again "
        f"{back - restarted:.2f} s after it; {len(crowd.acknowledged())} comments acknowledged, "
        f"{refused} refused with 503, none lost."
    )


@contextlib.contextmanager
def small_disk(folder: Path, size_mb: int):
    must_be_root()
    folder.mkdir()
    run("mount", "-t", "tmpfs", "-o", f"size={size_mb}m,mode=0700", "tmpfs", str(folder))
    try:
        yield folder
    finally:
        run("umount", "--lazy", str(folder))


def reserve(folder: Path, size_mb: int) -> Path:
    """Take `size_mb` of the disk holding the folder now, so that deleting the file returned frees
    that much later, whatever the crowd wrote meanwhile."""
    reserved = folder / "reserved"
    reserved.write_bytes(b"\0" * size_mb * 2**20)
    return reserved


def fill(folder: Path) -> None:
    """Write a file until the disk holding the folder is full. Under a crowd the WAL can grow
    until the disk is full before this begins, and creating the file fails: the disk is full."""
    try:
        with (folder / "filler").open("wb") as out:
            while True:
                out.write(b"\0" * 65536)
                out.flush()
    except OSError as error:
        assert error.errno == errno.ENOSPC


def test_a_full_disk_refuses_posts_with_503_and_loses_nothing_acknowledged(tmp_path, prepared_site):
    with small_disk(tmp_path / "home", size_mb=24) as home:
        environment = site_environment(home, None, DATELINE_HEALTH_MIN_FREE_MB="1")
        prepared_site.prepare(home)
        article = publish_one_article(environment)
        reserved = reserve(home, size_mb=8)
        with serving(environment, log=tmp_path / "serve.log") as base:
            crowd = Crowd(base, article["url"], words=300).start()
            try:
                crowd.wait_for(acknowledged=20)
                fill(home)
                full_health = get(base + "/health/")
                deadline = time.monotonic() + 120
                while sum(a.status == 503 for a in crowd.answers) < 8:
                    assert time.monotonic() < deadline, f"no refusals: {crowd.statuses()}"
                    time.sleep(0.2)
                (home / "filler").unlink(missing_ok=True)
                reserved.unlink()
                crowd.wait_for(acknowledged=len(crowd.acknowledged()) + 20, timeout=60)
            finally:
                crowd.stop()
            log = (tmp_path / "serve.log").read_text()
        stored = stored_comments(environment, article["id"])
        integrity = dateline(environment, "shell", "-c", INTEGRITY_CHECK)

    lost = crowd.acknowledged() - stored
    assert not lost, f"{len(lost)} acknowledged comments are lost"
    assert crowd.statuses() == {303, 503}, log[-3000:]
    refusals = [a for a in crowd.answers if a.status == 503]
    assert all(a.retry_after == "30" for a in refusals)
    assert all(a.text.encode() in a.body for a in refusals)  # the reader's text handed back
    assert all(b"Nothing was lost" in a.body for a in refusals)  # and told so
    assert full_health[0] == 503 and json.loads(full_health[1])["disk"] == "failing"
    assert integrity.stdout.strip().splitlines()[-1] == "ok"
    print(
        f"\nDisk full: {len(crowd.acknowledged())} comments acknowledged, {len(refusals)} "
        "refused with 503, none lost; the database passed its integrity check."
    )
