"""A real `storyfold ingest` process killed with SIGKILL leaves the store at a batch
boundary, and running it again completes with no duplicates."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from storyfold.store import BATCH_SIZE, Store
from storyfold.store.pipeline import TEST_PAUSE_ENV

TOTAL = 3 * BATCH_SIZE
WAIT_S = 180.0

# Invented words for invented articles: each article draws its own, so no two are near
# duplicates of each other.
_SYLLABLES = ["ka", "lo", "mer", "tan", "vi", "dro", "sel", "pa", "quin", "ru", "to", "bel"]


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3)))


def _article(rng: random.Random, number: int) -> dict[str, str]:
    place = _word(rng).capitalize()
    sentences = []
    for _ in range(6):
        words = " ".join(_word(rng) for _ in range(12))
        sentences.append(f"Officials in {place} said the {words}.")
    return {
        "title": f"Report {number} from {place}",
        "text": " ".join(sentences),
        "outlet": f"Outlet {number % 7}",
        "url": f"https://outlet{number % 7}.example/{number}",
    }


@pytest.fixture
def big_jsonl(tmp_path: Path) -> Path:
    rng = random.Random(5)
    path = tmp_path / "stream.jsonl"
    path.write_text(
        "".join(json.dumps(_article(rng, i)) + "\n" for i in range(TOTAL)), encoding="utf-8"
    )
    return path


def _ingest(source: Path, db: Path, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "storyfold", "ingest", str(source), "--db", str(db)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **(env or {})},
    )


def _wait_for(check: object, what: str) -> None:
    deadline = time.monotonic() + WAIT_S
    while not check():  # type: ignore[operator]
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.05)


def _committed_articles(db: Path) -> int:
    if not db.exists():
        return 0
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
    try:
        return int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])
    except sqlite3.OperationalError:  # the schema is not there yet
        return 0
    finally:
        conn.close()


def _check_consistent(db: Path) -> int:
    """The invariants a batch boundary guarantees; returns the article count."""
    with Store(db) as store:
        assert store.integrity() == "ok"
        articles = store.count("articles")
        assert store.count("articles_fts") == articles
        assert store.count("story_articles") == articles  # every article has a story
        assert store.count("signatures") == articles
        assert store.count("article_outlets") == articles
        sizes = store.conn.execute("SELECT coalesce(sum(size), 0) FROM stories").fetchone()[0]
        assert sizes == articles
        # Every story has its saved profile, written in the same batch as its articles.
        assert sum(1 for _ in store.profiles()) == store.count("stories")
        return articles


def _rerun_completes(source: Path, db: Path) -> None:
    process = _ingest(source, db)
    out, err = process.communicate(timeout=WAIT_S)
    assert process.returncode == 0, err
    assert _check_consistent(db) == TOTAL
    assert f"read {TOTAL} articles" in out
    with Store(db) as store:
        ids = [r[0] for r in store.conn.execute("SELECT id FROM articles")]
        assert len(ids) == len(set(ids)) == TOTAL


def test_killed_inside_a_batch_the_store_is_at_the_previous_boundary(
    big_jsonl: Path, tmp_path: Path
) -> None:
    db = tmp_path / "store.db"
    marker = tmp_path / "inside-batch-2"
    # The test hook makes batch 2 write the marker and sleep inside its open transaction.
    process = _ingest(big_jsonl, db, {TEST_PAUSE_ENV: f"2:{marker}"})
    try:
        _wait_for(marker.exists, "the ingest to reach batch 2")
        # Batch 2 has written its rows but not committed them: another reader sees batch 1.
        assert _committed_articles(db) == BATCH_SIZE
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == -signal.SIGKILL
    assert _check_consistent(db) == BATCH_SIZE
    _rerun_completes(big_jsonl, db)


def test_killed_at_an_arbitrary_moment_the_store_is_at_a_boundary(
    big_jsonl: Path, tmp_path: Path
) -> None:
    db = tmp_path / "store.db"
    process = _ingest(big_jsonl, db)
    try:
        _wait_for(lambda: _committed_articles(db) > 0, "the first batch")
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    articles = _check_consistent(db)
    assert articles % BATCH_SIZE == 0 or articles == TOTAL
    assert articles >= BATCH_SIZE
    _rerun_completes(big_jsonl, db)


# Bad lines a hostile or broken export holds, each with the reason it must be reported.
_BAD_LINES = (
    ("[" * 100_000, "not valid JSON"),
    ("{not json", "not valid JSON"),
    ('["a list"]', "must be an object"),
    ('{"title": "no text here"}', 'no "text" field'),
)


@pytest.fixture
def jsonl_with_bad_lines(tmp_path: Path) -> tuple[Path, list[int]]:
    """TOTAL good articles with the bad lines spread over the middle of batch 2, and one
    good article whose date is unusable (year 9999): stored, its date dropped."""
    rng = random.Random(6)
    lines = [json.dumps(_article(rng, i)) for i in range(TOTAL)]
    dated = json.loads(lines[BATCH_SIZE + 10])
    dated["published"] = "9999-12-31T23:59:59Z"
    lines[BATCH_SIZE + 10] = json.dumps(dated)
    bad_numbers = []
    for k, (bad, _) in enumerate(_BAD_LINES):
        position = BATCH_SIZE + 40 * (k + 1)
        lines.insert(position, bad)
        bad_numbers.append(position + 1)  # 1-based line numbers in the file
    path = tmp_path / "mixed.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path, bad_numbers


def test_bad_lines_mid_batch_killed_then_rerun_loses_and_doubles_nothing(
    jsonl_with_bad_lines: tuple[Path, list[int]], tmp_path: Path
) -> None:
    source, bad_numbers = jsonl_with_bad_lines
    db = tmp_path / "store.db"
    marker = tmp_path / "inside-batch-2"
    process = _ingest(source, db, {TEST_PAUSE_ENV: f"2:{marker}"})
    try:
        _wait_for(marker.exists, "the ingest to reach batch 2")
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert _check_consistent(db) == BATCH_SIZE

    rerun = _ingest(source, db)
    out, err = rerun.communicate(timeout=WAIT_S)
    assert rerun.returncode == 0, err
    assert _check_consistent(db) == TOTAL  # every good article, once
    for number, (_, reason) in zip(bad_numbers, _BAD_LINES, strict=True):
        assert f"skipped {source}:{number}: " in out
        line = next(x for x in out.splitlines() if x.startswith(f"skipped {source}:{number}:"))
        assert reason in line
    with Store(db) as store:
        rows = store.conn.execute(
            "SELECT published, published_from FROM articles WHERE published_from LIKE"
            " 'unusable date dropped%'"
        ).fetchall()
    assert len(rows) == 1 and rows[0][0] is None
    assert "9999-12-31" in rows[0][1]
