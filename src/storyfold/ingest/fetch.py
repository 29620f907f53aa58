"""Fetching pages and feeds over HTTP, politely and within bounds.

Every request is bounded in time (connect, read and a total deadline: a server that drips
one byte a second would otherwise keep a per-read timeout happy for ever; the deadline is
checked as each piece of the body arrives, so it can be overrun by one read timeout at
most; it counts only the server's time, not our own politeness delay or robots.txt
fetch), in size (the cap is enforced while streaming, so a huge body is never read to the
end), and in redirects (followed here, one hop at a time, so that each hop's host is
checked against the private-address rule and its robots.txt). Requests to the same host
are spaced by a delay, and a site's robots.txt is read once and obeyed.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from urllib.parse import urljoin, urlsplit

import httpx

from storyfold import __version__
from storyfold.config import DEFAULT_MAX_BYTES, Settings
from storyfold.errors import FetchError, InputError
from storyfold.ingest.html import parse_html
from storyfold.ingest.readfile import decode
from storyfold.ingest.robots import ROBOTS_MAX_BYTES, RobotsCache
from storyfold.ingest.urls import Resolver, check_address, split_url, system_resolver
from storyfold.model import Article

USER_AGENT = f"storyfold/{__version__} (+https://github.com/storyfold/storyfold)"

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
FEED_TYPES = frozenset(
    {
        "application/rss+xml",
        "application/atom+xml",
        "application/rdf+xml",
        "application/xml",
        "text/xml",
    }
)
SOURCE_TYPES = HTML_TYPES | FEED_TYPES  # a URL that may be a page or a feed

# Defaults for a tool that reads news pages one at a time. Connect: a server that has not
# answered the handshake in 10 s is down. Read: 20 s of silence mid-response. Total: one
# page (all redirects and the body) in a minute. One second between two requests to the
# same host is the usual courtesy for a crawler that does not know the site's wishes.
CONNECT_TIMEOUT_S = 10.0
READ_TIMEOUT_S = 20.0
TOTAL_TIMEOUT_S = 60.0
MAX_REDIRECTS = 5  # RFC 9309 asks crawlers to follow at least five for robots.txt
HOST_DELAY_S = 1.0
_REDIRECTS = frozenset({301, 302, 303, 307, 308})


# New entries of one feed read in one poll, each a page fetched at one request a second to
# its host: 200 is about 3.5 minutes, and a busy news feed lists 10-100 items, so a normal
# poll reads every new entry while a 10,000-entry feed no longer holds a run for hours.
MAX_FEED_ENTRIES = 200


@dataclass(frozen=True)
class FetchSettings:
    connect_timeout: float = CONNECT_TIMEOUT_S
    read_timeout: float = READ_TIMEOUT_S
    total_timeout: float = TOTAL_TIMEOUT_S
    max_bytes: int = DEFAULT_MAX_BYTES
    max_redirects: int = MAX_REDIRECTS
    user_agent: str = USER_AGENT
    host_delay: float = HOST_DELAY_S  # seconds between two requests to the same host
    obey_robots: bool = True
    # New feed entries read in one poll; the rest wait for the next poll (feeds.py).
    max_feed_entries: int = MAX_FEED_ENTRIES


@dataclass(frozen=True)
class FetchResult:
    url: str  # as requested
    final_url: str  # after redirects
    status: int
    content_type: str  # media type, lower-cased, without parameters ("" when not given)
    body: bytes
    etag: str | None = None
    last_modified: str | None = None
    not_modified: bool = False  # a 304 answer to a conditional request: body is empty
    charset: str | None = None
    fetched: datetime | None = None  # when the response arrived (UTC)

    def text(self) -> str:
        """The body as text: the charset the server named, else detected."""
        if self.charset:
            try:
                return self.body.decode(self.charset)
            except (LookupError, UnicodeDecodeError):
                pass  # a wrong or unknown charset label: detect instead
        try:
            return decode(self.body, self.url)
        except InputError as exc:
            raise FetchError(exc.message, input=self.url) from exc


class _Deadline:
    """A request's total time limit, counting only the time spent on the server's answers.

    Our own waits (the politeness delay before each hop, and reading a host's robots.txt,
    which has a deadline of its own) are paused out of it: a short total timeout with a
    longer host delay must not make a healthy second request to a host time out.
    """

    def __init__(self, seconds: float) -> None:
        self._end = time.monotonic() + seconds

    def remaining(self) -> float:
        return self._end - time.monotonic()

    @contextmanager
    def paused(self) -> Iterator[None]:
        started = time.monotonic()
        try:
            yield
        finally:
            self._end += time.monotonic() - started


class _TooManyRedirects(FetchError):
    def __init__(self, message: str, *, input: str, status: int) -> None:
        super().__init__(message, input=input)
        self.status = status


class Fetcher:
    """An HTTP client with storyfold's rules. Use it as a context manager, or call close().

    ``allow_private`` lets it reach private, loopback and link-local addresses (for local
    use and tests). ``resolver`` replaces the system's name lookup in the address check.
    """

    def __init__(
        self,
        settings: FetchSettings | None = None,
        *,
        allow_private: bool = False,
        resolver: Resolver | None = None,
    ) -> None:
        self.settings = settings or FetchSettings()
        self.allow_private = allow_private
        self._resolver = resolver or system_resolver
        # trust_env=False: a proxy from the environment would resolve and connect on our
        # behalf, and the address check would then be checking the wrong host.
        self._client = httpx.Client(
            follow_redirects=False,
            trust_env=False,
            headers={"User-Agent": self.settings.user_agent},
        )
        self._robots = RobotsCache(self._fetch_robots)
        self._last_request: dict[str, float] = {}  # host -> time.monotonic() of the last one

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()

    def get(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        accept: Collection[str] = HTML_TYPES,
        max_bytes: int | None = None,
    ) -> FetchResult:
        """Fetch ``url``; raise FetchError naming it when it is refused or fails.

        ``accept`` lists the media types wanted; any other is refused (a missing
        Content-Type is let through for the caller to sniff). ``max_bytes`` lowers the
        settings' size cap for this call. With ``etag`` or ``last_modified`` the request is
        conditional, and a 304 answer gives ``not_modified=True`` and no body.
        """
        cap = min(max_bytes or self.settings.max_bytes, self.settings.max_bytes)
        headers = {"Accept": ", ".join(sorted(accept)) + ", */*;q=0.1"}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        deadline = _Deadline(self.settings.total_timeout)
        with self._follow(url, headers, deadline, robots=self.settings.obey_robots) as (
            response,
            final_url,
        ):
            where = "" if final_url == url else f" (redirected to {final_url})"
            result = FetchResult(
                url=url,
                final_url=final_url,
                status=response.status_code,
                content_type=_media_type(response),
                body=b"",
                etag=response.headers.get("ETag"),
                last_modified=response.headers.get("Last-Modified"),
                charset=response.charset_encoding,
                fetched=datetime.now(UTC),
            )
            if response.status_code == 304 and (etag or last_modified):
                return dataclasses.replace(result, not_modified=True)
            if not 200 <= response.status_code < 300:
                raise FetchError(
                    f"HTTP {response.status_code} {response.reason_phrase}{where}", input=url
                )
            if result.content_type and result.content_type not in accept:
                raise FetchError(
                    f"wrong content type {result.content_type!r}{where}; "
                    f"expected {' or '.join(sorted(accept))}",
                    input=url,
                )
            body = self._read_body(response, url, cap, deadline, truncate=False)
            return dataclasses.replace(result, body=body)

    # --- one request, hop by hop -----------------------------------------------------

    @contextmanager
    def _follow(
        self, url: str, headers: dict[str, str], deadline: _Deadline, *, robots: bool
    ) -> Iterator[tuple[httpx.Response, str]]:
        """The response of the last hop (not a redirect), open for streaming."""
        current = url
        visited = {url}
        limit = self.settings.max_redirects
        for hop in range(limit + 1):
            response = self._send(current, url, headers, deadline, robots=robots)
            try:
                location = response.headers.get("Location")
                if response.status_code not in _REDIRECTS or not location:
                    yield response, current
                    return
                target = urljoin(current, location.strip())
                if target in visited:
                    raise FetchError(f"redirect loop: {current} redirects to {target}", input=url)
                if hop == limit:
                    raise _TooManyRedirects(
                        f"too many redirects (more than {limit}); last to {target}",
                        input=url,
                        status=response.status_code,
                    )
                visited.add(target)
                current = target
            finally:
                response.close()
        raise AssertionError("unreachable: the loop returns or raises")  # pragma: no cover

    def _send(
        self,
        url: str,
        original: str,
        headers: dict[str, str],
        deadline: _Deadline,
        *,
        robots: bool,
    ) -> httpx.Response:
        try:
            _, host, _ = split_url(url)
            check_address(url, allow_private=self.allow_private, resolver=self._resolver)
            if robots:
                with deadline.paused():
                    self._robots.check(url, self.settings.user_agent)
        except FetchError as exc:
            if exc.input == original:
                raise
            # A refused redirect target: name the URL the caller asked for, and the hop.
            raise FetchError(f"redirected to {url}: {exc.message}", input=original) from exc
        with deadline.paused():
            self._wait_turn(host)
        request = self._client.build_request(
            "GET", url, headers=headers, timeout=self._timeout(deadline, original)
        )
        try:
            return self._client.send(request, stream=True)
        except httpx.TimeoutException as exc:
            raise FetchError(_timeout_message(exc, self.settings), input=original) from exc
        except httpx.HTTPError as exc:
            raise FetchError(f"cannot fetch {url}: {exc}", input=original) from exc

    def _timeout(self, deadline: _Deadline, url: str) -> httpx.Timeout:
        remaining = deadline.remaining()
        if remaining <= 0:
            raise FetchError(_total_message(self.settings), input=url)
        read = min(self.settings.read_timeout, remaining)
        return httpx.Timeout(
            connect=min(self.settings.connect_timeout, remaining),
            read=read,
            write=read,
            pool=min(self.settings.connect_timeout, remaining),
        )

    def _wait_turn(self, host: str) -> None:
        last = self._last_request.get(host)
        if last is not None:
            wait = last + self.settings.host_delay - time.monotonic()
            if wait > 0:
                time.sleep(wait)
        self._last_request[host] = time.monotonic()

    def _read_body(
        self, response: httpx.Response, url: str, cap: int, deadline: _Deadline, *, truncate: bool
    ) -> bytes:
        declared = response.headers.get("Content-Length", "")
        if not truncate and declared.isdigit() and int(declared) > cap:
            raise FetchError(
                f"larger than {cap:,} bytes (Content-Length {int(declared):,})", input=url
            )
        chunks: list[bytes] = []
        size = 0
        try:
            # iter_bytes undoes gzip/deflate, so the cap also bounds a compressed bomb. No
            # chunk size: each piece as it arrives, so the deadline is checked at least once
            # per read timeout even when the server drips (it may overshoot by one).
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > cap:
                    if truncate:
                        chunks.append(chunk[: len(chunk) - (size - cap)])
                        break
                    raise FetchError(f"larger than {cap:,} bytes; stopped reading", input=url)
                chunks.append(chunk)
                if deadline.remaining() < 0:
                    raise FetchError(_total_message(self.settings), input=url)
        except httpx.TimeoutException as exc:
            raise FetchError(_timeout_message(exc, self.settings), input=url) from exc
        except httpx.HTTPError as exc:
            raise FetchError(f"the response broke off: {exc}", input=url) from exc
        return b"".join(chunks)

    def _fetch_robots(self, robots_url: str) -> tuple[int, bytes]:
        deadline = _Deadline(self.settings.total_timeout)
        try:
            with self._follow(robots_url, {"Accept": "text/plain"}, deadline, robots=False) as (
                response,
                _,
            ):
                if not 200 <= response.status_code < 300:
                    return response.status_code, b""
                body = self._read_body(
                    response, robots_url, ROBOTS_MAX_BYTES, deadline, truncate=True
                )
                return response.status_code, body
        except _TooManyRedirects as exc:
            return exc.status, b""


def _media_type(response: httpx.Response) -> str:
    value: str = response.headers.get("Content-Type", "")
    return value.split(";", 1)[0].strip().lower()


def _total_message(settings: FetchSettings) -> str:
    return f"timed out: no complete response within {settings.total_timeout:g} s in all"


def _timeout_message(exc: httpx.TimeoutException, settings: FetchSettings) -> str:
    if isinstance(exc, httpx.ConnectTimeout):
        return f"timed out connecting (after {settings.connect_timeout:g} s)"
    return f"timed out waiting for the server (no data for {settings.read_timeout:g} s)"


def article_from_result(result: FetchResult) -> Article:
    """The article on a fetched HTML page (not yet cleaned).

    ``source`` is the URL as given (what a feed links to, what a store looks up); ``url`` is
    where the page says it lives (its canonical link, else the URL after redirects).
    """
    article = parse_html(result.text(), Path(urlsplit(result.final_url).path), result.final_url)
    return dataclasses.replace(article, source=result.url, fetched=result.fetched)


def article_from_url(url: str, fetcher: Fetcher, settings: Settings | None = None) -> Article:
    """Fetch one HTML page and extract its article (not yet cleaned).

    The page must also fit ``settings.max_bytes``, the size limit files have.
    """
    settings = settings or Settings()
    result = fetcher.get(url, accept=HTML_TYPES, max_bytes=settings.max_bytes)
    return article_from_result(result)
