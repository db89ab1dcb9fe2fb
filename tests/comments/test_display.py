"""What readers see of the discussion under an article, and what it costs to show it."""

from datetime import datetime, timedelta
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from dateline.comments.factories import CommentFactory
from dateline.comments.models import Comment, CommentStatus

from .conftest import soup, text_of


def comment_at(article, minutes_ago, **fields):
    return CommentFactory(
        article=article, created_at=timezone.now() - timedelta(minutes=minutes_ago), **fields
    )


def ids_in_order(page, selector=".comment"):
    return [int(item["id"].removeprefix("comment-")) for item in page.select(selector)]


def test_only_approved_comments_are_shown(client, article):
    CommentFactory(article=article, text="Approved words")
    for status in (CommentStatus.PENDING, CommentStatus.SPAM, CommentStatus.TRASH):
        CommentFactory(article=article, text=f"Hidden {status} words", status=status)
    text = text_of(client.get(article.url))
    assert "Approved words" in text
    assert "Hidden" not in text


def test_comments_are_shown_oldest_first(client, article):
    newer = comment_at(article, 5)
    older = comment_at(article, 50)
    assert ids_in_order(soup(client.get(article.url))) == [older.pk, newer.pk]


def test_reply_is_shown_inside_its_parent(client, article):
    parent = comment_at(article, 30)
    reply = comment_at(article, 20, parent=parent)
    page = soup(client.get(article.url))
    assert page.select_one(f"#comment-{parent.pk} > ol #comment-{reply.pk}") is not None


@override_settings(DATELINE_COMMENTS_THREAD_DEPTH=2)
def test_reply_beyond_the_depth_is_shown_at_the_deepest_level(client, article):
    top = comment_at(article, 30)
    second = comment_at(article, 20, parent=top)
    third = Comment.objects.create(
        article=article, parent=second, text="deep", author_name="D", status="approved"
    )
    page = soup(client.get(article.url))
    assert page.select_one(f"#comment-{top.pk} > ol > #comment-{third.pk}") is not None


def test_reply_to_a_removed_comment_stays_visible_under_the_nearest_shown_ancestor(client, article):
    top = comment_at(article, 30)
    middle = comment_at(article, 20, parent=top)
    reply = comment_at(article, 10, parent=middle, text="Still here")
    Comment.objects.filter(pk=middle.pk).update(status=CommentStatus.TRASH)
    page = soup(client.get(article.url))
    assert page.select_one(f"#comment-{top.pk} > ol > #comment-{reply.pk}") is not None


def test_name_links_to_the_website_as_user_content(client, article):
    comment = CommentFactory(
        article=article, author_name="Ji-ho", author_url="https://jiho.example"
    )
    link = soup(client.get(article.url)).select_one(f"#comment-{comment.pk} .comment__author a")
    assert link["href"] == "https://jiho.example"
    assert link["rel"] == ["nofollow", "ugc", "noopener"]


def test_non_web_website_is_not_linked(client, article):
    comment = CommentFactory(article=article, author_url="javascript:alert(1)")
    page = soup(client.get(article.url))
    assert page.select_one(f"#comment-{comment.pk} .comment__author a") is None


def test_comment_markup_is_escaped(client, article):
    CommentFactory(article=article, text='<script>alert("x")</script><b>bold</b>')
    response = client.get(article.url)
    assert b'<script>alert("x")' not in response.content
    assert "&lt;script&gt;" in response.text
    assert "<b>bold</b>" not in response.text


def test_paragraphs_and_line_breaks_are_kept(client, article):
    comment = CommentFactory(article=article, text="One\ntwo\n\nThree")
    body = soup(client.get(article.url)).select_one(f"#comment-{comment.pk} .comment__text")
    assert [p.decode_contents() for p in body.select("p")] == ["One<br/>two", "Three"]


def test_web_addresses_in_text_become_user_content_links(client, article):
    comment = CommentFactory(article=article, text="Read https://report.example/rice today")
    link = soup(client.get(article.url)).select_one(f"#comment-{comment.pk} .comment__text a")
    assert link["href"] == "https://report.example/rice"
    assert link["rel"] == ["nofollow", "ugc"]


def test_each_comment_has_a_time_and_a_permalink(client, article):
    comment = CommentFactory(article=article)
    item = soup(client.get(article.url)).select_one(f"#comment-{comment.pk}")
    assert item.select_one(".comment__permalink")["href"] == f"{article.url}#comment-{comment.pk}"
    assert datetime.fromisoformat(item.select_one("time")["datetime"]) == comment.created_at


def test_erased_commenter_is_shown_as_anonymous(client, article):
    comment = CommentFactory(article=article, author_name="")
    author = soup(client.get(article.url)).select_one(f"#comment-{comment.pk} .comment__author")
    assert author.get_text(strip=True) == "Anonymous"


