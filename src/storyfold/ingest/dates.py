"""Publication dates given as metadata strings."""

from __future__ import annotations

from datetime import datetime


def parse_published(value: object) -> datetime | None:
    """ISO 8601 dates and date-times; None for anything else (never a guess)."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip().replace("Z", "+00:00")
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None
