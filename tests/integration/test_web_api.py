"""The API over HTTP against a real server on 127.0.0.1 and a real SQLite store."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from storyfold.render import SCHEMA
from storyfold.web import WebConfig
from tests.web_site import MAX_BODY, TOKEN, Site, fill_store, free_port, start_server

PROBLEM = "application/problem+json"


def _problem(response: httpx.Response, status: int) -> dict[str, object]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM
    body = response.json()
    assert body["status"] == status and body["detail"]
    return dict(body)


def test_healthz_and_security_headers_on_every_response(web_site: Site) -> None:
    for path in ("/healthz", "/", "/api/v1/stories", "/api/v1/stories/nope", "/static/web.js"):
        response = web_site.get(path)
        headers = response.headers
        csp = headers["content-security-policy"]
        assert "default-src 'none'" in csp and "frame-ancestors 'none'" in csp, path
        assert "http" not in csp  # no outside origin is allowed anywhere
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "no-referrer"
        assert headers["x-frame-options"] == "DENY"
    assert web_site.get("/healthz").text == "ok"


def test_story_list_pages_by_keyset_with_link_header(web_site: Site) -> None:
    seen: list[str] = []
    url: str | None = "/api/v1/stories?limit=2"
    pages = 0
    while url is not None and pages < 10:
        response = web_site.get(url)
        assert response.status_code == 200
        body = response.json()
        seen.extend(item["id"] for item in body["items"])
        pages += 1
        if body["next_cursor"]:
            link = response.headers["link"]
            assert link.endswith('>; rel="next"') and body["next_cursor"] in link
            url = link[1 : link.index(">")]
        else:
            assert "link" not in response.headers
            url = None
    assert sorted(seen) == sorted(web_site.stories.values())
    assert len(seen) == len(set(seen)) == 6 and pages == 3
    everything = web_site.get("/api/v1/stories?limit=200").json()["items"]
    assert [s["id"] for s in everything] == seen  # pages join up to the one list
    stamps = [s["last_seen"] for s in everything]
    assert stamps == sorted(stamps, reverse=True)  # newest first
    harbor = next(s for s in everything if s["id"] == web_site.stories["harbor"])
    assert harbor["articles"] == 5 and harbor["outlets"] == 5
    assert harbor["first_line"]  # briefed when the site started
    assert harbor["html_url"] == f"/stories/{harbor['id']}"


def test_search_and_filters(web_site: Site) -> None:
    def ids(query: str) -> list[str]:
        response = web_site.get("/api/v1/stories", params=dict(httpx.QueryParams(query)))
        assert response.status_code == 200, response.text
        return [item["id"] for item in response.json()["items"]]

    assert ids("q=apple blossoms frost") == [web_site.stories["orchard"]]
    assert ids("q=grandmasters") == [web_site.stories["chess"]]
    assert ids("q=nothing-like-this-word") == []
    # FTS5 syntax in the words is plain text, never a query error.
    assert ids('q="AND OR NEAR( * title:') == []
    assert ids("outlet=board weekly") == [web_site.stories["chess"]]
    assert ids("since=2999-01-01T00:00:00Z") == []
    assert ids("until=2000-01-01") == []
    assert len(ids("since=2000-01-01&limit=200")) == 6


def test_bad_parameters_are_422_problems(web_site: Site) -> None:
    for query in ("limit=0", "limit=201", "since=yesterday", "cursor=not-a-cursor"):
        body = _problem(web_site.get("/api/v1/stories?" + query), 422)
        assert body["instance"] == "/api/v1/stories"
    detail = _problem(web_site.get("/api/v1/stories?limit=0"), 422)["detail"]
    assert "limit" in str(detail)


def test_unknown_story_is_a_404_problem(web_site: Site) -> None:
    body = _problem(web_site.get("/api/v1/stories/s-000000000000"), 404)
    assert "no story" in str(body["detail"])
    _problem(web_site.get("/api/v1/stories/s-000000000000/articles"), 404)
    # A person gets a page, not JSON.
    page = web_site.get("/stories/s-000000000000", headers={"Accept": "text/html"})
    assert page.status_code == 404 and "text/html" in page.headers["content-type"]
    assert "no story with this id" in page.text


def test_story_brief_json_with_strong_etag_and_304(web_site: Site) -> None:
    story_id = web_site.stories["harbor"]
    response = web_site.get(f"/api/v1/stories/{story_id}")
    assert response.status_code == 200
    brief = response.json()
    assert brief["schema"] == SCHEMA
    assert len(brief["articles"]) == 5 and brief["summary"]
    tag = response.headers["etag"]
    assert tag.startswith('"') and not tag.startswith("W/")
    again = web_site.get(f"/api/v1/stories/{story_id}", headers={"If-None-Match": tag})
    assert again.status_code == 304 and again.content == b""
    assert again.headers["etag"] == tag
    other = web_site.get(f"/api/v1/stories/{story_id}", headers={"If-None-Match": '"other"'})
    assert other.status_code == 200
    page = web_site.get(f"/stories/{story_id}")
    assert page.headers["etag"] != tag  # the page and its JSON are different bytes
    assert (
        web_site.get(
            f"/stories/{story_id}", headers={"If-None-Match": page.headers["etag"]}
        ).status_code
        == 304
    )


def test_gzip_above_one_kilobyte_only(web_site: Site) -> None:
    story_id = web_site.stories["harbor"]
    with httpx.Client() as client:
        big = client.get(
            f"{web_site.url}/api/v1/stories/{story_id}", headers={"Accept-Encoding": "gzip"}
        )
        assert big.headers["content-encoding"] == "gzip"
        assert json.loads(big.content)["schema"] == SCHEMA  # httpx decoded it
        raw = client.send(
            client.build_request(
                "GET",
                f"{web_site.url}/api/v1/stories/{story_id}",
                headers={"Accept-Encoding": "gzip"},
            ),
            stream=True,
        )
        compressed = b"".join(raw.iter_raw())
        raw.close()
        assert len(compressed) < len(big.content) / 3
        assert json.loads(gzip.decompress(compressed))["schema"] == SCHEMA
        small = client.get(f"{web_site.url}/healthz", headers={"Accept-Encoding": "gzip"})
        assert "content-encoding" not in small.headers
        # Made per request (not cached) and compressed per request, over 1 KB.
        listing = f"{web_site.url}/api/v1/stories?limit=200"
        zipped = client.get(listing, headers={"Accept-Encoding": "gzip"})
        plain = client.get(listing, headers={"Accept-Encoding": "identity"})
        assert len(plain.content) > 1024 and "content-encoding" not in plain.headers
        assert zipped.headers["content-encoding"] == "gzip"
        assert zipped.content == plain.content  # httpx decoded it
        for response in (zipped, plain, big):
            assert response.headers.get_list("vary") == ["Accept-Encoding"]


# What the cache in front of the app (web.front) answers for itself must be what the app's
# own handlers answer: these headers, and the bytes.
ANSWER_HEADERS = ("content-type", "content-encoding", "etag", "vary", "content-length")


def test_the_front_answers_what_the_app_answers(web_site: Site) -> None:
    from fastapi.testclient import TestClient
    from starlette.types import Receive, Scope, Send

    from storyfold.web import create_app
    from storyfold.web.front import CachedFront

    story_id = web_site.stories["harbor"]
    paths = ["/", "/?q=bridge", f"/stories/{story_id}", f"/api/v1/stories/{story_id}"]
    reached: list[str] = []

    async def app_behind(scope: Scope, receive: Receive, send: Send) -> None:
        reached.append(scope["path"])  # the front let this one through
        await send({"type": "http.response.start", "status": 599, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    # A second app over the same store: its memory starts empty, so its first answers are
    # made by its handlers (the store already holds every brief: no NLP work, no writes).
    app = create_app(WebConfig(db=web_site.db, page_size=3))
    with TestClient(app) as through_app:
        state = app.state.storyfold
        front = TestClient(CachedFront(app_behind, state))
        for encoding in ("identity", "gzip"):
            for path in paths:
                made = through_app.get(path, headers={"Accept-Encoding": encoding})
                kept = front.get(path, headers={"Accept-Encoding": encoding})
                assert made.status_code == kept.status_code == 200, path
                assert made.content == kept.content, path
                for name in ANSWER_HEADERS:
                    assert made.headers.get(name) == kept.headers.get(name), (path, name)
            assert made.headers["content-encoding" if encoding == "gzip" else "vary"]
        tag = through_app.get(paths[2]).headers["etag"]
        again = front.get(paths[2], headers={"If-None-Match": tag})
        assert again.status_code == 304 and again.headers["etag"] == tag
        # Not made yet, unknown, or carrying a body: the app answers.
        for path in ("/?q=nothing-made-for-this", "/stories/s-000000000000", "/brief"):
            assert front.get(path).status_code == 599
        assert front.request("GET", paths[2], content=b"x" * 10).status_code == 599
    assert reached == ["/", "/stories/s-000000000000", "/brief", paths[2]]


def test_story_articles_page_through(web_site: Site) -> None:
    story_id = web_site.stories["harbor"]
    first = web_site.get(f"/api/v1/stories/{story_id}/articles?limit=3").json()
    assert len(first["items"]) == 3 and first["next_cursor"]
    rest = web_site.get(
        f"/api/v1/stories/{story_id}/articles?limit=3&cursor={first['next_cursor']}"
    ).json()
    assert len(rest["items"]) == 2 and rest["next_cursor"] is None
    every = first["items"] + rest["items"]
    assert len({a["id"] for a in every}) == 5
    assert all(a["outlets"][0]["relation"] == "original" for a in every)


def test_post_brief_returns_a_brief_and_stores_nothing(web_site: Site) -> None:
    from tests.web_site import SMALL_STORIES

    before = web_site.get("/api/v1/stories?limit=200").json()["items"]
    articles = [
        {"outlet": outlet, "title": title, "text": text.replace("Marrow", "Brindle")}
        for outlet, title, text in SMALL_STORIES["orchard"]
    ]
    response = httpx.post(web_site.url + "/api/v1/brief", json={"articles": articles}, timeout=120)
    assert response.status_code == 200, response.text
    brief = response.json()
    assert brief["schema"] == SCHEMA
    assert {a["outlet"] for a in brief["articles"]} == {"Valley Ledger", "Hill Country Post"}
    assert any("Brindle" in line["text"] for line in brief["summary"])
    assert web_site.get("/api/v1/stories?limit=200").json()["items"] == before


def test_post_brief_fetches_only_public_http_urls(web_site: Site) -> None:
    def post(body: object) -> httpx.Response:
        return httpx.post(web_site.url + "/api/v1/brief", json=body, timeout=60)

    # The server itself is on a loopback address: refused, as `ingest` refuses it.
    body = _problem(post({"urls": [web_site.url + "/"]}), 422)
    assert "loopback" in str(body["detail"])
    for spec in ("/etc/passwd", "file:///etc/passwd", str(web_site.db)):
        body = _problem(post({"urls": [spec]}), 422)
        assert "not an http(s) URL" in str(body["detail"])
    _problem(post({}), 422)
    _problem(post({"articles": [{"text": "x", "colour": "red"}]}), 422)
    _problem(post({"urls": ["https://a.example/"] * 21}), 422)


def test_body_over_the_limit_is_413_even_without_content_length(web_site: Site) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"articles": [{"text": "'
        for _ in range(MAX_BODY // 4096 + 2):
            yield b"a" * 4096
        yield b'"}]}'

    # Streamed: no Content-Length at all, so only counting the bytes can catch it.
    response = httpx.post(
        web_site.url + "/api/v1/brief",
        content=chunks(),
        headers={"Content-Type": "application/json"},
        timeout=30,
    )
    body = _problem(response, 413)
    assert str(MAX_BODY) in str(body["detail"])
    declared = httpx.post(
        web_site.url + "/api/v1/brief",
        content=b"{}" + b" " * (MAX_BODY + 10),
        headers={"Content-Type": "application/json"},
        timeout=30,
    )
    _problem(declared, 413)


def test_ingest_needs_the_token(web_site: Site) -> None:
    body = {"articles": [{"text": "A short report about nothing in particular happened."}]}
    url = web_site.url + "/api/v1/ingest"
    missing = httpx.post(url, json=body, timeout=30)
    _problem(missing, 401)
    assert missing.headers["www-authenticate"] == "Bearer"
    _problem(httpx.post(url, json=body, headers={"Authorization": "Bearer wrong"}), 401)
    _problem(httpx.post(url, json=body, headers={"Authorization": TOKEN}), 401)


@pytest.fixture(scope="module")
def writable(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict[str, str]]]:
    """A site of its own, for tests that change the store; and one without a token."""
    db = tmp_path_factory.mktemp("web-write") / "store.db"
    stories = fill_store(db)
    running = start_server(WebConfig(db=db, token=TOKEN))
    yield running.url, stories
    running.stop()


def test_ingest_with_token_adds_articles_and_the_story_shows_what_changed(
    writable: tuple[str, dict[str, str]],
) -> None:
    url, stories = writable
    story_id = stories["library"]
    assert httpx.get(f"{url}/stories/{story_id}", timeout=120).status_code == 200

    def listed() -> str:
        """The story's entry on the list page (kept in memory while the store is as it is)."""
        page = httpx.get(f"{url}/", timeout=60).text
        return page.split(f'href="/stories/{story_id}"', 1)[1].split("</li>", 1)[0]

    before = listed()
    assert "2 articles from 2 outlets" in before and listed() == before
    before = httpx.get(f"{url}/api/v1/stories/{story_id}", timeout=60)
    text = (
        "The reopened Fenwick public library drew long queues on Wednesday after its year "
        "of roof repairs.\nLibrarian Omar Quist said 2,000 visitors came on the first day "
        "under the new skylights.\nThe town said the roof repairs cost about 900,000 dollars.\n"
    )
    response = httpx.post(
        f"{url}/api/v1/ingest",
        json={
            "articles": [
                {"outlet": "Fenwick Radio", "title": "Queues at the library", "text": text}
            ]
        },
        headers={"Authorization": f"Bearer {TOKEN}"},
        timeout=120,
    )
    assert response.status_code == 200, response.text
    report = response.json()
    assert report["new"] == 1 and report["stories_updated"] == [story_id]
    after = httpx.get(
        f"{url}/api/v1/stories/{story_id}",
        headers={"If-None-Match": before.headers["etag"]},
        timeout=120,
    )
    assert after.status_code == 200  # a new version: the old ETag no longer matches
    assert len(after.json()["articles"]) == 3
    page = httpx.get(f"{url}/stories/{story_id}", timeout=60).text
    changes = page.split('<section id="changes">', 1)[1].split("</section>", 1)[0]
    assert "1 new article" in changes and "Fenwick Radio" in changes
    assert "3 articles from 3 outlets" in listed()  # the list made again for the new store
    feed = httpx.get(f"{url}/stories/{story_id}/feed.atom", timeout=30)
    assert feed.headers["content-type"].startswith("application/atom+xml")
    assert "New article: Fenwick Radio: Queues at the library" in feed.text


