"""The rules the newsroom's data keeps, whoever enters it."""

from importlib import import_module

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from dateline.news.credits import credit_sentences
from dateline.news.factories import (
    ArticleCreditFactory,
    ArticlePageFactory,
    ContributorFactory,
    NewsImageFactory,
    SectionPageFactory,
)
from dateline.news.models import ArticlePage, Contributor, CreditRole


def test_hero_image_without_any_alt_text_is_refused(section):
    article = ArticlePageFactory.build(hero_image=NewsImageFactory(description=""), hero_alt="  ")
    with pytest.raises(ValidationError) as refused:
        article.clean()
    assert refused.value.message_dict == {
        "hero_alt": ["Describe the hero image for readers who cannot see it."]
    }


def test_hero_image_with_alt_text_is_accepted(section):
    article = ArticlePageFactory.build(
        hero_image=NewsImageFactory(description=""), hero_alt="A market stall"
    )
    section.add_child(instance=article)  # saving validates the page
    assert ArticlePage.objects.get(pk=article.pk).hero_alt_text == "A market stall"


def test_hero_image_described_in_the_library_needs_no_alt_text_on_the_article(section):
    article = ArticlePageFactory.build(
        hero_image=NewsImageFactory(description="A market stall at dawn"), hero_alt=""
    )
    article.clean()
    assert article.hero_alt_text == "A market stall at dawn"


def test_translation_from_an_article_in_the_same_edition_is_refused(article):
    other = ArticlePageFactory.build(translated_from=article, locale=article.locale)
    with pytest.raises(ValidationError) as refused:
        other.clean()
    assert refused.value.message_dict == {
        "translated_from": ["Choose the original article in another language edition."]
    }


def test_translation_from_an_article_in_another_edition_is_accepted(article, korean_home):
    korean_section = SectionPageFactory(parent=korean_home, title="북한", slug="bukhan")
    translation = ArticlePageFactory.build(translated_from=article, locale=korean_home.locale)
    korean_section.add_child(instance=translation)  # saving validates the page
    assert ArticlePage.objects.get(pk=translation.pk).translated_from_id == article.pk


def test_credits_keep_the_order_the_newsroom_set(article):
    article.credits.all().delete()
    names = ["Third", "First", "Second"]
    for order, name in zip([2, 0, 1], names, strict=True):
        ArticleCreditFactory(article=article, contributor=ContributorFactory(name=name))
        article.credits.filter(contributor__name=name).update(sort_order=order)
    assert [c.contributor.name for c in article.credits.all()] == ["First", "Second", "Third"]


def test_upgrade_numbers_credits_without_an_order_as_editors_see_them(article, section):
    """Migration 0006: an article mixing empty and numbered orders is numbered empty ones first
    (as the revision an editor opens sorts them), each in the order added; others keep theirs."""
    number_credits = import_module(
        "dateline.news.migrations.0006_number_credits_without_an_order"
    ).number_credits
    ArticleCreditFactory(article=article, contributor=ContributorFactory(name="Oh"), sort_order=0)
    numbered = ArticlePageFactory(parent=section, title="Numbered")
    for order, name in ((7, "Second"), (5, "First")):
        ArticleCreditFactory(
            article=numbered, contributor=ContributorFactory(name=name), sort_order=order
        )

    number_credits(apps, None)

    credits = [(c.contributor.name, c.sort_order) for c in article.credits.all()]
    assert credits == [("Han Ji-woo", 0), ("Claire Dunmore", 1), ("Oh", 2)]
    kept = [(c.contributor.name, c.sort_order) for c in numbered.credits.all()]
    assert kept == [("First", 5), ("Second", 7)]


def test_same_role_in_a_row_shares_one_sentence_and_later_starts_another(article):
    people = [ContributorFactory(name=name) for name in ("A", "B", "C", "D")]
    credits = [
        ArticleCreditFactory.build(contributor=people[0], role=CreditRole.TRANSLATOR),
        ArticleCreditFactory.build(contributor=people[1], role=CreditRole.TRANSLATOR),
        ArticleCreditFactory.build(contributor=people[2], role=CreditRole.WRITER),
        ArticleCreditFactory.build(contributor=people[3], role=CreditRole.TRANSLATOR),
    ]
    sentences = credit_sentences(credits, "en", lambda contributor: f"/c/{contributor.slug}/")
    assert sentences == [
        'Translated by <a href="/c/a/">A</a> and <a href="/c/b/">B</a>.',
        'Written in English by <a href="/c/c/">C</a>.',
        'Translated by <a href="/c/d/">D</a>.',
    ]


@pytest.mark.parametrize(
    ("role", "sentence"),
    [
        (CreditRole.REPORTER, "Reported by"),
        (CreditRole.WRITER, "Written in English by"),
        (CreditRole.TRANSLATOR, "Translated by"),
        (CreditRole.EDITOR, "Edited by"),
        (CreditRole.PHOTOGRAPHER, "Photos by"),
    ],
)
def test_each_role_has_its_credit_sentence(db, role, sentence):
    credit = ArticleCreditFactory.build(contributor=ContributorFactory(name="Kim"), role=role)
    (rendered,) = credit_sentences([credit], "en", lambda contributor: "/c/")
    assert rendered == f'{sentence} <a href="/c/">Kim</a>.'


def test_contributor_names_are_escaped_in_the_credit_line(db):
    credit = ArticleCreditFactory.build(
        contributor=ContributorFactory(name="<script>x</script>"), role=CreditRole.REPORTER
    )
    (rendered,) = credit_sentences([credit], "en", lambda contributor: "/c/")
    assert "<script>" not in rendered
    assert "&lt;script&gt;" in rendered


def test_contributors_with_the_same_name_get_different_slugs(db):
    first = Contributor.objects.create(name="Kim Su-a")
    second = Contributor.objects.create(name="Kim Su-a")
    assert (first.slug, second.slug) == ("kim-su-a", "kim-su-a-2")


def test_contributor_slug_keeps_korean_letters(db):
    assert Contributor.objects.create(name="김수아").slug == "김수아"


def test_contributor_slug_taken_by_another_is_refused_by_validation(db):
    Contributor.objects.create(name="Kim Su-a")
    duplicate = Contributor(name="Another Kim", slug="kim-su-a")
    with pytest.raises(ValidationError) as refused:
        duplicate.full_clean()
    assert "slug" in refused.value.message_dict


def test_contributor_slug_taken_by_another_is_refused_by_the_database(db):
    Contributor.objects.create(name="Kim Su-a")
    with pytest.raises(IntegrityError), transaction.atomic():
        Contributor.objects.create(name="Another Kim", slug="kim-su-a")
    assert Contributor.objects.filter(slug="kim-su-a").count() == 1


def test_contributor_keeps_their_slug_when_renamed(db):
    contributor = Contributor.objects.create(name="Kim Su-a")
    contributor.name = "Kim Su-ah"
    contributor.save()
    assert contributor.slug == "kim-su-a"


def test_credited_contributor_cannot_be_deleted(article):
    contributor = article.credits.first().contributor
    with pytest.raises(ProtectedError), transaction.atomic():
        contributor.delete()
    assert Contributor.objects.filter(pk=contributor.pk).exists()
