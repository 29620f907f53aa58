"""`storyfold extract`: per article, quotes, dates and entities at offsets into the text as
given, one JSON line an article (`storyfold.extract/1`)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, TextIO

import typer

from storyfold.cli.common import app, fail, parse_size
from storyfold.config import DEFAULT_MAX_BYTES, Settings
from storyfold.errors import StoryfoldError


@app.command("extract")
def extract_command(
    inputs: Annotated[
        list[str],
        typer.Argument(
            help="JSONL (.jsonl, .jsonl.gz: one article a line, "
            '{"id", "text", "published"?, "title"?}), .txt, .html files and directories.'
        ),
    ],
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write JSON lines here, not stdout.")
    ] = None,
    max_size: Annotated[
        str, typer.Option("--max-size", help="Skip input files and lines larger than this.")
    ] = f"{DEFAULT_MAX_BYTES // 1024**2}MB",
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Do not list skipped inputs.")
    ] = False,
) -> None:
    """Quotes and speakers, dates and entities of each article, as JSON lines."""
    from storyfold.extract import extract, extraction_json, read_inputs
    from storyfold.model import Skipped

    settings = Settings(max_bytes=parse_size(max_size))
    written = skipped = 0
    try:
        sink: TextIO = sys.stdout if output is None else output.open("w", encoding="utf-8")
    except OSError as exc:
        fail(f"{output}: cannot write: {exc.strerror or exc}")
    try:
        for item in extract(read_inputs(inputs, settings)):
            if isinstance(item, Skipped):
                skipped += 1
                if not quiet:
                    typer.echo(f"skipped {item.input}: {item.reason}", err=True)
                continue
            sink.write(json.dumps(extraction_json(item), ensure_ascii=False) + "\n")
            written += 1
    except StoryfoldError as exc:
        fail(str(exc))
    except OSError as exc:
        fail(f"{output or 'stdout'}: cannot write: {exc.strerror or exc}")
    finally:
        if output is not None:
            sink.close()
    if output is not None:
        typer.echo(f"wrote {output} ({written} articles, {skipped} skipped)", err=True)
    if written == 0:
        fail("no article could be read" + (" (see the skipped inputs above)" if skipped else ""))
