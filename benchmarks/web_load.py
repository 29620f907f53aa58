"""Load on the web app: `storyfold serve` on 127.0.0.1 over a store of generated stories.

Generates a store of STORIES small stories (two invented articles each, written straight
through the store's own insert calls, no clustering, so it takes seconds) plus the example
story ingested as `storyfold ingest` does; starts `storyfold serve` in its own process;
then sends REQUESTS requests at CONCURRENCY at a time to each of: the story list page, the
example's story page (its brief cached) and its JSON. Prints requests/s and p50/p99
latency for each, then the time of a warm POST /api/v1/brief of the example story.

The load generator runs on the same machine as the server and shares its cores.

    .venv/bin/python benchmarks/web_load.py [--stories N] [--requests N] [--concurrency N]
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
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "harbor-bridge"
STORIES = 1000
REQUESTS = 2000
CONCURRENCY = 20
BRIEF_RUNS = 5
START_TIMEOUT_S = 60.0
REQUEST_TIMEOUT_S = 30.0

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


async def _load(url: str, requests: int, concurrency: int) -> tuple[float, list[float], int]:
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
            print(
                f"\n{args.requests} requests a target, {args.concurrency} at a time, "
                "gzip accepted; load generator on the same machine"
            )
            print(f"{'target':<22} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7}")
            for name, url in targets:
                asyncio.run(_load(url, 50, args.concurrency))  # warm the connections
                seconds, latencies, errors = asyncio.run(
                    _load(url, args.requests, args.concurrency)
                )
                print(
                    f"{name:<22} {args.requests / seconds:>8.0f} "
                    f"{_percentile(latencies, 0.5) * 1000:>8.1f} "
                    f"{_percentile(latencies, 0.99) * 1000:>8.1f} {errors:>7}"
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
