"""nginx from Debian's package, configured by `dateline nginx_config`, in front of `dateline serve`.

A real nginx runs with a prefix, pid file and temporary folders of its own on a free port (it
needs no root), in front of a real `dateline serve` on the baked home; the test checks which of
the two answered what, and with which headers.
"""

import contextlib
import gzip
import os
import shutil
import subprocess
import time

import brotli
import pytest

from dateline.core.headers import public_headers
from dateline.publish.nginx import BROTLI_MODULE, private_main_config
from tests.core.conftest import clean_environment
from tests.core.served_site import free_port
from tests.publish.conftest import (
    ARTICLE,
    ARTICLE_URL,
    DATELINE,
    STYLESHEET,
    STYLESHEET_URL,
    raw_request,
    request,
)

pytestmark = [
    pytest.mark.xdist_group("front"),
    pytest.mark.sqlite,  # its sites are SQLite whatever DATABASE_URL says: run once
]


@contextlib.contextmanager
def running_nginx(home, upstream: str, prefix, **variables):
    """Run nginx with the configuration `dateline nginx_config` writes for these settings."""
    executable = shutil.which("nginx") or "/usr/sbin/nginx"
    assert os.path.exists(executable), "These tests need Debian's nginx: apt-get install nginx"
    assert BROTLI_MODULE.exists(), (
        "These tests need nginx's brotli module: apt-get install libnginx-mod-http-brotli-static"
    )
    port = free_port()
    generated = subprocess.run(
        [
            *DATELINE,
            "nginx_config",
            "--listen",
            f"127.0.0.1:{port}",
            "--server-name",
            "localhost",
            "--upstream",
            upstream,
            "--access-log",
            f"{prefix}/access.log",
        ],
        env=clean_environment(home, **variables),
        capture_output=True,
        text=True,
        check=True,
    )
    (prefix / "dateline.conf").write_text(generated.stdout)
    (prefix / "nginx.conf").write_text(
        private_main_config(prefix, workers=1, as_root=os.geteuid() == 0)
    )
    command = [executable, "-p", str(prefix), "-e", f"{prefix}/error.log", "-c"]
    checked = subprocess.run(
        [*command, str(prefix / "nginx.conf"), "-t"], capture_output=True, text=True
    )
    assert checked.returncode == 0, checked.stderr
    assert "warn" not in checked.stderr, checked.stderr
    process = subprocess.Popen([*command, str(prefix / "nginx.conf")], start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                request(url + ARTICLE_URL)
                break
            except OSError:
                assert process.poll() is None, (prefix / "error.log").read_text()
                assert time.monotonic() < deadline, (prefix / "error.log").read_text()
                time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, 9)


@pytest.fixture(scope="module")
def nginx(served_home, dateline_server, tmp_path_factory):
    """nginx with the generated configuration in front of the server; its URL."""
    upstream = dateline_server.removeprefix("http://")
    with running_nginx(served_home, upstream, tmp_path_factory.mktemp("nginx")) as url:
        yield url


def test_nginx_answers_a_baked_page_itself_with_dateline_headers(nginx):
    status, headers, body = request(nginx + ARTICLE_URL)
    assert (status, body) == (200, ARTICLE)
    assert headers["Server"] == "nginx"  # Not passed on: `dateline serve` is Granian.
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert headers["Cache-Control"] == "public, max-age=60, stale-while-revalidate=600"
    assert headers["Vary"] == "Accept-Encoding"
    for name, value in public_headers():
        assert headers[name] == value


def test_nginx_serves_the_precompressed_siblings(nginx):
    status, headers, body = request(nginx + ARTICLE_URL, headers={"Accept-Encoding": "gzip, br"})
    assert (status, headers["Content-Encoding"], brotli.decompress(body)) == (200, "br", ARTICLE)

    status, headers, body = request(nginx + ARTICLE_URL, headers={"Accept-Encoding": "gzip"})
    assert (status, headers["Content-Encoding"], gzip.decompress(body)) == (200, "gzip", ARTICLE)

    status, headers, body = request(nginx + STYLESHEET_URL, headers={"Accept-Encoding": "gzip"})
    assert (status, gzip.decompress(body)) == (200, STYLESHEET)
    assert headers["Content-Type"] == "text/css; charset=utf-8"
    assert headers["Cache-Control"] == "public, max-age=31536000, immutable"


