"""Run systems side by side on the same clusters: ROUGE, speed and peak memory per system."""

from __future__ import annotations

import resource
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from storyfold.eval.multinews import Cluster
from storyfold.eval.rouge import Rouge, reference_lines, truncate
from storyfold.eval.systems import System
from storyfold.model import Skipped
from storyfold.text import word_count

DEFAULT_WORDS = 230  # the budget of the Multi-News centroid results we compare with
# How often the memory sampler reads the resident set size. Short calls (lead takes well
# under a millisecond a cluster) are also sampled at their start and end, so the interval
# bounds only how much of a brief spike inside one long call can be missed.
SAMPLE_SECONDS = 0.005


@dataclass(frozen=True)
class SystemResult:
    name: str
    rouge1: float  # mean F1 x 100 over clusters
    rouge2: float
    rougeLsum: float  # the name rouge-score and the literature use
    clusters: int
    seconds: float  # wall time in the system's own work, summed over clusters
    cpu_seconds: float  # process CPU time over the same calls (steadier on a shared machine)
    setup_seconds: float  # loading its models, once, not in `seconds`
    peak_mb: float  # see PeakRss
    words: float  # mean words of the truncated summary
    settings: dict[str, object]  # System.describe()

    @property
    def clusters_per_second(self) -> float:
        return self.clusters / self.seconds if self.seconds > 0 else float("inf")


@dataclass(frozen=True)
class EvalReport:
    path: str
    limit: int | None
    words: int
    systems: tuple[str, ...]
    clusters: int
    skipped: tuple[Skipped, ...]
    results: tuple[SystemResult, ...]
    rouge_seconds: float  # scoring all systems' summaries (wall); in no system's time
    rouge_cpu_seconds: float
    process_peak_mb: float = 0.0

    def as_json(self) -> dict[str, Any]:
        return {
            "schema": "storyfold.eval/1",
            "dataset": "multinews",
            "path": self.path,
            "limit": self.limit,
            "words": self.words,
            "systems": list(self.systems),
            "clusters": self.clusters,
            "skipped": [{"input": s.input, "reason": s.reason} for s in self.skipped],
            "rouge": {"types": ["rouge1", "rouge2", "rougeLsum"], "stemmer": True},
            "rouge_seconds": round(self.rouge_seconds, 3),
            "rouge_cpu_seconds": round(self.rouge_cpu_seconds, 3),
            "process_peak_mb": round(self.process_peak_mb, 1),
            "results": [
                {
                    **{k: _round(v) for k, v in asdict(r).items()},
                    "clusters_per_second": _round(r.clusters_per_second),
                }
                for r in self.results
            ],
        }


def _round(value: object) -> object:
    return round(value, 4) if isinstance(value, float) else value


class PeakRss:
    """The process's peak resident set size since the last `reset`, sampled by a thread.

    The figure for a system is the whole process's peak RSS while that system ran: the
    interpreter, the clusters held in memory and whatever earlier systems left allocated
    are in it too (freed Python memory is seldom returned to the OS). Nothing is subtracted,
    so it answers "how much memory does a run need" rather than "what does this system add".
    """

    def __init__(self, interval: float = SAMPLE_SECONDS) -> None:
        self._interval = interval
        self._peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="peak-rss", daemon=True)

    def __enter__(self) -> PeakRss:
        self.reset()
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def reset(self) -> None:
        self._peak = rss_bytes()

    def sample(self) -> None:
        self._peak = max(self._peak, rss_bytes())

    @property
    def peak(self) -> int:
        self.sample()
        return self._peak

    def _run(self) -> None:
        while not self._stop.wait(self._interval):
            self.sample()


