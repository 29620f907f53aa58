"""Stage 3: exact and near-duplicates, as `stories.dupgroups` finds them on one machine.

Exact copies (one article id: the same text) keep the earliest record (time, then URL,
then source). Near copies: each signature's band keys are exploded and grouped (the one
shuffle of this stage: band key and article id, about 120 bytes a band); each bucket gives
its candidate pairs (`bucket_pairs`, bounded); the pairs' signatures are joined back and
verified (`is_near_duplicate`); the verified pairs (only true copies: few) are collected
and joined into groups by union-find on the driver. A group keeps its earliest article.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from storyfold.stories.dedup import NUM_PERM
from storyfold.stories.dupgroups import (
    MAX_BUCKET,
    UnionFind,
    band_keys,
    bucket_pairs,
    is_near_duplicate,
    kept_copies,
)
from storyfold.stories.shards import order_key

if TYPE_CHECKING:
    import pandas as pd
    from pyspark.sql import DataFrame


@dataclass
class DedupCounts:
    articles_in: int = 0
    exact_duplicates: int = 0
    near_duplicates: int = 0
    near_groups: int = 0
    buckets_over_bound: int = 0
    candidate_pairs: int = 0
    verified_pairs: int = 0


def exact_duplicates(features: DataFrame) -> DataFrame:
    """`features` with `duplicate_of` (the kept record's id, or null) and `relation`."""
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    order = Window.partitionBy("id").orderBy(
        F.col("time_us").asc_nulls_last(), F.col("url").asc_nulls_last(), F.col("source")
    )
    ranked = features.withColumn("_rank", F.row_number().over(order))
    return ranked.select(
        *[c for c in features.columns],
        F.when(F.col("_rank") > 1, F.col("id")).alias("duplicate_of"),
        F.when(F.col("_rank") > 1, F.lit("exact")).alias("relation"),
    )


def near_duplicates(kept: DataFrame, counts: DedupCounts) -> dict[str, str]:
    """Each near copy's id with the id of the copy its group keeps (kept ones map to
    themselves), over the distinct articles in `kept`."""
    from pyspark.sql import functions as F

    signed = kept.select("id", "signature", "time_us").where(F.length("signature") == 8 * NUM_PERM)
    bands = signed.select("id", "signature").mapInPandas(_bands, "band binary, id string")
    # One row per candidate pair and bucket, with the bucket's size: the pairs and the
    # counts come from one pass (each Spark action re-runs the Python stages before it).
    # Most buckets hold one article: gathered and dropped in the JVM, so only buckets with
    # a pair reach Python (a Python call per bucket cost 10 ms each: 27,000 buckets for
    # 3,000 articles took 299 s of the 620 s job under local[1]).
    gathered = bands.groupBy("band").agg(F.collect_list("id").alias("ids"))
    buckets = gathered.where(F.size("ids") > 1).mapInPandas(
        _pairs, "band binary, first string, second string, size long"
    )
    buckets = buckets.cache()
    stats = buckets.agg(
        F.countDistinct("first", "second").alias("pairs"),
        F.count(F.when(F.col("size") > MAX_BUCKET, 1)).alias("big_rows"),
    ).collect()[0]
    counts.candidate_pairs = int(stats["pairs"])
    if stats["big_rows"]:
        big = buckets.where(F.col("size") > MAX_BUCKET)
        counts.buckets_over_bound = big.select("band").distinct().count()
    pairs = buckets.select("first", "second").distinct()
    one = signed.select(
        F.col("id").alias("first"), F.col("signature").alias("a"), F.col("time_us").alias("ta")
    )
    two = signed.select(
        F.col("id").alias("second"), F.col("signature").alias("b"), F.col("time_us").alias("tb")
    )
    joined = pairs.join(one, "first").join(two, "second")
    verified = joined.mapInPandas(
        _verify, "first string, second string, ta long, tb long"
    ).collect()
    buckets.unpersist()
    counts.verified_pairs = len(verified)
    found = UnionFind()
    times: dict[str, int | None] = {}
    for row in sorted(verified, key=lambda r: (r["first"], r["second"])):
        found.union(row["first"], row["second"])
        times[row["first"]], times[row["second"]] = row["ta"], row["tb"]
    groups = found.components()
    if not groups:
        return {}
    rank = {key: order_key(key, _seconds(times.get(key))) for key in groups}
    kept_of = kept_copies(groups, rank)
    counts.near_groups = len(set(groups.values()))
    counts.near_duplicates = sum(1 for key, keep in kept_of.items() if key != keep)
    return kept_of


def _seconds(time_us: int | None) -> float | None:
    # Publication order compares the same POSIX seconds `shards.time_of` gives.
    from storyfold.spark.records import from_us

    when = from_us(time_us)
    return None if when is None else when.timestamp()


def _bands(batches: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
    import pandas as pd

    for batch in batches:
        keys: list[bytes] = []
        ids: list[str] = []
        for key, signature in zip(batch["id"], batch["signature"], strict=True):
            for band in band_keys(bytes(signature)):
                keys.append(band)
                ids.append(key)
        yield pd.DataFrame({"band": keys, "id": ids})


def _pairs(batches: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
    import pandas as pd

    for batch in batches:
        bands: list[bytes] = []
        firsts: list[str] = []
        seconds: list[str] = []
        sizes: list[int] = []
        for band, ids in zip(batch["band"], batch["ids"], strict=True):
            members = sorted(set(ids))  # bucket_pairs sorts too: the order never matters
            for first, second in bucket_pairs(members):
                bands.append(bytes(band))
                firsts.append(first)
                seconds.append(second)
                sizes.append(len(members))
        # Typed even when empty: an untyped empty column does not convert to Arrow.
        yield pd.DataFrame(
            {
                "band": pd.Series(bands, dtype=object),
                "first": pd.Series(firsts, dtype=object),
                "second": pd.Series(seconds, dtype=object),
                "size": pd.Series(sizes, dtype="int64"),
            }
        )


def _verify(batches: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
    for batch in batches:
        keep = [
            is_near_duplicate(bytes(a), bytes(b))
            for a, b in zip(batch["a"], batch["b"], strict=True)
        ]
        yield batch.loc[keep, ["first", "second", "ta", "tb"]]
