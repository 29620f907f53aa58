"""RSS and Atom feeds: polled with conditional requests, yielding only what is new.

feedparser only ever parses bytes we fetched ourselves: given a URL it would fetch it with
none of the fetcher's rules (private addresses, robots.txt, size, timeouts).
"""

from __future__ import annotations

import calendar
import hashlib
import re
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin

import feedparser

from storyfold.errors import FetchError
from storyfold.ingest.dates import usable
from storyfold.ingest.fetch import FEED_TYPES, Fetcher, FetchResult

# How many entry ids a feed's state remembers. A news feed lists its latest 10-100 items;
# 1,000 covers a busy feed for days without the state growing without bound.
MAX_SEEN_IDS = 1000

_FEED_ROOT = re.compile(rb"<(?:[A-Za-z0-9_]+:)?(rss|feed|RDF)[\s>]")


@dataclass(frozen=True, slots=True)
class FeedState:
    """What a feed's last poll left behind: its validators and the entries already seen."""

    etag: str | None = None
    last_modified: str | None = None
    seen_ids: tuple[str, ...] = ()  # most recent first, at most MAX_SEEN_IDS


@dataclass(frozen=True, slots=True)
class FeedEntry:
    link: str | None
    title: str | None
    published: datetime | None  # UTC
    id: str


@dataclass(frozen=True, slots=True)
class FeedPoll:
    url: str
    entries: tuple[FeedEntry, ...]  # new since the last poll, in feed order
    state: FeedState  # to pass to the next poll
    not_modified: bool = False
    title: str | None = None
    held_back: int = 0  # new entries past the per-poll cap, left for the next poll


def poll_feed(url: str, fetcher: Fetcher, state: FeedState | None = None) -> FeedPoll:
    """Fetch a feed (conditionally when ``state`` has validators) and return its new entries.

    Raises FetchError naming the feed when it cannot be fetched or is not a feed.
    """
    state = state or FeedState()
    result = fetcher.get(url, etag=state.etag, last_modified=state.last_modified, accept=FEED_TYPES)
    return feed_from_result(result, state)


def feed_from_result(
    result: FetchResult, state: FeedState | None = None, max_entries: int | None = None
) -> FeedPoll:
    """Parse a fetched feed against the previous state.

    With ``max_entries``, at most that many new entries are returned (in feed order); the
    rest are counted in ``held_back`` and left unseen, and the validators are not kept, so
    the next poll fetches the feed in full and returns them.
    """
    state = state or FeedState()
    if result.not_modified:
        return FeedPoll(result.url, (), state, not_modified=True)
    parsed = _parse(result)
    entries = [_entry(raw, result.final_url) for raw in parsed.entries]
    unique = _unique(entries)
    seen = set(state.seen_ids)
    new = tuple(entry for entry in unique if entry.id not in seen)
    held_back = 0
    if max_entries is not None and len(new) > max_entries:
        held_back = len(new) - max_entries
        new = new[:max_entries]
        taken = seen | {entry.id for entry in new}
        current = [entry.id for entry in unique if entry.id in taken]
    else:
        current = [entry.id for entry in unique]
    remembered = list(dict.fromkeys([*current, *state.seen_ids]))[:MAX_SEEN_IDS]
    return FeedPoll(
        url=result.url,
        entries=new,
        state=FeedState(
            # A server that stops sending validators must not be sent stale ones; and
            # while entries are held back a 304 must not hide them.
            etag=None if held_back else result.etag,
            last_modified=None if held_back else result.last_modified,
            seen_ids=tuple(remembered),
        ),
        title=_str(parsed.feed.get("title")),
        held_back=held_back,
    )


def looks_like_feed(result: FetchResult) -> bool:
    """Whether a fetched document is a feed rather than a page: its type, else its root."""
    if result.content_type in {"application/rss+xml", "application/atom+xml"}:
        return True
    if result.content_type in {"text/html", "application/xhtml+xml"}:
        return False
    head = result.body[:2048].lstrip(b"\xef\xbb\xbf \t\r\n")
    head = re.sub(rb"<\?xml[^>]*\?>|<!--.*?-->|<!DOCTYPE[^>]*>", b"", head, flags=re.S).lstrip()
    return _FEED_ROOT.match(head) is not None


def _parse(result: FetchResult) -> Any:
    headers = {"content-location": result.final_url}
    if result.content_type:
        charset = f"; charset={result.charset}" if result.charset else ""
        headers["content-type"] = result.content_type + charset
    try:
        parsed = feedparser.parse(result.body, response_headers=headers)
    except Exception as exc:  # feedparser wraps most errors in bozo, but not all
        raise FetchError(f"not a readable feed: {exc}", input=result.url) from exc
    # A broken document still gives feedparser's best guess; it is used only when some
    # entry survived with a link (an encoding mix-up, say), not for a cut-off file.
    if parsed.bozo and not any(_str(entry.get("link")) for entry in parsed.entries):
        problem = parsed.get("bozo_exception") or "unknown error"
        raise FetchError(f"not a valid RSS or Atom feed: {problem}", input=result.url)
    if not parsed.version and not parsed.entries:
        raise FetchError("not an RSS or Atom feed", input=result.url)
    return parsed


def _entry(raw: Any, base: str) -> FeedEntry:
    link = _str(raw.get("link"))
    link = urljoin(base, link) if link else None
    title = _str(raw.get("title"))
    # dict.get, not raw.get: feedparser maps a missing key to a neighbour with a warning.
    published = _time(dict.get(raw, "published_parsed") or dict.get(raw, "updated_parsed"))
    entry_id = _str(raw.get("id")) or link
    if entry_id is None:
        # No id and no link: the title and date are all that tell two entries apart.
        basis = f"{title}|{published}".encode()
        entry_id = "sha1:" + hashlib.sha1(basis).hexdigest()[:16]
    return FeedEntry(link=link, title=title, published=published, id=entry_id)


def _unique(entries: list[FeedEntry]) -> list[FeedEntry]:
    """The first entry with each id, in feed order."""
    first: dict[str, FeedEntry] = {}
    for entry in entries:
        first.setdefault(entry.id, entry)
    return list(first.values())


def _time(value: object) -> datetime | None:
    if not isinstance(value, time.struct_time):
        return None
    # feedparser normalises dates to UTC struct_time; timegm reads it as UTC. A date
    # outside the usable window (or past what a datetime holds) is no date.
    try:
        when = datetime.fromtimestamp(calendar.timegm(value), tz=UTC)
    except (OverflowError, OSError, ValueError):
        return None
    return usable(when).date


def _str(value: object) -> str | None:
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None
