"""Baked trees written by hand in the layout of `dateline.publish.paths`, and a real server on one.

The tests of serving do not depend on the bake: they write the files a bake would write (each text
file with its `.gz` and `.br` siblings, in `builds/<id>/`, made live by swapping the `site` link)
and check what readers get.
"""

import contextlib
import gzip
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import brotli
import pytest

from dateline.publish import paths
from tests.core.conftest import clean_environment

DATELINE = [sys.executable, "-m", "dateline"]

ARTICLE_URL = "/economy/rice-prices/"
ARTICLE = (
    "<!DOCTYPE html><title>Rice prices</title><p>BAKED ARTICLE " + "harvest " * 2000
).encode()
STYLESHEET_URL = "/static/dateline/css/site.0123456789ab.css"
STYLESHEET = b"body { color: #111; }" * 200


def write_build(root: Path, files: dict[str, bytes], build: str = "first") -> Path:
    """Write a build of {URL: bytes} under root/builds/, make it live, and return its folder."""
    folder = root / "builds" / build
    for url, body in files.items():
        target = folder / str(paths.relative_file_for_url(url))
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(body)
        if paths.content_type_for(target):
            Path(f"{target}.gz").write_bytes(gzip.compress(body))
            Path(f"{target}.br").write_bytes(brotli.compress(body))
    swap_link(root, folder)
    return folder


def swap_link(root: Path, build: Path) -> None:
    """Point root/site at the build in one rename, as a full bake does."""
    temporary = root / ".site.new"
    with contextlib.suppress(FileNotFoundError):
        temporary.unlink()
    temporary.symlink_to(build.relative_to(root))
    os.replace(temporary, root / "site")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def request(url, *, method="GET", headers=None, data=None):
    """Return (status, headers, body); an HTTP error status is an answer, not a failure."""
    prepared = urllib.request.Request(url, method=method, headers=headers or {}, data=data)
    try:
        with urllib.request.urlopen(prepared, timeout=20) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def raw_request(port: int, target: str) -> bytes:
    """Send a request line exactly as written (no client tidies `..` away) and return the reply."""
    with socket.create_connection(("127.0.0.1", port), timeout=20) as connection:
        connection.sendall(
            f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode()
        )
        reply = b""
        while chunk := connection.recv(65536):
            reply += chunk
    return reply


@pytest.fixture(scope="session")
def served_home(tmp_path_factory):
    """A DATELINE_HOME migrated, with static files collected and a baked article and stylesheet."""
    home = tmp_path_factory.mktemp("front") / "home"
    environment = clean_environment(home)
    for command in (["migrate", "--noinput"], ["collectstatic", "--noinput"]):
        subprocess.run(
            [*DATELINE, *command], env=environment, check=True, capture_output=True, timeout=600
        )
    write_build(home / "baked", {ARTICLE_URL: ARTICLE, STYLESHEET_URL: STYLESHEET})
    return home


@contextlib.contextmanager
def serving(home: Path, **variables):
    """Run `dateline serve` on the home, on a free port, until the block ends; yield its URL."""
    port = free_port()
    log = home.parent / f"serve-{port}.log"
    process = subprocess.Popen(
        [*DATELINE, "serve", "--workers", "1", "--no-background-worker", "--port", str(port)],
        env=clean_environment(home, **variables),
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                request(url + "/")
                break
            except OSError:
                assert process.poll() is None, log.read_text()
                assert time.monotonic() < deadline, log.read_text()
                time.sleep(0.3)
        yield url
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=60)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)


@pytest.fixture(scope="session")
def dateline_server(served_home):
    """`dateline serve` on the baked home; its URL."""
    with serving(served_home) as url:
        yield url
