"""Time to find the quotes (with speakers, merged across outlets) and the entities of a
story (default: the seeds).

The sentence table, spaCy's spans and the embedder are built once beforehand (the brief
builds them for every part); what is timed is this part's own work, warm, as the median of
several runs. Within one brief, quotes and entities share the story's names (built once);
each run here starts without them.

    .venv/bin/python benchmarks/quotes_speed.py [PATH ...]
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from storyfold.brief.entities.find import clear_names_cache, find_entities
from storyfold.brief.quotes.find import find_quotes
from storyfold.brief.table import build_table
from storyfold.config import Settings
from storyfold.ingest import load_articles
from storyfold.nlp import get_embedder
from storyfold.nlp.ner import find_spans
from storyfold.nlp.threads import one_blas_thread

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_INPUT = ROOT.parent / "shared" / "seeds"
RUNS = 21


def median_ms(run: Callable[[], object]) -> float:
    run()  # warm: patterns compiled, embedder loaded
    times = []
    for _ in range(RUNS):
        clear_names_cache()  # quotes and entities share it within one brief, not across runs
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main(paths: list[str]) -> None:
    corpus = load_articles(paths or [DEFAULT_INPUT])
    articles = tuple(a for a in corpus.articles if a.sentences)
    table = build_table(articles, get_embedder(Settings().embedder))
    spans = find_spans(articles)
    quotes = find_quotes(articles, spans, table)
    entities = find_entities(articles, spans)
    merged = sum(1 for q in quotes if len(q.outlets) > 1)
    speakers = len({q.speaker.name for q in quotes if q.speaker.name})
    words = sum(len(a.text.split()) for a in articles)
    print(f"{len(articles)} articles, {len(table)} sentences, {words} words")
    print(
        f"{len(quotes)} quotes ({sum(q.direct for q in quotes)} direct, {merged} in several "
        f"outlets) from {speakers} named speakers; {len(entities)} entities"
    )
    rows = [
        ("quotes", lambda: find_quotes(articles, spans, table)),
        ("entities", lambda: find_entities(articles, spans)),
        (
            "quotes + entities",
            lambda: (find_quotes(articles, spans, table), find_entities(articles, spans)),
        ),
    ]
    print(f"{'step':<20} {'median ms (warm)':>18}")
    for name, run in rows:
        print(f"{name:<20} {median_ms(run):>18.1f}")


if __name__ == "__main__":
    # Timed as the brief runs them: with one BLAS thread (storyfold.nlp.threads).
    with one_blas_thread():
        main(sys.argv[1:])
