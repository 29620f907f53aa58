"""Articles a second through `storyfold extract`, and where the time goes.

Reads a JSONL file of articles ({"id", "text", "published"?}; default: PolNeAR dev from
../shared/data, written to that form in memory) and times, per stage, the library calls
the command makes: reading and cleaning, the NER (spaCy, batched), and the per-article
quotes, dates and entities with their offsets. The model load is timed apart (once per
process). Figures are for one pass; repeat and take the median on a busy machine.

    .venv/bin/python benchmarks/extract_speed.py [FILE.jsonl[.gz]] [--limit N]
"""

from __future__ import annotations

import argparse
import gzip
import json
import tempfile
import time
from pathlib import Path

from storyfold.extract.article import BATCH, _one
from storyfold.extract.inputs import Given, read_inputs
from storyfold.model import Article, Skipped
from storyfold.nlp.ner import _pipeline, find_spans
from storyfold.nlp.threads import one_blas_thread
from storyfold.text import clean_article

ROOT = Path(__file__).resolve().parent.parent
POLNEAR_DEV = ROOT.parent / "shared" / "data" / "polnear" / "polnear-dev.jsonl.gz"


def _polnear_as_input(limit: int, folder: Path) -> Path:
    path = folder / "polnear-dev.jsonl"
    with gzip.open(POLNEAR_DEV, "rt", encoding="utf-8") as src, path.open("w") as out:
        for n, line in enumerate(src):
            if n >= limit:
                break
            doc = json.loads(line)
            out.write(json.dumps({"id": doc["doc"], "text": doc["text"]}) + "\n")
    return path


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("input", nargs="?", default="")
    ap.add_argument("--limit", type=int, default=10**9)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(args.input) if args.input else _polnear_as_input(args.limit, Path(tmp))
        t0 = time.perf_counter()
        _pipeline()
        load = time.perf_counter() - t0

        t0 = time.perf_counter()
        items: list[tuple[Given, Article]] = []
        for item in read_inputs([str(path)]):
            if not isinstance(item, Skipped):
                items.append((item, clean_article(item.article)))
        items = items[: args.limit]
        read = time.perf_counter() - t0

    ner = per_article = 0.0
    counts = [0, 0, 0]
    with one_blas_thread():
        for i in range(0, len(items), BATCH):
            batch = items[i : i + BATCH]
            t0 = time.perf_counter()
            spans = find_spans([a for _, a in batch])
            t1 = time.perf_counter()
            for given, article in batch:
                found = _one(given, article, spans.get(article.id, ()))
                counts[0] += len(found.quotes)
                counts[1] += len(found.dates)
                counts[2] += len(found.entities)
            ner += t1 - t0
            per_article += time.perf_counter() - t1
    n = len(items)
    words = sum(len(a.text.split()) for _, a in items)
    total = read + ner + per_article
    print(
        f"{n} articles, {words} words; {counts[0]} quotes, {counts[1]} dates, "
        f"{counts[2]} entity mentions"
    )
    print(f"{'stage':32} {'seconds':>8} {'share':>6}")
    for name, seconds in (
        ("read + clean", read),
        ("NER (spaCy, batched)", ner),
        ("quotes, dates, entities, offsets", per_article),
    ):
        print(f"{name:32} {seconds:8.2f} {100 * seconds / total:5.1f}%")
    print(f"{'total (model loaded)':32} {total:8.2f}")
    print(f"model load, once per process: {load:.2f} s")
    print(f"articles a second: {n / total:.2f} ({words / total:.0f} words a second)")


if __name__ == "__main__":
    main()
