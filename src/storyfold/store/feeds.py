"""Feed states (ETag, Last-Modified, ids seen) kept in the store between polls.

``iter_sources`` reads a feed's state before polling it and hands back the new one after;
the new state is held here until the pipeline writes it in the same transaction as the
entries polled under it, so a killed ingest never marks entries seen that it did not store.
"""

from __future__ import annotations

import json
from datetime import datetime

from storyfold.ingest.feeds import FeedState
from storyfold.store.repository import Store


class StoreFeedStates:
    """The store's implementation of ``storyfold.ingest.sources.FeedStates``."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._pending: dict[str, FeedState] = {}

    def get(self, url: str) -> FeedState | None:
        if url in self._pending:
            return self._pending[url]
        row = self.store.feed_state_row(url)
        if row is None:
            return None
        seen = json.loads(row["seen_ids"] or "[]")
        return FeedState(
            etag=row["etag"],
            last_modified=row["last_modified"],
            seen_ids=tuple(str(i) for i in seen),
        )

    def put(self, url: str, state: FeedState) -> None:
        self._pending[url] = state

    def has_pending(self) -> bool:
        return bool(self._pending)

    def take_pending(self) -> dict[str, FeedState]:
        pending, self._pending = self._pending, {}
        return pending

    def write(self, states: dict[str, FeedState], polled: datetime) -> None:
        """Save ``states``; call inside the batch's transaction."""
        for url, state in states.items():
            self.store.save_feed_state(url, state.etag, state.last_modified, state.seen_ids, polled)
