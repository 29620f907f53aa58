"""Plain-text articles as scraped: the first real line is the headline when it looks like one."""

from __future__ import annotations

from pathlib import Path

from storyfold.ingest.ids import article_id
from storyfold.ingest.outlet import outlet_for
from storyfold.model import Article
from storyfold.text import cruft_reason, looks_like_headline


def parse_plain(text: str, path: Path) -> Article:
    lines = text.splitlines()
    title: str | None = None
    body_start = 0
    # Navigation cruft ("Skip to main content") often stands above the headline; look past
    # it, but only past lines the cleaner would drop anyway.
    for i, line in enumerate(lines):
        stripped = line.strip()
        if not stripped or cruft_reason(stripped) is not None:
            continue
        if looks_like_headline(stripped):
            title = stripped
            body_start = i + 1
        break
    # Blank the headline rather than drop it, so line numbers in the cleaning record still
    # match the file.
    body = "\n".join([*lines[: body_start - 1], "", *lines[body_start:]]) if title else text
    outlet, outlet_from = outlet_for(None, None, path)
    return Article(
        id=article_id(text),
        outlet=outlet,
        outlet_from=outlet_from,
        source=str(path),
        raw_text=body,
        title=title,
    )
