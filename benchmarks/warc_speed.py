"""How fast articles come out of a web archive: pages per second and peak memory.

Writes a WARC of N invented HTML pages (generated sentences, a few hundred words each,
with a request and a metadata record beside each response, as Common Crawl News has them),
gzipped and plain, to a temporary folder; then times ``iter_warc`` over each in a fresh
process, so that each peak memory figure is that run's own. Wall time depends on what
else the machine is doing; CPU time is given beside it.

    .venv/bin/python benchmarks/warc_speed.py --pages 1000
"""

from __future__ import annotations

import argparse
import io
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from storyfold.ingest.warc import WarcReader
from storyfold.model import Article

_SUBJECTS = ("The council", "Engineers", "The harbor master", "Residents", "The ferry operator")
_VERBS = ("said", "confirmed", "warned", "expected", "announced", "reported")
_OBJECTS = (
    "that the bridge would reopen on Friday",
    "a delay to the new timetable",
    "that repairs cost more than planned",
    "higher water levels through the weekend",
    "a meeting with the regional transport board",
    "that about 300 households were affected",
)
_TAILS = ("on Monday", "after a long debate", "in a short statement", "late on Tuesday", "")


def _page(rng: random.Random, number: int, words: int) -> bytes:
    sentences: list[str] = []
    while sum(len(s.split()) for s in sentences) < words:
        tail = rng.choice(_TAILS)
        sentence = f"{rng.choice(_SUBJECTS)} {rng.choice(_VERBS)} {rng.choice(_OBJECTS)}"
        sentences.append(f"{sentence} {tail}".strip() + f" (report {number}).")
    paragraphs = "\n".join(
        "<p>" + " ".join(sentences[i : i + 4]) + "</p>" for i in range(0, len(sentences), 4)
    )
    day = 1 + number % 28
    return f"""<!doctype html><html><head><meta charset="utf-8">
<title>Town report {number}</title>
<meta property="og:site_name" content="Bench Gazette {number % 7}">
<meta property="article:published_time" content="2026-03-{day:02d}T08:00:00+00:00">
</head><body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>Town report {number}</h1>
{paragraphs}
</article><footer>About us. Contact. Privacy.</footer></body></html>""".encode()


def write_warc(path: Path, pages: int, *, gz: bool, words: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=gz)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "bench"}))
        for number in range(pages):
            uri = f"https://news{number % 7}.example/story/{number}"
            request = StatusAndHeaders(f"GET /story/{number} HTTP/1.1", [("Host", "x")])
            writer.write_record(writer.create_warc_record(uri, "request", http_headers=request))
            headers = StatusAndHeaders(
                "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
            )
            body = io.BytesIO(_page(rng, number, words))
            record = writer.create_warc_record(uri, "response", payload=body, http_headers=headers)
            writer.write_record(record)
            meta = io.BytesIO(b"fetchTimeMs: 85\n")
            writer.write_record(
                writer.create_warc_record(
                    uri, "metadata", payload=meta, warc_content_type="application/warc-fields"
                )
            )


def measure(path: Path) -> dict[str, float]:
    """Extract every page of ``path``; run in a child process (see main)."""
    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    start, cpu_start = time.perf_counter(), time.process_time()
    reader = WarcReader(path)
    pages = sum(isinstance(item, Article) for item in reader)
    seconds = time.perf_counter() - start
    cpu = time.process_time() - cpu_start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "pages": pages,
        "skipped": sum(reader.skipped_counts.values()),
        "seconds": seconds,
        "cpu_seconds": cpu,
        "peak_mib": peak / 1024,
        "baseline_mib": baseline / 1024,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--words", type=int, default=350, help="words of text per page")
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)  # child mode
    args = parser.parse_args()
    if args.measure is not None:
        print(json.dumps(measure(args.measure)))
        return
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for gz in (True, False):
            path = Path(folder) / ("bench.warc.gz" if gz else "bench.warc")
            write_warc(path, args.pages, gz=gz, words=args.words)
            child = subprocess.run(
                [sys.executable, __file__, "--measure", str(path)],
                check=True,
                capture_output=True,
                text=True,
            )
            result = json.loads(child.stdout)
            rows.append(("gzip" if gz else "plain", path.stat().st_size / 2**20, result))
    print(f"WARC extraction: {args.pages} invented pages of ~{args.words} words each")
    print(
        f"{'archive':<8} {'size MiB':>9} {'pages':>6} {'skipped':>8} {'wall s':>7} "
        f"{'CPU s':>6} {'pages/s':>8} {'pages/CPU s':>12} {'peak RSS MiB':>13} "
        f"{'(after imports)':>16}"
    )
    for name, size, r in rows:
        print(
            f"{name:<8} {size:>9.1f} {int(r['pages']):>6} {int(r['skipped']):>8} "
            f"{r['seconds']:>7.2f} {r['cpu_seconds']:>6.2f} {r['pages'] / r['seconds']:>8.1f} "
            f"{r['pages'] / r['cpu_seconds']:>12.1f} {r['peak_mib']:>13.0f} "
            f"{r['baseline_mib']:>16.0f}"
        )


if __name__ == "__main__":
    main()
