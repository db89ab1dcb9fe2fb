"""New pages written as `add_child`, `save_revision` and `publish` write them, a batch at a time.

Creating a page through Wagtail costs some forty queries: treebeard locks and reads the parent,
the page is validated and saved three times (created, its revision, published), each save
re-reads what the last one wrote and queues its own index tasks. Most of that work is the same
for every page of a batch, so a new page is written here in two steps:

1. while its item is imported (in the item's savepoint, so a bad item still rolls back alone):
   the page is validated as Wagtail validates it, its tree path is taken after its parent's last
   child, and its rows (page, article or plain page, credits, topics) and its "created" log entry
   are inserted, with the revision's content serialised as `save_revision` would serialise it;
2. once the batch's items are done: the revisions are inserted together, the pages made live (or
   left as drafts) in one update, their "published" log entries inserted, Wagtail's
   `page_published` sent for each (its listeners, such as the renditions, still hear of every
   page), `pages_written_in_bulk` sent once for the re-bake, and the pages noted for one
   reference-index and one search-index task.

The rows are those the slow path writes (tests/wordpress/test_bulk_pages.py compares both).
Updated and scheduled pages still go through Wagtail one by one: they are few.
"""

from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import F
from django.utils import timezone
from wagtail.models import Page, PageLogEntry, Revision
from wagtail.signals import page_published, published

from dateline.news.models import (
    ArticleCredit,
    ArticlePage,
    ArticleTag,
    refresh_listing_rows,
)
from dateline.news.signals import pages_written_in_bulk

# The page fields that publishing (or leaving a draft) sets once the revision exists.
PUBLISHED_FIELDS = [
    "live",
    "has_unpublished_changes",
    "first_published_at",
    "last_published_at",
    "latest_revision_created_at",
    "latest_revision",
    "live_revision",
]


@dataclass
class _Written:
    page: Page
    content: dict
    live: bool
    first_published_at: datetime | None
    last_published_at: datetime | None


class NewPages:
    """The new pages of one batch: rows written item by item, revisions and publication at the end."""

    def __init__(self, indexes):
        self.indexes = indexes
        self.written: list[_Written] = []
        self.log_entries: list[PageLogEntry] = []

    def write(self, page, parent: Page, *, live: bool, first=None, last=None) -> None:
        """Insert a new page under `parent`; it is published (or left a draft) by `finish`.

        `first` and `last` are the publication dates to keep (WordPress's); without them a live
        page is dated when it is published, as Wagtail dates it.
        """
        page.depth = parent.depth + 1
        page.path = Page._get_path(parent.path, page.depth, _last_step(parent) + 1)
        page.numchild = 0
        page.url_path = f"{parent.url_path}{page.slug}/"
        page._cached_parent_obj = parent
        if live:  # what `publish` checks before its save; a draft gets what `add_child` checks
            checked = _drop_dangling_references(page)
            page.full_clean(exclude=checked, validate_unique=False, validate_constraints=False)
        else:
            page.minimal_clean()
        _insert_rows(page)
        Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + 1)
        parent.numchild += 1  # treebeard reads it: a parent seen as a leaf lists no children
        self.log_entries.append(_log_entry(page, "wagtail.create"))
        self.written.append(
            _Written(page, page.serializable_data(), live, first, last),
        )

    def finish(self) -> None:
        """Insert the batch's revisions, publish its live pages and tell the listeners."""
        if not self.written:
            return
        base_type = ContentType.objects.get_for_model(Page)
        now = timezone.now()
        revisions = Revision.objects.bulk_create(
            [
                Revision(
                    content_type=ContentType.objects.get_for_model(written.page),
                    base_content_type=base_type,
                    object_id=str(written.page.pk),
                    content=written.content,
                    object_str=str(written.page),
                    created_at=now,
                )
                for written in self.written
            ]
        )
        for written, revision in zip(self.written, revisions, strict=True):
            _publish_fields(written, revision, now)
        pages = [written.page for written in self.written]
        Page.objects.bulk_update(pages, PUBLISHED_FIELDS)
        refresh_listing_rows([page.pk for page in pages])
        live = [written for written in self.written if written.live]
        self.log_entries += [
            _log_entry(written.page, "wagtail.publish", written.page.live_revision)
            for written in live
        ]
        PageLogEntry.objects.bulk_create(self.log_entries)
        for written in live:
            page, revision = written.page, written.page.live_revision
            page_published.send(sender=type(page), instance=page, revision=revision)
            published.send(sender=type(page), instance=page, revision=revision)
        pages_written_in_bulk.send(sender=NewPages, page_ids=[page.pk for page in pages])
        self.indexes.add_written_in_bulk(pages)
        self.written, self.log_entries = [], []

    @contextmanager
    def item(self):
        """Forget what an item wrote if its savepoint rolls back."""
        pages, entries = len(self.written), len(self.log_entries)
        try:
            yield
        except BaseException:
            del self.written[pages:], self.log_entries[entries:]
            raise


