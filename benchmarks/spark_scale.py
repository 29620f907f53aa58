"""The Spark job on a generated corpus of web archives, under local[1] and local[2] (or more).

A corpus of `--articles` news pages is generated from Multi-News *train* documents (read by
path from ../shared/data/multinews, never copied into the repo) into gzipped WARC files
under a scratch folder: each document becomes an HTML page with a title and a publication
time (each story's pages within two days, stories spread over 30 days). Then, for each
master, `python -m storyfold.spark.job` runs in a process of its own, and /proc is sampled
every 0.5 s for the peak resident memory of the JVM (the driver, which is the executor in
local mode) and of its Python workers. Printed: seconds and articles per second per stage,
the speed-up over the first master, and the peaks.

    .venv/bin/python benchmarks/spark_scale.py --articles 50000 --masters 'local[1]' 'local[2]'
    .venv/bin/python benchmarks/spark_scale.py --articles 50000 --masters 'local[1]' \\
        'local[4]' 'local[8]' 'local[16]'      # the 16-core device machine, when lent one
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import os
import random
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime, timedelta
from html import escape
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "multinews"
START = datetime(2026, 3, 2, tzinfo=UTC)
SPAN_DAYS = 30
PAGES_PER_FILE = 250  # small files, so even a small corpus spreads over every core
STAGES = ("read", "features", "dedup", "stories", "write", "total")


def documents(limit: int) -> Iterator[tuple[int, str]]:
    """(cluster number, document text) from the train split, until `limit` documents."""
    count = 0
    with gzip.open(DATA / "train.jsonl.gz", "rt", encoding="utf-8") as lines:
        for number, line in enumerate(lines):
            for doc in json.loads(line).get("documents") or ():
                if isinstance(doc, str) and len(doc.split()) >= 60:
                    yield number, doc
                    count += 1
                    if count >= limit:
                        return


def page(title: str, body: str, published: datetime, site: str) -> bytes:
    paragraphs = "".join(f"<p>{escape(p)}</p>" for p in body.split(" . ") if p.strip())
    return (
        "<html><head><meta charset='utf-8'>"
        f"<title>{escape(title)}</title>"
        f"<meta property='og:site_name' content='{escape(site)}'>"
        f"<meta property='article:published_time' content='{published.isoformat()}'>"
        f"</head><body><nav>Home | World | Business</nav><article><h1>{escape(title)}</h1>"
        f"{paragraphs}</article><footer>Contact us</footer></body></html>"
    ).encode()


def generate(folder: Path, articles: int, seed: int = 15) -> list[Path]:
    """Gzipped WARC files of `articles` pages under `folder` (reused when already there)."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    marker = folder / f"done-{articles}"
    if marker.exists():
        return sorted(folder.glob("*.warc.gz"))
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.warc.gz"):
        old.unlink()
    rng = random.Random(seed)
    starts: dict[int, float] = {}
    files: list[Path] = []
    writer: Any = None
    handle: Any = None
    for i, (cluster, text) in enumerate(documents(articles)):
        if i % PAGES_PER_FILE == 0:
            if handle is not None:
                handle.close()
            files.append(folder / f"news-{len(files):04d}.warc.gz")
            handle = files[-1].open("wb")
            writer = WARCWriter(handle, gzip=True)
        if cluster not in starts:
            starts[cluster] = rng.uniform(0, SPAN_DAYS - 2)
        published = START + timedelta(days=starts[cluster] + rng.uniform(0, 2))
        words = text.split()
        title = " ".join(words[:10]).capitalize()
        body = page(title, text, published, f"Outlet {i % 50}")
        headers = StatusAndHeaders(
            "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
        )
        record = writer.create_warc_record(
            f"https://outlet{i % 50}.example/story/{i}",
            "response",
            payload=io.BytesIO(body),
            http_headers=headers,
            warc_headers_dict={"WARC-Date": (published + timedelta(hours=3)).isoformat()},
        )
        writer.write_record(record)
    if handle is not None:
        handle.close()
    marker.write_text("ok\n", encoding="utf-8")
    return files


