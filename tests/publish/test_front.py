"""The front of `dateline serve`, called as Granian calls it: which answers come from baked files.

These tests call the RSGI application in-process with a recording protocol, and a stand-in for
Django that says when it was reached; `test_serve_front.py` checks the same through a real server.
"""

import gzip
import os
from pathlib import Path
from types import SimpleNamespace

import brotli
import pytest

from dateline.core.headers import public_headers
from dateline.publish.front import BakedFiles, Front, accepted_encodings, build_front
from tests.publish.conftest import (
    ARTICLE,
    ARTICLE_URL,
    STYLESHEET,
    STYLESHEET_URL,
    run_coroutine,
    write_build,
)

DJANGO = b"answered by Django"


class Protocol:
    """Record the one answer the application gives, as Granian would send it."""

    def __init__(self):
        self.status = None
        self.headers = {}
        self.body = b""

    async def __call__(self):
        return b""

    def _answer(self, status, headers, body):
        assert self.status is None, "answered twice"
        self.status, self.headers, self.body = status, dict(headers), body

    def response_bytes(self, status, headers, body):
        self._answer(status, headers, body)

    def response_empty(self, status, headers):
        self._answer(status, headers, b"")

    def response_file(self, status, headers, file):
        self._answer(status, headers, Path(file).read_bytes())


class Headers(dict):
    """RSGI's request headers: names in lower case."""


async def django(scope, protocol):
    protocol.response_bytes(200, [("content-type", "text/plain")], DJANGO)


def ask(front, path, *, method="GET", query="", **headers) -> Protocol:
    names = {name.replace("_", "-"): value for name, value in headers.items()}
    scope = SimpleNamespace(
        proto="http", method=method, path=path, query_string=query, headers=Headers(names)
    )
    protocol = Protocol()
    run_coroutine(front(scope, protocol))
    return protocol


@pytest.fixture
def root(tmp_path):
    write_build(tmp_path, {ARTICLE_URL: ARTICLE, STYLESHEET_URL: STYLESHEET})
    return tmp_path


@pytest.fixture
def front(root):
    # Rechecked on every answer, so a test sees each change at once without waiting.
    return Front(django, BakedFiles(root / "site", capacity=64 * 1024 * 1024, recheck=0))


def test_baked_page_is_answered_from_its_file_without_django(front):
    answer = ask(front, ARTICLE_URL)
    assert (answer.status, answer.body) == (200, ARTICLE)
    assert answer.headers["content-type"] == "text/html; charset=utf-8"


@pytest.mark.parametrize(
    ("accept_encoding", "expected"),
    [
        ("gzip, deflate, br", "br"),
        ("gzip", "gzip"),
        ("br;q=0.5, gzip", "gzip"),
        ("br;q=0, gzip;q=0.1", "gzip"),
        ("x-gzip", "gzip"),
        ("*", "br"),
        ("identity", None),
        ("compress", None),
        ("gzip;q=0, br;q=0", None),
    ],
)
def test_reader_gets_the_precompressed_file_they_accept(front, accept_encoding, expected):
    answer = ask(front, ARTICLE_URL, accept_encoding=accept_encoding)
    assert answer.headers.get("content-encoding") == expected
    decompress = {"br": brotli.decompress, "gzip": gzip.decompress, None: bytes}[expected]
    assert decompress(answer.body) == ARTICLE
    assert answer.headers["vary"] == "Accept-Encoding"


def test_accept_encoding_refusing_everything_still_gets_the_page(front):
    answer = ask(front, ARTICLE_URL, accept_encoding="*;q=0")
    assert (answer.status, answer.body) == (200, ARTICLE)
    assert accepted_encodings("*;q=0") == ()


def test_pages_are_cached_briefly_and_hashed_static_files_for_a_year(front, root):
    (root / "site" / "static" / "robots-notes.txt").write_bytes(b"unhashed")
    page = ask(front, ARTICLE_URL).headers["cache-control"]
    assert page == "public, max-age=60, stale-while-revalidate=600"
    assert ask(front, STYLESHEET_URL).headers["cache-control"] == (
        "public, max-age=31536000, immutable"
    )
    assert ask(front, "/static/robots-notes.txt").headers["cache-control"] == page


def test_rendition_is_kept_for_a_year_with_its_image_type(front, root):
    rendition = root / "site" / "media" / "images" / "harbour.2e16d0ba.fill-800x450.webp"
    rendition.parent.mkdir(parents=True)
    rendition.write_bytes(b"RIFF....WEBPVP8 ")
    answer = ask(front, "/media/images/harbour.2e16d0ba.fill-800x450.webp", accept_encoding="br")
    assert (answer.status, answer.body) == (200, b"RIFF....WEBPVP8 ")
    assert answer.headers["content-type"] == "image/webp"
    assert answer.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert "content-encoding" not in answer.headers
    assert "vary" not in answer.headers


