"""The stream pipeline: sources -> clean -> drop duplicates -> cluster -> store, in batches.

Each batch (``BATCH_SIZE`` articles, or the end of a feed poll) is written in one
transaction: the articles, the outlets of their syndicated copies, story memberships and
profiles, near-duplicate signatures, the clusterer's term statistics, feed states and the
invalidation of cached briefs. A process killed half-way leaves the store at the last
batch boundary; the in-memory indexes die with it and are rebuilt from the store next time.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Sequence
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path

from storyfold.config import Settings
from storyfold.ingest.fetch import Fetcher, FetchSettings
from storyfold.ingest.sources import iter_sources
from storyfold.ingest.urls import is_url
from storyfold.model import Article, Skipped
from storyfold.store.feeds import StoreFeedStates
from storyfold.store.repository import Store, now
from storyfold.stories import (
    Assignment,
    ClusterSettings,
    Move,
    NearDuplicates,
    OnlineClusterer,
)
from storyfold.text import clean_article

# Articles per transaction, and per call of the clusterer (the embedder runs once a batch).
# Chosen, not tuned: large enough that the fixed cost of a commit (the term statistics
# blob, an fsync of the WAL) is spread thin, small enough that a killed ingest loses
# little work. On the 10,000-article Multi-News stream of benchmarks/ingest_throughput.py
# the SQL writes of a batch took about 0.2 s, a few percent of the batch's time.
BATCH_SIZE = 200

# The title a story gets from its first article when that article has none: its first
# sentence, cut to this many characters.
TITLE_CHARS = 120

# A test hook, and only that: "N:PATH" makes the N-th batch write PATH and sleep inside its
# open transaction, so tests/integration/test_ingest_kill.py can SIGKILL the process there.
TEST_PAUSE_ENV = "STORYFOLD_TEST_PAUSE_IN_BATCH"


@dataclass
class IngestReport:
    """What an ingest did, for the summary the CLI prints."""

    read: int = 0  # articles the sources gave
    new: int = 0  # stored as new articles
    # A known URL, or a text already read (exact copies; their new outlets are added and
    # counted in outlets_added), or a near copy from an outlet already recorded for it.
    duplicates: int = 0
    near_duplicates: int = 0  # nearly the same text from a new outlet, which is added
    outlets_added: int = 0  # copies recorded as another outlet of a stored article
    skipped: list[Skipped] = field(default_factory=list)
    stories_created: set[str] = field(default_factory=set)
    stories_updated: set[str] = field(default_factory=set)  # existing stories that grew
    stories_merged: list[tuple[str, str]] = field(default_factory=list)  # (absorbed, into)
    articles_moved: int = 0  # stored articles the clusterer moved to a story they fit better
    stories_ended: set[str] = field(default_factory=set)  # left empty by a move
    feeds_polled: set[str] = field(default_factory=set)  # feeds read (not 304) and saved
    batches: int = 0
    seconds: float = 0.0

    def add(self, batch: IngestReport) -> None:
        """Fold one committed batch's counts into this report."""
        self.new += batch.new
        self.duplicates += batch.duplicates
        self.near_duplicates += batch.near_duplicates
        self.outlets_added += batch.outlets_added
        self.skipped.extend(batch.skipped)
        self.stories_created |= batch.stories_created
        self.stories_updated |= batch.stories_updated - self.stories_created
        self.stories_merged.extend(batch.stories_merged)
        self.articles_moved += batch.articles_moved
        self.stories_ended |= batch.stories_ended
        for gone in [absorbed for absorbed, _ in batch.stories_merged] + [*batch.stories_ended]:
            self.stories_created.discard(gone)
            self.stories_updated.discard(gone)
        self.feeds_polled |= batch.feeds_polled


@dataclass
class _Pending:
    """One batch, held in memory until it is written."""

    taken: list[Article] = field(default_factory=list)  # everything read, to take again
    counts: IngestReport = field(default_factory=IngestReport)
    articles: list[Article] = field(default_factory=list)  # new, clustered when written
    outlets: list[tuple[str, Article, str]] = field(default_factory=list)  # kept id, copy, rel
    ids: set[str] = field(default_factory=set)
    urls: set[str] = field(default_factory=set)

    def __len__(self) -> int:
        return len(self.taken)


