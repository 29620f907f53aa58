"""The named cases of issue 16 as a hostile user meets them: real `storyfold` processes, a
real SQLite store, a real HTTP server on 127.0.0.1 for feeds. Each bad input is reported
with its reason, the rest of the batch goes on, nothing hangs or crashes."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from storyfold.config import Settings
from storyfold.ingest.feeds import FeedState
from storyfold.ingest.fetch import Fetcher, FetchSettings
from storyfold.ingest.sources import iter_sources
from storyfold.model import Article, Skipped
from storyfold.store import Store, story_brief
from tests.conftest import DAM_BODY, write
from tests.http_server import LocalServer
from tests.news_pages import STORIES, page_bytes, rss

STORYFOLD = Path(sys.executable).with_name("storyfold")
HANG_S = 120  # a FIFO used to block forever; anything near this is a hang


def run(*args: str | Path, timeout: float = HANG_S) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "200"}
    return subprocess.run(
        [str(STORYFOLD), *map(str, args)], capture_output=True, text=True, timeout=timeout, env=env
    )


def _record(text: str, **fields: object) -> str:
    return json.dumps({"text": text, **fields})


_GOOD = (
    "Harbor officials in Lindwick said on Monday that the old swing bridge would reopen to "
    "traffic next week after months of repairs to its rusted gears."
)
_OTHER = (
    "Engineers at the Eastmere dam finished a full inspection of the spillway on Tuesday and "
    "found no cracks in the concrete, the water board said."
)
_THIRD = (
    "The Port Calder council voted on Wednesday to fund two new ferries for the winter "
    "crossing, replacing boats that have served the island for forty years."
)


def _rows(db: Path) -> list[tuple[str | None, str | None, str]]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT published, published_from, source FROM articles").fetchall()
    finally:
        conn.close()


def test_dates_outside_the_window_are_dropped_with_a_note_and_the_batch_is_stored(
    tmp_path: Path,
) -> None:
    good = write(tmp_path / "good.txt", "Dam gates opened at Elmsford\n\n" + DAM_BODY)
    bad = write(
        tmp_path / "bad.jsonl",
        "\n".join(
            [
                _record(_GOOD, published="0001-01-01T00:00:00+05:00"),
                _record(_OTHER, published="9999-12-31T23:59:59Z"),
                _record(_THIRD, published="not a date"),
                _record(_GOOD + " More repairs are planned.", published=1e300),
                _record(_OTHER + " The board will report in May.", published="1900-01-01"),
            ]
        )
        + "\n",
    )
    db = tmp_path / "s.db"
    for _ in range(2):  # a rerun used to hit the same crash
        result = run("ingest", "--db", db, good, bad)
        assert result.returncode == 0, result.stderr
        assert "Traceback" not in result.stderr
    rows = {source: (published, note) for published, note, source in _rows(db)}
    assert len(rows) == 6
    for line, value in ((1, "0001-01-01"), (2, "9999-12-31"), (3, "not a date"), (4, "1e+300")):
        published, note = rows[f"{bad}:{line}"]
        assert published is None
        assert note is not None and note.startswith("unusable date dropped") and value in note
    # A date without a zone is read as UTC, and stored so.
    assert rows[f"{bad}:5"] == ("1900-01-01T00:00:00.000000+00:00", "jsonl")

    # Every story's brief (in this process: the models load once for the whole suite).
    with Store(db) as store:
        for story in store.stories(limit=100):
            text, _ = story_brief(store, story.id, "md", Settings())
            assert text.startswith("# ")


def test_a_year_9999_date_already_in_a_store_does_not_crash_story(tmp_path: Path) -> None:
    """A store written before dates were checked: the date is dropped as it is read."""
    source = write(tmp_path / "one.jsonl", _record(_GOOD, published="2015-03-12") + "\n")
    db = tmp_path / "s.db"
    assert run("ingest", "--db", db, source).returncode == 0
    conn = sqlite3.connect(db)
    with conn:
        conn.execute("UPDATE articles SET published = '9999-12-31T23:59:59.000000+00:00'")
    conn.close()
    story = json.loads(run("stories", "--db", db, "-f", "json").stdout)["stories"][0]["id"]
    result = run("story", "--db", db, story, "--format", "json")
    assert result.returncode == 0, result.stderr
    [article] = json.loads(result.stdout)["articles"]
    assert article["published"] is None
    assert article["published_from"].startswith("unusable date dropped")


def test_a_bad_last_line_of_a_long_export_loses_nothing(tmp_path: Path) -> None:
    lines = [
        _record(f"Report number {i} from Lindwick: " + _GOOD.replace("Monday", f"day {i}"))
        for i in range(401)
    ]
    lines.append(_record(_OTHER, published="9999-12-31T23:59:59Z"))
    lines.append("[" * 100_000)
    source = write(tmp_path / "long.jsonl", "\n".join(lines) + "\n")
    db = tmp_path / "s.db"
    result = run("ingest", "--db", db, source)
    assert result.returncode == 0, result.stderr
    assert len(_rows(db)) == 402
    assert f"skipped {source}:403: not valid JSON (nested too deeply)" in result.stdout


def test_deeply_nested_json_is_skipped_in_brief_and_ingest(tmp_path: Path) -> None:
    deep = write(tmp_path / "deep.jsonl", "[" * 100_000 + "\n")
    good = write(tmp_path / "good.txt", "Dam gates opened at Elmsford\n\n" + DAM_BODY)
    result = run("brief", good, deep, "--format", "json")
    assert result.returncode == 0, result.stderr
    assert f"skipped {deep}:1: not valid JSON" in result.stderr
    result = run("ingest", "--db", tmp_path / "s.db", deep, good)
    assert result.returncode == 0, result.stderr
    assert f"skipped {deep}:1: not valid JSON" in result.stdout


def test_a_fifo_socket_or_symlink_loop_is_skipped_never_a_hang(tmp_path: Path) -> None:
    good = write(tmp_path / "good.txt", "Dam gates opened at Elmsford\n\n" + DAM_BODY)
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    (tmp_path / "loop-a").symlink_to(tmp_path / "loop-b")
    (tmp_path / "loop-b").symlink_to(tmp_path / "loop-a")
    alone = run("brief", fifo)
    assert alone.returncode == 2
    assert "not a regular file: a named pipe (FIFO)" in alone.stderr
    result = run("brief", good, fifo, tmp_path / "loop-a", "--format", "json")
    assert result.returncode == 0, result.stderr
    assert f"skipped {fifo}: not a regular file: a named pipe (FIFO)" in result.stderr
    assert f"skipped {tmp_path / 'loop-a'}: symbolic link loop" in result.stderr
    # Inside a folder too: the FIFO is named, not silently left out.
    folder = tmp_path / "folder"
    folder.mkdir()
    write(folder / "good.txt", "Dam gates opened at Elmsford\n\n" + DAM_BODY)
    os.mkfifo(folder / "pipe")
    result = run("ingest", "--db", tmp_path / "s.db", folder)
    assert result.returncode == 0, result.stderr
    assert f"skipped {folder / 'pipe'}: not a regular file" in result.stdout
    assert len(_rows(tmp_path / "s.db")) == 1


@pytest.mark.parametrize(
    "url", ["ftp://example.org/a.txt", "gopher://example.org/", "file:///etc/hosts"]
)
def test_other_url_schemes_say_only_http_is_fetched(tmp_path: Path, url: str) -> None:
    good = write(tmp_path / "good.txt", "Dam gates opened at Elmsford\n\n" + DAM_BODY)
    result = run("ingest", "--db", tmp_path / "s.db", good, url)
    assert result.returncode == 0, result.stderr
    assert f"skipped {url}: only http(s) URLs are fetched" in result.stdout


def test_read_only_commands_refuse_a_store_that_does_not_exist(tmp_path: Path) -> None:
    missing = tmp_path / "nope.db"
    for args in (["stories"], ["story", "s-123"]):
        result = run(*args, "--db", missing)
        assert result.returncode == 2
        assert f"no store at {missing}" in result.stderr
    assert not missing.exists()


def test_markdown_and_terminal_output_carry_no_escapes_or_unsafe_links(tmp_path: Path) -> None:
    osc = "\x1b]0;pwned\x07"
    record = {
        "text": DAM_BODY,
        "title": f"Dam gates opened {osc}at Elmsford\x1b[31m",
        "outlet": f"Valley {osc}Post",
        "url": "javascript:alert(1)",
    }
    source = write(tmp_path / "hostile.jsonl", json.dumps(record) + "\n")
    result = run("brief", source, "--format", "md")
    assert result.returncode == 0, result.stderr
    assert "<javascript:" not in result.stdout
    assert "javascript:alert(1)" in result.stdout  # shown as text, not a link
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    assert "pwned" not in result.stdout  # the whole sequence is gone, not just ESC

    db = tmp_path / "s.db"
    assert run("ingest", "--db", db, source).returncode == 0
    table = run("stories", "--db", db)
    assert table.returncode == 0, table.stderr
    assert "Dam gates opened" in table.stdout
    assert "\x1b" not in table.stdout and "\x07" not in table.stdout


def test_a_file_name_with_a_newline_cannot_forge_a_skipped_line(tmp_path: Path) -> None:
    good = write(tmp_path / "good.txt", "Dam gates opened at Elmsford\n\n" + DAM_BODY)
    forged = tmp_path / "x\nskipped good.txt: forged"
    forged.write_bytes(b"\x00\x01binary")
    result = run("brief", good, forged, "--format", "json")
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    assert not any(line.startswith("skipped good.txt") for line in lines)
    assert f"skipped {str(forged)!r}: binary file, not text" in lines


def test_a_long_feed_is_read_in_capped_polls(http_server: LocalServer) -> None:
    """Five new entries, two a poll: 2, 2, then 1; the held-back ones are reported."""
    base = http_server.base_url
    story = STORIES[0]
    items = []
    for i in range(5):
        http_server.route(f"/a{i}", body=page_bytes(story), content_type="text/html")
        items.append((f"entry-{i}", f"/a{i}", "Thu, 02 Apr 2026 07:30:00 GMT"))
    http_server.route(
        "/rss", body=rss(base, items), content_type="application/rss+xml", etag='"one"'
    )
    states = _States()
    settings = FetchSettings(host_delay=0.0, max_feed_entries=2, total_timeout=5.0)
    polls: list[list[Article | Skipped]] = []
    with Fetcher(settings, allow_private=True) as fetcher:
        for _ in range(3):
            polls.append(
                list(iter_sources([http_server.url("/rss")], None, fetcher, feed_states=states))
            )
    fetched = [
        [x for x in poll if isinstance(x, Article) or x.input.startswith(base + "/a")]
        for poll in polls
    ]
    assert [len(f) for f in fetched] == [2, 2, 1]
    held = [
        [x for x in poll if isinstance(x, Skipped) and "next poll" in x.reason] for poll in polls
    ]
    assert [len(h) for h in held] == [1, 1, 0]
    assert "entries 3-5 of the new" in held[0][0].input
    assert "at most 2 new entries" in held[0][0].reason


class _States:
    def __init__(self) -> None:
        self.states: dict[str, FeedState] = {}

    def get(self, url: str) -> FeedState | None:
        return self.states.get(url)

    def put(self, url: str, state: FeedState) -> None:
        self.states[url] = state
