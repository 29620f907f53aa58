"""The command line: parses flags, calls the library, prints. Errors become one line."""

from __future__ import annotations

import functools
import json
import re
import sys
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from storyfold import __version__
from storyfold.brief import brief as make_brief
from storyfold.config import DEFAULT_MAX_BYTES, DEFAULT_WORDS, Settings
from storyfold.errors import StoryfoldError
from storyfold.eval import (
    SYSTEM_NAMES,
    ClusterSet,
    EvalReport,
    System,
    evaluate,
    make_systems,
    read_clusters,
)
from storyfold.eval.run import DEFAULT_WORDS as DEFAULT_EVAL_WORDS
from storyfold.eval.run import format_table
from storyfold.ingest import load_articles
from storyfold.ingest.load import count_files
from storyfold.model import Corpus
from storyfold.render import FORMATS, render

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Read one news story through many outlets.",
    pretty_exceptions_enable=False,
)

_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmg]?)i?b?\s*$", re.IGNORECASE)


def parse_size(text: str) -> int:
    """'5MB', '500k', '1048576' -> bytes."""
    match = _SIZE.match(text)
    if not match:
        raise typer.BadParameter(f"not a size: {text!r} (try 5MB or 500k)")
    factor = {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3}[match[2].lower()]
    return int(float(match[1]) * factor)


@app.callback(invoke_without_command=True)
def _root(
    ctx: typer.Context,
    version: Annotated[bool, typer.Option("--version", help="Print the version and exit.")] = False,
) -> None:
    if version:
        typer.echo(__version__)
        raise typer.Exit()
    if ctx.invoked_subcommand is None:
        typer.echo(ctx.get_help())
        raise typer.Exit(code=2)


@app.command("brief")
def brief_command(
    inputs: Annotated[
        list[str],
        typer.Argument(
            help="Files (.txt, .html, .jsonl) and directories; FILE.jsonl#N for line N."
        ),
    ],
    fmt: Annotated[str, typer.Option("--format", "-f", help="md, json or html.")] = "md",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write here instead of stdout.")
    ] = None,
    words: Annotated[int, typer.Option(min=1, help="Word budget of the summary.")] = DEFAULT_WORDS,
    max_size: Annotated[
        str, typer.Option("--max-size", help="Skip input files larger than this.")
    ] = f"{DEFAULT_MAX_BYTES // 1024**2}MB",
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Do not list skipped inputs.")
    ] = False,
) -> None:
    """Brief one story from its reports: a cited summary, sources and provenance."""
    if fmt not in FORMATS:
        _fail(f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})")
    settings = Settings(words=words, max_bytes=parse_size(max_size))
    try:
        corpus = _load(inputs, settings)
        if not quiet:
            _report(corpus)
        result = make_brief(corpus, settings)
        text = render(result, fmt)
    except StoryfoldError as exc:
        _fail(str(exc))
    if output is None:
        sys.stdout.write(text)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        _fail(f"{output}: cannot write: {exc.strerror or exc}")
    typer.echo(
        f"wrote {output} ({len(result.summary)} lines, {len(result.articles)} articles)", err=True
    )


# --- Summary evaluation: eval, train-scorer (commands go here) ---------------------------

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
    ] = ",".join(SYSTEM_NAMES),
    words: Annotated[
        int, typer.Option(min=1, help="Word budget every summary is cut to.")
    ] = DEFAULT_EVAL_WORDS,
    json_path: Annotated[
        Path | None, typer.Option("--json", help="Also write the figures as JSON here.")
    ] = None,
) -> None:
    """ROUGE-1/2/Lsum, clusters per second and peak memory of each system on Multi-News."""
    names = [n.strip() for n in systems.split(",") if n.strip()]
    try:
        chosen = make_systems(names)
        data = read_clusters(path, limit)
        for skipped in data.skipped:
            typer.echo(f"skipped {skipped.input}: {skipped.reason}", err=True)
        if not data.clusters:
            _fail(f"{path}: no usable Multi-News clusters")
        report = _evaluate(data, chosen, words, path, limit)
    except StoryfoldError as exc:
        _fail(str(exc))
    sys.stdout.write(format_table(report))
    if json_path is not None:
        try:
            json_path.write_text(json.dumps(report.as_json(), indent=2) + "\n", encoding="utf-8")
        except OSError as exc:
            _fail(f"{json_path}: cannot write: {exc.strerror or exc}")
        typer.echo(f"wrote {json_path}", err=True)


def _evaluate(
    data: ClusterSet, chosen: list[System], words: int, path: Path, limit: int | None
) -> EvalReport:
    """Run the evaluation, with a progress bar when a person is watching stderr."""
    run = functools.partial(
        evaluate, data.clusters, chosen, words, path=path, limit=limit, skipped=data.skipped
    )
    if not sys.stderr.isatty():
        return run()
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
    limit: Annotated[
        int | None, typer.Option(min=1, help="Use only the first N clusters.")
    ] = None,
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Where to write the LightGBM model.")
    ] = Path("scorer.txt"),
) -> None:
    """Train the summary's sentence scorer on clusters with reference summaries.

    The shipped model was made with `storyfold train-scorer
    /work/shared/data/multinews/train.jsonl.gz --limit 12000 --output
    src/storyfold/brief/models/scorer.txt` (see storyfold.brief.scorer).
    """
    from storyfold.brief.train import train_scorer

    try:
        report = train_scorer(path, output, limit)
    except StoryfoldError as exc:
        _fail(str(exc))
    for skipped in report.skipped:
        typer.echo(f"skipped {skipped}", err=True)
    typer.echo(
        f"trained on {report.clusters} clusters ({len(report.skipped)} skipped), "
        f"{report.sentences} sentences, {report.positives} oracle positives, "
        f"in {report.seconds:.1f} s; wrote {report.output}"
    )


# --- Stories over a stream: ingest, watch, stories, story (commands go here) ------------


def _load(inputs: list[str], settings: Settings) -> Corpus:
    """Read inputs, with a progress bar when a person is watching stderr."""
    if not sys.stderr.isatty():
        return load_articles(inputs, settings)
    progress = Progress(
        TextColumn("reading"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.description}"),
        console=Console(stderr=True),
        transient=True,
    )
    with progress:
        task = progress.add_task("", total=count_files(inputs))
        return load_articles(
            inputs,
            settings,
            progress=lambda name: progress.update(task, advance=1, description=Path(name).name),
        )


def _report(corpus: Corpus) -> None:
    for skipped in corpus.skipped:
        typer.echo(f"skipped {skipped.input}: {skipped.reason}", err=True)
    for duplicate in corpus.duplicates:
        typer.echo(
            f"duplicate {duplicate.input}: same text as {duplicate.same_as}, counted once", err=True
        )


def _fail(message: str) -> NoReturn:
    typer.echo(f"storyfold: error: {message}", err=True)
    raise typer.Exit(code=2)


def main() -> None:
    app()
