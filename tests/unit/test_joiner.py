"""The learned join decision: its features, its model file, its wiring in the clusterer,
and training it on a stream of invented stories."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import numpy as np
import pytest

from storyfold.errors import ModelError
from storyfold.stories import ClusterSettings, OnlineClusterer
from storyfold.stories.background import load_background
from storyfold.stories.joiner import (
    JOIN_FEATURES,
    MODEL_PATH,
    TOP,
    Joiner,
    candidate_features,
    load_joiner,
)
from storyfold.stories.train import collect, multinews_stream, train_joiner
from tests.unit.test_cluster import STORIES, report

COLUMN = {name: k for k, name in enumerate(JOIN_FEATURES)}


class FixedJoiner(Joiner):
    """A stand-in model: the same probabilities for the candidates, best first."""

    def __init__(self, probabilities: list[float]) -> None:
        super().__init__(booster=None, path=Path("fixed"))
        self._fixed = probabilities
        self.seen: list[np.ndarray] = []

    def probabilities(self, features: np.ndarray) -> np.ndarray:
        self.seen.append(features)
        return np.asarray(self._fixed[: len(features)], dtype=np.float64)


def test_candidate_features_rank_the_best_first_with_their_gaps() -> None:
    scores = np.array([0.1, 0.5, 0.3, 0.2])
    order, rows = candidate_features(
        scores,
        term_cosines=scores / 2,
        embedding_cosines=scores / 4,
        embedding_dots=np.array([0.9, 0.8, 0.7, 0.6]),
        sizes=np.array([1.0, 4.0, 2.0, 1.0]),
    )
    assert order.tolist() == [1, 2, 3]
    assert rows.shape == (TOP, len(JOIN_FEATURES))
    assert rows[:, COLUMN["score"]] == pytest.approx([0.5, 0.3, 0.2])
    assert rows[:, COLUMN["term_cosine"]] == pytest.approx([0.25, 0.15, 0.1])
    assert rows[:, COLUMN["embedding_dot"]] == pytest.approx([0.8, 0.7, 0.6])
    assert rows[:, COLUMN["log_size"]] == pytest.approx(np.log([4.0, 2.0, 1.0]))
    assert rows[:, COLUMN["rank"]].tolist() == [0.0, 1.0, 2.0]
    assert rows[:, COLUMN["gap_to_best"]] == pytest.approx([0.0, 0.2, 0.3])
    assert rows[:, COLUMN["gap_to_next"]] == pytest.approx([0.2, 0.1, 0.1])  # to the 4th


def test_a_lone_candidate_has_no_rival() -> None:
    one = np.array([0.4])
    order, rows = candidate_features(one, one, one, one, np.array([3.0]))
    assert order.tolist() == [0]
    assert rows[0, COLUMN["gap_to_best"]] == 0.0
    assert rows[0, COLUMN["gap_to_next"]] == pytest.approx(0.4)  # not a tie


def test_the_shipped_model_loads_with_the_features_this_version_computes() -> None:
    joiner = load_joiner()
    assert joiner.path == MODEL_PATH
    # Features as the clusterer computes them, for a close match and a story it has little
    # in common with, each the best of two candidates with a clear margin.
    _, rows = candidate_features(
        np.array([0.6, 0.03]),
        term_cosines=np.array([0.6, 0.02]),
        embedding_cosines=np.array([0.7, 0.1]),
        embedding_dots=np.array([0.9, 0.6]),
        sizes=np.array([2.0, 2.0]),
    )
    close, unrelated = rows[0:1].copy(), rows[1:2].copy()
    unrelated[0, COLUMN["rank"]] = 0.0
    unrelated[0, COLUMN["gap_to_best"]] = 0.0
    assert joiner.probabilities(close)[0] > 0.5 > joiner.probabilities(unrelated)[0]
    # More alike is never less likely (the model is trained under monotone constraints).
    ladder = np.repeat(close, 5, axis=0)
    for column in ("score", "term_cosine", "embedding_cosine"):
        ladder[:, COLUMN[column]] = np.linspace(0.05, 0.9, 5)
    assert np.all(np.diff(joiner.probabilities(ladder)) >= 0)


def test_a_missing_or_foreign_model_file_is_a_model_error(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="no join decision model file"):
        load_joiner(tmp_path / "absent.txt")
    garbage = tmp_path / "garbage.txt"
    garbage.write_text("this is not a model\n")
    with pytest.raises(ModelError, match="not a usable LightGBM model"):
        load_joiner(garbage)
    import lightgbm

    other = tmp_path / "other.txt"
    rng = np.random.default_rng(1)
    data = lightgbm.Dataset(rng.random((50, 2)), label=rng.integers(0, 2, 50))
    lightgbm.train({"verbose": -1, "num_threads": 1}, data, num_boost_round=2).save_model(
        str(other)
    )
    with pytest.raises(ModelError, match="retrain"):
        load_joiner(other)


def test_the_model_decides_which_candidate_an_article_joins() -> None:
    # Two stories; a third bridge report scores best with the bridge story. A model that
    # prefers the runner-up sends it there; one that likes neither starts a new story.
    first = [report("bridge", 0), report("orchestra", 0), report("bridge", 1)]
    newcomer = report("bridge", 2)
    rule = OnlineClusterer(settings=ClusterSettings(joiner="none"))
    stories = [a.story_id for a in rule.add_many(first)]
    assert stories[0] == stories[2] != stories[1]
    saved = [p.to_bytes() for p in rule.profiles().values()]
    statistics = rule.statistics.to_bytes()

    runner_up = FixedJoiner([0.2, 0.9])
    clusterer = OnlineClusterer.from_saved(saved, statistics, joiner=runner_up)
    assert clusterer.add(newcomer).story_id == stories[1]  # the orchestra story
    best, second = runner_up.seen[-1][:2]
    assert best[COLUMN["score"]] > second[COLUMN["score"]]  # though the bridge scored higher

    refuses = OnlineClusterer.from_saved(saved, statistics, joiner=FixedJoiner([0.1, 0.1]))
    assert refuses.add(newcomer).new


def test_the_threshold_decides_without_the_model() -> None:
    articles = [report("bridge", 0), report("bridge", 1), report("orchestra", 0)]
    strict = OnlineClusterer(settings=ClusterSettings(joiner="none", threshold=0.99))
    assert all(a.new for a in strict.add_many(articles))
    loose = OnlineClusterer(settings=ClusterSettings(joiner="none"))
    stories = [a.story_id for a in loose.add_many(articles)]
    assert stories[0] == stories[1] != stories[2]
    with pytest.raises(ModelError, match="unknown join decision"):
        OnlineClusterer(settings=ClusterSettings(joiner="sometimes"))


def _write_clusters(path: Path) -> None:
    """Invented Multi-News-style lines: each story's reports, one off-topic one marked."""
    with gzip.open(path, "wt", encoding="utf-8") as out:
        for n, story in enumerate(STORIES):
            documents = [report(story, k).raw_text for k in range(4)]
            other = list(STORIES)[(n + 1) % len(STORIES)]
            documents.append(report(other, 4).raw_text)
            line = {"id": story, "documents": documents, "summary": "-", "offtopic_documents": [4]}
            out.write(json.dumps(line) + "\n")


