"""Turn a reader's words into a search of the published pages, ranked by relevance and recency."""

import heapq
import math
import time
from array import array
from collections.abc import Iterator, Sequence
from typing import NamedTuple

from django.db import connection
from wagtail.models import Page
from wagtail.search.query import And, Phrase, PlainText

from dateline.core.ngrams import WORD, bigrams, script_pieces
from dateline.news.models import ArticlePage, StandardPage

from .rows import UnixTime, unconverted_rows
from .sqlite_scores import sqlite_match_rows

# A reader's query is cut to this many words: enough for any real question, and a bound on the SQL.
MAX_QUERY_WORDS = 12
# How much a fresh story gains over an old one of equal relevance: up to twice the score, halving
# the bonus every RECENCY_HALF_LIFE_DAYS. Relevance still decides between stories of one week.
RECENCY_BONUS = 1.0
RECENCY_HALF_LIFE_DAYS = 30

SEARCHED_PAGE_TYPES = (ArticlePage, StandardPage)


def query_words(text: str) -> list[str]:
    """Return the words of a query, punctuation dropped, at most MAX_QUERY_WORDS of them."""
    return WORD.findall(text)[:MAX_QUERY_WORDS]


def build_query(text: str):
    """Return the Wagtail search query for the reader's words, or None when there is no word.

    Every word must match. A Korean, Chinese or Japanese word is looked up as the phrase of its
    two-character pieces (or as a single character), matching the n-grams `NgramSearchField`
    indexed, so it is found inside the longer words it is written into; other words go to the
    backend's own full-text matching, with its stemming.
    """
    plain_words, parts = [], []
    for word in query_words(text):
        for unspaced, piece in script_pieces(word):
            if not unspaced:
                plain_words.append(piece)
            elif len(piece) == 1:
                parts.append(PlainText(piece))
            else:
                parts.append(Phrase(" ".join(bigrams(piece))))
    if plain_words:
        parts.insert(0, PlainText(" ".join(plain_words), operator="and"))
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else And(parts)


class RankedPage(NamedTuple):
    """A match and its final score (a tuple: a common word makes tens of thousands of them)."""

    pk: int
    score: float


def searchable_pages(locale=None, section=None):
    """Return the pages a reader may find: published, public, articles and plain pages only."""
    pages = Page.objects.live().public().type(*SEARCHED_PAGE_TYPES)
    if locale is not None:
        pages = pages.filter(locale=locale)
    if section is not None:
        pages = pages.descendant_of(section)
    return pages


class RankedMatches(Sequence):
    """Every match, best first, for Django's Paginator: its length, and a slice put in order.

    A common word matches most of an archive (71,000 of 100,000 stories), and a reader sees ten.
    The matches are held in three arrays of numbers, and a slice takes only the best of them, up
    to its end, from a heap: the same order as sorting them all, at a fraction of the memory.
    """

    def __init__(self, pks: array, relevances: array, recency: array):
        self._pks, self._relevances, self._recency = pks, relevances, recency
        self._best = max(relevances, default=0.0) or 1.0

    def __len__(self) -> int:
        return len(self._pks)

    def __getitem__(self, index):
        if isinstance(index, slice) and (index.step or 1) < 0:
            return self[:][index]  # backwards: every match in order, then reversed
        if isinstance(index, slice):
            start, stop, step = index.indices(len(self))
            best = heapq.nsmallest(stop, range(len(self)), key=self._order)
            return [self._match(position) for position in best[start:stop:step]]
        if not -len(self) <= index < len(self):
            raise IndexError("no match at this position")
        index %= len(self)
        return self[index : index + 1][0]

    def __iter__(self) -> Iterator[RankedPage]:
        return iter(self[:])

    def __reversed__(self) -> Iterator[RankedPage]:
        return reversed(self[:])

    def _score(self, position: int) -> float:
        return self._relevances[position] / self._best * self._recency[position]

    def _order(self, position: int) -> tuple[float, int]:
        return -self._score(position), -self._pks[position]

    def _match(self, position: int) -> RankedPage:
        return RankedPage(self._pks[position], self._score(position))


def ranked_matches(text: str, locale=None, section=None) -> RankedMatches:
    """Return every matching page's id, best first: relevance, favouring recent news.

    The backend scores relevance (BM25 on SQLite, ts_rank on PostgreSQL); the recency bonus is
    applied here over (id, score, date) rows, so ranking is the same on both databases and only
    the page of results being shown is ever loaded whole.
    """
    pks, relevances, recency = array("q"), array("d"), array("d")
    query = build_query(text)
    if query is not None:
        results = searchable_pages(locale, section).search(query).annotate_score("_score")
        # SQLite's bm25() is negative, best lowest; PostgreSQL's ts_rank is best highest.
        sign = -1.0 if connection.vendor == "sqlite" else 1.0
        now = time.time()
        for pk, score, published in match_rows(results):
            pks.append(pk)
            relevances.append(sign * float(score or 0.0))
            recency.append(_recency_factor(published, now))
    return RankedMatches(pks, relevances, recency)


def match_rows(results) -> Iterator[tuple[int, float, float | None]]:
    """Yield (id, backend score, first published as a Unix time) for every page matched.

    The database backends' results expose their annotated queryset; reading three columns from
    it costs far less than building a page object for every match. On SQLite that queryset scores
    each page with a subquery that runs the full-text match again for every matching page, which
    grows with the square of the matches; the same scores are read in one pass instead.
    """
    if connection.vendor == "sqlite":
        return sqlite_match_rows(results)
    rows = results.get_queryset().annotate(published=UnixTime("first_published_at"))
    return unconverted_rows(rows.values_list("pk", "_score", "published"))


def _recency_factor(published: float | None, now: float) -> float:
    if published is None:
        return 1.0
    age_days = max(now - published, 0) / 86400
    return 1.0 + RECENCY_BONUS * math.pow(0.5, age_days / RECENCY_HALF_LIFE_DAYS)
