"""Fixtures for the publishing tests: baking switched on into a throwaway folder with a small
newsroom, and baked trees written by hand in the layout of `dateline.publish.paths` with a real
server on one.

The tests of serving do not depend on the bake: they write the files a bake would write (each text
file with its `.gz` and `.br` siblings, in `builds/<id>/`, made live by swapping the `site` link)
and check what readers get.
"""

import asyncio
import concurrent.futures
import contextlib
import gzip
import logging
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from datetime import timedelta
from pathlib import Path

import brotli
import pytest
from django.utils import timezone
from wagtail.models import PageViewRestriction

from dateline.comments.factories import CommentFactory
from dateline.core.models import NewsroomSettings
from dateline.core.scheduling import publish_scheduled_pages
from dateline.core.storage import s3_client
from dateline.news.factories import (
    ArticlePageFactory,
    NewsImageFactory,
    publish,
)
from dateline.news.models import StandardPage
from dateline.publish import paths
from dateline.publish.bake import full_bake
from tests.core.conftest import clean_environment
from tests.core.served_site import free_port

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
def served_home(tmp_path_factory, prepared_site):
    """A DATELINE_HOME migrated, with static files collected and a baked article and stylesheet."""
    home = tmp_path_factory.mktemp("front") / "home"
    prepared_site.prepare(home)
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


@pytest.fixture
def baking(settings, tmp_path):
    """Switch baking on, into a folder of this test's own."""
    settings.DATELINE_BAKE = True
    settings.DATELINE_BAKED_ROOT = tmp_path / "baked"
    settings.DATELINE_ARTICLES_PER_PAGE = 2
    settings.DATELINE_COMMENTS_PER_PAGE = 1
    return settings.DATELINE_BAKED_ROOT


@pytest.fixture
def newsroom(baking, home, section, article):
    """A section of three articles (two pages), a discussion of two pages, a standard page, and
    pages a reader may not see: a draft, a password-protected article and an expired one."""
    article.hero_image = NewsImageFactory(title="Market stalls", credit="Photo: Kim Su-a")
    article.hero_alt = "Market stalls"
    publish(article)
    for number in range(2):
        publish(ArticlePageFactory(parent=section, title=f"Older story {number}", live=False))
    CommentFactory.create_batch(2, article=article)
    home.add_child(instance=StandardPage(title="About us", slug="about", body=[]))
    draft = ArticlePageFactory(parent=section, title="Unfinished draft", slug="draft", live=False)
    draft.save_revision()
    private = publish(ArticlePageFactory(parent=section, title="Members only", slug="private"))
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="x")
    expired = publish(ArticlePageFactory(parent=section, title="Old notice", slug="expired"))
    type(expired).objects.filter(pk=expired.pk).update(
        expire_at=timezone.now() - timedelta(minutes=1)
    )
    publish_scheduled_pages()  # unpublishes it, as the worker does every minute
    NewsroomSettings.for_site(home.get_site())
    return article


@pytest.fixture
def baked(newsroom):
    """The newsroom, baked; returns the live site folder."""
    summary = full_bake()
    assert summary.failures == []
    return paths.site_dir()


@pytest.fixture
def moto_s3(settings):
    """moto's S3 server on a free port, the DATELINE_S3_* settings pointing at it; its client."""
    from moto.server import ThreadedMotoServer

    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # a line per request otherwise
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    settings.DATELINE_S3_ENDPOINT_URL = f"http://{host}:{port}"
    # moto keeps its buckets in the process, not the server: start each test with none.
    reset = f"{settings.DATELINE_S3_ENDPOINT_URL}/moto-api/reset"
    urllib.request.urlopen(urllib.request.Request(reset, method="POST")).close()
    settings.DATELINE_S3_REGION = "us-east-1"
    settings.DATELINE_S3_ACCESS_KEY_ID = "testing"
    settings.DATELINE_S3_SECRET_ACCESS_KEY = "testing"
    yield s3_client()
    server.stop()


def read(site: Path, relative: str) -> str:
    return (site / relative).read_text("utf-8")


def run_coroutine(coroutine):
    """Run a coroutine to its end on a fresh event loop, in a thread of its own.

    Playwright's sync API keeps an event loop running in the main thread while a browser test's
    session lasts, and `asyncio.run` refuses to start inside a running loop.
    """
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()