def rss_bytes() -> int:
    """Current resident set size (VmRSS); the lifetime peak where /proc is missing."""
    try:
        with open("/proc/self/status", "rb") as fh:
            for line in fh:
                if line.startswith(b"VmRSS:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


@dataclass(frozen=True)
class SystemRun:
    """One system's pass over the clusters: its summaries (untruncated) and its costs."""

    name: str
    summaries: tuple[tuple[str, ...], ...]
    seconds: float  # wall time in the system's own work, summed over clusters
    cpu_seconds: float  # process CPU time over the same calls
    setup_seconds: float
    peak_bytes: int  # see PeakRss
    settings: dict[str, object]

    @property
    def clusters_per_second(self) -> float:
        return len(self.summaries) / self.seconds if self.seconds > 0 else float("inf")


def run_systems(
    clusters: Sequence[Cluster],
    systems: Sequence[System],
    words: int = DEFAULT_WORDS,
    progress: Callable[[str], None] | None = None,
) -> list[SystemRun]:
    """Each system over every cluster in turn (one system's pass, then the next), timed on
    its own work only: raw documents in, summary sentences out. Models load in `setup`,
    before the clock starts; their load time is reported on its own."""
    runs = []
    with PeakRss() as memory:
        for system in systems:
            started = time.perf_counter()
            system.setup()
            setup = time.perf_counter() - started
            memory.reset()
            wall = cpu = 0.0
            summaries: list[tuple[str, ...]] = []
            for cluster in clusters:
                memory.sample()
                w0, c0 = time.perf_counter(), time.process_time()
                sentences = system.summarize(cluster.documents, words)
                wall += time.perf_counter() - w0
                cpu += time.process_time() - c0
                memory.sample()
                summaries.append(tuple(sentences))
                if progress:
                    progress(system.name)
            runs.append(
                SystemRun(
                    system.name,
                    tuple(summaries),
                    wall,
                    cpu,
                    setup,
                    memory.peak,
                    system.describe(),
                )
            )
    return runs


def evaluate(
    clusters: Sequence[Cluster],
    systems: Sequence[System],
    words: int = DEFAULT_WORDS,
    *,
    path: Path | str = "",
    limit: int | None = None,
    skipped: Sequence[Skipped] = (),
    progress: Callable[[str], None] | None = None,
) -> EvalReport:
    """Run the systems on the same clusters (`run_systems`), then cut every summary to
    ``words`` words alike and score it with ROUGE, outside every system's time."""
    runs = run_systems(clusters, systems, words, progress)
    rouge = Rouge()  # importing rouge-score (and NLTK) is a one-off, not scoring
    started, started_cpu = time.perf_counter(), time.process_time()
    references = [reference_lines(c.summary) for c in clusters]
    results = []
    n = max(len(clusters), 1)
    for run in runs:
        totals = [0.0, 0.0, 0.0]
        n_words = 0
        for reference, sentences in zip(references, run.summaries, strict=True):
            summary = truncate(sentences, words)
            n_words += sum(word_count(s) for s in summary)
            scores = rouge.score(reference, summary)
            totals[0] += scores.rouge1
            totals[1] += scores.rouge2
            totals[2] += scores.rougeLsum
            if progress:
                progress("rouge")
        results.append(
            SystemResult(
                name=run.name,
                rouge1=totals[0] / n,
                rouge2=totals[1] / n,
                rougeLsum=totals[2] / n,
                clusters=len(clusters),
                seconds=run.seconds,
                cpu_seconds=run.cpu_seconds,
                setup_seconds=run.setup_seconds,
                peak_mb=run.peak_bytes / 1024**2,
                words=n_words / n,
                settings=run.settings,
            )
        )
    return EvalReport(
        path=str(path),
        limit=limit,
        words=words,
        systems=tuple(s.name for s in systems),
        clusters=len(clusters),
        skipped=tuple(skipped),
        results=tuple(results),
        rouge_seconds=time.perf_counter() - started,
        rouge_cpu_seconds=time.process_time() - started_cpu,
        process_peak_mb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    )


def format_table(report: EvalReport) -> str:
    """The report as a plain text table, one row a system."""
    # clusters/s is wall time; "cpu c/s" divides by the process's CPU time over the same
    # calls, the steadier figure when other work shares the machine's cores.
    width = max([10, *(len(r.name) for r in report.results)])
    lines = [
        f"{'system':<{width}} {'R1':>6} {'R2':>6} {'RLsum':>6} {'clusters/s':>10} {'cpu c/s':>8} "
        f"{'peak MB':>8} {'words':>6}"
    ]
    for r in report.results:
        cpu_rate = r.clusters / r.cpu_seconds if r.cpu_seconds > 0 else float("inf")
        lines.append(
            f"{r.name:<{width}} {r.rouge1:>6.2f} {r.rouge2:>6.2f} {r.rougeLsum:>6.2f} "
            f"{r.clusters_per_second:>10.1f} {cpu_rate:>8.1f} {r.peak_mb:>8.0f} {r.words:>6.1f}"
        )
    lines.append(
        f"{report.clusters} clusters from {report.path}, {report.words}-word budget, "
        f"ROUGE F1 x 100; ROUGE scoring took {report.rouge_seconds:.1f} s "
        f"({report.rouge_cpu_seconds:.1f} s CPU), in no system's time"
    )
    return "\n".join(lines) + "\n"
