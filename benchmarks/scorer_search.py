"""Training the summary scorer many ways without relabelling: cache each cluster's features
and label parts once, then fit models with other labels or LightGBM settings in seconds.
Judge each model with benchmarks/scorer_tuning.py --model FILE on clusters the cache left
out (the tuning slice is lines 21,001-22,000 of the training file).

    # features and label parts of lines SKIP+1 .. SKIP+LIMIT (about 30 ms a cluster)
    .venv/bin/python benchmarks/scorer_search.py cache PATH OUT.npz [--skip S] [--limit N]
    # a model from one or more caches
    .venv/bin/python benchmarks/scorer_search.py fit MODEL.txt A.npz B.npz \
        [--label blend|p12w|rank|r2rec] [--rounds R] [--set NAME=VALUE ...]

Label parts per sentence: the greedy oracle's pick order (0 when not picked), ROUGE-1 and
ROUGE-2 precision and recall against the reference. `blend` is what `brief.train` uses.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from storyfold.brief.summary.features import FEATURE_NAMES, sentence_features
from storyfold.brief.summary.oracle import greedy_oracle, ngrams, rouge_tokens
from storyfold.brief.summary.train import ORACLE_SHARE, PARAMS, ROUNDS, Dataset, fit, read_clusters
from storyfold.brief.table import build_table
from storyfold.config import DEFAULT_WORDS
from storyfold.errors import InputError
from storyfold.nlp import get_embedder

LABELS = ("blend", "p12w", "rank", "r2rec")


def cache(path: Path, out: Path, skip: int, limit: int) -> None:
    embedder = get_embedder()
    xs: list[NDArray[np.float32]] = []
    parts: list[NDArray[np.float32]] = []
    groups: list[int] = []
    started = time.perf_counter()
    for cluster in read_clusters(path, limit, skip):
        if isinstance(cluster, InputError):
            print(f"skipped {cluster.input}: {cluster.message}")
            continue
        table = build_table(cluster.articles, embedder)
        xs.append(sentence_features(table))
        part = np.zeros((len(table), 5), dtype=np.float32)
        picked = greedy_oracle(
            table.texts, cluster.reference, DEFAULT_WORDS, lengths=table.words.tolist()
        )
        part[picked, 0] = np.arange(1, len(picked) + 1)
        reference = rouge_tokens(cluster.reference)
        ref1, ref2 = ngrams(reference, 1), ngrams(reference, 2)
        n1, n2 = max(len(reference), 1), max(len(reference) - 1, 1)
        for i, text in enumerate(table.texts):
            tokens = rouge_tokens(text)
            o1 = sum((ngrams(tokens, 1) & ref1).values())
            o2 = sum((ngrams(tokens, 2) & ref2).values())
            part[i, 1:] = (
                o1 / max(len(tokens), 1),
                o2 / max(len(tokens) - 1, 1),
                o1 / n1,
                o2 / n2,
            )
        parts.append(part)
        groups.append(len(table))
    np.savez(out, features=np.concatenate(xs), parts=np.concatenate(parts), groups=groups)
    print(f"{out}: {len(groups)} clusters in {time.perf_counter() - started:.0f} s")


def labels(kind: str, parts: NDArray[np.float32], groups: NDArray[np.int64]) -> NDArray[np.float32]:
    order, p1, p2, r2 = parts[:, 0], parts[:, 1], parts[:, 2], parts[:, 4]
    oracle = (order > 0).astype(np.float32)
    if kind == "blend":
        other = (p1 + p2) / 2
    elif kind == "p12w":
        other = (p1 + 2 * p2) / 3
    elif kind == "rank":
        oracle = np.where(order > 0, 1 / np.sqrt(np.maximum(order, 1)), 0).astype(np.float32)
        other = (p1 + p2) / 2
    else:  # r2rec: ROUGE-2 recall over the cluster's best
        ends = np.cumsum(groups)
        best = np.maximum.reduceat(r2, ends - groups) if len(groups) else r2
        other = r2 / np.maximum(np.repeat(best, groups), 1e-9)
    mixed: NDArray[np.float32] = (ORACLE_SHARE * oracle + (1 - ORACLE_SHARE) * other).astype(
        np.float32
    )
    return np.clip(mixed, 0, 1)


def fit_model(model: Path, caches: list[Path], kind: str, rounds: int, sets: list[str]) -> None:
    loaded = [np.load(c) for c in caches]
    features = np.concatenate([d["features"] for d in loaded])
    parts = np.concatenate([d["parts"] for d in loaded])
    groups = np.concatenate([d["groups"] for d in loaded]).astype(np.int64)
    if features.shape[1] != len(FEATURE_NAMES):
        raise SystemExit(f"the caches have {features.shape[1]} features, not {len(FEATURE_NAMES)}")
    params: dict[str, object] = {}
    for assignment in sets:
        name, value = assignment.split("=", 1)
        params[name] = _parsed(PARAMS.get(name), value)
    data = Dataset(
        features=features, labels=labels(kind, parts, groups), groups=groups.astype(np.int32)
    )
    started = time.perf_counter()
    booster = fit(data, rounds, params)
    booster.save_model(str(model))  # type: ignore[attr-defined]
    print(f"{model}: {len(groups)} clusters, {time.perf_counter() - started:.0f} s")


def _parsed(shipped: object, text: str) -> object:
    """``text`` as the type of the shipped setting (a string for one not set there)."""
    if isinstance(shipped, bool) or not isinstance(shipped, int | float):
        return text
    return type(shipped)(text)


def main() -> None:
    parser = argparse.ArgumentParser()
    commands = parser.add_subparsers(dest="command", required=True)
    build = commands.add_parser("cache")
    build.add_argument("path", type=Path)
    build.add_argument("out", type=Path)
    build.add_argument("--skip", type=int, default=0)
    build.add_argument("--limit", type=int, default=1000)
    train = commands.add_parser("fit")
    train.add_argument("model", type=Path)
    train.add_argument("caches", type=Path, nargs="+")
    train.add_argument("--label", choices=LABELS, default="blend")
    train.add_argument("--rounds", type=int, default=ROUNDS)
    train.add_argument("--set", action="append", default=[], help="NAME=VALUE: a LightGBM one")
    args = parser.parse_args()
    if args.command == "cache":
        cache(args.path, args.out, args.skip, args.limit)
    else:
        fit_model(args.model, args.caches, args.label, args.rounds, args.set)


if __name__ == "__main__":
    main()
