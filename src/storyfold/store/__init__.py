"""The store: articles, their outlets and stories in SQLite, and the pipeline that fills it."""

from __future__ import annotations

from storyfold.store.pipeline import BATCH_SIZE, Ingester, IngestReport, ingest
from storyfold.store.repository import Store, StoryRow
from storyfold.store.views import stories_json, story_brief

__all__ = [
    "BATCH_SIZE",
    "IngestReport",
    "Ingester",
    "Store",
    "StoryRow",
    "ingest",
    "stories_json",
    "story_brief",
]
