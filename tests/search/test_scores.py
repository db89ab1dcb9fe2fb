"""The search scores every match as Wagtail's own backend does, however it reads them."""

import random
from array import array

import pytest
from wagtail.models import PageViewRestriction

from dateline.search.query import (
    RankedMatches,
    build_query,
    match_rows,
    ranked_matches,
    searchable_pages,
)

from .test_finding_articles import publish_article


def _wagtail_rows(text, locale):
    """Return the (id, score, date) rows of Wagtail's own scored queryset, the reference."""
    results = searchable_pages(locale).search(build_query(text)).annotate_score("_score")
    rows = results.get_queryset().values_list("pk", "_score", "first_published_at")
    return sorted((pk, score, published.timestamp()) for pk, score, published in rows)


def _rows(text, locale):
    results = searchable_pages(locale).search(build_query(text)).annotate_score("_score")
    return sorted(match_rows(results))


def test_matches_and_scores_are_wagtails_in_english_and_korean(section, korean_section):
    for number in range(6):
        publish_article(
            section,
            f"Rice prices, report {number}",
            *["The price of rice at the market rose again."] * (number + 1),
            "Traders say the market is quiet.",
        )
        publish_article(
            korean_section,
            f"쌀값 보도 {number}",
            *["장마당에서 쌀값이 다시 올랐다."] * (number + 1),
            "상인들은 조용하다고 말했다.",
        )
    hidden = publish_article(section, "Rice for subscribers", "Rice and the market, restricted.")
    PageViewRestriction.objects.create(page=hidden, restriction_type="login")
    for text, locale in (
        ("rice market", section.locale),
        ("traders", section.locale),
        ("쌀값 장마당", korean_section.locale),
        ("상인", korean_section.locale),
    ):
        expected = _wagtail_rows(text, locale)
        assert expected, text
        rows = _rows(text, locale)
        assert [row[:2] for row in rows] == [row[:2] for row in expected]
        # SQLite reads the date as a fraction of a day: to within a millisecond.
        assert [row[2] for row in rows] == pytest.approx([row[2] for row in expected], abs=1e-3)
        assert hidden.pk not in {match.pk for match in ranked_matches(text, locale=locale)}


def test_a_longer_article_about_the_words_ranks_first(section):
    once = publish_article(section, "Weather", "Cold.", "Rice was sold once.")
    often = publish_article(section, "Rice", "Rice, rice and more rice at the rice market.")
    assert [match.pk for match in ranked_matches("rice", locale=section.locale)] == [
        often.pk,
        once.pk,
    ]


def test_every_slice_of_the_matches_is_that_slice_of_them_all_put_in_order():
    generator = random.Random(12)
    count = 500
    pks = array("q", generator.sample(range(1, 10_000), count))
    relevances = array("d", (generator.choice([0.5, 1.0, 2.0, 3.5]) for _ in range(count)))
    recency = array("d", (generator.choice([1.0, 1.25, 2.0]) for _ in range(count)))
    matches = RankedMatches(pks, relevances, recency)
    best = max(relevances)
    in_order = sorted(
        (
            (pk, relevance / best * factor)
            for pk, relevance, factor in zip(pks, relevances, recency, strict=True)
        ),
        key=lambda match: (-match[1], -match[0]),
    )

    assert len(matches) == count
    assert [tuple(match) for match in matches] == in_order
    for start, stop in ((0, 10), (10, 20), (490, 500), (495, 510), (30, 10)):
        assert [tuple(match) for match in matches[start:stop]] == in_order[start:stop]
    assert [tuple(match) for match in matches[::-1]] == in_order[::-1]
    assert [tuple(match) for match in reversed(matches)] == in_order[::-1]
    assert tuple(matches[0]) == in_order[0] and tuple(matches[-1]) == in_order[-1]
    with pytest.raises(IndexError):
        matches[count]
