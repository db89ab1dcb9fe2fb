"""A reader finds published articles by a word from them, in English and in Korean."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction
from wagtail.search.models import IndexEntry

from dateline.news.factories import ArticlePageFactory, SectionPageFactory, paragraphs, publish
from dateline.news.models import ArticlePage
from dateline.search.entry_index import INDEXES

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


@pytest.mark.postgresql
def test_on_postgresql_a_search_finds_its_matches_on_an_index(client, section, korean_section):
    """Wagtail matches the title and body joined, which none of its own indexes hold: every
    search read every entry, 900 ms on a 100,000-article archive even for a word no story has.
    Among thousands of entries, a search for words few of them hold reads the index of that
    expression."""
    publish_article(section, "Border crossings", "A cormorant fisherman crossed the river.")
    publish_article(korean_section, "장마당 소식", "장마당에서 쌀값이 올랐다.")
    searches = []
    for path, words in (("/search/", "cormorant river"), ("/ko/search/", "쌀값 장마당")):
        with CaptureQueriesContext(connection) as queries:
            assert found_headlines(search(client, path=path, q=words))
        searches += [query["sql"] for query in queries if "@@" in query["sql"]]
    assert len(searches) == 2
    with connection.cursor() as cursor:
        # An archive's worth of other stories' entries, none with the words.
        cursor.execute(
            "INSERT INTO wagtailsearch_indexentry"
            " (content_type_id, object_id, title_norm, title, body, autocomplete,"
            " title_text, body_text)"
            " SELECT %s, 'other-' || n, 1, to_tsvector('Story ' || n),"
            " to_tsvector('Weather and harvest report number ' || n), to_tsvector(''), '', ''"
            " FROM generate_series(1, 5000) AS n",
            [ContentType.objects.get_for_model(ArticlePage).pk],
        )
        cursor.execute("ANALYZE wagtailsearch_indexentry")
        cursor.execute("SET LOCAL enable_nestloop = off")  # as if the site's pages were as many
        for sql in searches:
            cursor.execute(f"EXPLAIN {sql}")
            plan = "\n".join(row[0] for row in cursor.fetchall())
            assert f"Bitmap Index Scan on {next(iter(INDEXES))}" in plan, f"{sql}\n{plan}"
