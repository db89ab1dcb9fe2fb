"""The optional Akismet check: off by default, spam when it says so, harmless when unreachable."""

import socket
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import parse_qs

import pytest
from django.test import override_settings

from dateline.comments.models import Comment, CommentStatus


class FakeAkismet(BaseHTTPRequestHandler):
    answer = b"false"
    received: list[dict] = []

    def do_POST(self):
        length = int(self.headers["Content-Length"])
        FakeAkismet.received.append(parse_qs(self.rfile.read(length).decode()))
        self.send_response(200)
        self.end_headers()
        self.wfile.write(FakeAkismet.answer)

    def log_message(self, *args):
        pass


@pytest.fixture
def akismet_url():
    FakeAkismet.received = []
    for port in range(8560, 8570):
        try:
            server = HTTPServer(("127.0.0.1", port), FakeAkismet)
            break
        except OSError:
            continue
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/1.1/comment-check"
    server.shutdown()
    server.server_close()


def _nobody_listens(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) != 0


def test_akismet_is_not_asked_without_a_key(article, post, akismet_url):
    with override_settings(DATELINE_AKISMET_URL=akismet_url):
        post(article)
    assert FakeAkismet.received == []


def test_comment_akismet_calls_spam_is_filed_as_spam(article, post, akismet_url):
    FakeAkismet.answer = b"true"
    with override_settings(DATELINE_AKISMET_KEY="k", DATELINE_AKISMET_URL=akismet_url):
        response = post(article, comment="Cheap pills")
    assert response.status_code == 303
    assert Comment.objects.get().status == CommentStatus.SPAM
    (asked,) = FakeAkismet.received
    assert asked["comment_content"] == ["Cheap pills"]
    assert asked["user_ip"] == ["127.0.0.1"]


def test_comment_akismet_calls_fine_waits_for_moderation_as_usual(article, post, akismet_url):
    FakeAkismet.answer = b"false"
    with override_settings(DATELINE_AKISMET_KEY="k", DATELINE_AKISMET_URL=akismet_url):
        post(article)
    assert Comment.objects.get().status == CommentStatus.PENDING


def test_unreachable_akismet_does_not_stop_the_comment(article, post):
    closed_port = next(port for port in range(8590, 8600) if _nobody_listens(port))
    url = f"http://127.0.0.1:{closed_port}/1.1/comment-check"
    with override_settings(DATELINE_AKISMET_KEY="k", DATELINE_AKISMET_URL=url):
        assert post(article).status_code == 303
    assert Comment.objects.get().status == CommentStatus.PENDING
