"""Online story clustering on Multi-News, beside a TF-IDF agglomerative baseline.

The documents of the first N clusters of a split (off-topic documents and empty ones
removed) are shuffled with a fixed seed into one stream; each method groups the stream
and is scored against the true clusters with B-cubed precision/recall/F1 and the adjusted
Rand index. Each method runs in a forked child, so its peak memory is its own (the child's
maximum resident set, counting the pages it touched).

    .venv/bin/python benchmarks/clustering.py --clusters 100 1000 5622
    .venv/bin/python benchmarks/clustering.py --tune          # on train, never val
    .venv/bin/python benchmarks/clustering.py --clusters 1000 --dedup --throughput 10000

Multi-News is read by path from ../shared/data/multinews and never copied into the repo.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import resource
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np

from storyfold.eval.clustering import ClusteringScores, clustering_scores
from storyfold.model import Article
from storyfold.nlp import get_embedder
from storyfold.nlp.embeddings import Vectors
from storyfold.stories import ClusterSettings, NearDuplicates, OnlineClusterer
from storyfold.stories.train import SEED, Stream, cluster_stream, multinews_stream

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "multinews"
# Tuned with --tune on the first 1,000 train clusters (B-cubed F1 of the baseline over this
# grid of cosine-distance thresholds); see the module docstring for the command.
BASELINE_THRESHOLD = 0.85
# Above this estimate the baseline is skipped: the n x n float64 distance matrix, and inside
# scikit-learn the condensed copy scipy's linkage takes plus the two int64 index arrays that
# build it (n^2 / 2 each) come to about 2.6 n^2 x 8 bytes at the peak.
BASELINE_MEMORY_LIMIT = 8 * 1024**3


class CachedEmbedder:
    """The wordllama embedder with a memo, so tuning runs embed each text once."""

    name = "wordllama-256-cached"

    def __init__(self) -> None:
        self._inner = get_embedder("wordllama")
        self._cache: dict[str, np.ndarray] = {}

    def embed(self, texts: Sequence[str]) -> Vectors:
        missing = [t for t in dict.fromkeys(texts) if t not in self._cache]
        if missing:
            for text, row in zip(missing, self._inner.embed(missing), strict=True):
                self._cache[text] = row
        rows: Vectors = np.stack([self._cache[t] for t in texts]).astype(np.float32)
        return rows


def run_online(
    articles: Sequence[Article], settings: ClusterSettings | None = None, embedder: Any = None
) -> list[str]:
    clusterer = OnlineClusterer(settings=settings, embedder=embedder)
    return cluster_stream(articles, clusterer=clusterer)


def run_baseline(articles: Sequence[Article], threshold: float = BASELINE_THRESHOLD) -> list[str]:
    """TF-IDF + average-linkage agglomerative clustering cut at a cosine distance.

    The distances are given precomputed (1 - cosine of the L2-normalised TF-IDF rows): the
    same as metric="cosine", without turning the sparse vocabulary into a dense matrix.
    """
    from sklearn.cluster import AgglomerativeClustering
    from sklearn.feature_extraction.text import TfidfVectorizer

    texts = [a.text or a.raw_text for a in articles]
    matrix = TfidfVectorizer(sublinear_tf=True, stop_words="english").fit_transform(texts)
    n = matrix.shape[0]
    distances = np.empty((n, n), dtype=np.float64)
    for start in range(0, n, 1000):  # in row blocks: the sparse product of all rows is huge
        block = (matrix[start : start + 1000] @ matrix.T).toarray()
        distances[start : start + 1000] = 1.0 - block
    np.clip(distances, 0.0, 2.0, out=distances)
    np.fill_diagonal(distances, 0.0)
    model = AgglomerativeClustering(
        n_clusters=None, metric="precomputed", linkage="average", distance_threshold=threshold
    )
    return [str(label) for label in model.fit_predict(distances)]


def baseline_memory(n: int) -> float:
    return 2.6 * n * n * 8


def _child(conn: Any, fn: Callable[[], list[str]]) -> None:
    start = time.perf_counter()
    labels = fn()
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    conn.send((labels, seconds, peak))
    conn.close()


def measured(fn: Callable[[], list[str]]) -> tuple[list[str], float, int]:
    """Run `fn` in a forked child: its labels, seconds and peak resident memory in bytes."""
    ctx = mp.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    process = ctx.Process(target=_child, args=(child, fn))
    process.start()
    child.close()
    labels, seconds, peak = parent.recv()
    process.join()
    return labels, seconds, peak


def row(n: int, docs: int, method: str, s: ClusteringScores | None, sec: float, peak: int) -> str:
    if s is None:
        return f"{n:>6} {docs:>7} {method:<24} {'skipped':>7}"
    return (
        f"{n:>6} {docs:>7} {method:<24} {s.precision:>6.3f} {s.recall:>6.3f} {s.f1:>6.3f} "
        f"{s.ari:>6.3f} {s.predicted_clusters:>7} {sec:>8.1f} {peak / 2**20:>8.0f}"
    )


HEADER = (
    f"{'N':>6} {'docs':>7} {'method':<24} {'B3 P':>6} {'B3 R':>6} {'B3 F1':>6} {'ARI':>6} "
    f"{'stories':>7} {'seconds':>8} {'peak MB':>8}"
)


def evaluate(sizes: Sequence[int], split: str, baseline: bool, dedup: bool) -> None:
    path = DATA / f"{split}.jsonl.gz"
    print(f"data: {path} (first N clusters; shuffled with seed {SEED})")
    print(HEADER)
    notes: list[str] = []
    for n in sizes:
        stream = multinews_stream(path, n)
        docs = len(stream.articles)
        notes.append(
            f"N={n}: {stream.dropped_offtopic} off-topic and {stream.dropped_duplicates} "
            "exact-duplicate documents dropped"
        )
        labels, sec, peak = measured(partial(run_online, stream.articles))
        print(
            row(n, docs, "online (storyfold)", clustering_scores(stream.labels, labels), sec, peak)
        )
        # The same clusterer deciding by its threshold instead of the learned join model,
        # without repair moves, and with an IDF of the stream's own counts alone.
        for method, settings in (
            ("online, threshold rule", replace(ClusterSettings(), joiner="none")),
            ("online, no repair", replace(ClusterSettings(), repair_moves=0)),
            ("online, no background", replace(ClusterSettings(), background=False)),
        ):
            labels, sec, peak = measured(partial(run_online, stream.articles, settings))
            scores = clustering_scores(stream.labels, labels)
            print(row(n, docs, method, scores, sec, peak))
        sys.stdout.flush()
        if baseline:
            need = baseline_memory(docs)
            if need > BASELINE_MEMORY_LIMIT:
                print(row(n, docs, "tfidf-agglomerative", None, 0.0, 0))
                notes.append(
                    f"N={n}: baseline skipped, it would need about {need / 2**30:.1f} GiB "
                    f"(limit {BASELINE_MEMORY_LIMIT / 2**30:.0f} GiB)"
                )
            else:
                labels, sec, peak = measured(partial(run_baseline, stream.articles))
                scores = clustering_scores(stream.labels, labels)
                print(row(n, docs, "tfidf-agglomerative", scores, sec, peak))
            sys.stdout.flush()
        if dedup:
            notes.append(f"N={n}: " + dedup_report(stream))
    for note in notes:
        print(note)


def dedup_report(stream: Stream) -> str:
    index = NearDuplicates()
    label_of = {}
    same = cross = 0
    start = time.perf_counter()
    for article, label in zip(stream.articles, stream.labels, strict=True):
        earlier = index.add(article.id, article.text or article.raw_text)
        label_of[article.id] = label
        if earlier is not None:
            if label_of[earlier] == label:
                same += 1
            else:
                cross += 1
    sec = time.perf_counter() - start
    return (
        f"near-duplicates (Jaccard >= {index.threshold}): {same} within a cluster, "
        f"{cross} across clusters, {len(stream.articles) / sec:.0f} docs/s"
    )


def tuning_line(setting: str, s: ClusteringScores) -> str:
    return f"{setting:<44} P={s.precision:.3f} R={s.recall:.3f} F1={s.f1:.3f} ARI={s.ari:.3f}"


def tune(clusters: int) -> None:
    """Grid search on the train split: the online clusterer's threshold and embedding
    weight, its merge threshold, and the baseline's distance threshold."""
    stream = multinews_stream(DATA / "train.jsonl.gz", clusters)
    print(f"tuning on the first {clusters} train clusters: {len(stream.articles)} documents")
    embedder = CachedEmbedder()
    embedder.embed([a.text for a in stream.articles])
    best: tuple[float, str] = (0.0, "")
    for weight in (0.0, 0.1, 0.2, 0.3):
        for threshold in (0.12, 0.15, 0.18, 0.21, 0.24, 0.3):
            settings = replace(
                ClusterSettings(), joiner="none", threshold=threshold, embedding_weight=weight
            )
            labels = run_online(stream.articles, settings, embedder)
            s = clustering_scores(stream.labels, labels)
            line = f"online weight={weight:.2f} threshold={threshold:.2f}"
            print(tuning_line(line, s))
            best = max(best, (s.f1, line))
    print("best:", best[1], f"F1={best[0]:.3f}")
    # Story merging (off by default): merge thresholds at a few join thresholds.
    for threshold in (0.18, 0.2, 0.22, 0.25):
        for merge in (0.15, 0.18, 0.2, 0.22, 0.26):
            settings = replace(
                ClusterSettings(), joiner="none", threshold=threshold, merge_threshold=merge
            )
            labels = run_online(stream.articles, settings, embedder)
            s = clustering_scores(stream.labels, labels)
            line = f"online threshold={threshold:.2f} merge={merge:.2f}"
            print(tuning_line(line, s))
    for threshold in (0.7, 0.75, 0.8, 0.85, 0.9, 0.95):
        labels = run_baseline(stream.articles, threshold)
        s = clustering_scores(stream.labels, labels)
        line = f"baseline threshold={threshold:.2f}"
        print(tuning_line(line, s))


