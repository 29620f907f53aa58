"""From offsets into an article's clean text back to the text as it was given.

Cleaning keeps whole lines and strips their edges (``clean_text``): each line of the clean
text is one line of the raw text without its surrounding whitespace. So a clean offset
maps to the given text through a table of lines, and every mapped span is checked
character for character before it is handed out: a span that cannot be placed exactly
gets no offsets rather than wrong ones.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Collection
from dataclasses import dataclass

# Line boundaries as ``str.splitlines`` sees them (plain files are read that way), and as
# ``str.split("\n")`` sees them (JSONL text, HTML extraction).
_SPLITLINES_BREAK = re.compile("\r\n|[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
_NEWLINE = re.compile("\n")


@dataclass(frozen=True)
class OffsetMap:
    """Clean-text offsets to given-text offsets, one entry a kept line."""

    clean: str
    given: str
    clean_starts: tuple[int, ...]  # where each mapped line starts in the clean text
    given_starts: tuple[int, ...]  # where the same line starts in the given text
    lengths: tuple[int, ...]

    def position(self, offset: int) -> int | None:
        """The given-text offset of clean character ``offset``; None when its line is not
        mapped (or the offset is a line break)."""
        i = bisect.bisect_right(self.clean_starts, offset) - 1
        if i < 0 or offset >= self.clean_starts[i] + self.lengths[i]:
            return None
        return self.given_starts[i] + offset - self.clean_starts[i]

    def span(self, start: int, end: int) -> tuple[int, int] | None:
        """Given-text offsets of clean span [start, end) when its characters are the same
        there; None otherwise (a span across lines, or a line that could not be placed)."""
        if not 0 <= start < end <= len(self.clean):
            return None
        first, last = self.position(start), self.position(end - 1)
        if first is None or last is None:
            return None
        if self.given[first : last + 1] != self.clean[start:end]:
            return None
        return first, last + 1

    def range(self, start: int, end: int) -> tuple[int, int] | None:
        """Given-text offsets from clean character ``start`` to ``end - 1`` even across
        lines (a quotation running over two paragraphs); the text between may differ from
        the clean text only in the line breaks and removed lines the given text has there."""
        if not 0 <= start < end <= len(self.clean):
            return None
        first, last = self.position(start), self.position(end - 1)
        if first is None or last is None or last < first:
            return None
        return first, last + 1


def map_clean_text(
    given: str,
    clean: str,
    *,
    removed_lines: Collection[int] = (),
    splitlines: bool = False,
) -> OffsetMap:
    """The line table from ``clean`` (``clean_text``'s output) to ``given``.

    ``given`` is the text cleaning read, or the text it was read from when that differs
    only in line breaks (``splitlines`` true: a plain file, whose reader splits lines as
    ``str.splitlines`` does). ``removed_lines`` are the 1-based numbers of the lines
    cleaning dropped; each clean line is matched to the next given line, past those, whose
    stripped text it is. A clean line with no such match is left unmapped.
    """
    breaks = _SPLITLINES_BREAK if splitlines else _NEWLINE
    lines: list[tuple[int, int]] = []  # (start, end) of each given line
    pos = 0
    for br in breaks.finditer(given):
        lines.append((pos, br.start()))
        pos = br.end()
    lines.append((pos, len(given)))
    removed = set(removed_lines)
    clean_starts: list[int] = []
    given_starts: list[int] = []
    lengths: list[int] = []
    cursor = 0  # index of the next given line to try
    clean_pos = 0
    for clean_line in clean.split("\n"):
        if clean_line:
            for index in range(cursor, len(lines)):
                if index + 1 in removed:
                    continue
                start, end = lines[index]
                raw = given[start:end]
                if raw.strip() == clean_line:
                    clean_starts.append(clean_pos)
                    given_starts.append(start + len(raw) - len(raw.lstrip()))
                    lengths.append(len(clean_line))
                    cursor = index + 1
                    break
        clean_pos += len(clean_line) + 1
    return OffsetMap(
        clean=clean,
        given=given,
        clean_starts=tuple(clean_starts),
        given_starts=tuple(given_starts),
        lengths=tuple(lengths),
    )
