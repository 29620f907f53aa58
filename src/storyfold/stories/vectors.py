"""Article features for clustering: hashed terms with online TF-IDF, and cheap entities.

Terms (the English stems of content words) are hashed into `DIMENSIONS` buckets (a stable
CRC32, so ids mean the same in every process and in the saved state); document frequencies
are counted as articles arrive, so the IDF of a term is what the stream has shown so far,
on top of the shipped background counts (`stories.background`), and nothing needs a
vocabulary fitted in advance.
"""

from __future__ import annotations

import functools
import json
import math
import re
import zlib
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from storyfold.errors import InputError
from storyfold.model import Article
from storyfold.text import content_words

DIMENSIONS = 1 << 20  # hashed term buckets: collisions are rare among a story's few hundred
FloatArray = NDArray[np.float64]
IdArray = NDArray[np.int64]

# Capitalised runs of two or more words ("Ruth Calder", "Elmsford County Council") are a
# cheap stand-in for named entities; a text counts as capitalised when at least this share
# of its words after the first of a sentence start with a capital (news prose sits near
# 0.08-0.15; lower-cased corpora such as Multi-News near 0.0-0.02).
CAPITALISED_SHARE = 0.04
_ENTITY_RE = re.compile(r"\b[A-Z][\w'-]*[a-z][\w'-]*(?:\s+(?:of\s+|the\s+)?[A-Z][\w'-]*)+")
_WORD_RE = re.compile(r"[^\W\d_][\w'-]*")
_SENTENCE_START_RE = re.compile(r"(?:^|[.!?]\s+|\n)\s*[\"'“‘(]*([^\W\d_][\w'-]*)")
# The embedding mean that centres cosines is the sum over (documents + this): a young stream
# is barely centred. Hand-set: with it, the five reports of examples/harbor-bridge form one
# story in a new store (without it the second report's centred embedding cosine with the
# first was -1, and it started a story of its own: 2 + 3); B-cubed F1 on the first 1,000
# train clusters was 0.888 at 0, 5, 20 and 50 alike (benchmarks/clustering.py --tune).
MEAN_PRIOR_DOCUMENTS = 20
_ENTITY_STOP = frozenset({"The", "A", "An", "In", "On", "At", "But", "And", "He", "She", "It"})


@functools.lru_cache(maxsize=1 << 18)
def term_id(term: str) -> int:
    """The bucket of a word as stores started before stemming hash it."""
    return zlib.crc32(term.encode("utf-8")) & (DIMENSIONS - 1)


@functools.lru_cache(maxsize=1 << 18)
def stem_id(term: str) -> int:
    """The bucket of a word's English (Porter2) stem. Reports of one story inflect the same
    words differently ("talks" and "talk", "attacked" and "attack"); on the join model's
    tuning streams, stems raised mean B-cubed F1 from 0.9123 to 0.9142 (background and join
    model redone with stems; the threshold rule alone 0.9062 -> 0.9068)."""
    return term_id(_stemmer().stemWord(term))


@functools.cache
def _stemmer() -> Any:
    # PyStemmer's C stemmer when installed (1 us a word against 28 us in pure Python; the
    # same stems for all 33,611 content words of 1,500 Multi-News val clusters).
    import snowballstemmer

    return snowballstemmer.stemmer("english")


def article_text(article: Article) -> str:
    """What the clusterer reads of an article: its title, then its cleaned text."""
    body = article.text or article.raw_text
    return f"{article.title}\n{body}" if article.title else body


@dataclass(frozen=True, slots=True)
class TermCounts:
    """One text's hashed terms (sorted, unique) with their sublinear term frequencies."""

    ids: IdArray
    tf: FloatArray


def term_counts(text: str, *, stemmed: bool = True) -> TermCounts:
    """The text's content words hashed by stem (`stem_id`), or, for a store started before
    stemming, by the word itself (`term_id`)."""
    bucket = stem_id if stemmed else term_id
    counts = Counter(bucket(word) for word in content_words(text))
    if not counts:
        return TermCounts(np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float64))
    ids = np.fromiter(sorted(counts), dtype=np.int64, count=len(counts))
    raw = np.array([counts[int(i)] for i in ids], dtype=np.float64)
    return TermCounts(ids, 1.0 + np.log(raw))


