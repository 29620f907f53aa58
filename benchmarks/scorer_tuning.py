"""ROUGE and speed of the summary's scorers on a slice of Multi-News (a quick check; the
evaluation proper is `storyfold eval multinews`).

Summaries of clusters SKIP+1 .. SKIP+LIMIT of PATH at a 230-word budget, cut to the budget,
scored with rouge-score (stemming on, Lsum one sentence per line) against the reference.
Systems: the lead baseline, the unsupervised scorer, the learned scorer (the shipped model,
or --model FILE), and the learned scorer at each --mmr closeness cost. Clusters per second
count the whole path: reading the line, cleaning, splitting, embedding, scoring, selecting.
Reads the data by path; nothing is copied.

    .venv/bin/python benchmarks/scorer_tuning.py PATH [--skip S] [--limit N]
        [--model FILE] [--mmr 0.1,0.3] [--set NAME=VALUE] [--sweep NAME=V1,V2]
"""

from __future__ import annotations

import argparse
import ast
import gzip
import json
import time
from collections.abc import Callable
from pathlib import Path

from rouge_score import rouge_scorer

from storyfold.brief.summary import scorer
from storyfold.brief.summary import select as summary
from storyfold.config import Settings
from storyfold.model import Article
from storyfold.text import clean_article, split_sentences, word_count

WORDS = 230


def read_lines(path: Path, skip: int, limit: int) -> list[str]:
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        lines = []
        for number, line in enumerate(fh, start=1):
            if number > skip + limit:
                break
            if number > skip:
                lines.append(line)
        return lines


def articles_of(line: str, number: int) -> tuple[list[Article], str]:
    row = json.loads(line)
    articles = [
        clean_article(Article(id=f"{number}-{i}", outlet=f"d{i}", source="", raw_text=d))
        for i, d in enumerate(row["documents"])
        if d.strip()
    ]
    return [a for a in articles if a.sentences], row["summary"]


def lead(articles: list[Article], _: Settings) -> list[str]:
    """First sentences of each article in turn, cut at the budget."""
    out: list[str] = []
    left = WORDS
    for depth in range(max((len(a.sentences) for a in articles), default=0)):
        for article in articles:
            if depth < len(article.sentences) and left > 0:
                text = article.sentence_text(article.sentences[depth])
                out.append(summary._first_words(text, min(left, word_count(text))))
                left -= word_count(text)
    return out


def run(
    name: str,
    lines: list[str],
    system: Callable[[list[Article], Settings], list[str]],
    settings: Settings,
    rouge: rouge_scorer.RougeScorer,
) -> None:
    made: list[tuple[list[str], str]] = []
    started = time.perf_counter()
    for number, line in enumerate(lines):
        articles, reference = articles_of(line, number)
        made.append((system(articles, settings) if articles else [], reference))
    seconds = time.perf_counter() - started
    totals = {"rouge1": 0.0, "rouge2": 0.0, "rougeLsum": 0.0}
    for out, reference in made:
        reference_lines = "\n".join(reference[a:b] for a, b in split_sentences(reference))
        scores = rouge.score(reference_lines, "\n".join(out))
        for key in totals:
            totals[key] += scores[key].fmeasure
    n = len(made)
    r1, r2, rl = (100 * totals[k] / n for k in ("rouge1", "rouge2", "rougeLsum"))
    print(f"{name:<24} {r1:>6.2f} {r2:>6.2f} {rl:>6.2f} {n / seconds:>10.1f}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("path", type=Path)
    parser.add_argument("--skip", type=int, default=0)
    parser.add_argument("--limit", type=int, default=500)
    parser.add_argument("--model", type=Path)
    parser.add_argument("--mmr", default="")
    parser.add_argument(
        "--set", action="append", default=[], help="NAME=VALUE: a brief.summary constant"
    )
    parser.add_argument(
        "--sweep",
        action="append",
        default=[],
        help="NAME=V1,V2: the learned system once at each value of a brief.summary constant",
    )
    parser.add_argument("--systems", default="lead,unsupervised,learned")
    args = parser.parse_args()
    if args.model:
        loaded = scorer.load_scorer(args.model)
        scorer._shipped = lambda: loaded  # type: ignore[assignment]
    for assignment in args.set:
        name, value = assignment.split("=", 1)
        setattr(summary, name, type(getattr(summary, name))(eval(value)))
    lines = read_lines(args.path, args.skip, args.limit)
    rouge = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeLsum"], use_stemmer=True)
    summary.summarize([], Settings())  # load the embedder and model outside the timing
    print(f"{len(lines)} clusters of {args.path.name} after {args.skip}, {WORDS} words")
    print(f"{'system':<24} {'R1':>6} {'R2':>6} {'RLsum':>6} {'clusters/s':>10}")
    systems = args.systems.split(",")
    if "lead" in systems:
        run("lead", lines, lead, Settings(), rouge)
    if "unsupervised" in systems:
        run("unsupervised", lines, summary.summarize, Settings(scorer="none"), rouge)
    if "learned" in systems:
        run("learned", lines, summary.summarize, Settings(scorer="learned"), rouge)
    shipped = summary.LEARNED_MMR_LAMBDA
    for value in filter(None, args.mmr.split(",")):
        summary.LEARNED_MMR_LAMBDA = float(value)
        run(f"learned mmr {value}", lines, summary.summarize, Settings(scorer="learned"), rouge)
    summary.LEARNED_MMR_LAMBDA = shipped
    for sweep in args.sweep:
        name, values = sweep.split("=", 1)
        before = getattr(summary, name)
        for value in values.split(","):
            setattr(summary, name, type(before)(ast.literal_eval(value)))
            run(f"{name}={value}", lines, summary.summarize, Settings(scorer="learned"), rouge)
        setattr(summary, name, before)


if __name__ == "__main__":
    main()
