"""What the app holds while it runs: one store connection a worker thread, and a lock that
lets one brief be made at a time (briefs are CPU-bound; two at once only share the CPU and
the models' memory)."""

from __future__ import annotations

import base64
import binascii
import gzip
import json
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from storyfold import __version__
from storyfold.errors import InputError
from storyfold.store.repository import Store, StoryKey, StoryRow
from storyfold.store.views import story_renderings
from storyfold.web.config import WebConfig

# Rendered story pages and JSON kept in memory, by ETag (so a new story version is a new
# key and a stale body can never be served). Chosen, not tuned: a few hundred bodies of
# ~100 KB (and their gzip) is tens of MB at most.
BODY_CACHE_SIZE = 256
# Responses smaller than this are sent as they are: gzip would cost more than it saves.
GZIP_MIN_BYTES = 1024
# Cached bodies are compressed once, so the best ratio costs nothing per request.
GZIP_LEVEL = 9


@dataclass(frozen=True)
class Body:
    """A response body, plain and gzipped."""

    plain: bytes
    gzipped: bytes

    @staticmethod
    def of(text: str) -> Body:
        plain = text.encode("utf-8")
        return Body(plain, gzip.compress(plain, GZIP_LEVEL, mtime=0))


class BodyCache:
    def __init__(self, size: int = BODY_CACHE_SIZE) -> None:
        self._items: OrderedDict[str, Body] = OrderedDict()
        self._size = size
        self._lock = threading.Lock()

    def get(self, key: str) -> Body | None:
        with self._lock:
            body = self._items.get(key)
            if body is not None:
                self._items.move_to_end(key)
            return body

    def put(self, key: str, body: Body) -> None:
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
        with self.brief_lock:
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
    media_type: str,
    if_none_match: str | None,
    make: Callable[[AppState, str], tuple[str, str]],
) -> Response:
    """A story's rendering of ``kind``: 304 when the client holds this version, else the
    body kept in memory under its ETag, else made once in a worker thread by ``make``,
    which answers the ETag it was made under and the text."""
    state = app_state(request)
    story = state.store().story_head(story_id)
    if story is None:
        raise InputError("no story with this id in the store", input=story_id)
    tag = etag(story, kind)
    if matches(if_none_match, tag):
        return Response(status_code=304, headers={"ETag": tag})
    body = state.bodies.get(tag)
    if body is None:
        tag, text = await run_in_threadpool(make, state, story_id)
        body = Body.of(text)
        state.bodies.put(tag, body)
    return send(request, body, media_type, tag)


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


def send(request: Request, body: Body, media_type: str, tag: str | None) -> Response:
    """A cached body (with its ETag), gzipped when the client takes it and it is worth it."""
    headers = {"Vary": "Accept-Encoding"}
    if tag is not None:
        headers["ETag"] = tag
    accepts = "gzip" in request.headers.get("accept-encoding", "").lower()
    if accepts and len(body.plain) >= GZIP_MIN_BYTES:
        headers["Content-Encoding"] = "gzip"
        return Response(body.gzipped, media_type=media_type, headers=headers)
    return Response(body.plain, media_type=media_type, headers=headers)
