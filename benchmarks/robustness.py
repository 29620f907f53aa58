"""Time and peak memory of storyfold on hostile sizes, against the targets of issue 16.

Cases (each a fresh `storyfold` process on inputs written here at run time, text made up
by this script from a small vocabulary; no data set is read):

- ``oneline``: `storyfold ingest` of one 50 MB text file that is a single line (no line
  break anywhere), into a fresh store. Target: peak memory under 1 GB.
- ``tiny``: `storyfold brief` of 10,000 tiny files (two sentences each). Target: under 60 s
  and 1.5 GB.
- ``story``: `storyfold brief` of a 500-article story (articles of one event, each a few
  paragraphs). Target: under 10 s and 1 GB.

A run past three times its time target in CPU seconds (or ten times it in wall time), or
three times its memory target, is killed and reported as "> X". Peak memory is the
process's resident high-water mark (VmHWM), polled. Wall time on a shared machine is
noisy: run it a few times and quote the median; "cpu s" (user + system time of the
process) is what the run costs on an idle machine, near its wall time there, since
storyfold runs on one core (BLAS is held to one thread).

    .venv/bin/python benchmarks/robustness.py [--cases oneline,tiny,story] [--repeat 1]
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

GB = 1024**3
STORYFOLD = str(Path(sys.executable).with_name("storyfold"))

_PEOPLE = ["Mara Voss", "Tobias Renn", "Ilse Marten", "Karl Osterby", "Nadia Fell"]
_PLACES = ["Harbor City", "Lindwick", "the Osterby valley", "Port Calder", "Eastmere"]
_THINGS = ["ferry", "bridge", "council", "dam", "rail line", "clinic", "school", "market"]
_VERBS = ["closed", "reopened", "inspected", "funded", "delayed", "approved", "rebuilt"]
_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


def _sentence(rng: random.Random) -> str:
    return (
        f"{rng.choice(_PEOPLE)} said on {rng.choice(_DAYS)} that the {rng.choice(_THINGS)} in "
        f"{rng.choice(_PLACES)} was {rng.choice(_VERBS)} after {rng.randint(2, 900)} "
        f"residents asked for it."
    )


def make_oneline(folder: Path) -> list[str]:
    """One 50 MB file without a line break: words and sentence ends, no newline."""
    rng = random.Random(1)
    path = folder / "oneline.txt"
    target = 50 * 1024 * 1024
    with path.open("w", encoding="utf-8") as out:
        written = 0
        while written < target:
            chunk = " ".join(_sentence(rng) for _ in range(200)) + " "
            out.write(chunk)
            written += len(chunk)
    return ["ingest", "--db", str(folder / "store.db"), str(path)]


def make_tiny(folder: Path, count: int = 10_000) -> list[str]:
    rng = random.Random(2)
    files = folder / "tiny"
    files.mkdir()
    for i in range(count):
        text = f"{_sentence(rng)} {_sentence(rng)}\n"
        (files / f"{i:05d}.txt").write_text(text, encoding="utf-8")
    return ["brief", "--format", "json", str(files)]


def make_story(folder: Path, count: int = 500) -> list[str]:
    """500 reports of one event: a shared core of facts, each outlet's own wording."""
    rng = random.Random(3)
    files = folder / "story"
    files.mkdir()
    core = [
        "The Harbor City ferry sank on Monday with 42 passengers aboard, officials said.",
        "Mara Voss, the harbour master, said the crew had reported a leak before dawn.",
        "Rescue boats from Port Calder reached the ferry within an hour.",
        '"Everyone on board is accounted for," Tobias Renn told reporters on Tuesday.',
        "The council will inspect every vessel in the fleet by Friday.",
    ]
    for i in range(count):
        paragraphs = [rng.choice(core) + " " + _sentence(rng) for _ in range(6)]
        title = f"Ferry sinks off Harbor City, report {i}"
        (files / f"report-{i:03d}.txt").write_text(
            title + "\n\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8"
        )
    return ["brief", "--format", "json", str(files)]


@dataclass(frozen=True)
class Case:
    name: str
    make: Callable[[Path], list[str]]
    target_s: float | None
    target_gb: float


