"""Is "reported by one outlet only" true? Measured on the labelled stories of our own.

Each invented story of benchmarks/claim_pairs.py (the nine design stories and the five of
the blind set) is written out as one plain-text article per outlet and read the way a brief
reads its inputs (`load_articles`, then `build_table`). A sentence is truly single-outlet
when no sentence of another outlet carries its claim label. Two checks are scored:

- ``citations``: the summary's citation rule (`summary.citations.cite`): a line whose only
  support is its own outlet reads "reported by 1 of N outlets";
- ``reported_elsewhere``: the recall-first check the brief's "reported by one outlet only"
  list uses (`compare.outlets.reported_elsewhere`).

For each it prints how many sentences it calls single-outlet, how many of those are
(precision: the share a reader may trust) and the share of the truly single-outlet
sentences it finds (recall). A sentence the splitter cut differently from its label is
left out and counted.

    .venv/bin/python benchmarks/single_outlet.py [--errors]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from storyfold.brief.compare.outlets import reported_elsewhere
from storyfold.brief.summary.citations import cite
from storyfold.brief.table import build_table
from storyfold.ingest import load_articles
from storyfold.nlp import get_embedder

sys.path.insert(0, str(Path(__file__).resolve().parent))
from claim_pairs import BLIND_FILES, FILES, Story, all_stories, blind_stories


@dataclass(frozen=True)
class Verdict:
    file: str
    text: str
    alone: bool  # truly: no other outlet carries its claim
    by_citations: bool
    by_elsewhere: bool


def verdicts(story: Story, folder: Path) -> tuple[list[Verdict], int]:
    """The two checks' verdicts on each labelled sentence; and how many were unmatched."""
    outlets = list(dict.fromkeys(r["outlet"] for r in story.rows))
    where = folder / story.name
    where.mkdir()
    for outlet in outlets:
        told = [r["text"] for r in story.rows if r["outlet"] == outlet]
        (where / f"{outlet}.txt").write_text("\n\n".join(told) + "\n", encoding="utf-8")
    articles = load_articles([where]).articles
    table = build_table(articles, get_embedder())
    row_of = {text: i for i, text in enumerate(table.texts)}
    outlet_of = np.asarray([table.articles[int(a)].outlet for a in table.article_of])
    found, unmatched = [], 0
    labelled = [(r, row_of.get(r["text"])) for r in story.rows]
    rows = np.asarray([i for _, i in labelled if i is not None], dtype=np.intp)
    elsewhere = dict(zip(rows.tolist(), reported_elsewhere(table, rows, outlet_of), strict=True))
    for r, i in labelled:
        if i is None:
            unmatched += 1
            continue
        others = {s["outlet"] for s in story.rows if s["claim"] == r["claim"]} - {r["outlet"]}
        cited = {ref.outlet for ref in cite(table, i)}
        found.append(Verdict(story.file, r["text"], not others, len(cited) == 1, not elsewhere[i]))
    return found, unmatched


def report(name: str, found: list[Verdict]) -> None:
    truly = sum(v.alone for v in found)
    print(f"{name}: {len(found)} sentences, {truly} truly single-outlet")
    for label in ("by_citations", "by_elsewhere"):
        said = [v for v in found if getattr(v, label)]
        right = sum(v.alone for v in said)
        print(
            f"  {label[3:]:<12} says single-outlet of {len(said):>3}: {right} right"
            f" (precision {right / max(len(said), 1):.3f}, recall {right / max(truly, 1):.3f})"
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--errors", action="store_true", help="list the wrong single-outlet calls")
    args = parser.parse_args()
    found: list[Verdict] = []
    unmatched = 0
    with tempfile.TemporaryDirectory() as folder:
        for story in all_stories() + blind_stories():
            more, missed = verdicts(story, Path(folder))
            found += more
            unmatched += missed
    for name in FILES:
        report(name, [v for v in found if v.file == name])
    report("all 9 design stories", [v for v in found if v.file in FILES])
    for name in BLIND_FILES:
        report(f"{name} (blind)", [v for v in found if v.file == name])
    print(f"({unmatched} labelled sentences split differently by the reader, left out)")
    if args.errors:
        for v in found:
            if v.by_elsewhere and not v.alone:
                print(f"  said single-outlet, reported elsewhere [{v.file}]: {v.text}")


if __name__ == "__main__":
    main()
