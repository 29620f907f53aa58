"""From a story's articles to its brief.

`brief` loads the assembly (and with it numpy, the embedder and the models) on first call,
so that importing this package, or `storyfold`, costs nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from storyfold.config import Settings
    from storyfold.model import Article, Brief, Corpus

__all__ = ["brief"]


def brief(articles: Corpus | Sequence[Article], settings: Settings | None = None) -> Brief:
    """Summarise one story's articles into a cited brief."""
    from storyfold.brief.assemble import brief as assemble_brief

    return assemble_brief(articles, settings)
