"""`storyfold ingest`, `stories` and `story` as a user runs them: real processes, a real
HTTP server on 127.0.0.1 serving our own pages and feeds, a real SQLite file."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from tests.http_server import LocalServer
from tests.news_pages import STORIES, Story, page_bytes, rss

STORYFOLD = Path(sys.executable).with_name("storyfold")
FERRY, ORCHARD, LIBRARY = STORIES

# A second outlet's report of the ferry story (invented, written for this test).
FERRY_AGAIN = Story(
    "ferry-bay",
    "Port Wren ferry back on the water after three weeks of engine repairs",
    "Bay Shore Herald",
    "2026-04-02T10:05:00+00:00",
    (
        "Commuters boarded the Port Wren harbor ferry again on Tuesday, three weeks after "
        "mechanics found a cracked engine mount during an inspection and took it out of service.",
        "Harbor master Idris Fenn said he would rather lose three weeks than take a risk with "
        "the engine, and thanked the 400 passengers a day who use the crossing.",
        "Replacement buses ran around the bay during the repairs, and the operator said the full "
        "summer timetable returns next month once a second crew finishes training.",
    ),
)
DATE = "Tue, 07 Apr 2026 12:00:00 GMT"


def run(*args: str | Path, timeout: float = 180) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "120"}
    return subprocess.run(
        [str(STORYFOLD), *map(str, args)],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
    )


def serve_feed(server: LocalServer, stories: list[Story], etag: str) -> None:
    for story in stories:
        server.route(f"/news/{story.slug}", body=page_bytes(story))
    items = [(s.slug, f"/news/{s.slug}", DATE) for s in stories]
    server.route(
        "/feed.xml",
        body=rss(server.base_url, items),
        content_type="application/rss+xml",
        etag=etag,
    )


def page_hits(server: LocalServer, stories: list[Story]) -> list[int]:
    return [len(server.hits_for(f"/news/{s.slug}")) for s in stories]


def test_feed_ingest_is_incremental_and_stories_are_listed(
    http_server: LocalServer, tmp_path: Path
) -> None:
    db = tmp_path / "data" / "store.db"
    feed = http_server.url("/feed.xml")
    serve_feed(http_server, [FERRY, FERRY_AGAIN, LIBRARY], etag='"v1"')

    first = run("ingest", feed, "--db", db, "--allow-private")
    assert first.returncode == 0, first.stderr
    assert "read 3 articles: 3 new, 0 duplicates" in first.stdout
    assert db.is_file()
    assert page_hits(http_server, [FERRY, FERRY_AGAIN, LIBRARY]) == [1, 1, 1]

    # Again: the feed answers 304 to our ETag, and no page is fetched.
    second = run("ingest", feed, "--db", db, "--allow-private")
    assert second.returncode == 0, second.stderr
    assert "read 0 articles: 0 new" in second.stdout
    assert http_server.hits_for("/feed.xml")[-1].headers.get("if-none-match") == '"v1"'
    assert page_hits(http_server, [FERRY, FERRY_AGAIN, LIBRARY]) == [1, 1, 1]

    # A new item: only its page is fetched.
    serve_feed(http_server, [FERRY, FERRY_AGAIN, LIBRARY, ORCHARD], etag='"v2"')
    third = run("ingest", feed, "--db", db, "--allow-private")
    assert third.returncode == 0, third.stderr
    assert "read 1 articles: 1 new" in third.stdout
    assert page_hits(http_server, [FERRY, FERRY_AGAIN, LIBRARY, ORCHARD]) == [1, 1, 1, 1]

    listed = run("stories", "--db", db, "--format", "json")
    assert listed.returncode == 0, listed.stderr
    stories = json.loads(listed.stdout)["stories"]
    by_url = {a["url"]: s for s in stories for a in s["articles"]}
    assert set(by_url) == {http_server.url(f"/news/{s.slug}") for s in (*STORIES, FERRY_AGAIN)}
    ferry_story = by_url[http_server.url("/news/ferry")]
    assert ferry_story is by_url[http_server.url("/news/ferry-bay")]
    assert ferry_story["size"] == 2
    assert {(a["outlet"], a["title"]) for a in ferry_story["articles"]} == {
        (FERRY.site, FERRY.title),
        (FERRY_AGAIN.site, FERRY_AGAIN.title),
    }
    assert by_url[http_server.url("/news/library")]["size"] == 1
    assert len(stories) == 3

    recent = run("stories", "--db", db, "--since", "1h", "--format", "json")
    assert len(json.loads(recent.stdout)["stories"]) == 3  # all were seen just now
    bad_since = run("stories", "--db", db, "--since", "soon")
    assert bad_since.returncode == 2 and "not a duration" in bad_since.stderr

    table = run("stories", "--db", db)
    assert table.returncode == 0
    assert ferry_story["id"] in table.stdout and FERRY.title in table.stdout

    # Full-text search: a word only the ferry reports use.
    found = run("stories", "--db", db, "--search", "mount", "--format", "json")
    assert [s["id"] for s in json.loads(found.stdout)["stories"]] == [ferry_story["id"]]
    odd = run("stories", "--db", db, "--search", '"mount AND (', "--format", "json")
    assert odd.returncode == 0, odd.stderr
    # Quotes, brackets and AND are plain words, not FTS syntax.
    assert [s["id"] for s in json.loads(odd.stdout)["stories"]] == [ferry_story["id"]]

    brief = run("story", ferry_story["id"], "--db", db, "--format", "md")
    assert brief.returncode == 0, brief.stderr
    assert brief.stdout.startswith("# ")
    assert FERRY.site in brief.stdout and FERRY_AGAIN.site in brief.stdout
    conn = sqlite3.connect(db)
    cached = conn.execute(
        "SELECT rendered FROM brief_cache WHERE story_id = ? AND format = 'md'",
        (ferry_story["id"],),
    ).fetchone()
    conn.close()
    assert cached == (brief.stdout,)
    again = run("story", ferry_story["id"], "--db", db, "--format", "md")
    assert again.stdout == brief.stdout  # from the cache: the same brief, same timestamp

    unknown = run("story", "s-nosuchstory", "--db", db)
    assert unknown.returncode == 2
    assert "s-nosuchstory" in unknown.stderr and "no story" in unknown.stderr
    assert "Traceback" not in unknown.stderr


def test_ingest_reports_every_skipped_source(http_server: LocalServer, tmp_path: Path) -> None:
    db = tmp_path / "store.db"
    http_server.route("/news/ferry", body=page_bytes(FERRY))
    http_server.route("/gone", status=404, body=b"<html>gone</html>")
    http_server.route("/image", body=b"\x89PNG\r\n", content_type="image/png")
    export = tmp_path / "export.jsonl"
    export.write_text(
        json.dumps({"title": "Empty", "outlet": "X"})
        + "\n"
        + json.dumps(
            {
                "title": LIBRARY.title,
                "text": " ".join(LIBRARY.paragraphs),
                "outlet": LIBRARY.site,
                "url": "https://northgate.example/library",
            }
        )
        + "\n",
        encoding="utf-8",
    )
    done = run(
        "ingest",
        http_server.url("/news/ferry"),
        http_server.url("/gone"),
        http_server.url("/image"),
        export,
        tmp_path / "missing.txt",
        "--db",
        db,
        "--allow-private",
    )
    assert done.returncode == 0, done.stderr
    assert "read 2 articles: 2 new" in done.stdout
    assert "4 skipped" in done.stdout
    assert f"skipped {http_server.url('/gone')}: " in done.stdout and "404" in done.stdout
    assert f"skipped {http_server.url('/image')}: " in done.stdout
    assert f"skipped {export}:1: " in done.stdout
    assert f"skipped {tmp_path / 'missing.txt'}: no such file or directory" in done.stdout
    assert "stories: 2 created, 0 updated" in done.stdout

    # Without --allow-private the loopback server is refused, with the reason.
    refused = run("ingest", http_server.url("/news/ferry"), "--db", tmp_path / "other.db")
    assert refused.returncode == 0
    assert "read 0 articles" in refused.stdout
    assert f"skipped {http_server.url('/news/ferry')}:" in refused.stdout


def test_a_store_from_a_newer_storyfold_is_a_clear_error(tmp_path: Path) -> None:
    db = tmp_path / "future.db"
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA user_version = 999")
    conn.close()
    done = run("stories", "--db", db)
    assert done.returncode == 2
    assert "newer than this storyfold" in done.stderr and str(db) in done.stderr