def _descendants(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="utf-8") as fh:
                parent = int(fh.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(parent, []).append(int(entry))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, []))
    return found


def _rss_and_name(pid: int) -> tuple[int, str]:
    try:
        with open(f"/proc/{pid}/status", encoding="utf-8") as fh:
            fields = dict(line.split(":", 1) for line in fh if ":" in line)
        return int(fields.get("VmRSS", "0 kB").split()[0]) * 1024, fields["Name"].strip()
    except (OSError, KeyError, ValueError):
        return 0, ""


class Peaks:
    """Peak resident memory of a process tree: the JVM, one Python worker, all workers."""

    def __init__(self, root: int) -> None:
        self.root = root
        self.jvm = self.worker = self.workers = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            workers = 0
            for pid in _descendants(self.root):
                rss, name = _rss_and_name(pid)
                if name == "java":
                    self.jvm = max(self.jvm, rss)
                elif name.startswith("python") and pid != self.root:
                    self.worker = max(self.worker, rss)
                    workers += rss
            self.workers = max(self.workers, workers)
            self._stop.wait(0.5)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


def run(master: str, files: Sequence[Path], out: Path) -> tuple[dict[str, Any], Peaks, float]:
    command = [
        sys.executable,
        "-m",
        "storyfold.spark.job",
        *map(str, files),
        "--output",
        str(out),
        "--master",
        master,
        "--conf",
        "spark.driver.memory=6g",
    ]
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    peaks = Peaks(process.pid)
    stdout, _ = process.communicate()
    peaks.stop()
    wall = time.perf_counter() - started
    if process.returncode != 0:
        raise SystemExit(f"{master}: the job failed (exit {process.returncode})")
    return json.loads(stdout), peaks, wall


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--articles", type=int, default=50_000)
    parser.add_argument("--masters", nargs="+", default=["local[1]", "local[2]"])
    parser.add_argument("--scratch", type=Path, default=Path("/tmp/storyfold-spark-scale"))
    args = parser.parse_args(argv)
    started = time.perf_counter()
    files = generate(args.scratch / "warc", args.articles)
    size = sum(f.stat().st_size for f in files)
    print(
        f"corpus: {args.articles} pages in {len(files)} WARC files, {size / 2**20:.0f} MiB "
        f"gzipped ({time.perf_counter() - started:.0f} s to make or find)",
        flush=True,
    )
    results = []
    for master in args.masters:
        report, peaks, wall = run(master, files, args.scratch / "out" / master.strip("[]*"))
        results.append((master, report, peaks, wall))
        counts = {
            "read": report["read"]["records_out"],
            "features": report["features"]["articles_in"],
            "dedup": report["dedup"]["articles_in"],
            "stories": report["stories"]["articles"],
            "write": report["read"]["records_out"],
            "total": report["read"]["articles"],
        }
        seconds = report["seconds"]
        print(
            f"\n{master}: wall {wall:.0f} s (with JVM start); {report['stories']['stories']} "
            f"stories; shards {report['stories']['shards']}"
        )
        print(f"{'stage':<10} {'seconds':>8} {'items/s':>9} {'speed-up':>9}")
        base = results[0][1]["seconds"]
        for stage in STAGES:
            speed = base[stage] / seconds[stage] if seconds[stage] else float("nan")
            rate = counts[stage] / seconds[stage] if seconds[stage] else float("nan")
            print(f"{stage:<10} {seconds[stage]:>8.1f} {rate:>9.1f} {speed:>8.2f}x")
        print(
            f"peak RSS: JVM (driver = executor) {peaks.jvm / 2**20:.0f} MiB, one Python worker "
            f"{peaks.worker / 2**20:.0f} MiB, all Python workers {peaks.workers / 2**20:.0f} MiB",
            flush=True,
        )


if __name__ == "__main__":
    main()