def test_a_stream_leaves_out_off_topic_documents_and_keeps_true_labels(tmp_path: Path) -> None:
    path = tmp_path / "clusters.jsonl.gz"
    _write_clusters(path)
    stream = multinews_stream(path, clusters=3, first=2)
    assert stream.dropped_offtopic == 3
    assert sorted(set(stream.labels)) == sorted(list(STORIES)[1:4])
    assert len(stream.articles) == 12
    again = multinews_stream(path, clusters=3, first=2)
    assert [a.id for a in again.articles] == [a.id for a in stream.articles]  # fixed seed
    plain = tmp_path / "clusters.jsonl"
    with gzip.open(path, "rt", encoding="utf-8") as packed:
        plain.write_text(packed.read(), encoding="utf-8")
    assert multinews_stream(plain, clusters=3, first=2).labels == stream.labels


def test_training_writes_a_model_the_clusterer_can_use(tmp_path: Path) -> None:
    path = tmp_path / "clusters.jsonl.gz"
    _write_clusters(path)
    output = tmp_path / "models" / "joiner.txt"
    result = train_joiner(path, output, streams=((1, 4),))
    assert result.streams == 1 and result.articles == 16
    assert 0 < result.positives < result.examples
    joiner = load_joiner(output)
    # On the decisions it learnt from, the right stories get the higher probabilities.
    rows, labels = collect(multinews_stream(path, clusters=4), ClusterSettings(), joiner)
    probabilities = joiner.probabilities(rows)
    assert probabilities[labels == 1].mean() > probabilities[labels == 0].mean()


def test_the_train_command_writes_a_loadable_model_and_names_a_bad_input(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from storyfold.cli import app

    path = tmp_path / "clusters.jsonl.gz"
    _write_clusters(path)
    output = tmp_path / "joiner.txt"
    background = tmp_path / "background.bin.gz"
    args = ["--output", str(output), "--background", str(background)]
    result = CliRunner().invoke(
        app, ["train-clusterer", str(path), *args, "--background-lines", "4-4"]
    )
    assert result.exit_code == 0, result.output
    assert "16 articles" in result.output and str(output) in result.output
    assert load_joiner(output).path == output
    # Line 4 holds one story: 4 reports, and a fifth marked off-topic.
    assert "counted 4 background documents" in result.output
    assert load_background(background).documents == 4
    # The default background lines lie far past this little file's end.
    result = CliRunner().invoke(app, ["train-clusterer", str(path), *args])
    assert result.exit_code != 0
    assert "no articles in the background lines" in result.output
    result = CliRunner().invoke(
        app, ["train-clusterer", str(path), *args, "--background-lines", "9-3"]
    )
    assert result.exit_code != 0 and "not a range of lines" in result.output
    missing = tmp_path / "absent.jsonl.gz"
    result = CliRunner().invoke(app, ["train-clusterer", str(missing), *args])
    assert result.exit_code != 0
    assert str(missing) in result.output
