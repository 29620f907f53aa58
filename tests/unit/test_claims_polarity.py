"""The claim matcher's polarity rules (brief.summary.polarity and the vetoes and feature of
brief.summary.claims), each on invented sentences of our own, not taken from the fixtures."""

from __future__ import annotations

import numpy as np
import pytest

from storyfold.brief.summary import claims
from storyfold.brief.summary.claims import ClaimView, claim_probabilities, claim_view, same_word
from storyfold.brief.summary.polarity import (
    agreeing,
    forms,
    opposed,
    polarity,
    quantity_clash,
)
from storyfold.brief.table import text_features
from storyfold.nlp import get_embedder


def test_forms_of_regular_verbs_and_nouns() -> None:
    assert {"approves", "approved", "approving"} <= forms("approve")
    assert {"stopped", "stopping", "stops"} <= forms("stop")
    assert {"injuries"} <= forms("injury")


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (
            "The court convicted the harbour master of bribery.",
            "The court acquitted the harbour master of bribery.",
        ),
        (
            "The panel found the referee guilty of match fixing.",
            "The panel found the referee not guilty of match fixing.",
        ),
        (
            "The council approved the new bus lanes on Elm Street.",
            "The council rejected the new bus lanes on Elm Street.",
        ),
        ("Ferry fares rose sharply this spring.", "Ferry fares fell sharply this spring."),
        (
            "The library will stay open during the repairs.",
            "The library will be closed during the repairs.",
        ),
        (
            "The night trams kept running through the storm.",
            "The night trams stopped running during the storm.",
        ),
        (
            "The minister confirmed the talks with the dockers.",
            "The minister denied the talks with the dockers.",
        ),
        ("Lina Moss won the chess final in Brevik.", "Lina Moss lost the chess final in Brevik."),
        ("The bakers' union accepted the pay offer.", "The bakers' union refused the pay offer."),
    ],
)
def test_opposite_poles_are_opposed(a: str, b: str) -> None:
    assert opposed(polarity(a), polarity(b))
    assert opposed(polarity(b), polarity(a))


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # a negated antonym says the same thing
        ("No branches will close this winter.", "Every branch will stay open this winter."),
        ("None of the climbers died on the ridge.", "All the climbers survived on the ridge."),
        ("Nobody was hurt in the crash.", "The crash left everyone unhurt."),
        ("The goalkeeper escaped without injury.", "The goalkeeper was unharmed."),
        # the same pole in other words
        ("Bread prices climbed in May.", "Bread prices increased in May."),
    ],
)
def test_same_pole_is_not_opposed_and_agrees(a: str, b: str) -> None:
    pa, pb = polarity(a), polarity(b)
    assert not opposed(pa, pb)
    assert agreeing(pa, pb)


def test_mixed_poles_are_not_opposed() -> None:
    # One sentence states both poles (two companies' shares): nothing to contradict.
    both = polarity("Shares in Orvo rose 5 percent while Kettle's fell 3 percent.")
    one = polarity("Shares in Orvo rose 5 percent.")
    assert not opposed(both, one)


def test_refused_to_turns_the_next_verb_round() -> None:
    assert opposed(
        polarity("The mayor refused to approve the stadium budget."),
        polarity("The mayor approved the stadium budget."),
    )
    assert not opposed(
        polarity("The mayor refused to approve the stadium budget."),
        polarity("The mayor rejected the stadium budget."),
    )


def test_failed_to_is_a_negation_not_a_failure() -> None:
    # "failed to start" denies "start"; it is not the "fail" pole of an inspection.
    found = polarity("The pumps failed to start when the water rose.")
    assert ("pass", -1) not in {e for entries in found.words.values() for e in entries}


def test_quantifier_governs_the_rest_of_its_clause_only() -> None:
    found = polarity("No passengers were reported hurt, but the driver was injured.")
    assert found.words["hurt"] == {("hurt", -1)}
    assert found.words["injured"] == {("hurt", 1)}


def test_none_against_a_count_of_the_same_thing() -> None:
    none = polarity("No cyclists were taken to hospital.")
    two = polarity("Two cyclists were taken to hospital.")
    other = polarity("Two drivers were taken to hospital.")
    assert quantity_clash(none, two, same_word)
    assert not quantity_clash(none, other, same_word)
    # "none of the four" names the count it denies: no count of its own
    assert not quantity_clash(
        polarity("None of the four cyclists was hurt."),
        polarity("Four cyclists were hurt."),
        same_word,
    )


# One invented story (a ferry that ran aground off the made-up island of Skarra), scored
# together as a brief scores a story.
STORY = [
    # 0, 1: opposite poles, same actors
    "Coast guard commander Pia Lund said the ferry's crew had been cleared of negligence.",
    "Coast guard commander Pia Lund said the ferry's crew had been convicted of negligence.",
    # 2, 3: a negated antonym, the same claim
    "Operator Skarra Lines said no sailings would be cancelled this weekend.",
    "Skarra Lines said every sailing would go ahead as planned this weekend, with none cancelled.",
    # 4, 5: none against a count
    "The ferry was towed back to Skarra harbour, and no passengers were injured.",
    "The ferry was towed back to Skarra harbour, and three passengers were taken to hospital.",
    # 6, 7: one shared clause, one different clause
    "The ferry was towed back to Skarra harbour on Tuesday, and divers began checking "
    "the hull for cracks.",
    "The ferry was towed back to Skarra harbour on Tuesday, and the captain was suspended "
    "pending an inquiry.",
    # 8, 9: both negate, different words negated
    "The cause of the grounding was not yet known, Skarra Lines said.",
    "Skarra Lines said the grounding was not caused by engine failure.",
    # background
    "The island has about 2,000 residents and depends on the ferry for supplies.",
]


@pytest.fixture(scope="module")
def view() -> ClaimView:
    embedder = get_embedder()
    return claim_view(STORY, text_features(STORY, embedder), embedder)


def vetoed_both_ways(view: ClaimView, i: int, j: int) -> bool:
    return claims._vetoed(view, i, j) and claims._vetoed(view, j, i)


def test_antonym_veto_in_the_matcher(view: ClaimView) -> None:
    assert vetoed_both_ways(view, 0, 1)


def test_negated_antonym_is_not_vetoed_and_is_cited(view: ClaimView) -> None:
    assert not claims._vetoed(view, 2, 3) and not claims._vetoed(view, 3, 2)
    p = claim_probabilities(view, np.arange(len(STORY), dtype=np.intp))
    assert max(p[2, 3], p[3, 2]) >= claims.CITE_PROBABILITY


def test_none_against_a_count_is_vetoed(view: ClaimView) -> None:
    assert vetoed_both_ways(view, 4, 5)


def test_negated_heads_differ_when_both_negate(view: ClaimView) -> None:
    assert vetoed_both_ways(view, 8, 9)


def test_different_second_clause_is_not_cited(view: ClaimView) -> None:
    # A candidate (most words shared, no veto), turned down by its uncovered clause.
    assert not claims._vetoed(view, 6, 7)
    rows = np.arange(len(STORY), dtype=np.intp)
    assert any((k, j) == (6, 7) for k, j, _ in claims.candidates(view, rows))
    p = claim_probabilities(view, rows)
    assert max(p[6, 7], p[7, 6]) < claims.CITE_PROBABILITY
