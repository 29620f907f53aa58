"""What `storyfold extract` reads: JSONL lines of articles, and the files `brief` reads.

Each article keeps the text exactly as it was given (a JSONL line's "text", a file's
decoded characters, an HTML page's source), since every offset extract hands out indexes
that text. Input is streamed: a JSONL file (gzipped or not) is read a line at a time.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from storyfold.config import Settings
from storyfold.errors import InputError
from storyfold.ingest.html import parse_html
from storyfold.ingest.ids import article_id
from storyfold.ingest.jsonl import json_object
from storyfold.ingest.load import expand_inputs, input_kind, looks_like_html
from storyfold.ingest.outlet import outlet_for
from storyfold.ingest.plain import parse_plain
from storyfold.ingest.readfile import decode, open_bytes, read_text
from storyfold.model import Article, Skipped

_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class Given:
    """One article to extract from, as given, and how its text was given."""

    id: str  # the caller's id (a JSONL "id"; a file's path)
    source: str  # where it was read: "path:line", "path"
    text: str  # the text as given: every output offset indexes it
    form: str  # "text" (JSONL, plain file) or "html" (offsets index the page's source)
    article: Article  # raw, not yet cleaned
    published: dt.date | None  # given by the caller
    # How the reader split lines: a plain file's as str.splitlines, JSONL text at "\n".
    splitlines: bool = False


def read_inputs(inputs: list[str], settings: Settings | None = None) -> Iterator[Given | Skipped]:
    """Every article of the inputs in reading order, and a ``Skipped`` for each input or
    line left out, with its reason."""
    settings = settings or Settings()
    pending: list[Skipped] = []
    for item in expand_inputs(inputs, pending):
        yield from pending
        pending.clear()
        try:
            if isinstance(item, tuple):
                yield from _jsonl(item[0], settings, only=item[1])
            elif input_kind(item) == "jsonl":
                yield from _jsonl(item, settings)
            else:
                yield _file(item, settings)
        except InputError as exc:
            yield Skipped(exc.input or str(item), exc.message)
    yield from pending


def _file(path: Path, settings: Settings) -> Given:
    text = read_text(path, settings.max_bytes)
    if input_kind(path) == "plain" and not looks_like_html(text):
        article = parse_plain(text, path)
        return Given(str(path), str(path), text, "text", article, _published(article), True)
    article = parse_html(text, path)
    return Given(str(path), str(path), text, "html", article, _published(article))


def _published(article: Article) -> dt.date | None:
    return article.published.date() if article.published else None


def _jsonl(path: Path, settings: Settings, only: int | None = None) -> Iterator[Given | Skipped]:
    try:
        with open_bytes(path) as fh:
            for number, raw in enumerate(fh, start=1):
                if only is not None and number != only:
                    continue
                where = f"{path}:{number}"
                if not raw.strip():
                    if only is not None:
                        raise InputError("the line is empty", input=f"{path}#{only}")
                    continue
                try:
                    if len(raw) > settings.max_bytes:
                        raise InputError(
                            f"line is over the size limit of {settings.max_bytes:,} bytes",
                            input=where,
                        )
                    yield from _line(decode(raw, where), path, where)
                except InputError as exc:
                    yield Skipped(where, exc.message)
                if only is not None:
                    return
    except OSError as exc:  # includes gzip.BadGzipFile
        raise InputError(f"cannot read: {exc}", input=str(path)) from exc
    if only is not None:
        raise InputError("the file has fewer lines", input=f"{path}#{only}")


def _line(line: str, path: Path, where: str) -> Iterator[Given]:
    obj = json_object(line, where, "a JSONL line must be an object")
    if "documents" in obj:
        yield from _multinews(obj, path, where)
        return
    ident = obj.get("id")
    if isinstance(ident, bool) or not isinstance(ident, str | int) or str(ident) == "":
        raise InputError('no "id" field (a string or a number)', input=where)
    text = obj.get("text")
    if not isinstance(text, str) or not text.strip():
        raise InputError('no "text" field with article text', input=where)
    published = _day(obj.get("published"), where)
    title = obj.get("title")
    if title is not None and not isinstance(title, str):
        raise InputError('"title" must be a string', input=where)
    given_url, given_outlet = obj.get("url"), obj.get("outlet")
    url = given_url if isinstance(given_url, str) else None
    outlet, outlet_from = outlet_for(
        given_outlet if isinstance(given_outlet, str) else None, url, path
    )
    article = Article(
        id=article_id(text),
        outlet=outlet,
        outlet_from=outlet_from,
        source=where,
        raw_text=text,
        url=url,
        title=title.strip() or None if title else None,
        published=dt.datetime(published.year, published.month, published.day)
        if published
        else None,
        published_from="input" if published else None,
    )
    yield Given(str(ident), where, text, "text", article, published)


def article_from_text(
    ident: str, text: str, *, published: dt.date | None = None, title: str | None = None
) -> Given:
    """One article given as a string, as a JSONL line gives it."""
    line = {"id": ident, "text": text, "title": title}
    if published is not None:
        line["published"] = published.isoformat()
    return next(_line(json.dumps(line), Path("text"), ident))


def _day(value: object, where: str) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, str):
        text = value.strip()
        try:
            if _DAY.match(text):
                return dt.date.fromisoformat(text)
            return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).date()
        except ValueError:
            pass
    raise InputError(f'"published" must be a date, YYYY-MM-DD (got {value!r})', input=where)


def _multinews(obj: dict[str, object], path: Path, where: str) -> Iterator[Given]:
    """A Multi-News line: each document is an article, its id the story's and its place."""
    docs = obj.get("documents")
    if not isinstance(docs, list) or not docs:
        raise InputError('"documents" must be a non-empty list of texts', input=where)
    story = str(obj.get("id") or where)
    for i, doc in enumerate(docs, start=1):
        if not isinstance(doc, str) or not doc.strip():
            continue
        article = Article(
            id=article_id(doc),
            outlet=f"document {i}",
            outlet_from="position",
            source=f"{where}#{i}",
            raw_text=doc,
        )
        yield Given(f"{story}#{i}", f"{where}#{i}", doc, "text", article, None)