def test_every_baked_answer_carries_the_public_security_headers(front, root):
    etag = ask(front, ARTICLE_URL).headers["etag"]
    for answer in (
        ask(front, ARTICLE_URL, accept_encoding="br"),
        ask(front, STYLESHEET_URL),
        ask(front, ARTICLE_URL, if_none_match=etag),
    ):
        for name, value in public_headers():
            assert answer.headers[name.lower()] == value


def test_current_copy_is_answered_304_by_etag(front):
    first = ask(front, ARTICLE_URL, accept_encoding="gzip")
    etag = first.headers["etag"]

    again = ask(front, ARTICLE_URL, accept_encoding="gzip", if_none_match=f'"other", W/{etag}')

    assert (again.status, again.body) == (304, b"")
    assert again.headers["etag"] == etag
    assert again.headers["cache-control"] == first.headers["cache-control"]
    assert "content-type" not in again.headers


def test_each_encoding_has_its_own_etag(front):
    tags = {ask(front, ARTICLE_URL, accept_encoding=e).headers["etag"] for e in ("br", "gzip", "")}
    assert len(tags) == 3
    gzip_tag = ask(front, ARTICLE_URL, accept_encoding="gzip").headers["etag"]
    assert ask(front, ARTICLE_URL, accept_encoding="br", if_none_match=gzip_tag).status == 200


def test_every_encoding_says_when_the_page_was_modified(front, root):
    page = root / "site" / "economy" / "rice-prices" / "index.html"
    os.utime(f"{page}.br", (0, 0))
    modified = ask(front, ARTICLE_URL).headers["last-modified"]
    assert ask(front, ARTICLE_URL, accept_encoding="br").headers["last-modified"] == modified


def test_current_copy_is_answered_304_by_date_unless_an_etag_disagrees(front):
    modified = ask(front, ARTICLE_URL).headers["last-modified"]
    assert ask(front, ARTICLE_URL, if_modified_since=modified).status == 304
    assert ask(front, ARTICLE_URL, if_modified_since="Thu, 01 Jan 1970 00:00:00 GMT").status == 200
    assert ask(front, ARTICLE_URL, if_modified_since="yesterday").status == 200
    stale = ask(front, ARTICLE_URL, if_modified_since=modified, if_none_match='"old"')
    assert stale.status == 200


def test_range_request_gets_the_whole_file(front):
    answer = ask(front, ARTICLE_URL, range="bytes=0-9")
    assert (answer.status, answer.body) == (200, ARTICLE)


@pytest.mark.parametrize(
    ("method", "path", "query"),
    [
        ("POST", ARTICLE_URL, ""),
        ("PUT", ARTICLE_URL, ""),
        ("GET", ARTICLE_URL, "page=2"),
        ("GET", "/economy/", ""),
        ("GET", "/economy/rice-prices", ""),
        ("GET", "/admin/", ""),
        ("GET", "/search/", ""),
    ],
)
def test_everything_but_a_plain_read_of_a_baked_url_goes_to_django(front, method, path, query):
    answer = ask(front, path, method=method, query=query)
    assert answer.body == DJANGO


@pytest.mark.parametrize(
    "path",
    [
        "/../secret.txt",
        "/static/../../secret.txt",
        "/static/../settings.py",
        "/./secret.txt",
        "/static/%2e%2e/%2e%2e/secret.txt",
        "/static//../../secret.txt",
        "/static\\..\\..\\secret.txt",
        "/.site.new",
    ],
)
def test_paths_that_climb_or_hide_never_leave_the_build(front, root, path):
    (root / "secret.txt").write_bytes(b"SECRET")
    (root / "builds" / "secret.txt").write_bytes(b"SECRET")
    (root / "site" / "static" / "settings.py").write_bytes(b"SECRET")
    assert ask(front, path).body == DJANGO


def test_symbolic_link_out_of_the_build_is_not_followed(front, root):
    (root / "secret.txt").write_bytes(b"SECRET")
    (root / "site" / "leak.txt").symlink_to(root / "secret.txt")
    (root / "site" / "outside").symlink_to(root, target_is_directory=True)
    assert ask(front, "/leak.txt").body == DJANGO
    assert ask(front, "/outside/secret.txt").body == DJANGO


def test_symbolic_link_within_the_build_is_followed(front, root):
    (root / "site" / "latest.css").symlink_to(root / "site" / STYLESHEET_URL.lstrip("/"))
    assert ask(front, "/latest.css").body == STYLESHEET


def test_site_never_baked_sends_everything_to_django(tmp_path):
    front = Front(django, BakedFiles(tmp_path / "site", capacity=1024, recheck=0))
    assert ask(front, "/").body == DJANGO
    assert ask(front, ARTICLE_URL).body == DJANGO


