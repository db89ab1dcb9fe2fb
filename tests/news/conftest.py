"""Fixtures for the reader's pages: a fully dressed translated article and an HTML reader."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection
from django.utils import timezone

from dateline.news.factories import (
    ArticleCreditFactory,
    ArticlePageFactory,
    ContributorFactory,
    NewsImageFactory,
    publish,
)
from dateline.news.models import ArticleCredit, CreditRole
from dateline.news.roles import EDITORS


def parse(response) -> BeautifulSoup:
    """Return the response's HTML as a tree, failing clearly when the page was not served."""
    assert response.status_code == 200, (
        f"{response.status_code} for {response.request['PATH_INFO']}"
    )
    return BeautifulSoup(response.content, "html.parser")


def sqlite_steps(work) -> int:
    """Count the steps SQLite's virtual machine takes to do `work`: a cost that does not depend
    on the machine's speed or load, for tests that a path does not grow with the archive."""
    steps = [0]

    def step():
        steps[0] += 1

    connection.ensure_connection()
    connection.connection.set_progress_handler(step, 1)
    try:
        work()
    finally:
        connection.connection.set_progress_handler(None, 1)
    return steps[0]


def every_block_body(inline_image) -> list[dict]:
    """Return a body with one block of every kind an editor can add, as StreamField stores it."""
    return [
        {
            "type": "paragraph",
            "value": '<p>Traders said <a href="https://example.org/report">a report</a> was '
            "right about the price of rice.</p>",
        },
        {
            "type": "quote",
            "value": {"quote": "We eat corn twice a day now.", "attribution": "a mother in Hyesan"},
        },
        {"type": "heading", "value": "What the border guards do"},
        {
            "type": "image",
            "value": {
                "image": {
                    "image": inline_image.pk,
                    "alt_text": "A guard post on a river bank",
                    "decorative": False,
                },
                "caption": "The river crossing near the market.",
            },
        },
        {"type": "paragraph", "value": "<p>The last paragraph of the story.</p>"},
    ]


@pytest.fixture
def editor(db):
    """An editor of the newsroom (the workflow's reviewers)."""
    user = get_user_model().objects.create_user("editor-kim", password="x" * 12)
    user.groups.add(Group.objects.get(name=EDITORS))
    return user


@pytest.fixture
def korean_section(section, korean_home):
    """The Korean edition's translation of the "North Korea" section."""
    korean = section.copy_for_translation(korean_home.locale)
    korean.title = "북한"
    return publish(korean)


@pytest.fixture
def korean_original(korean_section):
    """A Korean article, reported by one reporter, that the English edition translates."""
    original = ArticlePageFactory(
        parent=korean_section,
        title="혜산 쌀값, 한 달 새 두 배 가까이 올라",
        slug="hyesan-rice",
        standfirst="국경 단속이 강화되면서 장마당 쌀값이 급등했다.",
        live=False,
    )
    ArticleCreditFactory(
        article=original,
        contributor=ContributorFactory(name="Han Ji-woo", slug="han-ji-woo"),
        role=CreditRole.REPORTER,
    )
    original.tags.add("쌀값")
    original.save()
    return publish(original, at=timezone.now() - timedelta(days=2))


@pytest.fixture
def translated_article(section, korean_original):
    """The English translation, made through Wagtail's translation machinery as an editor would,
    with every part a reader sees; published a day ago and unchanged since."""
    article = korean_original.copy_for_translation(section.locale).specific
    article.title = "Rice nearly doubles in price in Hyesan"
    article.slug = "hyesan-rice-doubles"
    article.standfirst = "As border controls tighten, families are switching to corn."
    article.hero_image = NewsImageFactory(
        title="Border town", description="", credit="Photo: Yoon Ha-eun"
    )
    article.hero_alt = "Low roofs seen from a hill"
    article.hero_caption = "A border town at dusk."
    article.body = every_block_body(NewsImageFactory(title="Guard post", credit="Photo: Kim Su-a"))
    article.comments_open = True
    article.credits = [
        ArticleCredit(
            contributor=ContributorFactory(name="Lee Min-jun", slug="lee-min-jun"),
            role=CreditRole.TRANSLATOR,
            sort_order=0,
        ),
        ArticleCredit(
            contributor=ContributorFactory(name="Claire Dunmore", slug="claire-dunmore"),
            role=CreditRole.WRITER,
            sort_order=1,
        ),
    ]
    article.tags.set(["rice prices", "markets"])
    article.save()
    return publish(article, at=timezone.now() - timedelta(days=1))
