"""The one `app`, its root options, and what several commands share: flag parsers, the
store option, progress on a terminal, and the one-line error exit."""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from storyfold import __version__
from storyfold.config import FORMATS

if TYPE_CHECKING:
    from storyfold.config import Settings
    from storyfold.model import Corpus

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Read one news story through many outlets.",
    pretty_exceptions_enable=False,
)


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


_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmg]?)i?b?\s*$", re.IGNORECASE)


def parse_size(text: str) -> int:
    """'5MB', '500k', '1048576' -> bytes."""
    match = _SIZE.match(text)
    if not match:
        raise typer.BadParameter(f"not a size: {text!r} (try 5MB or 500k)")
    factor = {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3}[match[2].lower()]
    return int(float(match[1]) * factor)


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


def line_range(text: str) -> tuple[int, int]:
    """'33001-44972' -> (33001, 11972): the first line and how many."""
    match = re.fullmatch(r"\s*(\d+)\s*-\s*(\d+)\s*", text)
    if match is None or not 1 <= int(match[1]) <= int(match[2]):
        raise typer.BadParameter(f"not a range of lines: {text!r} (try 33001-44972)")
    return int(match[1]), int(match[2]) - int(match[1]) + 1


def check_format(fmt: str) -> None:
    if fmt not in FORMATS:
        fail(f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})")


def fail(message: str) -> NoReturn:
    from storyfold.text.controls import one_line

    typer.echo(f"storyfold: error: {one_line(message)}", err=True)
    raise typer.Exit(code=2)


def default_db() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir("storyfold")) / "storyfold.db"


def existing_store(path: Path | None) -> Path:
    """The store a read-only command (`stories`, `story`, `serve`) opens: ``path`` (or the
    default) if it exists, else a clear error; opening would create an empty store and
    hide a mistyped path."""
    from storyfold.text.controls import quoted_name

    store = path or default_db()
    if not store.exists():
        fail(f"no store at {quoted_name(str(store))} (run `storyfold ingest` to make one)")
    if not store.is_file():
        fail(f"{quoted_name(str(store))} is not a store file (a SQLite file is expected)")
    return store


_DB_HELP = "The store, a SQLite file (default: storyfold.db in your user data folder)."
DbOption = Annotated[Path | None, typer.Option("--db", help=_DB_HELP)]


def load_inputs(inputs: list[str], settings: Settings) -> Corpus:
    """Read inputs, with a progress bar when a person is watching stderr."""
    from storyfold.ingest import load_articles

    if not sys.stderr.isatty():
        return _note_selection(load_articles(inputs, settings))
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from storyfold.ingest.load import count_files

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
        advance: Callable[[str], None] = lambda name: progress.update(  # noqa: E731
            task, advance=1, description=Path(name).name
        )
        return _note_selection(load_articles(inputs, settings, progress=advance))


def _note_selection(corpus: Corpus) -> Corpus:
    """Say up front when a brief will read only some of the articles in full."""
    from storyfold.brief.select_articles import MAX_FULL_ARTICLES

    if len(corpus.articles) > MAX_FULL_ARTICLES:
        typer.echo(
            f"{len(corpus.articles):,} articles: the brief reads the {MAX_FULL_ARTICLES} most "
            "central in full and lists every one (see provenance.selection)",
            err=True,
        )
    return corpus


def skipped_line(item: str, reason: str) -> str:
    """ "skipped ITEM: reason" as one line, whatever the item's name holds."""
    from storyfold.text.controls import one_line, quoted_name

    return f"skipped {quoted_name(item)}: {one_line(reason)}"


def report_skipped(corpus: Corpus) -> None:
    from storyfold.text.controls import quoted_name

    for skipped in corpus.skipped:
        typer.echo(skipped_line(skipped.input, skipped.reason), err=True)
    for duplicate in corpus.duplicates:
        typer.echo(
            f"duplicate {quoted_name(duplicate.input)}: same text as "
            f"{quoted_name(duplicate.same_as)}, counted once",
            err=True,
        )
