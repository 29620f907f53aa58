"""Reading articles from files: plain text, HTML and JSONL, and directories of these."""

from __future__ import annotations

from storyfold.ingest.load import load_articles

__all__ = ["load_articles"]
