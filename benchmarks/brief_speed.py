"""Time and peak memory to brief the example story and the seeds, and the command's start.

Each input runs in a fresh process so "cold" includes importing storyfold and loading the
models (embeddings, spaCy's NER, the scorer); "warm" is the median of further full runs
(read, clean, brief, render) in that same process. Peak memory is the child's maximum
resident set size. Then, timed from outside as a user waits for them (median of
COMMAND_RUNS runs): `storyfold --help`, and `storyfold brief PATH --format md` from a cold
process. Timings on a shared machine are noisy: repeat, and quote medians.

    .venv/bin/python benchmarks/brief_speed.py [PATH ...]
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_INPUTS = [ROOT / "examples" / "harbor-bridge", ROOT.parent / "shared" / "seeds"]
WARM_RUNS = 7
COMMAND_RUNS = 5
STORYFOLD = Path(sys.executable).with_name("storyfold")


def child(path: str) -> None:
    import resource

    start = time.perf_counter()
    import storyfold

    def run() -> int:
        result = storyfold.brief(storyfold.load_articles([path]))
        storyfold.render(result, "json")
        return len(result.articles)

    articles = run()
    cold = time.perf_counter() - start
    warm = []
    for _ in range(WARM_RUNS):
        t = time.perf_counter()
        run()
        warm.append(time.perf_counter() - t)
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        json.dumps(
            {
                "articles": articles,
                "cold": cold,
                "warm": statistics.median(warm),
                "peak_mb": peak_kib / 1024,
            }
        )
    )


def main(paths: list[str]) -> None:
    inputs = paths or [str(p) for p in DEFAULT_INPUTS if p.exists()]
    print(f"{'input':<40} {'articles':>8} {'cold s':>8} {'warm s':>8} {'peak MB':>8}")
    for path in inputs:
        out = subprocess.run(
            [sys.executable, __file__, "--child", path], capture_output=True, text=True, check=True
        )
        row = json.loads(out.stdout.strip().splitlines()[-1])
        name = Path(path).name or path
        print(
            f"{name:<40} {row['articles']:>8} {row['cold']:>8.3f} {row['warm']:>8.3f} "
            f"{row['peak_mb']:>8.0f}"
        )
    print(f"warm = median of {WARM_RUNS} full runs (read, clean, brief, render) after the cold one")
    print()
    print(f"{'command (wall s, median of ' + str(COMMAND_RUNS) + ')':<48} {'median':>7} {'min':>7}")
    commands = [[str(STORYFOLD), "--help"]]
    commands += [[str(STORYFOLD), "brief", path, "--format", "md"] for path in inputs]
    for command in commands:
        times = _command_times(command)
        shown = " ".join(Path(c).name if k == 0 else c for k, c in enumerate(command))
        print(f"{shown[:48]:<48} {statistics.median(times):>7.3f} {min(times):>7.3f}")


def _command_times(command: list[str]) -> list[float]:
    times = []
    for _ in range(COMMAND_RUNS):
        start = time.perf_counter()
        subprocess.run(command, capture_output=True, check=True)
        times.append(time.perf_counter() - start)
    return times


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--child":
        child(sys.argv[2])
    else:
        main(sys.argv[1:])
