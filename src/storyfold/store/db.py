"""Opening the SQLite store: pragmas, schema migrations, one transaction per batch."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from storyfold.errors import StoreError
from storyfold.store.migrations import migrate

# How long a writer waits for another process's lock before giving up: a `watch` and an
# `ingest` on the same file should queue, not fail. Generous because a batch of 200 articles
# with clustering can hold the write lock for a second or two on a slow machine.
BUSY_TIMEOUT_MS = 30_000


def connect(path: str | Path) -> sqlite3.Connection:
    """Open (creating if needed) the store at ``path`` and bring its schema up to date.

    The connection is in autocommit mode: every write goes through ``transaction``.
    """
    name = str(path)
    if name != ":memory:":
        folder = Path(name).parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(
                f"cannot create the folder: {exc.strerror or exc}", input=name
            ) from exc
    try:
        conn = sqlite3.connect(name, isolation_level=None, check_same_thread=False)
    except sqlite3.Error as exc:
        raise StoreError(f"cannot open the store: {exc}", input=name) from exc
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if name != ":memory:" and str(mode).lower() != "wal":
            raise StoreError(f"cannot switch to WAL mode (got {mode})", input=name)
        conn.execute("PRAGMA foreign_keys = ON")
        # NORMAL is durable in WAL mode except for the very last commits on power loss; a
        # killed process (the case the batch guarantee is about) loses nothing committed.
        conn.execute("PRAGMA synchronous = NORMAL")
        migrate(conn, name)
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise StoreError(f"not a storyfold store or damaged: {exc}", input=name) from exc
    except StoreError:
        conn.close()
        raise
    return conn


@contextmanager
def transaction(conn: sqlite3.Connection, where: str) -> Iterator[sqlite3.Connection]:
    """Everything inside commits together or not at all. IMMEDIATE takes the write lock at
    the start, so two writers queue on ``busy_timeout`` instead of failing half-way."""
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.Error as exc:
        raise StoreError(f"cannot start a write: {exc}", input=where) from exc
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    try:
        conn.execute("COMMIT")
    except sqlite3.Error as exc:
        conn.execute("ROLLBACK")
        raise StoreError(f"cannot commit: {exc}", input=where) from exc
