"""Sweep the "same statement" blend and threshold on our labelled sentence pairs.

Prints F1 for each cosine weight at its best threshold, and the figures of the constants
the code ships with. The pairs are ours (tests/fixtures/paraphrase_pairs.jsonl): 60 that
say the same thing, 60 that share a story but not the fact.

    .venv/bin/python benchmarks/tune_citations.py
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from storyfold.brief import similarity
from storyfold.brief.similarity import containment
from storyfold.brief.table import text_features
from storyfold.nlp import get_embedder

PAIRS = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "paraphrase_pairs.jsonl"


def pair_features() -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.bool_], NDArray[np.bool_]]:
    """Cosine, containment, number veto and label of every pair."""
    embedder = get_embedder()
    rows = [json.loads(line) for line in PAIRS.read_text(encoding="utf-8").splitlines() if line]
    cos, overlap, veto, label = [], [], [], []
    for row in rows:
        f = text_features([row["a"], row["b"]], embedder)
        first = np.asarray([0])
        cos.append(float(f.vectors[0] @ f.vectors[1]))
        overlap.append(float(containment(f.terms, first)[0, 1]))
        has = f.numbers.sum(axis=1) > 0
        veto.append(bool(has[0] and has[1] and (f.numbers[0] @ f.numbers[1]) == 0))
        label.append(bool(row["same"]))
    return np.array(cos), np.array(overlap), np.array(veto), np.array(label)


def f1_at(scores: NDArray[np.float64], label: NDArray[np.bool_], threshold: float) -> tuple[float, float, float]:
    predicted = scores >= threshold
    tp = float((predicted & label).sum())
    precision = tp / max(float(predicted.sum()), 1.0)
    recall = tp / max(float(label.sum()), 1.0)
    f1 = 2 * precision * recall / max(precision + recall, 1e-9)
    return precision, recall, f1


def main() -> None:
    cos, overlap, veto, label = pair_features()
    thresholds = np.round(np.arange(0.30, 0.96, 0.01), 2)
    print(f"{'cosine w':>9} {'threshold':>9} {'precision':>9} {'recall':>7} {'F1':>6}")
    for weight in np.round(np.arange(0.0, 1.01, 0.1), 1):
        scores = np.where(veto, 0.0, weight * cos + (1 - weight) * overlap)
        best = max(thresholds, key=lambda t: f1_at(scores, label, float(t))[2])
        p, r, f = f1_at(scores, label, float(best))
        print(f"{weight:>9.1f} {best:>9.2f} {p:>9.3f} {r:>7.3f} {f:>6.3f}")
    shipped = np.where(
        veto, 0.0, similarity.COSINE_WEIGHT * cos + similarity.OVERLAP_WEIGHT * overlap
    )
    p, r, f = f1_at(shipped, label, similarity.SAME_THRESHOLD)
    print(
        f"shipped: cosine weight {similarity.COSINE_WEIGHT}, threshold "
        f"{similarity.SAME_THRESHOLD}: precision {p:.3f} recall {r:.3f} F1 {f:.3f} "
        f"on {len(label)} pairs"
    )


if __name__ == "__main__":
    main()
