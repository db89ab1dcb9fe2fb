"""Run Django's WSGI application behind the RSGI front, as Granian's own WSGI server runs it.

The front answers baked files on Granian's event loop; everything else comes here. Each request
runs from start to end (the view, the streaming of its body, `close()`) on one thread of a fixed
pool, as under a threaded WSGI server, so Django's per-thread database connections and the
request_started / request_finished signals behave exactly as they do without the front.
"""

import asyncio
import io
import logging
import sys
from concurrent.futures import ThreadPoolExecutor

logger = logging.getLogger(__name__)

# Responses up to this size are sent whole; a larger or streaming body goes out in pieces this big.
CHUNK = 64 * 1024

_BASE_ENVIRON = {
    "GATEWAY_INTERFACE": "CGI/1.1",
    "SCRIPT_NAME": "",
    "SERVER_SOFTWARE": "Granian (Dateline front)",
    "wsgi.errors": sys.stderr,
    "wsgi.input_terminated": True,
    "wsgi.multiprocess": True,
    "wsgi.multithread": True,
    "wsgi.run_once": False,
    "wsgi.version": (1, 0),
}


class WSGIBridge:
    """An RSGI application that hands each request to a WSGI application on a thread pool."""

    def __init__(self, application, threads: int):
        self.application = application
        self.pool = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="django")

    async def __call__(self, scope, protocol) -> None:
        body = await protocol()
        environ = wsgi_environ(scope, body)
        exchange = _Exchange(asyncio.get_running_loop(), protocol)
        try:
            await exchange.loop.run_in_executor(self.pool, exchange.run, self.application, environ)
        except Exception:
            logger.exception("The application failed on %s %s", scope.method, scope.path)
            if not exchange.started:
                protocol.response_bytes(500, [("content-type", "text/plain")], b"Server error")
            return
        if not exchange.started:
            protocol.response_bytes(exchange.status, exchange.headers, exchange.body)


def wsgi_environ(scope, body: bytes) -> dict:
    """Return the WSGI environ of an RSGI request, laid out as Granian's WSGI server lays it out.

    RSGI gives the path percent-decoded as text; WSGI wants its UTF-8 bytes as Latin-1 text.
    Header names holding an underscore are dropped (as nginx and gunicorn do), so `X_Forwarded_For`
    cannot pass itself off as `X-Forwarded-For`.
    """
    host, _, port = scope.server.rpartition(":")
    environ = {
        **_BASE_ENVIRON,
        "REQUEST_METHOD": scope.method,
        "PATH_INFO": scope.path.encode("utf-8", "surrogateescape").decode("latin-1"),
        "QUERY_STRING": scope.query_string,
        "SERVER_PROTOCOL": f"HTTP/{scope.http_version}",
        "SERVER_NAME": host.strip("[]"),
        "SERVER_PORT": port,
        "REMOTE_ADDR": scope.client.rpartition(":")[0].strip("[]"),
        "wsgi.url_scheme": scope.scheme,
        "wsgi.input": io.BytesIO(body),
    }
    for name, value in scope.headers.items():
        if "_" in name:
            continue
        if name == "content-type":
            environ["CONTENT_TYPE"] = value
        elif name == "content-length":
            environ["CONTENT_LENGTH"] = value
        else:
            key = "HTTP_" + name.upper().replace("-", "_")
            if key in environ:
                value = environ[key] + ("; " if key == "HTTP_COOKIE" else ", ") + value
            environ[key] = value
    return environ


class _Exchange:
    """One request's response, produced on a pool thread and sent from the event loop."""

    def __init__(self, loop, protocol):
        self.loop = loop
        self.protocol = protocol
        self.status = 500
        self.headers: list[tuple[str, str]] = []
        self.body = b""
        self.started = False
        self._transport = None

    def start_response(self, status: str, headers, exc_info=None):
        if exc_info is not None and self.started:
            raise exc_info[1].with_traceback(exc_info[2])
        self.status = int(status.split(" ", 1)[0])
        self.headers = [(name, value) for name, value in headers]
        return self._write_unsupported

    def run(self, application, environ) -> None:
        """Call the application and consume its body on this thread; close it here too."""
        result = application(environ, self.start_response)
        try:
            pending: list[bytes] = []
            size = 0
            for chunk in result:
                if not chunk:
                    continue
                pending.append(chunk)
                size += len(chunk)
                if size >= CHUNK:
                    if not self._send(b"".join(pending)):
                        return  # The reader went away; close() below ends the response.
                    pending, size = [], 0
            if self.started:
                if pending:
                    self._send(b"".join(pending))
            else:
                self.body = b"".join(pending)
        finally:
            if hasattr(result, "close"):
                result.close()

    def _send(self, data: bytes) -> bool:
        """Send a piece of a long body, opening the stream first; False if the reader left."""
        try:
            return asyncio.run_coroutine_threadsafe(self._send_on_loop(data), self.loop).result()
        except Exception:
            logger.debug("The reader went away during a streamed response.", exc_info=True)
            return False

    async def _send_on_loop(self, data: bytes) -> bool:
        if self._transport is None:
            self.started = True
            self._transport = self.protocol.response_stream(self.status, self.headers)
        await self._transport.send_bytes(data)
        return True

    @staticmethod
    def _write_unsupported(data):
        raise NotImplementedError("Dateline's front does not offer WSGI's write(); return a body.")
