"""When do two sentences from different outlets say the same thing?

A blend of embedding cosine (paraphrase) and content-word containment (near-copies and
shorter or longer cuts of the same quote), vetoed when both give figures and none agree:
"42,000 cars a day" and "38,000 cars a day" are a disagreement, not a confirmation.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from storyfold.brief.table import TextFeatures

# Weights and threshold of the "same statement" score, tuned by maximising F1 on our own
# labelled pairs (tests/fixtures/paraphrase_pairs.jsonl, 60 same / 60 hard different;
# `python benchmarks/tune_citations.py` reruns the sweep).
COSINE_WEIGHT = 0.5
OVERLAP_WEIGHT = 0.5
SAME_THRESHOLD = 0.6


def same_scores(features: TextFeatures, rows: NDArray[np.intp]) -> NDArray[np.float32]:
    """Score of every sentence (columns) against each sentence in ``rows``."""
    cosine = features.vectors[rows] @ features.vectors.T
    scores = blend(cosine, containment(features.terms, rows))
    has_numbers = features.numbers.sum(axis=1) > 0
    shared_numbers = features.numbers[rows] @ features.numbers.T
    disagree = has_numbers[rows][:, None] & has_numbers[None, :] & (shared_numbers == 0)
    scores[disagree] = 0.0
    return scores.astype(np.float32)


def containment(incidence: NDArray[np.float32], rows: NDArray[np.intp]) -> NDArray[np.float32]:
    """Shared tokens over the smaller sentence's tokens: 1.0 when one is a cut of the other."""
    shared = incidence[rows] @ incidence.T
    sizes = incidence.sum(axis=1)
    smaller = np.minimum(sizes[rows][:, None], sizes[None, :])
    return np.divide(shared, smaller, out=np.zeros_like(shared), where=smaller > 0)


def blend(cosine: NDArray[np.float32], overlap: NDArray[np.float32]) -> NDArray[np.float32]:
    return (COSINE_WEIGHT * cosine + OVERLAP_WEIGHT * overlap).astype(np.float32)
