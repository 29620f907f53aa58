"""RSS and Atom feeds from a real HTTP server: conditional polls, new items only, bad feeds."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from storyfold.errors import FetchError
from storyfold.ingest.feeds import MAX_SEEN_IDS, FeedState, feed_from_result, poll_feed
from storyfold.ingest.fetch import Fetcher, FetchResult, FetchSettings
from storyfold.ingest.sources import iter_sources
from storyfold.model import Article, Skipped
from tests.http_server import LocalServer
from tests.news_pages import STORIES, atom, page_bytes, rss

FERRY, ORCHARD, LIBRARY = STORIES
FAST = FetchSettings(host_delay=0.0, connect_timeout=2.0, read_timeout=2.0, total_timeout=5.0)
RSS_TYPE = "application/rss+xml"
ATOM_TYPE = "application/atom+xml"
LAST_MODIFIED = "Tue, 07 Apr 2026 12:00:00 GMT"


def client() -> Fetcher:
    return Fetcher(FAST, allow_private=True)


class MemoryStates:
    """FeedStates kept in a dict, recording the order of calls."""

    def __init__(self) -> None:
        self.states: dict[str, FeedState] = {}
        self.puts: list[str] = []

    def get(self, url: str) -> FeedState | None:
        return self.states.get(url)

    def put(self, url: str, state: FeedState) -> None:
        self.states[url] = state
        self.puts.append(url)


def test_rss_with_etag_second_poll_is_not_modified(http_server: LocalServer) -> None:
    base = http_server.base_url
    items = [
        ("ferry-1", "/ferry", "Thu, 02 Apr 2026 07:30:00 GMT"),
        ("orchard-1", "/orchard", "Sun, 05 Apr 2026 18:00:00 GMT"),
    ]
    http_server.route("/rss", body=rss(base, items), content_type=RSS_TYPE, etag='"rss-1"')
    with client() as fetcher:
        first = poll_feed(http_server.url("/rss"), fetcher)
        second = poll_feed(http_server.url("/rss"), fetcher, first.state)
    assert [e.id for e in first.entries] == ["ferry-1", "orchard-1"]
    assert first.entries[0].link == base + "/ferry"
    assert first.entries[0].published == datetime(2026, 4, 2, 7, 30, tzinfo=UTC)
    assert first.title == "Lakeside news"
    assert first.state.etag == '"rss-1"'
    assert second.not_modified and second.entries == ()
    assert second.state == first.state
    sent = http_server.hits_for("/rss")[1].headers
    assert sent["if-none-match"] == '"rss-1"'


def test_atom_with_last_modified_second_poll_is_not_modified(http_server: LocalServer) -> None:
    base = http_server.base_url
    entries = [("urn:library", "/library", "2026-04-07T12:15:00Z")]
    http_server.route(
        "/atom", body=atom(base, entries), content_type=ATOM_TYPE, last_modified=LAST_MODIFIED
    )
    with client() as fetcher:
        first = poll_feed(http_server.url("/atom"), fetcher)
        second = poll_feed(http_server.url("/atom"), fetcher, first.state)
    assert [(e.id, e.link) for e in first.entries] == [("urn:library", base + "/library")]
    assert first.entries[0].published == datetime(2026, 4, 7, 12, 15, tzinfo=UTC)
    assert first.state.last_modified == LAST_MODIFIED and first.state.etag is None
    assert second.not_modified and second.entries == ()
    assert http_server.hits_for("/atom")[1].headers["if-modified-since"] == LAST_MODIFIED


def test_a_changed_feed_gives_only_the_new_item(http_server: LocalServer) -> None:
    base = http_server.base_url
    old = [("ferry-1", "/ferry", "Thu, 02 Apr 2026 07:30:00 GMT")]
    new = [("library-1", "/library", "Tue, 07 Apr 2026 12:15:00 GMT"), *old]
    http_server.route("/rss", body=rss(base, old), content_type=RSS_TYPE, etag='"v1"')
    with client() as fetcher:
        first = poll_feed(http_server.url("/rss"), fetcher)
        http_server.route("/rss", body=rss(base, new), content_type=RSS_TYPE, etag='"v2"')
        second = poll_feed(http_server.url("/rss"), fetcher, first.state)
    assert not second.not_modified
    assert [e.id for e in second.entries] == ["library-1"]
    assert second.state.etag == '"v2"'
    assert second.state.seen_ids[:2] == ("library-1", "ferry-1")


def test_a_feed_without_validators_still_yields_only_new_entries(
    http_server: LocalServer,
) -> None:
    base = http_server.base_url
    items = [("a", "/a", "Thu, 02 Apr 2026 07:30:00 GMT"), ("b", "/b", "")]
    http_server.route("/rss", body=rss(base, items), content_type=RSS_TYPE)
    with client() as fetcher:
        first = poll_feed(http_server.url("/rss"), fetcher)
        second = poll_feed(http_server.url("/rss"), fetcher, first.state)
        http_server.route("/rss", body=rss(base, [("c", "/c", ""), *items]), content_type=RSS_TYPE)
        third = poll_feed(http_server.url("/rss"), fetcher, second.state)
    assert len(first.entries) == 2 and first.state.etag is None
    assert "if-none-match" not in http_server.hits_for("/rss")[1].headers
    assert not second.not_modified and second.entries == ()
    assert [e.id for e in third.entries] == ["c"]


def test_malformed_xml_is_a_clear_error(http_server: LocalServer) -> None:
    http_server.route(
        "/broken",
        body=b'<?xml version="1.0"?><rss version="2.0"><channel><title>Half',
        content_type=RSS_TYPE,
    )
    url = http_server.url("/broken")
    with client() as fetcher, pytest.raises(FetchError, match="not a valid RSS or Atom feed") as e:
        poll_feed(url, fetcher)
    assert e.value.input == url


def test_a_page_is_not_taken_for_a_feed(http_server: LocalServer) -> None:
    http_server.route("/page", body=page_bytes(FERRY))
    with client() as fetcher, pytest.raises(FetchError, match="wrong content type 'text/html'"):
        poll_feed(http_server.url("/page"), fetcher)


def test_seen_ids_are_bounded() -> None:
    items = [(f"id-{n}", f"/{n}", "") for n in range(MAX_SEEN_IDS + 200)]
    old = FeedState(seen_ids=tuple(f"old-{n}" for n in range(MAX_SEEN_IDS)))
    result = FetchResult(
        url="http://feeds.example/rss",
        final_url="http://feeds.example/rss",
        status=200,
        content_type=RSS_TYPE,
        body=rss("http://feeds.example", items),
    )
    poll = feed_from_result(result, old)
    assert len(poll.entries) == MAX_SEEN_IDS + 200
    assert len(poll.state.seen_ids) == MAX_SEEN_IDS
    assert poll.state.seen_ids[0] == "id-0"  # the feed's current entries come first


# --- iter_sources: a feed URL read end to end ------------------------------------------


def test_iter_sources_reads_a_feeds_new_articles_once(http_server: LocalServer) -> None:
    base = http_server.base_url
    http_server.route("/ferry", body=page_bytes(FERRY))
    http_server.route("/orchard", body=page_bytes(ORCHARD, with_date=False))
    http_server.route("/gone", status=404, body=b"<html>gone</html>")
    items = [
        ("ferry", "/ferry", "Thu, 02 Apr 2026 07:30:00 GMT"),
        ("orchard", "/orchard", "Sun, 05 Apr 2026 18:00:00 GMT"),
        ("gone", "/gone", "Mon, 06 Apr 2026 09:00:00 GMT"),
    ]
    http_server.route("/rss", body=rss(base, items), content_type=RSS_TYPE, etag='"e1"')
    feed_url = http_server.url("/rss")
    states = MemoryStates()
    with client() as fetcher:
        stream = iter_sources([feed_url], None, fetcher, feed_states=states)
        items_out = [next(stream), next(stream), next(stream)]
        assert states.puts == []  # not before the feed's last entry is out
        items_out += list(stream)
        assert states.puts == [feed_url]
        again = list(iter_sources([feed_url], None, fetcher, feed_states=states))
    articles = [i for i in items_out if isinstance(i, Article)]
    skipped = [i for i in items_out if isinstance(i, Skipped)]
    assert [a.title for a in articles] == [FERRY.title, ORCHARD.title]
    assert all(a.sentences for a in articles)  # cleaned, ready for the pipeline
    # The orchard page has no date of its own: the feed entry's date fills in.
    assert articles[1].published == datetime(2026, 4, 5, 18, 0, tzinfo=UTC)
    assert articles[1].published_from == "feed entry"
    assert articles[0].published_from == "html-metadata"
    assert skipped == [Skipped(base + "/gone", "HTTP 404 Not Found")]
    assert states.puts == [feed_url]  # a 304 leaves the state as it was
    assert states.states[feed_url].etag == '"e1"'
    assert again == []  # 304: nothing new, and no page fetched again
    assert len(http_server.hits_for("/ferry")) == 1


def test_iter_sources_skips_known_links_and_reports_a_broken_feed(
    http_server: LocalServer,
) -> None:
    base = http_server.base_url
    http_server.route("/ferry", body=page_bytes(FERRY))
    http_server.route("/library", body=page_bytes(LIBRARY))
    items = [("ferry", "/ferry", ""), ("library", "/library", "")]
    http_server.route("/rss", body=rss(base, items), content_type=RSS_TYPE)
    http_server.route("/bad", body=b"<rss version='2.0'><channel><item>", content_type=RSS_TYPE)
    with client() as fetcher:
        out = list(
            iter_sources(
                [http_server.url("/rss"), http_server.url("/bad"), http_server.url("/library")],
                None,
                fetcher,
                known_url=lambda url: url.endswith("/ferry"),
            )
        )
    assert http_server.hits_for("/ferry") == []
    titles = [i.title for i in out if isinstance(i, Article)]
    assert titles == [LIBRARY.title, LIBRARY.title]  # from the feed, then as a page URL
    (bad,) = [i for i in out if isinstance(i, Skipped)]
    assert bad.input == http_server.url("/bad")
    assert "not a valid RSS or Atom feed" in bad.reason


def test_iter_sources_sniffs_a_feed_served_as_plain_xml(http_server: LocalServer) -> None:
    base = http_server.base_url
    http_server.route("/ferry", body=page_bytes(FERRY))
    http_server.route("/feed.xml", body=atom(base, [("f", "/ferry", "")]), content_type="text/xml")
    with client() as fetcher:
        out = list(iter_sources([http_server.url("/feed.xml")], None, fetcher))
    assert [type(i) for i in out] == [Article]


def test_iter_sources_refuses_loopback_without_the_flag(http_server: LocalServer) -> None:
    http_server.route("/ferry", body=page_bytes(FERRY))
    with Fetcher(FAST) as fetcher:
        out = list(iter_sources([http_server.url("/ferry")], None, fetcher))
    assert len(out) == 1 and isinstance(out[0], Skipped)
    assert "loopback" in out[0].reason
    assert http_server.hits == []
