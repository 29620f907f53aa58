"""HTML pages: the article body and its metadata, extracted with trafilatura."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

from storyfold.errors import InputError
from storyfold.ingest.dates import check_published, dropped_note
from storyfold.ingest.ids import article_id
from storyfold.ingest.outlet import outlet_for
from storyfold.model import Article

# Pages whose extracted body is shorter than this are navigation shells or error pages, not
# articles; trafilatura returns their menus as text. 40 words is below the shortest brief
# wire item we have seen and above a typical cookie or paywall notice.
MIN_BODY_WORDS = 40


def parse_html(html: str, path: Path, url: str | None = None) -> Article:
    source = url or str(path)
    # Imported here: trafilatura (with lxml, htmldate, courlan, urllib3) is about a fifth of a
    # cold `storyfold brief`, and only HTML pages need it.
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(
            html, url=url, with_metadata=True, include_comments=False, include_tables=False
        )
    except Exception as exc:  # trafilatura raises a wide range of parser errors
        raise InputError(f"HTML could not be parsed: {exc}", input=source) from exc
    text = (getattr(doc, "text", None) or "").strip() if doc is not None else ""
    if len(text.split()) < MIN_BODY_WORDS:
        raise InputError("HTML page has no article body", input=source)
    page_url = getattr(doc, "url", None) or url
    outlet, outlet_from = outlet_for(getattr(doc, "sitename", None), page_url, path)
    published, published_from = _published(html, getattr(doc, "date", None))
    return Article(
        id=article_id(text),
        outlet=outlet,
        outlet_from=outlet_from,
        source=source,
        raw_text=text,
        url=page_url,
        title=getattr(doc, "title", None) or None,
        author=getattr(doc, "author", None) or None,
        published=published,
        published_from=published_from,
    )


# Publication-time tags as news sites write them, most specific first. trafilatura finds a
# date from many more clues but gives only the day; these keep the time and the offset.
_PUBLISHED_META = re.compile(
    r"""<meta\s[^>]*?(?:property|name|itemprop)\s*=\s*["'](?:article:published_time|
    og:published_time|datePublished|pubdate|publishdate)["'][^>]*>""",
    re.IGNORECASE | re.VERBOSE,
)
_CONTENT = re.compile(r"""content\s*=\s*["']([^"']+)["']""", re.IGNORECASE)


def _published(html: str, extracted_date: object) -> tuple[datetime | None, str | None]:
    notes: list[str] = []
    for tag in _PUBLISHED_META.finditer(html):
        content = _CONTENT.search(tag.group())
        if content is None:
            continue
        found = check_published(content.group(1))
        if found.date is not None:
            return found.date, "html-metadata"
        if found.note:
            notes.append(found.note)
    found = check_published(extracted_date)
    if found.date is not None:
        return found.date, "html-date (day only)"
    if found.note:
        notes.append(found.note)
    # Only the first unusable value is named: a page repeats one date in several tags.
    return None, dropped_note(notes[0]) if notes else None
