"""Articles a second through `storyfold extract`, and where the time goes.

Reads a JSONL file of articles ({"id", "text", "published"?}; default: PolNeAR dev from
../shared/data, written to that form in memory) and times, per stage, the library calls
the command makes: reading and cleaning, the NER (spaCy, batched), and the per-article
quotes, dates and entities with their offsets. The model load is timed apart (once per
process). Each stage is given in wall seconds and in this process's CPU seconds: on a
busy shared machine the wall time is several times the CPU time, which is what the work
costs on a core of its own. Figures are for one pass; repeat and take the median.

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

        t0, c0 = time.perf_counter(), time.process_time()
        items: list[tuple[Given, Article]] = []
        for item in read_inputs([str(path)]):
            if not isinstance(item, Skipped):
                items.append((item, clean_article(item.article)))
        items = items[: args.limit]
        read, read_cpu = time.perf_counter() - t0, time.process_time() - c0

    ner = per_article = ner_cpu = per_article_cpu = 0.0
    counts = [0, 0, 0]
    with one_blas_thread():
        for i in range(0, len(items), BATCH):
            batch = items[i : i + BATCH]
            t0, c0 = time.perf_counter(), time.process_time()
            spans = find_spans([a for _, a in batch])
            t1, c1 = time.perf_counter(), time.process_time()
            for given, article in batch:
                found = _one(given, article, spans.get(article.id, ()))
                counts[0] += len(found.quotes)
                counts[1] += len(found.dates)
                counts[2] += len(found.entities)
            ner += t1 - t0
            ner_cpu += c1 - c0
            per_article += time.perf_counter() - t1
            per_article_cpu += time.process_time() - c1
    n = len(items)
    words = sum(len(a.text.split()) for _, a in items)
    total = read + ner + per_article
    total_cpu = read_cpu + ner_cpu + per_article_cpu
    print(
        f"{n} articles, {words} words; {counts[0]} quotes, {counts[1]} dates, "
        f"{counts[2]} entity mentions"
    )
    print(f"{'stage':32} {'wall s':>8} {'CPU s':>8} {'share':>6}")
    for name, seconds, cpu in (
        ("read + clean", read, read_cpu),
        ("NER (spaCy, batched)", ner, ner_cpu),
        ("quotes, dates, entities, offsets", per_article, per_article_cpu),
    ):
        print(f"{name:32} {seconds:8.2f} {cpu:8.2f} {100 * cpu / total_cpu:5.1f}%")
    print(f"{'total (model loaded)':32} {total:8.2f} {total_cpu:8.2f}")
    print(f"model load, once per process: {load:.2f} s")
    print(
        f"articles a second: {n / total:.2f} wall, {n / total_cpu:.2f} a CPU second "
        f"({words / total:.0f} and {words / total_cpu:.0f} words)"
    )


if __name__ == "__main__":
    main()
