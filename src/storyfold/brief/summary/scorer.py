"""The learned sentence scorer: a LightGBM model shipped inside the package.

Loaded lazily, once per process. When the model file or lightgbm is missing, loading raises
`ModelError` and the summary falls back to its unsupervised score (`brief.summary`).
"""

from __future__ import annotations

import functools
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from storyfold.brief.summary.features import FEATURE_NAMES, sentence_features
from storyfold.brief.table import SentenceTable
from storyfold.nlp.boosters import load_booster

# Produced by:
#   storyfold train-scorer /work/shared/data/multinews/train.jsonl.gz --limit 12000 \
#       --output src/storyfold/brief/summary/models/scorer.txt
# (Multi-News training split, first 12,000 clusters; see brief/train.py for the settings.)
MODEL_PATH = Path(__file__).parent / "models" / "scorer.txt"


class Scorer:
    """Probability that each sentence of a story belongs in its summary."""

    def __init__(self, booster: object, path: Path) -> None:
        self._booster = booster
        self.path = path

    def score(self, table: SentenceTable) -> NDArray[np.float32]:
        if len(table) == 0:
            return np.zeros(0, dtype=np.float32)
        features = sentence_features(table)
        predicted = self._booster.predict(features, num_threads=1)  # type: ignore[attr-defined]
        scores: NDArray[np.float32] = np.asarray(predicted, dtype=np.float32)
        return scores


def load_scorer(path: Path | None = None) -> Scorer:
    """The model at ``path`` (default: the shipped one); `ModelError` if it cannot be used."""
    if path is None:
        return _shipped()
    return _load(path)


@functools.cache
def _shipped() -> Scorer:
    return _load(MODEL_PATH)


def _load(path: Path) -> Scorer:
    booster = load_booster(path, FEATURE_NAMES, what="scorer", retrain="storyfold train-scorer")
    return Scorer(booster, path)
