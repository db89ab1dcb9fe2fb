"""The Korean admin speaks Korean: our own strings on the queue and the article form."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from playwright.sync_api import expect
from wagtail.users.models import UserProfile

from dateline.comments.factories import CommentFactory
from dateline.comments.models import CommentStatus

pytestmark = pytest.mark.browser

PASSWORD = "a long and correct password"


def korean_staff(username, group_name):
    user = get_user_model().objects.create_user(username=username, password=PASSWORD)
    user.groups.add(Group.objects.get(name=group_name))
    UserProfile.get_for_user(user)
    UserProfile.objects.filter(user=user).update(preferred_language="ko")
    return user


def log_in(page, username):
    page.goto("/admin/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("button[type=submit]").click()


def test_korean_moderator_reads_the_queue_and_the_held_reason_in_korean(pages, article):
    korean_staff("moderator", "Moderators")
    CommentFactory(
        article=article, status=CommentStatus.PENDING, held_code="links", held_params={"count": 3}
    )
    page = pages.open(javascript=True)
    log_in(page, "moderator")
    expect(page.locator("#listing-results")).to_contain_text("보류 사유: 링크가 3개 있습니다.")
    for english in ("It has 3 links", "Show less", "Reply as the newsroom", "Posted", "Held:"):
        assert english not in page.locator("main").inner_text(), english


def test_korean_reporter_reads_the_topics_help_and_menu_note_in_korean(pages, section):
    korean_staff("reporter", "Reporters")
    page = pages.open(javascript=True)
    log_in(page, "reporter")
    page.goto(f"/admin/pages/add/news/articlepage/{section.pk}/")
    expect(page.get_by_text("주제를 쉼표로 구분해 입력하세요.", exact=False)).to_be_visible()
    assert "A comma-separated list of tags." not in page.content()
    assert "new items in this menu" not in page.locator("#wagtail-sidebar").inner_text()
