"""Fetching pages from a real HTTP server on 127.0.0.1: good pages and every broken kind."""

from __future__ import annotations

import itertools
import time
from collections.abc import Sequence
from datetime import UTC, datetime

import pytest

from storyfold.errors import FetchError
from storyfold.ingest.fetch import USER_AGENT, Fetcher, FetchSettings, article_from_url
from tests.http_server import LocalServer
from tests.news_pages import STORIES, page_bytes

FERRY, ORCHARD, LIBRARY = STORIES
# No politeness delay unless a test is about it, so the suite stays fast.
FAST = FetchSettings(host_delay=0.0, connect_timeout=2.0, read_timeout=2.0, total_timeout=5.0)


def fetcher(**changes: object) -> Fetcher:
    settings = FetchSettings(**{**FAST.__dict__, **changes})  # type: ignore[arg-type]
    return Fetcher(settings, allow_private=True)


def test_good_page_gives_its_article_and_metadata(http_server: LocalServer) -> None:
    http_server.route("/news/ferry", body=page_bytes(FERRY))
    url = http_server.url("/news/ferry")
    with fetcher() as client:
        article = article_from_url(url, client)
    assert article.title == FERRY.title
    assert article.outlet == FERRY.site
    assert article.published == datetime(2026, 4, 2, 7, 30, tzinfo=UTC)
    assert "cracked engine mount" in article.raw_text
    assert "Copyright the publisher" not in article.raw_text  # boilerplate left out
    assert article.source == url and article.url == url
    assert article.fetched is not None
    (hit,) = http_server.hits_for("/news/ferry")
    assert hit.headers["user-agent"] == USER_AGENT
    assert USER_AGENT.startswith("storyfold/") and "+https://github.com/storyfold" in USER_AGENT


def test_outlet_falls_back_to_the_host(http_server: LocalServer) -> None:
    html = page_bytes(ORCHARD).replace(b'property="og:site_name"', b'property="og:nothing"')
    http_server.route("/orchard", body=html)
    with fetcher() as client:
        article = article_from_url(http_server.url("/orchard"), client)
    # trafilatura names the site from the URL when the page does not (host and port here).
    assert article.outlet.split(":")[0] == "127.0.0.1"


@pytest.mark.parametrize("status", [404, 500])
def test_http_errors_name_the_status(http_server: LocalServer, status: int) -> None:
    http_server.route("/broken", status=status, body=b"<html>error</html>")
    url = http_server.url("/broken")
    with fetcher() as client, pytest.raises(FetchError, match=f"HTTP {status}") as info:
        client.get(url)
    assert info.value.input == url


def test_a_server_slower_than_the_read_timeout_times_out(http_server: LocalServer) -> None:
    http_server.route("/slow", body=page_bytes(FERRY), delay=1.5)
    start = time.monotonic()
    with fetcher(read_timeout=0.3) as client, pytest.raises(FetchError, match="timed out"):
        client.get(http_server.url("/slow"))
    assert time.monotonic() - start < 1.2


def test_a_slow_drip_body_is_stopped_by_the_total_deadline(http_server: LocalServer) -> None:
    # One byte every 0.15 s never trips a 1 s read timeout; only the total deadline can.
    http_server.route("/drip", body=b"<html>" + b"x" * 10, drip=0.15)
    start = time.monotonic()
    with (
        fetcher(read_timeout=1.0, total_timeout=0.5) as client,
        pytest.raises(FetchError, match=r"within 0.5 s in all"),
    ):
        client.get(http_server.url("/drip"))
    assert time.monotonic() - start < 1.2


def test_redirects_are_followed_to_the_page(http_server: LocalServer) -> None:
    http_server.redirect("/old", "/news/library", status=301)
    http_server.route("/news/library", body=page_bytes(LIBRARY))
    with fetcher() as client:
        result = client.get(http_server.url("/old"))
        article = article_from_url(http_server.url("/old"), client)
    assert result.final_url == http_server.url("/news/library")
    assert result.status == 200
    assert article.title == LIBRARY.title
    assert article.source == http_server.url("/old")  # as given, for the store's lookups


def test_a_redirect_loop_is_a_clear_error(http_server: LocalServer) -> None:
    http_server.redirect("/a", "/b")
    http_server.redirect("/b", "/a")
    with fetcher() as client, pytest.raises(FetchError, match="redirect loop"):
        client.get(http_server.url("/a"))
    assert len(http_server.hits_for("/a")) == 1  # stopped when /a came round again


