"""Run background tasks from the database queue, publish scheduled pages when they fall due, and
do the daily maintenance (dateline/core/maintenance.py)."""

import logging
import os
import signal
import threading
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import OperationalError, close_old_connections, connection
from django.utils.module_loading import import_string

from dateline.core.health import record_heartbeat
from dateline.core.maintenance import daily_duties, run_due_maintenance
from dateline.core.scheduling import publish_scheduled_pages, run_clock_duties
from dateline.core.startup import freeze_what_startup_made

logger = logging.getLogger(__name__)
# How long the worker waits for a busy or unreachable database before it looks for tasks again.
BUSY_DATABASE_WAIT_SECONDS = 5
# How often an idle worker looks for queued tasks. A re-bake must land within a second of the
# change; one indexed query ten times a second costs the database next to nothing.
POLL_SECONDS = 0.1
# The scheduled step runs every second; the heartbeat it writes need not.
HEARTBEAT_SECONDS = 60
_last_heartbeat = [-float(HEARTBEAT_SECONDS)]


class Command(BaseCommand):
    help = (
        "Run the background worker: tasks queued in the database (image renditions, search "
        "index, notices), Wagtail's scheduled publishing at start and then every second, and the "
        "daily maintenance (DATELINE_DAILY_MAINTENANCE). SIGTERM or Ctrl+C stops it after the "
        "task in hand."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--schedule-interval",
            type=int,
            default=1,
            help="Seconds between checks for pages whose scheduled publication time has come "
            "(and for what the clock changes on baked pages).",
        )
        parser.add_argument(
            "--parent-pid",
            type=int,
            help="Stop when this process is gone (`dateline serve` passes its own id).",
        )
        parser.add_argument(
            "--maintenance-interval",
            type=int,
            default=600,
            help="Seconds between checks for daily maintenance that has fallen due.",
        )

    def handle(
        self, *args, schedule_interval, parent_pid, maintenance_interval, verbosity, **options
    ):
        if schedule_interval < 1 or maintenance_interval < 1:
            raise CommandError(
                "--schedule-interval and --maintenance-interval take a whole number of seconds, "
                "at least 1."
            )
        daily_duties()  # a misspelt duty stops the worker now, not at 4 a.m. tomorrow
        if verbosity < 2:
            # Keep failures in the log but not two lines for every task that went well.
            logging.getLogger("django_tasks").addFilter(
                lambda record: record.levelno >= logging.WARNING
            )
        stop = threading.Event()
        scheduler = threading.Thread(
            target=_publish_on_schedule,
            args=(stop, schedule_interval),
            name="scheduled-publishing",
            daemon=True,
        )
        scheduler.start()
        threading.Thread(
            target=_maintain_daily,
            args=(stop, maintenance_interval),
            name="daily-maintenance",
            daemon=True,
        ).start()
        if parent_pid:
            threading.Thread(
                target=_stop_when_orphaned,
                args=(stop, parent_pid),
                name="parent-watch",
                daemon=True,
            ).start()
        warm_up()
        freeze_what_startup_made()  # a re-bake is not held up by collections that walk it all
        try:
            run_tasks_until_stopped(verbosity, stop)
        finally:
            stop.set()
            # Let a scheduled publication in progress finish rather than cut it off mid-way.
            scheduler.join()


def warm_up() -> None:
    """Run the apps' warm-ups (DATELINE_WORKER_WARM_UP); one that fails is logged and skipped,
    as it only makes the first task faster."""
    for path in settings.DATELINE_WORKER_WARM_UP:
        try:
            import_string(path)()
        except Exception:
            logger.warning(
                "The worker's warm-up %s failed; going on without it.", path, exc_info=True
            )


def run_tasks_until_stopped(verbosity: int, stop: threading.Event) -> None:
    """Run django-tasks' worker loop, starting it again after the database was busy or away.

    Its loop gives up with OperationalError when SQLite stays locked past the busy timeout (an
    import, a backup) or PostgreSQL restarts. The task in hand was recorded as failed or not
    claimed at all; waiting a few seconds and going on keeps every later task running, instead of
    leaving the work to whoever notices the worker is gone.
    """
    while not stop.is_set():
        try:
            # db_worker turns SIGTERM and SIGINT into a graceful stop after the current task.
            call_command(
                "db_worker",
                queue_name="*",
                interval=POLL_SECONDS,
                reload=False,
                startup_delay=False,
                verbosity=verbosity,
            )
            return
        except OperationalError as error:
            logger.warning(
                "The database is busy or unreachable (%s); trying again in %s seconds.",
                error,
                BUSY_DATABASE_WAIT_SECONDS,
            )
            connection.close()
            stop.wait(BUSY_DATABASE_WAIT_SECONDS)


def run_every(interval: float, step, stop: threading.Event) -> None:
    """Run the step at once, then every interval seconds until stop is set.

    The first run is immediate because a page may have fallen due while no worker was running; a
    step that fails is logged and tried again at the next interval, never the end of the loop.
    """
    while True:
        try:
            step()
        except Exception:
            logger.exception("%s failed; trying again in %s seconds.", step.__name__, interval)
        if stop.wait(interval):
            return


def _publish_on_schedule(stop: threading.Event, interval: int) -> None:
    try:
        run_every(interval, _publish_with_a_fresh_connection, stop)
    finally:
        connection.close()


def _publish_with_a_fresh_connection() -> None:
    close_old_connections()  # The database may have restarted while asleep.
    now = time.monotonic()
    if now - _last_heartbeat[0] >= HEARTBEAT_SECONDS:
        record_heartbeat()  # /health/ reads it: a worker silent for minutes is a dead one
        _last_heartbeat[0] = now
    publish_scheduled_pages()
    run_clock_duties()


def _maintain_daily(stop: threading.Event, interval: int) -> None:
    try:
        run_every(interval, _maintain_with_a_fresh_connection, stop)
    finally:
        connection.close()


def _maintain_with_a_fresh_connection() -> None:
    close_old_connections()
    run_due_maintenance()


def _stop_when_orphaned(stop: threading.Event, parent_pid: int) -> None:
    """Stop the worker gracefully once the process that started it has gone, even if it was killed."""
    while not stop.wait(2):
        if os.getppid() != parent_pid:
            logger.warning("The server that started this worker has gone; stopping.")
            os.kill(os.getpid(), signal.SIGTERM)
            return
