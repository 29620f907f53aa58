"""`storyfold ingest --shard-days N --lead-in-days H`: the store gets the stories of the
sharded path (`stories.shards.sharded_stories`), the same shards the Spark job runs."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from storyfold.ingest.jsonl import iter_jsonl
from storyfold.stories.shards import sharded_stories
from storyfold.text import clean_article
from tests.integration.test_ingest_cli import run
from tests.story_corpus import TOLD, report


def test_ingest_with_shards_stores_the_sharded_stories(tmp_path: Path) -> None:
    lines = []
    for story in TOLD:
        for k in range(3):
            text, published, _ = report(story, k)
            lines.append(
                json.dumps(
                    {"text": text, "published": published, "url": f"https://o{k}.example/{story}"}
                )
            )
    export = tmp_path / "export.jsonl"
    export.write_text("\n".join(lines) + "\n", encoding="utf-8")
    db = tmp_path / "store.db"
    done = run("ingest", export, "--db", db, "--shard-days", "3", "--lead-in-days", "2")
    assert done.returncode == 0, done.stderr
    articles = [
        clean_article(a)
        for record in iter_jsonl(export.read_text(encoding="utf-8"), export)
        for a in record.articles
    ]
    with sqlite3.connect(db) as conn:
        stored = dict(conn.execute("SELECT article_id, story_id FROM story_articles").fetchall())
    assert len(stored) == len(articles)  # no copies among them
    expected = sharded_stories(articles, 3, 2)
    assert stored == expected
    assert len(set(expected.values())) < len(expected)


def test_lead_in_without_shards_is_refused(tmp_path: Path) -> None:
    done = run("ingest", tmp_path, "--db", tmp_path / "s.db", "--lead-in-days", "2")
    assert done.returncode != 0
    assert "--lead-in-days needs --shard-days" in done.stdout + done.stderr
