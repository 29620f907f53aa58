"""From a story's articles to its brief."""

from __future__ import annotations

from storyfold.brief.assemble import brief

__all__ = ["brief"]
