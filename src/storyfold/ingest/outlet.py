"""Naming the outlet of an article: metadata, else the URL's host, else the file name.

Never from a byline: a byline names a person, and wire copy carries the wire's byline
on every outlet that runs it.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit


def host_of(url: str | None) -> str | None:
    if not url:
        return None
    host = urlsplit(url.strip()).hostname
    if not host:
        return None
    return host.removeprefix("www.")


def outlet_for(metadata: str | None, url: str | None, path: Path | None) -> tuple[str, str]:
    """Return (outlet, how it was found)."""
    if metadata and metadata.strip():
        return metadata.strip(), "metadata"
    host = host_of(url)
    if host:
        return host, "url-host"
    if path is not None:
        return path.stem, "file-name"
    return "unknown", "unknown"