Progress = Callable[[int, int], None]  # articles read so far, of which new


class Ingester:
    """Holds the store's near-duplicate index and clusterer in memory across ingests (a
    `watch` loop makes one and feeds it every round).

    Another process may write to the same store meanwhile (a cron `ingest` beside a
    `watch`): each batch checks, under the write lock, whether anyone else committed since
    the indexes were loaded, and if so reloads them and takes the batch's articles again,
    so two writers never cluster against stale stories or insert the same text twice.
    After an error the in-memory indexes may hold uncommitted work: make a new Ingester.
    """

    def __init__(
        self,
        store: Store,
        batch_size: int = BATCH_SIZE,
        cluster_settings: ClusterSettings | None = None,
        shards: tuple[float, float] | None = None,
    ) -> None:
        self.store = store
        self.batch_size = batch_size
        self.cluster_settings = cluster_settings
        # (shard days, lead-in days): cluster the whole ingest at the end in shards of time
        # (stories.shards), as the Spark job does, instead of online batch by batch.
        self.shards = shards
        self.feed_states = StoreFeedStates(store)
        self._pending = _Pending()
        self._batch_number = 0
        self._load()

    def _load(self) -> None:
        self._data_version = self.store.data_version()
        self.dedup = NearDuplicates.restore(self.store.signatures())
        self.clusterer = _restore_clusterer(self.store, self.cluster_settings)

    def ingest(
        self,
        specs: Sequence[str],
        settings: Settings | None = None,
        *,
        fetch_settings: FetchSettings | None = None,
        allow_private: bool = False,
        fetcher: Fetcher | None = None,
        progress: Progress | None = None,
    ) -> IngestReport:
        """Read every source in ``specs`` into the store; see the module docstring.

        Pass a ``fetcher`` to share its politeness delays and robots.txt cache across calls
        (``watch`` does); otherwise one is made from ``fetch_settings`` and closed after.
        """
        settings = settings or Settings()
        report = IngestReport()
        started = time.perf_counter()
        with (
            nullcontext(fetcher)
            if fetcher is not None
            else Fetcher(fetch_settings, allow_private=allow_private)
        ) as client:
            items = iter_sources(
                specs,
                settings,
                client,
                feed_states=self.feed_states,
                known_url=self._known_url,
            )
            self._consume(items, report, progress)
        report.seconds = time.perf_counter() - started
        return report

    def ingest_articles(
        self, articles: Iterable[Article | Skipped], progress: Progress | None = None
    ) -> IngestReport:
        """The same pipeline over articles already read (the benchmark, the tests)."""
        report = IngestReport()
        started = time.perf_counter()
        self._consume(articles, report, progress)
        report.seconds = time.perf_counter() - started
        return report

    def note_poll(self, feed: str, report: IngestReport) -> None:
        """Record when ``feed`` was polled and its error (None clears it), for `watch`."""
        errors = [s.reason for s in report.skipped if s.input == feed]
        with self.store.transaction():
            self.store.save_feed_error(feed, errors[0] if errors else None, now())

    # --- the stream ----------------------------------------------------------------------

    def _consume(
        self,
        items: Iterable[Article | Skipped],
        report: IngestReport,
        progress: Progress | None,
    ) -> None:
        self._pending = _Pending()
        for item in items:
            if isinstance(item, Skipped):
                report.skipped.append(item)
            else:
                report.read += 1
                self._pending.taken.append(item)
                self._take(item)
            # A feed's new state is committed with the entries polled under it, so a kill
            # can never record a feed as seen without its articles.
            if self.shards is None and (
                len(self._pending) >= self.batch_size or self.feed_states.has_pending()
            ):
                self._flush(report)
                if progress is not None:
                    progress(report.read, report.new)
        self._flush(report)
        if progress is not None:
            progress(report.read, report.new)

    def _known_url(self, url: str) -> bool:
        return url in self._pending.urls or self.store.known_url(url)

    def _take(self, article: Article) -> None:
        pending = self._pending
        report = pending.counts
        if any(self._known_url(u) for u in _urls(article)):
            report.duplicates += 1
            return
        if not article.sentences:
            article = clean_article(article)
        if not article.sentences:
            report.skipped.append(Skipped(article.source, "no article text left after cleaning"))
            return
        if article.id in pending.ids or self.store.has_article(article.id):
            self._copy_of(article.id, article, "exact")
            return
        earlier = self.dedup.add(article.id, article.text)
        if earlier is not None:
            self._copy_of(earlier, article, "near")
            return
        pending.articles.append(article)
        pending.ids.add(article.id)
        pending.urls.update(_urls(article))
        report.new += 1

    def _copy_of(self, kept: str, copy: Article, relation: str) -> None:
        """A copy of a stored (or pending) text: record its outlet if it is a new one."""
        report = self._pending.counts
        if not self._new_outlet(kept, copy):
            report.duplicates += 1
            return
        if relation == "near":
            report.near_duplicates += 1
        else:
            report.duplicates += 1
        self._pending.outlets.append((kept, copy, relation))
        self._pending.urls.update(_urls(copy))
        report.outlets_added += 1

    def _new_outlet(self, kept: str, copy: Article) -> bool:
        if copy.url:
            return True  # a URL never seen before (checked first in _take)
        # Without a URL a copy can only add its outlet's name: nothing, when that outlet is
        # already recorded for the text (with or without a URL).
        pending = [c.outlet for k, c, _ in self._pending.outlets if k == kept] + [
            a.outlet for a in self._pending.articles if a.id == kept
        ]
        if copy.outlet in pending:
            return False
        stored = self.store.outlets([kept]).get(kept, ())
        return not any(o.outlet == copy.outlet for o in stored)

    # --- the batch -----------------------------------------------------------------------

    def _flush(self, report: IngestReport) -> None:
        states = self.feed_states.take_pending()
        if not self._pending.taken and not states:
            return
        self._batch_number += 1
        seen = now()
        with self.store.transaction():
            if self.store.data_version() != self._data_version:
                self._retake()
            pending = self._pending
            counts = pending.counts
            # Clustered here, a batch at a time, so the embedder runs once per batch.
            if self.shards is not None:
                assignments = _sharded(pending.articles, self.shards, self.cluster_settings)
            else:
                assignments = self.clusterer.add_many(pending.articles)
            for article, assignment in zip(pending.articles, assignments, strict=True):
                story_id = assignment.story_id
                self.store.insert_article(article, seen)
                self.store.save_signature(article.id, self.dedup.signature(article.id))
                created = self.store.add_to_story(
                    story_id, article, assignment.score, seen, _title(article)
                )
                if created:
                    counts.stories_created.add(story_id)
                elif story_id not in counts.stories_created:
                    counts.stories_updated.add(story_id)
            # After the memberships, in the order made: a story started in this batch may
            # have been absorbed or emptied, an article assigned in it moved.
            for change in self.clusterer.story_changes():
                self._apply(change, counts)
            for kept, copy, relation in pending.outlets:
                self.store.add_outlet(kept, copy.outlet, copy.url, copy.source, relation)
            if assignments and self.shards is None:
                for story_id, profile in self.clusterer.changed().items():
                    self.store.save_profile(story_id, profile.to_bytes())
                self.store.save_recent(
                    ((e.article_id, e.to_bytes()) for e in self.clusterer.remembered()),
                    self.clusterer.settings.repair_window,
                )
                self.store.save_clusterer_state(self.clusterer.statistics.to_bytes())
            self.feed_states.write(states, seen)
            counts.feeds_polled.update(states)
            _test_pause(self._batch_number)
        self.clusterer.mark_saved()
        report.add(counts)
        report.batches += 1
        self._pending = _Pending()

    def _apply(self, change: tuple[str, str] | Move, counts: IngestReport) -> None:
        """Write one merge or move the clusterer made, and count it."""
        if isinstance(change, Move):
            ended = self.store.move_article(change.article_id, change.from_story, change.to_story)
            counts.articles_moved += 1
            gone = change.from_story if ended else None
            touched = [change.to_story] if ended else [change.to_story, change.from_story]
            if gone is not None:
                counts.stories_ended.add(gone)
        else:
            gone, into = change
            self.store.merge_stories(gone, into)
            counts.stories_merged.append(change)
            touched = [into]
        if gone is not None:
            counts.stories_created.discard(gone)
            counts.stories_updated.discard(gone)
        for story_id in touched:
            if story_id not in counts.stories_created:
                counts.stories_updated.add(story_id)

    def _retake(self) -> None:
        """Another process committed since we loaded: reload the indexes from the store
        (we hold the write lock, so it cannot change again) and take the batch again."""
        taken = self._pending.taken
        self._load()
        self._pending = _Pending(taken=taken)
        for article in taken:
            self._take(article)


