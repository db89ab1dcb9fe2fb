"""Posting a comment: the form's round trip as a reader (or a robot) makes it."""

from datetime import timedelta
from urllib.parse import unquote

import pytest
from django.test import override_settings
from django.utils import timezone

from dateline.comments.factories import CommentFactory
from dateline.comments.models import Comment, CommentStatus
from dateline.news.factories import ArticlePageFactory, publish

from .conftest import soup, text_of, textarea_text


def test_posted_comment_waits_for_moderation(client, article, post):
    response = post(article)
    assert response.status_code == 303
    assert response["Location"].startswith(f"{article.url}?comment-posted=")
    assert response["Location"].endswith("#comment-status")
    assert "Your comment is awaiting moderation." in text_of(client.get(response["Location"]))
    assert Comment.objects.get().status == CommentStatus.PENDING


def test_reader_sees_their_own_pending_comment_marked_as_awaiting_moderation(client, article, post):
    response = post(article, comment="My words, still waiting.")
    page = soup(client.get(response["Location"]))
    mine = page.select_one("#your-comment")
    assert "My words, still waiting." in mine.get_text()
    assert "Awaiting moderation" in mine.get_text()


def test_nobody_else_sees_a_pending_comment_and_the_article_is_unchanged(client, article, post):
    before = text_of(client.get(article.url))
    post(article, comment="My words, still waiting.")
    assert text_of(client.get(article.url)) == before


def test_a_forged_or_foreign_posted_parameter_shows_no_comment(client, article, section, post):
    from dateline.comments.posted import waiting_value

    other = publish(ArticlePageFactory(parent=section, live=False))
    post(other, comment="Waiting on another story.")
    theirs = Comment.objects.get()
    for value in (f"{theirs.pk}:forged:signature", waiting_value(theirs.pk)):
        page = client.get(article.url, {"comment-posted": value})
        assert "Waiting on another story." not in text_of(page)


def test_pending_comment_is_not_shown(client, article, post):
    post(article, comment="Not yet for everyone's eyes.")
    assert "Not yet for everyone" not in text_of(client.get(article.url))


@override_settings(DATELINE_COMMENTS_APPROVAL="all")
def test_comment_approved_at_once_links_to_its_anchor(client, article, post):
    response = post(article, comment="Published straight away.")
    comment = Comment.objects.get()
    assert response["Location"].endswith(f"?comment-posted={comment.pk}#comment-{comment.pk}")
    page = soup(client.get(response["Location"]))
    assert "Your comment has been published." in page.select_one("#comment-status").get_text()
    assert page.select_one("#comment-status a")["href"].endswith(f"#comment-{comment.pk}")
    assert "Published straight away." in page.select_one(f"#comment-{comment.pk}").get_text()


@override_settings(DATELINE_COMMENTS_APPROVAL="known")
def test_known_commenter_is_approved_at_once(article, post):
    CommentFactory(
        article=article,
        author_name="Min-ji",
        author_email="MINJI@example.org",
        created_at=timezone.now() - timedelta(days=1),
    )
    post(article, comment="A second thought.")
    assert Comment.objects.get(text="A second thought.").status == CommentStatus.APPROVED


@override_settings(DATELINE_COMMENTS_APPROVAL="known")
def test_unknown_commenter_waits_when_known_commenters_are_approved(article, post):
    post(article)
    assert Comment.objects.get().status == CommentStatus.PENDING


def test_form_error_keeps_the_text_and_names_the_field(article, post):
    response = post(article, comment="My careful words.", email="not-an-address")
    assert response.status_code == 400
    page = soup(response)
    assert textarea_text(page.select_one("#id_comment")) == "My careful words."
    error = page.select_one(".comment-form-email .field-error").get_text()
    assert "Please give an email address such as name@example.org." in error
    assert not Comment.objects.exists()


def test_missing_name_is_named_beside_the_name_field(article, post):
    page = soup(post(article, name=""))
    assert "Please give a name" in page.select_one(".comment-form-name .field-error").get_text()


def test_remember_cookie_is_set_only_when_ticked(article, post):
    response = post(article, remember="on", url="https://minji.example.org")
    cookie = response.cookies["dateline_commenter"]
    assert "minji@example.org" in unquote(cookie.value)
    assert cookie["samesite"] == "Lax"
    assert cookie["max-age"]


def test_unticked_remember_sets_no_cookie(article, post):
    response = post(article)
    assert "dateline_commenter" not in response.cookies


def test_unticked_remember_forgets_details_saved_before(client, article, post):
    client.cookies["dateline_commenter"] = "%7B%22name%22%3A%22Min-ji%22%7D"
    cookie = post(article).cookies["dateline_commenter"]
    assert cookie.value == ""  # an expiring, empty cookie: the browser forgets it
    assert cookie["max-age"] == 0


def test_reply_threads_under_its_parent(article, post):
    parent = CommentFactory(article=article)
    post(article, parent=str(parent.pk), comment="I agree with you.")
    assert Comment.objects.get(text="I agree with you.").parent == parent


