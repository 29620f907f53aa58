"""B-cubed and ARI against hand-computed values."""

from __future__ import annotations

import pytest

from storyfold.errors import InputError
from storyfold.eval.clustering import adjusted_rand, bcubed, clustering_scores


def test_perfect_clustering_scores_one_whatever_the_label_names() -> None:
    truth = ["a", "a", "b", "c", "c", "c"]
    predicted = [7, 7, 3, 1, 1, 1]
    assert bcubed(truth, predicted) == pytest.approx((1.0, 1.0, 1.0))
    assert adjusted_rand(truth, predicted) == pytest.approx(1.0)


def test_bcubed_matches_a_hand_computed_example() -> None:
    # True: {1,2,3} {4,5}. Predicted: {1,2} {3,4,5}.
    truth = ["x", "x", "x", "y", "y"]
    predicted = ["p", "p", "q", "q", "q"]
    # Precision per item: 1, 1, 1/3, 2/3, 2/3 -> 11/15. Recall: 2/3, 2/3, 1/3, 1, 1 -> 11/15.
    precision, recall, f1 = bcubed(truth, predicted)
    assert precision == pytest.approx(11 / 15)
    assert recall == pytest.approx(11 / 15)
    assert f1 == pytest.approx(11 / 15)


def test_one_big_cluster_has_full_recall_and_low_precision() -> None:
    truth = ["a", "a", "b", "b"]
    precision, recall, _ = bcubed(truth, ["one"] * 4)
    assert recall == pytest.approx(1.0)
    assert precision == pytest.approx(0.5)
    singletons = bcubed(truth, [1, 2, 3, 4])
    assert singletons[0] == pytest.approx(1.0)
    assert singletons[1] == pytest.approx(0.5)


def test_ari_is_near_zero_for_an_unrelated_split_and_summary_counts_clusters() -> None:
    truth = ["a", "a", "b", "b", "c", "c"]
    scores = clustering_scores(truth, [1, 2, 1, 2, 1, 2])
    assert scores.ari < 0.0 + 1e-9
    assert scores.true_clusters == 3
    assert scores.predicted_clusters == 2
    assert scores.items == 6


def test_label_lists_of_different_length_are_refused() -> None:
    with pytest.raises(InputError, match="3 true labels but 2 predicted"):
        bcubed(["a", "b", "c"], [1, 2])
