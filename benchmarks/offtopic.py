"""Off-topic detection scored on Multi-News' ``offtopic_documents`` labels, per document.

Each cluster's documents go through the real path (cleaning, sentence table, embeddings)
and ``find_off_topic``. Two baselines show what the method adds: flagging nothing, and a
plain threshold on the cosine between a document's mean embedding and the centroid of the
others (its threshold tuned on train like the method's). The labels are majority votes of
five LLM judges (Multi-News+), so they are noisy: read the disagreements it prints.

    .venv/bin/python benchmarks/offtopic.py                 # whole val split
    .venv/bin/python benchmarks/offtopic.py --tune 3000     # grid on a train slice
    .venv/bin/python benchmarks/offtopic.py --limit 500 --show 20
    .venv/bin/python benchmarks/offtopic.py --limit 1000 --dates

``--dates`` also runs what the brief runs after the content rule: publication dates
inferred from each document's text and the date rule (`offtopic_dates`), once without
entity spans (every late report that restates little is set aside: the rule before later
developments were told apart) and once with them (a late report naming the same actors is
kept as a later development), so that keeping follow-ups can be seen not to cost true
off-topic detection. spaCy runs on every document: slow.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from storyfold.brief.compare import offtopic
from storyfold.brief.table import SentenceTable, build_table
from storyfold.model import Article
from storyfold.nlp import get_embedder
from storyfold.text import clean_article

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "multinews"


@dataclass
class Cluster:
    line: int
    documents: list[str]
    labels: set[int]


@dataclass
class Scored:
    cluster: Cluster
    kept: list[int]  # document index of each table article
    table: SentenceTable | None  # None when fewer than two documents had text


def read(split: str, limit: int | None, sample: int | None = None) -> list[Cluster]:
    clusters = []
    with gzip.open(DATA / f"{split}.jsonl.gz", "rt", encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            obj = json.loads(line)
            clusters.append(
                Cluster(number, list(obj["documents"]), set(obj.get("offtopic_documents", [])))
            )
            if limit is not None and sample is None and len(clusters) >= limit:
                break
    if sample is not None:
        # A fixed seed: the tuning slice is the same on every run.
        clusters = random.Random(7).sample(clusters, min(sample, len(clusters)))
    return clusters


def tables(clusters: list[Cluster]) -> Iterator[Scored]:
    embedder = get_embedder()
    for cluster in clusters:
        articles, kept = [], []
        for i, doc in enumerate(cluster.documents):
            article = clean_article(
                Article(id=f"d{i}", outlet=f"document {i + 1}", source=str(i), raw_text=doc)
            )
            if article.sentences:
                articles.append(article)
                kept.append(i)
        table = build_table(tuple(articles), embedder) if articles else None
        yield Scored(cluster, kept, table)


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def tune(size: int) -> None:
    """Grid over the method's two constants and the baseline's threshold on a train slice."""
    clusters = [c for c in read("train", None, sample=size * 2) if len(c.documents) >= 3][:size]
    print(f"tuning on {len(clusters)} train clusters with 3+ documents", file=sys.stderr)
    closeness_parts, typical_parts, label_parts = [], [], []
    for scored in tables(clusters):
        table = scored.table
        if table is None or len(table.articles) < offtopic.MIN_ARTICLES:
            continue
        closeness, typical = offtopic.closeness_to_rest(table)
        closeness_parts.append(closeness)
        typical_parts.append(typical)
        label_parts.append([i in scored.cluster.labels for i in scored.kept])
    # Labels of documents that lost all text in cleaning count as misses for every rule
    # alike; they do not change the ranking.
    closeness = np.concatenate(closeness_parts)
    typical = np.concatenate(typical_parts)
    labels = np.asarray([label for part in label_parts for label in part])

    def score(flags: NDArray[np.bool_]) -> tuple[float, float, float]:
        tp = int((flags & labels).sum())
        return prf(tp, int((flags & ~labels).sum()), int((~flags & labels).sum()))

    grid = []
    for weight in np.arange(0.0, 1.01, 0.1):
        blended = weight * (1 - closeness) + (1 - weight) * (typical - closeness)
        for threshold in np.arange(0.05, 0.9, 0.01):
            grid.append((*score(blended >= threshold), float(weight), float(threshold)))
    grid.sort(key=lambda row: -row[2])
    print(f"{'P':>6} {'R':>6} {'F1':>6} {'weight':>7} {'threshold':>10}")
    for p, r, f, weight, threshold in grid[:10]:
        print(f"{p:6.3f} {r:6.3f} {f:6.3f} {weight:7.2f} {threshold:10.2f}")
    base = [(*score(closeness < t), float(t)) for t in np.arange(0.0, 1.0, 0.01)]
    p, r, f, threshold = max(base, key=lambda row: row[2])
    print(f"centroid baseline: best threshold {threshold:.2f} (P {p:.3f}, R {r:.3f}, F1 {f:.3f})")


# Tuned on the same train slice as the method (`--tune 3000`): the cosine to the others'
# centroid below which the baseline calls a document off-topic, for its best F1.
CENTROID_THRESHOLD = 0.31


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, flagged: set[int], labels: set[int]) -> None:
        self.tp += len(flagged & labels)
        self.fp += len(flagged - labels)
        self.fn += len(labels - flagged)

    def row(self, name: str) -> str:
        p, r, f = prf(self.tp, self.fp, self.fn)
        return f"{name:<34} {p:6.3f} {r:6.3f} {f:6.3f} {self.tp:6d} {self.fp:6d} {self.fn:6d}"


def date_flags(
    table: SentenceTable, kept: list[int], found: set[str]
) -> tuple[set[int], set[int], set[int]]:
    """Documents set aside by content and the date rule without actors (before), with them
    (after), and those kept as later developments."""
    from storyfold.brief.compare.offtopic_dates import judge_by_date
    from storyfold.brief.dates.pubdates import infer_publication_dates
    from storyfold.nlp.ner import find_spans

    publication = infer_publication_dates(table.articles)
    before = judge_by_date(table, publication, flagged=found).off_topic
    after = judge_by_date(table, publication, flagged=found, spans=find_spans(table.articles))
    index = {a.id: i for i, a in zip(kept, table.articles, strict=True)}
    content = {index[a] for a in found}
    return (
        content | {index[o.article_id] for o in before},
        content | {index[o.article_id] for o in after.off_topic},
        {index[d.article_id] for d in after.later},
    )


def evaluate(limit: int | None, show: int, dates: bool = False) -> None:
    clusters = read("val", limit)
    with_dates, with_actors, later_labelled = Tally(), Tally(), Tally()
    method, nothing, centroid = Tally(), Tally(), Tally()
    method3, nothing3, centroid3 = Tally(), Tally(), Tally()
    disagreements: list[tuple[str, Cluster, int, float]] = []
    start = time.perf_counter()
    for scored in tables(clusters):
        labels = scored.cluster.labels
        flagged: set[int] = set()
        baseline: set[int] = set()
        table = scored.table
        if table is not None:
            found = {o.article_id: o.score for o in offtopic.find_off_topic(table)}
            flagged = {i for i, a in zip(scored.kept, table.articles, strict=True) if a.id in found}
            if len(table.articles) >= offtopic.MIN_ARTICLES:
                cosines, _ = offtopic.closeness_to_rest(table)
                baseline = {
                    i for i, c in zip(scored.kept, cosines, strict=True) if c < CENTROID_THRESHOLD
                }
            if dates:
                before, after, later = date_flags(table, scored.kept, set(found))
                with_dates.add(before, labels)
                with_actors.add(after, labels)
                # tp: kept as a later development but labelled off-topic (a cost); fp: kept
                # and labelled on-topic.
                later_labelled.add(later, labels)
                later_labelled.fn -= len(labels - later)
            for i in sorted(flagged ^ labels):
                if i in scored.kept:
                    kind = "false positive" if i in flagged else "false negative"
                    score = found.get(f"d{i}", 0.0)
                    disagreements.append((kind, scored.cluster, i, score))
        for tally, got in ((method, flagged), (nothing, set()), (centroid, baseline)):
            tally.add(got, labels)
        if len(scored.cluster.documents) >= offtopic.MIN_ARTICLES:
            for tally, got in ((method3, flagged), (nothing3, set()), (centroid3, baseline)):
                tally.add(got, labels)
    elapsed = time.perf_counter() - start
    documents = sum(len(c.documents) for c in clusters)
    print(f"val: {len(clusters)} clusters, {documents} documents, {elapsed:.0f} s")
    print(f"{'rule':<34} {'P':>6} {'R':>6} {'F1':>6} {'TP':>6} {'FP':>6} {'FN':>6}")
    print(nothing.row("flag nothing"))
    print(centroid.row(f"centroid cosine < {CENTROID_THRESHOLD:.2f}"))
    print(method.row("storyfold find_off_topic"))
    print("clusters with 3+ documents only:")
    print(nothing3.row("flag nothing"))
    print(centroid3.row(f"centroid cosine < {CENTROID_THRESHOLD:.2f}"))
    print(method3.row("storyfold find_off_topic"))
    if dates:
        print("content rule, then the date rule (all clusters):")
        print(with_dates.row("+ date rule, no actor check"))
        print(with_actors.row("+ date rule, later developments kept"))
        print(
            f"kept as later developments: {later_labelled.tp + later_labelled.fp} documents, "
            f"{later_labelled.tp} of them labelled off-topic"
        )
    if show:
        # Clusters of two are never judged; their misses are not worth reading one by one.
        readable = [d for d in disagreements if len(d[1].documents) >= offtopic.MIN_ARTICLES]
        picked = random.Random(11).sample(readable, min(show, len(readable)))
        for kind, cluster, i, score in picked:
            print(f"\n--- {kind}: val line {cluster.line}, document {i} (gap {score:.2f})")
            print(f"labels {sorted(cluster.labels)} of {len(cluster.documents)} documents")
            for j, doc in enumerate(cluster.documents):
                mark = ">>" if j == i else "  "
                print(f"{mark} [{j}] {' '.join(doc.split()[:45])}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tune", type=int, default=0, help="grid on this many train clusters")
    parser.add_argument("--limit", type=int, default=None, help="first N val clusters only")
    parser.add_argument("--show", type=int, default=0, help="print N disagreements")
    parser.add_argument("--dates", action="store_true", help="also score the date rule")
    args = parser.parse_args()
    if args.tune:
        tune(args.tune)
    else:
        evaluate(args.limit, args.show, args.dates)


if __name__ == "__main__":
    main()