def test_nginx_answers_a_current_copy_with_304(nginx):
    _, headers, _ = request(nginx + ARTICLE_URL)
    status, again, body = request(nginx + ARTICLE_URL, headers={"If-None-Match": headers["ETag"]})
    assert (status, body) == (304, b"")
    assert again["Cache-Control"] == headers["Cache-Control"]
    for name, value in public_headers():
        assert again[name] == value
    status, _, _ = request(
        nginx + ARTICLE_URL, headers={"If-Modified-Since": headers["Last-Modified"]}
    )
    assert status == 304


def test_admin_reaches_django_through_nginx(nginx):
    status, _, body = request(nginx + "/admin/login/")
    assert status == 200
    assert b"csrfmiddlewaretoken" in body


def test_post_reaches_django_through_nginx(nginx):
    status, _, body = request(nginx + "/admin/login/", method="POST", data=b"a=b")
    assert status == 403 and b"CSRF" in body  # Django's refusal, not nginx's 405.
    status, _, body = request(nginx + ARTICLE_URL, method="POST", data=b"a=b")
    # Django's answer (a refused form or a page it does not have), not nginx's 405 or the file.
    assert status in {403, 404} and b"BAKED" not in body and b"nginx" not in body


def test_url_not_baked_and_query_strings_reach_django_through_nginx(nginx):
    status, _, body = request(nginx + "/")
    assert status == 200 and b"<html" in body and b"BAKED" not in body
    status, _, body = request(nginx + ARTICLE_URL + "?page=2")
    assert status == 404 and b"BAKED" not in body
    # A folder without its slash: Django redirects to the address with the slash.
    reply = raw_request(int(nginx.rsplit(":", 1)[1]), "/economy/rice-prices")
    assert reply.split(b" ")[1] in {b"301", b"302"}, reply[:200]
    assert b"/economy/rice-prices/\r\n" in reply and b"BAKED" not in reply


def test_nginx_keeps_climbing_paths_inside_the_build(nginx, served_home):
    secret = (served_home / "secret_key").read_bytes()
    port = int(nginx.rsplit(":", 1)[1])
    for target in ("/../secret_key", "/static/%2e%2e/%2e%2e/secret_key", "/..%2f..%2fsecret_key"):
        reply = raw_request(port, target)
        assert secret not in reply, target
        assert not reply.startswith(b"HTTP/1.1 200"), target


def test_configuration_with_baking_off_passes_everything_on_and_is_valid(tmp_path, served_home):
    generated = subprocess.run(
        [*DATELINE, "nginx_config", "--listen", f"127.0.0.1:{free_port()}", "--access-log", "off"],
        env=clean_environment(served_home, DATELINE_BAKE="0"),
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "try_files" not in generated and "root " not in generated
    (tmp_path / "dateline.conf").write_text(generated)
    (tmp_path / "nginx.conf").write_text(
        private_main_config(tmp_path, workers=1, as_root=os.geteuid() == 0)
    )
    checked = subprocess.run(
        [
            "nginx",
            "-t",
            "-p",
            str(tmp_path),
            "-e",
            f"{tmp_path}/error.log",
            "-c",
            f"{tmp_path}/nginx.conf",
        ],
        capture_output=True,
        text=True,
    )
    assert checked.returncode == 0, checked.stderr


def test_nginx_gives_each_baked_page_its_onion_location(served_home, tmp_path):
    """Only pages name the onion, each its own path; no Dateline behind it is needed for that."""
    onion = "http://exampleabc.onion"
    with running_nginx(
        served_home, f"127.0.0.1:{free_port()}", tmp_path, DATELINE_ONION_URL=onion
    ) as url:
        status, headers, body = request(url + ARTICLE_URL)
        assert (status, body) == (200, ARTICLE)
        assert headers["Onion-Location"] == onion + ARTICLE_URL
        status, headers, _ = request(url + STYLESHEET_URL)
        assert status == 200 and "Onion-Location" not in headers


def test_nginx_names_no_onion_when_none_is_set(nginx):
    _, headers, _ = request(nginx + ARTICLE_URL)
    assert "Onion-Location" not in headers
