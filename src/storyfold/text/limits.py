"""Bounded work per article: caps on an article's, a line's and a sentence's length.

Everything after cleaning (near-duplicate shingles, the clusterer's term vectors, the
embedder, the brief's sentence table) costs at least linear, some of it far more than
linear, in an article's length, and a 50 MB file with no line break is a valid input. So:

- an article's raw text past ``MAX_ARTICLE_CHARS`` is cut (at a word break) before it is
  cleaned, with a note in its cleaning record;
- a line past ``MAX_LINE_CHARS`` is split into lines at sentence ends or word breaks (no
  text lost; noted), so the cleaner's per-line rules and a "sentence" ending at a line
  break stay bounded;
- a sentence past ``MAX_SENTENCE_CHARS`` is split into pieces at word breaks: a sentence is
  a unit the brief cites and embeds, and a 100,000-character run of words is not one.

The caps are chosen, not tuned, well above real news text: a 20,000-word long read is
about 130,000 characters; the longest sentence `split_sentences` finds in the 15,317
Multi-News validation documents is 1,736 characters, and the five seed reports' longest
line is 464 characters (both measured by path on ../shared).
"""

from __future__ import annotations

import re

from storyfold.model import RemovedLine

MAX_ARTICLE_CHARS = 300_000
MAX_LINE_CHARS = 30_000
MAX_SENTENCE_CHARS = 2_000

# Where a long line may be split: after a sentence end and its space, else a space.
_SENTENCE_BREAK = re.compile(r"[.?!…][\"'”’)\]]*\s+")
_PREVIEW = 80  # characters of cut text kept in the note


def cut_article(raw: str) -> tuple[str, tuple[RemovedLine, ...]]:
    """``raw`` cut to ``MAX_ARTICLE_CHARS`` (at a word break) with long lines split, and
    the notes that say so. Unchanged, with no notes, for any ordinary article."""
    notes: list[RemovedLine] = []
    if len(raw) > MAX_ARTICLE_CHARS:
        end = _word_break(raw, MAX_ARTICLE_CHARS)
        line = raw.count("\n", 0, end) + 1
        rest = len(raw) - end
        notes.append(
            RemovedLine(
                line,
                raw[end : end + _PREVIEW].strip() + " …",
                f"article cut: the {rest:,} characters after the first {end:,} were not "
                f"read (storyfold reads at most {MAX_ARTICLE_CHARS:,} characters an article)",
            )
        )
        raw = raw[:end]
    if any(len(line) > MAX_LINE_CHARS for line in _long_line_candidates(raw)):
        raw, split = _split_long_lines(raw)
        notes.extend(split)
    return raw, tuple(notes)


def bounded_spans(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sentence spans with every span over ``MAX_SENTENCE_CHARS`` split at word breaks into
    pieces no longer than the cap (the offsets still point into ``text``)."""
    if all(end - start <= MAX_SENTENCE_CHARS for start, end in spans):
        return spans
    bounded: list[tuple[int, int]] = []
    for start, end in spans:
        while end - start > MAX_SENTENCE_CHARS:
            cut = _word_break(text, start + MAX_SENTENCE_CHARS, floor=start + 1)
            piece_end = cut
            while piece_end > start and text[piece_end - 1].isspace():
                piece_end -= 1
            if piece_end > start:
                bounded.append((start, piece_end))
            start = cut
            while start < end and text[start].isspace():
                start += 1
        if end > start:
            bounded.append((start, end))
    return bounded


def _long_line_candidates(text: str) -> list[str]:
    # Cheap pre-check: only when the text itself is long can a line be.
    return text.split("\n") if len(text) > MAX_LINE_CHARS else []


def _split_long_lines(raw: str) -> tuple[str, list[RemovedLine]]:
    lines = raw.split("\n")
    out: list[str] = []
    notes: list[RemovedLine] = []
    for number, line in enumerate(lines, start=1):
        if len(line) <= MAX_LINE_CHARS:
            out.append(line)
            continue
        pieces = _pieces(line)
        out.extend(pieces)
        notes.append(
            RemovedLine(
                number,
                line[:_PREVIEW] + " …",
                f"line split: {len(line):,} characters on one line, read as {len(pieces)} "
                f"lines of at most {MAX_LINE_CHARS:,} (nothing left out; line numbers "
                "after it shift)",
            )
        )
    return "\n".join(out), notes


def _pieces(line: str) -> list[str]:
    pieces: list[str] = []
    start = 0
    while len(line) - start > MAX_LINE_CHARS:
        limit = start + MAX_LINE_CHARS
        # The last sentence end in the second half of the window, else a word break.
        best = None
        for match in _SENTENCE_BREAK.finditer(line, start + MAX_LINE_CHARS // 2, limit):
            best = match.end()
        cut = best if best is not None else _word_break(line, limit, floor=start + 1)
        pieces.append(line[start:cut].rstrip())
        start = cut
    pieces.append(line[start:])
    return [p for p in pieces if p.strip()] or [line]


def _word_break(text: str, limit: int, floor: int = 1) -> int:
    """The last whitespace at or before ``limit`` (from ``floor`` on); ``limit`` itself
    when there is none (unbroken text is cut mid-word)."""
    space = max(text.rfind(" ", floor, limit + 1), text.rfind("\n", floor, limit + 1))
    return space if space > floor else limit
