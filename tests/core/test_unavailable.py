"""A full disk or a database away is answered 503 with Retry-After, never 500, and no text is lost."""

import errno
import sqlite3
from unittest import mock

import psycopg
import pytest
from django.db import IntegrityError, OperationalError

from dateline.comments.models import Comment
from dateline.core.unavailable import is_temporary_outage
from tests.comments.conftest import form_fields


def django_error(cause: Exception) -> OperationalError:
    """Return the error Django raises for a driver's error, as its wrapper does."""
    error = OperationalError(*cause.args)
    error.__cause__ = cause
    return error


def sqlite_disk_full() -> sqlite3.OperationalError:
    """Return the error SQLite really raises when it cannot grow the database."""
    database = sqlite3.connect(":memory:")
    database.execute("CREATE TABLE note (body BLOB)")
    database.execute("PRAGMA max_page_count=2")
    try:
        database.execute("INSERT INTO note VALUES (zeroblob(100000))")
    except sqlite3.OperationalError as error:
        return error
    raise AssertionError("SQLite stored a row larger than its page limit")


def sqlite_busy(tmp_path) -> sqlite3.OperationalError:
    """Return the error SQLite really raises when another connection holds the write lock."""
    path = tmp_path / "busy.sqlite3"
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("CREATE TABLE note (body TEXT)")
    holder.execute("BEGIN IMMEDIATE")
    waiter = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        waiter.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as error:
        return error
    finally:
        holder.rollback()
    raise AssertionError("SQLite let two writers in at once")


def test_a_database_locked_by_another_writer_is_a_temporary_outage(tmp_path):
    # An import or a backup holding SQLite's write lock: an admin save waits, then gets 503.
    assert is_temporary_outage(django_error(sqlite_busy(tmp_path)))


OUTAGES = {
    "SQLite disk full": django_error(sqlite_disk_full()),
    "PostgreSQL disk full": django_error(psycopg.errors.DiskFull("could not extend file")),
    "PostgreSQL shutting down": django_error(psycopg.errors.AdminShutdown("terminating")),
    "PostgreSQL unreachable": django_error(psycopg.OperationalError("connection refused")),
    "no room for a file": OSError(errno.ENOSPC, "No space left on device"),
}
NOT_OUTAGES = {
    "a broken constraint": django_error(sqlite3.IntegrityError("UNIQUE constraint failed")),
    "a PostgreSQL syntax error": django_error(psycopg.errors.SyntaxError("syntax error")),
    "an integrity error": IntegrityError("duplicate key"),
    "a missing file": OSError(errno.ENOENT, "No such file"),
    "a bug": ValueError("bug"),
}


@pytest.mark.parametrize("error", OUTAGES.values(), ids=OUTAGES.keys())
def test_a_full_disk_or_an_absent_database_is_a_temporary_outage(error):
    assert is_temporary_outage(error)


@pytest.mark.parametrize("error", NOT_OUTAGES.values(), ids=NOT_OUTAGES.keys())
def test_other_errors_are_not_mistaken_for_an_outage(error):
    assert not is_temporary_outage(error)


def test_a_comment_refused_on_a_full_disk_gets_503_with_its_text_back(client, article):
    text = "지금 국경 시장은 조용합니다. The border market is quiet."
    with mock.patch.object(
        Comment.objects, "create_comment", side_effect=OUTAGES["SQLite disk full"]
    ):
        response = client.post("/comments/post/", form_fields(article, comment=text))

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "no-store" in response["Cache-Control"]
    # The article comes back with the form holding the reader's text, and says what happened.
    assert text in response.content.decode()
    assert "Nothing was lost" in response.content.decode()
    assert not Comment.objects.exists()


def test_a_page_read_while_the_database_restarts_gets_503_not_500(client, article):
    client.raise_request_exception = False
    outage = OUTAGES["PostgreSQL shutting down"]
    with mock.patch("dateline.news.models.ArticlePage.serve", side_effect=outage):
        response = client.get(article.url)

    assert response.status_code == 503
    assert response["Retry-After"] == "30"


def test_any_other_error_is_still_a_500(client, article):
    client.raise_request_exception = False
    with mock.patch("dateline.news.models.ArticlePage.serve", side_effect=ValueError("bug")):
        response = client.get(article.url)

    assert response.status_code == 500
    assert "Retry-After" not in response


def test_a_stored_comment_is_acknowledged_even_if_its_notice_cannot_be_queued(client, article):
    with mock.patch(
        "dateline.comments.notices.schedule_notice", side_effect=OUTAGES["SQLite disk full"]
    ):
        response = client.post("/comments/post/", form_fields(article))

    assert response.status_code == 303
    assert Comment.objects.count() == 1
