"""Check the summary's score weights on Multi-News training clusters (ROUGE-1/2 F1).

A quick check, not the evaluation (that is `storyfold eval`, issue 3): briefs of the first
N training clusters with the shipped weights, with each part of the score alone, and the
lead baseline, all cut to the same word budget. Reads the data by path; nothing is copied.

    .venv/bin/python benchmarks/summary_weights.py [N] [PATH]
"""

from __future__ import annotations

import gzip
import json
import sys
from collections.abc import Iterator
from pathlib import Path

from rouge_score import rouge_scorer

import storyfold
from storyfold.brief.summary import select as summary
from storyfold.config import Settings
from storyfold.errors import InputError
from storyfold.model import Article, Brief
from storyfold.text import clean_article, word_count

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "multinews" / "train.jsonl.gz"
WORDS = 230
WEIGHTS = ("CENTRALITY_WEIGHT", "SUPPORT_WEIGHT", "POSITION_WEIGHT", "MMR_LAMBDA")


def clusters(path: Path, limit: int) -> Iterator[tuple[list[Article], str]]:
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for number, line in enumerate(fh, start=1):
            if number > limit:
                return
            row = json.loads(line)
            articles = [
                clean_article(Article(id=f"{number}-{i}", outlet=f"d{i}", source="", raw_text=d))
                for i, d in enumerate(row["documents"])
                if d.strip()
            ]
            yield [a for a in articles if a.sentences], row["summary"]


def lead(articles: list[Article]) -> str:
    """First sentences of each article in turn, up to the budget."""
    out: list[str] = []
    used = 0
    for depth in range(max(len(a.sentences) for a in articles)):
        for article in articles:
            if depth < len(article.sentences):
                text = article.sentence_text(article.sentences[depth])
                if used + word_count(text) > WORDS:
                    return "\n".join(out)
                out.append(text)
                used += word_count(text)
    return "\n".join(out)


def text_of(brief: Brief) -> str:
    return "\n".join(line.text for line in brief.summary)


def main(limit: int, path: Path) -> None:
    data = [c for c in clusters(path, limit) if c[0]]
    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2"], use_stemmer=True)
    variants: dict[str, dict[str, float]] = {
        "shipped weights": {},
        "centrality only": {"SUPPORT_WEIGHT": 0.0, "POSITION_WEIGHT": 0.0},
        "support only": {"CENTRALITY_WEIGHT": 0.0, "POSITION_WEIGHT": 0.0},
        "position only": {"CENTRALITY_WEIGHT": 0.0, "SUPPORT_WEIGHT": 0.0},
        "support x2": {"SUPPORT_WEIGHT": 2 * summary.SUPPORT_WEIGHT},
        "support x0.5": {"SUPPORT_WEIGHT": 0.5 * summary.SUPPORT_WEIGHT},
        "position x2": {"POSITION_WEIGHT": 2 * summary.POSITION_WEIGHT},
        "position x0.5": {"POSITION_WEIGHT": 0.5 * summary.POSITION_WEIGHT},
        "no MMR": {"MMR_LAMBDA": 0.0},
        "MMR 0.15": {"MMR_LAMBDA": 0.15},
        "MMR 0.6": {"MMR_LAMBDA": 0.6},
    }
    print(f"{len(data)} clusters from {path.name}, {WORDS}-word budget, ROUGE F1 x 100")
    print(f"{'system':<18} {'R1':>6} {'R2':>6}")
    rows = {"lead": [scorer.score(ref, lead(arts)) for arts, ref in data]}
    shipped = {name: getattr(summary, name) for name in WEIGHTS}
    for name, patch in variants.items():
        for weight, value in {**shipped, **patch}.items():
            setattr(summary, weight, value)
        scores = []
        for arts, ref in data:
            try:
                made = storyfold.brief(arts, Settings(words=WORDS, scorer="none"))
            except InputError:
                made = None
            scores.append(scorer.score(ref, text_of(made) if made else ""))
        rows[name] = scores
    for weight, value in shipped.items():
        setattr(summary, weight, value)
    for name, scores in rows.items():
        r1 = 100 * sum(s["rouge1"].fmeasure for s in scores) / len(scores)
        r2 = 100 * sum(s["rouge2"].fmeasure for s in scores) / len(scores)
        print(f"{name:<18} {r1:>6.2f} {r2:>6.2f}")


if __name__ == "__main__":
    main(
        int(sys.argv[1]) if len(sys.argv) > 1 else 300,
        Path(sys.argv[2]) if len(sys.argv) > 2 else DATA,
    )
