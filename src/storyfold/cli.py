"""The command line: parses flags, calls the library, prints. Errors become one line."""

from __future__ import annotations

import dataclasses
import functools
import json
import re
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Annotated, NoReturn

import platformdirs
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
from storyfold.ingest.fetch import Fetcher, FetchSettings
from storyfold.ingest.load import count_files
from storyfold.model import Corpus
from storyfold.render import FORMATS, render
from storyfold.store import Ingester, Store, ingest, stories_json, story_brief
from storyfold.store.pipeline import describe_poll

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
            _fail(f"--hold-out {hold_out!r}: expected FIRST-LAST line numbers, e.g. 20001-22000")
        lines = (int(first), int(last))
    try:
        report = train_scorer(path, output, limit, hold_out=lines)
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


@app.command("train-clusterer")
def train_clusterer_command(
    path: Annotated[
        Path, typer.Argument(help="Multi-News-style JSONL (.gz): one story's documents a line.")
    ],
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Where to write the LightGBM model.")
    ] = Path("joiner.txt"),
    background: Annotated[
        Path,
        typer.Option("--background", help="Where to write the background term statistics."),
    ] = Path("background.bin.gz"),
    background_lines: Annotated[
        str | None,
        typer.Option(
            "--background-lines",
            help="The lines (FIRST-LAST, from 1) whose documents the background counts "
            "[default: 33001-44972, storyfold.stories.train.BACKGROUND].",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Count the clusterer's background document frequencies, then train its learned join
    decision under them on streams of stories whose articles are known (see
    storyfold.stories.train for the lines used).

    The shipped files were made with `storyfold train-clusterer
    /work/shared/data/multinews/train.jsonl.gz --output
    src/storyfold/stories/models/joiner.txt --background
    src/storyfold/stories/models/background.bin.gz`.
    """
    from storyfold.stories.train import BACKGROUND, train_background, train_joiner

    lines = BACKGROUND if background_lines is None else _line_range(background_lines)
    try:
        statistics = train_background(path, background, lines)
        typer.echo(f"counted {statistics.documents} background documents; wrote {background}")
        report = train_joiner(path, output, background=statistics)
    except StoryfoldError as exc:
        _fail(str(exc))
    typer.echo(
        f"trained on {report.streams} streams, {report.articles} articles, "
        f"{report.examples} candidate decisions ({report.positives} right stories), "
        f"in {report.seconds:.1f} s; wrote {report.output}"
    )


def _line_range(text: str) -> tuple[int, int]:
    """'33001-44972' -> (33001, 11972): the first line and how many."""
    match = re.fullmatch(r"\s*(\d+)\s*-\s*(\d+)\s*", text)
    if match is None or not 1 <= int(match[1]) <= int(match[2]):
        raise typer.BadParameter(f"not a range of lines: {text!r} (try 33001-44972)")
    return int(match[1]), int(match[2]) - int(match[1]) + 1


_DURATION = re.compile(r"(\d+(?:\.\d+)?)\s*([smhdw])", re.IGNORECASE)
_DURATION_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}


def parse_duration(text: str) -> float:
    """'15m', '1h30m', '2d', '1s' -> seconds."""
    compact = text.replace(" ", "")
    parts = _DURATION.findall(compact)
    if not parts or "".join(f"{n}{u}" for n, u in parts) != compact:
        raise typer.BadParameter(f"not a duration: {text!r} (try 30s, 15m, 2h or 2d)")
    seconds = sum(float(n) * _DURATION_UNITS[u.lower()] for n, u in parts)
    if seconds <= 0:
        raise typer.BadParameter(f"a duration must be more than zero: {text!r}")
    return seconds


def _default_db() -> Path:
    return Path(platformdirs.user_data_dir("storyfold")) / "storyfold.db"


_DB_HELP = "The store, a SQLite file (default: storyfold.db in your user data folder)."
DbOption = Annotated[Path | None, typer.Option("--db", help=_DB_HELP)]
TimeoutOption = Annotated[
    float | None,
    typer.Option("--timeout", min=0.1, help="Give up on a server silent for this many seconds."),
]
PrivateOption = Annotated[
    bool,
    typer.Option(
        "--allow-private",
        help="Let URLs reach private, loopback and link-local addresses (local use, tests).",
    ),
]


@app.command("ingest")
def ingest_command(
    sources: Annotated[
        list[str],
        typer.Argument(help="Files, folders, JSONL exports, WARC files, page and feed URLs."),
    ],
    db: DbOption = None,
    allow_private: PrivateOption = False,
    timeout: TimeoutOption = None,
    max_size: Annotated[
        str,
        typer.Option("--max-size", help="Skip files larger than this (pages: 5MB at most)."),
    ] = "64MB",
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Do not list skipped inputs.")
    ] = False,
) -> None:
    """Read sources into the store, dropping duplicates and grouping articles into stories."""
    limit = parse_size(max_size)
    path = db or _default_db()
    try:
        with Store(path) as store, _ingest_progress() as progress:
            report = ingest(
                store,
                sources,
                Settings(max_bytes=limit),
                fetch_settings=_fetch_settings(timeout),
                allow_private=allow_private,
                progress=progress,
            )
            articles, stories = store.count("articles"), store.count("stories")
    except StoryfoldError as exc:
        _fail(str(exc))
    except KeyboardInterrupt:
        _fail("interrupted; the store keeps every batch committed before the interrupt")
    typer.echo(
        f"read {report.read} articles: {report.new} new, {report.duplicates} duplicates, "
        f"{report.near_duplicates} near-duplicates ({report.outlets_added} outlets added), "
        f"{len(report.skipped)} skipped"
    )
    changes = [f"{len(report.stories_created)} created", f"{len(report.stories_updated)} updated"]
    if report.stories_merged:
        changes.append(f"{len(report.stories_merged)} merged")
    if report.articles_moved:
        changes.append(f"{report.articles_moved} articles moved to a story they fit better")
    typer.echo("stories: " + ", ".join(changes))
    for skipped in [] if quiet else report.skipped:
        typer.echo(f"skipped {skipped.input}: {skipped.reason}")
    typer.echo(f"store {path}: {articles} articles in {stories} stories ({report.seconds:.1f} s)")


@app.command("watch")
def watch_command(
    feeds: Annotated[list[str], typer.Argument(help="Feed URLs (RSS or Atom) to poll.")],
    every: Annotated[str, typer.Option("--every", help="Time between rounds: 30s, 15m, 1h.")] = (
        "15m"
    ),
    rounds: Annotated[
        int | None, typer.Option("--rounds", min=1, help="Stop after this many rounds.")
    ] = None,
    db: DbOption = None,
    allow_private: PrivateOption = False,
    timeout: TimeoutOption = None,
) -> None:
    """Poll feeds until stopped (Ctrl-C), ingesting new items; one log line per feed a round."""
    interval = parse_duration(every)
    stop = threading.Event()

    def _stop(signum: int, frame: object) -> None:
        stop.set()

    previous = {s: signal.signal(s, _stop) for s in (signal.SIGINT, signal.SIGTERM)}
    path = db or _default_db()
    round_number = 0
    try:
        # One fetcher for the whole run: its per-host delay spaces requests across feeds.
        with (
            Store(path) as store,
            Fetcher(_fetch_settings(timeout), allow_private=allow_private) as fetcher,
        ):
            ingester = Ingester(store)
            while not stop.is_set():
                round_number += 1
                for feed in feeds:
                    if stop.is_set():
                        break
                    report = ingester.ingest([feed], fetcher=fetcher)
                    ingester.note_poll(feed, report)
                    stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
                    outcome = describe_poll(report, feed)
                    typer.echo(f"{stamp} round {round_number} {feed}: {outcome}")
                if rounds is not None and round_number >= rounds:
                    break
                stop.wait(interval)
    except StoryfoldError as exc:
        _fail(str(exc))
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
    typer.echo(f"stopped after {round_number} rounds", err=True)


@app.command("stories")
def stories_command(
    since: Annotated[
        str | None, typer.Option("--since", help="Only stories seen within this long: 2d, 12h.")
    ] = None,
    search: Annotated[
        str | None,
        typer.Option("--search", help="Only stories with an article holding these words."),
    ] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table or json.")] = "table",
    limit: Annotated[int, typer.Option("--limit", min=1, help="At most this many stories.")] = 100,
    db: DbOption = None,
) -> None:
    """List stored stories, newest first."""
    if fmt not in ("table", "json"):
        _fail(f"unknown format {fmt!r} (choose from table, json)")
    cutoff = None if since is None else datetime.now(UTC) - timedelta(seconds=parse_duration(since))
    try:
        with Store(db or _default_db()) as store:
            found = store.stories(since=cutoff, search=search, limit=limit)
    except StoryfoldError as exc:
        _fail(str(exc))
    if fmt == "json":
        sys.stdout.write(json.dumps(stories_json(found), indent=2, ensure_ascii=False) + "\n")
        return
    if not found:
        typer.echo("no stories", err=True)
        return
    typer.echo(f"{'story':<16} {'size':>5}  {'last seen':<16}  title")
    for story in found:
        seen = story.last_seen.strftime("%Y-%m-%d %H:%M")
        typer.echo(f"{story.id:<16} {story.size:>5}  {seen:<16}  {story.title or ''}")


@app.command("story")
def story_command(
    story_id: Annotated[str, typer.Argument(metavar="ID", help="A story id from `stories`.")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="md, json or html.")] = "md",
    words: Annotated[int, typer.Option(min=1, help="Word budget of the summary.")] = DEFAULT_WORDS,
    db: DbOption = None,
) -> None:
    """The brief of one stored story (cached until the story changes)."""
    if fmt not in FORMATS:
        _fail(f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})")
    try:
        with Store(db or _default_db()) as store:
            text, _ = story_brief(store, story_id, fmt, Settings(words=words))
    except StoryfoldError as exc:
        _fail(str(exc))
    sys.stdout.write(text)


def _fetch_settings(timeout: float | None) -> FetchSettings:
    settings = FetchSettings()
    if timeout is None:
        return settings
    return dataclasses.replace(
        settings,
        connect_timeout=timeout,
        read_timeout=timeout,
        total_timeout=max(settings.total_timeout, timeout),
    )


@contextmanager
def _ingest_progress() -> Iterator[Callable[[int, int], None] | None]:
    """A one-line progress display on stderr while a person is watching."""
    if not sys.stderr.isatty():
        yield None
        return
    with Console(stderr=True).status("reading sources") as status:
        yield lambda read, new: status.update(f"read {read} articles, {new} new")


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
