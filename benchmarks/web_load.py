"""Load on the web app: `storyfold serve` on 127.0.0.1 over a store of generated stories.

Generates a store of STORIES small stories (two invented articles each, written straight
through the store's own insert calls, no clustering, so it takes seconds) plus the example
story ingested as `storyfold ingest` does; starts `storyfold serve` in its own process;
then sends REQUESTS requests at CONCURRENCY at a time to each of: the story list page, the
example's story page (its brief cached) and its JSON. Prints requests/s and p50/p99
latency for each, the server's CPU time per request, then the time of a warm POST
/api/v1/brief of the example story.

The load generator runs on the same machine as the server and shares its cores, so it is
kept cheap: this process (the server is another), one asyncio loop (uvloop when installed),
CONCURRENCY keep-alive connections, raw HTTP/1.1 read with httptools (uvicorn's own
parser). A latency runs from writing the request to the last byte of the response, so all
of the server's cost is in it. ``--client httpx`` loads with httpx.AsyncClient instead, as
this benchmark first did: httpx spends several times the server's CPU on each request, so
on 2 cores its own queueing, not the server, made most of the latency (the figures from it
are kept for comparison, not as the server's). The server's CPU ms per request (from
/proc, Linux) is printed either way and does not depend on the client.

    .venv/bin/python benchmarks/web_load.py [--stories N] [--requests N] [--concurrency N]
        [--client lean|httpx]
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Coroutine
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httptools
import httpx

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "harbor-bridge"
STORIES = 1000
REQUESTS = 2000
CONCURRENCY = 20
BRIEF_RUNS = 5
START_TIMEOUT_S = 60.0
REQUEST_TIMEOUT_S = 30.0

_Result = tuple[float, list[float], int]  # seconds, latencies, errors

_SUBJECTS = ["harbour", "orchard", "library", "council", "rail", "school", "museum", "bridge"]
_PLACES = ["Ashby", "Brindle", "Corran", "Dunmore", "Elston", "Fairlow", "Garrow", "Hollin"]


def _text(n: int, variant: int) -> str:
    subject, place = _SUBJECTS[n % len(_SUBJECTS)], _PLACES[(n // 8) % len(_PLACES)]
    return (
        f"Officials in {place} said on Monday that the {subject} plan number {n} would go "
        f"ahead this spring (report {variant}).\n"
        f"The {place} {subject} project {n} is expected to cost about {n * 1000 + 500} dollars.\n"
        f"Residents of {place} will be asked about plan {n} at a meeting next week.\n"
    )


def build_store(db: Path, stories: int) -> None:
    """The example story as `ingest` stores it, then ``stories`` generated ones."""
    from storyfold.ingest.ids import article_id
    from storyfold.model import Article
    from storyfold.store import Store, ingest
    from storyfold.text import clean_article

    start = datetime.now(UTC) - timedelta(days=30)
    with Store(db) as store:
        ingest(store, [str(EXAMPLE)])
        with store.transaction():
            for n in range(stories):
                seen = start + timedelta(minutes=n)
                for variant in (1, 2):
                    text = _text(n, variant)
                    article = clean_article(
                        Article(
                            id=article_id(text),
                            outlet=f"Outlet {variant + n % 7}",
                            outlet_from="metadata",
                            source=f"generated/{n}/{variant}",
                            raw_text=text,
                            url=f"https://outlet{variant}.example/{n}",
                            title=f"Plan {n} for the {_SUBJECTS[n % 8]} goes ahead",
                        )
                    )
                    store.insert_article(article, seen)
                    store.add_to_story(f"s-gen{n:08d}", article, 1.0, seen, article.title)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(db: Path, port: int) -> subprocess.Popen[bytes]:
    server = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("storyfold")),
            "serve",
            "--db",
            str(db),
            "--port",
            str(port),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2).text == "ok":
                return server
        except httpx.HTTPError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit(f"the server did not start in {START_TIMEOUT_S:.0f} s")


async def _load(url: str, requests: int, concurrency: int) -> _Result:
    """``requests`` GETs of ``url``, ``concurrency`` at a time: (seconds, latencies, errors)."""
    latencies: list[float] = []
    errors = 0
    queue: asyncio.Queue[int] = asyncio.Queue()
    for n in range(requests):
        queue.put_nowait(n)
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)

    async def worker(client: httpx.AsyncClient) -> None:
        nonlocal errors
        while True:
            try:
                queue.get_nowait()
            except asyncio.QueueEmpty:
                return
            start = time.perf_counter()
            try:
                # The raw (gzipped) bytes: decompressing them here would time the client.
                async with client.stream("GET", url, headers={"Accept-Encoding": "gzip"}) as r:
                    async for _ in r.aiter_raw():
                        pass
                    if r.status_code != 200:
                        errors += 1
            except httpx.HTTPError:
                errors += 1
            latencies.append(time.perf_counter() - start)

    async with httpx.AsyncClient(limits=limits, timeout=REQUEST_TIMEOUT_S) as client:
        started = time.perf_counter()
        await asyncio.gather(*(worker(client) for _ in range(concurrency)))
        return time.perf_counter() - started, latencies, errors


async def _load_lean(url: str, requests: int, concurrency: int) -> _Result:
    """As _load, on raw keep-alive connections: the cheapest client that still reads and
    checks every response in full."""
    parts = httpx.URL(url)
    host, port = parts.host, parts.port or 80
    target = parts.raw_path.decode("ascii")
    request = (
        f"GET {target} HTTP/1.1\r\nHost: {host}:{port}\r\nAccept-Encoding: gzip\r\n\r\n"
    ).encode("ascii")
    latencies: list[float] = []
    errors = 0
    left = requests

    async def worker() -> None:
        nonlocal left, errors
        reader, writer = await asyncio.open_connection(host, port)
        try:
            while left > 0:
                left -= 1
                start = time.perf_counter()
                writer.write(request)
                response = _Response()
                parser = httptools.HttpResponseParser(response)
                async with asyncio.timeout(REQUEST_TIMEOUT_S):  # a hung server fails the run
                    while not response.complete:
                        data = await reader.read(65536)
                        if not data:
                            raise ConnectionError("the server closed the connection")
                        parser.feed_data(data)
                if parser.get_status_code() != 200 or response.size == 0:
                    errors += 1
                latencies.append(time.perf_counter() - start)
        finally:
            writer.close()

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return time.perf_counter() - started, latencies, errors


class _Response:
    """httptools callbacks: counts the body and notes the end of the response."""

    def __init__(self) -> None:
        self.size = 0
        self.complete = False

    def on_body(self, body: bytes) -> None:
        self.size += len(body)

    def on_message_complete(self) -> None:
        self.complete = True


def _run(coroutine: Coroutine[None, None, _Result]) -> _Result:
    try:
        import uvloop
    except ImportError:
        return asyncio.run(coroutine)
    return uvloop.run(coroutine)


def _cpu_seconds(pid: int) -> float | None:
    """A process's user + system CPU time so far, from /proc (None elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def _example_articles() -> list[dict[str, object]]:
    import storyfold

    corpus = storyfold.load_articles([str(EXAMPLE)])
    return [{"outlet": a.outlet, "title": a.title, "text": a.text} for a in corpus.articles]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stories", type=int, default=STORIES)
    parser.add_argument("--requests", type=int, default=REQUESTS)
    parser.add_argument("--concurrency", type=int, default=CONCURRENCY)
    parser.add_argument(
        "--client",
        choices=("lean", "httpx"),
        default="lean",
        help="load generator: raw keep-alive connections (default) or httpx.AsyncClient",
    )
    args = parser.parse_args()
    logging.getLogger("httpx").setLevel(logging.WARNING)  # not a line a request

    with tempfile.TemporaryDirectory(prefix="storyfold-web-load-") as folder:
        db = Path(folder) / "store.db"
        started = time.perf_counter()
        build_store(db, args.stories)
        print(f"store: {args.stories + 1} stories built in {time.perf_counter() - started:.1f} s")
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = start_server(db, port)
        try:
            stories = httpx.get(f"{base}/api/v1/stories?limit=200&q=Harbor", timeout=30).json()
            example = next(s["id"] for s in stories["items"] if not s["id"].startswith("s-gen"))
            started = time.perf_counter()
            httpx.get(f"{base}/stories/{example}", timeout=300).raise_for_status()
            print(
                f"first brief of the example story (models loaded): "
                f"{time.perf_counter() - started:.1f} s; from then on it is cached"
            )
            targets = [
                ("list page /", f"{base}/"),
                ("story page (cached)", f"{base}/stories/{example}"),
                ("story JSON (cached)", f"{base}/api/v1/stories/{example}"),
            ]
            load = _load_lean if args.client == "lean" else _load
            print(
                f"\n{args.requests} requests a target, {args.concurrency} at a time, "
                f"gzip accepted; load generator ({args.client}) on the same machine"
            )
            print(
                f"{'target':<22} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7}"
                f" {'server CPU ms/req':>18} {'client CPU ms/req':>18}"
            )
            for name, url in targets:
                _run(load(url, 50, args.concurrency))  # warm the connections
                cpu_before, client_before = _cpu_seconds(server.pid), time.process_time()
                seconds, latencies, errors = _run(load(url, args.requests, args.concurrency))
                cpu_after, client_after = _cpu_seconds(server.pid), time.process_time()
                cpu = (
                    f"{(cpu_after - cpu_before) * 1000 / args.requests:>18.2f}"
                    if cpu_before is not None and cpu_after is not None
                    else f"{'n/a':>18}"
                )
                print(
                    f"{name:<22} {args.requests / seconds:>8.0f} "
                    f"{_percentile(latencies, 0.5) * 1000:>8.1f} "
                    f"{_percentile(latencies, 0.99) * 1000:>8.1f} {errors:>7} {cpu}"
                    f" {(client_after - client_before) * 1000 / args.requests:>18.2f}"
                )

            body = {"articles": _example_articles()}
            httpx.post(f"{base}/api/v1/brief", json=body, timeout=300).raise_for_status()
            times = []
            for _ in range(BRIEF_RUNS):
                started = time.perf_counter()
                response = httpx.post(f"{base}/api/v1/brief", json=body, timeout=300)
                response.raise_for_status()
                times.append(time.perf_counter() - started)
            print(
                f"\nPOST /api/v1/brief, example story ({len(body['articles'])} articles), warm: "
                f"median {statistics.median(times):.3f} s, max {max(times):.3f} s "
                f"of {BRIEF_RUNS} runs"
            )
        finally:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()


if __name__ == "__main__":
    main()
