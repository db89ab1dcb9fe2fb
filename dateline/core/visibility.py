"""Which pages any reader may see, decided inside the query that fetches them.

Wagtail's `PageQuerySet.public()` first reads every view restriction in the site, then builds a
filter from them: one more query each time it is called, and a render calls it several times.
`public()` here asks the same question in the same SQL statement ("no restriction on this page or
any page above it"), so it costs nothing extra, however many private sections there are.
"""

from django.db.models import BooleanField, F, Func
from wagtail.models import Page, PageViewRestriction


def restricted_sql(path: str) -> str:
    """Return SQL that is true when a view restriction sits on the page whose path is `path`
    (a column, such as `p.path`) or on a page above it. Queries written by hand use it as is."""
    return (
        f"EXISTS (SELECT 1 FROM {PageViewRestriction._meta.db_table} restriction"
        f" JOIN {Page._meta.db_table} restricted_page ON restriction.page_id = restricted_page.id"
        f" WHERE restricted_page.path = SUBSTR({path}, 1, LENGTH(restricted_page.path)))"
    )


class Restricted(Func):
    """True when a view restriction sits on the page or above it, for the ORM's queries.

    The same SQL as `restricted_sql`, on the queryset's own `path` column (renamed with it when
    the query becomes a subquery). An `Exists` over an `OuterRef` said the same, but took about
    a millisecond to build and compile each time, and a render asks several times.
    """

    output_field = BooleanField()
    template = restricted_sql("%(expressions)s")

    def __init__(self):
        super().__init__(F("path"))


def public(queryset):
    """Return the pages of the queryset that no view restriction hides (as Wagtail's `public()`)."""
    return queryset.filter(~Restricted())
