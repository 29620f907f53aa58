"""Warm time of each part of the brief on the seeds and the example story.

Articles are read and cleaned once; each part then runs once to warm up (model loads,
caches) and RUNS more times, and the median is printed. "whole brief" is
``storyfold.brief`` from cleaned articles to the Brief (rendering not included; see
``benchmarks/brief_speed.py`` for read-to-render times in a fresh process).

    .venv/bin/python benchmarks/brief_parts_speed.py [PATH ...]
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import storyfold
from storyfold.brief.compare.offtopic import find_off_topic
from storyfold.brief.compare.outlets import compare
from storyfold.brief.dates.pubdates import infer_publication_dates
from storyfold.brief.dates.timeline import build_timeline
from storyfold.brief.entities.find import clear_names_cache, find_entities
from storyfold.brief.quotes.find import find_quotes
from storyfold.brief.summary.citations import cite
from storyfold.brief.summary.select import score_sentences, select
from storyfold.brief.table import build_table
from storyfold.model import SummaryLine
from storyfold.nlp import get_embedder
from storyfold.nlp.ner import find_spans
from storyfold.nlp.threads import one_blas_thread

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_INPUTS = [ROOT.parent / "shared" / "seeds", ROOT / "examples" / "harbor-bridge"]
RUNS = 7


def median_time(work: Callable[[], object]) -> tuple[float, float]:
    """(wall, CPU) medians. CPU time is printed too because the machine is shared: wall time
    swells with other people's load, CPU time much less."""
    work()
    walls, cpus = [], []
    for _ in range(RUNS):
        # entities and quotes share the story's names, kept for the last story; clear them
        # so each part is timed doing its own work.
        clear_names_cache()
        wall, cpu = time.perf_counter(), time.process_time()
        work()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus)


def parts(path: str) -> dict[str, tuple[float, float]]:
    corpus = storyfold.load_articles([path])
    articles = tuple(a for a in corpus.articles if a.sentences)
    embedder = get_embedder()
    table = build_table(articles, embedder)
    scores = score_sentences(table)
    lines = tuple(
        SummaryLine(text=table.texts[i], citations=cite(table, i))
        for i in select(table, scores, 230)
    )
    spans = find_spans(articles)
    publication = infer_publication_dates(articles)
    return {
        "sentence table": median_time(lambda: build_table(articles, embedder)),
        "off-topic": median_time(lambda: find_off_topic(table)),
        "NER (spaCy)": median_time(lambda: find_spans(articles)),
        "quotes": median_time(lambda: find_quotes(articles, spans, table)),
        "entities": median_time(lambda: find_entities(articles, spans)),
        "pubdates + timeline": median_time(
            lambda: build_timeline(articles, table, infer_publication_dates(articles), spans)
        ),
        "comparison": median_time(lambda: compare(table, lines, articles, ())),
        "whole brief": median_time(lambda: storyfold.brief(corpus)),
        "_articles": (float(len(articles)), float(len(publication))),
    }


def main(paths: list[str]) -> None:
    inputs = paths or [str(p) for p in DEFAULT_INPUTS if p.exists()]
    results = {path: parts(path) for path in inputs}
    names = [name for name in next(iter(results.values())) if not name.startswith("_")]
    header = f"{'part (median of ' + str(RUNS) + ' warm runs, ms)':<36}"
    header += "".join(f"{Path(p).name[:14] + ' wall':>20}{'cpu':>8}" for p in inputs)
    print(header)
    for name in names:
        row = f"{name:<36}" + "".join(
            f"{results[p][name][0] * 1000:>20.1f}{results[p][name][1] * 1000:>8.1f}" for p in inputs
        )
        print(row)
    print(f"{'articles':<36}" + "".join(f"{results[p]['_articles'][0]:>28.0f}" for p in inputs))


if __name__ == "__main__":
    # Timed as the brief runs them: with one BLAS thread (storyfold.nlp.threads).
    with one_blas_thread():
        main(sys.argv[1:])
