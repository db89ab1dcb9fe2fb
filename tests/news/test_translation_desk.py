"""A translation starts as a draft in progress, credited afresh, and knows when its original moves on."""

import pytest
from django.urls import reverse
from taggit.models import Tag
from wagtail.models import Locale
from wagtail.test.utils.form_data import (
    nested_form_data,
    querydict_from_html,
    rich_text,
    streamfield,
)

from dateline.news.factories import (
    ArticleCreditFactory,
    ArticlePageFactory,
    ContributorFactory,
    publish,
)
from dateline.news.models import ArticlePage, CreditRole, TopicTranslation


@pytest.fixture
def english_original(section):
    """An English article reported by Han Ji-woo, written by Claire Dunmore, with two topics."""
    article = ArticlePageFactory(
        parent=section, title="Rice doubles in price", slug="rice-doubles", live=False
    )
    ArticleCreditFactory(
        article=article,
        contributor=ContributorFactory(
            name="Han Ji-woo", slug="han-ji-woo", names={"ko": "한지우"}
        ),
        role=CreditRole.REPORTER,
    )
    ArticleCreditFactory(
        article=article,
        contributor=ContributorFactory(name="Claire Dunmore", slug="claire-dunmore"),
        role=CreditRole.WRITER,
    )
    article.tags.add("markets", "rice prices")
    article.save()
    return publish(article)


def translate(client, page, language_code="ko") -> ArticlePage:
    locale = Locale.objects.get(language_code=language_code)
    response = client.post(
        reverse("simple_translation:submit_page_translation", args=[page.pk]),
        {"locales": [locale.pk]},
    )
    assert response.status_code == 302
    return ArticlePage.objects.get(translation_key=page.translation_key, locale=locale)


def test_translation_starts_as_a_draft_marked_in_progress(
    client, editor, english_original, korean_section
):
    client.force_login(editor)

    translation = translate(client, english_original)

    assert not translation.live
    assert translation.translation_in_progress
    assert "(translation in progress)" in translation.get_admin_display_title()
    edit_screen = client.get(reverse("wagtailadmin_pages:edit", args=[translation.pk])).text
    assert "Translation in progress" in edit_screen


def test_translation_asks_for_a_translator_and_drops_the_writers_credit(
    client, editor, english_original, korean_section
):
    client.force_login(editor)

    draft = translate(client, english_original).get_latest_revision_as_object()

    roles = [(credit.role, credit.contributor_id) for credit in draft.credits.all()]
    han = english_original.credits.get(role=CreditRole.REPORTER).contributor_id
    assert roles == [(CreditRole.TRANSLATOR, None), (CreditRole.REPORTER, han)]


def test_translation_cannot_be_published_before_the_translator_is_named(
    client, editor, english_original, korean_section
):
    client.force_login(editor)
    translation = translate(client, english_original)
    edit_url, data = _edit_form(client, translation, **{"action-publish": "action-publish"})

    response = client.post(edit_url, data)

    assert "Complete or delete the unfinished credits" in response.text
    translation.refresh_from_db()
    assert not translation.live


def test_topics_map_to_the_target_editions_topics(client, editor, english_original, korean_section):
    markets = Tag.objects.get(name="markets")
    TopicTranslation.objects.create(
        topic=markets, language_code="ko", translation=Tag.objects.create(name="장마당")
    )
    client.force_login(editor)

    draft = translate(client, english_original).get_latest_revision_as_object()

    names = sorted(tag.name for tag in draft.tags.all())
    assert names == ["rice prices (한국어)", "장마당"]
    # The new topic is remembered, so the next translation uses the same one.
    assert TopicTranslation.objects.get(topic__name="rice prices").translation.name == (
        "rice prices (한국어)"
    )


def test_topic_pairs_work_back_from_the_translated_edition(korean_home, article):
    from dateline.news.translations import topics_in

    markets = Tag.objects.get(name="markets")  # on the English edition's article
    korean = Tag.objects.create(name="장마당")
    TopicTranslation.objects.create(topic=markets, language_code="ko", translation=korean)

    assert topics_in([korean], "en") == [markets]


def test_topic_pairs_lead_to_a_third_editions_own_topic(korean_home, article):
    from dateline.news.translations import topics_in

    markets = Tag.objects.get(name="markets")
    korean, uyghur = Tag.objects.create(name="장마당"), Tag.objects.create(name="بازار")
    TopicTranslation.objects.create(topic=markets, language_code="ko", translation=korean)
    TopicTranslation.objects.create(topic=markets, language_code="ug", translation=uyghur)

    assert topics_in([korean], "ug") == [uyghur]


def test_both_sides_know_when_the_original_changed(
    client, editor, english_original, korean_section
):
    client.force_login(editor)
    translation = translate(client, english_original)
    english_original.standfirst = "Families switch to corn as rice doubles."
    publish(english_original)

    translation_screen = client.get(reverse("wagtailadmin_pages:edit", args=[translation.pk]))
    original_screen = client.get(reverse("wagtailadmin_pages:edit", args=[english_original.pk]))

    assert "The original was updated on" in translation_screen.text
    assert "The Korean translation follows an earlier version" in original_screen.text
    compare = reverse(
        "wagtailadmin_pages:revisions_compare",
        args=[
            english_original.pk,
            translation.translated_from_revision_id,
            english_original.live_revision_id,
        ],
    )
    assert compare in translation_screen.text
    diff = client.get(compare)
    assert diff.status_code == 200
    assert "Families switch to corn" in diff.text


def test_translation_screen_shows_the_original_text(
    client, editor, english_original, korean_section
):
    client.force_login(editor)
    translation = translate(client, english_original)

    screen = client.get(reverse("wagtailadmin_pages:edit", args=[translation.pk])).text

    assert "The original, in English" in screen
    assert english_original.standfirst in screen


def test_ticking_follows_original_clears_the_notice(
    client, editor, english_original, korean_section
):
    client.force_login(editor)
    translation = translate(client, english_original)
    publish(english_original)
    edit_url, data = _edit_form(client, translation, follows_original="on")

    client.post(edit_url, data)

    assert "The original was updated on" not in client.get(edit_url).text


def _edit_form(client, translation, **fields):
    """Return the edit URL and the form as the browser would send it back, body included."""
    edit_url = reverse("wagtailadmin_pages:edit", args=[translation.pk])
    data = querydict_from_html(client.get(edit_url).content.decode(), form_id="page-edit-form")
    body = [("paragraph", rich_text("<p>쌀값이 두 배로 올랐다.</p>"))]
    data.update(nested_form_data({"body": streamfield(body)}))
    data.update(fields)
    return edit_url, data


def test_editor_gives_a_contributor_a_korean_name(client, editor):
    han = ContributorFactory(name="Han Ji-woo", slug="han-ji-woo")
    client.force_login(editor)
    edit_url = reverse("wagtailsnippets_news_contributor:edit", args=[han.pk])
    form = client.get(edit_url).text
    assert "Name in Korean" in form

    client.post(edit_url, {"name": "Han Ji-woo", "slug": "han-ji-woo", "name_ko": " 한지우 "})

    han.refresh_from_db()
    assert han.names == {"ko": "한지우"}
    assert han.name_in("ko") == "한지우" and han.name_in("en") == "Han Ji-woo"
