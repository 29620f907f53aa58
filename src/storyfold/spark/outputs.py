"""What the job writes under DIR: Parquet by date, stories and skips as JSONL, the report.

    DIR/parquet/articles/date=YYYY-MM-DD/   every article read (copies too: duplicate_of)
    DIR/parquet/stories/date=YYYY-MM-DD/    one row a story, by its first article's date
    DIR/parquet/briefs/date=YYYY-MM-DD/     one row a story of two or more articles: its
                                            storyfold.brief/1 JSON (spark.briefs), by the
                                            story's first date
    DIR/stories/stories-00000.jsonl         one story a line (id, title, first/last seen,
                                            article ids and URLs), readable without Spark
    DIR/skipped.jsonl                       every skipped record: source, URL, reason
    DIR/report.json                         records in, out and skipped by reason, per stage

An article or story with no time goes under date=undated. JSONL files are written in a
fixed order (stories by first seen, then id), so the same input gives the same bytes.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pyspark.sql import DataFrame

STORIES_PER_FILE = 100_000
TITLE_CHARS = 120  # as store.pipeline cuts a first sentence into a story title


def date_column(column: str) -> Any:
    from pyspark.sql import functions as F

    return F.coalesce(
        F.date_format(F.timestamp_micros(F.col(column)), "yyyy-MM-dd"), F.lit("undated")
    )


def date_of(time_us: int | None) -> str:
    """`date_column` in Python: the UTC date of a time, or "undated"."""
    from storyfold.spark.records import from_us

    when = from_us(time_us)
    return "undated" if when is None else when.strftime("%Y-%m-%d")


def story_table(articles: DataFrame) -> DataFrame:
    """One row a story from the articles with `story_id` (kept copies only): title (of its
    earliest article), first and last seen, and its articles' ids and URLs in order."""
    from pyspark.sql import functions as F

    ordered = F.array_sort(
        F.collect_list(
            F.struct(
                F.coalesce(F.col("time_us"), F.lit(2**62)).alias("t"),
                F.col("id"),
                F.col("url"),
                F.col("title"),
                F.col("text"),
            )
        )
    )
    grouped = articles.groupBy("story_id").agg(
        ordered.alias("members"),
        F.min("time_us").alias("first_us"),
        F.max("time_us").alias("last_us"),
    )
    first = F.col("members")[0]
    return grouped.select(
        "story_id",
        F.coalesce(first["title"], _first_line(first["text"])).alias("title"),
        F.timestamp_micros("first_us").alias("first_seen"),
        F.timestamp_micros("last_us").alias("last_seen"),
        "first_us",
        "last_us",
        F.size("members").alias("size"),
        F.transform("members", lambda m: m["id"]).alias("article_ids"),
        F.transform("members", lambda m: m["url"]).alias("urls"),
        date_column("first_us").alias("date"),
    )


def _first_line(text: Any) -> Any:
    from pyspark.sql import functions as F

    line = F.trim(F.split(text, "\n")[0])
    cut = F.concat(F.rtrim(F.substring(line, 1, TITLE_CHARS - 1)), F.lit("…"))
    return F.when(F.length(line) <= TITLE_CHARS, line).otherwise(cut)


def write_parquet(frame: DataFrame, path: Path) -> None:
    frame.write.mode("overwrite").partitionBy("date").parquet(str(path))


def brief_failures(briefs: DataFrame) -> list[dict[str, Any]]:
    """skipped.jsonl rows for the stories whose brief failed, by story id."""
    rows = briefs.where(briefs["brief"].isNull()).select("story_id", "reason").collect()
    return [
        {"source": f"story {row['story_id']}", "url": None, "reason": row["reason"]}
        for row in sorted(rows, key=lambda r: str(r["story_id"]))
    ]


def write_briefs(briefs: DataFrame, path: Path) -> None:
    """The briefs made, one row a story, partitioned by the story's first date."""
    made = briefs.where(briefs["brief"].isNotNull()).drop("reason")
    write_parquet(made, path)


def write_story_lines(stories: DataFrame, folder: Path) -> int:
    """DIR/stories/*.jsonl from the story table, in order; the number of stories."""
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("stories-*.jsonl"):
        old.unlink()
    rows = stories.orderBy(
        stories["first_us"].asc_nulls_last(), stories["story_id"]
    ).toLocalIterator()
    count = 0
    handle: IO[str] | None = None
    try:
        for row in rows:
            if handle is None or count % STORIES_PER_FILE == 0:
                if handle is not None:
                    handle.close()
                handle = (folder / f"stories-{count // STORIES_PER_FILE:05d}.jsonl").open(
                    "w", encoding="utf-8"
                )
            handle.write(json.dumps(story_line(row.asDict()), ensure_ascii=False) + "\n")
            count += 1
    finally:
        if handle is not None:
            handle.close()
    return count


def story_line(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": row["story_id"],
        "title": row["title"],
        "first_seen": _iso(row["first_us"]),
        "last_seen": _iso(row["last_us"]),
        "articles": [
            {"id": i, "url": u} for i, u in zip(row["article_ids"], row["urls"], strict=True)
        ],
    }


def _iso(time_us: int | None) -> str | None:
    # From the microseconds, not a collected timestamp: pyspark turns those into the
    # driver's local time.
    from storyfold.spark.records import from_us

    when = from_us(time_us)
    return None if when is None else when.isoformat().replace("+00:00", "Z")


def write_skipped(rows: Iterable[dict[str, Any]], path: Path) -> int:
    count = 0
    with path.open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n")
            count += 1
    return count


def write_report(report: dict[str, Any], path: Path) -> str:
    text = json.dumps(report, indent=2, sort_keys=True)
    path.write_text(text + "\n", encoding="utf-8")
    return text
