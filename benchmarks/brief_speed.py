"""Time and peak memory to brief the example story and the seeds, and the command's start.

Each input runs in a fresh process so "cold" includes importing storyfold and loading the
models (embeddings, spaCy's NER, the scorer). Then, in that same process, the median of
further full runs (read, clean, brief, render): "warm new" with the NER's span cache
emptied before each run, as for a story seen for the first time, and "warm again" with it
kept, as when a process briefs the same articles again (the web app, `storyfold stream`
as a story grows); "NER s" is the part of a warm new run spent in spaCy's NER. Peak memory
is the child's maximum resident set size. Then, timed from outside as a user waits for them
(median of COMMAND_RUNS runs): `storyfold --help`, and `storyfold brief PATH --format md`
from a cold process. Timings on a shared machine are noisy: repeat, and quote medians.

    .venv/bin/python benchmarks/brief_speed.py [PATH ...]
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_INPUTS = [ROOT / "examples" / "harbor-bridge", ROOT.parent / "shared" / "seeds"]
WARM_RUNS = 7
COMMAND_RUNS = 5
STORYFOLD = Path(sys.executable).with_name("storyfold")


def child(path: str) -> None:
    import resource

    start = time.perf_counter()
    import storyfold
    from storyfold.brief import assemble
    from storyfold.nlp import ner

    ner_time = [0.0]
    # Wrapped where the brief looks it up (assemble imported the name).
    find_spans = vars(assemble)["find_spans"]

    def timed_spans(*args: Any) -> Any:
        t = time.perf_counter()
        try:
            return find_spans(*args)
        finally:
            ner_time[0] += time.perf_counter() - t

    vars(assemble)["find_spans"] = timed_spans

    def run() -> int:
        result = storyfold.brief(storyfold.load_articles([path]))
        storyfold.render(result, "json")
        return len(result.articles)

    articles = run()
    cold = time.perf_counter() - start
    new, ner_new, again = [], [], []
    for _ in range(WARM_RUNS):
        ner.clear_span_cache()
        ner_time[0] = 0.0
        t = time.perf_counter()
        run()
        new.append(time.perf_counter() - t)
        ner_new.append(ner_time[0])
    for _ in range(WARM_RUNS):
        t = time.perf_counter()
        run()
        again.append(time.perf_counter() - t)
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        json.dumps(
            {
                "articles": articles,
                "cold": cold,
                "warm_new": statistics.median(new),
                "ner": statistics.median(ner_new),
                "warm_again": statistics.median(again),
                "peak_mb": peak_kib / 1024,
            }
        )
    )


def main(paths: list[str]) -> None:
    inputs = paths or [str(p) for p in DEFAULT_INPUTS if p.exists()]
    columns = ("articles", "cold s", "warm new", "NER s", "again s", "peak MB")
    print(f"{'input':<24}" + "".join(f"{c:>10}" for c in columns))
    for path in inputs:
        out = subprocess.run(
            [sys.executable, __file__, "--child", path], capture_output=True, text=True, check=True
        )
        row = json.loads(out.stdout.strip().splitlines()[-1])
        name = Path(path).name or path
        times = [row["cold"], row["warm_new"], row["ner"], row["warm_again"]]
        print(
            f"{name:<24}{row['articles']:>10}"
            + "".join(f"{t:>10.3f}" for t in times)
            + f"{row['peak_mb']:>10.0f}"
        )
    print(
        f"warm new / again = median of {WARM_RUNS} full runs (read, clean, brief, render) after"
        " the cold one, with the NER's span cache emptied before each / kept"
    )
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