def test_reply_to_a_comment_on_another_article_is_refused(article, section, post):
    other = publish(ArticlePageFactory(parent=section, live=False))
    foreign = CommentFactory(article=other)
    response = post(article, parent=str(foreign.pk))
    assert response.status_code == 400
    assert "not on this article" in text_of(response)
    assert Comment.objects.count() == 1


def test_reply_to_a_pending_comment_is_refused(article, post):
    waiting = CommentFactory(article=article, status=CommentStatus.PENDING)
    assert post(article, parent=str(waiting.pk)).status_code == 400


@override_settings(DATELINE_COMMENTS_THREAD_DEPTH=2)
def test_reply_deeper_than_the_thread_depth_is_refused(article, post):
    top = CommentFactory(article=article)
    second = CommentFactory(article=article, parent=top)
    response = post(article, parent=str(second.pk))
    assert response.status_code == 400
    assert "too deep" in text_of(response)


def test_closed_article_refuses_the_comment_and_gives_the_text_back(article, post):
    article.comments_open = False
    publish(article)
    response = post(article, comment="Words I do not want to lose.")
    assert response.status_code == 403
    assert "Comments are closed." in text_of(response)
    assert (
        textarea_text(soup(response).select_one("textarea#kept-text"))
        == "Words I do not want to lose."
    )
    assert not Comment.objects.exists()


@override_settings(DATELINE_COMMENTS_CLOSE_AFTER_DAYS=14)
def test_comments_close_automatically_after_the_configured_days(client, section, post):
    old = publish(
        ArticlePageFactory(parent=section, live=False), at=timezone.now() - timedelta(days=15)
    )
    assert "Comments are closed." in text_of(client.get(old.url))
    assert post(old).status_code == 403


def test_forged_token_is_answered_with_400(article, post):
    response = post(article, token="eyJhIjoxLCJ0IjoxfQ:forged")
    assert response.status_code == 400
    assert "altered or did not come from this site" in text_of(response)


def test_token_for_one_article_cannot_post_to_another(client, article, section):
    from .conftest import form_fields

    other = publish(ArticlePageFactory(parent=section, live=False, title="Another story"))
    # A valid token, from the other article's form, sent as if from this article's page.
    fields = form_fields(other)
    response = client.post(
        "/comments/post/", fields, HTTP_REFERER=f"http://testserver{article.url}"
    )
    assert response.status_code == 303
    assert response["Location"].startswith(other.url)
    assert not article.reader_comments.exists()
    assert other.reader_comments.get().text == fields["comment"]


def test_token_whose_article_was_changed_is_refused(client, article, section):
    import base64
    import json

    from .conftest import form_fields

    other = publish(ArticlePageFactory(parent=section, live=False))
    fields = form_fields(article)
    payload, signature = fields["token"].rsplit(":", 1)
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["a"] = other.pk  # the other article's id, under this article's signature
    forged = base64.urlsafe_b64encode(json.dumps(claims, separators=(",", ":")).encode())
    response = client.post(
        "/comments/post/", {**fields, "token": f"{forged.decode().rstrip('=')}:{signature}"}
    )
    assert response.status_code == 400
    assert not other.reader_comments.exists()
    assert not article.reader_comments.exists()


def test_expired_form_is_renewed_and_keeps_the_text(article, post):
    response = post(article, seconds_ago=49 * 3600, comment="Written over two days.")
    assert response.status_code == 400
    page = soup(response)
    assert "renewed" in page.select_one(".comment-form-errors").get_text()
    assert textarea_text(page.select_one("#id_comment")) == "Written over two days."
    assert not Comment.objects.exists()


def test_too_fast_submission_is_refused(article, post):
    response = post(article, seconds_ago=0)
    assert response.status_code == 400
    assert "too quickly" in text_of(response)
    assert not Comment.objects.exists()


def test_honeypot_submission_is_refused(article, post):
    response = post(article, leave_empty="http://spam.example")
    assert response.status_code == 400
    assert "looked automated" in text_of(response)
    assert not Comment.objects.exists()


def test_cross_site_origin_is_refused(article, post):
    response = post(article, headers={"HTTP_ORIGIN": "https://evil.example"})
    assert response.status_code == 403
    assert not Comment.objects.exists()


def test_cross_site_referer_is_refused_when_there_is_no_origin(article, post):
    response = post(article, headers={"HTTP_REFERER": "https://evil.example/page"})
    assert response.status_code == 403


def test_same_site_origin_is_accepted(article, post):
    response = post(article, headers={"HTTP_ORIGIN": "http://testserver"})
    assert response.status_code == 303


def test_get_on_the_post_endpoint_is_not_allowed(client):
    assert client.get("/comments/post/").status_code == 405


def test_flood_of_comments_from_one_address_is_refused(article, post):
    assert post(article, comment="First.").status_code == 303
    response = post(article, comment="Second, at once.", email="other@example.org")
    assert response.status_code == 429
    assert "too quickly" in text_of(response)
    assert Comment.objects.count() == 1


