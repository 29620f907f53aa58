"""Reads and writes over the SQLite store. Writes run inside ``Store.transaction``."""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType

from storyfold.errors import StoreError
from storyfold.ingest.dates import dropped_note, usable
from storyfold.model import Article
from storyfold.store.db import connect, transaction


@dataclass(frozen=True, slots=True)
class OutletRef:
    outlet: str
    url: str | None
    relation: str  # "original", "exact" (same text) or "near" (near-duplicate text)


@dataclass(frozen=True)
class ArticleRow:
    id: str
    url: str | None
    outlet: str
    title: str | None
    published: datetime | None
    ingested_at: datetime
    outlets: tuple[OutletRef, ...]  # every outlet that carried this text, its own first


@dataclass(frozen=True)
class StoryRow:
    id: str
    title: str | None
    size: int
    first_seen: datetime
    last_seen: datetime
    version: int
    articles: tuple[ArticleRow, ...] = ()


@dataclass(frozen=True, slots=True)
class StoryKey:
    """Where a page of stories ends: the last story's ``last_seen`` (as stored) and id."""

    last_seen: str
    id: str


@dataclass(frozen=True)
class StoryListing:
    """A story as the list shows it."""

    story: StoryRow
    outlets: int  # distinct outlets that carried its articles, syndicated copies included
    first_line: str | None  # the first summary line of its newest brief, if one was made


@dataclass(frozen=True)
class BriefRecord:
    """What a story's brief said at one story version."""

    story_id: str
    story_version: int
    created_at: datetime
    lines: tuple[str, ...]
    article_ids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class CachedBrief:
    story_id: str
    format: str
    story_version: int
    rendered: str


_WORD = re.compile(r"\w+", re.UNICODE)


def fts_query(text: str) -> str | None:
    """User text as a safe FTS5 query: every word quoted (so AND, NEAR, *, quotes and
    column filters in the text are plain words), all words required. None when the text has
    no words at all."""
    words = _WORD.findall(text)
    if not words:
        return None
    return " ".join('"' + w.replace('"', '""') + '"' for w in words)


def now() -> datetime:
    return datetime.now(UTC)


def _iso(value: datetime) -> str:
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).isoformat(timespec="microseconds")


