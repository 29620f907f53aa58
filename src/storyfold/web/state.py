"""What the app holds while it runs: one store connection a worker thread, and a lock that
lets one brief be made at a time (briefs are CPU-bound; two at once only share the CPU and
the models' memory)."""

from __future__ import annotations

import base64
import binascii
import json
import threading
from collections.abc import Sequence

from storyfold import __version__
from storyfold.errors import InputError
from storyfold.store.repository import Store, StoryKey, StoryRow
from storyfold.store.views import story_renderings
from storyfold.web.config import WebConfig


class AppState:
    def __init__(self, config: WebConfig) -> None:
        self.config = config
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
