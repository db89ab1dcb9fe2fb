"""Korean pages give dates the Korean way, and Korean headlines readable addresses."""

from datetime import UTC, datetime

import pytest

from dateline.news.factories import ArticlePageFactory, paragraphs, publish
from dateline.news.models import ArticlePage
from dateline.news.slugs import readable_slug

from .conftest import parse
from .test_newsroom_workflow import article_form, editor  # noqa: F401  (fixture)

# 00:11 UTC is 9:11 in the morning in Seoul, the newsroom's time zone.
MORNING_IN_SEOUL = datetime(2026, 12, 2, 0, 11, tzinfo=UTC)


def test_korean_article_dates_read_the_korean_way(client, korean_section):
    article = publish(
        ArticlePageFactory(
            parent=korean_section,
            title="장마당 위안화 환율 다시 올라",
            slug="yuan-rate",
            body=paragraphs("환율이 올랐다."),
            live=False,
        ),
        at=MORNING_IN_SEOUL,
    )

    page = parse(client.get(article.url))

    assert page.select_one(".dates time").text == "2026년 12월 2일 오전 9:11"


def test_english_article_dates_keep_the_english_form(client, section):
    article = publish(
        ArticlePageFactory(parent=section, slug="rate", live=False), at=MORNING_IN_SEOUL
    )

    page = parse(client.get(article.url))

    assert page.select_one(".dates time").text == "Dec. 2, 2026, 9:11 a.m."


@pytest.mark.parametrize(
    "title, slug",
    [
        ("혜산 쌀값, 한 달 새 두 배 가까이 올라", "hyesan-ssalgap-han-dal-sae-du-bae-gakkai-olla"),
        ("한국어", "hangugeo"),
        ("بازاردا ئۇن باھاسى يەنە ئۆستى", "bazarda-un-bahasi-yene-osti"),
    ],
)
def test_non_latin_headlines_get_romanised_addresses(title, slug):
    assert readable_slug(title, title, style="romanised") == slug


def test_slug_typed_in_latin_letters_is_kept():
    assert readable_slug("rice-prices", "쌀값", style="numeric") == "rice-prices"


def test_retitled_korean_article_gets_a_romanised_address(client, editor, korean_section):  # noqa: F811
    client.force_login(editor)
    url, data = article_form(
        client, korean_section, title="혜산 쌀값 두 배로", slug="혜산-쌀값-두-배로"
    )

    response = client.post(url, data)

    assert response.status_code == 302
    article = ArticlePage.objects.get(title="혜산 쌀값 두 배로")
    assert article.slug == "hyesan-ssalgap-du-baero"


def test_newsroom_may_choose_numeric_addresses(client, editor, korean_section, settings):  # noqa: F811
    settings.DATELINE_SLUG_STYLE = "numeric"
    client.force_login(editor)
    url, data = article_form(client, korean_section, title="쌀값", slug="쌀값")

    client.post(url, data)
    url, data = article_form(client, korean_section, title="환율", slug="환율")
    client.post(url, data)

    slugs = sorted(ArticlePage.objects.child_of(korean_section).values_list("slug", flat=True))
    assert len(slugs) == 2
    assert all(slug.isascii() and slug.replace("-", "").isdigit() for slug in slugs)
    assert slugs[0] != slugs[1]