def test_baking_switched_off_sends_everything_to_django(settings, root):
    settings.DATELINE_BAKE = False
    settings.DATELINE_BAKED_ROOT = root
    front = build_front(lambda environ, start_response: None)
    front.django = django
    assert ask(front, ARTICLE_URL).body == DJANGO


def test_baking_switched_on_serves_the_configured_root(settings, root):
    settings.DATELINE_BAKE = True
    settings.DATELINE_BAKED_ROOT = root
    front = build_front(lambda environ, start_response: None)
    assert ask(front, ARTICLE_URL).body == ARTICLE


def test_file_renamed_in_by_an_incremental_bake_is_served_at_once(front, root):
    assert ask(front, ARTICLE_URL).body == ARTICLE
    page = root / "site" / "economy" / "rice-prices" / "index.html"
    for suffix, body in (("", b"NEW"), (".gz", gzip.compress(b"NEW")), (".br", b"")):
        if suffix == ".br":
            os.unlink(f"{page}.br")
            continue
        temporary = page.with_name(".index.html.tmp")
        temporary.write_bytes(body)
        os.replace(temporary, f"{page}{suffix}")

    assert ask(front, ARTICLE_URL).body == b"NEW"
    assert gzip.decompress(ask(front, ARTICLE_URL, accept_encoding="gzip, br").body) == b"NEW"


def test_build_swapped_in_by_a_full_bake_is_served_at_once(front, root):
    assert ask(front, ARTICLE_URL).body == ARTICLE
    write_build(root, {ARTICLE_URL: b"<p>SECOND BUILD"}, build="second")
    assert ask(front, ARTICLE_URL).body == b"<p>SECOND BUILD"
    assert brotli.decompress(ask(front, ARTICLE_URL, accept_encoding="br").body) == (
        b"<p>SECOND BUILD"
    )
    assert ask(front, STYLESHEET_URL).body == DJANGO  # Not in the second build.


def test_sibling_written_after_the_page_was_first_read_is_offered(front, root):
    page = root / "site" / "economy" / "rice-prices" / "index.html"
    os.rename(f"{page}.br", root / "held.br")
    assert ask(front, ARTICLE_URL, accept_encoding="br, gzip").headers["content-encoding"] == "gzip"
    os.rename(root / "held.br", f"{page}.br")
    assert ask(front, ARTICLE_URL, accept_encoding="br, gzip").headers["content-encoding"] == "br"


def test_large_file_is_served_whole(front, root):
    big = os.urandom(3 * 1024 * 1024)
    (root / "site" / "media" / "documents").mkdir(parents=True)
    (root / "site" / "media" / "documents" / "report.pdf").write_bytes(big)
    answer = ask(front, "/media/documents/report.pdf")
    assert (answer.status, answer.headers["content-type"], answer.body) == (
        200,
        "application/pdf",
        big,
    )


def test_memory_held_stays_within_its_limit(root):
    files = BakedFiles(root / "site", capacity=40_000, recheck=0)
    front = Front(django, files)
    urls = {f"/page-{number}/": os.urandom(10_000) for number in range(10)}
    write_build(root, urls, build="many")
    for url, body in urls.items():
        assert ask(front, url).body == body
        assert files.held <= 40_000


def test_kept_file_is_rechecked_once_its_interval_has_passed(root, monkeypatch):
    clock = [1000.0]
    monkeypatch.setattr("dateline.publish.front.time.monotonic", lambda: clock[0])
    front = Front(django, BakedFiles(root / "site", capacity=1 << 20, recheck=0.1))
    assert ask(front, ARTICLE_URL).body == ARTICLE
    write_build(root, {ARTICLE_URL: b"<p>REBAKED"}, build="second")

    clock[0] += 0.05
    assert ask(front, ARTICLE_URL).body == ARTICLE  # Within the interval: the kept copy.
    clock[0] += 0.06
    assert ask(front, ARTICLE_URL).body == b"<p>REBAKED"


def test_baked_pages_name_their_own_path_on_the_onion_service(settings, tmp_path):
    settings.DATELINE_ONION_URL = "http://exampleabc.onion"
    korean = "/ko/북한/"
    write_build(tmp_path, {ARTICLE_URL: ARTICLE, STYLESHEET_URL: STYLESHEET, korean: ARTICLE})
    front = Front(django, BakedFiles(tmp_path / "site", capacity=1024 * 1024, recheck=0))
    answer = ask(front, ARTICLE_URL, accept_encoding="br")
    assert answer.headers["onion-location"] == "http://exampleabc.onion" + ARTICLE_URL
    # As Django's middleware and the page's <meta> say it: the path percent-encoded.
    answer = ask(front, korean)
    assert answer.headers["onion-location"] == "http://exampleabc.onion/ko/%EB%B6%81%ED%95%9C/"
    assert "onion-location" not in ask(front, STYLESHEET_URL).headers


def test_without_an_onion_service_baked_pages_name_none(front):
    assert "onion-location" not in ask(front, ARTICLE_URL).headers
