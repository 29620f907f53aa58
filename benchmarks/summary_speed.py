"""Summary speed on Multi-News: clusters per second and peak memory, storyfold beside peers.

Every system summarises the same validation clusters in one process, timed on its own
work only (raw documents in, summary sentences out: cleaning, sentence splitting and
embedding included; model loading and ROUGE not). Reads the data by path; nothing is
copied. The figure the issue asks for is the last line: storyfold's clusters per second
over LexRank's in this same run.

    .venv/bin/python benchmarks/summary_speed.py [--limit N] [--systems a,b] [PATH]
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from storyfold.eval import SYSTEM_NAMES, make_systems, read_clusters
from storyfold.eval.run import DEFAULT_WORDS, run_systems

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "multinews" / "val.jsonl.gz"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("path", nargs="?", type=Path, default=DATA)
    parser.add_argument("--limit", type=int, default=None, help="first N clusters (all)")
    parser.add_argument("--systems", default=",".join(SYSTEM_NAMES))
    parser.add_argument("--words", type=int, default=DEFAULT_WORDS)
    args = parser.parse_args()
    data = read_clusters(args.path, args.limit)
    systems = make_systems([n.strip() for n in args.systems.split(",") if n.strip()])
    load = os.getloadavg()[0]
    runs = run_systems(data.clusters, systems, args.words)
    n = len(data.clusters)
    print(f"{n} clusters from {args.path.name}, {args.words}-word budget")
    print(
        f"{'system':<10} {'seconds':>8} {'clusters/s':>10} {'cpu s':>8} {'cpu c/s':>8} "
        f"{'setup s':>8} {'peak MB':>8}"
    )
    for run in runs:
        cpu_rate = n / run.cpu_seconds if run.cpu_seconds > 0 else float("inf")
        print(
            f"{run.name:<10} {run.seconds:>8.2f} {run.clusters_per_second:>10.1f} "
            f"{run.cpu_seconds:>8.2f} {cpu_rate:>8.1f} {run.setup_seconds:>8.2f} "
            f"{run.peak_bytes / 1024**2:>8.0f}"
        )
    by_name = {run.name: run for run in runs}
    if "storyfold" in by_name and "lexrank" in by_name:
        ours, theirs = by_name["storyfold"], by_name["lexrank"]
        wall = ours.clusters_per_second / theirs.clusters_per_second
        cpu = theirs.cpu_seconds / ours.cpu_seconds if ours.cpu_seconds > 0 else float("inf")
        print(f"storyfold / lexrank clusters per second: {wall:.2f}x wall, {cpu:.2f}x CPU")
    print(
        f"load average {load:.2f} at start, {os.getloadavg()[0]:.2f} at end "
        f"({os.cpu_count()} cores); peak MB is the process's peak RSS during that system's pass"
    )
    for skipped in data.skipped:
        print(f"skipped {skipped.input}: {skipped.reason}")


if __name__ == "__main__":
    main()
