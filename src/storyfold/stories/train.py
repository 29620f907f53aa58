"""Training the learned join decision on Multi-News streams (`storyfold train-clusterer`).

A stream is the documents of a run of Multi-News clusters (off-topic and repeated documents
left out), shuffled with a fixed seed, so the true story of every article is known. The
clusterer runs over it and, before each decision, records the best candidate stories and
their `stories.joiner.JOIN_FEATURES`; a candidate is labelled 1 when most of the story's
articles at that moment (after any repair moves) share the article's true story. Repair
runs as in use. The first pass decides by the threshold rule; a second pass decides with
the model the first pass trained, so the examples also cover the situations the model's own
choices lead to (one round of DAgger, Ross et al. 2011), and the model is trained again on
both. The background document frequencies the model works under are counted first, from
other lines of the split (`train_background`).
"""

from __future__ import annotations

import json
import random
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from itertools import islice
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from storyfold.errors import InputError
from storyfold.ingest.jsonl import iter_jsonl
from storyfold.ingest.readfile import open_utf8
from storyfold.model import Article
from storyfold.nlp.boosters import save_booster, train_booster
from storyfold.stories.background import count_background, load_background, save_background
from storyfold.stories.cluster import Assignment, ClusterSettings, Move, OnlineClusterer
from storyfold.stories.joiner import JOIN_FEATURES, Joiner
from storyfold.stories.vectors import TermStatistics
from storyfold.text import clean_article

SEED = 20151001
# Streams the shipped model learnt from, as (first line, clusters): five of 1,000 clusters,
# two of 3,000 and one of 5,000, so it sees both the few open stories of a small stream and
# the many of a big one. Train lines 20,001-23,000 are left for tuning `JOIN_PROBABILITY`
# (benchmarks/clustering.py --tune-joiner). The last four were added while the model still
# read article lengths (since dropped, see stories.joiner): held-out B-cubed F1 at 0.5 went
# from 0.9130 with the first four to 0.9151 with all eight (mean of three tuning streams).
STREAMS: tuple[tuple[int, int], ...] = (
    (1, 1000),
    (1001, 1000),
    (2001, 1000),
    (3001, 3000),
    (6001, 1000),
    (7001, 1000),
    (8001, 3000),
    (11001, 5000),
)
# The background document frequencies (`stories.background`) are counted over these train
# lines, as (first line, clusters): lines no stream above and no tuning stream reads. On the
# tuning streams, with the model retrained under it, mean B-cubed F1 at join probability
# 0.5 went from 0.9090 to 0.9123. (Counted over the raw documents instead of the cleaned
# on-topic ones: 0.9113; four more training streams from lines 23,001-33,000 on top of
# that: 0.9111, so they were not added.)
BACKGROUND: tuple[int, int] = (33001, 11972)
# More alike never means less likely: without these constraints the model, fitting the
# few examples where a very high score came with a large story, gave a near-copy of a
# 3-article story's reports a probability of 0.25 while a weaker match got 0.9. With them,
# it can still weigh a story's size, but only on top of a similarity it respects.
MONOTONE: dict[str, int] = {
    "score": 1,
    "term_cosine": 1,
    "embedding_cosine": 1,
    "embedding_dot": 1,
    "rank": -1,
    "gap_to_best": -1,
    "gap_to_next": 1,
}
PARAMS: dict[str, object] = {
    "objective": "binary",
    "monotone_constraints": [MONOTONE.get(name, 0) for name in JOIN_FEATURES],
    "learning_rate": 0.05,
    "num_leaves": 15,
    "min_data_in_leaf": 20,
    "verbose": -1,
    # One thread: on a shared 2-core machine LightGBM's spin-waiting threads cost more.
    "num_threads": 1,
    "seed": 7,
}
ROUNDS = 200  # 400 rounds, or 31 leaves of 50: 0.9121 / 0.9119 against 0.9123 (tuning streams)
# Articles given to the clusterer at once. Only how often the embedder is called depends on
# it: the articles of a batch are still decided one by one, in order.
BATCH = 500


@dataclass(frozen=True)
class Stream:
    articles: list[Article]
    labels: list[str]  # the true story of each article
    clusters: int
    dropped_offtopic: int
    dropped_duplicates: int


@dataclass(frozen=True)
class JoinerReport:
    streams: int
    articles: int
    examples: int
    positives: int
    seconds: float
    output: Path


def multinews_stream(path: Path, clusters: int, first: int = 1, seed: int = SEED) -> Stream:
    """The cleaned documents of `clusters` lines from line `first` on, shuffled into one
    stream. Documents labelled off-topic, empty ones and exact repeats are left out."""
    articles: list[Article] = []
    labels: list[str] = []
    seen: set[str] = set()
    offtopic_dropped = duplicates = 0
    try:
        with open_utf8(path) as lines:
            chosen = islice(lines, first - 1, first - 1 + clusters)
            for number, line in enumerate(chosen, start=first):
                try:
                    marked = json.loads(line).get("offtopic_documents") or ()
                except (json.JSONDecodeError, AttributeError):
                    marked = ()  # iter_jsonl reports the bad line
                offtopic = {int(i) + 1 for i in marked}
                for record in iter_jsonl(line, path, first_line=number):
                    for article in record.articles:
                        # Articles are named "path:line#k", k counting documents from 1.
                        if int(article.source.rsplit("#", 1)[1]) in offtopic:
                            offtopic_dropped += 1
                            continue
                        if article.id in seen:  # the same text twice: the store keeps one
                            duplicates += 1
                            continue
                        seen.add(article.id)
                        articles.append(clean_article(article))
                        labels.append(record.story_id or str(number))
    except (OSError, EOFError) as exc:
        raise InputError(f"cannot read the stream: {exc}", input=str(path)) from exc
    order = list(range(len(articles)))
    random.Random(seed).shuffle(order)
    return Stream(
        articles=[articles[i] for i in order],
        labels=[labels[i] for i in order],
        clusters=clusters,
        dropped_offtopic=offtopic_dropped,
        dropped_duplicates=duplicates,
    )