def test_ingest_is_refused_on_a_server_without_a_token(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    db = tmp_path_factory.mktemp("web-no-token") / "store.db"
    running = start_server(WebConfig(db=db))
    try:
        response = httpx.post(
            running.url + "/api/v1/ingest",
            json={"articles": [{"text": "Anything at all."}]},
            headers={"Authorization": "Bearer anything"},
        )
        assert "start the server with a token" in str(_problem(response, 403)["detail"])
        assert httpx.get(running.url + "/api/v1/stories").json() == {
            "items": [],
            "next_cursor": None,
        }
    finally:
        running.stop()


def test_feeds_are_atom(web_site: Site) -> None:
    feed = web_site.get("/feed.atom")
    assert feed.headers["content-type"].startswith("application/atom+xml")
    assert feed.text.count("<entry>") == 6
    story = web_site.get(f"/stories/{web_site.stories['harbor']}/feed.atom").text
    assert story.count("New article:") == 5 and "New line:" in story


def test_storyfold_serve_command_starts_on_loopback_and_warns_elsewhere(tmp_path: Path) -> None:
    from storyfold.cli.serve import is_local

    assert is_local("127.0.0.1") and is_local("::1") and is_local("localhost")
    assert not is_local("0.0.0.0") and not is_local("192.168.1.4") and not is_local("example.org")

    port = free_port()
    command = [
        str(Path(sys.executable).with_name("storyfold")),
        "serve",
        "--db",
        str(tmp_path / "store.db"),
        "--port",
        str(port),
    ]
    server = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        answer = ""
        while time.monotonic() < deadline and answer != "ok":
            try:
                answer = httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2).text
            except httpx.HTTPError:
                time.sleep(0.2)
        assert answer == "ok"
    finally:
        server.terminate()
        _, stderr = server.communicate(timeout=20)
    assert f"serving {tmp_path / 'store.db'} at http://127.0.0.1:{port}/" in stderr
    assert "warning" not in stderr
    # A bad store path fails at start with one clear line, before anything listens.
    (tmp_path / "a-file").write_text("not a folder", encoding="utf-8")
    bad = subprocess.run(
        [*command[:3], str(tmp_path / "a-file" / "store.db"), *command[4:]],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert bad.returncode == 2
    assert bad.stderr.startswith("storyfold: error: ") and "a-file" in bad.stderr
