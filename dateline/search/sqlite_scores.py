"""Score a search on SQLite in one pass over the full-text matches, as Wagtail scores it.

Wagtail's SQLite backend (modelsearch) annotates each matching page with a correlated subquery
that repeats the FTS5 match for that page, so a query matching M pages runs the match M times:
a word common in a 100,000-article archive took seconds. Here the match runs once: each matching
index entry comes with its score, computed with the backend's own rank expression (so the
figures, and the ranking, are Wagtail's), and with its page's date when the reader may find that
page, looked up by the page's id. Built from the backend's compiler, so the same query text,
fields and content types are searched.
"""

from collections.abc import Iterator

from django.db.models import Exists, IntegerField, OuterRef, Subquery
from django.db.models.functions import Cast
from modelsearch.utils import get_descendants_content_types_pks

from .rows import UnixTime, unconverted_rows


def scored_entries(results):
    """Return the index entries a search on SQLite matches, each with Wagtail's score (`score`,
    best lowest): the full-text match run once, with no page read."""
    # Imported here: the SQLite backend's module looks up its FTS model, which only exists when
    # the database is SQLite.
    from modelsearch.backends.database.sqlite.query import MatchExpression, normalize
    from modelsearch.backends.database.sqlite.sqlite import SQLiteFTSIndexEntry

    compiler = results.query_compiler
    config = compiler.get_config(results.backend)
    search_query = compiler.build_search_query(normalize(compiler.query), config=config)
    match = MatchExpression(compiler.fields or compiler.FTS_TABLE_FIELDS, search_query)
    return (
        SQLiteFTSIndexEntry.objects.filter(match)
        .filter(
            index_entry__content_type__in=get_descendants_content_types_pks(compiler.queryset.model)
        )
        .annotate(score=compiler._build_rank_expression(compiler.get_search_vectors(), config))
    )


def sqlite_match_rows(results) -> Iterator[tuple[int, float, float | None]]:
    """Yield (page id, Wagtail's score, first published as a Unix time) for each page matched."""
    # The page an entry indexes, if a reader may find it: looked up by its id, once per match.
    page = results.query_compiler.queryset.order_by().filter(
        pk=Cast(OuterRef("index_entry__object_id"), IntegerField())
    )
    rows = (
        scored_entries(results)
        .filter(Exists(page))
        .annotate(published=Subquery(page.values(time=UnixTime("first_published_at"))[:1]))
        .values_list("index_entry__object_id", "score", "published")
    )
    seen = set()
    for object_id, score, published in unconverted_rows(rows):
        # As Wagtail's subquery: a page indexed twice has its first entry's score.
        if (pk := int(object_id)) not in seen:
            seen.add(pk)
            yield pk, score, published
