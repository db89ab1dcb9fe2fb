"""An editor translates a Korean article into English the way the admin offers it, and credits it."""

import pytest
from django.urls import reverse
from wagtail.models import Locale

from dateline.news.factories import (
    ArticlePageFactory,
    ContributorFactory,
    publish,
)
from dateline.news.models import ArticleCredit, ArticlePage, CreditRole


@pytest.fixture
def korean_original(korean_home, section):
    korean_section = section.copy_for_translation(Locale.objects.get(language_code="ko"))
    korean_section.title = "북한"
    publish(korean_section)
    article = ArticlePageFactory(
        parent=korean_section,
        title="혜산 쌀값 두 배로",
        slug="hyesan-rice",
        standfirst="장마당 쌀값이 한 달 새 두 배 가까이 올랐다.",
        live=False,
    )
    return publish(article)


def translate_to_english(client, page):
    english = Locale.objects.get(language_code="en")
    return client.post(
        reverse("simple_translation:submit_page_translation", args=[page.pk]),
        {"locales": [english.pk]},
    )


def test_translating_an_article_records_its_original(client, editor, korean_original, section):
    client.force_login(editor)

    response = translate_to_english(client, korean_original)

    assert response.status_code == 302
    translation = ArticlePage.objects.get(
        translation_key=korean_original.translation_key, locale__language_code="en"
    )
    assert translation.get_parent().pk == section.pk
    assert translation.translated_from_id == korean_original.pk
    # The editor's form loads the latest revision, so the link must be there too.
    assert translation.get_latest_revision_as_object().translated_from_id == korean_original.pk


def test_credited_translation_links_both_ways(client, editor, korean_original):
    client.force_login(editor)
    translate_to_english(client, korean_original)
    translation = ArticlePage.objects.get(
        translation_key=korean_original.translation_key, locale__language_code="en"
    )
    translation.title = "Rice doubles in price in Hyesan"
    translation.slug = "rice-doubles-in-hyesan"
    translation.credits = [
        ArticleCredit(
            contributor=ContributorFactory(name="Lee Min-jun"),
            role=CreditRole.TRANSLATOR,
            sort_order=0,
        ),
        ArticleCredit(
            contributor=ContributorFactory(name="Claire Dunmore"),
            role=CreditRole.WRITER,
            sort_order=1,
        ),
    ]
    translation.save()
    publish(translation)

    english_page = client.get(translation.url).text
    korean_page = client.get(korean_original.url).text

    credit_line = english_page.split('class="credit-line">', 1)[1].split("</p>", 1)[0]
    assert credit_line.startswith("Translated by <a")
    assert credit_line.index("Lee Min-jun") < credit_line.index("Written in English by")
    assert credit_line.endswith("Claire Dunmore</a>.")
    assert f'href="{korean_original.url}"' in english_page
    assert f'href="{translation.url}"' in korean_page


def test_translation_of_a_translation_points_at_the_original(korean_original, section):
    english = korean_original.copy_for_translation(Locale.objects.get(language_code="en"))
    japanese = Locale.objects.create(language_code="ja")

    third = english.copy_for_translation(japanese, copy_parents=True)

    assert third.specific.translated_from_id == korean_original.pk
