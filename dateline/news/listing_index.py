"""A listing's articles counted and paged on indexes of the page table, their rows read only
for the page of twenty shown.

Counting or skipping through `articles_in` joins every article's own row, body and all. On
SQLite, in a 100,000-article site, the front page spent 320 ms counting its edition's 71,000
stories, and page 450 of a section 630 ms skipping to its twenty. The listing's stories are the
live pages of the article type (told apart by type, not by a join) whose tree paths fall in the
listing's range of descendants: the indexes below hold that, one ordered for a range of paths
(what a listing leaves out, and the other pages under a section), one newest first (the pages);
the count itself adds up the children of the pages that have any (`count_under`); another finds
the latest change filed in a section, for the sitemaps; another a section's stories by date, for
its listing and feed when it holds no sections of its own and for the stories around an article
(further reading). Wagtail's models do not declare them, so
they are made after every `migrate` (`ensure_listing_indexes`, through `dateline.core.indexes`).
"""

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import DEFAULT_DB_ALIAS, connection
from django.db.models import CharField, F, Func, OuterRef, Q, Value
from django.db.models.functions import Concat
from treebeard.exceptions import PathOverflow
from wagtail.models import Page, PageViewRestriction

from dateline.core.compiled import CompiledQuery
from dateline.core.indexes import ensure_indexes
from dateline.core.visibility import public, restricted_sql

INDEXES = {
    # A range of paths: what a count takes away, children, the latest change under a section.
    "dateline_pages_by_type_and_path": "(content_type_id, path, live, depth, last_published_at)",
    # Newest first: the pages of a listing.
    "dateline_live_pages_by_type_and_date": "(content_type_id, first_published_at, id, path, live)"
    " WHERE live",
    # By parent, latest change first: the newest change filed in a section (sitemaps).
    "dateline_live_pages_by_type_and_parent": "(content_type_id,"
    f" (SUBSTR(path, 1, LENGTH(path) - {Page.steplen})), last_published_at) WHERE live",
    # By parent, in publication order: a section's stories (its listing and feed) and those around
    # an article in it (further reading), however few the section holds among the archive's. It
    # holds the path and `live` too, or SQLite prefers the index by type and date, which holds
    # them, and walks the archive.
    "dateline_live_pages_by_parent_and_date": "(content_type_id,"
    f" (SUBSTR(path, 1, LENGTH(path) - {Page.steplen})), first_published_at, id, path, live)"
    " WHERE live",
    # The pages that have children (homes, sections: a few hundred) with their count of
    # children, and the pages not published (drafts, unpublished, expired): `count_under`.
    "dateline_parent_pages_by_path": "(path, numchild) WHERE numchild > 0",
    "dateline_unpublished_pages_by_type_and_path": "(content_type_id, path, live) WHERE NOT live",
}
NEWEST_FIRST = ("-first_published_at", "-pk")
LAST_STEP = Page.alphabet[-1] * Page.steplen  # the highest a child's own step of the path can be


def ensure_listing_indexes(using=DEFAULT_DB_ALIAS, **kwargs) -> None:
    """Create the listing indexes that are missing (connected to `post_migrate`)."""
    ensure_indexes(using, Page._meta.db_table, INDEXES)


def pages_of_type(model):
    """Return `model`'s pages (a few homes or sections among many articles), found by their type.

    Asked through the model's own manager, SQLite walks the whole page table for them (in path
    order, or for a depth or URL path it has no index for): 65 to 150 ms a query with 100,000
    articles. Filtered by type, it reads them on the listing index: about a millisecond.
    """
    return model.objects.type(model)


def pages_under(page, model, excluding=(), children_only=False):
    """Return the live, public pages of `model`'s type under `page` (only its children, if
    `children_only`), less those `excluding`, as a query of the page table alone."""
    pages = Page.objects.live().type(model).exclude(pk__in=excluding)
    if children_only:
        pages = pages.filter(depth=page.depth + 1)
    after = _past_descendants(page.path)
    if after is None:
        return public(pages.descendant_of(page))
    return public(pages.filter(path__gt=page.path, path__lt=after))