@override_settings(DATELINE_TRUSTED_PROXIES=["127.0.0.1"])
def test_flood_control_counts_per_email_too(article, post):
    first = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.1"}
    second = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "198.51.100.9"}
    assert post(article, comment="One.", headers=first).status_code == 303
    assert post(article, comment="Two.", headers=second).status_code == 429


@override_settings(DATELINE_COMMENTS_FLOOD_SECONDS=0)
def test_duplicate_comment_is_refused_with_a_message(article, post):
    post(article, comment="Same words.")
    response = post(article, comment="Same   words.")
    assert response.status_code == 400
    assert "duplicate" in text_of(response)


@override_settings(DATELINE_COMMENTS_APPROVAL="all")
def test_comment_with_too_many_links_is_held(article, post):
    post(
        article,
        comment="See https://a.example/1 and https://b.example/2",
        url="https://minji.example.org",
    )
    comment = Comment.objects.get()
    assert comment.status == CommentStatus.PENDING
    assert (comment.held_code, comment.held_params) == ("links", {"count": 3})


@override_settings(DATELINE_COMMENTS_APPROVAL="all", DATELINE_COMMENTS_DISALLOWED_WORDS=["casino"])
def test_disallowed_word_files_the_comment_as_spam_but_says_it_awaits_moderation(
    client, article, post
):
    response = post(article, name="Best CASINO deals")
    assert response["Location"].endswith("#comment-status")
    assert "Your comment is awaiting moderation." in text_of(client.get(response["Location"]))
    assert Comment.objects.get().status == CommentStatus.SPAM


@override_settings(DATELINE_COMMENTS_APPROVAL="all", DATELINE_COMMENTS_MODERATION_WORDS=["bitcoin"])
def test_moderation_word_holds_the_comment(article, post):
    post(article, comment="Prices are quoted in Bitcoin now.")
    assert Comment.objects.get().status == CommentStatus.PENDING


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("comment", "x" * 10_001, "10000 characters"),
        ("name", "n" * 101, "100 characters"),
        ("email", "a" * 250 + "@example.org", "254 characters"),
        ("url", "https://example.org/" + "p" * 200, "200 characters"),
        ("name", "Mal\u202eory", "direction of the text"),
        ("comment", "bell\x07", "control characters"),
        ("comment", "nul\x00byte", "control characters"),
        ("url", "javascript:alert(1)", "https://"),
    ],
)
def test_bad_field_is_refused_with_a_message(article, post, field, value, message):
    response = post(article, **{field: value})
    assert response.status_code == 400
    assert message in soup(response).select_one(f".comment-form-{field} .field-error").get_text()
    assert not Comment.objects.exists()


def test_invalid_utf8_is_refused_with_a_message(client, article):
    from .conftest import form_fields

    fields = form_fields(article)
    body = "&".join(f"{key}={value}" for key, value in fields.items() if key != "comment")
    body += "&comment=%FF%FEbroken"
    response = client.post(
        "/comments/post/", body, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 400
    assert "not valid text (UTF-8)" in text_of(response)


def test_stored_comment_keeps_line_breaks_as_typed(article, post):
    post(article, comment="First line\r\nsecond line\r\n\r\nNew paragraph")
    assert Comment.objects.get().text == "First line\nsecond line\n\nNew paragraph"


@override_settings(DATELINE_TRUSTED_PROXIES=["10.0.0.0/8"])
def test_forwarded_address_is_believed_only_from_a_trusted_proxy(article, post):
    post(article, headers={"REMOTE_ADDR": "10.1.2.3", "HTTP_X_FORWARDED_FOR": "203.0.113.50"})
    assert Comment.objects.get().address_network == "203.0.113.0/24"


def test_forwarded_address_from_an_untrusted_peer_is_ignored(article, post):
    post(article, headers={"REMOTE_ADDR": "192.0.2.7", "HTTP_X_FORWARDED_FOR": "203.0.113.50"})
    assert Comment.objects.get().address_network == "192.0.2.0/24"


def test_korean_article_answers_in_korean(client, korean_home, post):
    from dateline.news.factories import SectionPageFactory

    section = publish(SectionPageFactory(parent=korean_home, title="북한", slug="bukhan"))
    article = publish(ArticlePageFactory(parent=section, live=False))
    response = post(article, email="wrong")
    assert response.status_code == 400
    assert soup(response).html["lang"] == "ko"


@override_settings(
    REDIS_URL="redis://127.0.0.1:6379/0",
    CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}},
)
def test_flood_control_counts_in_the_cache_when_redis_is_configured(article, post):
    from django.core.cache import cache

    cache.clear()
    assert post(article, comment="First.").status_code == 303
    Comment.objects.all().delete()  # the database no longer knows; the cache still does
    assert post(article, comment="Second.", email="b@example.org").status_code == 429
