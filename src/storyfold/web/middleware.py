"""ASGI middleware: security headers on every response, gzip for what the app makes per
request, and a body-size limit counted as the body arrives (a Content-Length header is
checked too, but never trusted alone). All plain ASGI: no per-request task or stream, as
Starlette's BaseHTTPMiddleware would add."""

from __future__ import annotations

import gzip

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

# Nothing from another origin, ever: pages use only their own /static files, forms post
# only here, and no one may frame them.
CSP = (
    "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self'; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
]


class SecurityHeaders:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {name.lower() for name, _ in message.get("headers", [])}
                extra = [(n, v) for n, v in SECURITY_HEADERS if n not in names]
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        await self.app(scope, receive, send_with_headers)


class BodyTooLarge(HTTPException):
    def __init__(self, limit: int) -> None:
        super().__init__(413, f"the request body is larger than the limit of {limit} bytes")


class BodyLimit:
    """Refuses a request body past ``limit`` bytes: the bytes are counted as they arrive,
    so a wrong or missing Content-Length cannot sneak a large body in. The error is raised
    inside the app (an HTTPException), so it becomes a 413 problem like any other."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        received = 0
        declared = dict(scope.get("headers", [])).get(b"content-length")
        too_large_declared = bool(declared and declared.isdigit() and int(declared) > self.limit)

        async def counted() -> Message:
            nonlocal received
            if too_large_declared:
                raise BodyTooLarge(self.limit)
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    raise BodyTooLarge(self.limit)
            return message

        await self.app(scope, counted, send)


# Bodies made per request are compressed on the event loop: a middle level, since the
# best one costs several times the time for a few per cent (cached bodies are compressed
# once, at the best level: web.state.Body).
GZIP_LEVEL = 6


class Gzip:
    """Compresses a response the app made per request (the API's story lists, problems,
    static files) when the client takes gzip and the body is at least ``minimum_size``.
    A response that already names its Content-Encoding, or already varies by
    Accept-Encoding (the cached bodies, compressed once and sent as they are:
    web.state.reply_of), or comes in several parts, passes unchanged.
    Starlette's GZipMiddleware did the same but added a second ``Vary: Accept-Encoding``
    to the cached bodies it let through."""

    def __init__(self, app: ASGIApp, minimum_size: int) -> None:
        self.app = app
        self.minimum_size = minimum_size

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        accepts = any(
            name.lower() == b"accept-encoding" and b"gzip" in value.lower()
            for name, value in scope.get("headers", [])
        )
        start: Message | None = None  # held until the body says what to do

        async def send_compressed(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                if _encoded(message.get("headers", [])):
                    await send(message)
                else:
                    start = message
                return
            if start is None or message["type"] != "http.response.body":
                await send(message)
                return
            held, start = start, None
            body: bytes = message.get("body", b"")
            if message.get("more_body", False) or len(body) < self.minimum_size:
                await send(held)
                await send(message)
                return
            headers = [(n, v) for n, v in held.get("headers", []) if n.lower() != b"vary"]
            vary = [v for n, v in held.get("headers", []) if n.lower() == b"vary"]
            headers.append((b"vary", b", ".join([*vary, b"Accept-Encoding"])))
            if accepts:
                body = gzip.compress(body, GZIP_LEVEL, mtime=0)
                headers = [(n, v) for n, v in headers if n.lower() != b"content-length"]
                headers += [
                    (b"content-encoding", b"gzip"),
                    (b"content-length", str(len(body)).encode("latin-1")),
                ]
            await send({**held, "headers": headers})
            await send({**message, "body": body})

        await self.app(scope, receive, send_compressed)


def _encoded(headers: list[tuple[bytes, bytes]]) -> bool:
    """Whether a response has already dealt with Accept-Encoding itself."""
    for name, value in headers:
        name = name.lower()
        if name == b"content-encoding" or (name == b"vary" and b"accept-encoding" in value.lower()):
            return True
    return False
