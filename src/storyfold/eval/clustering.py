"""How well a clustering recovers the true groups: B-cubed precision/recall/F1 and ARI.

B-cubed (Bagga & Baldwin 1998; Amigó et al. 2009) scores each item: precision is the share
of its predicted cluster that truly belongs with it, recall the share of its true cluster
that was put with it; both are averaged over items, so big clusters do not drown small ones.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Sequence
from dataclasses import dataclass

from storyfold.errors import InputError


@dataclass(frozen=True, slots=True)
class ClusteringScores:
    precision: float
    recall: float
    f1: float
    ari: float
    items: int
    true_clusters: int
    predicted_clusters: int


def bcubed(truth: Sequence[Hashable], predicted: Sequence[Hashable]) -> tuple[float, float, float]:
    """B-cubed (precision, recall, F1) of `predicted` labels against `truth`, item by item."""
    _check(truth, predicted)
    if not truth:
        return 0.0, 0.0, 0.0
    # For an item in true cluster t and predicted cluster p, the items sharing both are the
    # (t, p) cell of the contingency table; every item of the cell has the same scores.
    cells = Counter(zip(truth, predicted, strict=True))
    true_sizes = Counter(truth)
    predicted_sizes = Counter(predicted)
    precision = sum(n * n / predicted_sizes[p] for (_, p), n in cells.items()) / len(truth)
    recall = sum(n * n / true_sizes[t] for (t, _), n in cells.items()) / len(truth)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def adjusted_rand(truth: Sequence[Hashable], predicted: Sequence[Hashable]) -> float:
    """The adjusted Rand index (Hubert & Arabie 1985), as scikit-learn computes it."""
    _check(truth, predicted)
    from sklearn.metrics import adjusted_rand_score

    return float(adjusted_rand_score(_codes(truth), _codes(predicted)))


def clustering_scores(truth: Sequence[Hashable], predicted: Sequence[Hashable]) -> ClusteringScores:
    precision, recall, f1 = bcubed(truth, predicted)
    return ClusteringScores(
        precision=precision,
        recall=recall,
        f1=f1,
        ari=adjusted_rand(truth, predicted),
        items=len(truth),
        true_clusters=len(set(truth)),
        predicted_clusters=len(set(predicted)),
    )


def _codes(labels: Sequence[Hashable]) -> list[int]:
    # sklearn wants comparable labels; ids of any hashable type become small integers.
    index: dict[Hashable, int] = {}
    return [index.setdefault(label, len(index)) for label in labels]


def _check(truth: Sequence[Hashable], predicted: Sequence[Hashable]) -> None:
    if len(truth) != len(predicted):
        raise InputError(
            f"{len(truth)} true labels but {len(predicted)} predicted labels",
            input="clustering scores",
        )
