"""The labelled claim pairs of our own, as the citation benchmarks read them, and the
story-wise held-out scoring both benchmarks report.

Two files of invented stories, both design data now (the claim matcher was built and is
fitted on all nine stories): tests/fixtures/citation_claims.jsonl (five stories: a tunnel
fire, a drug recall, a runoff election, a pilots' strike, a wildfire) and
tests/fixtures/citation_claims_heldout.jsonl (four more: a mine collapse, a grocery merger,
a power outage, a fraud verdict; written before the matcher and held out from it until
the polarity rules, kept as a file of its own so that its figures can be compared with
earlier ones). Each row is a sentence of one story, tagged with its outlet and the claim it
states; hard negatives carry ``kind`` (figure, date, claim) and ``near`` (the claim they
imitate). Two sentences of different outlets of one story are a pair, judged both ways
round (a citation is directional: a line confirmed by another outlet's sentence).

Since every story of those two files is design data, their honest figure is story-wise held
out: each story is scored by a model fitted on the other eight (`held_out_scores`).

A third file, tests/fixtures/citation_claims_heldout2.jsonl (five stories: a dam's flood
warning, a hospital ransomware attack, a tuition vote, a freight derailment, a football
club takeover), was written blind, by a session that had not read the matcher, while the
matcher was being changed; it is never fitted on (`all_stories` leaves it out) and is
scored only by the shipped model (`blind_stories`). Its errors were read after its one
blind scoring (citations 0.857/0.256), and the single-outlet check's matcher bar was set
with it in view, so a fourth file, tests/fixtures/citation_claims_heldout3.jsonl (five
more: a ferry grounding, a drug-price probe, a budget vote, a museum theft, a heatwave
school closure; written blind the same way), was scored blind after that (citations
0.973/0.384), and tests/fixtures/citation_claims_heldout4.jsonl (five more: a rocket
failure, a bank's data-breach fine, a zoo escape, a chemical plant blast, a teachers' pay
deal; some outlets reuse wire copy, as real ones do) after the last change to the matcher
and the single-outlet check. Its errors and heldout2's and heldout3's were then read, and
the single-outlet check gained two routes (the same count of 100 or more; stock outcomes
such as "no one was hurt"), so a fifth, tests/fixtures/citation_claims_heldout5.jsonl (a
court ruling on a ride-hailing ban, an emergency landing, a research-fraud retraction, an
earthquake aftershock warning, a dockworkers' lockout; written blind the same way), was
scored once after those routes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray
from sklearn.linear_model import LogisticRegression

from storyfold.brief.summary import claims
from storyfold.brief.summary.claims import ClaimView, claim_view
from storyfold.brief.table import text_features
from storyfold.nlp import get_embedder

ROOT = Path(__file__).resolve().parent.parent
DESIGN = ROOT / "tests" / "fixtures" / "citation_claims.jsonl"
HELDOUT = ROOT / "tests" / "fixtures" / "citation_claims_heldout.jsonl"
BLIND = ROOT / "tests" / "fixtures" / "citation_claims_heldout2.jsonl"
FILES = {"citation_claims": DESIGN, "citation_claims_heldout": HELDOUT}
BLIND3 = ROOT / "tests" / "fixtures" / "citation_claims_heldout3.jsonl"
BLIND4 = ROOT / "tests" / "fixtures" / "citation_claims_heldout4.jsonl"
BLIND5 = ROOT / "tests" / "fixtures" / "citation_claims_heldout5.jsonl"
BLIND_FILES = {
    "citation_claims_heldout2": BLIND,
    "citation_claims_heldout3": BLIND3,
    "citation_claims_heldout4": BLIND4,
    "citation_claims_heldout5": BLIND5,
}
# Regularisation of the claim model: the default; the story-wise held-out figure is the
# check that it does not memorise.
C = 1.0

Floats = NDArray[np.float64]


@dataclass(frozen=True)
class Story:
    name: str
    file: str  # a key of FILES
    rows: list[dict[str, str]]
    view: ClaimView

    def pairs(self) -> list[tuple[int, int, bool, str]]:
        """(line, other, same claim, kind) for every ordered pair of different outlets."""
        found = []
        for i, a in enumerate(self.rows):
            for j, b in enumerate(self.rows):
                if i != j and a["outlet"] != b["outlet"]:
                    found.append((i, j, a["claim"] == b["claim"], kind(a, b)))
        return found


def stories(path: Path) -> list[Story]:
    """Each story's sentences scored together, centred on their own mean as a brief is."""
    rows = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x]
    file = next(k for k, p in (FILES | BLIND_FILES).items() if p == path)
    embedder = get_embedder()
    found = []
    for name in dict.fromkeys(r["story"] for r in rows):
        told = [r for r in rows if r["story"] == name]
        texts = [r["text"] for r in told]
        view = claim_view(texts, text_features(texts, embedder), embedder)
        found.append(Story(name, file, told, view))
    return found


def all_stories() -> list[Story]:
    """The design stories, the only ones fitted on."""
    return [s for path in FILES.values() for s in stories(path)]


def blind_stories() -> list[Story]:
    return [s for path in BLIND_FILES.values() for s in stories(path)]


def kind(a: dict[str, str], b: dict[str, str]) -> str:
    """ "paraphrase", the hard negative's kind ("figure", "date", "claim"), or "other"."""
    if a["claim"] == b["claim"]:
        return "paraphrase"
    for x, y in ((a, b), (b, a)):
        if x.get("near") == y["claim"] or (x.get("near") and x.get("near") == y.get("near")):
            return str(x["kind"])
    return "other"


def all_rows(story: Story) -> NDArray[np.intp]:
    return np.arange(len(story.rows), dtype=np.intp)


def candidate_features(story: Story) -> dict[tuple[int, int], Floats]:
    """The matcher's features of the story's candidate pairs (the rest score 0)."""
    return {(k, j): values for k, j, values in claims.candidates(story.view, all_rows(story))}


def fit(x: Floats, y: NDArray[np.bool_]) -> LogisticRegression:
    return LogisticRegression(C=C, max_iter=2000).fit(x, y)


def training(
    found: list[tuple[Story, dict[tuple[int, int], Floats]]],
) -> tuple[Floats, NDArray[np.bool_]]:
    """Features and labels of the labelled candidate pairs of ``found`` stories."""
    xs, ys = [], []
    for story, features in found:
        label = {(i, j): same for i, j, same, _ in story.pairs()}
        for key, values in features.items():
            if key in label:
                xs.append(values)
                ys.append(label[key])
    return np.asarray(xs).reshape(-1, len(claims.FEATURES)), np.asarray(ys, dtype=np.bool_)


def scores(
    model: LogisticRegression, story: Story, features: dict[tuple[int, int], Floats]
) -> dict[tuple[int, int], float]:
    """The model's probability for each ordered pair of the story (0 for non-candidates)."""
    keys = list(features)
    p = model.predict_proba(np.asarray([features[k] for k in keys]))[:, 1] if keys else []
    found = dict(zip(keys, (float(v) for v in p), strict=True))
    return {(i, j): found.get((i, j), 0.0) for i, j, _, _ in story.pairs()}


def held_out_scores(every: list[Story]) -> dict[str, dict[tuple[int, int], float]]:
    """Each story's pair probabilities from a model fitted on all the other stories."""
    found = [(s, candidate_features(s)) for s in every]
    result = {}
    for story, features in found:
        x, y = training([f for f in found if f[0].name != story.name])
        result[story.name] = scores(fit(x, y), story, features)
    return result
