"""Citation precision and recall on a labelled set of our own: invented stories told by four
outlets, with hard negatives.

tests/fixtures/citation_claims.jsonl holds the sentences of five invented stories (a tunnel
fire, a drug recall, a runoff election, a pilots' strike, a wildfire), each tagged with its
outlet and the claim it states. Two sentences from different outlets of one story are a
pair: "same" when they state the same claim (paraphrase, other words and order), "not the
same" otherwise. The hard negatives are written to look like a claim and differ in one
thing: a figure ("fourteen people" for "four people"), a date ("until Saturday" for "until
Thursday") or the claim itself with the same actors ("Mayor Paszek said the city would ask
the state to ban tankers" beside "... to fit a water-mist system").

Each story's sentences are scored together, centred on their own mean as the brief centres
a story (`brief.similarity.same_scores`). A citation is directional (a line is confirmed
by another outlet's sentence), so every pair is judged both ways; the table gives precision
and recall over those decisions at the shipped threshold, then per kind of negative the
share wrongly cited, and a sweep of the threshold.

    .venv/bin/python benchmarks/citation_pairs.py [--errors]
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from storyfold.brief import similarity
from storyfold.brief.similarity import same_scores
from storyfold.brief.table import text_features
from storyfold.nlp import get_embedder

ROOT = Path(__file__).resolve().parent.parent
CLAIMS = ROOT / "tests" / "fixtures" / "citation_claims.jsonl"
# The targets: a false citation misreports an outlet, so precision first.
TARGET_PRECISION = 0.95
TARGET_RECALL = 0.85


@dataclass(frozen=True)
class Decision:
    story: str
    line: str
    other: str
    same: bool
    kind: str  # "paraphrase", or the hard negative's kind ("figure", "date", "claim"), "other"
    score: float


def decisions() -> list[Decision]:
    rows = [json.loads(x) for x in CLAIMS.read_text(encoding="utf-8").splitlines() if x]
    embedder = get_embedder()
    found: list[Decision] = []
    for story in dict.fromkeys(r["story"] for r in rows):
        told = [r for r in rows if r["story"] == story]
        features = text_features([r["text"] for r in told], embedder)
        scores = same_scores(features, np.arange(len(told)))
        for i, a in enumerate(told):
            for j, b in enumerate(told):
                if i == j or a["outlet"] == b["outlet"]:
                    continue
                same = a["claim"] == b["claim"]
                found.append(
                    Decision(story, a["text"], b["text"], same, _kind(a, b), float(scores[i, j]))
                )
    return found


def _kind(a: dict[str, str], b: dict[str, str]) -> str:
    if a["claim"] == b["claim"]:
        return "paraphrase"
    for x, y in ((a, b), (b, a)):
        if x.get("near") == y["claim"] or (x.get("near") and x.get("near") == y.get("near")):
            return str(x["kind"])
    return "other"


def measure(found: list[Decision], threshold: float) -> tuple[float, float, int, int]:
    cited = [d for d in found if d.score >= threshold]
    right = sum(d.same for d in cited)
    positives = sum(d.same for d in found)
    return right / max(len(cited), 1), right / max(positives, 1), len(cited), right


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--errors", action="store_true", help="list every wrong decision")
    args = parser.parse_args()
    found = decisions()
    pairs = len(found) // 2
    kinds = Counter(d.kind for d in found)
    threshold = similarity.SAME_THRESHOLD
    precision, recall, cited, right = measure(found, threshold)
    stories = len({d.story for d in found})
    print(
        f"{pairs} pairs over {stories} invented stories ({len(found)} directional decisions:"
        f" {kinds['paraphrase']} same; hard negatives {kinds['figure']} figure,"
        f" {kinds['date']} date, {kinds['claim']} claim; {kinds['other']} other)"
    )
    met = precision >= TARGET_PRECISION and recall >= TARGET_RECALL
    print(f"{'threshold':>9} {'precision':>9} {'recall':>7} {'cited':>6} {'right':>6}")
    print(f"{threshold:>9.2f} {precision:>9.3f} {recall:>7.3f} {cited:>6} {right:>6}  (shipped)")
    print(
        f"target: recall >= {TARGET_RECALL} at precision >= {TARGET_PRECISION}:"
        f" {'met' if met else 'NOT met'}"
    )
    print("wrongly cited, by kind of negative:")
    for kind in ("figure", "date", "claim", "other"):
        wrong = sum(1 for d in found if d.kind == kind and d.score >= threshold)
        print(f"  {kind:<8} {wrong:>4} of {kinds[kind]}")
    print("sweep:")
    for t in (0.55, 0.6, 0.65, 0.68, 0.7, 0.75, 0.8):
        p, r, c, _ = measure(found, t)
        print(f"{t:>9.2f} {p:>9.3f} {r:>7.3f} {c:>6}")
    if args.errors:
        for d in sorted(found, key=lambda d: -d.score):
            if (d.score >= threshold) != d.same:
                verdict = "missed" if d.same else f"false ({d.kind})"
                print(f"{verdict} {d.score:.2f}\n  {d.line}\n  {d.other}")


if __name__ == "__main__":
    main()
