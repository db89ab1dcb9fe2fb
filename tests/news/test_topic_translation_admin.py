"""Editors list, search and correct the pairs of topics translations are made with; reporters cannot."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from taggit.models import Tag
from wagtail.users.models import UserProfile

from dateline.news.models import TopicTranslation
from dateline.news.roles import REPORTERS

from .conftest import parse

LIST_URL = reverse("wagtailsnippets_news_topictranslation:list")


@pytest.fixture
def pairs(db):
    """The pairs translating two English topics into the Korean edition."""
    return [
        TopicTranslation.objects.create(
            topic=Tag.objects.create(name=english),
            language_code="ko",
            translation=Tag.objects.create(name=korean),
        )
        for english, korean in (("markets", "markets (한국어)"), ("floods", "홍수"))
    ]


@pytest.fixture
def reporter(db):
    user = get_user_model().objects.create_user("reporter-lee", password="x" * 12)
    user.groups.add(Group.objects.get(name=REPORTERS))
    return user


def rows(client, url) -> list[list[str]]:
    """Return the listing's cells as text: a cell's link alone, without the row's action menu."""
    table = parse(client.get(url)).select("table.listing tbody tr")
    return [
        [(cell.find("a") or cell).get_text(" ", strip=True) for cell in row.select("td")]
        for row in table
    ]


def edit_url(pair) -> str:
    return reverse("wagtailsnippets_news_topictranslation:edit", args=[pair.pk])


def test_editor_lists_each_topic_with_its_edition_and_translation(client, editor, pairs):
    client.force_login(editor)

    listed = rows(client, LIST_URL)

    assert [row[1:4] for row in listed] == [
        ["floods", "한국어", "홍수"],
        ["markets", "한국어", "markets (한국어)"],
    ]


def test_editor_finds_a_pair_by_either_topic(client, editor, pairs):
    client.force_login(editor)

    assert [row[1] for row in rows(client, f"{LIST_URL}?q=홍수")] == ["floods"]
    assert [row[1] for row in rows(client, f"{LIST_URL}?q=market")] == ["markets"]


def test_editor_corrects_a_translation_to_a_new_topic(client, editor, pairs):
    client.force_login(editor)
    markets = pairs[0]

    response = client.post(
        edit_url(markets),
        {"topic_name": "markets", "language_code": "ko", "translation_name": "장마당"},
    )

    assert response.status_code == 302
    markets.refresh_from_db()
    assert markets.translation.name == "장마당"
    assert markets.topic.name == "markets"
    assert "장마당" in [row[3] for row in rows(client, LIST_URL)]


def test_a_topic_cannot_be_its_own_translation(client, editor, pairs):
    client.force_login(editor)
    markets = pairs[0]

    response = client.post(
        edit_url(markets),
        {"topic_name": "markets", "language_code": "ko", "translation_name": "Markets"},
    )

    assert "A topic cannot be its own translation." in response.text
    markets.refresh_from_db()
    assert markets.translation.name == "markets (한국어)"


def test_a_second_translation_into_the_same_edition_is_refused(client, editor, pairs):
    client.force_login(editor)
    before = Tag.objects.count()

    response = client.post(
        reverse("wagtailsnippets_news_topictranslation:add"),
        {"topic_name": "floods", "language_code": "ko", "translation_name": "큰물"},
    )

    assert "already has a translation in this edition" in response.text
    assert TopicTranslation.objects.count() == 2 and Tag.objects.count() == before


def test_reporter_can_neither_list_nor_correct_the_pairs(client, reporter, pairs):
    client.force_login(reporter)
    markets = pairs[0]

    assert client.get(LIST_URL).status_code in (302, 403)
    client.post(
        edit_url(markets),
        {"topic_name": "markets", "language_code": "ko", "translation_name": "장마당"},
    )

    markets.refresh_from_db()
    assert markets.translation.name == "markets (한국어)"
    assert "Topic translations" not in client.get(reverse("wagtailadmin_home")).text


def test_korean_admin_names_the_screen_and_its_columns_in_korean(client, editor, pairs):
    UserProfile.get_for_user(editor).__class__.objects.filter(user=editor).update(
        preferred_language="ko"
    )
    client.force_login(editor)

    page = parse(client.get(LIST_URL))

    headers = [cell.get_text(strip=True) for cell in page.select("table.listing thead th")]
    assert "주제 번역" in page.select_one("title").get_text()
    assert {"주제", "언어판", "번역된 주제"} <= set(headers)
