"""The command line: parses flags, calls the library, prints. Errors become one line.

One module a group of commands; each registers on the one `app` when imported. Library
imports sit inside the commands, so `storyfold --help` loads no model or data library.
"""

from __future__ import annotations

from storyfold.cli import brief, evaluate, extract, serve, spark, stream
from storyfold.cli.common import app, parse_duration, parse_size

__all__ = [
    "app",
    "brief",
    "evaluate",
    "extract",
    "main",
    "parse_duration",
    "parse_size",
    "serve",
    "spark",
    "stream",
]


def main() -> None:
    app()