CASES = {
    # No time target for the one-line file: the issue is its memory. Killed at 10 minutes.
    "oneline": Case("ingest 50 MB one-line file", make_oneline, None, 1.0),
    "tiny": Case("brief 10,000 tiny files", make_tiny, 60.0, 1.5),
    "story": Case("brief 500-article story", make_story, 10.0, 1.0),
}
_UNTIMED_LIMIT_S = 600.0


@dataclass(frozen=True)
class Run:
    seconds: float
    cpu_seconds: float  # user + system: what the run costs on an idle machine
    peak_gb: float
    killed: str | None  # "time" or "memory" when stopped at three times a target
    returncode: int


def _hwm_gb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024 / GB
    except OSError:
        pass
    return 0.0


def _cpu_s(pid: int) -> float:
    """User + system seconds of a running process (fields 14 and 15 of /proc/PID/stat)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run_case(case: Case, argv: list[str]) -> Run:
    # The time limit counts CPU seconds, so that a run slowed by other work on a shared
    # machine is not killed for it; wall time is bounded too, at ten times the target.
    limit_s = 3 * case.target_s if case.target_s else _UNTIMED_LIMIT_S
    wall_limit_s = 10 * case.target_s if case.target_s else _UNTIMED_LIMIT_S
    limit_gb = 3 * case.target_gb
    start = time.perf_counter()
    proc = subprocess.Popen(
        [STORYFOLD, *argv], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    peak, killed, cpu = 0.0, None, 0.0
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            elapsed = time.perf_counter() - start
            peak = max(peak, usage.ru_maxrss * 1024 / GB)
            cpu = usage.ru_utime + usage.ru_stime
            proc.returncode = os.waitstatus_to_exitcode(status)
            break
        peak = max(peak, _hwm_gb(proc.pid))
        elapsed = time.perf_counter() - start
        cpu = _cpu_s(proc.pid)
        if peak > limit_gb or cpu > limit_s or elapsed > wall_limit_s:
            killed = "memory" if peak > limit_gb else "time"
            os.kill(proc.pid, signal.SIGKILL)
            _, _, usage = os.wait4(proc.pid, 0)
            cpu = usage.ru_utime + usage.ru_stime
            proc.returncode = -signal.SIGKILL
            break
        time.sleep(0.1)
    return Run(elapsed, cpu, peak, killed, proc.returncode)


def _verdict(case: Case, seconds: float, peak: float, killed: str | None) -> str:
    if killed:
        return "not met (killed)"
    met = peak < case.target_gb and (case.target_s is None or seconds < case.target_s)
    return "met" if met else "not met"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--cases", default=",".join(CASES), help="comma-separated: " + ",".join(CASES)
    )
    parser.add_argument("--repeat", type=int, default=1, help="runs per case (median shown)")
    args = parser.parse_args()
    names = [n.strip() for n in args.cases.split(",") if n.strip()]
    unknown = [n for n in names if n not in CASES]
    if unknown:
        sys.exit(f"unknown case(s): {', '.join(unknown)}")

    print(f"{'case':<30} {'time s':>10} {'cpu s':>8} {'peak GB':>9} {'target':>16}  verdict")
    for name in names:
        case = CASES[name]
        runs: list[Run] = []
        for _ in range(args.repeat):
            folder = Path(tempfile.mkdtemp(prefix="storyfold-robust-"))
            try:
                argv = case.make(folder)
                runs.append(run_case(case, argv))
            finally:
                shutil.rmtree(folder, ignore_errors=True)
        seconds = statistics.median(r.seconds for r in runs)
        cpu = statistics.median(r.cpu_seconds for r in runs)
        peak = statistics.median(r.peak_gb for r in runs)
        killed = next((r.killed for r in runs if r.killed), None)
        time_text = f"> {seconds:.0f}" if killed == "time" else f"{seconds:.1f}"
        cpu_text = f"> {cpu:.0f}" if killed == "time" else f"{cpu:.1f}"
        peak_text = f"> {peak:.2f}" if killed == "memory" else f"{peak:.2f}"
        target = (f"{case.target_s:.0f} s, " if case.target_s else "") + f"{case.target_gb} GB"
        codes = ",".join(str(r.returncode) for r in runs)
        print(
            f"{case.name:<30} {time_text:>10} {cpu_text:>8} {peak_text:>9} {target:>16}  "
            f"{_verdict(case, seconds, peak, killed)} (exit {codes}, {len(runs)} run(s))"
        )


if __name__ == "__main__":
    main()
