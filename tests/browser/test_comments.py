"""Reader comments in a real browser, with JavaScript off and on: post, moderate, reply, refuse,
and a commenter's data requests."""

import json
import re
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from dateline.comments.factories import CommentFactory
from dateline.comments.models import Comment, CommentStatus

pytestmark = pytest.mark.browser

PASSWORD = "a long and correct password"
READER_EMAIL = "hae-won@private.example"
WAIT_LONGER_THAN_A_ROBOT = 3_300  # ms: more than DATELINE_COMMENTS_MIN_FILL_SECONDS (3)
JAVASCRIPT = pytest.mark.parametrize("javascript", [False, True], ids=["js-off", "js-on"])


@pytest.fixture
def moderator(transactional_db):
    user = get_user_model().objects.create_user(
        username="moderator", password=PASSWORD, email="moderator@newsroom.example"
    )
    user.groups.add(Group.objects.get(name="Moderators"))
    return user


def log_in(page, username):
    page.goto("/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/admin/(comments/)?$"))  # moderators land on the queue


def fill_comment(page, text, *, name="Hae-won", email=READER_EMAIL, remember=False):
    form = page.locator("#commentform")
    form.get_by_role("textbox", name="Comment").fill(text)
    form.get_by_role("textbox", name="Name").fill(name)
    form.get_by_role("textbox", name="Email").fill(email)
    if remember:
        form.get_by_label("Save my name").check()
    return form


@JAVASCRIPT
def test_reader_posts_and_sees_that_the_comment_awaits_moderation(pages, article, javascript):
    page = pages.open(javascript=javascript)
    page.goto(article.url)
    expect(page.get_by_role("heading", name="Leave a Comment")).to_be_visible()
    expect(page.get_by_text("Your email address will not be published.")).to_be_visible()
    form = fill_comment(page, "The price of rice has doubled here too.")
    page.wait_for_timeout(WAIT_LONGER_THAN_A_ROBOT)
    form.get_by_role("button", name="Post Comment").click()
    expect(page.locator("#comment-status")).to_have_text("Your comment is awaiting moderation.")
    expect(page).to_have_url(re.compile(r"\?comment-posted=[^#]+#comment-status$"))
    assert Comment.objects.get().status == CommentStatus.PENDING
    # The reader sees their own words, marked as waiting; another reader sees nothing of them.
    mine = page.locator("#your-comment")
    expect(mine).to_contain_text("The price of rice has doubled here too.")
    expect(mine).to_contain_text("Awaiting moderation")
    other = pages.open(javascript=javascript)
    other.goto(article.url)
    expect(other.get_by_text("The price of rice has doubled here too.")).to_have_count(0)


@JAVASCRIPT
def test_moderator_approves_and_the_comment_shows_threaded_without_its_email(
    pages, article, moderator, javascript
):
    parent = CommentFactory(article=article, author_name="Jun", text="Who sells it now?")
    waiting = CommentFactory(
        article=article,
        parent=parent,
        author_name="Hae-won",
        author_email=READER_EMAIL,
        text="Traders at the station do.",
        status=CommentStatus.PENDING,
    )
    admin = pages.open(javascript=javascript)
    log_in(admin, "moderator")
    expect(admin).to_have_url(re.compile(r"/admin/comments/$"))
    row = admin.locator(f"tr:has(#moderation-comment-{waiting.pk})")
    expect(row).to_contain_text(READER_EMAIL)  # moderators see it; readers never do
    row.get_by_role("button", name="Approve").click()
    expect(admin.get_by_text("Approve: 1 comment changed.")).to_be_visible()

    reader = pages.open(javascript=javascript)
    reader.goto(article.url)
    reply = reader.locator(f"#comment-{parent.pk} #comment-{waiting.pk}")
    expect(reply).to_contain_text("Traders at the station do.")
    expect(reply.locator(".comment__author")).to_have_text("Hae-won")
    assert READER_EMAIL not in reader.content()
    assert "private.example" not in reader.content()


