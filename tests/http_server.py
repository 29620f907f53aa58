"""A real HTTP server on 127.0.0.1 for integration tests, with routes each test sets up.

Use the ``http_server`` fixture (registered in tests/conftest.py):

    http_server.route("/story", body=PAGE)                       # 200 text/html
    http_server.route("/feed", body=RSS, content_type="application/rss+xml", etag='"v1"')
    http_server.redirect("/old", "/story")
    http_server.route("/slow", body=PAGE, delay=1.5)             # sleeps, bounded
    http_server.route("/huge", stream_bytes=50_000_000)          # streamed filler
    fetch(http_server.url("/story"))
    http_server.hits_for("/story")                               # what it received, and when

Unregistered paths (``/robots.txt`` included) answer 404. Every sleep is capped at
``MAX_SLEEP_S`` so a test can never hang the server.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

MAX_SLEEP_S = 2.0
_FILLER = b"<p>" + b"filler " * 9000 + b"</p>\n"  # about 64 KiB a chunk


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    content_type: str | None = "text/html; charset=utf-8"  # None: no Content-Type header
    headers: dict[str, str] = field(default_factory=dict)
    etag: str | None = None  # sent, and a matching If-None-Match gets 304
    last_modified: str | None = None  # sent, and a matching If-Modified-Since gets 304
    delay: float = 0.0  # seconds to wait before answering
    drip: float = 0.0  # seconds to wait before each byte of the body
    stream_bytes: int = 0  # when set: this much filler, streamed, with no Content-Length
    content_length: int | None = None  # a declared length that differs from the body's


@dataclass(frozen=True)
class Hit:
    path: str
    headers: dict[str, str]  # lower-cased names
    time: float  # time.monotonic() when the request line was read


class LocalServer:
    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.hits: list[Hit] = []
        self.sent: dict[str, int] = {}  # body bytes written per path, for streamed bodies
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._server.daemon_threads = True  # a sleeping handler never blocks shutdown
        # A short poll interval: shutdown() waits for the next poll, at every test's end.
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, path: str) -> str:
        return self.base_url + path

    def route(self, path: str, **kwargs: object) -> Route:
        route = Route(**kwargs)  # type: ignore[arg-type]
        self.routes[path] = route
        return route

    def redirect(self, path: str, to: str, status: int = 302) -> Route:
        return self.route(path, status=status, content_type=None, headers={"Location": to})

    def hits_for(self, path: str) -> list[Hit]:
        with self._lock:
            return [hit for hit in self.hits if hit.path == path]

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def _record(self, hit: Hit) -> None:
        with self._lock:
            self.hits.append(hit)

    def _count(self, path: str, size: int) -> None:
        with self._lock:
            self.sent[path] = self.sent.get(path, 0) + size


def _handler_for(server: LocalServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            path = self.path.split("?", 1)[0]
            headers = {k.lower(): v for k, v in self.headers.items()}
            server._record(Hit(path, headers, time.monotonic()))
            route = server.routes.get(path)
            if route is None:
                route = Route(status=404, body=b"<html><body>not found</body></html>")
            # The client may give up (timeout, size cap): that is what some tests test.
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self._answer(path, route, headers)

        def _answer(self, path: str, route: Route, headers: dict[str, str]) -> None:
            if route.delay:
                time.sleep(min(route.delay, MAX_SLEEP_S))
            if _not_modified(route, headers):
                self.send_response(304)
                self._validators(route)
                self.end_headers()
                return
            self.send_response(route.status)
            if route.content_type is not None:
                self.send_header("Content-Type", route.content_type)
            for name, value in route.headers.items():
                self.send_header(name, value)
            self._validators(route)
            if route.stream_bytes:
                self.end_headers()
                self._stream(path, route.stream_bytes)
                return
            length = route.content_length if route.content_length is not None else len(route.body)
            self.send_header("Content-Length", str(length))
            self.end_headers()
            if route.drip:
                per_byte = min(route.drip, MAX_SLEEP_S / max(len(route.body), 1))
                for byte in route.body:
                    time.sleep(per_byte)
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
            else:
                self.wfile.write(route.body)

        def _validators(self, route: Route) -> None:
            if route.etag:
                self.send_header("ETag", route.etag)
            if route.last_modified:
                self.send_header("Last-Modified", route.last_modified)

        def _stream(self, path: str, total: int) -> None:
            written = 0
            while written < total:
                chunk = _FILLER[: total - written]
                self.wfile.write(chunk)
                written += len(chunk)
                server._count(path, len(chunk))

        def log_message(self, format: str, *args: object) -> None:
            pass  # keep test output clean

    return Handler


def _not_modified(route: Route, headers: dict[str, str]) -> bool:
    # RFC 9110 13.2.2: If-None-Match, when sent, decides; If-Modified-Since only without it.
    if "if-none-match" in headers:
        return route.etag is not None and headers["if-none-match"] == route.etag
    if "if-modified-since" in headers:
        return (
            route.last_modified is not None and headers["if-modified-since"] == route.last_modified
        )
    return False


@pytest.fixture
def http_server() -> Iterator[LocalServer]:
    """A LocalServer on 127.0.0.1 (a free port), stopped after the test."""
    server = LocalServer()
    server.start()
    try:
        yield server
    finally:
        server.stop()
