"""storyfold: many reports of one story in, one cited brief out.

import storyfold
brief = storyfold.brief(storyfold.load_articles(["story/"]))
"""

from __future__ import annotations

__version__ = "0.1.0"

from typing import TYPE_CHECKING, Any

from storyfold.brief import brief
from storyfold.config import Settings

if TYPE_CHECKING:
    from storyfold.ingest import load_articles
    from storyfold.render import render

__all__ = ["Settings", "__version__", "brief", "load_articles", "render"]

# Loaded on first use, so that `import storyfold.cli` (and `storyfold --help`) stays light.
_LAZY = {
    "load_articles": "storyfold.ingest",
    "render": "storyfold.render",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'storyfold' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
