"""Helpers for the comment tests: a filled-in form as a reader's browser would send it."""

import re
import time

import pytest
from bs4 import BeautifulSoup

from dateline.comments.forms import issue_token

POST_URL = "/comments/post/"


def form_fields(article, *, seconds_ago: float = 10, **overrides) -> dict:
    """Return the POST data of a comment form rendered `seconds_ago`, filled in by a reader."""
    fields = {
        "token": issue_token(article.pk, time.time() - seconds_ago),
        "leave_empty": "",
        "comment": "The bus fare went up again this week.",
        "name": "Min-ji",
        "email": "minji@example.org",
        "url": "",
        "parent": "",
    }
    fields.update(overrides)
    return fields


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def text_of(response) -> str:
    """Return the visible text of a page, blanks collapsed, for asserting what a reader reads."""
    return re.sub(r"\s+", " ", soup(response).get_text(" "))


def textarea_text(element) -> str:
    """Return a textarea's text as a browser shows it (HTML drops one newline after the tag)."""
    return element.get_text().removeprefix("\n")


@pytest.fixture
def post(client):
    """Post a comment form for an article; keyword arguments change or add fields."""

    def post(article, *, seconds_ago: float = 10, headers=None, **overrides):
        return client.post(
            POST_URL, form_fields(article, seconds_ago=seconds_ago, **overrides), **(headers or {})
        )

    return post


def staff_member(username: str, group: str | None):
    """Return a staff account in one of the newsroom's groups, with an email for notices."""
    from django.contrib.auth.models import Group, User

    user = User.objects.create_user(username, f"{username}@newsroom.example", "pass")
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def moderator(db):
    return staff_member("mod", "Moderators")


@pytest.fixture
def editor(db):
    return staff_member("ed", "Editors")


@pytest.fixture
def reporter(db):
    return staff_member("rep", "Reporters")
