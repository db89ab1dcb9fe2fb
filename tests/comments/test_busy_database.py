"""A busy database (an import, a backup, a restart) costs the reader a retry, never their words."""

import pytest
from django.db import OperationalError

from dateline.comments.models import Comment, CommentManager

from .conftest import soup, textarea_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def locked_database(monkeypatch):
    """Make the comment's insert fail as SQLite does when another writer keeps the lock."""

    def locked(*args, **kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr(CommentManager, "create_comment", locked)


def test_a_locked_database_answers_503_with_the_text_and_when_to_retry(
    article, post, locked_database
):
    response = post(article, comment="Written while the import ran.", name="Min-ji")

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    page = soup(response)
    assert textarea_text(page.select_one("#id_comment")) == "Written while the import ran."
    assert page.select_one("#id_name")["value"] == "Min-ji"
    assert "busy and your comment could not be saved" in page.select_one(".comment-form").get_text()
    assert not Comment.objects.exists()


def test_a_database_that_cannot_even_be_read_still_gives_the_text_back(
    article, post, monkeypatch, locked_database
):
    from dateline.comments import views

    def unreadable(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(views, "_article_with_form", unreadable)
    response = post(article, comment="Kept on a plain page.")

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert soup(response).select_one("#kept-text").get_text() == "Kept on a plain page."


def test_the_retry_is_stored_once_the_database_is_free(article, post, monkeypatch):
    create_comment = CommentManager.create_comment
    attempts = []

    def locked_once(manager, *args, **kwargs):
        attempts.append(1)
        if len(attempts) == 1:
            raise OperationalError("database is locked")
        return create_comment(manager, *args, **kwargs)

    monkeypatch.setattr(CommentManager, "create_comment", locked_once)
    assert post(article, comment="Sent twice.").status_code == 503
    assert post(article, comment="Sent twice.").status_code == 303
    assert list(Comment.objects.values_list("text", flat=True)) == ["Sent twice."]
