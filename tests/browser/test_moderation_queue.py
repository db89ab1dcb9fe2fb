"""A moderator's day in the comment queue, and a reporter's headline box, in Chromium."""

import re
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from dateline.comments.factories import CommentFactory
from dateline.comments.models import Comment, CommentStatus

from .conftest import DESKTOP

pytestmark = pytest.mark.browser

PASSWORD = "a long and correct password"
PHONE = {"width": 360, "height": 740}
SHOTS = Path("/work/tmp/newsroom-shots")
LONG_TEXT = (
    "The price of rice has doubled at the station market since the inspectors came. "
    "Traders keep sacks at home and sell from the back door.\n\n" + "More detail. " * 40
)


def staff_member(username, group_name):
    user = get_user_model().objects.create_user(username=username, password=PASSWORD)
    user.groups.add(Group.objects.get(name=group_name))
    return user


def log_in(page, username):
    page.goto("/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def photograph(page, name):
    """Keep a picture of the screen for the closing note (not an assertion)."""
    if SHOTS.is_dir():
        page.screenshot(path=SHOTS / name)


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["360px", "1280px"])
def test_moderator_lands_on_a_queue_of_compact_rows(pages, article, viewport):
    staff_member("moderator", "Moderators")
    CommentFactory.create_batch(12, article=article, text=LONG_TEXT, status=CommentStatus.PENDING)
    page = pages.open(javascript=True, viewport=viewport)
    log_in(page, "moderator")
    expect(page).to_have_url(re.compile(r"/admin/comments/$"))
    rows = page.locator("#listing-results tbody tr")
    expect(rows).to_have_count(12)
    # A row shows the comment's first lines; the rest opens on demand.
    first = rows.first.locator("details.comment-queue__text")
    expect(first.locator(".comment-queue__excerpt")).to_be_visible()
    expect(first.get_by_text("More detail. More detail.", exact=False).last).to_be_hidden()
    if viewport == DESKTOP:
        tops = [rows.nth(n).bounding_box()["y"] for n in range(12)]
        on_first_screen = sum(1 for top in tops if top < viewport["height"])
        assert on_first_screen >= 5, f"only {on_first_screen} comments on the first screen"
    photograph(page, f"queue-after-{viewport['width']}.png")
    first.locator("summary").click()
    expect(first).to_contain_text("More detail. " * 3)


def test_bulk_actions_fit_the_status_and_each_can_be_undone(pages, article):
    staff_member("moderator", "Moderators")
    chosen = CommentFactory.create_batch(2, article=article, status=CommentStatus.PENDING)
    left = CommentFactory(article=article, status=CommentStatus.PENDING)
    page = pages.open(javascript=True)
    log_in(page, "moderator")
    for comment in chosen:
        page.locator(f"tr:has(#moderation-comment-{comment.pk}) input[type=checkbox]").check()
    footer = page.locator(".bulk-actions-choices")
    expect(footer.get_by_role("link", name="Approve")).to_be_visible()
    expect(footer.get_by_role("link", name="Restore")).to_have_count(0)
    photograph(page, "queue-after-bulk-1280.png")
    footer.get_by_role("link", name="Approve").click()
    page.get_by_role("button", name="Yes").click()
    expect(page.get_by_text("Approve: 2 comments changed.")).to_be_visible()
    statuses = dict(Comment.objects.values_list("pk", "status"))
    assert [statuses[c.pk] for c in chosen] == ["approved", "approved"]
    assert statuses[left.pk] == "pending"
    page.locator(".messages").get_by_role("link", name="Undo").click()
    expect(page.get_by_text("Undone: 2 comments are back as they were.")).to_be_visible()
    assert set(Comment.objects.values_list("status", flat=True)) == {"pending"}


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["360px", "1280px"])
def test_the_headline_box_shows_a_long_headline_whole(pages, section, viewport):
    staff_member("reporter", "Reporters")
    page = pages.open(javascript=True, viewport=viewport)
    log_in(page, "reporter")
    page.goto(f"/admin/pages/add/news/articlepage/{section.pk}/")
    headline = (
        "Traders in the border towns hide rice from the market inspectors as prices double "
        "for the second time this winter"
    )
    box = page.locator("#id_title")
    box.fill(headline)
    box.blur()
    page.wait_for_function("el => el.scrollHeight <= el.clientHeight + 2", arg=box.element_handle())
    assert box.input_value() == headline
