"""Stage 4: stories by shards of days, joined across shards on the driver.

Each article goes to its home shard and to the lead-ins of the shards starting within H
days after it (`stories.shards`); the shard is the shuffle key. Each shard runs the
unchanged online clusterer in one task (`shards.cluster_shard`, which sorts its input), with
the embeddings from the feature stage and the join model and background IDF from the
broadcasts. The links between shards (distinct pairs of stories sharing a lead-in article:
a small table) are collected, joined by union-find on the driver (`shards.join_links`) and
broadcast back; each story is then named after its earliest article (as
`shards.name_stories` names it).

A shard is one task, so the largest shard (N days of articles: their clean texts, vectors
and the clusterer's state) bounds an executor's memory; choose N with that in mind.
"""

from __future__ import annotations

import hashlib
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from storyfold.model import Article
from storyfold.spark.records import from_us
from storyfold.stories.shards import (
    cluster_shard,
    home_shard,
    join_links,
    lead_in_shards,
    time_of,
)

if TYPE_CHECKING:
    import pandas as pd
    from pyspark import Broadcast
    from pyspark.sql import DataFrame

    from storyfold.stories.joiner import Joiner
    from storyfold.stories.vectors import TermStatistics

SHARDED = (
    "id string, title string, text string, published_us long, fetched_us long, "
    "embedding array<float>, shard long, lead_in boolean"
)
MEMBERS = "article_id string, shard long, story string, lead_in boolean"


@dataclass(frozen=True)
class Plan:
    shard_days: float
    lead_in_days: float


@dataclass
class StoryCounts:
    articles: int = 0
    shards: int = 0
    lead_in_rows: int = 0
    links: int = 0
    stories: int = 0


def stories(
    articles: DataFrame,
    plan: Plan,
    models: Broadcast[tuple[bytes, bytes]],
    counts: StoryCounts,
) -> DataFrame:
    """(article_id, story_id) for every article of `articles` (distinct ids)."""
    from pyspark.sql import functions as F

    columns = ["id", "title", "text", "published_us", "fetched_us", "embedding"]
    sharded = articles.select(*columns).mapInPandas(
        lambda batches: _shard_rows(batches, plan), SHARDED
    )
    members = (
        sharded.groupBy("shard")
        .applyInPandas(lambda shard: _cluster(shard, models), MEMBERS)
        .cache()
    )
    shape = members.agg(
        F.countDistinct("shard").alias("shards"),
        F.count(F.when(F.col("lead_in"), 1)).alias("lead_in"),
    ).collect()[0]
    counts.shards, counts.lead_in_rows = int(shape["shards"]), int(shape["lead_in"])
    lead = members.where("lead_in").select(
        "article_id", F.concat_ws("/", "shard", "story").alias("lead_node")
    )
    home = members.where(~F.col("lead_in")).select(
        "article_id", F.concat_ws("/", "shard", "story").alias("home_node")
    )
    links = lead.join(home, "article_id").select("lead_node", "home_node").distinct().collect()
    counts.links = len(links)
    roots = join_links((row["lead_node"], row["home_node"]) for row in links)
    spark = articles.sparkSession
    shared_roots = spark.sparkContext.broadcast(roots)
    times = articles.select(F.col("id").alias("article_id"), "published_us", "fetched_us")
    homes = home.join(times, "article_id")
    named = homes.mapInPandas(
        lambda batches: _with_root(batches, shared_roots),
        "article_id string, home_node string, published_us long, fetched_us long, root string",
    )
    # `shards.name_stories` in SQL: a component is named after its earliest article (time,
    # then id; undated last). A Python call per story cost about 10 ms each.
    when = F.coalesce("published_us", "fetched_us", F.lit(2**62))
    first = named.groupBy("root").agg(F.min(F.struct(when.alias("t"), "article_id")).alias("f"))
    result = named.join(first, "root").select(
        "article_id", F.concat(F.lit("s-"), F.col("f.article_id")).alias("story_id")
    )
    result = result.cache()
    size = result.agg(
        F.count(F.lit(1)).alias("articles"), F.countDistinct("story_id").alias("stories")
    ).collect()[0]
    counts.articles, counts.stories = int(size["articles"]), int(size["stories"])
    members.unpersist()
    return result


