"""Reading articles: files (plain text, HTML, JSONL) and directories of these; URLs, RSS/Atom
feeds and web archives (WARC) through ``iter_sources``."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from storyfold.ingest.load import load_articles

if TYPE_CHECKING:
    from storyfold.ingest.feeds import FeedPoll, FeedState, poll_feed
    from storyfold.ingest.fetch import Fetcher, FetchResult, FetchSettings, article_from_url
    from storyfold.ingest.sources import FeedStates, iter_sources
    from storyfold.ingest.warc import WarcReader, iter_warc

# The network and archive readers (httpx, feedparser, fastwarc) load on first use, so that
# `import storyfold` stays quick for the commands that read only files.
_LAZY = {
    "FeedPoll": "feeds",
    "FeedState": "feeds",
    "poll_feed": "feeds",
    "FetchResult": "fetch",
    "FetchSettings": "fetch",
    "Fetcher": "fetch",
    "article_from_url": "fetch",
    "FeedStates": "sources",
    "iter_sources": "sources",
    "WarcReader": "warc",
    "iter_warc": "warc",
}


def __getattr__(name: str) -> object:
    if name in _LAZY:
        return getattr(importlib.import_module(f"storyfold.ingest.{_LAZY[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "FeedPoll",
    "FeedState",
    "FeedStates",
    "FetchResult",
    "FetchSettings",
    "Fetcher",
    "WarcReader",
    "article_from_url",
    "iter_sources",
    "iter_warc",
    "load_articles",
    "poll_feed",
]
