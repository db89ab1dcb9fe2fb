"""Serve Dateline for real: Granian workers, static files by whitenoise, and a background worker."""

import os
import subprocess
import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from granian.constants import Interfaces
from granian.server import Server


class Command(BaseCommand):
    help = (
        "Serve the site with several Granian worker processes, and run the background worker "
        "(scheduled publishing, image renditions, notifications) beside them."
    )

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument(
            "--workers",
            type=int,
            default=os.cpu_count() or 1,
            help="Worker processes answering requests (default: one per CPU core).",
        )
        parser.add_argument(
            "--threads",
            type=int,
            default=4,
            help="Threads per worker process, for requests that wait on the database.",
        )
        parser.add_argument(
            "--no-background-worker",
            action="store_true",
            help="Do not start the background worker (when it runs as its own service).",
        )

    def handle(self, *args, host, port, workers, threads, no_background_worker, **options):
        if workers < 1 or threads < 1:
            raise CommandError("--workers and --threads take a whole number of at least 1.")
        background = None
        if not no_background_worker:
            background = subprocess.Popen([sys.executable, "-m", "dateline", "worker"])
        self.stdout.write(f"Serving Dateline on http://{host}:{port}/ with {workers} workers.")
        routes, mounts = [], []
        if settings.DATELINE_SERVE_MEDIA:
            # Granian hands uploaded images out directly, without a trip through Django.
            routes.append(settings.MEDIA_URL.rstrip("/"))
            mounts.append(settings.MEDIA_ROOT)
        try:
            Server(
                "dateline.wsgi:application",
                address=host,
                port=port,
                interface=Interfaces.WSGI,
                workers=workers,
                blocking_threads=threads,
                static_path_route=routes or None,
                static_path_mount=mounts or None,
                static_path_expires=7 * 24 * 3600,
                respawn_failed_workers=True,
            ).serve()
        finally:
            if background is not None:
                background.terminate()
                background.wait(timeout=10)
