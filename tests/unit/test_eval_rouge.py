"""ROUGE wiring and the word budget every system is cut to."""

from __future__ import annotations

from pathlib import Path

import pytest
from rouge_score import rouge_scorer

from storyfold.eval import (
    SYSTEM_NAMES,
    Rouge,
    make_systems,
    read_clusters,
    reference_lines,
    truncate,
)
from storyfold.text import word_count

TINY = Path(__file__).resolve().parents[1] / "fixtures" / "multinews_tiny.jsonl"
REFERENCE = (
    "– Engineers opened the spillway of the Elmsford dam on Monday. About 1,200 homes were "
    "told to prepare to leave. Schools will stay closed on Tuesday, officials said."
)


@pytest.fixture(scope="module")
def rouge() -> Rouge:
    return Rouge()


def test_a_summary_equal_to_its_reference_scores_100(rouge: Rouge) -> None:
    lines = reference_lines(REFERENCE)
    scores = rouge.score(lines, list(lines))
    assert (scores.rouge1, scores.rouge2, scores.rougeLsum) == (100.0, 100.0, 100.0)


def test_an_unrelated_summary_scores_low(rouge: Rouge) -> None:
    scores = rouge.score(reference_lines(REFERENCE), ["Tomatoes grow well in a warm greenhouse."])
    assert scores.rouge1 < 10 and scores.rouge2 == 0.0


def test_reference_is_split_one_sentence_a_line_without_the_lead_dash() -> None:
    assert reference_lines(REFERENCE) == [
        "Engineers opened the spillway of the Elmsford dam on Monday.",
        "About 1,200 homes were told to prepare to leave.",
        "Schools will stay closed on Tuesday, officials said.",
    ]
    assert reference_lines("no dash here. Two sentences.") == ["no dash here.", "Two sentences."]


def test_lsum_compares_sentence_by_sentence(rouge: Rouge) -> None:
    # The same sentences in the other order: summary-level LCS matches each sentence whole
    # only when each sits on its own line; on one line the LCS can keep just one of them.
    reference = ["The dam gates opened on Monday.", "Schools closed on Tuesday."]
    summary = list(reversed(reference))
    assert rouge.score(reference, summary).rougeLsum == 100.0
    plain = rouge_scorer.RougeScorer(["rougeLsum"], use_stemmer=True)
    one_line = plain.score(" ".join(reference), " ".join(summary))["rougeLsum"].fmeasure
    assert 100 * one_line < 80


def test_scores_match_rouge_score_as_shipped(rouge: Rouge) -> None:
    """Remembering stems must not change a single figure."""
    plain = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeLsum"], use_stemmer=True)
    data = read_clusters(TINY)
    for cluster in data.clusters:
        reference = reference_lines(cluster.summary)
        for docs in cluster.documents:
            summary = [s for s in docs.split(". ") if s]
            ours = rouge.score(reference, summary)
            theirs = plain.score("\n".join(reference), "\n".join(summary))
            assert ours.rouge1 == pytest.approx(100 * theirs["rouge1"].fmeasure)
            assert ours.rouge2 == pytest.approx(100 * theirs["rouge2"].fmeasure)
            assert ours.rougeLsum == pytest.approx(100 * theirs["rougeLsum"].fmeasure)


def test_truncate_keeps_whole_sentences_that_fit_and_cuts_the_last() -> None:
    sentences = ["One two three four.", "Five six seven.", "Eight nine ten eleven twelve."]
    assert truncate(sentences, 100) == sentences
    assert truncate(sentences, 7) == sentences[:2]
    assert truncate(sentences, 9) == ["One two three four.", "Five six seven.", "Eight nine"]
    assert truncate(sentences, 2) == ["One two"]
    assert truncate(sentences, 0) == []


def test_truncate_counts_words_as_the_summary_budget_does() -> None:
    # Bare punctuation is no word; a dash between words splits them.
    sentences = ['" The gates opened — again , " she said .', "Then it rained."]
    assert word_count(sentences[0]) == 6
    assert truncate(sentences, 6) == [sentences[0]]
    assert truncate(sentences, 7) == [sentences[0], "Then"]
    assert truncate(["a\nb c"], 5) == ["a b c"]  # one sentence, one line for Lsum


@pytest.mark.parametrize("words", [12, 40, 230])
def test_every_system_is_cut_to_the_budget(words: int) -> None:
    data = read_clusters(TINY)
    for system in make_systems(list(SYSTEM_NAMES)):
        system.setup()
        for cluster in data.clusters:
            summary = truncate(system.summarize(cluster.documents, words), words)
            assert summary, (system.name, cluster.id)
            total = sum(word_count(s) for s in summary)
            assert total <= words, (system.name, cluster.id)
            if system.name != "storyfold" and words <= 40:
                # Peers fill the budget; how storyfold fills it is the summary's own choice.
                assert total == words, (system.name, cluster.id)
