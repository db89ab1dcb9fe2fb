"""Keep the baked site current: a change readers could see → one re-bake task per burst.

Wagtail's page signals, saves of the models readers see, the news app's `pages_written_in_bulk`
(an import's batch of new pages) and the comments app's signals each become `PendingChange` keys,
written when the change commits. The first change of a burst queues one `rebake_changes` task;
the task waits for the burst to go quiet, takes every pending key, finds the URLs that showed
those objects (the table filled at render time) and the URLs the changed things have now (a new
article enters its section's, home's, contributors', topics' and feeds' listings), renders each
URL once and writes each file atomically into the live build.
"""

import logging
import time
from functools import partial

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from django.utils import timezone
from django_tasks import TaskResultStatus, task
from wagtail.models import Page, get_page_models
from wagtail.signals import post_page_move

from dateline.comments.models import CommentStatus
from dateline.comments.signals import comment_posted, comments_changed
from dateline.core.shown import comment_thread_key, object_key, topic_pairs_key
from dateline.news.models import TopicTranslation
from dateline.news.signals import pages_written_in_bulk

from .claims import URL_KEY, burst_under_way
from .incremental import apply_pending_changes, work_waiting
from .models import BakeCounter, PendingChange
from .noticed import gone_key
from .placement import changed_keys, placement_of
from .render import shown_models
from .site import page_address
from .store import site_is_baked

logger = logging.getLogger(__name__)

QUIET_SECONDS = 0.15  # a burst is over when no change came for this long…
LONGEST_WAIT_SECONDS = 0.5  # …or after this, so a steady stream still lands within a second
# No claim for this long while changes wait: the re-bake that should take them was killed.
STALLED_SECONDS = 10
# Saves that only record a draft's bookkeeping: nothing a reader sees changed.
DRAFT_FIELDS = {
    "latest_revision",
    "latest_revision_created_at",
    "has_unpublished_changes",
    "draft_title",
    "locked",
    "locked_at",
    "locked_by",
}


def baking_is_on() -> bool:
    """Say whether changes should reach baked files: baking on, and a site baked already."""
    return settings.DATELINE_BAKE and site_is_baked()


def record_changes(keys) -> None:
    """Note changed keys once the change commits, and queue the re-bake for a new burst."""
    keys = sorted(set(keys))
    if keys and baking_is_on():
        transaction.on_commit(partial(_store_and_queue, keys))


def _store_and_queue(keys: list[str]) -> None:
    # A re-bake still rendering its later step picks new changes up between its batches.
    burst_started = not burst_under_way()
    PendingChange.objects.bulk_create([PendingChange(key=key) for key in keys])
    if burst_started:
        rebake_changes.enqueue()


def _snapshot(sender, instance, update_fields=None, **kwargs):
    """Remember where a page stood before its first save in this transaction."""
    drafting = update_fields and set(update_fields) <= DRAFT_FIELDS
    remembered = "_bake_before" in instance.__dict__
    if instance.pk and not drafting and not remembered and baking_is_on():
        instance._bake_before = placement_of(instance.pk)


def _page_saved(sender, instance, update_fields=None, **kwargs):
    drafting = update_fields and set(update_fields) <= DRAFT_FIELDS
    if drafting or not baking_is_on():
        return
    before = instance.__dict__.pop("_bake_before", None)
    if instance.live or (before is not None and before.live):
        transaction.on_commit(partial(_page_committed, instance.pk, before))


def _page_committed(pk: int, before) -> None:
    """Compare the page as it now stands with before, and store what that touches."""
    after = placement_of(pk)
    keys = changed_keys(before, after)
    if before is not None and before.live and not (after and after.live):
        keys.update(_gone_keys(Page.objects.filter(pk=pk).first()))
    if before and after and before.url_path != after.url_path:  # new addresses below it too
        descendants = Page.objects.filter(
            path__startswith=after.path, depth__gt=len(after.path) // Page.steplen
        )
        keys.update(f"page:{below}" for below in descendants.values_list("pk", flat=True))
    if keys:
        _store_and_queue(sorted(keys))


def _page_moved(sender, instance, parent_page_before, url_path_before, **kwargs):
    if not baking_is_on():
        return
    after = placement_of(instance.pk)
    if after is None:
        return
    before = after.moved_to(parent_page_before.path, url_path_before)
    keys = changed_keys(before, after)
    keys.update(f"page:{pk}" for pk in instance.get_descendants().values_list("pk", flat=True))
    record_changes(keys)


def _page_deleted(sender, instance, **kwargs):
    if instance.live and baking_is_on():
        record_changes(changed_keys(placement_of(instance.pk), None) | _gone_keys(instance))


def _gone_keys(page) -> set[str]:
    """Name the address of a page readers may no longer see, so the re-bake removes its file
    first (`noticed.py`) rather than somewhere in the long tail of what showed it."""
    address = page_address(page) if page is not None else None
    return {gone_key(address)} if address else set()


