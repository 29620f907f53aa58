"""`storyfold eval multinews` and `storyfold train-scorer`: summaries against human
references, and the learned sentence scorer trained on them."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from storyfold.cli.common import app, fail
from storyfold.errors import StoryfoldError

if TYPE_CHECKING:
    from storyfold.eval import ClusterSet, EvalReport, System

# The budget of the published Multi-News results compared with (storyfold.eval.run).
EVAL_WORDS = 230
SYSTEMS = (
    "storyfold,storyfold-standalone,lead,lexrank,textrank,centroid"  # storyfold.eval.SYSTEM_NAMES
)

eval_app = typer.Typer(no_args_is_help=True, help="Score summaries against human references.")
app.add_typer(eval_app, name="eval")


@eval_app.command("multinews")
def eval_multinews_command(
    path: Annotated[Path, typer.Argument(help="Multi-News .jsonl or .jsonl.gz file.")],
    limit: Annotated[
        int | None, typer.Option(min=1, help="Only the first N usable clusters.")
    ] = None,
    systems: Annotated[
        str, typer.Option(help="Comma-separated systems to run side by side.")
    ] = SYSTEMS,
    words: Annotated[
        int, typer.Option(min=1, help="Word budget every summary is cut to.")
    ] = EVAL_WORDS,
    json_path: Annotated[
        Path | None, typer.Option("--json", help="Also write the figures as JSON here.")
    ] = None,
) -> None:
    """ROUGE-1/2/Lsum, clusters per second and peak memory of each system on Multi-News."""
    from storyfold.eval import make_systems, read_clusters
    from storyfold.eval.run import format_table

    names = [n.strip() for n in systems.split(",") if n.strip()]
    try:
        chosen = make_systems(names)
        data = read_clusters(path, limit)
        for skipped in data.skipped:
            typer.echo(f"skipped {skipped.input}: {skipped.reason}", err=True)
        if not data.clusters:
            fail(f"{path}: no usable Multi-News clusters")
        report = _evaluate(data, chosen, words, path, limit)
    except StoryfoldError as exc:
        fail(str(exc))
    sys.stdout.write(format_table(report))
    if json_path is not None:
        try:
            json_path.write_text(json.dumps(report.as_json(), indent=2) + "\n", encoding="utf-8")
        except OSError as exc:
            fail(f"{json_path}: cannot write: {exc.strerror or exc}")
        typer.echo(f"wrote {json_path}", err=True)


def _evaluate(
    data: ClusterSet, chosen: list[System], words: int, path: Path, limit: int | None
) -> EvalReport:
    """Run the evaluation, with a progress bar when a person is watching stderr."""
    import functools

    from storyfold.eval import evaluate

    run = functools.partial(
        evaluate, data.clusters, chosen, words, path=path, limit=limit, skipped=data.skipped
    )
    if not sys.stderr.isatty():
        return run()
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    progress = Progress(
        TextColumn("{task.description:<10}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=Console(stderr=True),
        transient=True,
    )
    with progress:
        # One step a cluster for each system, then one a cluster for each system's scoring.
        task = progress.add_task("", total=2 * len(data.clusters) * len(chosen))
        return run(progress=lambda name: progress.update(task, advance=1, description=name))


@app.command("train-scorer")
def train_scorer_command(
    path: Annotated[
        Path, typer.Argument(help="Multi-News-style JSONL (.gz): documents and summary per line.")
    ],
    limit: Annotated[int | None, typer.Option(min=1, help="Use only the first N clusters.")] = None,
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Where to write the LightGBM model.")
    ] = Path("scorer.txt"),
    hold_out: Annotated[
        str | None,
        typer.Option(help="Leave lines FIRST-LAST (1-based, inclusive) out, for tuning."),
    ] = None,
) -> None:
    """Train the summary's sentence scorer on clusters with reference summaries.

    The shipped model was made with `storyfold train-scorer
    /work/shared/data/multinews/train.jsonl.gz --limit 12000 --output
    src/storyfold/brief/summary/models/scorer.txt` (see storyfold.brief.summary.scorer).
    """
    from storyfold.brief.summary.train import train_scorer

    lines: tuple[int, int] | None = None
    if hold_out is not None:
        first, _, last = hold_out.partition("-")
        if not (first.isdigit() and last.isdigit() and 0 < int(first) <= int(last)):
            fail(f"--hold-out {hold_out!r}: expected FIRST-LAST line numbers, e.g. 20001-22000")
        lines = (int(first), int(last))
    try:
        report = train_scorer(path, output, limit, hold_out=lines)
    except StoryfoldError as exc:
        fail(str(exc))
    for skipped in report.skipped:
        typer.echo(f"skipped {skipped}", err=True)
    typer.echo(
        f"trained on {report.clusters} clusters ({len(report.skipped)} skipped), "
        f"{report.sentences} sentences, {report.positives} oracle positives, "
        f"in {report.seconds:.1f} s; wrote {report.output}"
    )
