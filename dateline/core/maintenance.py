"""Daily maintenance the background worker runs itself, so no operator has to remember a timer.

The duties are listed by dotted path in the DATELINE_DAILY_MAINTENANCE setting (core imports no
app of ours: the comments app's retention purge is named there, not imported here). Each duty is a
callable taking no arguments; what it returns is kept, shortened, as the outcome of its last run.

Each duty has a `MaintenanceRun` row saying when it is next due. A worker claims a due duty by
moving that time an hour ahead in one conditional update, so two workers never run it both; a
duty that succeeds is next due a day after it started, one that fails or is cut off (a worker
killed mid-way) is tried again an hour later.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string

from .models import MaintenanceRun

logger = logging.getLogger(__name__)

INTERVAL = timedelta(days=1)
RETRY_AFTER = timedelta(hours=1)


def daily_duties() -> list[tuple[str, object]]:
    """Return (dotted path, callable) of each duty; an unknown path fails here, at worker start."""
    return [(path, import_string(path)) for path in settings.DATELINE_DAILY_MAINTENANCE]


def run_due_maintenance(now=None) -> list[str]:
    """Run every duty that is due now, one after the other; return the paths of those run."""
    ran = []
    for name, duty in daily_duties():
        started = now or timezone.now()
        if _claim(name, started):
            _run(name, duty, started)
            ran.append(name)
    return ran


def _claim(name: str, now) -> bool:
    """Take the duty if it is due, so no other worker starts it for the next hour."""
    MaintenanceRun.objects.get_or_create(name=name, defaults={"next_due_at": now})
    claimed = MaintenanceRun.objects.filter(name=name, next_due_at__lte=now).update(
        next_due_at=now + RETRY_AFTER,
        last_started_at=now,
        last_finished_at=None,
        last_succeeded=None,
        last_outcome="",
    )
    return claimed == 1


def _run(name: str, duty, started) -> None:
    try:
        outcome = duty()
    except Exception as error:
        logger.exception("Daily maintenance %s failed; trying again in an hour.", name)
        _record(name, succeeded=False, outcome=f"{type(error).__name__}: {error}")
        return
    logger.info("Daily maintenance %s done: %s", name, outcome)
    _record(name, succeeded=True, outcome=str(outcome), next_due_at=started + INTERVAL)


def _record(name: str, *, succeeded: bool, outcome: str, next_due_at=None) -> None:
    changes = {
        "last_finished_at": timezone.now(),
        "last_succeeded": succeeded,
        "last_outcome": outcome[:500],
    }
    if next_due_at is not None:
        changes["next_due_at"] = next_due_at
    MaintenanceRun.objects.filter(name=name).update(**changes)


def prune_task_results(now=None) -> int:
    """Delete finished background-task results older than DATELINE_TASK_RESULTS_KEEP_DAYS.

    Every rendition, index update and notice leaves a row behind; nothing reads them once a few
    days have passed. Returns how many went. Queued and running tasks are never touched.
    """
    from django_tasks_db.models import DBTaskResult

    cutoff = (now or timezone.now()) - timedelta(days=settings.DATELINE_TASK_RESULTS_KEEP_DAYS)
    deleted, _ = DBTaskResult.objects.finished().filter(finished_at__lt=cutoff).delete()
    return deleted
