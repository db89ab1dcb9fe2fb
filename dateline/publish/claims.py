"""Which worker re-bakes which change, and which render of a URL is written: one or many workers.

Several workers (on one machine or on several nodes sharing PostgreSQL) may re-bake at once. Two
rules keep the baked site right without any lock of our own around the whole re-bake:
- **A change is baked once.** A re-bake claims pending changes in one transaction (on PostgreSQL
  `SELECT … FOR UPDATE SKIP LOCKED`, so a second worker skips rows the first is taking; SQLite
  has one writer at a time anyway) and marks them with the time. A claim older than the lease
  belongs to a worker that died, and is taken again.
- **An older render never overwrites a newer one.** Each claim takes the next generation from
  `BakeCounter` after the changes it holds were committed, and renders after that, so a higher
  generation is never the staler render. Writing a URL locks its `WrittenGeneration` row, writes
  only if no higher generation was written, then records its own, all in one transaction: two
  workers writing one URL take turns, and the later render wins whatever order they finish in.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from .models import BakeCounter, BakedPage, PendingChange, ShownObject, WrittenGeneration

# A claim older than this was left by a worker that died; a live re-bake finishes well within it.
CLAIM_LEASE = timedelta(minutes=10)
URL_KEY = "url:"  # a URL left for the later step of a re-bake, rather than an object that changed
LATER_BATCH = 20  # URLs of the later step one claim takes (a new change stops it sooner)
BATCH = 500  # rows updated per statement, well under SQLite's limit of bound variables


@dataclass
class Claim:
    """The changes one re-bake took, their keys, and the generation its renders are written as."""

    ids: list[int]
    keys: set[str]
    generation: int


def next_generation() -> int:
    """Return a generation higher than any taken before.

    The UPDATE locks the counter's row until the transaction ends, so generations are handed out
    in the order the transactions that take them commit.
    """
    with transaction.atomic():
        BakeCounter.objects.bulk_create([BakeCounter(pk=1)], ignore_conflicts=True)
        BakeCounter.objects.filter(pk=1).update(value=F("value") + 1)
        return BakeCounter.objects.values_list("value", flat=True).get(pk=1)


def _takeable(lease: timedelta) -> Q:
    """Rows no live worker holds: never claimed, or claimed longer ago than the lease."""
    return Q(claimed_at__isnull=True) | Q(claimed_at__lte=timezone.now() - lease)


def _of_step(queryset, later: bool):
    later_step = Q(key__startswith=URL_KEY)
    return queryset.filter(later_step) if later else queryset.exclude(later_step)


def claim_changes(*, later: bool = False, lease: timedelta = CLAIM_LEASE) -> Claim | None:
    """Take the pending changes no live worker holds; None when there is nothing to take.

    The first step takes every changed object; the later step the next few URLs left for it,
    with any copies of those URLs queued before them, which the same render brings up to date.
    """
    now = timezone.now()
    with transaction.atomic():
        pending = _of_step(
            PendingChange.objects.select_for_update(skip_locked=True).filter(_takeable(lease)),
            later,
        ).order_by("pk")
        rows = pending.values_list("pk", "key")
        rows = list(rows[:LATER_BATCH] if later else rows)
        if later and rows:
            copies = pending.filter(key__in={key for _, key in rows}, pk__lte=rows[-1][0])
            rows = list(copies.values_list("pk", "key"))
        if not rows:
            return None
        ids = [pk for pk, _ in rows]
        for start in range(0, len(ids), BATCH):
            PendingChange.objects.filter(pk__in=ids[start : start + BATCH]).update(claimed_at=now)
        generation = next_generation()
    return Claim(ids, {key for _, key in rows}, generation)


def finish(claim: Claim) -> None:
    """Forget the changes a re-bake has applied."""
    for start in range(0, len(claim.ids), BATCH):
        PendingChange.objects.filter(pk__in=claim.ids[start : start + BATCH]).delete()


def changes_waiting(*, later: bool = False, lease: timedelta = CLAIM_LEASE) -> bool:
    """Say whether changes (or, `later`, URLs left for the later step) wait for a worker: rows
    `claim_changes` with the same lease would take, a dead worker's claims included."""
    return _of_step(PendingChange.objects.filter(_takeable(lease)), later).exists()


def queued_for_later(urls: list[str]) -> list[tuple[int, str]]:
    """Return the rows (id, URL) of those URLs waiting for the later step that no worker holds."""
    keys, rows = [URL_KEY + url for url in urls], []
    for start in range(0, len(keys), BATCH):
        rows += PendingChange.objects.filter(
            key__in=keys[start : start + BATCH], claimed_at__isnull=True
        ).values_list("pk", "key")
    return [(pk, key.removeprefix(URL_KEY)) for pk, key in rows]


def forget_rendered(queued: list[tuple[int, str]], rendered: set[str]) -> None:
    """Forget the rows of `queued` (read before a render began) whose URL that render wrote.

    When a re-bake yields, the next story's first step renders the listings and feeds the last
    one left, which the later step would otherwise render a second time. Only where re-bakes
    take turns (the bake lock, on disk): the render then began after the re-bake that queued a
    row had finished, so it shows that row's changes, and no other worker's render of the URL
    lands between. Workers writing to a bucket at once keep their rows.
    """
    ids = [pk for pk, url in queued if url in rendered]
    for start in range(0, len(ids), BATCH):
        PendingChange.objects.filter(pk__in=ids[start : start + BATCH]).delete()


def burst_under_way() -> bool:
    """Say whether changes wait that no re-bake has claimed yet: a re-bake task is then queued or
    running, and takes changes stored meanwhile before it ends."""
    return _of_step(PendingChange.objects.filter(claimed_at__isnull=True), later=False).exists()


def write_if_newest(url: str, file: str, generation: int, write, keys=()) -> bool:
    """Write a URL's render with `write()` unless a newer generation was written; record it.

    `keys` are what the page showed (URL → object keys); with `file` empty the URL is gone and
    `write()` removes its file. Returns False, writing nothing, when the render is stale.
    """
    with transaction.atomic():
        WrittenGeneration.objects.bulk_create([WrittenGeneration(url=url)], ignore_conflicts=True)
        written = WrittenGeneration.objects.select_for_update().get(url=url)
        if written.generation > generation:
            return False
        write()
        written.generation = generation
        written.save(update_fields=["generation"])
        BakedPage.objects.filter(url=url).delete()
        if file:
            page = BakedPage.objects.create(url=url, file=file)
            ShownObject.objects.bulk_create(
                [ShownObject(page=page, key=key) for key in sorted(keys)], batch_size=2000
            )
    return True


def note_written(urls: list[str], generation: int) -> None:
    """Record a full bake's generation for every URL it wrote into a new build (no race there:
    the bake lock keeps re-bakes out until the new build is live)."""
    for start in range(0, len(urls), BATCH):
        WrittenGeneration.objects.bulk_create(
            [
                WrittenGeneration(url=url, generation=generation)
                for url in urls[start : start + BATCH]
            ],
            update_conflicts=True,
            unique_fields=["url"],
            update_fields=["generation"],
        )
