"""What the app holds while it runs: one store connection a worker thread, a lock that lets
one brief be made at a time (briefs are CPU-bound; two at once only share the CPU and the
models' memory), and the pages and JSON already made, kept in memory ready to send."""

from __future__ import annotations

import base64
import binascii
import gc
import gzip
import json
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from storyfold import __version__
from storyfold.errors import InputError
from storyfold.store.repository import Store, StoryKey, StoryRow
from storyfold.store.views import story_renderings
from storyfold.web.config import WebConfig

# Rendered pages and JSON kept in memory by what they were made from (a story's id and
# version, or a list's query string and the store's data version), so a new version is a
# new key and a stale body can never be served. Chosen, not tuned: a few hundred bodies of
# ~100 KB (and their gzip) is tens of MB at most.
BODY_CACHE_SIZE = 256
# Responses smaller than this are sent as they are: gzip would cost more than it saves.
GZIP_MIN_BYTES = 1024
# Cached bodies are compressed once, so the best ratio costs nothing per request.
GZIP_LEVEL = 9

HTML = "text/html; charset=utf-8"
JSON = "application/json"
MEDIA_TYPES = {"html": HTML, "json": JSON}

# (kind, story id or list query string, story version or store data version)
CacheKey = tuple[str, str, int]


@dataclass(frozen=True)
class Body:
    """A response body, plain and gzipped."""

    plain: bytes
    gzipped: bytes

    @staticmethod
    def of(text: str) -> Body:
        plain = text.encode("utf-8")
        return Body(plain, gzip.compress(plain, GZIP_LEVEL, mtime=0))


@dataclass(frozen=True)
class Reply:
    """A finished answer, so that the app's handlers and the cache in front of them
    (web.front) send the very same status, headers and bytes."""

    status: int
    headers: dict[str, str]
    body: bytes

    def response(self) -> Response:
        return Response(self.body, self.status, headers=self.headers)


class BodyCache:
    def __init__(self, size: int = BODY_CACHE_SIZE) -> None:
        self._items: OrderedDict[CacheKey, Body] = OrderedDict()
        self._size = size
        self._lock = threading.Lock()

    def get(self, key: CacheKey) -> Body | None:
        with self._lock:
            body = self._items.get(key)
            if body is not None:
                self._items.move_to_end(key)
            return body

    def put(self, key: CacheKey, body: Body) -> None:
        with self._lock:
            self._items[key] = body
            self._items.move_to_end(key)
            while len(self._items) > self._size:
                self._items.popitem(last=False)


class AppState:
    def __init__(self, config: WebConfig) -> None:
        self.config = config
        self.bodies = BodyCache()
        self.brief_lock = threading.Lock()
        self._settled = False
        self._local = threading.local()
        self._opened: list[Store] = []
        self._opened_lock = threading.Lock()

    def store(self) -> Store:
        """This thread's connection to the store (sqlite3 connections are not shared
        between threads here; each worker thread opens its own, once)."""
        store: Store | None = getattr(self._local, "store", None)
        if store is None:
            store = Store(self.config.db)
            self._local.store = store
            with self._opened_lock:
                self._opened.append(store)
        return store

    def close(self) -> None:
        with self._opened_lock:
            for store in self._opened:
                store.close()
            self._opened.clear()

    @contextmanager
    def briefing(self) -> Iterator[None]:
        """Holds the brief lock while a brief is made. After the first one (which loads
        the models, lazily, so the server starts at once) what is alive is kept out of the
        garbage collector's reach for good, as at start-up (web.app): otherwise a full
        collection walks the models' objects and stalls every request in flight (one such
        47 ms pause was seen in 6,000 requests of benchmarks/web_load.py; none in 45,000
        with this). Done once only: objects frozen that later become cyclic garbage are
        never freed, so not after every brief."""
        with self.brief_lock:
            yield
            if not self._settled:
                self._settled = True
                gc.collect()
                gc.freeze()

    def renderings(self, story_id: str, fmts: Sequence[str]) -> tuple[StoryRow, dict[str, str]]:
        """A stored story's brief in ``fmts``, from the cache when it holds them (no NLP
        work), else made once under the lock and cached in every format the app serves."""
        from storyfold.store.views import HTML_SECTIONS

        store = self.store()
        story = store.story(story_id)
        if story is None:
            raise InputError("no story with this id in the store", input=story_id)
        cached = {fmt: store.cached_brief(story_id, fmt) for fmt in fmts}
        if all(text is not None for text in cached.values()):
            return story, {fmt: text for fmt, text in cached.items() if text is not None}
        with self.briefing():
            story, texts, _ = story_renderings(
                store, story_id, fmts, self.config.settings, also=("json", HTML_SECTIONS)
            )
        return story, texts


