"""The Spark job in local mode on a corpus written here: WARC, JSONL and Parquet inputs with
broken records. One SparkSession (local[2]) serves every test; a local[1] run goes through
the `python -m storyfold.spark.job` entry point in a process of its own."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pyspark = pytest.importorskip("pyspark", reason="pyspark not installed: pip install -e '.[dev]'")
if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
    pytest.skip("Java is missing: Spark needs a JRE 17+", allow_module_level=True)

from warcio.statusandheaders import StatusAndHeaders  # noqa: E402
from warcio.warcwriter import WARCWriter  # noqa: E402

from storyfold.spark.job import JobSettings, run_job  # noqa: E402
from storyfold.spark.records import jsonl_rows, to_article, warc_rows  # noqa: E402
from storyfold.stories.dedup import NearDuplicates  # noqa: E402
from storyfold.stories.dupgroups import kept_copies, near_duplicate_groups  # noqa: E402
from storyfold.stories.shards import order_key, sharded_stories, time_of  # noqa: E402
from tests.news_pages import STORIES, page_bytes  # noqa: E402
from tests.story_corpus import report as _report  # noqa: E402

SHARD_DAYS = 3.0
LEAD_IN_DAYS = 2.0


def _jsonl_lines() -> list[str]:
    lines = []
    for story in ("bridge", "choir", "quarry"):
        for k in range(3):
            text, published, _ = _report(story, k)
            lines.append(
                json.dumps(
                    {
                        "text": text,
                        "url": f"https://outlet{k}.example/{story}",
                        "title": f"{story.title()} report {k}",
                        "published": published,
                        "outlet": f"Outlet {k}",
                    }
                )
            )
    bridge, published, _ = _report("bridge", 0)
    # A syndicated copy with its own sign-off (a near-duplicate), an exact copy at another
    # URL, an undated report, and broken lines.
    lines.append(
        json.dumps(
            {
                "text": bridge + " Copyright the wire service.",
                "url": "https://wire.example/bridge",
                "published": published,
            }
        )
    )
    lines.append(json.dumps({"text": bridge, "url": "https://mirror.example/bridge"}))
    undated, _, _ = _report("quarry", 3)
    lines.append(json.dumps({"text": undated, "url": "https://undated.example/quarry"}))
    lines.append('{"text": "cut off')
    lines.append(json.dumps({"title": "no text here"}))
    lines.append(json.dumps({"text": "   "}))
    return lines


def _response(
    writer: WARCWriter,
    uri: str,
    body: bytes,
    status: str = "200 OK",
    content_type: str = "text/html; charset=utf-8",
) -> None:
    headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
    record = writer.create_warc_record(
        uri,
        "response",
        payload=io.BytesIO(body),
        http_headers=headers,
        warc_headers_dict={"WARC-Date": "2026-04-08T09:30:00Z"},
    )
    writer.write_record(record)


def _write_corpus(folder: Path) -> list[str]:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "export.jsonl").write_text("\n".join(_jsonl_lines()) + "\n", encoding="utf-8")
    with (folder / "crawl.warc.gz").open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        writer.write_record(writer.create_warcinfo_record("crawl.warc.gz", {"software": "t"}))
        for story in STORIES:
            _response(writer, f"https://pages.example/{story.slug}", page_bytes(story))
        _response(writer, "https://pages.example/missing", b"<html>gone</html>", "404 Not Found")
        _response(writer, "https://pages.example/logo.png", b"\x89PNG", content_type="image/png")
    # A second archive cut short in the middle of a record.
    whole = io.BytesIO()
    writer = WARCWriter(whole, gzip=False)
    _response(writer, "https://pages.example/cut", page_bytes(STORIES[0]))
    _response(writer, "https://pages.example/cut2", page_bytes(STORIES[1]))
    data = whole.getvalue()
    (folder / "broken.warc").write_bytes(data[: len(data) - 300])
    import pandas as pd

    text, published, _ = _report("choir", 3)
    pd.DataFrame(
        [
            {"text": text, "url": "https://table.example/choir", "published": published},
            {"text": None, "url": "https://table.example/empty", "published": None},
        ]
    ).to_parquet(folder / "table.parquet")
    (folder / "notes.txt").write_text("not an input the job reads\n", encoding="utf-8")
    return [str(folder)]


@pytest.fixture(scope="session")
def spark() -> Iterator[Any]:
    from storyfold.spark.session import build_session

    session = build_session("local[2]", app_name="storyfold-tests", shuffle_partitions=3)
    yield session
    session.stop()


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    return _write_corpus(tmp_path_factory.mktemp("spark-corpus") / "in")


def _run(spark: Any, corpus: list[str], out: Path, shuffle: int, partitions: int | None) -> Path:
    spark.conf.set("spark.sql.shuffle.partitions", str(shuffle))
    run_job(spark, corpus, out, JobSettings(SHARD_DAYS, LEAD_IN_DAYS, partitions))
    return out


def _stories(out: Path) -> list[dict[str, Any]]:
    lines: list[dict[str, Any]] = []
    for path in sorted((out / "stories").glob("*.jsonl")):
        lines.extend(json.loads(line) for line in path.read_text(encoding="utf-8").splitlines())
    return lines


def _groups(spark: Any, out: Path) -> list[tuple[str, str | None, str | None, str | None]]:
    table = spark.read.parquet(str(out / "parquet" / "articles"))
    rows = table.select("id", "url", "duplicate_of", "story_id").collect()
    return sorted((r["id"], r["url"], r["duplicate_of"], r["story_id"]) for r in rows)


@pytest.fixture(scope="session")
def baseline(spark: Any, corpus: list[str], tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _run(spark, corpus, tmp_path_factory.mktemp("spark-out") / "base", 3, None)


def test_same_stories_and_groups_for_any_partitioning(
    spark: Any, corpus: list[str], baseline: Path, tmp_path: Path
) -> None:
    stories = _stories(baseline)
    groups = _groups(spark, baseline)
    assert len(stories) >= 3
    assert any(len(story["articles"]) >= 2 for story in stories)
    for shuffle, partitions in ((8, 5),):
        out = _run(spark, corpus, tmp_path / f"s{shuffle}", shuffle, partitions)
        assert _stories(out) == stories, f"shuffle partitions {shuffle}"
        assert _groups(spark, out) == groups, f"shuffle partitions {shuffle}"
    # local[1], one shuffle partition, through spark-submit's entry point
    out = tmp_path / "local1"
    env = {**os.environ, "PYSPARK_PYTHON": sys.executable}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "storyfold.spark.job",
            *corpus,
            "--output",
            str(out),
            "--master",
            "local[1]",
            "--shuffle-partitions",
            "1",
            "--shard-days",
            str(SHARD_DAYS),
            "--lead-in-days",
            str(LEAD_IN_DAYS),
            "--no-briefs",  # stories only: the briefs are checked on the baseline
        ],
        capture_output=True,
        text=True,
        timeout=600,
        env=env,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    printed = json.loads(done.stdout)
    assert printed["outputs"]["stories_jsonl"] == len(stories)
    assert printed["briefs"]["enabled"] is False and printed["briefs"]["briefs"] == 0
    assert not (out / "parquet" / "briefs").exists()
    assert _stories(out) == stories
    assert _groups(spark, out) == groups


def test_duplicates_found_and_kept_with_their_story(spark: Any, baseline: Path) -> None:
    rows = {(r[1]): r for r in _groups(spark, baseline)}
    wire, mirror, first = (
        rows["https://wire.example/bridge"],
        rows["https://mirror.example/bridge"],
        rows["https://outlet0.example/bridge"],
    )
    assert first[2] is None
    assert mirror[0] == first[0] and mirror[2] == first[0]  # exact copy, same id
    assert wire[2] == first[0]  # near copy of the earliest report
    assert wire[3] == mirror[3] == first[3] is not None
    report = json.loads((baseline / "report.json").read_text(encoding="utf-8"))
    # The bridge mirror, and the ferry page read again before the cut in broken.warc.
    assert report["dedup"]["exact_duplicates"] == 2
    assert report["dedup"]["near_duplicates"] == 1


def test_every_skipped_record_reported(baseline: Path) -> None:
    skipped = [
        json.loads(line)
        for line in (baseline / "skipped.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    reasons = " | ".join(f"{s['source']}: {s['reason']}" for s in skipped)
    assert "not valid JSON" in reasons
    assert 'no "text" field' in reasons
    assert "broken.warc" in reasons and "cut short" in reasons
    assert "HTTP 404" in reasons and "non-HTML" in reasons and "warcinfo" in reasons
    assert "notes.txt" in reasons and "not a WARC, JSONL or Parquet input" in reasons
    assert "table.parquet#https://table.example/empty" in reasons
    report = json.loads((baseline / "report.json").read_text(encoding="utf-8"))
    assert report["read"]["skipped"] + report["briefs"]["failed"] == len(skipped)
    assert sum(report["read"]["skipped_by_reason"].values()) == report["read"]["skipped"]
    assert report["outputs"]["skipped_jsonl"] == len(skipped)
    # Nothing vanishes between stages: every article read is in the articles table.
    assert report["dedup"]["articles_in"] == report["read"]["articles"]


def test_same_stories_as_the_single_machine_sharded_path(corpus: list[str], baseline: Path) -> None:
    folder = Path(corpus[0])
    rows = list(
        jsonl_rows(
            str(folder / "export.jsonl"), (folder / "export.jsonl").read_text(encoding="utf-8")
        )
    )
    rows += list(warc_rows(str(folder / "crawl.warc.gz"), (folder / "crawl.warc.gz").read_bytes()))
    import pandas as pd

    from storyfold.spark.records import parquet_rows

    for record in pd.read_parquet(folder / "table.parquet").to_dict("records"):
        rows += list(parquet_rows(str(folder / "table.parquet"), record))
    articles = [to_article(row) for row in rows if row["kind"] == "article"]
    # Exact copies: the earliest record of an id; near copies: the dupgroups path.
    chosen: dict[str, Any] = {}
    for article in sorted(articles, key=lambda a: (order_key(a.id, time_of(a)), a.url or "")):
        chosen.setdefault(article.id, article)
    signer = NearDuplicates()
    signatures = [(a.id, signer.signature_of(a.text)) for a in chosen.values()]
    groups = near_duplicate_groups(signatures)
    kept_of = kept_copies(groups, {k: order_key(k, time_of(chosen[k])) for k in groups})
    kept = [a for a in chosen.values() if kept_of.get(a.id, a.id) == a.id]
    stories = sharded_stories(kept, SHARD_DAYS, LEAD_IN_DAYS)
    by_story: dict[str, set[str]] = {}
    for article_id, story in stories.items():
        by_story.setdefault(story, set()).add(article_id)
    from_spark = {story["id"]: {a["id"] for a in story["articles"]} for story in _stories(baseline)}
    assert from_spark == by_story
    assert len(by_story) < len(kept)  # some stories hold several reports


def test_one_brief_per_story_of_several_articles(spark: Any, baseline: Path) -> None:
    from storyfold.render import SCHEMA

    stories = {story["id"]: story for story in _stories(baseline)}
    several = {key for key, story in stories.items() if len(story["articles"]) >= 2}
    assert several and len(several) < len(stories)  # some single-article stories too
    table = spark.read.parquet(str(baseline / "parquet" / "briefs"))
    rows = table.select("story_id", "date", "schema", "articles", "briefed", "brief").collect()
    assert sorted(row["story_id"] for row in rows) == sorted(several)  # one row each
    for row in rows:
        story = stories[row["story_id"]]
        ids = {article["id"] for article in story["articles"]}
        assert row["schema"] == SCHEMA
        # Partitioned by the story's first-seen date (read back as a date).
        assert str(row["date"]) == story["first_seen"][:10]
        assert row["articles"] == row["briefed"] == len(ids)
        brief = json.loads(row["brief"])
        assert brief["schema"] == SCHEMA
        assert {article["id"] for article in brief["articles"]} == ids
        cited = {c["article_id"] for line in brief["summary"] for c in line["citations"]}
        assert brief["summary"] and cited and cited <= ids, row["story_id"]
    report = json.loads((baseline / "report.json").read_text(encoding="utf-8"))
    assert report["briefs"]["briefs"] == report["outputs"]["briefs_parquet"] == len(several)
    assert report["briefs"]["single_article_stories"] == len(stories) - len(several)
    assert report["briefs"]["failed"] == 0


def test_a_story_that_cannot_be_briefed_is_reported(spark: Any, corpus: list[str]) -> None:
    from datetime import UTC, datetime

    from storyfold.spark.briefs import BRIEF_FAILED, BRIEFED, brief_row
    from storyfold.spark.outputs import brief_failures

    folder = Path(corpus[0])
    rows = [
        row
        for row in jsonl_rows(
            str(folder / "export.jsonl"), (folder / "export.jsonl").read_text(encoding="utf-8")
        )
        if row["kind"] == "article"
    ][:2]
    # Texts with nothing the brief can read: the brief raises, the row says why.
    broken = [
        {**row, "raw_text": "", "text": "", "time_us": None, "story_id": "s-broken"} for row in rows
    ]
    failed = brief_row(broken, datetime(2026, 1, 1, tzinfo=UTC))
    assert failed["brief"] is None and failed["reason"].startswith(BRIEF_FAILED)
    assert failed["story_id"] == "s-broken" and failed["date"] == "undated"
    frame = spark.createDataFrame([failed], BRIEFED)
    assert brief_failures(frame) == [
        {"source": "story s-broken", "url": None, "reason": failed["reason"]}
    ]
