"""Offsets into an HTML page as given, for spans of the text extracted from it.

The extractor (trafilatura) gives the article's text without saying where each paragraph
came from. The page's visible characters are read here with the source offset of each:
markup and the contents of ``<head>``, ``<script>``, ``<style>`` and comments give none,
an entity (``&amp;``) gives its character from its whole source range, and a run of
whitespace reads as one space, as the extractor writes it. A paragraph of the extracted
text is then found in that stream after the previous one, and a span inside it is placed
only when the page's characters at the offsets are exactly the span's text: a name with an
entity or a tag inside it ("AT&amp;T", "<b>Harbor</b> Bridge") gets no offsets, never
approximate ones.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

_TOKEN = re.compile(
    r"(?P<skip><!--.*?-->|<(?P<block>script|style|head|title|noscript|template)\b[^>]*>.*?"
    r"</(?P=block)\s*>)|(?P<tag><[!/?]?[A-Za-z][^>]*>)|(?P<entity>&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|"
    r"[A-Za-z][A-Za-z0-9]{1,31});)|(?P<space>\s+)|(?P<text>[^<&\s]+|[<&])",
    re.IGNORECASE | re.DOTALL,
)


@dataclass(frozen=True)
class VisibleText:
    """The page's visible characters, whitespace runs as one space, and for each its source
    range."""

    source: str
    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    @classmethod
    def read(cls, source: str) -> VisibleText:
        chars: list[str] = []
        starts: list[int] = []
        ends: list[int] = []
        for m in _TOKEN.finditer(source):
            kind = m.lastgroup
            if kind in ("skip", "tag", "block"):
                continue
            if kind == "space":
                if chars and chars[-1] != " ":
                    chars.append(" ")
                    starts.append(m.start())
                    ends.append(m.end())
            elif kind == "entity":
                decoded = html.unescape(m.group())
                for ch in decoded:
                    chars.append(" " if ch.isspace() else ch)
                    starts.append(m.start())
                    ends.append(m.end())
            else:
                for i, ch in enumerate(m.group(), start=m.start()):
                    chars.append(ch)
                    starts.append(i)
                    ends.append(i + 1)
        return cls(source, "".join(chars), tuple(starts), tuple(ends))


class HtmlPlacer:
    """Places spans of the extracted text (given line by line) in the page's source."""

    def __init__(self, source: str) -> None:
        self.visible = VisibleText.read(source)
        self._cursor = 0
        self._found: dict[int, int] = {}  # extracted line start -> visible offset

    def place_line(self, line_start: int, line: str) -> None:
        """Find the extracted line starting at ``line_start`` (an offset in the extracted
        text) in the page, after the line placed before it. Lines are placed in order."""
        wanted = " ".join(line.split())
        if not wanted:
            return
        at = self.visible.text.find(wanted, self._cursor)
        if at < 0:
            return
        # Only lines that read the same, whitespace aside, are placed; so a span's offset
        # within its line is its offset in the stream.
        if wanted == line:
            self._found[line_start] = at
        self._cursor = at + len(wanted)

    def span(self, line_start: int, start: int, end: int, text: str) -> tuple[int, int] | None:
        """Source offsets of extracted-text span [start, end) of the line at ``line_start``
        when the page holds exactly ``text`` there."""
        at = self._found.get(line_start)
        if at is None or end <= start:
            return None
        first = at + start - line_start
        last = at + end - line_start - 1
        if last >= len(self.visible.starts):
            return None
        source_start, source_end = self.visible.starts[first], self.visible.ends[last]
        if self.visible.source[source_start:source_end] != text:
            return None
        return source_start, source_end
