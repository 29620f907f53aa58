"""Stable article ids: the same content read twice gets the same id."""

from __future__ import annotations

import hashlib


def article_id(raw_text: str) -> str:
    return hashlib.sha1(raw_text.strip().encode("utf-8")).hexdigest()[:12]
