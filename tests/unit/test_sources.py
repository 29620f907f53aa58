"""The address rule, robots.txt decisions, feed sniffing and iter_sources' dispatch."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import pytest

from storyfold.errors import FetchError
from storyfold.ingest.feeds import looks_like_feed
from storyfold.ingest.fetch import FetchResult
from storyfold.ingest.load import load_articles
from storyfold.ingest.robots import RobotsCache
from storyfold.ingest.sources import iter_sources
from storyfold.ingest.urls import (
    Resolver,
    check_address,
    is_url,
    non_public_reason,
    split_url,
)
from storyfold.model import Article, Skipped
from tests.conftest import DAM_BODY, write


@pytest.mark.parametrize(
    ("address", "kind"),
    [
        ("127.0.0.1", "loopback"),
        ("::1", "loopback"),
        ("10.1.2.3", "private"),
        ("192.168.0.10", "private"),
        ("172.16.5.4", "private"),
        ("169.254.169.254", "link-local"),  # cloud metadata services live here
        ("fe80::1%eth0", "link-local"),
        ("0.0.0.0", "unspecified"),
        ("224.0.0.1", "multicast"),
        ("100.64.0.1", "non-global"),
        ("::ffff:127.0.0.1", "loopback"),
    ],
)
def test_non_public_addresses_are_named(address: str, kind: str) -> None:
    reason = non_public_reason(address)
    assert reason is not None and reason.startswith(kind)


@pytest.mark.parametrize("address", ["93.184.216.34", "8.8.8.8", "2606:4700::1111"])
def test_public_addresses_pass(address: str) -> None:
    assert non_public_reason(address) is None


def fake_resolver(table: dict[str, list[str]]) -> Resolver:
    def resolve(host: str, port: int) -> Sequence[str]:
        if host not in table:
            raise OSError("Name or service not known")
        return table[host]

    return resolve


def test_every_address_of_a_host_is_checked() -> None:
    resolver = fake_resolver({"mixed.example": ["93.184.216.34", "10.0.0.7"]})
    with pytest.raises(FetchError, match=r"private address 10\.0\.0\.7") as info:
        check_address("https://mixed.example/a", allow_private=False, resolver=resolver)
    assert info.value.input == "https://mixed.example/a"
    check_address("https://mixed.example/a", allow_private=True, resolver=resolver)


def test_unresolvable_hosts_and_bad_schemes_are_clear_errors() -> None:
    resolver = fake_resolver({})
    with pytest.raises(FetchError, match=r"cannot resolve host 'nowhere\.example'"):
        check_address("http://nowhere.example/", allow_private=False, resolver=resolver)
    with pytest.raises(FetchError, match="only http and https"):
        split_url("ftp://files.example/a")
    with pytest.raises(FetchError, match="not a valid URL"):
        split_url("http://bad.example:99999/")
    assert split_url("HTTPS://News.Example/a") == ("https", "news.example", 443)
    assert is_url("https://a.example/x") and not is_url("stories/a.txt")


class FakeRobots:
    def __init__(self, answers: dict[str, tuple[int, bytes] | FetchError]) -> None:
        self.answers = answers
        self.asked: list[str] = []

    def __call__(self, url: str) -> tuple[int, bytes]:
        self.asked.append(url)
        answer = self.answers[url]
        if isinstance(answer, FetchError):
            raise answer
        return answer


def test_robots_rules_are_cached_per_origin() -> None:
    fetch = FakeRobots(
        {
            "https://a.example/robots.txt": (200, b"User-agent: *\nDisallow: /drafts/\n"),
            "https://b.example/robots.txt": (404, b""),
            "https://c.example/robots.txt": FetchError("timed out", input="x"),
            "https://d.example/robots.txt": (500, b""),
        }
    )
    robots = RobotsCache(fetch)
    agent = "storyfold/0.1.0"
    robots.check("https://a.example/news/1", agent)
    robots.check("https://a.example/news/2", agent)
    with pytest.raises(FetchError, match=r"disallowed by https://a\.example/robots\.txt"):
        robots.check("https://a.example/drafts/x", agent)
    robots.check("https://b.example/anything", agent)  # 4xx: no rules
    with pytest.raises(FetchError, match="unreachable"):  # RFC 9309: assume disallow-all
        robots.check("https://c.example/page", agent)
    with pytest.raises(FetchError, match="500"):
        robots.check("https://d.example/page", agent)
    assert fetch.asked.count("https://a.example/robots.txt") == 1


def _result(content_type: str, body: bytes) -> FetchResult:
    return FetchResult("http://x.example/f", "http://x.example/f", 200, content_type, body)


@pytest.mark.parametrize(
    ("content_type", "body", "feed"),
    [
        ("application/rss+xml", b"anything", True),
        ("text/html", b"<rss version='2.0'>", False),
        ("text/xml", b"<?xml version='1.0'?>\n<!-- c --><rss version='2.0'>", True),
        ("application/xml", b'\xef\xbb\xbf<feed xmlns="http://www.w3.org/2005/Atom">', True),
        ("application/xml", b"<rdf:RDF xmlns:rdf='x'>", True),
        ("application/xml", b"<?xml version='1.0'?><html><body>", False),
        ("", b"<!doctype html><html>", False),
    ],
)
def test_a_feed_is_told_from_a_page(content_type: str, body: bytes, feed: bool) -> None:
    assert looks_like_feed(_result(content_type, body)) is feed


def test_body_text_uses_the_declared_charset_else_detects() -> None:
    text = "Café on the quay"
    latin = FetchResult("u", "u", 200, "text/html", text.encode("latin-1"), charset="iso-8859-1")
    assert latin.text() == text
    unlabelled = FetchResult("u", "u", 200, "text/html", text.encode("utf-8"))
    assert unlabelled.text() == text
    mislabelled = FetchResult("u", "u", 200, "text/html", text.encode(), charset="no-such")
    assert mislabelled.text() == text


def test_iter_sources_reads_files_and_reports_what_it_skips(tmp_path: Path) -> None:
    folder = tmp_path / "story"
    write(folder / "dam.txt", "Dam gates opened in Elmsford\n\n" + DAM_BODY)
    write(folder / "copy.txt", "Dam gates opened in Elmsford\n\n" + DAM_BODY)
    export = tmp_path / "export.jsonl"
    export.write_text(
        json.dumps({"text": DAM_BODY.replace("Monday", "Tuesday"), "outlet": "Wire"})
        + "\n{not json\n"
    )
    missing = str(tmp_path / "nope.txt")
    out = list(iter_sources([str(folder), str(export), missing]))
    articles = [i for i in out if isinstance(i, Article)]
    skipped = {i.input: i.reason for i in out if isinstance(i, Skipped)}
    assert all(a.sentences for a in articles)
    # The copy is not skipped as it is for a brief: the store records its outlet too.
    assert [a.outlet for a in articles] == ["copy", "dam", "Wire"]
    assert articles[0].id == articles[1].id and articles[0].text == articles[1].text
    assert set(skipped) == {f"{export}:2", missing}  # and not the copy
    assert skipped[f"{export}:2"].startswith("not valid JSON")
    assert skipped[missing] == "no such file or directory"


def test_iter_sources_yields_every_copy_that_a_brief_counts_once(tmp_path: Path) -> None:
    export = tmp_path / "wire.jsonl"
    outlets = ["Elmsford Echo", "County Wire", "River Radio"]
    export.write_text(
        "".join(
            json.dumps({"text": DAM_BODY, "outlet": o, "url": f"https://{i}.example/dam"}) + "\n"
            for i, o in enumerate(outlets)
        )
        + json.dumps({"text": "Home | News | Sport", "outlet": "Menu"})
        + "\n"
    )
    out = list(iter_sources([str(export)]))
    articles = [i for i in out if isinstance(i, Article)]
    assert [(a.outlet, a.url, a.source) for a in articles] == [
        (o, f"https://{i}.example/dam", f"{export}:{i + 1}") for i, o in enumerate(outlets)
    ]
    assert len({a.id for a in articles}) == 1 and all(a.sentences for a in articles)
    assert [i for i in out if isinstance(i, Skipped)] == [
        Skipped(f"{export}:4", "no article text left after cleaning")
    ]
    # `storyfold brief` still reads the text once and names each copy.
    corpus = load_articles([export])
    assert [a.outlet for a in corpus.articles] == outlets[:1]
    assert [(d.input, d.same_as) for d in corpus.duplicates] == [
        (f"{export}:2", f"{export}:1"),
        (f"{export}:3", f"{export}:1"),
    ]
    assert corpus.skipped == (Skipped(f"{export}:4", "no article text left after cleaning"),)


def test_iter_sources_sends_warc_files_by_content_not_name(tmp_path: Path) -> None:
    disguised = tmp_path / "crawl.dat"
    disguised.write_bytes(b"WARC/1.1\r\nWARC-Type: warcinfo\r\nContent-Length: 0\r\n\r\n\r\n\r\n")
    out = list(iter_sources([str(disguised)]))
    assert out == [Skipped(str(disguised), "skipped 1 × warcinfo record: not an article page")]