def test_a_too_long_redirect_chain_is_refused(http_server: LocalServer) -> None:
    for hop in range(8):
        http_server.redirect(f"/r{hop}", f"/r{hop + 1}")
    http_server.route("/r8", body=page_bytes(FERRY))
    with (
        fetcher(max_redirects=3) as client,
        pytest.raises(FetchError, match=r"too many redirects \(more than 3\)"),
    ):
        client.get(http_server.url("/r0"))
    assert http_server.hits_for("/r4") == []  # never went past the limit
    with fetcher(max_redirects=8) as client:
        assert client.get(http_server.url("/r0")).final_url == http_server.url("/r8")


def test_a_huge_body_is_cut_off_while_streaming(http_server: LocalServer) -> None:
    total = 64 * 1024 * 1024
    http_server.route("/huge", stream_bytes=total)
    start = time.monotonic()
    with (
        fetcher(max_bytes=200_000) as client,
        pytest.raises(FetchError, match="larger than 200,000 bytes"),
    ):
        client.get(http_server.url("/huge"))
    elapsed = time.monotonic() - start
    time.sleep(0.2)  # let the server notice the closed connection
    # The client stopped early: the server could not write most of the body.
    assert http_server.sent["/huge"] < total // 4
    assert elapsed < 3


def test_a_declared_length_over_the_cap_is_refused_before_reading(
    http_server: LocalServer,
) -> None:
    http_server.route("/declared", body=b"<html></html>", content_length=10_000_000)
    with (
        fetcher(max_bytes=1_000_000) as client,
        pytest.raises(FetchError, match=r"larger than 1,000,000 bytes \(Content-Length"),
    ):
        client.get(http_server.url("/declared"))


@pytest.mark.parametrize("content_type", ["application/pdf", "image/png"])
def test_a_page_of_the_wrong_type_is_refused(http_server: LocalServer, content_type: str) -> None:
    http_server.route("/file", body=b"\x89PNG\r\n", content_type=content_type)
    with (
        fetcher() as client,
        pytest.raises(FetchError, match=f"wrong content type '{content_type}'"),
    ):
        article_from_url(http_server.url("/file"), client)


def test_robots_txt_is_obeyed_and_read_once(http_server: LocalServer) -> None:
    http_server.route(
        "/robots.txt",
        body=b"User-agent: *\nDisallow: /private/\n",
        content_type="text/plain",
    )
    http_server.route("/private/memo", body=page_bytes(FERRY))
    http_server.route("/public", body=page_bytes(ORCHARD))
    with fetcher() as client:
        with pytest.raises(FetchError, match=r"disallowed by .*robots\.txt"):
            client.get(http_server.url("/private/memo"))
        assert client.get(http_server.url("/public")).status == 200
        client.get(http_server.url("/public"))
    assert http_server.hits_for("/private/memo") == []
    assert len(http_server.hits_for("/robots.txt")) == 1


def test_robots_txt_rules_for_our_agent(http_server: LocalServer) -> None:
    http_server.route(
        "/robots.txt",
        body=b"User-agent: otherbot\nDisallow:\n\nUser-agent: storyfold\nDisallow: /\n",
        content_type="text/plain",
    )
    http_server.route("/page", body=page_bytes(FERRY))
    with fetcher() as client, pytest.raises(FetchError, match=r"robots\.txt"):
        client.get(http_server.url("/page"))
    with fetcher(obey_robots=False) as client:
        assert client.get(http_server.url("/page")).status == 200


@pytest.mark.parametrize(("robots_status", "allowed"), [(404, True), (403, True), (503, False)])
def test_unreadable_robots_txt_follows_rfc_9309(
    http_server: LocalServer, robots_status: int, allowed: bool
) -> None:
    http_server.route("/robots.txt", status=robots_status, body=b"no")
    http_server.route("/page", body=page_bytes(FERRY))
    with fetcher() as client:
        if allowed:
            assert client.get(http_server.url("/page")).status == 200
        else:
            with pytest.raises(FetchError, match="503: treated as disallow-all"):
                client.get(http_server.url("/page"))


def test_requests_to_one_host_are_spaced_by_the_delay(http_server: LocalServer) -> None:
    http_server.route("/one", body=page_bytes(FERRY))
    http_server.route("/two", body=page_bytes(ORCHARD))
    with fetcher(host_delay=0.5) as client:
        client.get(http_server.url("/one"))
        client.get(http_server.url("/two"))
    times = _times(http_server, ["/robots.txt", "/one", "/two"])
    gaps = [later - earlier for earlier, later in itertools.pairwise(times)]
    # 0.1 s of slack: the server stamps a request when its thread reads it, which on a busy
    # machine can lag the client's send by more for one request than for the next.
    assert len(gaps) == 2 and all(gap >= 0.4 for gap in gaps), gaps