def _shard_rows(batches: Iterator[pd.DataFrame], plan: Plan) -> Iterator[pd.DataFrame]:
    import pandas as pd

    for batch in batches:
        rows: list[dict[str, Any]] = []
        for row in batch.to_dict("records"):
            time = time_of(_article(row))
            rows.append({**row, "shard": home_shard(time, plan.shard_days), "lead_in": False})
            for shard in lead_in_shards(time, plan.shard_days, plan.lead_in_days):
                rows.append({**row, "shard": shard, "lead_in": True})
        frame = pd.DataFrame(rows, columns=[p.split()[0] for p in SHARDED.split(", ")])
        for column in ("published_us", "fetched_us"):
            frame[column] = frame[column].astype("Int64")
        yield frame


def _article(row: dict[str, Any]) -> Article:
    """What the clusterer reads of a row: id, title, clean text and times."""
    return Article(
        id=row["id"],
        outlet="",
        source="",
        raw_text="",
        title=row["title"] if isinstance(row["title"], str) and row["title"] else None,
        text=row["text"],
        published=from_us(row["published_us"]),
        fetched=from_us(row["fetched_us"]),
    )


class KnownVectors:
    """The feature stage's embeddings, looked up by the text they were made from, so the
    clusterer does not embed again; a text not known is embedded as usual."""

    name = "wordllama-256"

    def __init__(self, known: dict[str, np.ndarray]) -> None:
        self._known = known

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        missing = [text for text in texts if text not in self._known]
        if missing:
            from storyfold.nlp import get_embedder

            for text, row in zip(missing, get_embedder("wordllama").embed(missing), strict=True):
                self._known[text] = row
        rows: np.ndarray = np.stack([self._known[text] for text in texts]).astype(np.float32)
        return rows


def _cluster(shard: pd.DataFrame, models: Broadcast[tuple[bytes, bytes]]) -> pd.DataFrame:
    import pandas as pd

    from storyfold.stories.vectors import article_text

    background, joiner = _models(models.value)
    pairs: list[tuple[Article, bool]] = []
    known: dict[str, np.ndarray] = {}
    number = int(shard["shard"].iloc[0])
    for row in shard.to_dict("records"):
        article = _article(row)
        pairs.append((article, bool(row["lead_in"])))
        known[article_text(article)] = np.asarray(row["embedding"], dtype=np.float32)
    members = cluster_shard(
        number, pairs, embedder=KnownVectors(known), joiner=joiner, background=background
    )
    return pd.DataFrame(
        {
            "article_id": [m.article_id for m in members],
            "shard": [m.shard for m in members],
            "story": [m.story for m in members],
            "lead_in": [m.lead_in for m in members],
        }
    )


_LOADED: dict[str, tuple[TermStatistics, Joiner]] = {}


def _models(files: tuple[bytes, bytes]) -> tuple[TermStatistics, Joiner]:
    """The broadcast background IDF and join model, loaded once per worker process."""
    from storyfold.stories.background import load_background
    from storyfold.stories.joiner import load_joiner

    background, joiner = files
    key = hashlib.sha1(background + joiner).hexdigest()
    if key not in _LOADED:
        folder = Path(tempfile.mkdtemp(prefix="storyfold-models-"))
        (folder / "background.bin.gz").write_bytes(background)
        (folder / "joiner.txt").write_bytes(joiner)
        _LOADED[key] = (
            load_background(folder / "background.bin.gz"),
            load_joiner(folder / "joiner.txt"),
        )
    return _LOADED[key]


def _with_root(
    batches: Iterator[pd.DataFrame], roots: Broadcast[dict[str, str]]
) -> Iterator[pd.DataFrame]:
    table = roots.value
    for batch in batches:
        batch = batch.copy()
        batch["root"] = [table.get(home, home) for home in batch["home_node"]]
        yield batch


def model_files() -> tuple[bytes, bytes]:
    """The shipped background IDF and join model, as bytes to broadcast."""
    from storyfold.stories.background import BACKGROUND_PATH
    from storyfold.stories.joiner import MODEL_PATH

    return BACKGROUND_PATH.read_bytes(), MODEL_PATH.read_bytes()
