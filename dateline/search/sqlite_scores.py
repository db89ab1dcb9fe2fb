"""Score a search on SQLite in one pass over the full-text matches, as Wagtail scores it.

Wagtail's SQLite backend (modelsearch) annotates each matching page with a correlated subquery
that repeats the FTS5 match for that page, so a query matching M pages runs the match M times:
a word common in a 100,000-article archive took seconds. Here the match runs twice in all: once
for the matching index entries and their scores, computed with the backend's own rank expression
(so the figures, and the ranking, are Wagtail's), and once inside the filter that keeps only the
pages the reader may find. Built from the backend's compiler, so the same query text, fields and
content types are searched.
"""

from datetime import datetime

from modelsearch.utils import get_descendants_content_types_pks


def sqlite_match_rows(results) -> list[tuple[int, float, datetime | None]]:
    """Return (page id, Wagtail's score, first published) for each page the search matches."""
    # Imported here: the SQLite backend's module looks up its FTS model, which only exists when
    # the database is SQLite.
    from modelsearch.backends.database.sqlite.query import MatchExpression, normalize
    from modelsearch.backends.database.sqlite.sqlite import SQLiteFTSIndexEntry

    compiler = results.query_compiler
    config = compiler.get_config(results.backend)
    search_query = compiler.build_search_query(normalize(compiler.query), config=config)
    match = MatchExpression(compiler.fields or compiler.FTS_TABLE_FIELDS, search_query)
    entries = SQLiteFTSIndexEntry.objects.filter(match).filter(
        index_entry__content_type__in=get_descendants_content_types_pks(compiler.queryset.model)
    )
    scores: dict[int, float] = {}
    scored = entries.annotate(
        score=compiler._build_rank_expression(compiler.get_search_vectors(), config)
    ).values_list("index_entry__object_id", "score")
    for object_id, score in scored:
        scores.setdefault(int(object_id), score)  # as Wagtail's subquery: the first entry's
    pages = compiler.queryset.filter(
        pk__in=entries.values_list("index_entry__object_id", flat=True)
    ).values_list("pk", "first_published_at")
    return [(pk, scores.get(pk), published) for pk, published in pages]
