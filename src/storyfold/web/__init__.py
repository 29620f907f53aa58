"""The web app and API: server-rendered pages and /api/v1 over the store, as thin shells
over the library calls the CLI uses (``storyfold.brief``, ``load_articles``, ``ingest``)."""

from __future__ import annotations

from storyfold.web.app import create_app
from storyfold.web.config import WebConfig

__all__ = ["WebConfig", "create_app"]
