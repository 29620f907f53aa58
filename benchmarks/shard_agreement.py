"""Sharded clustering against the unsharded online clusterer and the gold, per N and H.

The first 1,000 Multi-News val clusters, as benchmarks/clustering.py builds the stream,
get synthetic publication times: each cluster a start drawn uniformly over 30 days, each
of its articles a time within two days after it (a fixed seed). The unsharded clusterer
reads the stream in publication order; the sharded path (`stories.shards`) reads shards
of N days, each after a read-only lead-in of the H days before it. Printed: B-cubed F1 of
each against the gold, of the sharded against the unsharded, and the articles clustered
(lead-ins count again) as the cost.

    .venv/bin/python benchmarks/shard_agreement.py
    .venv/bin/python benchmarks/shard_agreement.py --shard-days 7 --lead-in-days 0 3 7

Multi-News is read by path from ../shared/data/multinews and never copied into the repo.
"""

from __future__ import annotations

import argparse
import os
import random
import time
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from storyfold.eval.clustering import bcubed
from storyfold.model import Article
from storyfold.stories import OnlineClusterer
from storyfold.stories.shards import order_key, shard_articles, sharded_stories, time_of
from storyfold.stories.train import multinews_stream

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "multinews"
SPAN_DAYS = 30
CLUSTER_DAYS = 2
START = datetime(2026, 1, 5, tzinfo=UTC)  # a Monday; shards count from the epoch anyway
SEED = 15


def dated_stream(clusters: int, seed: int = SEED) -> tuple[list[Article], list[str]]:
    """The val stream with synthetic publication times, in publication order."""
    stream = multinews_stream(DATA / "val.jsonl.gz", clusters)
    rng = random.Random(seed)
    starts: dict[str, float] = {}
    dated = []
    for article, label in zip(stream.articles, stream.labels, strict=True):
        if label not in starts:
            starts[label] = rng.uniform(0, SPAN_DAYS - CLUSTER_DAYS)
        offset = starts[label] + rng.uniform(0, CLUSTER_DAYS)
        dated.append(replace(article, published=START + timedelta(days=offset)))
    pairs = sorted(
        zip(dated, stream.labels, strict=True), key=lambda p: order_key(p[0].id, time_of(p[0]))
    )
    return [a for a, _ in pairs], [label for _, label in pairs]


def unsharded(articles: Sequence[Article]) -> dict[str, str]:
    clusterer = OnlineClusterer()
    assignments = []
    for start in range(0, len(articles), 200):
        assignments.extend(clusterer.add_many(articles[start : start + 200]))
    return {a.article_id: clusterer.story_now(a) for a in assignments}


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--clusters", type=int, default=1000)
    parser.add_argument("--shard-days", type=float, nargs="*", default=[1, 3, 7, 15])
    parser.add_argument("--lead-in-days", type=float, nargs="*", default=[0, 1, 2, 3, 7])
    args = parser.parse_args(argv)
    articles, gold = dated_stream(args.clusters)
    ids = [a.id for a in articles]
    started = time.perf_counter()
    whole = unsharded(articles)
    seconds = time.perf_counter() - started
    whole_labels = [whole[i] for i in ids]
    _, _, gold_f1 = bcubed(gold, whole_labels)
    print(f"{len(articles)} articles of {args.clusters} clusters over {SPAN_DAYS} days")
    print(
        f"{'N days':>6} {'H days':>6} {'F1 gold':>8} {'F1 vs 1':>8} {'stories':>8} "
        f"{'clustered':>9} {'seconds':>8}"
    )
    print(
        f"{'-':>6} {'-':>6} {gold_f1:>8.4f} {1.0:>8.4f} {len(set(whole_labels)):>8} "
        f"{len(articles):>9} {seconds:>8.1f}   (unsharded)"
    )
    for shard_days in args.shard_days:
        for lead_in_days in args.lead_in_days:
            clustered = sum(
                len(v) for v in shard_articles(articles, shard_days, lead_in_days).values()
            )
            started = time.perf_counter()
            stories = sharded_stories(articles, shard_days, lead_in_days)
            seconds = time.perf_counter() - started
            labels = [stories[i] for i in ids]
            _, _, f1 = bcubed(gold, labels)
            _, _, agree = bcubed(whole_labels, labels)
            print(
                f"{shard_days:>6g} {lead_in_days:>6g} {f1:>8.4f} {agree:>8.4f} "
                f"{len(set(labels)):>8} {clustered:>9} {seconds:>8.1f}",
                flush=True,
            )


if __name__ == "__main__":
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    main()