@JAVASCRIPT
def test_reply_threads_under_the_comment_it_answers(pages, article, javascript, settings):
    settings.DATELINE_COMMENTS_APPROVAL = "all"
    parent = CommentFactory(article=article, author_name="Jun", text="Is the bridge open?")
    page = pages.open(javascript=javascript)
    page.goto(article.url)
    page.locator(f"#comment-{parent.pk}").get_by_role("link", name="Reply to Jun").click()
    if javascript:  # the form moves under the comment, on the same page
        expect(page.locator(f"#comment-{parent.pk} #commentform")).to_be_visible()
    else:  # the reply page, with the comment quoted and the form set to answer it
        expect(page).to_have_url(re.compile(rf"/comments/reply/{parent.pk}/$"))
        expect(page.locator("blockquote")).to_contain_text("Is the bridge open?")
    expect(page.locator("#reply-title-text")).to_have_text("Leave a Reply to Jun")
    form = fill_comment(page, "It opened again on Monday.", name="Soo")
    page.wait_for_timeout(WAIT_LONGER_THAN_A_ROBOT)
    form.get_by_role("button", name="Post Comment").click()

    reply = Comment.objects.get(text="It opened again on Monday.")
    assert reply.parent == parent
    expect(page).to_have_url(re.compile(rf"#comment-{reply.pk}$"))
    expect(page.locator("#comment-status")).to_contain_text("Your comment has been published.")
    expect(page.locator(f"#comment-{parent.pk} > ol > #comment-{reply.pk}")).to_contain_text(
        "It opened again on Monday."
    )


@JAVASCRIPT
def test_too_fast_submission_is_refused_and_the_text_kept(pages, article, javascript):
    page = pages.open(javascript=javascript)
    page.goto(article.url)
    form = fill_comment(page, "Sent by a robot in no time at all.")
    form.get_by_role("button", name="Post Comment").click()
    expect(page.locator(".comment-form-errors")).to_contain_text("too quickly")
    expect(page.locator("#id_comment")).to_have_value("Sent by a robot in no time at all.")
    assert not Comment.objects.exists()


@JAVASCRIPT
def test_honeypot_submission_is_refused(pages, article, javascript):
    page = pages.open(javascript=javascript)
    page.goto(article.url)
    expect(page.locator("#id_leave_empty")).to_be_hidden()  # people never see the field
    form = fill_comment(page, "Buy cheap watches.")
    # A robot fills every field it finds, the hidden one too.
    page.locator("#id_leave_empty").evaluate(
        "(field) => { field.value = 'http://watches.example' }"
    )
    page.wait_for_timeout(WAIT_LONGER_THAN_A_ROBOT)
    form.get_by_role("button", name="Post Comment").click()
    expect(page.locator(".comment-form-errors")).to_contain_text("looked automated")
    assert not Comment.objects.exists()


def test_saved_details_fill_the_next_form_with_javascript(pages, article, section):
    from dateline.news.factories import ArticlePageFactory, publish

    other = publish(ArticlePageFactory(parent=section, live=False))
    page = pages.open(javascript=True)
    page.goto(article.url)
    form = fill_comment(page, "Remember me, please.", remember=True)
    page.wait_for_timeout(WAIT_LONGER_THAN_A_ROBOT)
    form.get_by_role("button", name="Post Comment").click()
    expect(page.locator("#comment-status")).to_be_visible()
    page.goto(other.url)
    expect(page.locator("#id_name")).to_have_value("Hae-won")
    expect(page.locator("#id_email")).to_have_value(READER_EMAIL)
    expect(page.locator("#id_remember")).to_be_checked()


def test_without_the_box_ticked_nothing_is_remembered(pages, article):
    page = pages.open(javascript=True)
    page.goto(article.url)
    form = fill_comment(page, "Forget me.")
    page.wait_for_timeout(WAIT_LONGER_THAN_A_ROBOT)
    form.get_by_role("button", name="Post Comment").click()
    expect(page.locator("#comment-status")).to_be_visible()
    assert not [c for c in page.context.cookies() if c["name"] == "dateline_commenter"]
    page.goto(article.url)
    expect(page.locator("#id_name")).to_have_value("")


@JAVASCRIPT
def test_commenter_export_and_erase_work_in_the_admin(pages, article, moderator, javascript):
    comment = CommentFactory(
        article=article, author_name="Hae-won", author_email=READER_EMAIL, text="My words."
    )
    admin = pages.open(javascript=javascript)
    log_in(admin, "moderator")
    admin.goto("/admin/comments/data-requests/")
    admin.get_by_label("The commenter's email address").fill(READER_EMAIL)
    with admin.expect_download() as download:
        admin.get_by_role("button", name="Download their data (JSON)").click()
    exported = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert [(row["email"], row["text"]) for row in exported] == [(READER_EMAIL, "My words.")]

    admin.get_by_label("The commenter's email address").fill(READER_EMAIL)
    admin.get_by_label("I have checked").check()
    admin.get_by_role("button", name="Erase their personal data").click()
    expect(admin.get_by_text("Removed the personal data from 1 comment.")).to_be_visible()

    reader = pages.open(javascript=javascript)
    reader.goto(article.url)
    shown = reader.locator(f"#comment-{comment.pk}")
    expect(shown.locator(".comment__author")).to_have_text("Anonymous")
    expect(shown).to_contain_text("My words.")
