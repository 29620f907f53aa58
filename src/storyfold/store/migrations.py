"""The schema, as an ordered list of migrations kept in code.

``PRAGMA user_version`` records how many have been applied. Each migration runs in its own
transaction at open, so a store is always at one version or the next, never between. Add a
new step at the end; never edit a step that has shipped.
"""

from __future__ import annotations

import sqlite3

from storyfold.errors import StoreError

_V1 = (
    # `seq` is the integer rowid the FTS index points at; `id` is the content hash
    # (storyfold.ingest.ids.article_id), so the same text read twice is one row.
    """
    CREATE TABLE articles (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        url TEXT UNIQUE,
        outlet TEXT NOT NULL,
        outlet_from TEXT NOT NULL,
        title TEXT,
        author TEXT,
        published TEXT,
        published_from TEXT,
        fetched_at TEXT,
        ingested_at TEXT NOT NULL,
        source TEXT NOT NULL,
        raw_text TEXT NOT NULL,
        text TEXT NOT NULL
    )
    """,
    # Every outlet and URL an article was seen at: its own first, then syndicated copies
    # (exact or near-duplicate texts) that were folded into it.
    """
    CREATE TABLE article_outlets (
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        outlet TEXT NOT NULL,
        url TEXT UNIQUE,
        source TEXT NOT NULL,
        relation TEXT NOT NULL CHECK (relation IN ('original', 'exact', 'near')),
        added_at TEXT NOT NULL
    )
    """,
    "CREATE UNIQUE INDEX article_outlets_no_url ON article_outlets(article_id, outlet) "
    "WHERE url IS NULL",
    "CREATE INDEX article_outlets_article ON article_outlets(article_id)",
    # A page is stored under its canonical URL, but feeds link to it by another; both count
    # as known, so a feed entry seen before is not fetched again.
    "CREATE INDEX article_outlets_source ON article_outlets(source)",
    """
    CREATE TABLE stories (
        id TEXT PRIMARY KEY,
        first_seen TEXT NOT NULL,
        last_seen TEXT NOT NULL,
        size INTEGER NOT NULL,
        title TEXT,
        version INTEGER NOT NULL DEFAULT 1,
        profile BLOB
    )
    """,
    "CREATE INDEX stories_last_seen ON stories(last_seen)",
    """
    CREATE TABLE story_articles (
        article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        story_id TEXT NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
        score REAL NOT NULL,
        added_at TEXT NOT NULL
    )
    """,
    "CREATE INDEX story_articles_story ON story_articles(story_id)",
    """
    CREATE TABLE signatures (
        article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        signature BLOB NOT NULL
    )
    """,
    """
    CREATE TABLE feed_state (
        url TEXT PRIMARY KEY,
        etag TEXT,
        last_modified TEXT,
        seen_ids TEXT NOT NULL DEFAULT '[]',
        last_polled TEXT,
        last_error TEXT
    )
    """,
    # A rendered brief is valid for the story version it was made from; membership changes
    # bump `stories.version` and delete the story's rows here in the same transaction.
    """
    CREATE TABLE brief_cache (
        story_id TEXT NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
        format TEXT NOT NULL,
        story_version INTEGER NOT NULL,
        rendered TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (story_id, format)
    )
    """,
    """
    CREATE TABLE clusterer_state (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        state BLOB NOT NULL,
        updated_at TEXT NOT NULL
    )
    """,
    "CREATE VIRTUAL TABLE articles_fts USING fts5(title, text, content='articles',"
    " content_rowid='seq', tokenize='unicode61 remove_diacritics 2')",
    """
    CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
        INSERT INTO articles_fts(rowid, title, text) VALUES (new.seq, new.title, new.text);
    END
    """,
    """
    CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, text)
        VALUES ('delete', old.seq, old.title, old.text);
    END
    """,
    """
    CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, text ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, text)
        VALUES ('delete', old.seq, old.title, old.text);
        INSERT INTO articles_fts(rowid, title, text) VALUES (new.seq, new.title, new.text);
    END
    """,
)

# The clusterer's window of recent articles (`stories.recent`), so a new process can still
# move them where later articles show they belong. The story each sits in is its row in
# `story_articles`; `seq` keeps their arrival order, and the oldest are deleted past the
# window's size.
_V2 = (
    """
    CREATE TABLE recent_articles (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        article_id TEXT NOT NULL UNIQUE REFERENCES articles(id) ON DELETE CASCADE,
        features BLOB NOT NULL
    )
    """,
)

# What each story's brief said when it was made, per story version: the summary lines and
# the articles it read. The web app tells a reader what changed since a story was last
# briefed from the two newest rows; no cascade from `stories`, so a merge keeps the story's
# history readable until the next brief replaces it. IF NOT EXISTS: a store whose version
# was wound back by hand (as a test of the upgrade path does) still upgrades.
_V3 = (
    """
    CREATE TABLE IF NOT EXISTS brief_history (
        story_id TEXT NOT NULL,
        story_version INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        lines TEXT NOT NULL,
        article_ids TEXT NOT NULL,
        PRIMARY KEY (story_id, story_version)
    )
    """,
)

MIGRATIONS: tuple[tuple[str, ...], ...] = (_V1, _V2, _V3)
SCHEMA_VERSION = len(MIGRATIONS)


def schema_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(
    conn: sqlite3.Connection,
    where: str,
    migrations: tuple[tuple[str, ...], ...] = MIGRATIONS,
) -> int:
    """Apply the migrations ``conn`` has not seen, each in one transaction; return the
    version reached. A store written by a newer storyfold is refused, not touched."""
    current = schema_version(conn)
    if current > len(migrations):
        raise StoreError(
            f"the store has schema version {current}, newer than this storyfold knows "
            f"({len(migrations)}); upgrade storyfold to open it",
            input=where,
        )
    for version in range(current + 1, len(migrations) + 1):
        conn.execute("BEGIN IMMEDIATE")
        try:
            # Another process may have migrated while we waited for the lock.
            if schema_version(conn) >= version:
                conn.execute("ROLLBACK")
                continue
            for statement in migrations[version - 1]:
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {version}")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
    return len(migrations)
