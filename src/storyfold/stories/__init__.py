"""Stories from a stream of articles: near-duplicate detection and online clustering."""

from __future__ import annotations

from storyfold.stories.cluster import (
    Assignment,
    ClusterSettings,
    Move,
    OnlineClusterer,
    StoryProfile,
)
from storyfold.stories.dedup import NearDuplicates
from storyfold.stories.vectors import TermStatistics

__all__ = [
    "Assignment",
    "ClusterSettings",
    "Move",
    "NearDuplicates",
    "OnlineClusterer",
    "StoryProfile",
    "TermStatistics",
]