def ingest(
    store: Store,
    specs: Sequence[str],
    settings: Settings | None = None,
    *,
    fetch_settings: FetchSettings | None = None,
    allow_private: bool = False,
    batch_size: int = BATCH_SIZE,
    progress: Progress | None = None,
    shards: tuple[float, float] | None = None,
) -> IngestReport:
    """Read ``specs`` (files, folders, URLs, feeds, WARC files) into ``store``; with
    ``shards`` (shard days, lead-in days), stories come from `stories.shards` at the end."""
    return Ingester(store, batch_size, shards=shards).ingest(
        specs,
        settings,
        fetch_settings=fetch_settings,
        allow_private=allow_private,
        progress=progress,
    )


def ingest_into(path: str | Path, specs: Sequence[str], **options: object) -> IngestReport:
    """Open the store at ``path`` and ingest ``specs`` into it."""
    with Store(path) as store:
        return ingest(store, specs, **options)  # type: ignore[arg-type]


def describe_poll(report: IngestReport, feed: str) -> str:
    """One feed's round in words, for ``watch``'s log: an error, not modified, or counts."""
    errors = [s.reason for s in report.skipped if s.input == feed]
    if errors:
        return f"error: {errors[0]}"
    if feed not in report.feeds_polled and report.read == 0 and not report.skipped:
        return "not modified"
    parts = [
        f"{report.new} new",
        f"{report.duplicates} duplicates",
        f"{report.near_duplicates} near-duplicates",
    ]
    if report.skipped:
        reasons = "; ".join(f"{s.input}: {s.reason}" for s in report.skipped[:3])
        parts.append(f"{len(report.skipped)} skipped ({reasons})")
    stories = len(report.stories_created) + len(report.stories_updated)
    return ", ".join(parts) + f"; {stories} stories changed"


