"""The "same statement" score: what lets a summary line cite another outlet."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from storyfold.brief.similarity import SAME_THRESHOLD, same_scores, vetoes
from storyfold.brief.table import build_table, text_features
from storyfold.ingest import load_articles
from storyfold.nlp import get_embedder

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
PAIRS = FIXTURES / "paraphrase_pairs.jsonl"
STORY_PAIRS = FIXTURES / "story_pairs.jsonl"
EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "harbor-bridge"


def scores_of(texts: list[str]) -> np.ndarray:  # type: ignore[type-arg]
    return same_scores(text_features(texts, get_embedder()), np.arange(len(texts)))


def precision_recall(predicted: np.ndarray, labels: np.ndarray) -> tuple[float, float]:  # type: ignore[type-arg]
    tp = int((predicted & labels).sum())
    return tp / max(int(predicted.sum()), 1), tp / int(labels.sum())


def test_shipped_threshold_is_precise_on_our_labelled_pairs() -> None:
    rows = [json.loads(line) for line in PAIRS.read_text(encoding="utf-8").splitlines() if line]
    texts = [t for row in rows for t in (row["a"], row["b"])]
    scores = scores_of(texts)
    predicted = np.array([scores[2 * k, 2 * k + 1] >= SAME_THRESHOLD for k in range(len(rows))])
    precision, recall = precision_recall(predicted, np.array([row["same"] for row in rows]))
    print(f"paraphrase pairs: precision {precision:.3f} recall {recall:.3f}")
    assert precision >= 0.85
    assert recall >= 0.6


def test_shipped_threshold_on_pairs_from_the_example_story_in_context() -> None:
    table = build_table(load_articles([EXAMPLE]).articles, get_embedder())
    index = {
        (table.articles[int(a)].outlet, int(p)): k
        for k, (a, p) in enumerate(zip(table.article_of, table.position, strict=True))
    }
    rows = [json.loads(x) for x in STORY_PAIRS.read_text(encoding="utf-8").splitlines() if x]
    scores = same_scores(table.features, np.arange(len(table)))
    predicted = np.array(
        [
            scores[index[(r["a_outlet"], r["a_sentence"])], index[(r["b_outlet"], r["b_sentence"])]]
            >= SAME_THRESHOLD
            for r in rows
        ]
    )
    precision, recall = precision_recall(predicted, np.array([r["same"] for r in rows]))
    print(f"story pairs: precision {precision:.3f} recall {recall:.3f}")
    assert precision >= 0.9
    assert recall >= 0.8


def test_different_figures_veto_an_otherwise_identical_sentence() -> None:
    texts = [
        "About 42,000 vehicles cross the bridge each day, the city said.",
        "About 38,000 vehicles cross the bridge each day, the city said.",
        "About 42,000 vehicles cross the bridge every day, city officials said.",
        "The ferry company added a third boat to its morning timetable.",
    ]
    features = text_features(texts, get_embedder())
    veto = vetoes(features, np.arange(4))
    assert veto[0, 1] and not veto[0, 2]
    assert not veto[0, 3]  # a sentence with no figure is judged by its words alone
    scores = same_scores(features, np.arange(4))
    assert scores[0, 1] == 0.0
    assert scores[0, 2] >= SAME_THRESHOLD


def test_two_different_remarks_by_one_speaker_are_not_the_same() -> None:
    texts = [
        '"We will not gamble with the safety of anyone who uses that bridge," the mayor said.',
        '"We will find the money for the repairs, whatever it takes," the mayor said.',
        '"We will not gamble with the safety of anybody using that bridge," Mayor Okafor said.',
    ]
    veto = vetoes(text_features(texts, get_embedder()), np.arange(3))
    assert veto[0, 1]
    assert not veto[0, 2]
