"""`storyfold watch` polls feeds round after round, logs each, and survives broken feeds."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.http_server import LocalServer
from tests.news_pages import STORIES, page_bytes, rss

STORYFOLD = Path(sys.executable).with_name("storyfold")
FERRY, ORCHARD, LIBRARY = STORIES
DATE = "Tue, 07 Apr 2026 12:00:00 GMT"


def watch(*args: str | Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [str(STORYFOLD), "watch", *map(str, args)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "COLUMNS": "120"},
    )


def test_watch_survives_down_slow_and_malformed_feeds(
    http_server: LocalServer, tmp_path: Path
) -> None:
    db = tmp_path / "store.db"
    http_server.route("/news/ferry", body=page_bytes(FERRY))
    http_server.route(
        "/good.xml",
        body=rss(http_server.base_url, [("ferry", "/news/ferry", DATE)]),
        content_type="application/rss+xml",
        etag='"g1"',
    )
    http_server.route("/down.xml", status=500, body=b"<html>server error</html>")
    http_server.route(
        "/slow.xml",
        body=rss(http_server.base_url, []),
        content_type="application/rss+xml",
        delay=2.0,
    )
    http_server.route(
        "/bad.xml",
        body=b'<?xml version="1.0"?><rss version="2.0"><channel><title>Broken<item><link>',
        content_type="application/rss+xml",
    )
    feeds = [http_server.url(p) for p in ("/good.xml", "/down.xml", "/slow.xml", "/bad.xml")]
    good, down, slow, bad = feeds
    process = watch(
        *feeds, "--db", db, "--rounds", "2", "--every", "1s", "--timeout", "0.5", "--allow-private"
    )
    out, err = process.communicate(timeout=120)
    assert process.returncode == 0, err
    lines = out.splitlines()
    assert len(lines) == 8, out  # one line per feed per round

    def line(round_number: int, feed: str) -> str:
        [found] = [x for x in lines if f" round {round_number} {feed}: " in x]
        return found.split(": ", 1)[1]

    assert line(1, good).startswith("1 new")
    assert line(2, good) == "not modified"
    for round_number in (1, 2):
        assert line(round_number, down).startswith("error: ") and "500" in line(round_number, down)
        assert line(round_number, slow).startswith("error: ")
        assert "timed out" in line(round_number, slow)
        assert line(round_number, bad).startswith("error: ")
    assert "stopped after 2 rounds" in err
    assert "Traceback" not in err

    conn = sqlite3.connect(db)
    assert conn.execute("SELECT url FROM articles").fetchall() == [
        (http_server.url("/news/ferry"),)
    ]
    errors = dict(conn.execute("SELECT url, last_error FROM feed_state").fetchall())
    conn.close()
    assert errors[good] is None
    assert errors[down] is not None and "500" in errors[down]
    assert errors[slow] is not None and errors[bad] is not None
    assert len(http_server.hits_for("/news/ferry")) == 1


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_watch_stops_cleanly_on_a_signal(
    http_server: LocalServer, tmp_path: Path, signum: int
) -> None:
    http_server.route(
        "/good.xml",
        body=rss(http_server.base_url, []),
        content_type="application/rss+xml",
    )
    process = watch(
        http_server.url("/good.xml"), "--db", tmp_path / "s.db", "--every", "1h", "--allow-private"
    )
    try:
        deadline = time.monotonic() + 60
        while not http_server.hits_for("/good.xml"):
            assert time.monotonic() < deadline, "watch never polled"
            time.sleep(0.05)
        time.sleep(0.5)  # let it log the round and start waiting
        process.send_signal(signum)
        out, err = process.communicate(timeout=20)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 0, err
    assert " round 1 " in out
    assert "stopped after 1 rounds" in err
    assert "Traceback" not in err
