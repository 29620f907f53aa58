"""The Spark job on a generated corpus of web archives, under local[1] and local[2] (or more).

A corpus of `--articles` invented news pages (`spark_corpus.py`: templates of our own, as
gzipped WARC files, so the extraction stage is real) is written once under `--scratch` and
reused by every master and every later run. Then, for each master in turn, `python -m
storyfold.spark.job` runs in a process of its own, and /proc is sampled every 0.5 s for the
peak resident memory of the JVM (in local mode the driver is the one executor) and of its
Python workers (one worker, and all of them together). Printed per stage: seconds, the
corpus's articles per second of that stage, and the speed-up over the first master; then
the peaks. `--json FILE` also writes every figure.

    .venv/bin/python benchmarks/spark_scale.py --articles 50000 --masters 'local[1]' 'local[2]'
    .venv/bin/python benchmarks/spark_scale.py --articles 50000 --masters 'local[1]' \\
        'local[4]' 'local[8]' 'local[16]'      # the 16-core device machine, when lent one
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from spark_corpus import write_corpus

# The job's stages as its report times them ("read" is reading and extracting the WARC
# files and cleaning the articles), then the whole job.
STAGES = ("read", "features", "dedup", "stories", "briefs", "write", "total")


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


def _cpu_seconds(pid: int) -> float:
    """User and system CPU time of a process and of its children it has waited for."""
    try:
        with open(f"/proc/{pid}/stat", encoding="utf-8") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return 0.0
    # utime, stime, cutime, cstime are fields 14-17 of stat (11-14 after the name).
    return sum(int(v) for v in fields[11:15]) / os.sysconf("SC_CLK_TCK")


class Peaks:
    """Peak resident memory of a process tree (the JVM, one Python worker, all workers) and
    the CPU seconds the tree spent in each stage: when the job's log says a stage is done
    ("storyfold spark: STAGE done in ..."), the tree's CPU time since the last such line.
    CPU seconds, unlike wall time, hardly change when other work shares the machine."""

    def __init__(self, root: int, log: Path | None = None, from_now: bool = False) -> None:
        self.root = root
        self.log = log
        self.jvm = self.worker = self.workers = 0
        self.stage_cpu: dict[str, float] = {}
        self.cpu = 0.0
        self._last = 0.0
        # Attached to a running job: stages already done are not counted, so the next stage's
        # CPU seconds run from the job's start (they cover the stages before it too).
        self._read = log.stat().st_size if from_now and log is not None else 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            self._sample()
            self._stop.wait(0.5)
        self._sample()

    def _sample(self) -> None:
        workers = 0
        cpu = 0.0
        for pid in _descendants(self.root):
            rss, name = _rss_and_name(pid)
            cpu += _cpu_seconds(pid)
            if name == "java":
                self.jvm = max(self.jvm, rss)
            elif name.startswith("python") and pid != self.root:
                self.worker = max(self.worker, rss)
                workers += rss
        self.workers = max(self.workers, workers)
        self.cpu = max(self.cpu, cpu)
        for stage in self._stages_done():
            self.stage_cpu[stage] = round(self.cpu - self._last, 1)
            self._last = self.cpu

    def _stages_done(self) -> list[str]:
        if self.log is None or not self.log.exists():
            return []
        with self.log.open("rb") as fh:
            fh.seek(self._read)
            data = fh.read()
        end = data.rfind(b"\n") + 1
        self._read += end
        text = data[:end].decode("utf-8", "replace")
        return re.findall(r"storyfold spark: (\w+) done in", text)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


def run(
    master: str, files: Sequence[Path], out: Path, extra: Sequence[str]
) -> tuple[dict[str, Any], Peaks, float]:
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
        *extra,
    ]
    started = time.perf_counter()
    # Spark's log and the job's stage lines go to a file: a long run shows where it is.
    out.mkdir(parents=True, exist_ok=True)
    log = (out.parent / f"{out.name}.log").open("w", encoding="utf-8")
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=log)
    peaks = Peaks(process.pid, out.parent / f"{out.name}.log")
    stdout, _ = process.communicate()
    peaks.stop()
    log.close()
    wall = time.perf_counter() - started
    if process.returncode != 0:
        raise SystemExit(f"{master}: the job failed (exit {process.returncode})")
    return json.loads(stdout), peaks, wall


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--articles", type=int, default=50_000)
    parser.add_argument("--masters", nargs="+", default=["local[1]", "local[2]"])
    parser.add_argument("--scratch", type=Path, default=Path("/tmp/storyfold-spark-scale"))
    parser.add_argument("--no-briefs", action="store_true", help="run the job without briefs")
    parser.add_argument("--json", type=Path, default=None, help="write every figure here")
    parser.add_argument(
        "--watch",
        nargs=2,
        metavar=("PID", "LOG"),
        help="only sample a job already running (its process id and stage log) and print "
        "its peaks and CPU seconds per stage as JSON",
    )
    args = parser.parse_args(argv)
    if args.watch:
        pid = int(args.watch[0])
        peaks = Peaks(pid, Path(args.watch[1]), from_now=True)
        while os.path.exists(f"/proc/{pid}"):
            time.sleep(1)
        peaks.stop()
        figures = {"stage_cpu_s": peaks.stage_cpu, "cpu_s": round(peaks.cpu, 1)}
        figures["peak_rss_mib"] = {"jvm": peaks.jvm // 2**20, "worker": peaks.worker // 2**20}
        print(json.dumps(figures, sort_keys=True), flush=True)
        return
    started = time.perf_counter()
    files = write_corpus(args.scratch / "warc", args.articles)
    size = sum(f.stat().st_size for f in files)
    print(
        f"corpus: {args.articles} pages in {len(files)} WARC files, {size / 2**20:.0f} MiB "
        f"gzipped ({time.perf_counter() - started:.0f} s to make or find); "
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs",
        flush=True,
    )
    extra = ["--no-briefs"] if args.no_briefs else []
    results: list[dict[str, Any]] = []
    for master in args.masters:
        out = args.scratch / "out" / master.replace("[", "").replace("]", "").replace("*", "all")
        report, peaks, wall = run(master, files, out, extra)
        results.append(
            {
                "master": master,
                "wall_s": round(wall, 1),
                "seconds": report["seconds"],
                "report": report,
                "stage_cpu_s": peaks.stage_cpu,
                "cpu_s": round(peaks.cpu, 1),
                "peak_rss_mib": {
                    "jvm": peaks.jvm // 2**20,
                    "python_worker": peaks.worker // 2**20,
                    "python_workers": peaks.workers // 2**20,
                },
            }
        )
        print_result(results[-1], results[0])
    if args.json is not None:
        args.json.write_text(json.dumps(results, indent=2, sort_keys=True) + "\n")


def print_result(result: dict[str, Any], base: dict[str, Any]) -> None:
    report, seconds = result["report"], result["seconds"]
    articles = report["read"]["articles"]
    briefs = report.get("briefs", {})
    print(
        f"\n{result['master']}: wall {result['wall_s']:.0f} s (with JVM start); {articles} "
        f"articles, {report['dedup']['articles_out']} after dedup, "
        f"{report['stories']['stories']} stories in {report['stories']['shards']} shards, "
        f"{briefs.get('briefs', 0)} briefs ({briefs.get('skipped', 0)} skipped); "
        f"load average {os.getloadavg()[0]:.1f}"
    )
    print(
        f"{'stage':<10} {'seconds':>8} {'articles/s':>11} {'speed-up':>9} "
        f"{'CPU s':>8} {'articles/CPU s':>15}"
    )
    cpu = dict(result.get("stage_cpu_s", {}))
    if cpu:
        cpu["total"] = result["cpu_s"]
    for stage in STAGES:
        took, first = seconds.get(stage, 0.0), base["seconds"].get(stage, 0.0)
        rate = articles / took if took else float("nan")
        speed = first / took if took else float("nan")
        used = cpu.get(stage, float("nan"))
        per_cpu = articles / used if used == used and used else float("nan")
        print(
            f"{stage:<10} {took:>8.1f} {rate:>11.1f} {speed:>8.2f}x {used:>8.1f} {per_cpu:>15.1f}"
        )
    peak = result["peak_rss_mib"]
    print(
        f"peak RSS: JVM (driver = executor) {peak['jvm']} MiB, one Python worker "
        f"{peak['python_worker']} MiB, all Python workers {peak['python_workers']} MiB",
        flush=True,
    )


if __name__ == "__main__":
    main()
