"""Time to date the articles and build the timeline of a story (default: the seeds).

The sentence table and spaCy's spans are built once beforehand (the brief builds them for
every part); what is timed is this part's own work. "cold" clears the pattern cache, as a
new story's texts would; "warm" runs again on texts already scanned.

    .venv/bin/python benchmarks/timeline_speed.py [PATH ...]
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from storyfold.brief.dates.pubdates import infer_publication_dates
from storyfold.brief.dates.temporal import clear_scan_cache
from storyfold.brief.dates.timeline import build_timeline
from storyfold.brief.table import build_table
from storyfold.config import Settings
from storyfold.ingest import load_articles
from storyfold.model import Timeline
from storyfold.nlp import get_embedder
from storyfold.nlp.ner import find_spans
from storyfold.nlp.threads import one_blas_thread

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_INPUT = ROOT.parent / "shared" / "seeds"
RUNS = 21


def median_ms(run: Callable[[], object], cold: bool) -> float:
    times = []
    for _ in range(RUNS):
        if cold:
            clear_scan_cache()
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main(paths: list[str]) -> None:
    corpus = load_articles(paths or [DEFAULT_INPUT])
    articles = tuple(a for a in corpus.articles if a.sentences)
    table = build_table(articles, get_embedder(Settings().embedder))
    spans = find_spans(articles)
    dates = infer_publication_dates(articles)

    def both() -> Timeline:
        return build_timeline(articles, table, infer_publication_dates(articles), spans)

    rows = [
        ("publication dates", lambda: infer_publication_dates(articles)),
        ("timeline (dates given)", lambda: build_timeline(articles, table, dates, spans)),
        ("publication dates + timeline", both),
    ]
    words = sum(len(a.text.split()) for a in articles)
    print(f"{len(articles)} articles, {len(table)} sentences, {words} words")
    print(f"{'step':<32} {'cold ms':>8} {'warm ms':>8}")
    for name, run in rows:
        print(f"{name:<32} {median_ms(run, True):>8.1f} {median_ms(run, False):>8.1f}")
    timeline = both()
    print(f"median of {RUNS} runs; cold = pattern cache cleared before each run")
    print(f"events: {len(timeline.events)}")


if __name__ == "__main__":
    # Timed as the brief runs them: with one BLAS thread (storyfold.nlp.threads).
    with one_blas_thread():
        main(sys.argv[1:])