def _restore_clusterer(store: Store, settings: ClusterSettings | None) -> OnlineClusterer:
    state = store.clusterer_state()
    return OnlineClusterer.from_saved(
        (blob for _, blob in store.profiles()), state, settings=settings, recent=store.recent()
    )


def _sharded(
    articles: list[Article], shards: tuple[float, float], settings: ClusterSettings | None
) -> list[Assignment]:
    """Assignments from the sharded path, in publication order (so a story's first row is
    its earliest article); the store's clusterer state is left as it was."""
    from storyfold.stories.shards import order_key, sharded_stories, time_of

    stories = sharded_stories(articles, shards[0], shards[1], settings)
    articles.sort(key=lambda a: order_key(a.id, time_of(a)))
    seen: set[str] = set()
    assignments = []
    for article in articles:
        story = stories[article.id]
        assignments.append(Assignment(article.id, story, story not in seen, 1.0))
        seen.add(story)
    return assignments


def _urls(article: Article) -> list[str]:
    """The URLs an article is known by: where it lives, and the link it was read from."""
    urls = [article.url] if article.url else []
    if is_url(article.source) and article.source != article.url:
        urls.append(article.source)
    return urls


def _title(article: Article) -> str | None:
    if article.title:
        return article.title
    if not article.sentences:
        return None
    first = article.sentence_text(article.sentences[0]).strip()
    return first if len(first) <= TITLE_CHARS else first[: TITLE_CHARS - 1].rstrip() + "…"


def _test_pause(batch: int) -> None:
    hook = os.environ.get(TEST_PAUSE_ENV)
    if not hook:
        return
    number, _, marker = hook.partition(":")
    if int(number) == batch:
        Path(marker).write_text(f"inside batch {batch}\n", encoding="utf-8")
        time.sleep(60)
