"""`dateline comments` and `dateline commenter`: the operators' and data requests' commands."""

import json
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from dateline.comments.address_keys import keyring
from dateline.comments.factories import CommentFactory
from dateline.comments.models import Comment, CommentStatus


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_comments_list_json_carries_what_scripts_need(article):
    parent = CommentFactory(article=article, author_email="a@example.org")
    reply = CommentFactory(article=article, parent=parent, status=CommentStatus.PENDING)
    rows = json.loads(run("comments", "list", "--json"))
    by_id = {row["id"]: row for row in rows}
    assert set(by_id[reply.pk]) == {
        "id",
        "article_id",
        "article_url",
        "status",
        "name",
        "email",
        "created_at",
        "parent_id",
        "text",
    }
    assert by_id[reply.pk]["parent_id"] == parent.pk
    assert by_id[parent.pk]["email"] == "a@example.org"
    assert by_id[parent.pk]["article_url"].endswith(article.url)


def test_comments_list_filters_by_status_and_article(article, section):
    from dateline.news.factories import ArticlePageFactory, publish

    other = publish(ArticlePageFactory(parent=section, live=False))
    wanted = CommentFactory(article=article, status=CommentStatus.SPAM)
    CommentFactory(article=article)
    CommentFactory(article=other, status=CommentStatus.SPAM)
    rows = json.loads(
        run("comments", "list", "--status", "spam", "--article", str(article.pk), "--json")
    )
    assert [row["id"] for row in rows] == [wanted.pk]


def test_comments_list_prints_a_table_without_json(article):
    CommentFactory(article=article, author_name="Tabled")
    assert "Tabled" in run("comments", "list")


def test_set_status_changes_the_comments(article):
    first, second = CommentFactory.create_batch(2, article=article, status=CommentStatus.PENDING)
    run("comments", "set-status", "approved", str(first.pk), str(second.pk))
    assert set(Comment.objects.values_list("status", flat=True)) == {CommentStatus.APPROVED}


def test_set_status_with_an_unknown_id_changes_nothing(article):
    comment = CommentFactory(article=article, status=CommentStatus.PENDING)
    with pytest.raises(CommandError, match="99999"):
        run("comments", "set-status", "spam", str(comment.pk), "99999")
    comment.refresh_from_db()
    assert comment.status == CommentStatus.PENDING


def test_purge_deletes_old_spam_and_unhandled_pending_but_keeps_the_rest(article):
    long_ago = timezone.now() - timedelta(days=200)
    old_spam = CommentFactory(article=article, status=CommentStatus.SPAM)
    Comment.objects.filter(pk=old_spam.pk).update(status_changed_at=long_ago)
    old_pending = CommentFactory(article=article, status="pending", created_at=long_ago)
    fresh_trash = CommentFactory(article=article, status=CommentStatus.TRASH)
    old_approved = CommentFactory(article=article, created_at=long_ago)
    output = run("comments", "purge")
    assert "Deleted 1 spam or trash and 1 unhandled pending comments." in output
    assert set(Comment.objects.values_list("pk", flat=True)) == {fresh_trash.pk, old_approved.pk}
    assert not Comment.objects.filter(pk__in=[old_spam.pk, old_pending.pk]).exists()


def test_purge_keeps_replies_to_a_purged_comment(article):
    spam = CommentFactory(article=article, status=CommentStatus.SPAM)
    Comment.objects.filter(pk=spam.pk).update(status_changed_at=timezone.now() - timedelta(days=90))
    reply = CommentFactory(article=article, parent=spam)
    run("comments", "purge")
    reply.refresh_from_db()
    assert reply.parent is None


def test_purge_dry_run_deletes_nothing(article):
    spam = CommentFactory(article=article, status=CommentStatus.SPAM)
    Comment.objects.filter(pk=spam.pk).update(status_changed_at=timezone.now() - timedelta(days=90))
    assert "Would delete 1 spam" in run("comments", "purge", "--dry-run")
    assert Comment.objects.filter(pk=spam.pk).exists()


def test_purge_destroys_expired_address_keys(article, settings, tmp_path):
    settings.DATELINE_ADDRESS_KEYS_DIR = tmp_path / "address_keys"
    CommentFactory(article=article)
    keyring().adopt(1, b"\0" * 32)
    run("comments", "purge")
    assert 1 not in keyring().periods()
    assert keyring().periods()  # the key in use is kept


def test_commenter_export_prints_every_status_as_json(article):
    for status in CommentStatus.values:
        CommentFactory(article=article, author_email="me@example.org", status=status)
    CommentFactory(article=article, author_email="you@example.org")
    rows = json.loads(run("commenter", "export", "Me@Example.org"))
    assert sorted(row["status"] for row in rows) == sorted(CommentStatus.values)
    assert {row["email"] for row in rows} == {"me@example.org"}


def test_commenter_erase_removes_personal_data_and_keeps_the_text(article):
    comment = CommentFactory(
        article=article, author_email="me@example.org", author_url="https://me.example", text="Kept"
    )
    run("commenter", "erase", "me@example.org")
    comment.refresh_from_db()
    assert (comment.author_name, comment.author_email, comment.author_url) == ("", "", "")
    assert (comment.address_hash, comment.address_network) == ("", "")
    assert comment.text == "Kept"


def test_commenter_erase_with_remove_text_deletes_the_comments_but_not_the_replies(article):
    mine = CommentFactory(article=article, author_email="me@example.org")
    reply = CommentFactory(article=article, parent=mine, author_email="other@example.org")
    run("commenter", "erase", "me@example.org", "--remove-text")
    assert not Comment.objects.filter(pk=mine.pk).exists()
    assert Comment.objects.filter(pk=reply.pk).exists()
