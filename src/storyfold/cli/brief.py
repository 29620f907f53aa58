"""`storyfold brief`: one story's brief from its reports."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from storyfold.cli.common import app, check_format, fail, load_inputs, parse_size, report_skipped
from storyfold.config import DEFAULT_MAX_BYTES, DEFAULT_WORDS, Settings
from storyfold.errors import StoryfoldError


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
    from storyfold.brief import brief as make_brief
    from storyfold.render import render

    check_format(fmt)
    settings = Settings(words=words, max_bytes=parse_size(max_size))
    try:
        corpus = load_inputs(inputs, settings)
        if not quiet:
            report_skipped(corpus)
        result = make_brief(corpus, settings)
        text = render(result, fmt)
    except StoryfoldError as exc:
        fail(str(exc))
    if output is None:
        sys.stdout.write(text)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        fail(f"{output}: cannot write: {exc.strerror or exc}")
    typer.echo(
        f"wrote {output} ({len(result.summary)} lines, {len(result.articles)} articles)", err=True
    )