def _pages_written_in_bulk(sender, page_ids, **kwargs):
    """Note a bulk writer's new pages once their batch commits, as one burst of changes."""
    if page_ids and baking_is_on():
        transaction.on_commit(partial(_pages_committed, list(page_ids)))


def _pages_committed(page_ids: list[int]) -> None:
    keys = set()
    for pk in page_ids:  # new pages: each enters its listings, as a first save of it would
        keys |= changed_keys(None, placement_of(pk))
    if keys:
        _store_and_queue(sorted(keys))


def _object_changed(sender, instance, **kwargs):
    record_changes([object_key(instance)])


def _topic_pair_changed(sender, instance, **kwargs):
    """A pair of topics changed: the language links of both topics' pages lead elsewhere."""
    record_changes([topic_pairs_key(instance.topic_id), topic_pairs_key(instance.translation_id)])


def _comments_changed(sender, article_ids, **kwargs):
    record_changes(comment_thread_key(pk) for pk in article_ids)


def _comment_posted(sender, comment, **kwargs):
    if comment.status == CommentStatus.APPROVED:
        record_changes([comment_thread_key(comment.article_id)])


def connect_signals() -> None:
    """Listen to every change a reader could see (called once at start-up)."""
    post_page_move.connect(_page_moved, dispatch_uid="publish-page-moved")
    for model in get_page_models():
        uid = model._meta.label
        # Publishing and unpublishing save the page: these see every change a reader could see.
        pre_save.connect(_snapshot, sender=model, dispatch_uid=f"publish-before-{uid}")
        post_save.connect(_page_saved, sender=model, dispatch_uid=f"publish-save-{uid}")
        pre_delete.connect(_page_deleted, sender=model, dispatch_uid=f"publish-delete-{uid}")
    for model in shown_models():
        if not issubclass(model, Page):
            uid = model._meta.label
            post_save.connect(_object_changed, sender=model, dispatch_uid=f"publish-save-{uid}")
            post_delete.connect(_object_changed, sender=model, dispatch_uid=f"publish-del-{uid}")
    post_save.connect(_topic_pair_changed, sender=TopicTranslation, dispatch_uid="publish-pair")
    post_delete.connect(_topic_pair_changed, sender=TopicTranslation, dispatch_uid="publish-unpair")
    comments_changed.connect(_comments_changed, dispatch_uid="publish-comments-changed")
    pages_written_in_bulk.connect(_pages_written_in_bulk, dispatch_uid="publish-pages-in-bulk")
    comment_posted.connect(_comment_posted, dispatch_uid="publish-comment-posted")


def _wait_for_quiet() -> None:
    """Let a burst finish, so fifty changes in a second become one re-render of each URL."""
    deadline = time.monotonic() + LONGEST_WAIT_SECONDS
    while time.monotonic() < deadline:
        newest = (
            PendingChange.objects.exclude(key__startswith=URL_KEY)
            .order_by("-created_at")
            .values_list("created_at", flat=True)
            .first()
        )
        if newest is None:
            return
        age = (timezone.now() - newest).total_seconds()
        if age >= QUIET_SECONDS:
            return
        time.sleep(min(QUIET_SECONDS - age, deadline - time.monotonic()) + 0.01)


@task()
def rebake_changes() -> dict:
    """Re-render the URLs that show the pending changes; return what was rendered.

    Changes that came in while it rendered, and that found a task already queued (this one), are
    taken before it ends, so none waits for the next burst.
    """
    _wait_for_quiet()
    done = apply_pending_changes()
    while settings.DATELINE_BAKE and work_waiting():
        _wait_for_quiet()
        more = apply_pending_changes()
        for name in ("urls", "failed", "stale", "changes"):
            done[name] = done.get(name, []) + more.get(name, [])
    return done


class _Resumer:
    """Queues a re-bake when changes wait and no re-bake has claimed anything for a while.

    A killed worker leaves its claimed changes behind, and changes stored while its task ran were
    left to that task; nothing else would queue a re-bake for them until the next edit. Claims
    take generations, so a counter that stands still while changes wait means nobody works on
    them. One re-bake queued from here at a time: a full bake holding the lock is not answered
    with a pile of tasks.
    """

    def __init__(self):
        self.generation = None
        self.since = 0.0
        self.queued = None

    def __call__(self) -> bool:
        if not baking_is_on():
            return False
        generation = BakeCounter.objects.values_list("value", flat=True).first()
        now = time.monotonic()
        if generation != self.generation:
            self.generation, self.since = generation, now
            return False
        if now - self.since < STALLED_SECONDS or self._still_queued() or not work_waiting():
            return False
        self.since = now
        self.queued = rebake_changes.enqueue()
        logger.warning(
            "Changes waited over %d s with no re-bake taking them; queued one.", STALLED_SECONDS
        )
        return True

    def _still_queued(self) -> bool:
        if self.queued is None:
            return False
        waiting = (TaskResultStatus.READY, TaskResultStatus.RUNNING)
        if self.queued.status in waiting:
            self.queued.refresh()
        return self.queued.status in waiting


resume_stalled_rebake = _Resumer()