def _last_step(parent: Page) -> int:
    """Return the position number of the parent's last child in treebeard's path (0: none)."""
    last = (
        Page.objects.filter(
            path__range=Page._get_children_path_interval(parent.path), depth=parent.depth + 1
        )
        .order_by("-path")
        .values_list("path", flat=True)
        .first()
    )
    return Page._str2int(last[-Page.steplen :]) if last else 0


def _drop_dangling_references(page) -> list[str]:
    """Clear the page's own references to rows that are gone; return the fields checked.

    `publish` rebuilds the page from its revision, and that clears such a reference
    (modelcluster's `check_fks`) rather than failing: in a dry run, the hero image of a batch
    that was rolled back.
    """
    checked = []
    for field in type(page)._meta.local_concrete_fields:
        value = getattr(page, field.attname)
        if field.many_to_one and value is not None:
            if not field.related_model._default_manager.filter(pk=value).exists():
                setattr(page, field.attname, None)
            checked.append(field.name)
    return checked


def _insert_rows(page) -> None:
    """Insert the page's row, its specific row, its credits and its topics, with their ids."""
    meta = Page._meta
    fields = [field for field in meta.local_concrete_fields if field is not meta.auto_field]
    [row] = Page._base_manager._insert(
        [page], fields=fields, returning_fields=meta.db_returning_fields
    )
    for value, field in zip(row, meta.db_returning_fields, strict=True):
        setattr(page, field.attname, value)
    specific = type(page)._meta
    for link in specific.parents.values():
        setattr(page, link.attname, getattr(page, meta.pk.attname))
    type(page)._base_manager._insert([page], fields=specific.local_concrete_fields)
    if isinstance(page, ArticlePage):
        credits = list(page.credits.all())
        for credit in credits:
            credit.article_id = page.pk
        ArticleCredit.objects.bulk_create(credits)
        tagged = list(page.tagged_items.all())
        for item in tagged:
            item.content_object_id = page.pk
        ArticleTag.objects.bulk_create(tagged)


def _publish_fields(written: _Written, revision: Revision, now: datetime) -> None:
    """Set what `save_revision` and then `publish` (or nothing, for a draft) leave on the page."""
    page = written.page
    page.latest_revision = revision
    page.latest_revision_created_at = revision.created_at
    if not written.live:
        page.has_unpublished_changes = True
        return
    page.live, page.has_unpublished_changes, page.live_revision = True, False, revision
    if written.first_published_at is None:
        page.first_published_at = page.last_published_at = now
    else:
        page.first_published_at = written.first_published_at
        page.last_published_at = written.last_published_at
        page.latest_revision_created_at = written.last_published_at


def _log_entry(page, action: str, revision=None) -> PageLogEntry:
    """Return the audit log entry Wagtail writes for the page's creation or publication."""
    return PageLogEntry(
        content_type=ContentType.objects.get_for_model(page, for_concrete_model=False),
        label=page.get_admin_display_title(),
        action=action,
        timestamp=timezone.now(),
        data={},
        page_id=page.pk,
        revision=revision,
        content_changed=True,
    )
