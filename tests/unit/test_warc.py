"""Web archives written here with warcio (gzipped and not), read back with iter_warc."""

from __future__ import annotations

import gzip
import io
from datetime import UTC, datetime
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from storyfold.config import Settings
from storyfold.errors import InputError
from storyfold.ingest.sources import iter_sources
from storyfold.ingest.warc import WarcReader, is_warc, iter_warc
from storyfold.model import Article, Skipped
from tests.news_pages import STORIES, page_bytes

FERRY, ORCHARD, LIBRARY = STORIES
CRAWLED = "2026-04-08T09:30:00Z"
NAV_ONLY = b"<html><head><title>Menu</title></head><body><nav>Home News</nav></body></html>"


def _response(
    writer: WARCWriter,
    uri: str,
    body: bytes,
    status: str = "200 OK",
    content_type: str = "text/html; charset=utf-8",
    extra: list[tuple[str, str]] | None = None,
) -> None:
    headers = StatusAndHeaders(
        status, [("Content-Type", content_type), *(extra or [])], protocol="HTTP/1.1"
    )
    record = writer.create_warc_record(
        uri,
        "response",
        payload=io.BytesIO(body),
        http_headers=headers,
        warc_headers_dict={"WARC-Date": CRAWLED},
    )
    writer.write_record(record)


def write_archive(path: Path, *, gz: bool) -> Path:
    """Three pages, and one of each kind of record that is not a page."""
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=gz)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "tests"}))
        request = StatusAndHeaders("GET /ferry HTTP/1.1", [("Host", "courier.example")])
        writer.write_record(
            writer.create_warc_record(
                "https://courier.example/ferry", "request", http_headers=request
            )
        )
        _response(writer, "https://courier.example/ferry", page_bytes(FERRY))
        writer.write_record(
            writer.create_warc_record(
                "https://courier.example/ferry",
                "metadata",
                payload=io.BytesIO(b"fetchTimeMs: 120\n"),
                warc_content_type="application/warc-fields",
            )
        )
        _response(writer, "https://www.farmweekly.example/orchard", page_bytes(ORCHARD))
        _response(writer, "https://courier.example/logo.png", b"\x89PNG\r\n", "200 OK", "image/png")
        _response(writer, "https://courier.example/missing", b"<html>gone</html>", "404 Not Found")
        _response(writer, "https://courier.example/menu", NAV_ONLY)
        _response(
            writer,
            "https://post.example/library",
            gzip.compress(page_bytes(LIBRARY)),
            extra=[("Content-Encoding", "gzip")],
        )
    return path


EXPECTED_COUNTS = {
    "warcinfo record": 1,
    "request record": 1,
    "metadata record": 1,
    "non-HTML response (image/png)": 1,
    "HTTP 404 response": 1,
}


@pytest.mark.parametrize("gz", [True, False])
def test_pages_are_read_and_everything_else_is_counted(tmp_path: Path, gz: bool) -> None:
    path = write_archive(tmp_path / ("crawl.warc.gz" if gz else "crawl.warc"), gz=gz)
    reader = WarcReader(path)
    items = list(reader)
    articles = [i for i in items if isinstance(i, Article)]
    assert [a.title for a in articles] == [FERRY.title, ORCHARD.title, LIBRARY.title]
    assert [a.url for a in articles] == [
        "https://courier.example/ferry",
        "https://www.farmweekly.example/orchard",
        "https://post.example/library",
    ]
    assert articles[0].outlet == FERRY.site
    assert articles[1].published == datetime(2026, 4, 5, 18, 0, tzinfo=UTC)
    # WARC-Date is the crawl time: kept as `fetched`, never as the publication time.
    assert all(a.fetched == datetime(2026, 4, 8, 9, 30, tzinfo=UTC) for a in articles)
    assert "eighteen-month renovation" in articles[2].raw_text  # gzip payload decoded
    assert [i for i in items if isinstance(i, Skipped)] == [
        Skipped("https://courier.example/menu", "HTML page has no article body")
    ]
    assert dict(reader.skipped_counts) == EXPECTED_COUNTS
    assert reader.pages == 3 and reader.records == 9


def test_outlet_falls_back_to_the_uri_host(tmp_path: Path) -> None:
    html = page_bytes(FERRY).replace(b'property="og:site_name"', b'property="og:nothing"')
    path = tmp_path / "one.warc"
    with path.open("wb") as fh:
        _response(WARCWriter(fh, gzip=False), "https://www.harbor-news.example/a", html)
    (article,) = list(WarcReader(path))
    assert isinstance(article, Article)
    assert article.outlet == "harbor-news.example"


def test_iter_warc_reports_each_skip_reason_with_its_count(tmp_path: Path) -> None:
    path = write_archive(tmp_path / "crawl.warc.gz", gz=True)
    summaries = [i for i in iter_warc(path) if isinstance(i, Skipped) and i.input == str(path)]
    assert len(summaries) == len(EXPECTED_COUNTS)
    assert any("1 × HTTP 404 response" in s.reason for s in summaries)


@pytest.mark.parametrize(("gz", "name"), [(True, "crawl.warc"), (False, "crawl.warc.gz")])
def test_compression_is_told_by_magic_bytes_not_the_name(
    tmp_path: Path, gz: bool, name: str
) -> None:
    path = write_archive(tmp_path / name, gz=gz)
    assert is_warc(path)
    assert sum(isinstance(i, Article) for i in WarcReader(path)) == 3


@pytest.mark.parametrize("gz", [True, False])
def test_a_truncated_archive_is_a_clear_error_naming_the_file(tmp_path: Path, gz: bool) -> None:
    full = write_archive(tmp_path / "full.warc", gz=gz).read_bytes()
    cut = tmp_path / "cut.warc"
    cut.write_bytes(full[: int(len(full) * 0.6)])
    got: list[Article | Skipped] = []
    with pytest.raises(InputError, match="truncated or corrupt") as info:
        got.extend(WarcReader(cut))
    assert info.value.input == str(cut)
    assert [i.title for i in got if isinstance(i, Article)][:1] == [FERRY.title]


def test_a_file_that_is_not_a_warc_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.warc"
    path.write_text("these are my notes, not an archive\n")
    with pytest.raises(InputError, match="not a WARC file") as info:
        list(WarcReader(path))
    assert info.value.input == str(path)
    gz = tmp_path / "other.warc.gz"
    gz.write_bytes(gzip.compress(b"just text"))
    assert not is_warc(gz)


def test_records_over_the_size_limit_are_counted_not_read(tmp_path: Path) -> None:
    path = write_archive(tmp_path / "crawl.warc", gz=False)
    reader = WarcReader(path, Settings(max_bytes=1000))
    assert [i for i in reader if isinstance(i, Article)] == []
    # Two pages by their record's length, the gzipped one once inflated.
    assert reader.skipped_counts["response larger than 1,000 bytes"] == 3


def test_iter_sources_reads_archives_and_reports_a_broken_one(tmp_path: Path) -> None:
    good = write_archive(tmp_path / "good.warc.gz", gz=True)
    broken = tmp_path / "broken.warc.gz"
    broken.write_bytes(good.read_bytes()[:700])
    out = list(iter_sources([str(good), str(broken)]))
    articles = [i for i in out if isinstance(i, Article)]
    assert len(articles) == 3 and all(a.sentences for a in articles)  # cleaned
    broken_skips = [i for i in out if isinstance(i, Skipped) and i.input == str(broken)]
    assert len(broken_skips) == 1 and "truncated or corrupt" in broken_skips[0].reason
