"""Web archives (WARC, gzipped or not), as Common Crawl News publishes them.

Each HTTP response record that holds an HTML page with status 200 becomes an article,
extracted like any other page with the record's target URI as its URL (so the outlet
comes from the page's metadata, else the URI's host). Everything else (warcinfo, request
and metadata records, other statuses, other content types) is skipped and counted by
reason.

The record's WARC-Date is when the page was crawled, not when it was published; it is
kept as ``Article.fetched``, never used as the publication time.
"""

from __future__ import annotations

import dataclasses
import gzip
import zlib
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from fastwarc.stream_io import GzipReader
from fastwarc.warc import ArchiveIterator, WarcRecord, WarcRecordType

from storyfold.config import Settings
from storyfold.errors import InputError
from storyfold.ingest.html import parse_html
from storyfold.ingest.readfile import decode
from storyfold.model import Article, Skipped

WARC_SUFFIXES = (".warc", ".warc.gz", ".arc.gz")
_GZIP_MAGIC = b"\x1f\x8b"
_WARC_MAGIC = b"WARC/"
_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})


def is_warc(path: Path) -> bool:
    """Whether ``path`` is a WARC file, by its first bytes (gzipped or not), not its name."""
    try:
        return _open_kind(path) is not None
    except OSError:
        return False


class WarcReader:
    """Iterate over the articles in one WARC file; ``skipped_counts`` says what was left.

    Iterating yields an Article for each page, and a Skipped (naming the record's URI) for
    an HTML page that gave no article. Records that are not pages are only counted.
    Raises InputError naming the file when it is not a WARC file or is cut short.
    """

    def __init__(self, path: str | Path, settings: Settings | None = None) -> None:
        self.path = Path(path)
        self.settings = settings or Settings()
        self.skipped_counts: Counter[str] = Counter()
        self.records = 0
        self.pages = 0

    def __iter__(self) -> Iterator[Article | Skipped]:
        name = str(self.path)
        try:
            kind = _open_kind(self.path)
        except OSError as exc:
            raise InputError(f"cannot read: {exc.strerror or exc}", input=name) from exc
        if kind is None:
            raise InputError("not a WARC file (it does not start with a WARC header)", input=name)
        # Told by the magic bytes: fastwarc would otherwise go by the name's ".gz".
        stream = GzipReader(name) if kind == "gzip" else name
        records = ArchiveIterator(stream, parse_http=False, fsspec_args=False, stream_detect=False)
        while True:
            try:
                record = next(records)
            except StopIteration:
                return
            except OSError as exc:
                raise InputError(
                    f"corrupt web archive after {self.records} records: {exc}", input=name
                ) from exc
            self.records += 1
            item = self._read(record)
            if item is not None:
                yield item

    def _read(self, record: WarcRecord) -> Article | Skipped | None:
        declared = record.headers.get("Content-Length")
        if record.record_type != WarcRecordType.response:
            self._check_length(record, declared, record.reader.consume())
            self.skipped_counts[f"{record.record_type} record"] += 1
            return None
        if record.content_length > self.settings.max_bytes:
            self._check_length(record, declared, record.reader.consume())
            self.skipped_counts[f"response larger than {self.settings.max_bytes:,} bytes"] += 1
            return None
        block = record.reader.read()
        self._check_length(record, declared, len(block))
        uri = record.headers.get("WARC-Target-URI") or f"{self.path}#record{self.records}"
        status, headers, payload = _split_http(block)
        if status is None:
            self.skipped_counts["response without an HTTP header"] += 1
            return None
        if status != 200:
            self.skipped_counts[f"HTTP {status} response"] += 1
            return None
        media_type, _, params = headers.get("content-type", "").partition(";")
        media_type = media_type.strip().lower()
        if media_type not in _HTML_TYPES:
            self.skipped_counts[f"non-HTML response ({media_type or 'no type'})"] += 1
            return None
        cap = self.settings.max_bytes
        try:
            payload = _decompress(payload, headers.get("content-encoding", ""), cap, uri)
            if len(payload) > cap:
                self.skipped_counts[f"response larger than {cap:,} bytes"] += 1
                return None
            article = parse_html(_decode(payload, params, uri), self.path, url=uri)
        except InputError as exc:
            return Skipped(uri, exc.message)
        self.pages += 1
        return dataclasses.replace(article, fetched=record.record_date)

    def _check_length(self, record: WarcRecord, declared: str | None, got: int) -> None:
        if declared is None or not declared.strip().isdigit() or got < int(declared):
            raise InputError(
                f"web archive is truncated or corrupt: record {self.records} "
                f"(at byte {record.stream_pos}) is cut short",
                input=str(self.path),
            )


def iter_warc(path: str | Path, settings: Settings | None = None) -> Iterator[Article | Skipped]:
    """Articles from a WARC file, then one Skipped per reason records were left out.

    The articles are not yet cleaned. Raises InputError naming the file when it is not a
    WARC file or is cut short (after yielding what came before).
    """
    reader = WarcReader(path, settings)
    yield from reader
    for reason, count in reader.skipped_counts.most_common():
        yield Skipped(str(path), f"skipped {count:,} × {reason}: not an article page")


def _open_kind(path: Path) -> str | None:
    with path.open("rb") as fh:
        head = fh.read(len(_WARC_MAGIC))
    if head.startswith(_GZIP_MAGIC):
        try:
            with gzip.open(path, "rb") as fh:
                inner = fh.read(len(_WARC_MAGIC))
        except (OSError, EOFError):
            return None
        return "gzip" if inner == _WARC_MAGIC else None
    return "plain" if head == _WARC_MAGIC else None


def _split_http(block: bytes) -> tuple[int | None, dict[str, str], bytes]:
    """(status, lower-cased headers, payload) of a recorded HTTP response."""
    head, sep, payload = block.partition(b"\r\n\r\n")
    if not sep:
        head, sep, payload = block.partition(b"\n\n")
    lines = head.decode("latin-1").splitlines()
    if not sep or not lines or not lines[0].startswith("HTTP/"):
        return None, {}, b""
    parts = lines[0].split(None, 2)
    if len(parts) < 2 or not parts[1].isdigit():
        return None, {}, b""
    headers: dict[str, str] = {}
    for line in lines[1:]:
        key, colon, value = line.partition(":")
        if colon:
            headers[key.strip().lower()] = value.strip()
    return int(parts[1]), headers, payload


def _decompress(payload: bytes, encoding: str, cap: int, uri: str) -> bytes:
    """The payload as the page's bytes. Common Crawl stores payloads already decoded (and
    renames the header); other crawlers keep the bytes as sent. Stops one byte past
    ``cap`` so that a compression bomb costs no more than a page over the limit."""
    if encoding.strip().lower() not in {"gzip", "x-gzip", "deflate"}:
        return payload
    try:
        inflater = zlib.decompressobj(zlib.MAX_WBITS | 32)  # a gzip or a zlib header
        return inflater.decompress(payload, cap + 1)
    except zlib.error as exc:
        raise InputError(f"payload does not decompress: {exc}", input=uri) from exc


def _decode(payload: bytes, params: str, uri: str) -> str:
    for param in params.split(";"):
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            try:
                return payload.decode(value.strip().strip("\"'"))
            except (LookupError, UnicodeDecodeError):
                break  # a wrong label: detect instead
    return decode(payload, uri)