def _parse(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _writable(value: datetime) -> bool:
    """Whether ``_iso`` can write it: 0001-01-01 east of UTC overflows the conversion."""
    try:
        (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(UTC)
    except OverflowError:
        return False
    return True


def _checked_published(
    published: datetime | None, published_from: str | None
) -> tuple[datetime | None, str | None]:
    """The ingest boundary drops unusable dates; this guards the writer against an
    ``Article`` built elsewhere (a library caller) with one: it is stored as no date, noted."""
    if published is None:
        return None, published_from
    checked = usable(published)
    if checked.date is None:
        return None, dropped_note(checked.note or "unusable")
    return checked.date, published_from


def _stored_published(
    value: str | None, published_from: str | None
) -> tuple[datetime | None, str | None]:
    """A stored publication date as read back; one written before dates were checked (year
    9999, say) is dropped with a note rather than reaching the brief's date arithmetic."""
    return _checked_published(_parse(value), published_from)


class Store:
    """One SQLite file: articles and their outlets, stories, caches and ingest state."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        self.conn = connect(self.path)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        try:
            with transaction(self.conn, self.path) as conn:
                yield conn
        except sqlite3.Error as exc:
            raise StoreError(f"write failed: {exc}", input=self.path) from exc

    def _rows(self, sql: str, params: Sequence[object] = ()) -> list[sqlite3.Row]:
        try:
            cursor = self.conn.execute(sql, params)
            cursor.row_factory = sqlite3.Row
            return list(cursor.fetchall())
        except sqlite3.Error as exc:
            raise StoreError(f"read failed: {exc}", input=self.path) from exc

    # --- articles ------------------------------------------------------------------------

    def has_article(self, article_id: str) -> bool:
        return bool(self._rows("SELECT 1 FROM articles WHERE id = ?", (article_id,)))

    def article_for_url(self, url: str) -> str | None:
        """The id of the article stored for ``url``, its own or a syndicated copy's."""
        rows = self._rows(
            "SELECT article_id FROM article_outlets WHERE url = ? UNION ALL"
            " SELECT article_id FROM article_outlets WHERE source = ? LIMIT 1",
            (url, url),
        )
        return str(rows[0][0]) if rows else None

    def known_url(self, url: str) -> bool:
        return self.article_for_url(url) is not None

    def count(self, table: str) -> int:
        if table not in _COUNTABLE:
            raise ValueError(f"not a store table: {table}")
        return int(self._rows(f"SELECT count(*) FROM {table}")[0][0])

    def insert_article(self, article: Article, ingested_at: datetime) -> None:
        """Store a new article (cleaned: ``text`` set) and its own outlet row."""
        stamp = _iso(ingested_at)
        published, published_from = _checked_published(article.published, article.published_from)
        self.conn.execute(
            "INSERT INTO articles (id, url, outlet, outlet_from, title, author, published,"
            " published_from, fetched_at, ingested_at, source, raw_text, text)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                article.id,
                article.url,
                article.outlet,
                article.outlet_from,
                article.title,
                article.author,
                _iso(published) if published else None,
                published_from,
                _iso(article.fetched) if article.fetched and _writable(article.fetched) else None,
                stamp,
                article.source,
                article.raw_text,
                article.text,
            ),
        )
        self.add_outlet(article.id, article.outlet, article.url, article.source, "original", stamp)

    def add_outlet(
        self,
        article_id: str,
        outlet: str,
        url: str | None,
        source: str,
        relation: str,
        added_at: str | None = None,
    ) -> bool:
        """Record that ``outlet`` (at ``url``) carried this text; False when already known."""
        cursor = self.conn.execute(
            "INSERT OR IGNORE INTO article_outlets (article_id, outlet, url, source, relation,"
            " added_at) VALUES (?, ?, ?, ?, ?, ?)",
            (article_id, outlet, url, source, relation, added_at or _iso(now())),
        )
        return cursor.rowcount > 0

    def outlets(self, article_ids: Sequence[str]) -> dict[str, tuple[OutletRef, ...]]:
        found: dict[str, list[OutletRef]] = {i: [] for i in article_ids}
        for chunk in _chunks(list(article_ids)):
            marks = ",".join("?" * len(chunk))
            for row in self._rows(
                f"SELECT article_id, outlet, url, relation FROM article_outlets"
                f" WHERE article_id IN ({marks}) ORDER BY rowid",
                chunk,
            ):
                found[row["article_id"]].append(
                    OutletRef(row["outlet"], row["url"], row["relation"])
                )
        return {k: tuple(v) for k, v in found.items()}

    def articles(self, article_ids: Sequence[str]) -> list[Article]:
        """Stored articles as ``Article`` (raw and clean text, no sentences: run
        ``storyfold.text.clean_article`` for those), in the order asked."""
        by_id: dict[str, Article] = {}
        for chunk in _chunks(list(article_ids)):
            marks = ",".join("?" * len(chunk))
            for row in self._rows(f"SELECT * FROM articles WHERE id IN ({marks})", chunk):
                by_id[row["id"]] = Article(
                    id=row["id"],
                    outlet=row["outlet"],
                    outlet_from=row["outlet_from"],
                    source=row["source"],
                    raw_text=row["raw_text"],
                    url=row["url"],
                    title=row["title"],
                    author=row["author"],
                    published=_stored_published(row["published"], None)[0],
                    published_from=_stored_published(row["published"], row["published_from"])[1],
                    text=row["text"],
                    fetched=_parse(row["fetched_at"]),
                )
        return [by_id[i] for i in article_ids if i in by_id]

    def search(self, text: str, limit: int = 100) -> list[str]:
        """Ids of articles whose title or text holds every word of ``text``, best first."""
        query = fts_query(text)
        if query is None:
            return []
        rows = self._rows(
            "SELECT a.id FROM articles_fts JOIN articles a ON a.seq = articles_fts.rowid"
            " WHERE articles_fts MATCH ? ORDER BY bm25(articles_fts) LIMIT ?",
            (query, limit),
        )
        return [str(r[0]) for r in rows]

    # --- stories -------------------------------------------------------------------------

    def story_of(self, article_ids: Sequence[str]) -> dict[str, str]:
        found: dict[str, str] = {}
        for chunk in _chunks(list(article_ids)):
            marks = ",".join("?" * len(chunk))
            for row in self._rows(
                f"SELECT article_id, story_id FROM story_articles WHERE article_id IN ({marks})",
                chunk,
            ):
                found[row[0]] = row[1]
        return found

    def add_to_story(
        self, story_id: str, article: Article, score: float, seen: datetime, title: str | None
    ) -> bool:
        """Put ``article`` in ``story_id`` (creating the story); True when the story is new.
        Bumps the story's version and drops its cached briefs: membership changed."""
        stamp = _iso(seen)
        created = (
            self.conn.execute(
                "INSERT OR IGNORE INTO stories (id, first_seen, last_seen, size, title, version)"
                " VALUES (?, ?, ?, 0, ?, 0)",
                (story_id, stamp, stamp, title),
            ).rowcount
            > 0
        )
        self.conn.execute(
            "INSERT INTO story_articles (article_id, story_id, score, added_at) VALUES (?,?,?,?)",
            (article.id, story_id, float(score), stamp),
        )
        self.conn.execute(
            "UPDATE stories SET size = size + 1, version = version + 1,"
            " last_seen = max(last_seen, ?), title = coalesce(title, ?) WHERE id = ?",
            (stamp, title, story_id),
        )
        self.conn.execute("DELETE FROM brief_cache WHERE story_id = ?", (story_id,))
        return created

    def merge_stories(self, absorbed: str, into: str) -> None:
        """Move every article of story ``absorbed`` into story ``into`` and delete
        ``absorbed`` (its cached briefs go with it). Bumps the survivor's version and drops
        its cached briefs: membership changed."""
        rows = self._rows(
            "SELECT size, first_seen, last_seen FROM stories WHERE id = ?", (absorbed,)
        )
        if (
            not rows
            or absorbed == into
            or not self._rows("SELECT 1 FROM stories WHERE id = ?", (into,))
        ):
            raise StoreError(f"cannot merge story {absorbed} into {into}", input=absorbed)
        size, first_seen, last_seen = rows[0]
        self.conn.execute(
            "UPDATE story_articles SET story_id = ? WHERE story_id = ?", (into, absorbed)
        )
        self.conn.execute(
            "UPDATE stories SET size = size + ?, version = version + 1,"
            " first_seen = min(first_seen, ?), last_seen = max(last_seen, ?) WHERE id = ?",
            (size, first_seen, last_seen, into),
        )
        self.conn.execute("DELETE FROM brief_cache WHERE story_id IN (?, ?)", (absorbed, into))
        self.conn.execute("DELETE FROM stories WHERE id = ?", (absorbed,))

    def move_article(self, article_id: str, from_story: str, to_story: str) -> bool:
        """Move ``article_id`` from one story to another; a story left empty is deleted.
        Bumps both versions and drops both stories' cached briefs. True when ``from_story``
        ended."""
        moved = self.conn.execute(
            "UPDATE story_articles SET story_id = ? WHERE article_id = ? AND story_id = ?",
            (to_story, article_id, from_story),
        ).rowcount
        if moved != 1 or not self._rows("SELECT 1 FROM stories WHERE id = ?", (to_story,)):
            raise StoreError(
                f"cannot move article {article_id} from story {from_story} to {to_story}",
                input=article_id,
            )
        # A story is titled after its earliest member with a title: the one that leaves may
        # have been it, and the one that arrives may be the first with a title. (With no
        # titled member the title stays: it was cut from a first sentence, not stored.)
        first_title = (
            "coalesce((SELECT a.title FROM story_articles m JOIN articles a"
            " ON a.id = m.article_id WHERE m.story_id = ? AND a.title IS NOT NULL"
            " ORDER BY a.seq LIMIT 1), title)"
        )
        self.conn.execute(
            "UPDATE stories SET size = size + 1, version = version + 1,"
            f" title = {first_title} WHERE id = ?",
            (to_story, to_story),
        )
        self.conn.execute(
            "UPDATE stories SET size = size - 1, version = version + 1,"
            f" title = {first_title} WHERE id = ?",
            (from_story, from_story),
        )
        self.conn.execute(
            "DELETE FROM brief_cache WHERE story_id IN (?, ?)", (from_story, to_story)
        )
        return (
            self.conn.execute(
                "DELETE FROM stories WHERE id = ? AND size <= 0", (from_story,)
            ).rowcount
            > 0
        )

    def save_recent(self, entries: Iterable[tuple[str, bytes]], keep: int) -> None:
        """Remember articles' clustering features, (article id, features) oldest first;
        only the newest ``keep`` stay. With none to save, nothing changes."""
        rows = list(entries)
        if not rows:
            return
        self.conn.executemany(
            "INSERT OR REPLACE INTO recent_articles (article_id, features) VALUES (?, ?)", rows
        )
        self.conn.execute(
            "DELETE FROM recent_articles WHERE seq <= (SELECT max(seq) FROM recent_articles) - ?",
            (max(keep, 0),),
        )

    def recent(self) -> Iterator[tuple[bytes, str]]:
        """The remembered articles' features with the story each sits in, oldest first."""
        cursor = self.conn.execute(
            "SELECT r.features, m.story_id FROM recent_articles r"
            " JOIN story_articles m ON m.article_id = r.article_id ORDER BY r.seq"
        )
        for blob, story_id in cursor:
            yield bytes(blob), str(story_id)

    def save_profile(self, story_id: str, profile: bytes) -> None:
        self.conn.execute("UPDATE stories SET profile = ? WHERE id = ?", (profile, story_id))

    def profiles(self) -> Iterator[tuple[str, bytes]]:
        cursor = self.conn.execute("SELECT id, profile FROM stories WHERE profile IS NOT NULL")
        for story_id, blob in cursor:
            yield str(story_id), bytes(blob)

    def stories(
        self,
        since: datetime | None = None,
        search: str | None = None,
        limit: int | None = None,
        with_articles: bool = True,
    ) -> list[StoryRow]:
        """Stories seen since ``since`` (by last article added), newest first; with
        ``search``, only stories holding an article that matches every word."""
        where: list[str] = []
        params: list[object] = []
        if since is not None:
            where.append("s.last_seen >= ?")
            params.append(_iso(since))
        if search is not None:
            query = fts_query(search)
            if query is None:
                return []
            where.append(
                "s.id IN (SELECT sa.story_id FROM articles_fts"
                " JOIN articles a ON a.seq = articles_fts.rowid"
                " JOIN story_articles sa ON sa.article_id = a.id WHERE articles_fts MATCH ?)"
            )
            params.append(query)
        sql = "SELECT * FROM stories s"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY s.last_seen DESC, s.id"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        rows = self._rows(sql, params)
        stories = [_story(r) for r in rows]
        if not with_articles:
            return stories
        return [replace(s, articles=tuple(self.story_article_rows(s.id))) for s in stories]

    def story_head(self, story_id: str) -> StoryRow | None:
        """The story without its articles: enough for its version (an ETag) and title."""
        rows = self._rows("SELECT * FROM stories WHERE id = ?", (story_id,))
        return _story(rows[0]) if rows else None

    def story(self, story_id: str) -> StoryRow | None:
        rows = self._rows("SELECT * FROM stories WHERE id = ?", (story_id,))
        if not rows:
            return None
        return replace(_story(rows[0]), articles=tuple(self.story_article_rows(story_id)))

    def story_article_ids(self, story_id: str) -> list[str]:
        rows = self._rows(
            "SELECT sa.article_id FROM story_articles sa JOIN articles a ON a.id = sa.article_id"
            " WHERE sa.story_id = ? ORDER BY a.seq",
            (story_id,),
        )
        return [str(r[0]) for r in rows]

    def story_article_rows(self, story_id: str) -> list[ArticleRow]:
        rows = self._rows(
            "SELECT a.id, a.url, a.outlet, a.title, a.published, a.ingested_at"
            " FROM story_articles sa JOIN articles a ON a.id = sa.article_id"
            " WHERE sa.story_id = ? ORDER BY a.seq",
            (story_id,),
        )
        outlets = self.outlets([r["id"] for r in rows])
        return [
            ArticleRow(
                id=r["id"],
                url=r["url"],
                outlet=r["outlet"],
                title=r["title"],
                published=_stored_published(r["published"], None)[0],
                ingested_at=_parse(r["ingested_at"]) or now(),
                outlets=outlets.get(r["id"], ()),
            )
            for r in rows
        ]

    # --- reading for the web app and the API ----------------------------------------------

    def story_page(
        self,
        *,
        search: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        outlet: str | None = None,
        after: StoryKey | None = None,
        limit: int = 50,
    ) -> tuple[list[StoryListing], StoryKey | None]:
        """One page of stories, newest first (by last article added, then id), and the key
        to pass as ``after`` for the next page (None on the last). Keyset pagination: a page
        costs the same however deep, and stories added meanwhile never shift a page.
        ``search`` needs every word in one article's title or text (FTS5); ``outlet`` one
        article carried by that outlet (case does not matter)."""
        where: list[str] = []
        params: list[object] = []
        if since is not None:
            where.append("s.last_seen >= ?")
            params.append(_iso(since))
        if until is not None:
            where.append("s.first_seen <= ?")
            params.append(_iso(until))
        if search is not None:
            query = fts_query(search)
            if query is None:
                return [], None
            where.append(
                "s.id IN (SELECT sa.story_id FROM articles_fts"
                " JOIN articles a ON a.seq = articles_fts.rowid"
                " JOIN story_articles sa ON sa.article_id = a.id WHERE articles_fts MATCH ?)"
            )
            params.append(query)
        if outlet is not None:
            where.append(
                "s.id IN (SELECT sa.story_id FROM article_outlets o JOIN story_articles sa"
                " ON sa.article_id = o.article_id WHERE o.outlet = ? COLLATE NOCASE)"
            )
            params.append(outlet)
        if after is not None:
            where.append("(s.last_seen < ? OR (s.last_seen = ? AND s.id > ?))")
            params.extend([after.last_seen, after.last_seen, after.id])
        sql = "SELECT * FROM stories s"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY s.last_seen DESC, s.id LIMIT ?"
        params.append(limit + 1)
        rows = self._rows(sql, params)
        more = len(rows) > limit
        rows = rows[:limit]
        stories = [_story(r) for r in rows]
        counts = self._outlet_counts([s.id for s in stories])
        lines = self._first_lines([s.id for s in stories])
        listings = [
            StoryListing(
                story=story,
                outlets=counts.get(story.id, 0),
                first_line=lines.get(story.id),
            )
            for story in stories
        ]
        key = StoryKey(rows[-1]["last_seen"], rows[-1]["id"]) if more and rows else None
        return listings, key

    def _outlet_counts(self, story_ids: Sequence[str]) -> dict[str, int]:
        found: dict[str, int] = {}
        for chunk in _chunks(list(story_ids)):
            marks = ",".join("?" * len(chunk))
            for row in self._rows(
                "SELECT sa.story_id, count(DISTINCT o.outlet) FROM story_articles sa"
                " JOIN article_outlets o ON o.article_id = sa.article_id"
                f" WHERE sa.story_id IN ({marks}) GROUP BY sa.story_id",
                chunk,
            ):
                found[str(row[0])] = int(row[1])
        return found

    def _first_lines(self, story_ids: Sequence[str]) -> dict[str, str]:
        """The first summary line of each story's newest brief, where one was made."""
        found: dict[str, str] = {}
        for chunk in _chunks(list(story_ids)):
            marks = ",".join("?" * len(chunk))
            for row in self._rows(
                "SELECT h.story_id, h.lines FROM brief_history h"
                f" WHERE h.story_id IN ({marks}) AND h.story_version = (SELECT"
                " max(story_version) FROM brief_history WHERE story_id = h.story_id)",
                chunk,
            ):
                lines = json.loads(row[1])
                if lines:
                    found[str(row[0])] = str(lines[0])
        return found

    def story_articles_page(
        self, story_id: str, after: int | None = None, limit: int = 100
    ) -> tuple[list[ArticleRow], int | None]:
        """One page of a story's articles in the order they were stored, and the key for
        the next page (None on the last)."""
        params: list[object] = [story_id]
        sql = (
            "SELECT a.seq, a.id, a.url, a.outlet, a.title, a.published, a.ingested_at"
            " FROM story_articles sa JOIN articles a ON a.id = sa.article_id"
            " WHERE sa.story_id = ?"
        )
        if after is not None:
            sql += " AND a.seq > ?"
            params.append(after)
        sql += " ORDER BY a.seq LIMIT ?"
        params.append(limit + 1)
        rows = self._rows(sql, params)
        more = len(rows) > limit
        rows = rows[:limit]
        outlets = self.outlets([r["id"] for r in rows])
        articles = [
            ArticleRow(
                id=r["id"],
                url=r["url"],
                outlet=r["outlet"],
                title=r["title"],
                published=_parse(r["published"]),
                ingested_at=_parse(r["ingested_at"]) or now(),
                outlets=outlets.get(r["id"], ()),
            )
            for r in rows
        ]
        return articles, (int(rows[-1]["seq"]) if more and rows else None)

    def published_from(self, article_ids: Sequence[str]) -> dict[str, str | None]:
        """How each article's publication date was found (None when it was not)."""
        found: dict[str, str | None] = {}
        for chunk in _chunks(list(article_ids)):
            marks = ",".join("?" * len(chunk))
            for row in self._rows(
                f"SELECT id, published_from FROM articles WHERE id IN ({marks})", chunk
            ):
                found[str(row[0])] = row[1]
        return found

    def record_brief(
        self, story_id: str, story_version: int, lines: Sequence[str], article_ids: Sequence[str]
    ) -> None:
        """Remember what the brief of ``story_id`` at ``story_version`` said, for "what
        changed since it was last briefed"."""
        with self.transaction() as conn:
            # Only while the story is still at that version, as put_brief.
            conn.execute(
                "INSERT OR REPLACE INTO brief_history (story_id, story_version, created_at,"
                " lines, article_ids) SELECT id, version, ?, ?, ? FROM stories"
                " WHERE id = ? AND version = ?",
                (
                    _iso(now()),
                    json.dumps(list(lines), ensure_ascii=False),
                    json.dumps(list(article_ids)),
                    story_id,
                    story_version,
                ),
            )

    def brief_history(self, story_id: str, limit: int = 20) -> list[BriefRecord]:
        """The story's recorded briefs, newest first."""
        rows = self._rows(
            "SELECT * FROM brief_history WHERE story_id = ? ORDER BY story_version DESC LIMIT ?",
            (story_id, limit),
        )
        return [
            BriefRecord(
                story_id=r["story_id"],
                story_version=int(r["story_version"]),
                created_at=_parse(r["created_at"]) or now(),
                lines=tuple(json.loads(r["lines"])),
                article_ids=tuple(json.loads(r["article_ids"])),
            )
            for r in rows
        ]

    # --- near-duplicate signatures and clusterer state -----------------------------------

    def save_signature(self, article_id: str, signature: bytes) -> None:
        self.conn.execute(
            "INSERT OR REPLACE INTO signatures (article_id, signature) VALUES (?, ?)",
            (article_id, signature),
        )

    def signatures(self) -> Iterator[tuple[str, bytes]]:
        cursor = self.conn.execute(
            "SELECT s.article_id, s.signature FROM signatures s"
            " JOIN articles a ON a.id = s.article_id ORDER BY a.seq"
        )
        for article_id, blob in cursor:
            yield str(article_id), bytes(blob)

    def save_clusterer_state(self, state: bytes) -> None:
        self.conn.execute(
            "INSERT INTO clusterer_state (id, state, updated_at) VALUES (1, ?, ?)"
            " ON CONFLICT(id) DO UPDATE SET state = excluded.state,"
            " updated_at = excluded.updated_at",
            (state, _iso(now())),
        )

    def clusterer_state(self) -> bytes | None:
        rows = self._rows("SELECT state FROM clusterer_state WHERE id = 1")
        return bytes(rows[0][0]) if rows else None

    # --- brief cache ---------------------------------------------------------------------

    def cached_brief(self, story_id: str, fmt: str) -> str | None:
        rows = self._rows(
            "SELECT c.rendered FROM brief_cache c JOIN stories s ON s.id = c.story_id"
            " WHERE c.story_id = ? AND c.format = ? AND c.story_version = s.version",
            (story_id, fmt),
        )
        return str(rows[0][0]) if rows else None

    def put_brief(self, story_id: str, fmt: str, story_version: int, rendered: str) -> None:
        """Cache a rendered brief, unless the story changed since ``story_version`` was read
        (a concurrent ingest): then the next reader renders afresh."""
        with self.transaction() as conn:
            conn.execute(
                "INSERT OR REPLACE INTO brief_cache (story_id, format, story_version, rendered,"
                " created_at) SELECT id, ?, version, ?, ? FROM stories"
                " WHERE id = ? AND version = ?",
                (fmt, rendered, _iso(now()), story_id, story_version),
            )

    # --- feed state ----------------------------------------------------------------------

    def feed_state_row(self, url: str) -> sqlite3.Row | None:
        rows = self._rows("SELECT * FROM feed_state WHERE url = ?", (url,))
        return rows[0] if rows else None

    def save_feed_state(
        self,
        url: str,
        etag: str | None,
        last_modified: str | None,
        seen_ids: Iterable[str],
        polled: datetime,
        error: str | None = None,
    ) -> None:
        self.conn.execute(
            "INSERT INTO feed_state (url, etag, last_modified, seen_ids, last_polled, last_error)"
            " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(url) DO UPDATE SET etag = excluded.etag,"
            " last_modified = excluded.last_modified, seen_ids = excluded.seen_ids,"
            " last_polled = excluded.last_polled, last_error = excluded.last_error",
            (
                url,
                etag,
                last_modified,
                json.dumps(list(dict.fromkeys(seen_ids))),
                _iso(polled),
                error,
            ),
        )

    def save_feed_error(self, url: str, error: str | None, polled: datetime) -> None:
        self.conn.execute(
            "INSERT INTO feed_state (url, last_polled, last_error) VALUES (?, ?, ?)"
            " ON CONFLICT(url) DO UPDATE SET last_polled = excluded.last_polled,"
            " last_error = excluded.last_error",
            (url, _iso(polled), error),
        )

    def data_version(self) -> int:
        """Changes when another connection commits to the file (not on our own commits)."""
        return int(self._rows("PRAGMA data_version")[0][0])

    def integrity(self) -> str:
        return str(self._rows("PRAGMA integrity_check")[0][0])


_COUNTABLE = {
    "recent_articles",
    "articles",
    "article_outlets",
    "stories",
    "story_articles",
    "signatures",
    "feed_state",
    "brief_cache",
    "clusterer_state",
    "articles_fts",
    "brief_history",
}

# SQLite's default limit on bound parameters is 32766 since 3.32; stay far below it.
_CHUNK = 500


def _chunks(items: list[str]) -> Iterator[list[str]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]


def _story(row: sqlite3.Row) -> StoryRow:
    return StoryRow(
        id=row["id"],
        title=row["title"],
        size=int(row["size"]),
        first_seen=_parse(row["first_seen"]) or now(),
        last_seen=_parse(row["last_seen"]) or now(),
        version=int(row["version"]),
    )
