"""Which pages any reader may see, decided inside the query that fetches them.

Wagtail's `PageQuerySet.public()` first reads every view restriction in the site, then builds a
filter from them: one more query each time it is called, and a render calls it several times.
`public()` here asks the same question in the same SQL statement ("no restriction on this page or
any page above it"), so it costs nothing extra, however many private sections there are.
`restricted_sql` is the same condition for the few queries written in SQL by hand.
"""

from django.db.models import Exists, OuterRef
from django.db.models.functions import Length, Substr
from wagtail.models import Page, PageViewRestriction


def restricted():
    """Return an EXISTS condition: a view restriction sits on the outer page or above it."""
    return Exists(
        PageViewRestriction.objects.filter(
            page__path=Substr(OuterRef("path"), 1, Length("page__path"))
        )
    )


def public(queryset):
    """Return the pages of the queryset that no view restriction hides (as Wagtail's `public()`)."""
    return queryset.filter(~restricted())


def restricted_sql(page_alias: str) -> str:
    """Return `restricted()` as SQL: a view restriction sits on the page `page_alias` or above it."""
    restriction, page = PageViewRestriction._meta.db_table, Page._meta.db_table
    return (
        f"EXISTS (SELECT 1 FROM {restriction} r JOIN {page} rp ON r.page_id = rp.id"
        f" WHERE rp.path = SUBSTR({page_alias}.path, 1, LENGTH(rp.path)))"
    )
