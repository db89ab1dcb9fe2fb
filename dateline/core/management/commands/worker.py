"""Run background tasks from the database queue, and publish scheduled pages when they fall due."""

import threading

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import close_old_connections


class Command(BaseCommand):
    help = (
        "Run the background worker: tasks queued in the database (image renditions, notices) and, "
        "every minute, Wagtail's scheduled publishing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--schedule-interval",
            type=int,
            default=60,
            help="Seconds between checks for pages whose scheduled publication time has come.",
        )

    def handle(self, *args, schedule_interval, **options):
        stop = threading.Event()
        scheduler = threading.Thread(
            target=self._publish_scheduled_pages, args=(stop, schedule_interval), daemon=True
        )
        scheduler.start()
        try:
            call_command("db_worker", interval=1, verbosity=options["verbosity"])
        finally:
            stop.set()

    @staticmethod
    def _publish_scheduled_pages(stop: threading.Event, interval: int) -> None:
        while not stop.wait(interval):
            close_old_connections()
            call_command("publish_scheduled", verbosity=0)
