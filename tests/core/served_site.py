"""A real Dateline on a home folder of its own, served by `dateline serve`, and a crowd commenting.

Used by the tests that back up, restore, restart PostgreSQL or fill the disk under a running site.
Everything runs in child processes with a clean environment: the suite's own database is an
in-memory one, and what is tested here is the site an operator runs.
"""

import contextlib
import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

DATELINE = [sys.executable, "-m", "dateline"]

CREATE_ARTICLE = """
import json
from dateline.news.factories import ArticlePageFactory, SectionPageFactory, edition_home, publish
section = publish(SectionPageFactory(parent=edition_home("en"), title="Operations"))
article = publish(ArticlePageFactory(parent=section, live=False, title="Commented on at once"))
print(json.dumps({"id": article.pk, "url": article.url}))
"""


def site_environment(home: Path, database_url: str | None = None, **variables) -> dict:
    """Return the environment of a site in `home`: development settings, posters behind a proxy."""
    environment = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DJANGO_SETTINGS_MODULE": "dateline.settings.dev",
        "DATELINE_HOME": str(home),
        # Each poster stands behind the loopback "proxy" with an address of its own, and posts as
        # fast as it can: the guards that slow a person down are not what is tested here.
        "DATELINE_TRUSTED_PROXIES": "127.0.0.1",
        "DATELINE_COMMENTS_FLOOD_SECONDS": "0",
        "DATELINE_COMMENTS_MIN_FILL_SECONDS": "0",
        **variables,
    }
    if os.environ.get("PYTHONPATH"):
        environment["PYTHONPATH"] = os.environ["PYTHONPATH"]
    if database_url:
        environment["DATABASE_URL"] = database_url
    return environment


def dateline(environment, *arguments, check=True, timeout=600) -> subprocess.CompletedProcess:
    completed = subprocess.run(
        [*DATELINE, *arguments], env=environment, capture_output=True, text=True, timeout=timeout
    )
    if check:
        assert completed.returncode == 0, completed.stderr
    return completed


def publish_one_article(environment) -> dict:
    """Publish one article in the site of `environment`, whose database is migrated; return it."""
    shell = dateline(environment, "shell", "-c", CREATE_ARTICLE)
    return json.loads(shell.stdout.splitlines()[-1])


def free_port() -> int:
    """Return a port the kernel chose as free.

    Never a fixed range: `dateline serve` listens with SO_REUSEPORT, so two servers started on one
    port (two pytest-xdist processes each taking the range's first) both listen, and the kernel
    deals each connection to either: a reader gets one site's form and posts it to the other's.
    """
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(url, timeout=10):
    """Return (status, body) of a GET; an HTTP error status is an answer, not a failure."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


@contextlib.contextmanager
def serving(environment, *, log: Path, workers=2, threads=4):
    """Run `dateline serve` on a free port until the block ends; yield its base URL."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [*DATELINE, "serve", f"--port={port}", f"--workers={workers}", f"--threads={threads}"],
        env=environment,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                if get(base + "/health/", timeout=5)[0] in (200, 503):
                    break
            except OSError:
                pass
            assert server.poll() is None, log.read_text()
            assert time.monotonic() < deadline, "dateline serve did not start in 90 s"
            time.sleep(0.3)
        yield base
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=60)
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(server.pid, signal.SIGKILL)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # the 303 itself is the acknowledgement


OPENER = urllib.request.build_opener(_NoRedirect)


@dataclass
class Answer:
    text: str
    status: int
    answered_at: float  # time.monotonic() when the answer arrived
    retry_after: str | None = None
    body: bytes = b""


@dataclass
class Crowd:
    """Posters commenting on one article as fast as they can until stopped, every answer kept."""

    base: str
    article_url: str
    posters: int = 8
    words: int = 12
    answers: list[Answer] = field(default_factory=list)

    def __post_init__(self):
        self._stop = threading.Event()
        self._threads = []
        html = get(self.base + self.article_url)[1].decode()
        self._token = re.search(r'name="token" value="([^"]+)"', html).group(1)

    def start(self):
        for number in range(self.posters):
            thread = threading.Thread(target=self._post_until_stopped, args=(number,))
            thread.start()
            self._threads.append(thread)
        return self

    def stop(self):
        self._stop.set()
        for thread in self._threads:
            thread.join()

    def wait_for(self, acknowledged: int, timeout=120):
        deadline = time.monotonic() + timeout
        while len(self.acknowledged()) < acknowledged:
            assert time.monotonic() < deadline, f"only {len(self.acknowledged())} acknowledged"
            time.sleep(0.1)

    def acknowledged(self, before: float = float("inf")) -> set[str]:
        return {a.text for a in list(self.answers) if a.status == 303 and a.answered_at < before}

    def statuses(self) -> set[int]:
        return {answer.status for answer in list(self.answers)}

    def _post_until_stopped(self, number: int):
        turn = 0
        while not self._stop.is_set():
            turn += 1
            text = f"Poster {number} comment {turn}: " + " ".join(["quiet market"] * self.words)
            fields = {
                "token": self._token,
                "comment": text,
                "name": f"Poster {number}",
                "email": f"poster{number}.{turn}@example.org",
                "url": "",
                "parent": "",
                "leave_empty": "",
            }
            address = f"198.51.{number}.{turn % 250 + 1}"
            self.answers.append(self._post(fields, address, text))

    def _post(self, fields, address, text) -> Answer:
        request = urllib.request.Request(
            self.base + "/comments/post/",
            data=urllib.parse.urlencode(fields).encode(),
            headers={"X-Forwarded-For": address, "Origin": self.base},
        )
        try:
            with OPENER.open(request, timeout=60) as response:
                return Answer(text, response.status, time.monotonic())
        except urllib.error.HTTPError as answer:
            return Answer(
                text,
                answer.code,
                time.monotonic(),
                answer.headers.get("Retry-After"),
                answer.read(),
            )
        except OSError:  # no answer at all: the connection was refused or cut
            return Answer(text, 0, time.monotonic())


def stored_comments(environment, article_id: int) -> set[str]:
    listing = dateline(environment, "comments", "list", "--article", str(article_id), "--json")
    return {row["text"] for row in json.loads(listing.stdout)}
