"""What the index holds for Korean text, so a word is found inside the longer word it is part of."""

from wagtail.search.query import Phrase

from dateline.core.ngrams import ngram_text
from dateline.search.query import build_query


def test_korean_word_is_indexed_as_overlapping_pairs_then_its_syllables():
    assert ngram_text("장마당에서") == "장마 마당 당에 에서 장 마 당 에 서"


def test_text_without_korean_adds_nothing_to_the_index():
    assert ngram_text("Rice prices doubled in Hyesan's market") == ""


def test_digits_written_onto_a_korean_word_are_indexed_on_their_own():
    assert ngram_text("2024년에").split() == ["년에", "2024", "년", "에"]


def test_each_syllable_is_indexed_once_however_often_it_occurs():
    assert ngram_text("쌀 쌀값 쌀").split().count("쌀") == 1


def test_korean_query_word_becomes_the_phrase_of_its_pairs():
    query = build_query("장마당")
    assert isinstance(query, Phrase)
    assert query.query_string == "장마 마당"


def test_query_without_any_word_is_no_query():
    assert build_query(" ?! … ") is None
