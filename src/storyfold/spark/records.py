"""Rows the job passes between stages, made from and back into the library's objects.

Pure Python (no pyspark): each function takes what one input gave and returns plain dicts
in the column order of `RECORD`, so the same code runs in a Spark task and in a test.
Times travel as whole microseconds since the epoch (UTC), which round-trip exactly.
"""

from __future__ import annotations

import dataclasses
import json
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from storyfold.config import Settings
from storyfold.errors import InputError
from storyfold.model import Article, Skipped
from storyfold.text import clean_article

RECORD = (
    "kind string, source string, url string, reason string, id string, outlet string, "
    "outlet_from string, title string, author string, published_us long, "
    "published_from string, fetched_us long, raw_text string, text string"
)
FIELDS = [part.split()[0] for part in RECORD.split(", ")]
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
CLEANING_REASON = "no article text left after cleaning"


def to_us(when: datetime | None) -> int | None:
    if when is None:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return (when - _EPOCH) // timedelta(microseconds=1)


def missing(value: Any) -> bool:
    """None, or NaN: how pandas hands over a missing number."""
    return value is None or value != value


def from_us(value: Any) -> datetime | None:
    if missing(value):
        return None
    return _EPOCH + timedelta(microseconds=int(value))


def skipped_row(source: str, reason: str, url: str | None = None) -> dict[str, Any]:
    row: dict[str, Any] = dict.fromkeys(FIELDS)
    row.update(kind="skipped", source=source, url=url, reason=reason)
    return row


def article_row(article: Article) -> dict[str, Any]:
    """A read article, cleaned here with the library's `clean_article`; a skipped row
    when cleaning leaves no text (as the store's pipeline skips it)."""
    cleaned = clean_article(article)
    if not cleaned.sentences:
        return skipped_row(article.source, CLEANING_REASON, article.url)
    return {
        "kind": "article",
        "source": cleaned.source,
        "url": cleaned.url,
        "reason": None,
        "id": cleaned.id,
        "outlet": cleaned.outlet,
        "outlet_from": cleaned.outlet_from,
        "title": cleaned.title,
        "author": cleaned.author,
        "published_us": to_us(cleaned.published),
        "published_from": cleaned.published_from,
        "fetched_us": to_us(cleaned.fetched),
        "raw_text": cleaned.raw_text,
        "text": cleaned.text,
    }


def to_article(row: dict[str, Any]) -> Article:
    """The article a row holds (cleaned text; no sentence offsets, which only the brief
    needs and which cleaning gives again from the raw text)."""
    return Article(
        id=row["id"],
        outlet=row["outlet"],
        source=row["source"],
        raw_text=row["raw_text"],
        url=_text(row["url"]),
        title=_text(row["title"]),
        author=_text(row["author"]),
        published=from_us(row["published_us"]),
        published_from=_text(row["published_from"]),
        outlet_from=row["outlet_from"],
        text=row["text"],
        fetched=from_us(row["fetched_us"]),
    )


def warc_rows(
    path: str, content: bytes, settings: Settings | None = None
) -> Iterator[dict[str, Any]]:
    """Every article and skip of one WARC file's bytes, read by the library's
    `iter_warc` (from a local copy, so any Spark path works); a file cut short keeps what
    came before it and is reported."""
    from storyfold.ingest.warc import iter_warc

    with tempfile.TemporaryDirectory(prefix="storyfold-warc-") as folder:
        local = Path(folder) / Path(path).name
        local.write_bytes(content)
        here = str(local)
        try:
            for item in iter_warc(local, settings):
                if isinstance(item, Skipped):
                    yield skipped_row(item.input.replace(here, path), item.reason)
                else:
                    yield article_row(dataclasses.replace(item, source=path))
        except InputError as exc:
            yield skipped_row(path, exc.message.replace(here, path))


def jsonl_rows(path: str, text: str) -> Iterator[dict[str, Any]]:
    """Every article and skipped line of one JSONL export, read by `iter_jsonl`."""
    from storyfold.ingest.jsonl import iter_jsonl

    for record in iter_jsonl(text, Path(path)):
        if record.skipped is not None:
            yield skipped_row(record.skipped.input, record.skipped.reason)
        for article in record.articles:
            yield article_row(article)


def parquet_rows(path: str, row: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """One Parquet row with a `text` column (and optional url, title, author, outlet,
    published), read as the JSONL reader reads one object."""
    from storyfold.ingest.jsonl import iter_jsonl

    obj = {key: _plain(value) for key, value in row.items() if value is not None}
    where = f"{path}#{obj.get('url') or ''}"
    for record in iter_jsonl(json.dumps(obj, sort_keys=True), Path(path)):
        if record.skipped is not None:
            yield skipped_row(where, record.skipped.reason, _text(obj.get("url")))
        for article in record.articles:
            yield article_row(dataclasses.replace(article, source=where))


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return (value if value.tzinfo else value.replace(tzinfo=UTC)).isoformat()
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "item"):  # a numpy scalar
        return value.item()
    return value


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None
