"""The learned summary scorer: features, oracle labels, training, the shipped model and the
fallback to the unsupervised score. Every text here is invented for these tests."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import numpy as np
import pytest
from rouge_score import rouge_scorer
from typer.testing import CliRunner

import storyfold
from storyfold.brief.summary import scorer
from storyfold.brief.summary import select as summary
from storyfold.brief.summary.features import (
    FEATURE_NAMES,
    FEATURES,
    dangling,
    sentence_features,
    support,
)
from storyfold.brief.summary.oracle import greedy_oracle, rouge_n, rouge_tokens
from storyfold.brief.summary.train import Cluster, read_clusters, train_scorer
from storyfold.brief.table import SentenceTable, build_table
from storyfold.cli import app
from storyfold.config import Settings
from storyfold.errors import InputError, ModelError
from storyfold.ingest import load_articles
from storyfold.model import Article
from storyfold.nlp import get_embedder
from storyfold.text import clean_article, word_count

# Invented clusters in Multi-News form (lower-cased documents, a reference summary).
_TOWNS = ("elmsford", "brackley", "dunmore", "ashcombe", "kelby", "marston")
_EVENTS = (
    ("the ferry service", "was suspended", "storm winds of 90 km an hour"),
    ("the old mill", "caught fire", "a fault in the wiring"),
    ("the high school", "closed for a week", "a burst water main"),
    ("the main bridge", "was shut to traffic", "cracks in two of its beams"),
    ("the town library", "reopened", "a two-year renovation"),
    ("the night market", "was cancelled", "a shortage of volunteers"),
)


def _cluster(town: str, event: tuple[str, str, str], k: int) -> dict[str, object]:
    thing, happened, cause = event
    lead = f"In {town}, {thing} {happened} on monday because of {cause}."
    docs = [
        f"{lead} The mayor of {town} said repairs would start within {k + 2} days. "
        f"Local traders said the news was a blow before the holiday season. "
        f"A spokesman for the council declined to give a date for the work.",
        f"Officials in {town} confirmed that {thing} {happened} after {cause}. "
        f"Residents were told to follow updates on the council website. "
        f"The last time this happened was {k + 5} years ago, one resident recalled.",
        f"Weather forecasters expect calmer conditions in {town} later in the week. "
        f"The mayor said repairs would begin within {k + 2} days and cost about "
        f"{(k + 1) * 100},000 pounds.",
    ]
    reference = (
        f"{thing.capitalize()} in {town} {happened} on monday because of {cause}. "
        f"The mayor said repairs would start within {k + 2} days."
    )
    return {"id": f"invented-{k}", "documents": docs, "summary": reference}


def _write_clusters(path: Path, count: int) -> Path:
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        for k in range(count):
            row = _cluster(_TOWNS[k % len(_TOWNS)], _EVENTS[(k // 2) % len(_EVENTS)], k)
            fh.write(json.dumps(row) + "\n")
    return path


@pytest.fixture
def dam_table(story_dir: Path) -> SentenceTable:
    return build_table(load_articles([story_dir]).articles, get_embedder())


def test_features_have_one_row_per_sentence_in_the_documented_order(
    dam_table: SentenceTable,
) -> None:
    features = sentence_features(dam_table)
    assert features.shape == (len(dam_table), FEATURES) == (len(dam_table), len(FEATURE_NAMES))
    assert np.isfinite(features).all()
    column = {name: k for k, name in enumerate(FEATURE_NAMES)}
    np.testing.assert_array_equal(features[:, column["position"]], dam_table.position)
    np.testing.assert_array_equal(features[:, column["is_first"]], dam_table.position == 0)
    np.testing.assert_array_equal(features[:, column["words"]], dam_table.words)
    assert (features[:, column["articles"]] == 3).all()
    # The spillway sentence is carried by all three outlets, the sandbags line by one.
    spillway = next(i for i, t in enumerate(dam_table.texts) if t.startswith("Engineers opened"))
    sandbags = next(i for i, t in enumerate(dam_table.texts) if "sandbags" in t)
    assert features[spillway, column["support"]] > features[sandbags, column["support"]]
    assert features[spillway, column["best_other"]] > features[sandbags, column["best_other"]]


def test_our_rouge_agrees_with_rouge_score() -> None:
    reference = "The mayor's office said repairs to the bridges would start on Tuesday."
    candidate = "Repairs to the bridge will be starting Tuesday, said the mayor of Kelby."
    official = rouge_scorer.RougeScorer(["rouge1", "rouge2"], use_stemmer=True).score(
        reference, candidate
    )
    ours, theirs = rouge_tokens(candidate), rouge_tokens(reference)
    assert rouge_n(ours, theirs, 1) == pytest.approx(official["rouge1"].fmeasure)
    assert rouge_n(ours, theirs, 2) == pytest.approx(official["rouge2"].fmeasure)
    assert rouge_n(ours, theirs, 2) > 0


def test_oracle_picks_the_sentences_that_match_the_reference() -> None:
    sentences = [
        "Weather forecasters expect a calm week.",
        "The ferry service in Dunmore was suspended on Monday because of storm winds.",
        "Local traders said the news was a blow.",
        "Repairs to the pier will start within four days, the mayor said.",
    ]
    reference = (
        "The Dunmore ferry service was suspended on Monday because of storm winds. "
        "The mayor said repairs to the pier will start within four days."
    )
    picked = greedy_oracle(sentences, reference, budget=100)
    assert sorted(picked) == [1, 3]
    # The budget binds: the two matching sentences have 13 and 12 words, so only the
    # first pick fits in 13.
    lengths = [word_count(s) for s in sentences]
    assert greedy_oracle(sentences, reference, budget=13, lengths=lengths) == picked[:1]


def test_training_on_a_tiny_fixture_gives_a_loadable_model(tmp_path: Path) -> None:
    data = _write_clusters(tmp_path / "clusters.jsonl.gz", 12)
    output = tmp_path / "models" / "scorer.txt"
    report = train_scorer(data, output, rounds=5)
    assert report.clusters == 12 and not report.skipped
    assert 0 < report.positives < report.sentences
    loaded = scorer.load_scorer(output)
    table = build_table(tuple(clean_article(a) for a in _articles_of(data)), get_embedder())
    scores = loaded.score(table)
    assert scores.shape == (len(table),) and ((scores >= 0) & (scores <= 1)).all()


def _articles_of(path: Path) -> list[Article]:
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        row = json.loads(fh.readline())
    return [
        Article(id=f"a{i}", outlet=f"document {i}", source="fixture", raw_text=doc)
        for i, doc in enumerate(row["documents"])
    ]


def test_train_scorer_command_reports_and_writes_the_model(tmp_path: Path) -> None:
    data = _write_clusters(tmp_path / "clusters.jsonl.gz", 8)
    output = tmp_path / "scorer.txt"
    result = CliRunner().invoke(
        app, ["train-scorer", str(data), "--limit", "6", "--output", str(output)]
    )
    assert result.exit_code == 0, result.output
    assert "trained on 6 clusters" in result.output and "oracle positives" in result.output
    assert scorer.load_scorer(output).path == output
    held_out = CliRunner().invoke(
        app,
        ["train-scorer", str(data), "--limit", "6", "--hold-out", "2-3", "-o", str(output)],
    )
    assert held_out.exit_code == 0, held_out.output
    assert "trained on 4 clusters" in held_out.output
    for bad in ("5", "3-2", "a-b"):
        refused = CliRunner().invoke(app, ["train-scorer", str(data), "--hold-out", bad])
        assert refused.exit_code == 2 and "--hold-out" in refused.output


def test_read_clusters_passes_over_the_held_out_lines(tmp_path: Path) -> None:
    data = _write_clusters(tmp_path / "clusters.jsonl.gz", 8)
    kept = [c.line for c in read_clusters(data, hold_out=(3, 5)) if isinstance(c, Cluster)]
    assert kept == [1, 2, 6, 7, 8]
    window = read_clusters(data, limit=4, skip=1, hold_out=(3, 3))
    assert [c.line for c in window if isinstance(c, Cluster)] == [2, 4, 5]


def test_training_reports_bad_lines_and_refuses_a_missing_file(tmp_path: Path) -> None:
    data = _write_clusters(tmp_path / "clusters.jsonl.gz", 10)
    with gzip.open(data, "at", encoding="utf-8") as fh:
        fh.write("{not json\n")
        fh.write(json.dumps({"documents": ["   "], "summary": "Nothing."}) + "\n")
    report = train_scorer(data, tmp_path / "scorer.txt", rounds=3)
    assert report.clusters == 10
    assert [s.split(": ")[0] for s in report.skipped] == [f"{data}:11", f"{data}:12"]
    with pytest.raises(InputError, match="missing"):
        train_scorer(tmp_path / "missing.jsonl.gz", tmp_path / "out.txt")


def test_shipped_model_loads_and_scores(dam_table: SentenceTable) -> None:
    loaded = scorer.load_scorer()
    assert loaded.path == scorer.MODEL_PATH and loaded.path.stat().st_size < 5 * 1024**2
    scores = loaded.score(dam_table)
    assert scores.shape == (len(dam_table),) and ((scores >= 0) & (scores <= 1)).all()
    learned = summary.score_sentences(dam_table, "learned")
    finite = np.isfinite(learned)
    # The summary's learned score: the model's, plus agreement across outlets, with lines
    # that lean on context scored down.
    penalty = np.asarray(
        [summary.LEARNED_DANGLING_PENALTY if dangling(t) else 1.0 for t in dam_table.texts]
    )
    agreement = support(dam_table)
    expected = (scores + summary.LEARNED_SUPPORT_WEIGHT * agreement) * penalty
    np.testing.assert_allclose(learned[finite], expected[finite], rtol=1e-5)
    assert (agreement[finite] > 0).any()
    # A sentence all three outlets carry outranks the sandbags line only one has.
    spillway = next(i for i, t in enumerate(dam_table.texts) if t.startswith("Engineers opened"))
    sandbags = next(i for i, t in enumerate(dam_table.texts) if "sandbags" in t)
    assert scores[spillway] > scores[sandbags]


def test_missing_or_broken_model_file_is_a_model_error(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="no scorer model file"):
        scorer.load_scorer(tmp_path / "absent.txt")
    broken = tmp_path / "broken.txt"
    broken.write_text("this is not a model\n", encoding="utf-8")
    with pytest.raises(ModelError, match="not a usable LightGBM model"):
        scorer.load_scorer(broken)


def test_without_the_model_the_summary_falls_back_to_the_unsupervised_score(
    story_dir: Path, dam_table: SentenceTable, monkeypatch: pytest.MonkeyPatch
) -> None:
    def unavailable(path: Path | None = None) -> scorer.Scorer:
        raise ModelError("no scorer model file", input="absent.txt")

    monkeypatch.setattr(summary, "load_scorer", unavailable)
    fallback = summary.score_sentences(dam_table, "auto")
    np.testing.assert_array_equal(fallback, summary.unsupervised_scores(dam_table))
    with pytest.raises(ModelError):
        summary.score_sentences(dam_table, "learned")
    result = storyfold.brief(load_articles([story_dir]))
    assert result.summary and all(line.citations for line in result.summary)
    assert summary.summarize(load_articles([story_dir]).articles, Settings(words=40))


def test_scorer_none_forces_the_unsupervised_path(dam_table: SentenceTable) -> None:
    np.testing.assert_array_equal(
        summary.score_sentences(dam_table, "none"), summary.unsupervised_scores(dam_table)
    )
    assert not np.array_equal(
        summary.score_sentences(dam_table, "learned"), summary.unsupervised_scores(dam_table)
    )
    with pytest.raises(ModelError, match="unknown scorer"):
        summary.score_sentences(dam_table, "magic")


@pytest.mark.parametrize("words", [15, 40, 230])
def test_summarize_fills_the_budget_exactly(story_dir: Path, words: int) -> None:
    articles = load_articles([story_dir]).articles
    story_words = sum(word_count(a.sentence_text(s)) for a in articles for s in a.sentences)
    assert 40 < story_words < 230
    lines = summary.summarize(articles, Settings(words=words))
    total = sum(word_count(line) for line in lines)
    # A short budget is filled to the word, the last line cut; a long one takes what the
    # candidates have and no more.
    assert total == words if words <= 40 else 40 < total <= words
    texts = [a.text for a in articles]
    assert all(any(line in text for text in texts) for line in lines)
    assert len(set(lines)) == len(lines)
