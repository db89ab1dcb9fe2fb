"""Serve Dateline for real: Granian workers, baked files first, and a background worker beside.

With baking on (the default) each worker runs the front in `dateline.rsgi`: baked files are
answered without Django, everything else goes to Django's WSGI application on the worker's
threads. With DATELINE_BAKE=0 the workers run Django's WSGI application directly, as before.
The command names the front by its import path only: `core` imports no app of ours.
"""

import logging
import multiprocessing
import os
import socket
import subprocess
import sys
import threading

from django.conf import settings
from django.contrib.staticfiles.storage import ManifestFilesMixin, staticfiles_storage
from django.core.management.base import BaseCommand, CommandError
from granian.constants import Interfaces
from granian.server import Server

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = (
        "Serve the site with several Granian worker processes, and run the background worker "
        "(scheduled publishing, image renditions, notices) beside them. SIGTERM or Ctrl+C stops "
        "both."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--host",
            default=settings.DATELINE_SERVE_HOST,
            help="Address to listen on (default: the HOST variable, or 127.0.0.1).",
        )
        parser.add_argument(
            "--port",
            type=int,
            default=settings.DATELINE_SERVE_PORT,
            help="Port to listen on (default: the PORT variable, or 8000).",
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=os.cpu_count() or 1,
            help="Processes answering requests (default: one per CPU core).",
        )
        parser.add_argument(
            "--threads",
            type=int,
            default=settings.DATELINE_SERVE_THREADS,
            help="Threads per process rendering what is not baked, so a request waiting on the "
            "database does not hold up the next one (default: DATELINE_SERVE_THREADS, or 1 on SQLite "
            "and 2 on PostgreSQL).",
        )
        parser.add_argument(
            "--no-background-worker",
            action="store_true",
            help="Do not start the background worker (when it runs as a service of its own).",
        )

    def handle(self, *args, host, port, workers, threads, no_background_worker, **options):
        if workers < 1 or threads < 1:
            raise CommandError("--workers and --threads take a whole number of at least 1.")
        if not 0 < port < 65536:
            raise CommandError(f"--port {port} is not a port number (1-65535).")
        _check_static_files_are_collected()
        _check_address_is_free(host, port)
        # Each web process starts from a fresh interpreter rather than a copy of this one: it loads
        # the code as it is on disk now, so a SIGHUP (`systemctl reload`) brings in a new release,
        # and no thread or open file of this process is copied half-way into it.
        multiprocessing.set_start_method("spawn", force=True)
        server = Server(
            address=host,
            port=port,
            workers=workers,
            respawn_failed_workers=True,
            # A request stuck for longer than this does not keep the server from stopping.
            workers_kill_timeout=30,
            # No access log: an address or a query string in it could identify a reader.
            log_access=False,
            **_application(threads),
        )
        background = None if no_background_worker else BackgroundWorker()
        self.stdout.write(
            f"Serving Dateline on http://{host}:{port}/ with {workers} worker process(es) of "
            f"{threads} thread(s)" + ("." if background is None else " and a background worker.")
        )
        try:
            if background is not None:
                background.start()
            server.serve()  # Returns once SIGTERM or SIGINT has stopped the web workers.
        finally:
            if background is not None:
                background.stop()


def _check_static_files_are_collected() -> None:
    """Refuse to start when the hashed, compressed static files are missing: every page would fail."""
    if not isinstance(staticfiles_storage, ManifestFilesMixin):
        return
    if not staticfiles_storage.manifest_storage.exists(staticfiles_storage.manifest_name):
        raise CommandError(
            f"Static files have not been collected into {settings.STATIC_ROOT}: run "
            "`dateline collectstatic --noinput` first (`make run` does it for you)."
        )


def _check_address_is_free(host: str, port: int) -> None:
    """Refuse to start, in one line, when another program already listens on the address."""
    try:
        family, kind, _, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    except socket.gaierror as error:
        raise CommandError(f"Cannot listen on {host!r}: {error.strerror}.") from None
    try:
        with socket.socket(family, kind) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind(address)
    except OSError as error:
        raise CommandError(
            f"Cannot listen on {host}:{port}: {error.strerror or error}. Another server may be "
            "running there (an earlier `make run`?); choose another port with --port or PORT."
        ) from None


def _application(threads: int) -> dict:
    """Return what the web workers run: the baked-file front, or Django alone with baking off."""
    if not settings.DATELINE_BAKE:
        return {
            "target": "dateline.wsgi:application",
            "interface": Interfaces.WSGI,
            "blocking_threads": threads,
        }
    # The workers start from fresh interpreters and read their settings again: this is how they
    # learn the --threads given here.
    os.environ["DATELINE_SERVE_THREADS"] = str(threads)
    return {"target": "dateline.rsgi:application", "interface": Interfaces.RSGI}


class BackgroundWorker:
    """Run `dateline worker` as a child process, start it again if it dies, and stop it on request.

    The child runs in a session of its own so that Ctrl+C in a terminal reaches only `serve`, which
    then stops the child with a single SIGTERM: the child finishes the task in hand before it exits.
    The child is also told this process's id, so it stops by itself if `serve` is killed outright.
    """

    restart_delay = 5
    stop_timeout = 60

    def __init__(self):
        self._process: subprocess.Popen | None = None
        self._stopping = threading.Event()
        self._lock = threading.Lock()
        self._watcher = threading.Thread(
            target=self._keep_running, name="worker-watch", daemon=True
        )

    def start(self) -> None:
        self._spawn()
        self._watcher.start()

    def stop(self) -> None:
        self._stopping.set()
        with self._lock:
            process = self._process
        if process is None or process.poll() is not None:
            return
        process.terminate()
        try:
            process.wait(timeout=self.stop_timeout)
        except subprocess.TimeoutExpired:
            logger.warning(
                "The background worker did not stop within %ds; killing it.", self.stop_timeout
            )
            process.kill()
            process.wait()

    def _spawn(self) -> None:
        with self._lock:
            if self._stopping.is_set():
                return
            self._process = subprocess.Popen(
                [sys.executable, "-m", "dateline", "worker", "--parent-pid", str(os.getpid())],
                start_new_session=True,
            )

    def _keep_running(self) -> None:
        while not self._stopping.is_set():
            returncode = self._process.wait()
            if self._stopping.is_set():
                return
            logger.error(
                "The background worker exited with status %s; starting it again in %ds.",
                returncode,
                self.restart_delay,
            )
            if self._stopping.wait(self.restart_delay):
                return
            self._spawn()
