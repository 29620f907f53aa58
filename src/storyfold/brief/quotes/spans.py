"""Where an article quotes someone: the quoted words between quotation marks.

Paragraph by paragraph, since news copy never runs a quotation across a paragraph without
reopening it: a quotation still open at a paragraph's end stops there (the next paragraph
reopens it, and is found on its own). Double marks, straight or curly, are quotations
wherever they stand; single marks only where they cannot be apostrophes (a mark that
opens a word and one that closes it, outside any double quotation), since "Russia's" and
"the groups' work" hold the same character.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A quotation shorter than this is a phrase held at arm's length ("tactical"), not a
# statement: it is dropped. Three words is where the table's quote bag starts too.
MIN_QUOTE_WORDS = 3
_OPEN_DOUBLE = "“„"
_CLOSE_DOUBLE = "”"
_SINGLE = re.compile(r"(?<![\w’'])[‘'](?=[^\W\d_])([^‘’'\n]{2,400}?[\w.,!?)\]])[’'](?![\w])")
# Two apostrophes that open a quotation (a word follows) or close one (a word or mark
# precedes).
_PAIR_OPENS = re.compile(r"(?<![\w.,!?])''(?=\S)")
_PAIR_CLOSES = re.compile(r"(?<=[\w.,!?)\]])''")
_WORD = re.compile(r"[^\W_]+(?:['’.-][^\W_]+)*")


@dataclass(frozen=True, slots=True)
class QuotedSpan:
    start: int  # the quoted words, without their marks, in the article's clean text
    end: int
    open_mark: int  # offset of the opening mark
    close_mark: int | None  # offset of the closing mark; None when the paragraph ends first


def word_count(text: str) -> int:
    return len(_WORD.findall(text))


def quoted_spans(text: str) -> list[QuotedSpan]:
    """Quotations of at least MIN_QUOTE_WORDS words in ``text``, in order."""
    spans: list[QuotedSpan] = []
    offset = 0
    for paragraph in text.split("\n"):
        spans.extend(_in_paragraph(paragraph, offset))
        offset += len(paragraph) + 1
    return [
        s
        for s in spans
        if word_count(text[s.start : s.end]) >= MIN_QUOTE_WORDS and not _heading(text, s)
    ]


def _heading(text: str, span: QuotedSpan) -> bool:
    """A quotation alone on its line without a full stop is a sub-heading or a pull quote
    ("'No talks without terms'"): a label the outlet chose, not a statement in context."""
    line_start = text.rfind("\n", 0, span.start) + 1
    line_end = text.find("\n", span.end)
    line = text[line_start : line_end if line_end >= 0 else len(text)]
    alone = line.strip(" \t\"'“”‘’") == text[span.start : span.end].strip()
    return alone and not text[span.start : span.end].rstrip().endswith((".", "!", "?"))


def _paired_apostrophes(paragraph: str) -> str:
    """Some newspapers' copy writes a double mark as two apostrophes (''like this''): each
    pair becomes a space and one straight double mark, so offsets stay the same."""
    if "''" not in paragraph:
        return paragraph
    return _PAIR_OPENS.sub(' "', _PAIR_CLOSES.sub('" ', paragraph))


def _in_paragraph(paragraph: str, offset: int) -> list[QuotedSpan]:
    paragraph = _paired_apostrophes(paragraph)
    doubles: list[QuotedSpan] = []
    opened: int | None = None
    for i, char in enumerate(paragraph):
        if opened is None:
            if char in _OPEN_DOUBLE or (char in '"”' and _opens(paragraph, i)):
                opened = i
        elif char in _CLOSE_DOUBLE or char == '"':
            doubles.append(_span(paragraph, offset, opened, i))
            opened = None
    if opened is not None:
        doubles.append(_span(paragraph, offset, opened, None))
    singles = [
        QuotedSpan(offset + m.start(1), offset + m.end(1), offset + m.start(), offset + m.end() - 1)
        for m in _SINGLE.finditer(paragraph)
        if not any(d.open_mark <= offset + m.start() <= _end(d, paragraph, offset) for d in doubles)
    ]
    return sorted(doubles + singles, key=lambda s: s.start)


def _opens(paragraph: str, i: int) -> bool:
    """A straight (or misused closing) mark opens where a word starts after it."""
    before = paragraph[i - 1] if i else " "
    after = paragraph[i + 1] if i + 1 < len(paragraph) else " "
    return (before.isspace() or before in "([—–-") and not after.isspace()


def _end(span: QuotedSpan, paragraph: str, offset: int) -> int:
    return span.close_mark if span.close_mark is not None else offset + len(paragraph)


def _span(paragraph: str, offset: int, opened: int, closed: int | None) -> QuotedSpan:
    start = opened + 1
    end = closed if closed is not None else len(paragraph.rstrip())
    words = paragraph[start:end]
    # The comma news style puts inside the marks belongs to the sentence, not the quote.
    trimmed = words.rstrip().rstrip(",").rstrip()
    lead = len(words) - len(words.lstrip())
    return QuotedSpan(
        start=offset + start + lead,
        end=offset + start + len(trimmed),
        open_mark=offset + opened,
        close_mark=None if closed is None else offset + closed,
    )