# Train lines the shipped join model never saw (stories.train.STREAMS ends at line 6,000).
TUNE_SLICES = (20001, 21001, 22001)


def tune_joiner(clusters: int = 1000) -> None:
    """B-cubed F1 of the learned join decision at a range of probabilities, on three
    streams of train clusters held out from its training."""
    streams = [multinews_stream(DATA / "train.jsonl.gz", clusters, first) for first in TUNE_SLICES]
    print(f"join probability on train streams of {clusters} clusters from lines {TUNE_SLICES}")
    embedder = CachedEmbedder()
    for probability in (0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65):
        settings = replace(ClusterSettings(), joiner="learned", join_probability=probability)
        scores = [
            clustering_scores(s.labels, run_online(s.articles, settings, embedder)).f1
            for s in streams
        ]
        each = " ".join(f"{f:.4f}" for f in scores)
        print(f"p={probability:.2f} B-cubed F1 {each} mean {sum(scores) / len(scores):.4f}")


def throughput(count: int) -> None:
    """Documents per second through `add_many` (embedding and clustering; texts already
    cleaned), in batches of 500 as the store ingests them."""
    stream = multinews_stream(DATA / "val.jsonl.gz", 5622)
    articles = stream.articles[:count]
    get_embedder("wordllama").embed(["warm up the model"])
    labels, sec, peak = measured(lambda: run_online(articles))
    print(
        f"add_many: {len(articles)} documents in {sec:.1f} s = {len(articles) / sec:.0f} docs/s, "
        f"{len(set(labels))} stories, peak {peak / 2**20:.0f} MB"
    )


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--clusters", type=int, nargs="*", default=[100, 1000])
    parser.add_argument("--split", default="val", choices=["val", "train"])
    parser.add_argument("--no-baseline", action="store_true")
    parser.add_argument("--dedup", action="store_true", help="also count near-duplicate merges")
    parser.add_argument("--tune", type=int, nargs="?", const=1000, metavar="CLUSTERS")
    parser.add_argument("--tune-joiner", action="store_true", help="the join probability")
    parser.add_argument("--throughput", type=int, metavar="DOCS")
    args = parser.parse_args(argv)
    if args.tune:
        tune(args.tune)
    elif args.tune_joiner:
        tune_joiner()
    elif args.throughput:
        throughput(args.throughput)
    else:
        evaluate(args.clusters, args.split, not args.no_baseline, args.dedup)


if __name__ == "__main__":
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    main()
