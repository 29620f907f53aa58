"""The schema is versioned in code: migrations apply in order, once, each all or nothing."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from storyfold.errors import StoreError
from storyfold.store.db import connect
from storyfold.store.migrations import MIGRATIONS, SCHEMA_VERSION, migrate, schema_version


def test_a_new_store_is_at_the_latest_version_in_wal_mode(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "folder" / "store.db"
    conn = connect(path)
    assert path.is_file()
    assert schema_version(conn) == SCHEMA_VERSION == len(MIGRATIONS)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] > 0
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {
        "articles",
        "article_outlets",
        "stories",
        "story_articles",
        "signatures",
        "feed_state",
        "brief_cache",
        "clusterer_state",
        "articles_fts",
    } <= tables
    conn.close()


def test_reopening_applies_nothing_and_keeps_the_data(tmp_path: Path) -> None:
    path = tmp_path / "store.db"
    conn = connect(path)
    conn.execute("INSERT INTO feed_state (url, seen_ids) VALUES ('https://example.org/feed', '[]')")
    conn.close()
    again = connect(path)
    assert schema_version(again) == SCHEMA_VERSION
    assert again.execute("SELECT url FROM feed_state").fetchall() == [("https://example.org/feed",)]
    again.close()


def test_a_store_from_a_newer_storyfold_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "future.db"
    raw = sqlite3.connect(path)
    raw.execute("CREATE TABLE something_new (x)")
    raw.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 3}")
    raw.close()
    with pytest.raises(StoreError, match="newer than this storyfold") as info:
        connect(path)
    assert info.value.input == str(path)
    raw = sqlite3.connect(path)
    assert raw.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION + 3
    assert raw.execute("SELECT name FROM sqlite_master WHERE name = 'articles'").fetchall() == []
    raw.close()


def test_migrations_apply_in_order_and_a_failing_one_changes_nothing(tmp_path: Path) -> None:
    conn = sqlite3.connect(tmp_path / "m.db", isolation_level=None)
    steps: tuple[tuple[str, ...], ...] = (
        ("CREATE TABLE a (x INTEGER)",),
        ("CREATE TABLE b (y INTEGER)", "INSERT INTO a VALUES (1)"),
        ("CREATE TABLE c (z INTEGER)", "INSERT INTO no_such_table VALUES (1)"),
    )
    assert migrate(conn, "m.db", steps[:2]) == 2
    assert schema_version(conn) == 2
    assert conn.execute("SELECT x FROM a").fetchall() == [(1,)]
    with pytest.raises(sqlite3.OperationalError):
        migrate(conn, "m.db", steps)
    # The third step rolled back as a whole: no table c, still at version 2.
    assert schema_version(conn) == 2
    assert conn.execute("SELECT name FROM sqlite_master WHERE name = 'c'").fetchall() == []
    # A later run with the step fixed picks up where it stopped.
    fixed = (*steps[:2], ("CREATE TABLE c (z INTEGER)",))
    assert migrate(conn, "m.db", fixed) == 3
    assert schema_version(conn) == 3
    conn.close()


def test_a_file_that_is_not_a_database_gives_a_store_error(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_bytes(b"these are my notes, not a database\n" * 200)
    with pytest.raises(StoreError, match="not a storyfold store") as info:
        connect(path)
    assert info.value.input == str(path)
