"""One stream of articles from every kind of source a user can name.

Files and directories go through the same reader as ``storyfold brief`` (``iter_articles``,
under ``load_articles``), but every copy of a repeated text comes out, so that a store can
record each outlet of a syndicated story. Web archives go through ``iter_warc``; URLs are
fetched once and read as a feed or a page by what comes back. Every article comes out
cleaned. Nothing raises out of the stream for a bad source: each failure is a ``Skipped``
naming the source and the reason.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Protocol

from storyfold.config import Settings
from storyfold.errors import StoryfoldError
from storyfold.ingest.feeds import FeedEntry, FeedState, feed_from_result, looks_like_feed
from storyfold.ingest.fetch import (
    HTML_TYPES,
    SOURCE_TYPES,
    Fetcher,
    FetchResult,
    article_from_result,
    article_from_url,
)
from storyfold.ingest.load import iter_articles
from storyfold.ingest.urls import is_url
from storyfold.ingest.warc import WARC_SUFFIXES, is_warc, iter_warc
from storyfold.model import Article, Skipped
from storyfold.text import clean_article


class FeedStates(Protocol):
    """Where feed states live between polls (the store implements it)."""

    def get(self, url: str) -> FeedState | None: ...

    def put(self, url: str, state: FeedState) -> None: ...


def iter_sources(
    specs: Sequence[str],
    settings: Settings | None = None,
    fetcher: Fetcher | None = None,
    *,
    feed_states: FeedStates | None = None,
    known_url: Callable[[str], bool] = lambda url: False,
) -> Iterator[Article | Skipped]:
    """Cleaned articles from files, directories, WARC files, page URLs and feed URLs.

    A feed is fetched with its stored validators and only its new entries are read; links
    for which ``known_url`` is true are not fetched. ``feed_states.put`` is called after
    the feed's last entry has been yielded, so a store that saves it in the same batch as
    those articles never marks a feed read before its articles are in. Without a
    ``fetcher``, one with default settings is made (and closed) when a URL comes up.
    """
    settings = settings or Settings()
    own_fetcher: Fetcher | None = None
    try:
        for spec in specs:
            if is_url(spec):
                if fetcher is None:
                    fetcher = own_fetcher = Fetcher()
                items = _from_url(spec, settings, fetcher, feed_states, known_url)
            elif _is_warc_file(spec):
                items = _from_warc(spec, settings)
            else:
                items = _from_files(spec, settings)
            yield from items
    finally:
        if own_fetcher is not None:
            own_fetcher.close()


def _is_warc_file(spec: str) -> bool:
    path = Path(spec)
    if not path.is_file():
        return False
    return spec.lower().endswith(WARC_SUFFIXES) or is_warc(path)


def _from_files(spec: str, settings: Settings) -> Iterator[Article | Skipped]:
    # Cleans, and skips what has no text left. Copies of one text are all yielded: the
    # store keeps the text once and adds each copy's outlet.
    yield from iter_articles([spec], settings)


def _from_warc(spec: str, settings: Settings) -> Iterator[Article | Skipped]:
    try:
        for item in iter_warc(spec, settings):
            yield _cleaned(item) if isinstance(item, Article) else item
    except StoryfoldError as exc:
        yield Skipped(exc.input or spec, exc.message)


def _from_url(
    url: str,
    settings: Settings,
    fetcher: Fetcher,
    feed_states: FeedStates | None,
    known_url: Callable[[str], bool],
) -> Iterator[Article | Skipped]:
    state = feed_states.get(url) if feed_states is not None else None
    try:
        result = fetcher.get(
            url,
            etag=state.etag if state else None,
            last_modified=state.last_modified if state else None,
            accept=SOURCE_TYPES,
            max_bytes=settings.max_bytes,
        )
    except StoryfoldError as exc:
        yield Skipped(url, exc.message)
        return
    if result.not_modified:
        return  # a feed polled before, unchanged since
    if looks_like_feed(result):
        yield from _from_feed(result, state, settings, fetcher, feed_states, known_url)
    else:
        yield _page(result)


def _from_feed(
    result: FetchResult,
    state: FeedState | None,
    settings: Settings,
    fetcher: Fetcher,
    feed_states: FeedStates | None,
    known_url: Callable[[str], bool],
) -> Iterator[Article | Skipped]:
    cap = fetcher.settings.max_feed_entries
    try:
        poll = feed_from_result(result, state, max_entries=cap)
    except StoryfoldError as exc:
        yield Skipped(result.url, exc.message)
        return
    if poll.held_back:
        # Reported, not an error of the feed: the named input is not the feed's own URL.
        yield Skipped(
            f"{result.url} (entries {cap + 1}-{cap + poll.held_back} of the new)",
            f"left for the next poll: at most {cap} new entries are read a poll (--max-entries)",
        )
    for entry in poll.entries:
        if entry.link is None:
            yield Skipped(f"{result.url} (entry {entry.id})", "feed entry has no link")
            continue
        if known_url(entry.link):
            continue
        try:
            article = article_from_url(entry.link, fetcher, settings)
        except StoryfoldError as exc:
            yield Skipped(entry.link, exc.message)
            continue
        yield _cleaned(_with_entry(article, entry))
    if feed_states is not None:
        feed_states.put(result.url, poll.state)


def _page(result: FetchResult) -> Article | Skipped:
    if result.content_type and result.content_type not in HTML_TYPES:
        return Skipped(
            result.url, f"neither an HTML page nor an RSS/Atom feed ({result.content_type})"
        )
    try:
        return _cleaned(article_from_result(result))
    except StoryfoldError as exc:
        return Skipped(result.url, exc.message)


def _with_entry(article: Article, entry: FeedEntry) -> Article:
    """What the feed says fills what the page left out (never overrides the page)."""
    changes: dict[str, object] = {}
    if article.published is None and entry.published is not None:
        changes.update(published=entry.published, published_from="feed entry")
    if not article.title and entry.title:
        changes["title"] = entry.title
    return dataclasses.replace(article, **changes) if changes else article  # type: ignore[arg-type]


def _cleaned(article: Article) -> Article | Skipped:
    cleaned = clean_article(article)
    if not cleaned.sentences:
        return Skipped(article.source, "no article text left after cleaning")
    return cleaned