def _past_descendants(path: str) -> str | None:
    """Return the path of the next sibling of the page at `path`: past every descendant (None
    when the last possible sibling has it)."""
    try:
        return Page(path=path)._inc_path()
    except PathOverflow:
        return None


def count_under(page, model, excluding=()) -> int:
    """Count `pages_under(page, model, excluding)` without reading a row for each page.

    Counting an edition's 71,000 stories on the listing index read each one: 6 ms of a front
    page's render on SQLite with 100,000 articles, where the same page cost a tenth of that with
    100. Treebeard keeps each page's count of children (`numchild`), so every page under `page`
    is counted by adding up the children of the few pages that have any (homes and sections); the
    count then takes away what the listing leaves out, each read on an index of its own: pages of
    other types, pages not published, the pages `excluding` names, and those a view restriction
    hides (the restricted branches are counted one by one, and a site seldom has any).
    """
    after = _past_descendants(page.path)
    if after is None:
        return pages_under(page, model, excluding).count()
    counted = _type_ids(model)
    excluded = [int(pk) for pk in excluding]
    with connection.cursor() as cursor:
        cursor.execute(
            _count_sql(len(counted), len(excluded)),
            [
                *[page.path, after],
                *[*counted, page.path, after],
                *[*counted, page.path, after],
                *[*excluded, *counted, page.path, after],
                page.path,
                *[page.path, after],
            ],
        )
        count, restricted_here, restricted_below = cursor.fetchone()
    if restricted_here:
        return 0
    if restricted_below:
        count -= _hidden_by_restrictions(page.path, after, model)
    return count


def _type_ids(model) -> list[int]:
    """Return the content type ids of `model` and its subclasses, as `PageQuerySet.type` picks
    them."""
    subclasses = [each for each in apps.get_models() if issubclass(each, model)]
    return sorted(ct.pk for ct in ContentType.objects.get_for_models(*subclasses).values())


def _count_sql(counted: int, excluded: int) -> str:
    """The statement of `count_under`, for these numbers of type ids and of excluded pages."""
    table = Page._meta.db_table
    restrictions = PageViewRestriction._meta.db_table
    under = "path > %s AND path < %s"

    def among(number: int) -> str:
        return ", ".join(["%s"] * number) or "NULL"

    return (
        "SELECT"
        f" (SELECT COALESCE(SUM(numchild), 0) FROM {table}"
        " WHERE path >= %s AND path < %s AND numchild > 0)"
        f" - (SELECT COUNT(*) FROM {table} WHERE content_type_id IN (SELECT id FROM"
        f" {ContentType._meta.db_table} WHERE id NOT IN ({among(counted)})) AND {under})"
        f" - (SELECT COUNT(*) FROM {table}"
        f" WHERE content_type_id IN ({among(counted)}) AND NOT live AND {under})"
        f" - (SELECT COUNT(*) FROM {table} excluded_page WHERE id IN ({among(excluded)})"
        f" AND content_type_id IN ({among(counted)}) AND live AND {under}"
        f" AND NOT {restricted_sql('excluded_page.path')}),"
        f" {restricted_sql('%s')},"
        f" EXISTS (SELECT 1 FROM {restrictions} restriction CROSS JOIN {table} restricted_page"
        " WHERE restriction.page_id = restricted_page.id"
        " AND restricted_page.path > %s AND restricted_page.path < %s)"
    )


def _hidden_by_restrictions(path: str, after: str, model) -> int:
    """Count the live pages of `model`'s type that view restrictions hide under the page at
    `path`: each restricted branch's, once, however many restrictions lie inside it."""
    restricted = sorted(
        set(
            PageViewRestriction.objects.filter(
                page__path__gt=path, page__path__lt=after
            ).values_list("page__path", flat=True)
        )
    )
    branches = [
        each
        for number, each in enumerate(restricted)
        if not any(each.startswith(above) for above in restricted[:number])
    ]
    hidden = 0
    for branch in branches:
        end = _past_descendants(branch)
        pages = Page.objects.live().type(model)
        pages = (
            pages.filter(path__startswith=branch)
            if end is None
            else pages.filter(path__gte=branch, path__lt=end)
        )
        hidden += pages.count()
    return hidden


