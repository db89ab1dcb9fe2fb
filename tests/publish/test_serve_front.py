"""`dateline serve` on a baked home, over real HTTP: baked files without Django, the rest by Django."""

import gzip

import brotli
import pytest

from dateline.core.headers import public_headers
from tests.publish.conftest import (
    ARTICLE,
    ARTICLE_URL,
    STYLESHEET,
    STYLESHEET_URL,
    raw_request,
    request,
    serving,
)

pytestmark = [
    pytest.mark.xdist_group("front"),
    pytest.mark.sqlite,  # its sites are SQLite whatever DATABASE_URL says: run once
]


def test_baked_article_is_served_compressed_with_its_headers(dateline_server):
    status, headers, body = request(
        dateline_server + ARTICLE_URL, headers={"Accept-Encoding": "gzip, deflate, br"}
    )
    assert status == 200
    assert brotli.decompress(body) == ARTICLE
    assert headers["Content-Encoding"] == "br"
    assert headers["Vary"] == "Accept-Encoding"
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert "stale-while-revalidate" in headers["Cache-Control"]
    for name, value in public_headers():
        assert headers[name] == value

    status, headers, body = request(
        dateline_server + STYLESHEET_URL, headers={"Accept-Encoding": "gzip"}
    )
    assert (status, gzip.decompress(body)) == (200, STYLESHEET)
    assert headers["Cache-Control"] == "public, max-age=31536000, immutable"


def test_head_of_a_baked_page_has_the_headers_and_no_body(dateline_server):
    _, got, _ = request(dateline_server + ARTICLE_URL)
    status, headers, body = request(dateline_server + ARTICLE_URL, method="HEAD")
    assert (status, body) == (200, b"")
    assert headers["Content-Length"] == str(len(ARTICLE))
    assert headers["ETag"] == got["ETag"]


def test_reader_with_a_current_copy_gets_304(dateline_server):
    _, headers, _ = request(dateline_server + ARTICLE_URL, headers={"Accept-Encoding": "gzip"})
    status, again, body = request(
        dateline_server + ARTICLE_URL,
        headers={"Accept-Encoding": "gzip", "If-None-Match": headers["ETag"]},
    )
    assert (status, body) == (304, b"")
    assert again["ETag"] == headers["ETag"]


def test_page_not_baked_is_rendered_by_django(dateline_server):
    status, _, body = request(dateline_server + "/admin/login/")
    assert status == 200
    assert b"csrfmiddlewaretoken" in body
    # The edition's home page is in the database but not in the baked tree.
    status, _, body = request(dateline_server + "/")
    assert status == 200
    assert b"<html" in body and b"BAKED" not in body


def test_post_and_query_string_reach_django_even_on_a_baked_url(dateline_server):
    status, _, body = request(dateline_server + "/admin/login/", method="POST", data=b"a=b")
    assert status == 403 and b"CSRF" in body
    # Django's answer: a refused form, or a page it does not have (it is not in its database).
    status, _, body = request(dateline_server + ARTICLE_URL, method="POST", data=b"a=b")
    assert status in {403, 404} and b"BAKED" not in body
    status, _, body = request(dateline_server + ARTICLE_URL + "?utm_source=x")
    assert status == 404 and b"BAKED" not in body


def test_django_streams_a_large_static_file_unchanged(dateline_server, served_home):
    name = "admin/js/vendor/jquery/jquery.js"
    status, _, body = request(dateline_server + "/static/" + name)
    assert status == 200
    assert body == (served_home / "static" / name).read_bytes()
    assert len(body) > 200_000


def test_head_answered_by_django_has_no_body(dateline_server):
    status, _, body = request(dateline_server + "/admin/login/", method="HEAD")
    assert (status, body) == (200, b"")


def test_climbing_paths_do_not_leave_the_build(dateline_server, served_home):
    secret = (served_home / "secret_key").read_bytes()
    for target in (
        "/static/../secret_key",
        "/static/../../secret_key",
        "/%2e%2e/%2e%2e/secret_key",
        "/static/%2e%2e/%2e%2e/%2e%2e/secret_key",
        "/economy/..%2f..%2f..%2fsecret_key",
    ):
        reply = raw_request(int(dateline_server.rsplit(":", 1)[1]), target)
        assert secret not in reply, target
        assert not reply.startswith(b"HTTP/1.1 200"), target


def test_with_baking_off_django_answers_even_baked_urls(served_home):
    with serving(served_home, DATELINE_BAKE="0") as url:
        status, _, body = request(url + ARTICLE_URL)
        assert status == 404 and b"BAKED" not in body
        status, _, body = request(url + "/admin/login/")
        assert status == 200 and b"csrfmiddlewaretoken" in body
