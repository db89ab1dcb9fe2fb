"""`dateline serve` and `dateline worker` as an operator runs them: real processes, real signals.

One migrated home folder is shared by the module; each test starts its own server on a free port in
127.0.0.1:8380-8399 and stops it.
"""

import contextlib
import gzip
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.core.conftest import clean_environment
from tests.core.served_site import free_port

pytestmark = [
    pytest.mark.xdist_group("serve"),
    pytest.mark.sqlite,  # its sites are SQLite whatever DATABASE_URL says: run once
]

DATELINE = [sys.executable, "-m", "dateline"]


@pytest.fixture(scope="module")
def home(tmp_path_factory, prepared_site):
    """A DATELINE_HOME with the schema migrated and the static files collected."""
    home = tmp_path_factory.mktemp("served") / "home"
    prepared_site.prepare(home)
    return home


def get(url, headers=None):
    """Return (status, headers, body) of a GET; an HTTP error status is an answer, not a failure."""
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def children_of(pid) -> list[tuple[int, str]]:
    """Return (pid, command line) of each process whose parent is pid, still running."""
    children = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        state = re.search(r"^State:\s+(\w)", status, re.M).group(1)
        parent = int(re.search(r"^PPid:\s+(\d+)", status, re.M).group(1))
        if parent == pid and state != "Z":
            children.append((int(entry.name), command))
    return children


def running(pid) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return re.search(r"^State:\s+(\w)", status, re.M).group(1) != "Z"


