"""JSONL exports: one article per line, or Multi-News clusters (one story per line)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from storyfold.errors import InputError
from storyfold.ingest.dates import check_published, dropped_note
from storyfold.ingest.ids import article_id
from storyfold.ingest.outlet import outlet_for
from storyfold.model import Article, Skipped
from storyfold.text.controls import one_line


@dataclass(frozen=True)
class JsonlRecord:
    """What one line gave: articles, or the reason it gave none."""

    line: int
    articles: tuple[Article, ...] = ()
    skipped: Skipped | None = None
    story_id: str | None = None  # set for Multi-News lines


def iter_jsonl(text: str, path: Path, first_line: int = 1) -> Iterator[JsonlRecord]:
    """Parse JSONL text; ``first_line`` numbers the lines when ``text`` is a slice of a file."""
    for number, line in enumerate(text.splitlines(), start=first_line):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            yield _parse_line(line, path, number)
        except InputError as exc:
            yield JsonlRecord(line=number, skipped=Skipped(where, exc.message))
        except (ValueError, TypeError, OverflowError, RecursionError) as exc:
            # A field no check foresaw ("url": "http://[::1" breaks urlsplit): this line
            # is reported, the file's other lines are still read.
            reason = f"could not be read ({type(exc).__name__}: {str(exc)[:200] or 'no detail'})"
            yield JsonlRecord(line=number, skipped=Skipped(where, reason))


@dataclass(frozen=True)
class MultiNewsLine:
    """A Multi-News line for evaluation and training: documents (a non-text entry as "", so
    positions hold) and the human reference summary."""

    id: str | None
    documents: tuple[str, ...]
    summary: str


def parse_multinews(line: str, where: str) -> MultiNewsLine:
    """One Multi-News line with its reference; `InputError` naming ``where`` if unusable."""
    obj = json_object(line, where, "a Multi-News line must be a JSON object")
    docs = obj.get("documents")
    if not isinstance(docs, list) or not any(isinstance(d, str) and d.strip() for d in docs):
        raise InputError('"documents" must be a list with at least one text', input=where)
    summary = obj.get("summary")
    if not isinstance(summary, str) or not summary.strip():
        raise InputError('no "summary" field with the reference summary', input=where)
    story = obj.get("id")
    return MultiNewsLine(
        id=str(story) if story is not None else None,
        documents=tuple(d if isinstance(d, str) else "" for d in docs),
        summary=summary,
    )


def json_object(line: str, where: str, not_object: str) -> dict[str, object]:
    """The JSON object on one line, or an `InputError` naming `where` (bad JSON, JSON nested
    deeper than the parser follows, or not an object)."""
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError(f"not valid JSON ({exc.msg} at column {exc.colno})", input=where) from exc
    except RecursionError as exc:  # "[[[[..." nested deeper than the parser can follow
        raise InputError("not valid JSON (nested too deeply)", input=where) from exc
    if not isinstance(obj, dict):
        raise InputError(not_object, input=where)
    return obj


def _parse_line(line: str, path: Path, number: int) -> JsonlRecord:
    where = f"{path}:{number}"
    obj = json_object(line, where, "a JSONL line must be an object")
    if "documents" in obj:
        return _multinews(obj, path, number)
    return JsonlRecord(line=number, articles=(_article(obj, path, where),))


def _article(obj: dict[str, object], path: Path, where: str) -> Article:
    text = obj.get("text")
    if not isinstance(text, str) or not text.strip():
        raise InputError('no "text" field with article text', input=where)
    url = _url(_str(obj.get("url")))
    outlet, outlet_from = outlet_for(_str(obj.get("outlet")), url, path)
    published = check_published(obj.get("published"))
    if published.date is not None:
        published_from: str | None = "jsonl"
    else:
        published_from = dropped_note(published.note) if published.note else None
    return Article(
        id=article_id(text),
        outlet=outlet,
        outlet_from=outlet_from,
        source=where,
        raw_text=text,
        url=url,
        title=_str(obj.get("title")),
        author=_str(obj.get("author")),
        published=published.date,
        published_from=published_from,
    )


def _multinews(obj: dict[str, object], path: Path, number: int) -> JsonlRecord:
    where = f"{path}:{number}"
    articles = multinews_articles(obj.get("documents"), where)
    story = obj.get("id")
    return JsonlRecord(
        line=number, articles=tuple(articles), story_id=str(story) if story else str(number)
    )


def multinews_articles(docs: object, where: str) -> tuple[Article, ...]:
    """A Multi-News cluster's ``documents`` as raw (uncleaned) articles, named by position;
    empty documents are left out. ``where`` ("path:line") becomes each article's source."""
    if not isinstance(docs, list) or not docs:
        raise InputError('"documents" must be a non-empty list of texts', input=where)
    articles = []
    for i, doc in enumerate(docs, start=1):
        if not isinstance(doc, str) or not doc.strip():
            continue
        # Multi-News carries no outlet names; documents are named by position.
        articles.append(
            Article(
                id=article_id(doc),
                outlet=f"document {i}",
                outlet_from="position",
                source=f"{where}#{i}",
                raw_text=doc,
            )
        )
    if not articles:
        raise InputError("every document is empty", input=where)
    return tuple(articles)


def _url(value: str | None) -> str | None:
    """A URL that can be parsed, else None: "http://[::1" is not an address to keep, and
    the article's text is still good."""
    if value is None:
        return None
    try:
        urlsplit(value)
    except ValueError:
        return None
    return value


def _str(value: object) -> str | None:
    """A metadata string on one line without control characters (a title or outlet name
    with an escape sequence must not reach a terminal, a page or a file name)."""
    if not isinstance(value, str):
        return None
    text = one_line(value).strip()
    return text or None
