"""A reader finds published articles by a word from them, in English and in Korean."""

from django.core.management import call_command
from wagtail.models import PageViewRestriction
from wagtail.search.models import IndexEntry

from dateline.news.factories import ArticlePageFactory, SectionPageFactory, paragraphs, publish

from .conftest import found_headlines, search


def publish_article(parent, title, *texts, standfirst="A summary.", **fields):
    article = ArticlePageFactory(
        parent=parent,
        title=title,
        standfirst=standfirst,
        body=paragraphs(*texts),
        live=False,
        **fields,
    )
    return publish(article)


def test_distinctive_word_from_the_body_finds_the_article(client, section):
    publish_article(section, "Border crossings", "A cormorant fisherman crossed the river at dawn.")
    publish_article(section, "Other news", "Nothing about birds here.")

    assert found_headlines(search(client, q="cormorant")) == ["Border crossings"]


def test_word_from_the_headline_finds_the_article(client, section):
    publish_article(section, "Smugglers switch to kayaks", "The first paragraph.")

    assert found_headlines(search(client, q="kayaks")) == ["Smugglers switch to kayaks"]


def test_word_from_the_standfirst_finds_the_article(client, section):
    publish_article(section, "Prices", "Body.", standfirst="Millet replaces rice at the table.")

    assert found_headlines(search(client, q="millet")) == ["Prices"]


def test_topic_of_the_article_finds_it(client, section):
    article = ArticlePageFactory(parent=section, title="Tagged story", live=False)
    article.tags.add("aquaculture")
    article.save()
    publish(article)

    assert found_headlines(search(client, q="aquaculture")) == ["Tagged story"]


def test_korean_word_finds_the_article_that_writes_a_particle_onto_it(client, korean_section):
    publish_article(korean_section, "혜산 소식", "양강도 혜산의 장마당에서 쌀값이 올랐다.")

    soup = search(client, "/ko/search/", q="장마당")

    assert found_headlines(soup) == ["혜산 소식"]


def test_korean_word_inside_a_headline_finds_the_article(client, korean_section):
    publish_article(korean_section, "혜산 쌀값, 한 달 새 두 배", "본문.")

    assert found_headlines(search(client, "/ko/search/", q="쌀값")) == ["혜산 쌀값, 한 달 새 두 배"]


def test_one_syllable_korean_word_finds_the_article(client, korean_section):
    publish_article(korean_section, "곡물 시장", "주민들은 흰쌀 대신 옥수수를 산다.")

    assert found_headlines(search(client, "/ko/search/", q="쌀")) == ["곡물 시장"]


def test_korean_word_is_not_found_where_only_its_syllables_are_scattered(client, korean_section):
    # "장마" (rainy season) and "마당" (yard) are both here, but never "장마당" (market).
    publish_article(korean_section, "장마철", "장마가 길어져 앞마당이 잠겼다.")

    assert found_headlines(search(client, "/ko/search/", q="장마당")) == []


def test_korean_and_english_words_together_must_both_match(client, korean_section):
    publish_article(korean_section, "환율", "신의주 장마당에서 USD 환율이 올랐다.")
    publish_article(korean_section, "물가", "혜산 장마당에서 쌀값이 올랐다.")

    assert found_headlines(search(client, "/ko/search/", q="장마당 usd")) == ["환율"]


def test_draft_article_is_never_found(client, section):
    ArticlePageFactory(
        parent=section, title="Draft", body=paragraphs("A pangolin story."), live=False
    )

    assert found_headlines(search(client, q="pangolin")) == []


def test_unpublished_article_is_no_longer_found(client, section):
    article = publish_article(section, "Withdrawn", "A story about an ocelot.")
    article.unpublish()

    assert found_headlines(search(client, q="ocelot")) == []


def test_article_in_a_private_section_is_never_found(client, section, home):
    publish_article(section, "Public story", "Mention of a narwhal.")
    staff_only = publish(SectionPageFactory(parent=home, title="Staff only", slug="staff-only"))
    publish_article(staff_only, "Private story", "Another narwhal.")
    PageViewRestriction.objects.create(page=staff_only, restriction_type=PageViewRestriction.LOGIN)

    assert found_headlines(search(client, q="narwhal")) == ["Public story"]


def test_edited_article_is_found_by_its_new_words_once_republished(client, section):
    article = publish_article(section, "Edited story", "The old word is marmot.")
    article.body = paragraphs("The new word is wolverine.")
    publish(article)

    assert found_headlines(search(client, q="wolverine")) == ["Edited story"]
    assert found_headlines(search(client, q="marmot")) == []


def test_update_index_command_rebuilds_an_emptied_index(client, section, korean_section):
    publish_article(section, "Rebuilt story", "A word like quokka.")
    publish_article(korean_section, "혜산 소식", "혜산의 장마당에서 쌀값이 올랐다.")
    IndexEntry.objects.all().delete()
    assert found_headlines(search(client, q="quokka")) == []

    call_command("update_index", verbosity=0)

    assert found_headlines(search(client, q="quokka")) == ["Rebuilt story"]
    assert found_headlines(search(client, "/ko/search/", q="장마당")) == ["혜산 소식"]
