"""Stage 5: one brief a story, made by the library's own `storyfold.brief.brief` in Spark.

The kept articles (copies left out: the brief lists what they copy) are grouped by story
(one shuffle: the articles' rows, keyed by story id) and each group is briefed in one
`applyInPandas` call. The brief's models (the embedder, NER) load on first use in each
Python worker and stay loaded, as Spark reuses its workers: once per executor process.

Bounds and choices:

- A story of one article gets no brief: a brief's worth is what outlets agree and differ
  on, and one article has no other outlet; it costs as much as a brief of several. Such
  stories are counted in the report (`briefs.single_article_stories`); `storyfold brief`
  makes one on demand.
- At most `MAX_BRIEF_ARTICLES` articles of a story reach its group: the earliest by time,
  then id, chosen in SQL before the shuffle, so one huge story cannot fill an executor's
  memory with its texts. The brief itself then reads in full the 50 most central of those
  (`brief.select_articles`) and lists all of them; the report counts the stories cut.
- Inside a group the rows are sorted (time, then id), so the brief never depends on the
  order rows arrive in. Every brief carries the job's start time as its creation time, so
  the briefs of one run agree and nothing else in them depends on the clock.
- A story whose brief fails gives a row with the reason instead of a brief; the job writes
  it to skipped.jsonl and counts it in the report: never dropped silently.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from storyfold.spark.features import ARTICLE_COLUMNS
from storyfold.spark.records import missing

if TYPE_CHECKING:
    import pandas as pd
    from pyspark.sql import DataFrame

# Twice what a brief reads in full (brief.select_articles.MAX_FULL_ARTICLES = 50), so the
# brief still chooses the most central; 100 cleaned texts are a few MB at most.
MAX_BRIEF_ARTICLES = 100
BRIEFED = (
    "story_id string, date string, schema string, articles long, briefed long, "
    "brief string, reason string"
)
BRIEF_FAILED = "brief failed"


@dataclass
class BriefCounts:
    stories: int = 0
    single_article_stories: int = 0
    stories_briefed: int = 0  # stories of two or more articles sent to the brief
    stories_cut: int = 0  # of those, stories with more than MAX_BRIEF_ARTICLES articles
    briefs: int = 0
    failed: int = 0


def story_briefs(articles: DataFrame, created: datetime, counts: BriefCounts) -> DataFrame:
    """(story_id, date, schema, articles, briefed, brief, reason) for every story of two or
    more of `articles` (the kept articles with `story_id` and `time_us`); `brief` is the
    storyfold.brief/1 JSON, or null with `reason` when the story could not be briefed."""
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    by_story = Window.partitionBy("story_id")
    ordered = by_story.orderBy(F.col("time_us").asc_nulls_last(), F.col("id"))
    ranked = (
        articles.where(F.col("story_id").isNotNull())
        .withColumn("_size", F.count(F.lit(1)).over(by_story))
        .withColumn("_rank", F.row_number().over(ordered))
        .withColumn("_first_us", F.min("time_us").over(by_story))
    )
    sizes = (
        ranked.where(F.col("_rank") == 1)
        .agg(
            F.count(F.lit(1)).alias("stories"),
            F.count(F.when(F.col("_size") == 1, 1)).alias("single"),
            F.count(F.when(F.col("_size") > 1, 1)).alias("briefed"),
            F.count(F.when(F.col("_size") > MAX_BRIEF_ARTICLES, 1)).alias("cut"),
        )
        .collect()[0]
    )
    counts.stories, counts.single_article_stories = int(sizes["stories"]), int(sizes["single"])
    counts.stories_briefed, counts.stories_cut = int(sizes["briefed"]), int(sizes["cut"])
    chosen = ranked.where((F.col("_size") > 1) & (F.col("_rank") <= MAX_BRIEF_ARTICLES))
    columns = [*ARTICLE_COLUMNS, "time_us", "story_id", "_size", "_first_us"]
    brief_group = _brief_group(created)
    return chosen.select(*columns).groupBy("story_id").applyInPandas(brief_group, BRIEFED)


def _brief_group(created: datetime) -> Callable[[pd.DataFrame], pd.DataFrame]:
    def brief_group(group: pd.DataFrame) -> pd.DataFrame:
        import pandas as pd

        return pd.DataFrame([brief_row(group.to_dict("records"), created)])

    return brief_group


def brief_row(rows: list[dict[str, Any]], created: datetime) -> dict[str, Any]:
    """One story's brief row from its articles' rows (any order): pure Python, so a test
    can call it without Spark."""
    from storyfold.brief import brief
    from storyfold.errors import StoryfoldError
    from storyfold.render import SCHEMA, brief_to_dict
    from storyfold.spark.outputs import date_of
    from storyfold.spark.records import to_article
    from storyfold.text import clean_article

    rows = sorted(rows, key=lambda r: (missing(r["time_us"]), _int(r["time_us"]), r["id"]))
    first = rows[0]
    result: dict[str, Any] = {
        "story_id": first["story_id"],
        "date": date_of(_int(first["_first_us"]) if "_first_us" in first else None),
        "schema": SCHEMA,
        "articles": int(first.get("_size") or len(rows)),
        "briefed": len(rows),
        "brief": None,
        "reason": None,
    }
    try:
        made = brief([clean_article(to_article(row)) for row in rows])
        made = dataclasses.replace(
            made, provenance=dataclasses.replace(made.provenance, created=created)
        )
        result["brief"] = json.dumps(brief_to_dict(made), ensure_ascii=False, sort_keys=True)
    except StoryfoldError as exc:
        result["reason"] = f"{BRIEF_FAILED}: {exc}"
    except Exception as exc:
        result["reason"] = f"{BRIEF_FAILED}: {type(exc).__name__}: {exc}"
    return result


def _int(value: Any) -> int | None:
    return None if missing(value) else int(value)