@dataclass
class TermStatistics:
    """Running document frequencies of hashed terms: the clusterer's global state."""

    documents: int = 0
    frequencies: NDArray[np.int32] = field(
        default_factory=lambda: np.zeros(DIMENSIONS, dtype=np.int32)
    )

    embedding_sum: FloatArray | None = None  # of every document's unit embedding
    # How terms are hashed (`term_counts`): by stem, except in a store started before
    # stemming, which keeps hashing words so its saved profiles still mean what they say.
    stemmed: bool = True
    # Counts from outside the stream that the IDF adds to its own (`stories.background`);
    # never saved with the stream's statistics.
    background: TermStatistics | None = None

    def observe(self, ids: IdArray, embedding: NDArray[np.float32] | None = None) -> None:
        self.documents += 1
        self.frequencies[ids] += 1
        if embedding is not None:
            if self.embedding_sum is None:
                self.embedding_sum = np.zeros(embedding.size, dtype=np.float64)
            self.embedding_sum += embedding

    def mean_embedding(self) -> FloatArray | None:
        if self.embedding_sum is None or self.documents == 0:
            return None
        # Shrunk towards zero (no centring) while the stream is young: the mean of a few
        # documents is mostly those documents, and centring on it pushes them apart (two
        # documents centred on their own mean always have cosine -1).
        mean: FloatArray = self.embedding_sum / (self.documents + MEAN_PRIOR_DOCUMENTS)
        return mean

    def idf(self, ids: IdArray) -> FloatArray:
        # scikit-learn's smoothed IDF over the documents seen so far. Dropping its "+ 1"
        # scored a little higher on Multi-News (B-cubed F1 0.892 against 0.888, first
        # 1,000 train clusters) but gives every shared word a weight of 0 while the stream
        # is young, so a new store's first reports of one story would never meet. With the
        # background that danger is gone, but dropping it still scored no higher (0.9111
        # against 0.9123 on the join model's tuning streams, the model retrained each way).
        df = self.frequencies[ids].astype(np.float64)
        documents = self.documents
        if self.background is not None:
            df += self.background.frequencies[ids]
            documents += self.background.documents
        idf: FloatArray = np.log((1.0 + documents) / (1.0 + df)) + 1.0
        return idf

    def to_bytes(self) -> bytes:
        ids = np.flatnonzero(self.frequencies).astype("<i4")
        embedding = (np.zeros(0) if self.embedding_sum is None else self.embedding_sum).astype(
            "<f8"
        )
        header: dict[str, object] = {
            "version": 1,
            "documents": self.documents,
            "dimensions": DIMENSIONS,
            "n": int(ids.size),
            "embedding_dim": int(embedding.size),
            "stemmed": self.stemmed,
        }
        counts = self.frequencies[ids].astype("<i4")
        return _pack(header, ids.tobytes(), counts.tobytes(), embedding.tobytes())

    @classmethod
    def from_bytes(cls, data: bytes) -> TermStatistics:
        header, offset = _read_header(data, "term statistics")
        if header.get("dimensions") != DIMENSIONS:
            raise InputError(
                f"saved with {header.get('dimensions')} term buckets, not {DIMENSIONS}",
                input="term statistics",
            )
        try:
            n = int(str(header["n"]))
            dim = int(str(header["embedding_dim"]))
            ids = np.frombuffer(data, dtype="<i4", count=n, offset=offset)
            counts = np.frombuffer(data, dtype="<i4", count=n, offset=offset + 4 * n)
            embedding = np.frombuffer(data, dtype="<f8", count=dim, offset=offset + 8 * n)
            documents = int(str(header["documents"]))
            stemmed = header.get("stemmed", False)  # absent: saved before stemming
            if not isinstance(stemmed, bool):
                raise ValueError(f"stemmed is {stemmed!r}")
        except (KeyError, ValueError) as exc:
            raise InputError(f"damaged term statistics: {exc}", input="term statistics") from exc
        frequencies = np.zeros(DIMENSIONS, dtype=np.int32)
        frequencies[ids] = counts
        return cls(
            documents=documents,
            frequencies=frequencies,
            embedding_sum=embedding.astype(np.float64) if dim else None,
            stemmed=stemmed,
        )


def tfidf(counts: TermCounts, stats: TermStatistics) -> FloatArray:
    """Unit-length TF-IDF weights for `counts.ids` under the statistics seen so far."""
    weights = counts.tf * stats.idf(counts.ids)
    norm = math.sqrt(float(weights @ weights))
    unit: FloatArray = weights / norm if norm > 0 else weights
    return unit


def entities(text: str) -> tuple[str, ...]:
    """Capitalised multi-word names in the text, lower-cased; none when the text is not
    written with capitals (then capitals say nothing about names)."""
    if not is_capitalised(text):
        return ()
    found = []
    for match in _ENTITY_RE.finditer(text):
        words = match.group(0).split()
        while words and words[0] in _ENTITY_STOP:
            words = words[1:]
        if len(words) >= 2:
            found.append(" ".join(words).lower())
    return tuple(dict.fromkeys(found))


def is_capitalised(text: str) -> bool:
    words = _WORD_RE.findall(text)
    if len(words) < 20:
        return False
    starts = len(_SENTENCE_START_RE.findall(text))
    capitals = sum(1 for word in words if word[0].isupper())
    return (capitals - starts) / len(words) >= CAPITALISED_SHARE


def _pack(header: dict[str, object], *arrays: bytes) -> bytes:
    """A saved form `_read_header` can open: the header's length, the header as JSON, and
    the arrays' bytes after it."""
    encoded = json.dumps(header, sort_keys=True).encode("utf-8")
    return b"".join((len(encoded).to_bytes(4, "little"), encoded, *arrays))


def _read_header(data: bytes, what: str) -> tuple[dict[str, object], int]:
    try:
        size = int.from_bytes(data[:4], "little")
        header = json.loads(data[4 : 4 + size].decode("utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise InputError(f"not a saved {what}: {exc}", input=what) from exc
    if not isinstance(header, dict) or header.get("version") != 1:
        raise InputError(f"not a saved {what} (unknown version)", input=what)
    return header, 4 + size
