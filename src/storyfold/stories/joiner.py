"""The learned join decision: does an article belong to one of its best candidate stories?

A fixed threshold on the similarity score asks the same of every story. What a score means
depends on more than its size: on the margin over the next story (two near-equal candidates
usually mean the article's own story has not started yet), on how TF-IDF and embeddings
agree, and on the story's size. A small LightGBM model, shipped inside the package and
retrained with `storyfold train-clusterer`, reads those signals for the best `TOP`
candidates and gives each the probability that the article belongs to it. When the model
file or lightgbm is missing, loading raises `ModelError` and the clusterer falls back to
its threshold.

Left out on purpose: the length of the article and of the story's members. They raised
B-cubed F1 on held-out Multi-News streams by 0.02, but only because Multi-News cuts each
cluster's input to about 500 words, so a long document comes from a small cluster: a model
using them refused long reports a place in stories of three or more, whatever their score.

Also left out, for adding nothing on the tuning streams (mean B-cubed F1 0.9090 and, with
the background IDF, 0.9123 without them): single linkage, the best TF-IDF cosine and
embedding dot product with one of the story's recent members (0.9090); and a story's
cohesion, its members' mean cosine with each other, with the article's margin over it
(0.9109 at the same probability; 0.9139 at 0.4, within the streams' noise).
"""

from __future__ import annotations

import functools
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from storyfold.nlp.boosters import load_booster

# The column order is part of the shipped model: change it and retrain.
JOIN_FEATURES: tuple[str, ...] = (
    "score",  # the combined similarity (content, names, time) the threshold rule uses
    "term_cosine",  # average-linkage TF-IDF cosine with the story's members
    "embedding_cosine",  # centred cosine with the story's centroid
    "embedding_dot",  # plain mean dot product with the members' embeddings
    "log_size",  # log of the story's article count
    "rank",  # 0 for the best candidate by score
    "gap_to_best",  # best score less this one
    "gap_to_next",  # this score less the next story's (all of it when no other story)
)
# Candidates the model is shown, best by score first. For 8-11% of the articles whose story
# already existed, it ranked fourth or lower by score (a join model's decisions on train streams of
# lines 1-1,000 and 11,001-16,000); but six candidates instead of three did not raise B-cubed
# F1 on the tuning streams (mean 0.8941 against 0.8950 at probability 0.5).
TOP = 3
MODEL_PATH = Path(__file__).parent / "models" / "joiner.txt"


class Joiner:
    """Probability that the article belongs to each candidate story."""

    def __init__(self, booster: object, path: Path) -> None:
        self._booster = booster
        self.path = path

    def probabilities(self, features: NDArray[np.float64]) -> NDArray[np.float64]:
        predicted = self._booster.predict(features, num_threads=1)  # type: ignore[attr-defined]
        return np.asarray(predicted, dtype=np.float64)


def candidate_features(
    scores: NDArray[np.float64],
    term_cosines: NDArray[np.float64],
    embedding_cosines: NDArray[np.float64],
    embedding_dots: NDArray[np.float64],
    sizes: NDArray[np.float64],
) -> tuple[NDArray[np.int64], NDArray[np.float64]]:
    """The best `TOP` candidates (indices into the arguments, best first; ties to the lower
    index) and their rows of `JOIN_FEATURES`."""
    everything = np.argsort(-scores, kind="stable").astype(np.int64)
    order = everything[:TOP]
    ranked = scores[order]
    # The next story's score, whether or not it is among the TOP; with no other story the
    # whole score is the margin (a young store's first match is not a tie).
    following = np.zeros(order.size)
    shown = min(order.size, everything.size - 1)
    following[:shown] = scores[everything[1 : 1 + shown]]
    rows = np.column_stack(
        (
            ranked,
            term_cosines[order],
            embedding_cosines[order],
            embedding_dots[order],
            np.log(np.maximum(sizes[order], 1.0)),
            np.arange(order.size, dtype=np.float64),
            ranked[0] - ranked,
            ranked - following,
        )
    ).astype(np.float64)
    return order, rows


def load_joiner(path: Path | None = None) -> Joiner:
    """The model at ``path`` (default: the shipped one); `ModelError` if it cannot be used."""
    return _shipped() if path is None else _load(path)


@functools.cache
def _shipped() -> Joiner:
    return _load(MODEL_PATH)


def _load(path: Path) -> Joiner:
    booster = load_booster(
        path, JOIN_FEATURES, what="join decision", retrain="storyfold train-clusterer"
    )
    return Joiner(booster, path)
