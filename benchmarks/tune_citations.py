"""Sweep the "same statement" threshold on labelled sentence pairs of our own.

Two sets, both written by us:
- tests/fixtures/paraphrase_pairs.jsonl: 120 pairs across invented stories (60 say the same
  thing, 60 share a story but not the fact); centred on the mean of the whole file.
- tests/fixtures/story_pairs.jsonl: candidate pairs from examples/harbor-bridge, labelled
  by hand, scored in context (centred on the story, as the brief does).

For raw and story-centred cosine (vetoes on) it prints precision, recall and F1 on each
set at the threshold with the best F1 on both sets together among those with precision
>= MIN_PRECISION; then the same for the shipped rule (centred cosine, or most content
words shared) at its shipped constants.

    .venv/bin/python benchmarks/tune_citations.py
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from storyfold.brief import similarity
from storyfold.brief.similarity import same_scores, vetoes
from storyfold.brief.table import TextFeatures, build_table, text_features
from storyfold.ingest import load_articles
from storyfold.nlp import get_embedder

ROOT = Path(__file__).resolve().parent.parent
FIXTURE_PAIRS = ROOT / "tests" / "fixtures" / "paraphrase_pairs.jsonl"
STORY_PAIRS = ROOT / "tests" / "fixtures" / "story_pairs.jsonl"
STORY = ROOT / "examples" / "harbor-bridge"
# A false citation misreports an outlet; a missed one only under-counts. Prefer precision.
MIN_PRECISION = 0.85

Floats = NDArray[np.float64]
Flags = NDArray[np.bool_]
Scored = dict[str, tuple[Floats, Flags]]  # score name -> (scores, labels)


def _read(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def _scores(features: TextFeatures, pairs: list[tuple[int, int]]) -> dict[str, Floats]:
    """Each candidate rule's score for each pair; vetoed pairs score 0 under every rule."""
    rows = np.asarray(sorted({i for i, _ in pairs}))
    where = {int(r): k for k, r in enumerate(rows)}
    veto = vetoes(features, rows)
    matrices = {
        "raw cosine": features.vectors[rows] @ features.vectors.T,
        "story-centred cosine": features.centered[rows] @ features.centered.T,
        "shipped: centred cosine or words": same_scores(features, rows),
    }
    return {
        name: np.array([0.0 if veto[where[i], j] else float(m[where[i], j]) for i, j in pairs])
        for name, m in matrices.items()
    }


def fixture_set() -> Scored:
    rows = _read(FIXTURE_PAIRS)
    texts = [str(t) for row in rows for t in (row["a"], row["b"])]
    features = text_features(texts, get_embedder())
    labels = np.array([bool(row["same"]) for row in rows])
    scores = _scores(features, [(2 * k, 2 * k + 1) for k in range(len(rows))])
    return {name: (values, labels) for name, values in scores.items()}


def story_set() -> Scored:
    table = build_table(load_articles([STORY]).articles, get_embedder())
    index = {
        (table.articles[int(a)].outlet, int(p)): k
        for k, (a, p) in enumerate(zip(table.article_of, table.position, strict=True))
    }
    rows = _read(STORY_PAIRS)
    pairs = [
        (index[(r["a_outlet"], r["a_sentence"])], index[(r["b_outlet"], r["b_sentence"])])
        for r in rows
    ]
    labels = np.array([bool(row["same"]) for row in rows])
    scores = _scores(table.features, pairs)
    return {name: (values, labels) for name, values in scores.items()}


def measure(scores: Floats, labels: Flags, threshold: float) -> tuple[float, float, float]:
    predicted = scores >= threshold
    tp = float((predicted & labels).sum())
    precision = tp / max(float(predicted.sum()), 1.0)
    recall = tp / max(float(labels.sum()), 1.0)
    f1 = 2 * precision * recall / max(precision + recall, 1e-9)
    return precision, recall, f1


def best_threshold(scores: Floats, labels: Flags) -> float:
    results = [(float(t), measure(scores, labels, float(t))) for t in np.arange(0.30, 0.96, 0.01)]
    admissible = [r for r in results if r[1][0] >= MIN_PRECISION] or results
    return round(max(admissible, key=lambda item: item[1][2])[0], 2)


def main() -> None:
    sets = {"fixture pairs": fixture_set(), "story pairs": story_set()}
    header = "  ".join(f"{n + ' P/R/F1':<22}" for n in sets)
    print(f"{'score':<34} {'threshold':>9}  {header}")
    for name in next(iter(sets.values())):
        both = [sets[s][name] for s in sets]
        if name.startswith("shipped"):
            threshold = similarity.SAME_THRESHOLD
        else:
            threshold = best_threshold(
                np.concatenate([b[0] for b in both]), np.concatenate([b[1] for b in both])
            )
        cells = ["{:.3f}/{:.3f}/{:.3f}".format(*measure(s, lab, threshold)) for s, lab in both]
        print(f"{name:<34} {threshold:>9.2f}  " + "  ".join(f"{c:<22}" for c in cells))
    print(", ".join(f"{n}: {len(v['raw cosine'][1])} pairs" for n, v in sets.items()))
    print(
        f"shipped: WORD_CONTAINMENT {similarity.WORD_CONTAINMENT}, "
        f"MIN_SHARED_WORDS {similarity.MIN_SHARED_WORDS}"
    )


if __name__ == "__main__":
    main()