def test_count_is_shown_beside_the_headline(client, article):
    CommentFactory.create_batch(3, article=article)
    CommentFactory(article=article, status=CommentStatus.PENDING)
    header = soup(client.get(article.url)).select_one(".article__header")
    assert header.select_one(".comment-count a").get_text() == "3 comments"
    assert header.select_one(".comment-count a")["href"] == "#comments"


def test_count_is_shown_on_article_cards(client, article, section):
    CommentFactory.create_batch(2, article=article)
    card_link = soup(client.get(section.url)).select_one(".card .card__comments")
    assert card_link.get_text() == "2 comments"


@override_settings(DATELINE_COMMENTS_PER_PAGE=2)
def test_long_discussions_are_paginated_with_stable_pages(client, article):
    first, second, third = (comment_at(article, minutes) for minutes in (30, 20, 10))
    page_two = soup(client.get(f"{article.url}comments/page/2/"))
    assert ids_in_order(page_two) == [third.pk]
    comment_at(article, 1)  # a new comment goes to the last page; page 1 keeps its comments
    assert ids_in_order(soup(client.get(article.url))) == [first.pk, second.pk]
    assert (
        page_two.select_one(".comment-pagination a[rel=prev]")["href"] == f"{article.url}#comments"
    )


@override_settings(DATELINE_COMMENTS_PER_PAGE=2)
def test_permalink_of_a_comment_on_a_later_page_names_that_page(client, article):
    for minutes in (30, 20):
        comment_at(article, minutes)
    third = comment_at(article, 10)
    page = soup(client.get(f"{article.url}comments/page/2/"))
    link = page.select_one(f"#comment-{third.pk} .comment__permalink")["href"]
    assert link == f"{article.url}comments/page/2/#comment-{third.pk}"
    first_page = soup(client.get(article.url))
    assert first_page.select_one(".comment-pagination a[rel=next]")["href"] == (
        f"{article.url}comments/page/2/#comments"
    )


def test_page_of_comments_that_does_not_exist_is_not_found(client, article):
    assert client.get(f"{article.url}comments/page/9/").status_code == 404


def test_old_comment_page_address_moves_permanently_to_its_path(client, article):
    response = client.get(f"{article.url}?comment-page=2")
    assert response.status_code == 301
    assert response["Location"] == f"{article.url}comments/page/2/"
    first = client.get(f"{article.url}comments/page/1/")
    assert (first.status_code, first["Location"]) == (301, article.url)


def test_reply_link_leads_to_a_reply_form_without_javascript(client, article):
    comment = CommentFactory(article=article, author_name="Soo-ah", text="The market closed.")
    link = soup(client.get(article.url)).select_one(f"#comment-{comment.pk} .comment-reply-link")
    reply_page = client.get(link["href"])
    assert reply_page.status_code == 200
    page = soup(reply_page)
    assert "Leave a Reply to Soo-ah" in page.select_one("#reply-title").get_text()
    assert page.select_one("#commentform input[name=parent]")["value"] == str(comment.pk)
    assert "The market closed." in page.select_one("blockquote").get_text()


def test_reply_page_of_a_pending_comment_is_not_found(client, article):
    comment = CommentFactory(article=article, status=CommentStatus.PENDING)
    assert client.get(f"/comments/reply/{comment.pk}/").status_code == 404


def test_article_html_is_the_same_for_every_anonymous_reader(article, monkeypatch):
    # The form's token carries the time it was rendered: stop the clock so both readers share it.
    monkeypatch.setattr("dateline.comments.forms.time", SimpleNamespace(time=lambda: 1.8e9))
    CommentFactory(article=article)
    first = Client(REMOTE_ADDR="203.0.113.1")
    second = Client(REMOTE_ADDR="198.51.100.2")
    second.cookies["dateline_commenter"] = "%7B%22name%22%3A%22Min-ji%22%7D"
    second.cookies["sessionid"] = "something"
    one, two = first.get(article.url), second.get(article.url)
    assert one.content == two.content
    assert "Set-Cookie" not in one.headers
    assert "Cookie" not in one.headers.get("Vary", "")


def queries_for_article_page(client, article) -> int:
    client.get(article.url)  # warm Wagtail's site and locale caches
    with CaptureQueriesContext(connection) as queries:
        assert client.get(article.url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("count", [10, 500])
def test_article_page_queries_do_not_grow_with_its_comments(client, article, count):
    baseline = queries_for_article_page(client, article)
    parents = CommentFactory.create_batch(count // 2, article=article)
    for parent in parents:
        CommentFactory(article=article, parent=parent)
    assert queries_for_article_page(client, article) == baseline
