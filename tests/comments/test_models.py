"""The Comment model's creation API, as the WordPress importer and scripts use it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dateline.comments.models import Comment, CommentStatus


def test_create_comment_keeps_no_raw_address(article):
    comment = Comment.objects.create_comment(
        article,
        text="Prices doubled in a week.",
        author_name="Reader",
        author_email="reader@example.org",
        client_address="203.0.113.77",
    )
    comment.refresh_from_db()
    stored = [str(value) for value in Comment.objects.filter(pk=comment.pk).values().get().values()]
    assert not any("203.0.113.77" in value for value in stored)
    assert comment.address_network == "203.0.113.0/24"
    assert len(comment.address_hash) == 64


def test_ipv6_address_is_kept_as_its_48_network(article):
    comment = Comment.objects.create_comment(
        article, text="Hello", author_name="R", client_address="2001:db8:abcd:12::7"
    )
    assert comment.address_network == "2001:db8:abcd::/48"


def test_reply_on_another_article_is_refused(article, section):
    from dateline.news.factories import ArticlePageFactory

    other = ArticlePageFactory(parent=section)
    parent = Comment.objects.create_comment(other, text="First", author_name="A")
    with pytest.raises(ValueError, match="same article"):
        Comment.objects.create_comment(article, text="Reply", author_name="B", parent=parent)


def test_import_comment_twice_updates_instead_of_duplicating(article):
    fields = dict(text="Old text", author_name="WP reader", status=CommentStatus.APPROVED)
    first, created = Comment.objects.import_comment(
        article, import_source="https://old.example.org", import_key="17", **fields
    )
    assert created
    second, created_again = Comment.objects.import_comment(
        article,
        import_source="https://old.example.org",
        import_key="17",
        **{**fields, "text": "Edited text"},
    )
    assert not created_again
    assert second.pk == first.pk
    assert Comment.objects.get().text == "Edited text"


@pytest.mark.sqlite
def test_an_imports_lookup_of_earlier_comments_reads_the_key_index_not_every_comment(article):
    """SQLite uses a partial index only for a query that states its condition: the import read
    every comment in the site for each post, and slowed down as the site grew."""
    with CaptureQueriesContext(connection) as lookups:
        list(Comment.objects.imported("https://old.example.org", [17, 18]))
        Comment.objects.import_comment(
            article,
            import_source="https://old.example.org",
            import_key="19",
            text="A",
            author_name="B",
        )
    reads = [
        query["sql"]
        for query in lookups
        if query["sql"].startswith("SELECT") and "import_key" in query["sql"]
    ]
    assert len(reads) == 2
    with connection.cursor() as cursor:
        for sql in reads:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
            plan = [row[-1] for row in cursor.fetchall()]
            assert any("USING INDEX comment_unique_import_key" in step for step in plan), plan


def test_held_reasons_stored_as_sentences_are_read_back_into_codes():
    from dateline.comments.reasons import from_legacy_text

    assert from_legacy_text("It has 3 links.") == ("links", {"count": 3})
    assert from_legacy_text("링크가 4개 있습니다.") == ("links", {"count": 4})
    assert from_legacy_text("It contains the word “visa”, held for review.") == (
        "moderation_word",
        {"word": "visa"},
    )
    assert from_legacy_text("Held by hand.") == ("text", {"text": "Held by hand."})
