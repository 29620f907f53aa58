"""Near-duplicate groups over a whole batch: MinHash bands, bounded buckets, verified pairs.

`NearDuplicates` answers one text at a time against those indexed before it (the stream's
way). A batch job sees every text at once, so it can group them instead: each signature is
cut into `BANDS` bands of `ROWS` values; texts sharing a band fall into one bucket; pairs
within a bucket are candidates, kept when their MinHash Jaccard estimate reaches the
threshold; the groups are the connected components of the kept pairs. The Spark job
(`storyfold.spark`) runs the same functions per bucket and per pair, so a single machine
and a cluster find the same groups.

A bucket can be huge when many pages share boilerplate (a cookie banner, an empty template):
past `MAX_BUCKET` members, each member is paired only with the next `NEIGHBOURS` in id
order, so the cost stays linear; true copies share many bands and still meet.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

import numpy as np

from storyfold.stories.dedup import NUM_PERM, THRESHOLD

# The bands and rows datasketch's MinHashLSH chooses for THRESHOLD 0.8 and NUM_PERM 128
# (its false-positive and false-negative weights 0.5/0.5): the stream's index and the
# batch's buckets then give the same candidates.
BANDS = 9
ROWS = 13
# Members a bucket may pair all-against-all (n^2 / 2 pairs); past it, neighbours only.
# Chosen so a bucket's pairs stay under 20,000 (a fraction of a second to verify).
MAX_BUCKET = 200
NEIGHBOURS = 8


def band_keys(signature: bytes) -> list[bytes]:
    """The bucket keys of a signature (`NUM_PERM` little-endian uint64 values): the band
    number followed by its rows' bytes."""
    step = 8 * ROWS
    return [bytes([band]) + signature[band * step : (band + 1) * step] for band in range(BANDS)]


def bucket_pairs(members: Iterable[str]) -> Iterator[tuple[str, str]]:
    """Candidate pairs (lower id first) among one bucket's members, bounded by
    `MAX_BUCKET`; the members are sorted here, so their order never matters."""
    ids = sorted(set(members))
    if len(ids) <= MAX_BUCKET:
        for i, first in enumerate(ids):
            for second in ids[i + 1 :]:
                yield first, second
        return
    for i, first in enumerate(ids):
        for second in ids[i + 1 : i + 1 + NEIGHBOURS]:
            yield first, second


def similarity(first: bytes, second: bytes) -> float:
    """The MinHash estimate of Jaccard similarity between two saved signatures."""
    a = np.frombuffer(first, dtype="<u8")
    b = np.frombuffer(second, dtype="<u8")
    return float(np.count_nonzero(a == b)) / a.size


def is_near_duplicate(first: bytes, second: bytes, threshold: float = THRESHOLD) -> bool:
    return similarity(first, second) >= threshold


class UnionFind:
    """Connected components over string keys; `root` of a component is its least key, so
    the answer does not depend on the order the links came in."""

    def __init__(self) -> None:
        self._parent: dict[str, str] = {}

    def add(self, key: str) -> None:
        self._parent.setdefault(key, key)

    def find(self, key: str) -> str:
        self.add(key)
        root = key
        while self._parent[root] != root:
            root = self._parent[root]
        while self._parent[key] != root:  # path compression
            self._parent[key], key = root, self._parent[key]
        return root

    def union(self, first: str, second: str) -> None:
        a, b = self.find(first), self.find(second)
        if a != b:
            low, high = (a, b) if a < b else (b, a)
            self._parent[high] = low

    def components(self) -> dict[str, str]:
        """Every key with its component's least key."""
        return {key: self.find(key) for key in sorted(self._parent)}


def near_duplicate_groups(
    signatures: Sequence[tuple[str, bytes]], threshold: float = THRESHOLD
) -> dict[str, str]:
    """For each key whose text nearly duplicates another's, its group's least key (keys
    alone in their group are left out). `signatures` are (key, `NUM_PERM` uint64 bytes)."""
    buckets: dict[bytes, list[str]] = {}
    by_key = dict(signatures)
    for key, signature in signatures:
        if len(signature) != 8 * NUM_PERM:
            continue  # a text without words has no signature to compare
        for band in band_keys(signature):
            buckets.setdefault(band, []).append(key)
    found = UnionFind()
    checked: set[tuple[str, str]] = set()
    for members in buckets.values():
        for pair in bucket_pairs(members):
            if pair in checked:
                continue
            checked.add(pair)
            if is_near_duplicate(by_key[pair[0]], by_key[pair[1]], threshold):
                found.union(*pair)
    return found.components()


def kept_copies(groups: dict[str, str], rank: dict[str, tuple[float, str]]) -> dict[str, str]:
    """For each grouped key, the key of the copy its group keeps: the least `rank` (the
    earliest in time, then the least id)."""
    best: dict[str, str] = {}
    for key, root in groups.items():
        if root not in best or rank[key] < rank[best[root]]:
            best[root] = key
    return {key: best[root] for key, root in groups.items()}
