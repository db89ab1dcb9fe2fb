"""Run background tasks from the database queue, and publish scheduled pages when they fall due."""

import logging
import os
import signal
import threading

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections, connection

from dateline.core.scheduling import publish_scheduled_pages

logger = logging.getLogger(__name__)
# How often an idle worker looks for queued tasks. A re-bake must land within a second of the
# change; one indexed query ten times a second costs the database next to nothing.
POLL_SECONDS = 0.1


class Command(BaseCommand):
    help = (
        "Run the background worker: tasks queued in the database (image renditions, search "
        "index, notices) and Wagtail's scheduled publishing, at start and then every minute. "
        "SIGTERM or Ctrl+C stops it after the task in hand."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--schedule-interval",
            type=int,
            default=60,
            help="Seconds between checks for pages whose scheduled publication time has come.",
        )
        parser.add_argument(
            "--parent-pid",
            type=int,
            help="Stop when this process is gone (`dateline serve` passes its own id).",
        )

    def handle(self, *args, schedule_interval, parent_pid, verbosity, **options):
        if schedule_interval < 1:
            raise CommandError("--schedule-interval takes a whole number of seconds, at least 1.")
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
        if parent_pid:
            threading.Thread(
                target=_stop_when_orphaned,
                args=(stop, parent_pid),
                name="parent-watch",
                daemon=True,
            ).start()
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
        finally:
            stop.set()
            # Let a scheduled publication in progress finish rather than cut it off mid-way.
            scheduler.join()


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
    close_old_connections()  # The database may have restarted during the minute asleep.
    publish_scheduled_pages()


def _stop_when_orphaned(stop: threading.Event, parent_pid: int) -> None:
    """Stop the worker gracefully once the process that started it has gone, even if it was killed."""
    while not stop.wait(2):
        if os.getppid() != parent_pid:
            logger.warning("The server that started this worker has gone; stopping.")
            os.kill(os.getpid(), signal.SIGTERM)
            return
