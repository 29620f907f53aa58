"""Throughput of `storyfold ingest` on a 10,000-article JSONL stream, into a fresh store.

The stream is built at run time from Multi-News validation documents (read by path, never
committed): one article per line, in the order of the file, written to a temporary folder.
It is then ingested with the library call the CLI makes (``storyfold.store.ingest``):
cleaning, exact and near-duplicate detection, online clustering and the batched SQLite
writes. The run is in a fresh process, so the time includes loading the embedding model;
peak memory is that process's maximum resident set size.

    .venv/bin/python benchmarks/ingest_throughput.py [--articles 10000]
"""

from __future__ import annotations

import argparse
import gzip
import json
import resource
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from storyfold.model import Skipped

DATA = Path("/work/shared/data/multinews/val.jsonl.gz")
TARGET_S = 60.0


def build_stream(path: Path, articles: int) -> int:
    """Write up to ``articles`` Multi-News documents as one-article JSONL lines."""
    written = 0
    with gzip.open(DATA, "rt", encoding="utf-8") as source, path.open("w") as out:
        for line in source:
            cluster = json.loads(line)
            for index, document in enumerate(cluster["documents"]):
                if not document.strip():
                    continue
                record = {"text": document, "outlet": f"source {index + 1}"}
                out.write(json.dumps(record) + "\n")
                written += 1
                if written == articles:
                    return written
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=10_000)
    args = parser.parse_args()
    if not DATA.is_file():
        sys.exit(f"{DATA}: not found (Multi-News validation split)")

    from storyfold.config import Settings
    from storyfold.store import Store, ingest

    with tempfile.TemporaryDirectory(prefix="storyfold-bench-") as folder:
        stream = Path(folder) / "stream.jsonl"
        count = build_stream(stream, args.articles)
        size_mb = stream.stat().st_size / 1024**2
        db = Path(folder) / "store.db"
        started = time.perf_counter()
        with Store(db) as store:
            # The CLI's --max-size: the whole export is one input file.
            report = ingest(store, [str(stream)], Settings(max_bytes=1024**3))
            stored, stories = store.count("articles"), store.count("stories")
            largest = store.conn.execute("SELECT max(size) FROM stories").fetchone()[0]
        seconds = time.perf_counter() - started
        db_mb = sum(p.stat().st_size for p in Path(folder).glob("store.db*")) / 1024**2

    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rows = [
        ("articles in the stream", f"{count:,} ({size_mb:.1f} MB JSONL)"),
        ("read / new", f"{report.read:,} / {report.new:,}"),
        ("duplicates (same text or URL)", f"{report.duplicates:,}"),
        (
            "near-duplicates",
            f"{report.near_duplicates:,} ({report.outlets_added:,} outlets added in all)",
        ),
        ("skipped", f"{len(report.skipped):,}"),
        *((f"  {reason}", f"{n:,}") for reason, n in _reasons(report.skipped)),
        ("stored articles", f"{stored:,}"),
        ("stories formed (largest)", f"{stories:,} ({largest})"),
        ("batches (transactions)", f"{report.batches:,}"),
        ("total seconds", f"{seconds:.1f} (target < {TARGET_S:.0f})"),
        ("articles/s", f"{count / seconds:,.0f}"),
        ("peak memory (RSS)", f"{peak_mb:,.0f} MB"),
        ("store size", f"{db_mb:.1f} MB"),
    ]
    width = max(len(name) for name, _ in rows)
    print(f"{'ingest throughput':<{width}}  value")
    print(f"{'-' * width}  {'-' * 30}")
    for name, value in rows:
        print(f"{name:<{width}}  {value}")


def _reasons(skipped: list[Skipped]) -> list[tuple[str, int]]:
    """Skipped items by reason, with the part naming another input left out."""
    counts = Counter(
        s.reason.split(" as ")[0] if s.reason.startswith("same text") else s.reason for s in skipped
    )
    return counts.most_common()


if __name__ == "__main__":
    main()
