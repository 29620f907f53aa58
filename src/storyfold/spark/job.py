"""The job: read, features, near-duplicates, stories, briefs, outputs; `main` for spark-submit.

    spark-submit "$(python -c 'import storyfold.spark.job as j; print(j.__file__)')" \\
        INPUT... --output DIR
    storyfold spark INPUT... --output DIR [--master URL] [--shard-days N] [--lead-in-days H]
        [--no-briefs]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING, Any

from storyfold.spark.briefs import MAX_BRIEF_ARTICLES, BriefCounts, story_briefs
from storyfold.spark.dedup import DedupCounts, exact_duplicates, near_duplicates
from storyfold.spark.features import FEATURES, feature_batches
from storyfold.spark.outputs import (
    brief_failures,
    date_column,
    story_table,
    write_briefs,
    write_parquet,
    write_report,
    write_skipped,
    write_story_lines,
)
from storyfold.spark.read import classify, read_records
from storyfold.spark.stories import Plan, StoryCounts, model_files, stories
from storyfold.stories.shards import LEAD_IN_DAYS, SHARD_DAYS, check_plan

if TYPE_CHECKING:
    from pyspark.sql import SparkSession


@dataclass(frozen=True)
class JobSettings:
    shard_days: float = SHARD_DAYS
    lead_in_days: float = LEAD_IN_DAYS
    # Repartition the read articles into this many partitions (None: as read); the output
    # never depends on it, only the work per task.
    partitions: int | None = None
    # One brief a story of two or more articles (spark.briefs); off for clustering only.
    briefs: bool = True


@dataclass
class JobResult:
    report: dict[str, Any]
    seconds: dict[str, float] = field(default_factory=dict)


def run_job(
    spark: SparkSession, inputs: Sequence[str], output: str | Path, settings: JobSettings
) -> JobResult:
    """Run every stage over `inputs`, write the outputs under `output` (see
    `storyfold.spark.outputs`) and return the report written to output/report.json."""
    from pyspark import StorageLevel
    from pyspark.sql import functions as F

    check_plan(settings.shard_days, settings.lead_in_days)
    out = Path(output)
    out.mkdir(parents=True, exist_ok=True)
    seconds: dict[str, float] = {}
    started = time.perf_counter()
    created = datetime.now(UTC)  # every brief of this run carries it (spark.briefs)

    # 1. read and clean: article rows and skipped rows
    classified = classify(inputs)
    records = read_records(spark, classified)
    if settings.partitions is not None:
        records = records.repartition(settings.partitions)
    records = records.persist(StorageLevel.MEMORY_AND_DISK)
    kinds = {row["kind"]: row["count"] for row in records.groupBy("kind").count().collect()}
    seconds["read"] = _lap(started)
    _progress("read", seconds)

    # 2. features, no shuffle
    t = time.perf_counter()
    articles = records.where(F.col("kind") == "article")
    features = articles.drop("kind", "reason").mapInPandas(feature_batches, FEATURES)
    features = exact_duplicates(features).persist(StorageLevel.MEMORY_AND_DISK)
    totals = features.agg(
        F.count(F.lit(1)).alias("all"), F.count("duplicate_of").alias("exact")
    ).collect()[0]
    featured = int(totals["all"])
    seconds["features"] = _lap(t)
    _progress("features", seconds)

    # 3. near-duplicates among the distinct texts
    t = time.perf_counter()
    dedup = DedupCounts(articles_in=featured)
    distinct = features.where(F.col("duplicate_of").isNull())
    dedup.exact_duplicates = int(totals["exact"])
    kept_of = near_duplicates(distinct, dedup)
    copies = {key: keep for key, keep in kept_of.items() if key != keep}
    shared_copies = spark.sparkContext.broadcast(copies)
    near_of = F.udf(lambda key: shared_copies.value.get(key), "string")
    marked = features.withColumn(
        "duplicate_of",
        F.when(F.col("duplicate_of").isNull(), near_of("id")).otherwise(F.col("duplicate_of")),
    ).withColumn(
        "relation",
        F.when(
            F.col("relation").isNull() & F.col("duplicate_of").isNotNull(), F.lit("near")
        ).otherwise(F.col("relation")),
    )
    marked = marked.persist(StorageLevel.MEMORY_AND_DISK)
    kept = marked.where(F.col("duplicate_of").isNull())
    seconds["dedup"] = _lap(t)
    _progress("dedup", seconds)

    # 4. stories
    t = time.perf_counter()
    story_counts = StoryCounts()
    models = spark.sparkContext.broadcast(model_files())
    plan = Plan(settings.shard_days, settings.lead_in_days)
    assigned = stories(kept, plan, models, story_counts)
    seconds["stories"] = _lap(t)
    _progress("stories", seconds)

    # 5. briefs: one a story of two or more articles, made by the library in Spark
    t = time.perf_counter()
    story_of = assigned.select(F.col("article_id").alias("_id"), "story_id")
    # A copy belongs to the story of the text it copies.
    owner = F.coalesce(F.col("duplicate_of"), F.col("id"))
    table = marked.join(story_of, owner == F.col("_id"), "left").drop("_id")
    table = table.persist(StorageLevel.MEMORY_AND_DISK)
    brief_counts = BriefCounts()
    failures: list[dict[str, Any]] = []
    briefs_frame = None
    if settings.briefs:
        kept_rows = table.where(F.col("duplicate_of").isNull())
        briefs_frame = story_briefs(kept_rows, created, brief_counts)
        briefs_frame = briefs_frame.persist(StorageLevel.MEMORY_AND_DISK)
        made = briefs_frame.agg(F.count("brief").alias("made"), F.count(F.lit(1)).alias("all"))
        row = made.collect()[0]
        brief_counts.briefs = int(row["made"])
        brief_counts.failed = int(row["all"]) - brief_counts.briefs
        failures = brief_failures(briefs_frame) if brief_counts.failed else []
    seconds["briefs"] = _lap(t)
    _progress("briefs", seconds)

    # 6. outputs
    t = time.perf_counter()
    article_out = table.select(
        "id",
        "url",
        "source",
        "outlet",
        "outlet_from",
        "title",
        "author",
        F.timestamp_micros("published_us").alias("published"),
        "published_from",
        F.timestamp_micros("fetched_us").alias("fetched"),
        "time_us",
        "story_id",
        "duplicate_of",
        "relation",
        "text",
        date_column("time_us").alias("date"),
    )
    write_parquet(article_out, out / "parquet" / "articles")
    stories_frame = story_table(table.where(F.col("duplicate_of").isNull())).cache()
    write_parquet(stories_frame, out / "parquet" / "stories")
    story_lines = write_story_lines(stories_frame, out / "stories")
    if briefs_frame is not None:
        write_briefs(briefs_frame, out / "parquet" / "briefs")
    else:
        shutil.rmtree(out / "parquet" / "briefs", ignore_errors=True)  # none from before
    skipped_rows = (
        records.where(F.col("kind") == "skipped")
        .select("source", "url", "reason")
        .orderBy("source", F.col("url").asc_nulls_first(), "reason")
        .toLocalIterator()
    )
    skipped_count = write_skipped(
        chain((row.asDict() for row in skipped_rows), failures), out / "skipped.jsonl"
    )
    reasons = Counter(
        {
            row["reason"]: row["count"]
            for row in records.where(F.col("kind") == "skipped").groupBy("reason").count().collect()
        }
    )
    seconds["write"] = _lap(t)
    _progress("write", seconds)
    seconds["total"] = _lap(started)

    report: dict[str, Any] = {
        "inputs": {
            "warc": len(classified.warc),
            "jsonl": len(classified.jsonl),
            "parquet": len(classified.parquet),
            "unknown": len(classified.unknown),
        },
        "read": {
            "records_out": kinds.get("article", 0) + kinds.get("skipped", 0),
            "articles": kinds.get("article", 0),
            "skipped": kinds.get("skipped", 0),
            "skipped_by_reason": dict(sorted(reasons.items())),
        },
        "features": {"articles_in": featured, "articles_out": featured},
        "dedup": {
            **asdict(dedup),
            "articles_out": featured - dedup.exact_duplicates - dedup.near_duplicates,
        },
        "stories": {
            **asdict(story_counts),
            "shard_days": settings.shard_days,
            "lead_in_days": settings.lead_in_days,
        },
        "briefs": {
            "enabled": settings.briefs,
            **asdict(brief_counts),
            "max_articles_per_brief": MAX_BRIEF_ARTICLES,
            "skipped_by_reason": dict(sorted(Counter(f["reason"] for f in failures).items())),
        },
        "outputs": {
            "stories_jsonl": story_lines,
            "briefs_parquet": brief_counts.briefs,
            "skipped_jsonl": skipped_count,
            "folder": str(out),
        },
        "seconds": {key: round(value, 2) for key, value in seconds.items()},
    }
    for frame in (records, features, marked, table, stories_frame, briefs_frame):
        if frame is not None:
            frame.unpersist()
    write_report(report, out / "report.json")
    return JobResult(report, seconds)


def _lap(started: float) -> float:
    return time.perf_counter() - started


def _progress(stage: str, seconds: dict[str, float]) -> None:
    # One line a stage on stderr, so a long run shows where it is (the report comes last).
    print(f"storyfold spark: {stage} done in {seconds[stage]:.1f} s", file=sys.stderr, flush=True)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="storyfold.spark.job", description="storyfold's Spark job (see README)."
    )
    p.add_argument("inputs", nargs="+", help="WARC, JSONL and Parquet files or folders")
    p.add_argument("--output", required=True, help="the output folder")
    p.add_argument("--master", default=None, help="Spark master (default: spark-submit's)")
    p.add_argument("--shard-days", type=float, default=SHARD_DAYS)
    p.add_argument("--lead-in-days", type=float, default=LEAD_IN_DAYS)
    p.add_argument("--partitions", type=int, default=None)
    p.add_argument("--shuffle-partitions", type=int, default=None)
    p.add_argument("--no-briefs", action="store_true", help="stories only, no briefs")
    p.add_argument(
        "--conf", action="append", default=[], metavar="KEY=VALUE", help="a Spark setting"
    )
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """spark-submit's entry point: run the job, print the report."""
    from storyfold.errors import StoryfoldError
    from storyfold.spark.session import build_session

    args = parser().parse_args(argv)
    conf = dict(item.split("=", 1) for item in args.conf)
    spark = build_session(args.master, shuffle_partitions=args.shuffle_partitions, conf=conf)
    try:
        result = run_job(
            spark,
            args.inputs,
            args.output,
            JobSettings(
                args.shard_days, args.lead_in_days, args.partitions, briefs=not args.no_briefs
            ),
        )
    except StoryfoldError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    finally:
        spark.stop()
    print(write_report(result.report, Path(args.output) / "report.json"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