def wait_for(condition, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


class Server:
    """A `dateline serve` process in a session of its own, as a terminal or a service manager has it."""

    def __init__(self, home, *arguments):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = home.parent / f"serve-{self.port}.log"
        self.workers_seen: set[int] = set()
        self.process = subprocess.Popen(
            [*DATELINE, "serve", "--workers", "1", *arguments],
            env=clean_environment(home, PORT=str(self.port)),
            stdout=self.log.open("w"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def answers(self) -> bool:
        try:
            return get(self.url + "/")[0] == 200
        except OSError:
            return False

    def background_workers(self) -> list[int]:
        workers = [pid for pid, command in children_of(self.process.pid) if " worker " in command]
        self.workers_seen.update(workers)
        return workers

    def stop(self):
        """Leave nothing behind, whatever the test did to the server."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=60)
        # Granian's web workers outlive a server killed outright; they are in its process group.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        for pid in self.workers_seen:
            if running(pid):
                os.kill(pid, signal.SIGKILL)


@contextlib.contextmanager
def serving(home):
    """Start a server, wait until it and its background worker are ready, and stop it after."""
    server = Server(home)
    try:
        assert wait_for(server.answers), server.log.read_text()
        assert wait_for(lambda: len(server.background_workers()) == 1), server.log.read_text()
        assert wait_for(lambda: "Starting worker" in server.log.read_text()), server.log.read_text()
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def shared_server(home):
    """One server for the tests that only read from it."""
    with serving(home) as server:
        yield server


@pytest.fixture
def server(home):
    """A server of the test's own, for tests that stop or kill it."""
    with serving(home) as server:
        yield server


def test_serve_answers_pages_with_hashed_compressed_static_files(shared_server):
    status, _, body = get(shared_server.url + "/")
    assert status == 200
    stylesheet = re.search(rb'href="(/static/dateline/css/dateline\.[0-9a-f]{12}\.css)"', body)
    assert stylesheet, body[:500]

    status, headers, css = get(
        shared_server.url + stylesheet.group(1).decode(), {"Accept-Encoding": "gzip"}
    )
    assert status == 200
    assert headers["Content-Encoding"] == "gzip"
    assert "immutable" in headers["Cache-Control"]
    assert b"{" in gzip.decompress(css)


PICTURE_IN_HOME = """
import io
from PIL import Image
from django.core.files.images import ImageFile
from dateline.core.models import NewsImage
buffer = io.BytesIO()
Image.new("RGB", (64, 48), "navy").save(buffer, "PNG")
image = NewsImage.objects.create(title="Harbour", file=ImageFile(buffer, name="harbour.png"))
print(image.get_rendition("width-32|format-webp").url)
"""


def test_serve_hands_out_picture_renditions_and_nothing_else_of_the_media_folder(
    shared_server, home
):
    made = subprocess.run(
        [*DATELINE, "shell", "-c", PICTURE_IN_HOME],
        env=clean_environment(home),
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
    )
    rendition_url = made.stdout.strip().splitlines()[-1]
    status, headers, body = get(shared_server.url + rendition_url)
    assert (status, headers["Content-Type"], body[8:12]) == (200, "image/webp", b"WEBP")
    assert headers["X-Content-Type-Options"] == "nosniff"

    # A document, even a public one, leaves only through /documents/<id>/<name>, which checks it.
    (home / "media" / "documents").mkdir(parents=True, exist_ok=True)
    (home / "media" / "documents" / "memo.pdf").write_bytes(b"%PDF-1.4 private")
    (home / "media" / "images" / "stray.webp").write_bytes(b"RIFF....WEBPVP8 ")
    for path in ("/media/documents/memo.pdf", "/media/images/stray.webp"):
        assert get(shared_server.url + path)[0] == 404, path

    with socket.create_connection(("127.0.0.1", shared_server.port), timeout=10) as connection:
        connection.sendall(b"GET /media/../secret_key HTTP/1.1\r\nHost: localhost\r\n\r\n")
        assert connection.recv(64).startswith(b"HTTP/1.1 404")


def test_sigterm_stops_the_server_and_its_background_worker(server):
    worker = server.background_workers()[0]
    web_workers = [pid for pid, command in children_of(server.process.pid) if pid != worker]

    server.process.send_signal(signal.SIGTERM)

    assert server.process.wait(timeout=60) == 0
    assert not running(worker)
    # Granian's web processes, and the helper that spawned processes share, end with the server.
    assert wait_for(lambda: not any(running(pid) for pid in web_workers), timeout=10)
    assert "Received Terminated - shutting down gracefully" in server.log.read_text()


def test_ctrl_c_in_a_terminal_stops_the_server_and_its_background_worker(server):
    worker = server.background_workers()[0]

    os.killpg(server.process.pid, signal.SIGINT)  # A terminal sends Ctrl+C to the whole group.

    assert server.process.wait(timeout=60) == 0
    assert not running(worker)
    assert not server.answers()


def test_background_worker_is_started_again_when_it_dies(server):
    first = server.background_workers()[0]

    os.kill(first, signal.SIGKILL)

    assert wait_for(lambda: server.background_workers() not in ([], [first]), timeout=20)
    assert "The background worker exited with status -9" in server.log.read_text()


def test_background_worker_stops_by_itself_when_the_server_is_killed(server):
    worker = server.background_workers()[0]

    server.process.kill()

    assert wait_for(lambda: not running(worker), timeout=15)


def test_serve_refuses_to_start_before_static_files_are_collected(tmp_path):
    completed = subprocess.run(
        [*DATELINE, "serve", "--port", str(free_port())],
        env=clean_environment(tmp_path / "fresh"),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert completed.returncode == 1
    assert "Static files have not been collected" in completed.stderr
    assert "dateline collectstatic --noinput" in completed.stderr


def test_worker_stops_gracefully_on_sigterm(home):
    log = home.parent / "worker.log"
    worker = subprocess.Popen(
        [*DATELINE, "worker"],
        env=clean_environment(home),
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    try:
        assert wait_for(lambda: "Starting worker" in log.read_text()), log.read_text()
        worker.send_signal(signal.SIGTERM)
        assert worker.wait(timeout=30) == 0
    finally:
        if worker.poll() is None:
            worker.kill()


def test_serve_refuses_an_address_already_in_use_in_one_line(home):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", free_port()))
        taken.listen()
        port = taken.getsockname()[1]
        completed = subprocess.run(
            [*DATELINE, "serve", "--port", str(port)],
            env=clean_environment(home),
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert completed.returncode == 1
    assert f"Cannot listen on 127.0.0.1:{port}: Address already in use." in completed.stderr
    assert "Traceback" not in completed.stderr