def children_of_outer_page() -> Q:
    """Select the children of the outer query's page in a subquery: a range of paths, where
    `child_of` would match a prefix."""
    under = Q(path__gt=OuterRef("path"), path__lte=Concat(OuterRef("path"), Value(LAST_STEP)))
    return under & Q(depth=OuterRef("depth") + 1)


def filed_in_outer_page(pages):
    """Return the pages filed directly in the outer query's page, for a subquery that reads
    them on the index by parent: the newest change in a section is one step into it, where a
    range of its children's paths read every one (on SQLite with 100,000 articles, the sitemap
    index took 60 ms that way and 15 ms this way)."""
    return pages.alias(parent_path=ParentPath()).filter(parent_path=Unaffined(OuterRef("path")))


class ParentPath(Func):
    """A page's parent's path (its own, less the last step), as the index by parent holds it."""

    template = f"SUBSTR(%(expressions)s, 1, LENGTH(%(expressions)s) - {Page.steplen})"
    output_field = CharField()

    def __init__(self):
        super().__init__(F("path"))


class Unaffined(Func):
    """A column compared with `ParentPath` as itself on PostgreSQL, and as `+column` on SQLite.

    SQLite compares a text column with an expression under the column's text affinity, and then
    will not look the expression up on its index: each section's children were read one by one.
    The unary plus gives the column no affinity, so the index serves the comparison.
    """

    template = "%(expressions)s"

    def as_sqlite(self, compiler, connection, **extra):
        return super().as_sql(compiler, connection, template="+%(expressions)s", **extra)


def newest_under(page, model, excluding=()):
    """Return the ids of the live, public pages of `model`'s type under `page`, newest first,
    read on the listing indexes (for `Listing`, and a section's feed).

    Walked newest first on the index by type and date, a listing reads the archive's stories
    until it has its page of them: a new section's first page, holding three stories, read all
    100,000 (9 ms on SQLite). When every page under `page` is its child (a section without
    sections of its own, as most are), they are read on the index by parent and date instead.
    """
    pages = pages_under(page, model, excluding)
    if not _has_parents_below(page):
        pages = pages.alias(parent_path=ParentPath()).filter(parent_path=page.path)
    return pages.order_by(*NEWEST_FIRST).values_list("pk", flat=True)


# Every listing asks it (core/compiled.py: the statement is built once).
_PARENTS_BELOW = CompiledQuery(
    lambda path, after: (
        Page.objects.filter(path__gt=path, path__lt=after, numchild__gt=0)
        .order_by()
        .values_list("pk", flat=True)[:1]
    ),
    path="a page's path",
    after="the path past its descendants",
)


def _has_parents_below(page) -> bool:
    """Say whether a page under `page` has pages of its own, read on the index of the pages that
    have any (a few hundred)."""
    after = _past_descendants(page.path)
    if after is None:
        below = Page.objects.filter(path__startswith=page.path, numchild__gt=0)
        return below.exclude(pk=page.pk).exists()
    return bool(_PARENTS_BELOW.rows(path=page.path, after=after))


class Listing:
    """A listing's articles, for Django's `Paginator`: counted and sliced on an index (`ids`, a
    query of their ids, newest first), and only the slice's articles loaded, from `articles`.
    `counter`, when given, counts them in a cheaper way than counting `ids`."""

    ordered = True  # newest first, as Paginator wants to hear

    def __init__(self, ids, articles, counter=None):
        self._ids, self._articles = ids, articles
        self._counter = counter or ids.count

    def count(self) -> int:
        return self._counter()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, window: slice) -> list:
        ids = list(self._ids[window])
        found = (
            {article.pk: article for article in self._articles.filter(pk__in=ids)} if ids else {}
        )
        return [found[pk] for pk in ids if pk in found]
