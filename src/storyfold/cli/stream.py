"""Stories over a stream: `ingest`, `watch`, `stories`, `story`, and `train-clusterer`,
which trains the model that decides whether an article joins a story."""

from __future__ import annotations

import dataclasses
import json
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from storyfold.cli.common import (
    DbOption,
    app,
    check_format,
    default_db,
    existing_store,
    fail,
    line_range,
    parse_duration,
    parse_size,
    skipped_line,
)
from storyfold.config import DEFAULT_WORDS, Settings
from storyfold.errors import StoryfoldError

if TYPE_CHECKING:
    from storyfold.ingest.fetch import FetchSettings


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

    lines = BACKGROUND if background_lines is None else line_range(background_lines)
    try:
        statistics = train_background(path, background, lines)
        typer.echo(f"counted {statistics.documents} background documents; wrote {background}")
        report = train_joiner(path, output, background=statistics)
    except StoryfoldError as exc:
        fail(str(exc))
    typer.echo(
        f"trained on {report.streams} streams, {report.articles} articles, "
        f"{report.examples} candidate decisions ({report.positives} right stories), "
        f"in {report.seconds:.1f} s; wrote {report.output}"
    )


TimeoutOption = Annotated[
    float | None,
    typer.Option("--timeout", min=0.1, help="Give up on a server silent for this many seconds."),
]
MaxEntriesOption = Annotated[
    int,
    typer.Option(
        "--max-entries",
        min=1,
        help="New entries read from one feed a poll; the rest are taken on the next poll.",
    ),
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
    max_entries: MaxEntriesOption = 200,  # MAX_FEED_ENTRIES; not imported, --help stays light
    shard_days: Annotated[
        float | None,
        typer.Option(
            "--shard-days",
            min=0.001,
            help="Cluster the whole ingest at the end in shards of this many days, as the "
            "Spark job does (one batch; a later ingest clusters online and starts afresh).",
        ),
    ] = None,
    lead_in_days: Annotated[
        float | None,
        typer.Option("--lead-in-days", min=0, help="With --shard-days: each shard's lead-in."),
    ] = None,
) -> None:
    """Read sources into the store, dropping duplicates and grouping articles into stories."""
    from storyfold.store import Store, ingest
    from storyfold.stories.shards import LEAD_IN_DAYS

    if lead_in_days is not None and shard_days is None:
        fail("--lead-in-days needs --shard-days")
    shards = None
    if shard_days is not None:
        shards = (shard_days, LEAD_IN_DAYS if lead_in_days is None else lead_in_days)

    limit = parse_size(max_size)
    path = db or default_db()
    try:
        with Store(path) as store, _ingest_progress() as progress:
            report = ingest(
                store,
                sources,
                Settings(max_bytes=limit),
                fetch_settings=_fetch_settings(timeout, max_entries),
                allow_private=allow_private,
                progress=progress,
                shards=shards,
            )
            articles, stories = store.count("articles"), store.count("stories")
    except StoryfoldError as exc:
        fail(str(exc))
    except KeyboardInterrupt:
        fail("interrupted; the store keeps every batch committed before the interrupt")
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
        typer.echo(skipped_line(skipped.input, skipped.reason))
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
    max_entries: MaxEntriesOption = 200,  # MAX_FEED_ENTRIES; not imported, --help stays light
) -> None:
    """Poll feeds until stopped (Ctrl-C), ingesting new items; one log line per feed a round."""
    from storyfold.ingest.fetch import Fetcher
    from storyfold.store import Ingester, Store
    from storyfold.store.pipeline import describe_poll
    from storyfold.text.controls import one_line

    interval = parse_duration(every)
    stop = threading.Event()

    def _stop(signum: int, frame: object) -> None:
        stop.set()

    previous = {s: signal.signal(s, _stop) for s in (signal.SIGINT, signal.SIGTERM)}
    path = db or default_db()
    round_number = 0
    try:
        # One fetcher for the whole run: its per-host delay spaces requests across feeds.
        with (
            Store(path) as store,
            Fetcher(_fetch_settings(timeout, max_entries), allow_private=allow_private) as fetcher,
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
                    line = f"{stamp} round {round_number} {feed}: {outcome}"
                    typer.echo(one_line(line))  # the feed's own words reach the terminal
                if rounds is not None and round_number >= rounds:
                    break
                stop.wait(interval)
    except StoryfoldError as exc:
        fail(str(exc))
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
    from storyfold.store import Store, stories_json

    if fmt not in ("table", "json"):
        fail(f"unknown format {fmt!r} (choose from table, json)")
    cutoff = None if since is None else datetime.now(UTC) - timedelta(seconds=parse_duration(since))
    try:
        with Store(existing_store(db)) as store:
            found = store.stories(since=cutoff, search=search, limit=limit)
    except StoryfoldError as exc:
        fail(str(exc))
    if fmt == "json":
        sys.stdout.write(json.dumps(stories_json(found), indent=2, ensure_ascii=False) + "\n")
        return
    if not found:
        typer.echo("no stories", err=True)
        return
    from storyfold.text.controls import one_line

    typer.echo(f"{'story':<16} {'size':>5}  {'last seen':<16}  title")
    for story in found:
        seen = story.last_seen.strftime("%Y-%m-%d %H:%M")
        # Titles come from articles: no escape sequence reaches the terminal.
        title = one_line(story.title or "")
        typer.echo(f"{one_line(story.id):<16} {story.size:>5}  {seen:<16}  {title}")


@app.command("story")
def story_command(
    story_id: Annotated[str, typer.Argument(metavar="ID", help="A story id from `stories`.")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="md, json or html.")] = "md",
    words: Annotated[int, typer.Option(min=1, help="Word budget of the summary.")] = DEFAULT_WORDS,
    db: DbOption = None,
) -> None:
    """The brief of one stored story (cached until the story changes)."""
    from storyfold.store import Store, story_brief

    check_format(fmt)
    try:
        with Store(existing_store(db)) as store:
            text, _ = story_brief(store, story_id, fmt, Settings(words=words))
    except StoryfoldError as exc:
        fail(str(exc))
    sys.stdout.write(text)


def _fetch_settings(timeout: float | None, max_entries: int | None = None) -> FetchSettings:
    from storyfold.ingest.fetch import FetchSettings

    settings = FetchSettings()
    if max_entries is not None:
        settings = dataclasses.replace(settings, max_feed_entries=max_entries)
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
    from rich.console import Console

    with Console(stderr=True).status("reading sources") as status:
        yield lambda read, new: status.update(f"read {read} articles, {new} new")
