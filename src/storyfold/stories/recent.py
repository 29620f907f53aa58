"""The clusterer's memory of recent articles, so a later article can repair an earlier choice.

A story profile keeps only sums, which say how well an article fits the story but not
which of its members fit best; moving an article from one story to another needs that
article's own vectors. The window keeps them for the last `capacity` articles: each
article's unit embedding, its TF-IDF weights as computed when it arrived, its names and
time, and the story it sits in now. Embeddings sit in one matrix (a ring of `capacity`
rows), so finding the recent articles nearest a new one is one matrix-vector product.

Each entry round-trips through bytes (`RecentArticle.to_bytes`), so the store can keep the
window beside the story profiles and a new process carries on exactly.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from storyfold.errors import InputError
from storyfold.stories.vectors import FloatArray, IdArray, _pack, _read_header


@dataclass(slots=True)
class RecentArticle:
    article_id: str
    story_id: str  # where it sits now: moves and merges update it
    embedding: NDArray[np.float32]  # unit document embedding
    term_ids: IdArray  # sorted hashed term ids
    weights: FloatArray  # unit TF-IDF weights under the statistics at arrival
    entities: tuple[str, ...]
    time: float | None  # POSIX seconds of publication, when known

    def to_bytes(self) -> bytes:
        """Everything but the story, which the store keeps as membership."""
        header: dict[str, object] = {
            "version": 1,
            "article_id": self.article_id,
            "dim": int(self.embedding.size),
            "terms": int(self.term_ids.size),
            "entities": list(self.entities),
            "time": self.time,
        }
        return _pack(
            header,
            self.embedding.astype("<f4").tobytes(),
            self.term_ids.astype("<i8").tobytes(),
            self.weights.astype("<f8").tobytes(),
        )

    @classmethod
    def from_bytes(cls, data: bytes, story_id: str) -> RecentArticle:
        header, offset = _read_header(data, "recent article")
        try:
            dim = int(str(header["dim"]))
            terms = int(str(header["terms"]))
            embedding = np.frombuffer(data, "<f4", dim, offset).astype(np.float32)
            offset += 4 * dim
            term_ids = np.frombuffer(data, "<i8", terms, offset).astype(np.int64)
            offset += 8 * terms
            weights = np.frombuffer(data, "<f8", terms, offset).astype(np.float64)
            names = header["entities"]
            time = header["time"]
            assert isinstance(names, list)
            assert time is None or isinstance(time, int | float)
            return cls(
                article_id=str(header["article_id"]),
                story_id=story_id,
                embedding=embedding,
                term_ids=term_ids,
                weights=weights,
                entities=tuple(str(n) for n in names),
                time=None if time is None else float(time),
            )
        except (KeyError, ValueError, AssertionError) as exc:
            raise InputError(f"damaged recent article: {exc}", input="recent article") from exc


class RecentWindow:
    """The last `capacity` articles, oldest dropped first."""

    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        self._entries: dict[str, RecentArticle] = {}  # in arrival order
        self._slot: dict[str, int] = {}
        self._ids: list[str | None] = []
        self._vectors = np.zeros((0, 0), dtype=np.float32)
        self._next = 0  # the slot the next article takes: rows are reused round the ring

    def __len__(self) -> int:
        return len(self._entries)

    def __iter__(self) -> Iterator[RecentArticle]:
        return iter(self._entries.values())

    def get(self, article_id: str) -> RecentArticle | None:
        return self._entries.get(article_id)

    def add(self, entry: RecentArticle) -> str | None:
        """Remember `entry`; the id of the article it pushed out, if any."""
        if self.capacity <= 0:
            return None
        if self._vectors.shape[1] != entry.embedding.size:
            if self._entries:
                raise InputError(
                    f"embedding has {entry.embedding.size} dimensions, the window has "
                    f"{self._vectors.shape[1]}",
                    input=entry.article_id,
                )
            self._vectors = np.zeros((0, entry.embedding.size), dtype=np.float32)
        earlier = self._slot.pop(entry.article_id, None)
        if earlier is not None:  # the same id again (the store drops repeats; others may not)
            self._ids[earlier] = None
            del self._entries[entry.article_id]
        slot = self._next
        self._next = (slot + 1) % self.capacity
        dropped = None
        if slot < len(self._ids):
            dropped = self._ids[slot]
            if dropped is not None:
                del self._entries[dropped]
                del self._slot[dropped]
        else:
            self._ids.append(None)
            if slot >= self._vectors.shape[0]:
                grown = max(16, min(2 * self._vectors.shape[0], self.capacity))
                vectors = np.zeros((grown, self._vectors.shape[1]), dtype=np.float32)
                vectors[: self._vectors.shape[0]] = self._vectors
                self._vectors = vectors
        self._ids[slot] = entry.article_id
        self._slot[entry.article_id] = slot
        self._entries[entry.article_id] = entry
        self._vectors[slot] = entry.embedding
        return dropped

    def nearest(self, entry: RecentArticle, count: int) -> list[RecentArticle]:
        """Up to `count` other recent articles with the highest embedding dot product with
        `entry`'s, best first (ties to the older slot)."""
        n = len(self._ids)
        if n <= 1 or count <= 0:
            return []
        dots = self._vectors[:n] @ entry.embedding
        own = self._slot.get(entry.article_id)
        if own is not None:
            dots[own] = -np.inf
        k = min(count, n - 1)
        top = np.argpartition(-dots, k - 1)[:k]
        top = top[np.lexsort((top, -dots[top]))]
        found = []
        for slot in top:
            article_id = self._ids[int(slot)]
            if article_id is not None and np.isfinite(dots[slot]):
                found.append(self._entries[article_id])
        return found

    def rename_story(self, old: str, new: str) -> None:
        """A merge: the articles of story `old` now sit in `new`."""
        for entry in self._entries.values():
            if entry.story_id == old:
                entry.story_id = new