def cluster_stream(
    articles: Sequence[Article],
    settings: ClusterSettings | None = None,
    batch: int = BATCH,
    clusterer: OnlineClusterer | None = None,
) -> list[str]:
    """Each article's story id after running the stream through a clusterer (where it
    sits at the end, after any later move or merge)."""
    if clusterer is None:
        clusterer = OnlineClusterer(settings=settings)
    return [clusterer.story_now(a) for a in _assign(clusterer, articles, batch)]


def _assign(
    clusterer: OnlineClusterer, articles: Sequence[Article], batch: int = BATCH
) -> list[Assignment]:
    """The clusterer's assignments for the stream, given in batches as the store does."""
    assignments: list[Assignment] = []
    for start in range(0, len(articles), batch):
        assignments.extend(clusterer.add_many(articles[start : start + batch]))
    return assignments


def collect(
    stream: Stream,
    settings: ClusterSettings,
    joiner: Joiner | None = None,
    background: TermStatistics | None = None,
) -> tuple[NDArray[np.float64], NDArray[np.int8]]:
    """Candidate rows and labels from one pass over `stream`; the decisions are
    `joiner`'s, or the threshold rule's when it is None. Repair runs as it would in use,
    so the examples come from the stories the model will really meet. `background` stands
    in for the shipped background statistics when given."""
    clusterer = OnlineClusterer(
        statistics=TermStatistics(background=background) if background is not None else None,
        settings=replace(settings, joiner="none"),
        joiner=joiner,
    )
    truth = dict(zip((a.id for a in stream.articles), stream.labels, strict=True))
    # Each story's members' true stories, kept in step with the clusterer: a candidate is
    # labelled when it is shown, from the story as it is at that moment.
    members: dict[str, Counter[str]] = {}
    rows: list[NDArray[np.float64]] = []
    labels: list[int] = []

    def record(article_id: str, story_ids: list[str], features: NDArray[np.float64]) -> None:
        mine = truth[article_id]
        for story_id, row in zip(story_ids, features, strict=True):
            rows.append(row)
            labels.append(int(members[story_id].most_common(1)[0][0] == mine))

    clusterer.recorder = record
    # One article a call, so the members are brought up to date between decisions.
    for article in stream.articles:
        (assignment,) = clusterer.add_many([article])
        members.setdefault(assignment.story_id, Counter())[truth[article.id]] += 1
        for change in clusterer.story_changes():
            if isinstance(change, Move):
                label = truth[change.article_id]
                members[change.from_story][label] -= 1
                members.setdefault(change.to_story, Counter())[label] += 1
                members[change.from_story] += Counter()  # drop the zero counts
            else:
                gone, into = change
                members.setdefault(into, Counter()).update(members.pop(gone))
        clusterer.mark_saved()
    if not rows:
        return np.zeros((0, len(JOIN_FEATURES))), np.zeros(0, dtype=np.int8)
    return np.vstack(rows), np.asarray(labels, dtype=np.int8)


def fit(features: NDArray[np.float64], labels: NDArray[np.int8], rounds: int = ROUNDS) -> object:
    return train_booster(features, labels, JOIN_FEATURES, PARAMS, rounds, what="join model")


def train_background(
    path: Path, output: Path, lines: tuple[int, int] = BACKGROUND
) -> TermStatistics:
    """Count the background document frequencies over `lines` (first line, clusters) of
    `path`, write them to `output`, and return them as saved (rare terms left out)."""
    first, clusters = lines
    stream = multinews_stream(path, clusters, first)
    if not stream.articles:
        raise InputError("no articles in the background lines", input=str(path))
    save_background(count_background(stream.articles), output)
    return load_background(output)


def train_joiner(
    path: Path,
    output: Path,
    streams: Sequence[tuple[int, int]] = STREAMS,
    settings: ClusterSettings | None = None,
    background: TermStatistics | None = None,
) -> JoinerReport:
    """Collect examples from `streams` (first line, clusters) of `path`, train, and write a
    model file that `stories.joiner` can load. `background`: the statistics the model will
    be used with, when not the shipped ones (see `train_background`)."""
    started = time.perf_counter()
    settings = settings or ClusterSettings()
    loaded = [multinews_stream(path, clusters, first) for first, clusters in streams]
    if not any(s.articles for s in loaded):
        raise InputError("no articles in the chosen lines", input=str(path))
    first_pass = [collect(s, settings, background=background) for s in loaded]
    features = np.vstack([f for f, _ in first_pass])
    labels = np.concatenate([y for _, y in first_pass])
    if labels.size == 0 or labels.min() == labels.max():
        raise InputError(
            "the candidates' labels are all the same; need more clusters", input=str(path)
        )
    model = Joiner(fit(features, labels), output)
    second_pass = [collect(s, settings, model, background=background) for s in loaded]
    features = np.vstack([features, *(f for f, _ in second_pass)])
    labels = np.concatenate([labels, *(y for _, y in second_pass)])
    save_booster(fit(features, labels), output)
    return JoinerReport(
        streams=len(loaded),
        articles=sum(len(s.articles) for s in loaded),
        examples=len(labels),
        positives=int(labels.sum()),
        seconds=time.perf_counter() - started,
        output=output,
    )
