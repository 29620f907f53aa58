"""Multi-News clusters read by path: one JSON object a line (`documents`, `summary`)."""

from __future__ import annotations

import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from storyfold.errors import InputError
from storyfold.ingest.jsonl import multinews_articles, parse_multinews
from storyfold.ingest.readfile import open_bytes
from storyfold.model import Article, Skipped
from storyfold.text import clean_article


@dataclass(frozen=True)
class Cluster:
    """One story: its source documents as raw strings and the human reference summary."""

    id: str
    where: str  # "path:line", for messages
    documents: tuple[str, ...]
    summary: str


@dataclass(frozen=True)
class ClusterSet:
    clusters: tuple[Cluster, ...]
    skipped: tuple[Skipped, ...]  # lines that gave no cluster, each with its reason


def read_clusters(path: Path, limit: int | None = None) -> ClusterSet:
    """The first ``limit`` usable clusters of a ``.jsonl`` or ``.jsonl.gz`` file (all when
    None). A bad line is skipped and reported, never fatal; an unreadable file raises."""
    clusters: list[Cluster] = []
    skipped: list[Skipped] = []
    for number, raw in _lines(path):
        if limit is not None and len(clusters) >= limit:
            break
        if not raw.strip():
            continue
        where = f"{path}:{number}"
        try:
            clusters.append(parse_cluster(_decode(raw, where), where))
        except InputError as exc:
            skipped.append(Skipped(where, exc.message))
    return ClusterSet(tuple(clusters), tuple(skipped))


def parse_cluster(line: str, where: str) -> Cluster:
    parsed = parse_multinews(line, where)
    return Cluster(
        id=parsed.id if parsed.id is not None else where,
        where=where,
        documents=parsed.documents,
        summary=parsed.summary,
    )


def prepare_articles(documents: Sequence[str], where: str = "cluster") -> tuple[Article, ...]:
    """A cluster's documents as cleaned, sentence-split articles, through the same ingest and
    cleaning code as `storyfold brief`; articles left with no sentence are dropped."""
    try:
        raw = multinews_articles(list(documents), where)
    except InputError:
        return ()
    cleaned = (clean_article(a) for a in raw)
    return tuple(a for a in cleaned if a.sentences)


def _decode(raw: bytes, where: str) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text ({exc.reason} at byte {exc.start})", input=where) from exc


def _lines(path: Path) -> Iterator[tuple[int, bytes]]:
    """Lines as bytes, so one badly encoded line is reported as that line, not the file."""
    try:
        with open_bytes(path) as fh:
            yield from enumerate(fh, start=1)
    except FileNotFoundError as exc:
        raise InputError("no such file", input=str(path)) from exc
    except IsADirectoryError as exc:
        raise InputError("a directory, not a Multi-News .jsonl file", input=str(path)) from exc
    except (OSError, EOFError, zlib.error) as exc:
        # gzip.BadGzipFile is an OSError: "Not a gzipped file (b'{\"')"
        raise InputError(f"cannot read: {exc}", input=str(path)) from exc
