"""When do two sentences from different outlets say the same thing?

Embedding cosine (it scores paraphrases and near-copies alike), with two vetoes that static
embeddings cannot see: sentences that both give figures and share none ("42,000 cars a day"
against "38,000 cars a day" is a disagreement, not a confirmation), and sentences that both
quote someone but quote different words (two remarks by one speaker look alike).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from storyfold.brief.table import TextFeatures

# Threshold of the "same statement" score, tuned on our own labelled pairs
# (tests/fixtures/paraphrase_pairs.jsonl: 60 same, 60 hard different) for the best F1 among
# settings with precision >= 0.85, because a false citation misreports an outlet while a
# missed one only under-counts. The sweep also tried blending in content-word containment;
# no blend beat cosine alone once the vetoes were in (F1 0.84 against at most 0.81).
# `python benchmarks/tune_citations.py` reruns it.
SAME_THRESHOLD = 0.66
# Two quotations are the same remark when at least this share of the shorter one's content
# words recur in the other; variant cuts and swapped words stay well above it.
QUOTE_CONTAINMENT = 0.5


def same_scores(features: TextFeatures, rows: NDArray[np.intp]) -> NDArray[np.float32]:
    """Score of every sentence (columns) against each sentence in ``rows``; 0 where vetoed."""
    scores: NDArray[np.float32] = (features.centered[rows] @ features.centered.T).astype(np.float32)
    scores[vetoes(features, rows)] = 0.0
    return scores


def vetoes(features: TextFeatures, rows: NDArray[np.intp]) -> NDArray[np.bool_]:
    """Pairs that cannot be the same statement whatever their wording."""
    return _disjoint(features.numbers, rows, 0.0) | _disjoint(
        features.quotes, rows, QUOTE_CONTAINMENT
    )


def containment(incidence: NDArray[np.float32], rows: NDArray[np.intp]) -> NDArray[np.float32]:
    """Shared tokens over the smaller sentence's tokens: 1.0 when one is a cut of the other."""
    shared = incidence[rows] @ incidence.T
    sizes = incidence.sum(axis=1)
    smaller = np.minimum(sizes[rows][:, None], sizes[None, :])
    share: NDArray[np.float32] = np.divide(
        shared, smaller, out=np.zeros_like(shared), where=smaller > 0
    )
    return share


def _disjoint(
    incidence: NDArray[np.float32], rows: NDArray[np.intp], at_most: float
) -> NDArray[np.bool_]:
    """Pairs where both sentences hold tokens of this kind and share no more than ``at_most``."""
    present = incidence.sum(axis=1) > 0
    both = present[rows][:, None] & present[None, :]
    disjoint: NDArray[np.bool_] = both & (containment(incidence, rows) <= at_most)
    return disjoint
