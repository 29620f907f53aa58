"""Stories from a stream of articles: near-duplicate detection and online clustering."""

from __future__ import annotations

from storyfold.stories.cluster import (
    Assignment,
    ClusterSettings,
    OnlineClusterer,
    StoryProfile,
)
from storyfold.stories.dedup import NearDuplicates
from storyfold.stories.vectors import TermStatistics

__all__ = [
    "Assignment",
    "ClusterSettings",
    "NearDuplicates",
    "OnlineClusterer",
    "StoryProfile",
    "TermStatistics",
]
