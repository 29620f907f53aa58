"""What a server is started with."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from storyfold.config import Settings

# Request bodies past this many bytes are refused with 413 as they arrive. Five articles of
# a few thousand words are ~100 KB; uploads of saved HTML pages run to a few hundred KB each.
DEFAULT_MAX_BODY = 8 * 1024**2

# Stories a list page shows, and the most an API call may ask for.
PAGE_SIZE = 25
MAX_LIMIT = 200

# What one on-the-spot brief may ask for: enough for a story's reports, few enough that one
# request cannot keep the server busy for long.
MAX_URLS = 20
MAX_ARTICLES = 50


@dataclass(frozen=True)
class WebConfig:
    db: Path
    # Bearer token for POST /api/v1/ingest; None refuses every ingest request.
    token: str | None = None
    max_body: int = DEFAULT_MAX_BODY
    settings: Settings = field(default_factory=Settings)
    page_size: int = PAGE_SIZE  # stories a list page shows
    # Let fetched URLs reach private and loopback addresses (local use and tests only).
    allow_private: bool = False