def test_the_politeness_delay_does_not_count_against_the_total_deadline(
    http_server: LocalServer,
) -> None:
    # Each request waits a full second for its turn (after robots.txt, then after /one),
    # twice the total deadline; the deadline is about the server, so both still succeed.
    http_server.route("/one", body=page_bytes(FERRY))
    http_server.route("/two", body=page_bytes(ORCHARD))
    with fetcher(host_delay=1.0, total_timeout=0.5) as client:
        assert client.get(http_server.url("/one")).status == 200
        assert client.get(http_server.url("/two")).status == 200
    times = _times(http_server, ["/robots.txt", "/one", "/two"])
    gaps = [later - earlier for earlier, later in itertools.pairwise(times)]
    # 0.1 s of slack for the server's time stamps, as in the test above.
    assert len(gaps) == 2 and all(gap >= 0.9 for gap in gaps), gaps


def test_the_total_deadline_still_runs_after_the_politeness_delay(
    http_server: LocalServer,
) -> None:
    # The deadline starts once our turn comes, not never: a drip that outlasts it after
    # the wait is still cut off, about the deadline after the request went out.
    http_server.route("/one", body=page_bytes(FERRY))
    http_server.route("/drip", body=b"<html>" + b"x" * 10, drip=0.15)
    with fetcher(host_delay=0.6, read_timeout=1.0, total_timeout=0.5, obey_robots=False) as client:
        client.get(http_server.url("/one"))
        start = time.monotonic()
        with pytest.raises(FetchError, match=r"within 0.5 s in all"):
            client.get(http_server.url("/drip"))
        took = time.monotonic() - start
    [sent] = http_server.hits_for("/drip")
    waited = sent.time - start
    assert waited >= 0.5  # it waited its turn first (0.1 s of slack, as above)
    # Then the server had the whole deadline, and little more: one drip's overshoot.
    assert 0.4 <= took - waited < 0.5 + 0.7, (waited, took)


def test_without_a_delay_requests_are_not_spaced(http_server: LocalServer) -> None:
    http_server.route("/one", body=page_bytes(FERRY))
    with fetcher(host_delay=0.0) as client:
        client.get(http_server.url("/one"))
        client.get(http_server.url("/one"))
    first, second = (hit.time for hit in http_server.hits_for("/one"))
    assert second - first < 0.3


def test_loopback_is_refused_by_default(http_server: LocalServer) -> None:
    http_server.route("/page", body=page_bytes(FERRY))
    url = http_server.url("/page")
    with Fetcher(FAST) as client, pytest.raises(FetchError, match=r"loopback address 127\.0\.0\.1"):
        client.get(url)
    assert http_server.hits == []  # not even robots.txt was asked for


def test_a_redirect_from_a_public_host_to_a_private_one_is_refused(
    http_server: LocalServer,
) -> None:
    # "localhost" stands in for a public host: the injected resolver says it is one, while
    # the connection still goes to this server. Its redirect points at 127.0.0.1.
    def resolver(host: str, port: int) -> Sequence[str]:
        return ["93.184.216.34"] if host == "localhost" else ["127.0.0.1"]

    http_server.redirect("/hop", http_server.url("/page"))
    http_server.route("/page", body=page_bytes(FERRY))
    start = f"http://localhost:{http_server.port}/hop"
    settings = FetchSettings(**{**FAST.__dict__, "obey_robots": False})  # type: ignore[arg-type]
    with (
        Fetcher(settings, resolver=resolver) as client,
        pytest.raises(FetchError, match=r"redirected to http://127\.0\.0\.1.*loopback") as info,
    ):
        client.get(start)
    assert info.value.input == start
    assert len(http_server.hits_for("/hop")) == 1
    assert http_server.hits_for("/page") == []


def test_conditional_request_gets_not_modified(http_server: LocalServer) -> None:
    http_server.route("/page", body=page_bytes(FERRY), etag='"v1"')
    with fetcher() as client:
        first = client.get(http_server.url("/page"))
        second = client.get(http_server.url("/page"), etag=first.etag)
    assert first.etag == '"v1"' and not first.not_modified
    assert second.not_modified and second.body == b"" and second.status == 304


def test_connection_refused_is_a_fetch_error() -> None:
    with fetcher() as client, pytest.raises(FetchError, match="cannot fetch"):
        client.get("http://127.0.0.1:9/nothing-listens-here")


def _times(server: LocalServer, paths: list[str]) -> list[float]:
    return [hit.time for path in paths for hit in server.hits_for(path)]
