"""Near-duplicates: the same wire story carried by many outlets, found with MinHash LSH.

Each text becomes a set of word shingles (runs of `SHINGLE_WORDS` words of its normalised,
lower-cased form); MinHash signatures estimate the Jaccard similarity of those sets, and an
LSH index finds the earlier texts likely to be above `THRESHOLD` without comparing against
every one. Candidates are then checked against the threshold with their signatures, so the
LSH's false positives do not merge anything.

Only the signatures are kept (`num_perm` 64-bit values per text), so the store can save them
as bytes and rebuild the index at start-up without re-reading the texts.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

import numpy as np

from storyfold.errors import InputError
from storyfold.text import normalize_for_matching

# Jaccard similarity of 5-word shingle sets above which two texts count as one. A syndicated
# copy with its own header, footer and a few edited words stays near 0.85-0.95 on articles
# of a few hundred words (see tests/unit/test_dedup.py); two different reports of one event
# rarely share more than a third of their shingles. 0.8 keeps a margin on both sides; on
# the Multi-News validation stream it merges no documents of different clusters (measured
# by benchmarks/clustering.py --dedup).
THRESHOLD = 0.8
NUM_PERM = 128
SHINGLE_WORDS = 5
# MinHash seed: fixed, so that signatures saved by one run compare with those of the next.
SEED = 1
# datasketch's 64-bit permutation scheme, named so that saved signatures (64-bit values)
# are read back under the scheme that made them.
SCHEME = "affine64"

_WORD_RE = re.compile(r"\w+")


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[bytes]:
    """The set of `size`-word runs of the text's normalised, lower-cased words."""
    words = _WORD_RE.findall(normalize_for_matching(text).lower())
    if len(words) <= size:
        return {" ".join(words).encode("utf-8")} if words else set()
    return {" ".join(words[i : i + size]).encode("utf-8") for i in range(len(words) - size + 1)}


class NearDuplicates:
    """An index of texts by key that answers: which earlier text is this one a copy of?"""

    def __init__(self, threshold: float = THRESHOLD, num_perm: int = NUM_PERM) -> None:
        from datasketch import MinHashLSH

        if not 0.0 < threshold <= 1.0:
            raise InputError(f"threshold must be in (0, 1], not {threshold}", input="dedup")
        self.threshold = threshold
        self.num_perm = num_perm
        self._lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
        self._signatures: dict[str, np.ndarray] = {}
        self._order: dict[str, int] = {}  # insertion order, to prefer the earliest copy

    def __len__(self) -> int:
        return len(self._signatures)

    def __contains__(self, key: object) -> bool:
        return key in self._signatures

    def signature_of(self, text: str) -> bytes:
        """The MinHash signature of a text, as bytes (`num_perm` unsigned 64-bit values)."""
        values: bytes = self._minhash(text).hashvalues.astype("<u8").tobytes()
        return values

    def find(self, text: str) -> str | None:
        """The key of the earliest indexed text that `text` nearly duplicates, else None."""
        if not _WORD_RE.search(text):
            return None
        return self._find(self._minhash(text))

    def add(self, key: str, text: str) -> str | None:
        """Index `text` under `key`, unless it nearly duplicates an indexed text: then return
        that text's key and index nothing (the copy is kept as an outlet of the original).

        A key that is already indexed returns itself; a text without words is not indexed
        (it would match every other empty text) and returns None.
        """
        if key in self._signatures:
            return key
        if not _WORD_RE.search(text):
            return None
        minhash = self._minhash(text)
        earlier = self._find(minhash)
        if earlier is None:
            self._insert(key, minhash)
        return earlier

    def signature(self, key: str) -> bytes:
        """The saved form of an indexed key's signature, for `restore`."""
        try:
            values = self._signatures[key]
        except KeyError:
            raise InputError("not in the near-duplicate index", input=key) from None
        return values.astype("<u8").tobytes()

    def items(self) -> Iterator[tuple[str, bytes]]:
        """Every indexed key with its signature, in insertion order."""
        for key in self._signatures:
            yield key, self.signature(key)

    @classmethod
    def restore(
        cls,
        items: Iterable[tuple[str, bytes]],
        threshold: float = THRESHOLD,
        num_perm: int = NUM_PERM,
    ) -> NearDuplicates:
        """An index rebuilt from saved `(key, signature)` pairs, in their given order."""
        from datasketch import LeanMinHash

        index = cls(threshold=threshold, num_perm=num_perm)
        for key, data in items:
            values = np.frombuffer(data, dtype="<u8")
            if values.shape != (num_perm,):
                raise InputError(
                    f"saved signature has {values.size} values, expected {num_perm}", input=key
                )
            if key not in index._signatures:
                index._insert(
                    key, LeanMinHash(seed=SEED, hashvalues=values.astype(np.uint64), scheme=SCHEME)
                )
        return index

    def _minhash(self, text: str) -> Any:
        from datasketch import MinHash

        minhash = MinHash(num_perm=self.num_perm, seed=SEED, scheme=SCHEME)
        minhash.update_batch(sorted(shingles(text)))
        return minhash

    def _find(self, minhash: Any) -> str | None:
        best: tuple[float, int, str] | None = None
        for key in self._lsh.query(minhash):
            similarity = _jaccard(minhash.hashvalues, self._signatures[key])
            if similarity >= self.threshold:
                candidate = (-similarity, self._order[key], key)
                if best is None or candidate < best:
                    best = candidate
        return None if best is None else best[2]

    def _insert(self, key: str, minhash: Any) -> None:
        self._lsh.insert(key, minhash)
        self._signatures[key] = np.asarray(minhash.hashvalues, dtype=np.uint64)
        self._order[key] = len(self._order)


def _jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """MinHash estimate of the Jaccard similarity: the share of equal hash values."""
    return float(np.count_nonzero(a == b)) / a.size
