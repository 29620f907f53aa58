"""storyfold: many reports of one story in, one cited brief out.

import storyfold
brief = storyfold.brief(storyfold.load_articles(["story/"]))
"""

from __future__ import annotations

__version__ = "0.1.0"

from storyfold.brief import brief
from storyfold.config import Settings
from storyfold.ingest import load_articles
from storyfold.render import render

__all__ = ["Settings", "__version__", "brief", "load_articles", "render"]