def app_state(request: Request) -> AppState:
    state: AppState = request.app.state.storyfold
    return state


async def send_story(
    request: Request,
    story_id: str,
    kind: str,
    if_none_match: str | None,
    make: Callable[[AppState, str], tuple[StoryRow, str]],
) -> Response:
    """A story's rendering of ``kind``: 304 when the client holds this version, else the
    body kept in memory for this version, else made once in a worker thread by ``make``,
    which answers the story (so its version) it was made from and the text."""
    state = app_state(request)
    story = state.store().story_head(story_id)
    if story is None:
        raise InputError("no story with this id in the store", input=story_id)
    accept_encoding = request.headers.get("accept-encoding", "")
    reply = story_reply(state, kind, story, if_none_match, accept_encoding)
    if reply is None:
        made, body = await run_in_threadpool(_made, make, state, story_id)
        state.bodies.put((kind, made.id, made.version), body)
        reply = reply_of(body, MEDIA_TYPES[kind], etag(made, kind), accept_encoding)
    return reply.response()


def _made(
    make: Callable[[AppState, str], tuple[StoryRow, str]], state: AppState, story_id: str
) -> tuple[StoryRow, Body]:
    # Compressed here in the worker thread, not on the event loop that serves the rest.
    story, text = make(state, story_id)
    return story, Body.of(text)


def story_reply(
    state: AppState,
    kind: str,
    story: StoryRow,
    if_none_match: str | None,
    accept_encoding: str,
) -> Reply | None:
    """304 when the client holds this version, else the body kept for this version, else
    None (not made yet)."""
    tag = etag(story, kind)
    if matches(if_none_match, tag):
        return Reply(304, {"etag": tag}, b"")
    body = state.bodies.get((kind, story.id, story.version))
    if body is None:
        return None
    return reply_of(body, MEDIA_TYPES[kind], tag, accept_encoding)


def list_key(state: AppState, query: str) -> CacheKey:
    """A list page changes only when the store does: PRAGMA data_version moves on every
    commit by another connection (ingest, a brief recorded by a worker thread). The list
    is always read through the event loop thread's connection, which never writes."""
    return ("list", query, state.store().data_version())


def list_reply(state: AppState, key: CacheKey, accept_encoding: str) -> Reply | None:
    """The list page kept under ``key`` (see list_key), or None (not made yet)."""
    body = state.bodies.get(key)
    return None if body is None else reply_of(body, HTML, None, accept_encoding)


def etag(story: StoryRow, kind: str) -> str:
    """Strong: the same story version, kind and storyfold version give the same bytes."""
    return f'"{story.id[:16]}-v{story.version}-{kind}-{__version__}"'


def matches(if_none_match: str | None, tag: str) -> bool:
    if not if_none_match:
        return False
    return if_none_match.strip() == "*" or tag in [t.strip() for t in if_none_match.split(",")]


def encode_cursor(key: StoryKey) -> str:
    raw = json.dumps([key.last_seen, key.id], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> StoryKey:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        last_seen, story_id = json.loads(raw)
        if not isinstance(last_seen, str) or not isinstance(story_id, str):
            raise ValueError("not two strings")
    except (ValueError, binascii.Error, TypeError) as exc:
        raise InputError("not a cursor this server gave", input="cursor") from exc
    return StoryKey(last_seen, story_id)


def reply_of(body: Body, media_type: str, tag: str | None, accept_encoding: str) -> Reply:
    """A cached body (with its ETag), gzipped when the client takes it and it is worth it."""
    headers = {"content-type": media_type, "vary": "Accept-Encoding"}
    if tag is not None:
        headers["etag"] = tag
    if "gzip" in accept_encoding.lower() and len(body.plain) >= GZIP_MIN_BYTES:
        headers["content-encoding"] = "gzip"
        return Reply(200, headers, body.gzipped)
    return Reply(200, headers, body.plain)
