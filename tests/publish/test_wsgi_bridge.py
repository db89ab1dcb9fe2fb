"""Django behind the front: each request as a threaded WSGI server would hand it over."""

import threading
from types import SimpleNamespace

from dateline.publish.wsgi_bridge import WSGIBridge, wsgi_environ
from tests.publish.conftest import run_coroutine


class Headers(list):
    """RSGI's request headers: (name, value) pairs, names in lower case, repeats kept."""

    def items(self):
        return list(self)


def scope(path="/", method="GET", query="", headers=()):
    return SimpleNamespace(
        proto="http",
        method=method,
        path=path,
        query_string=query,
        headers=Headers(headers),
        server="127.0.0.1:8110",
        client="10.0.0.7:51234",
        scheme="http",
        http_version="1.1",
    )


class Transport:
    def __init__(self, sent):
        self.sent = sent

    async def send_bytes(self, data):
        self.sent.append(data)


class Protocol:
    def __init__(self, body=b""):
        self.request_body = body
        self.answers = []
        self.streamed = []

    async def __call__(self):
        return self.request_body

    def response_bytes(self, status, headers, body):
        self.answers.append((status, headers, body))

    def response_stream(self, status, headers):
        self.answers.append((status, headers, None))
        return Transport(self.streamed)


def test_environ_is_laid_out_as_a_wsgi_server_lays_it_out():
    environ = wsgi_environ(
        scope(
            "/ko/기사/",
            "POST",
            "q=%ED%95%9C",
            [
                ("content-type", "application/x-www-form-urlencoded"),
                ("content-length", "3"),
                ("cookie", "a=1"),
                ("cookie", "b=2"),
                ("accept", "text/html"),
                ("accept", "*/*"),
            ],
        ),
        b"x=1",
    )
    assert environ["REQUEST_METHOD"] == "POST"
    assert environ["PATH_INFO"] == "/ko/기사/".encode().decode("latin-1")
    assert environ["QUERY_STRING"] == "q=%ED%95%9C"
    assert (environ["CONTENT_TYPE"], environ["CONTENT_LENGTH"]) == (
        "application/x-www-form-urlencoded",
        "3",
    )
    assert environ["HTTP_COOKIE"] == "a=1; b=2"
    assert environ["HTTP_ACCEPT"] == "text/html, */*"
    assert (environ["REMOTE_ADDR"], environ["SERVER_PORT"]) == ("10.0.0.7", "8110")
    assert environ["wsgi.input"].read() == b"x=1"


def test_header_with_an_underscore_cannot_pose_as_a_forwarding_header():
    environ = wsgi_environ(scope(headers=[("x_forwarded_for", "203.0.113.9")]), b"")
    assert "HTTP_X_FORWARDED_FOR" not in environ


def test_short_answer_is_sent_whole_with_its_status_and_headers():
    def application(environ, start_response):
        start_response("201 Created", [("Set-Cookie", "a=1"), ("Set-Cookie", "b=2")])
        return [b"made"]

    protocol = Protocol()
    run_coroutine(WSGIBridge(application, threads=1)(scope(), protocol))
    assert protocol.answers == [(201, [("Set-Cookie", "a=1"), ("Set-Cookie", "b=2")], b"made")]


def test_long_body_is_streamed_and_closed_on_the_thread_that_made_it():
    threads = {}

    class Body:
        def __iter__(self):
            threads["made"] = threading.get_ident()
            yield from (bytes([n]) * 50_000 for n in range(5))

        def close(self):
            threads["closed"] = threading.get_ident()

    def application(environ, start_response):
        start_response("200 OK", [("Content-Type", "text/csv")])
        return Body()

    protocol = Protocol()
    run_coroutine(WSGIBridge(application, threads=2)(scope(), protocol))
    assert protocol.answers == [(200, [("Content-Type", "text/csv")], None)]
    assert b"".join(protocol.streamed) == b"".join(bytes([n]) * 50_000 for n in range(5))
    assert len(protocol.streamed) > 1
    assert threads["made"] == threads["closed"] != threading.get_ident()


def test_application_failing_before_it_answers_gives_a_500():
    def application(environ, start_response):
        raise RuntimeError("broken")

    protocol = Protocol()
    run_coroutine(WSGIBridge(application, threads=1)(scope(), protocol))
    assert protocol.answers[0][0] == 500
