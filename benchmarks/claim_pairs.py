"""The labelled claim pairs of our own, as the citation benchmarks read them.

tests/fixtures/citation_claims.jsonl (design: five invented stories, used to build and fit
the claim matcher) and tests/fixtures/citation_claims_heldout.jsonl (four more invented
stories written before the matcher was designed and never used to fit it) hold sentences
of invented stories, each tagged with its outlet and the claim it states; hard negatives
carry ``kind`` (figure, date, claim) and ``near`` (the claim they imitate). Two sentences
of different outlets of one story are a pair, judged both ways round (a citation is
directional: a line confirmed by another outlet's sentence).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from storyfold.brief.summary.claims import ClaimView, claim_view
from storyfold.brief.table import text_features
from storyfold.nlp import get_embedder

ROOT = Path(__file__).resolve().parent.parent
DESIGN = ROOT / "tests" / "fixtures" / "citation_claims.jsonl"
HELDOUT = ROOT / "tests" / "fixtures" / "citation_claims_heldout.jsonl"


@dataclass(frozen=True)
class Story:
    name: str
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
    embedder = get_embedder()
    found = []
    for name in dict.fromkeys(r["story"] for r in rows):
        told = [r for r in rows if r["story"] == name]
        texts = [r["text"] for r in told]
        view = claim_view(texts, text_features(texts, embedder), embedder)
        found.append(Story(name, told, view))
    return found


def kind(a: dict[str, str], b: dict[str, str]) -> str:
    """ "paraphrase", the hard negative's kind ("figure", "date", "claim"), or "other"."""
    if a["claim"] == b["claim"]:
        return "paraphrase"
    for x, y in ((a, b), (b, a)):
        if x.get("near") == y["claim"] or (x.get("near") and x.get("near") == y.get("near")):
            return str(x["kind"])
    return "other"


def all_rows(story: Story) -> np.ndarray:
    return np.arange(len(story.rows), dtype=np.intp)
