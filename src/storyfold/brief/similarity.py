"""When do two sentences from different outlets say the same thing?

Two ways to agree: the story-centred embedding cosine is high (paraphrase), or most content
words of the shorter sentence recur in the longer (a near-copy, or a cut of the same quote
with or without its attribution, which static embeddings score low once the lengths
differ). Two vetoes overrule both, since no bag of words sees them: a sentence that gives
figures confirms a line only if it gives every figure of the line ("38,000 cars a day"
does not confirm "42,000 cars a day and a 40-minute detour", nor does "a 40-minute
detour" alone with its own figure), and two quotations confirm each other only if they
quote the same words (two remarks by one speaker look alike).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from storyfold.brief.table import Bags, TextFeatures

# Tuned together on two sets of labelled pairs written by us: 120 across invented stories
# (tests/fixtures/paraphrase_pairs.jsonl) and 81 from the example story scored in context
# (tests/fixtures/story_pairs.jsonl), for the best F1 on both with precision >= 0.85 on
# each, since a false citation misreports an outlet while a missed one only under-counts.
# Centred cosine alone reached F1 0.83 / 0.60 there; with the word rule, 0.83 / 0.87.
# `python benchmarks/tune_citations.py` reruns the comparison.
SAME_THRESHOLD = 0.68  # story-centred cosine
WORD_CONTAINMENT = 0.6  # share of the shorter sentence's content words found in the other
MIN_SHARED_WORDS = 4  # below this, containment is chance ("Mayor Lena Okafor said ...")
# Two quotations are the same remark when at least this share of the shorter one's content
# words recur in the other; variant cuts and swapped words stay well above it.
QUOTE_CONTAINMENT = 0.5


def same_scores(features: TextFeatures, rows: NDArray[np.intp]) -> NDArray[np.float32]:
    """Score of every sentence (columns) against each sentence in ``rows``; 0 where vetoed.

    Word containment is put on the cosine's scale (WORD_CONTAINMENT maps to SAME_THRESHOLD)
    so that one number, compared with one threshold, says "the same" either way.
    """
    cosine = features.centered[rows] @ features.centered.T
    shared = features.terms.shared(rows)
    words = containment(features.terms, rows, shared) * (SAME_THRESHOLD / WORD_CONTAINMENT)
    words[shared < MIN_SHARED_WORDS] = 0.0
    scores: NDArray[np.float32] = np.minimum(np.maximum(cosine, words), 1.0).astype(np.float32)
    scores[vetoes(features, rows)] = 0.0
    return scores


def vetoes(
    features: TextFeatures, rows: NDArray[np.intp], *, figures: bool = True
) -> NDArray[np.bool_]:
    """Pairs that cannot be the same statement whatever their wording. Without
    ``figures``, the figures are left to the caller's own rule."""
    found = _disjoint(features.quotes, rows, QUOTE_CONTAINMENT) | _disjoint(
        features.days, rows, 0.0
    )
    return found | _figures_missing(features.numbers, rows) if figures else found


def containment(
    bags: Bags, rows: NDArray[np.intp], shared: NDArray[np.float32] | None = None
) -> NDArray[np.float32]:
    """Shared tokens over the smaller sentence's tokens: 1.0 when one is a cut of the other."""
    if shared is None:
        shared = bags.shared(rows)
    smaller = np.minimum(bags.sizes[rows][:, None], bags.sizes[None, :])
    share: NDArray[np.float32] = np.divide(
        shared, smaller, out=np.zeros_like(shared), where=smaller > 0
    )
    return share


def _figures_missing(numbers: Bags, rows: NDArray[np.intp]) -> NDArray[np.bool_]:
    """Columns that give figures but not every figure of the row. One-sided on purpose: the
    row is the line being confirmed; a sentence with no figures is judged by its words."""
    count = numbers.sizes
    gives = (count[rows][:, None] > 0) & (count[None, :] > 0)
    missing: NDArray[np.bool_] = gives & (numbers.shared(rows) < count[rows][:, None])
    return missing


def _disjoint(bags: Bags, rows: NDArray[np.intp], at_most: float) -> NDArray[np.bool_]:
    """Pairs where both sentences hold tokens of this kind and share no more than ``at_most``."""
    present = bags.sizes > 0
    both = present[rows][:, None] & present[None, :]
    disjoint: NDArray[np.bool_] = both & (containment(bags, rows) <= at_most)
    return disjoint
