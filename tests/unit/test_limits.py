"""Bounded work per article: long articles cut, long lines split, long sentences split,
each with a note; ordinary text untouched."""

from __future__ import annotations

import datetime as dt

from storyfold.model import Article
from storyfold.text import clean_article
from storyfold.text.limits import (
    MAX_ARTICLE_CHARS,
    MAX_LINE_CHARS,
    MAX_SENTENCE_CHARS,
    bounded_spans,
    cut_article,
)
from tests.conftest import DAM_BODY

_SENTENCE = "The council said on Monday that the bridge over the river would reopen soon. "


def _article(raw: str) -> Article:
    return Article(id="a", outlet="Post", source="a.txt", raw_text=raw)


def test_ordinary_text_is_untouched() -> None:
    assert cut_article(DAM_BODY) == (DAM_BODY, ())


def test_a_huge_one_line_article_is_cut_and_split_with_notes() -> None:
    words = ["bridge", "river", "council", "ferry", "harbour", "market", "school", "dam"]
    count = MAX_ARTICLE_CHARS // len(_SENTENCE) + 500
    raw = "".join(
        f"The {words[i % 8]} said on day {i} that {i * 7} {words[(i * 3) % 8]} crews would "
        f"return to the {words[(i * 5) % 8]} soon. "
        for i in range(count)
    )
    cleaned = clean_article(_article(raw))
    assert len(cleaned.text) <= MAX_ARTICLE_CHARS
    reasons = [r.reason for r in cleaned.removed]
    assert any(r.startswith("article cut:") for r in reasons)
    assert any(r.startswith("line split:") for r in reasons)
    assert max(len(line) for line in cleaned.text.split("\n")) <= MAX_LINE_CHARS
    assert cleaned.sentences


def test_a_line_is_split_at_sentence_ends_without_losing_text() -> None:
    raw = _SENTENCE * (2 * MAX_LINE_CHARS // len(_SENTENCE) + 3)
    bounded, notes = cut_article(raw)
    assert len(notes) == 1 and notes[0].reason.startswith("line split:")
    assert bounded.replace("\n", "").replace(" ", "") == raw.replace(" ", "")
    assert all(line.endswith(".") for line in bounded.split("\n")[:-1])


def test_an_unbroken_sentence_is_split_into_capped_pieces() -> None:
    text = "word " * (3 * MAX_SENTENCE_CHARS // 5) + "end."
    spans = bounded_spans(text, [(0, len(text))])
    assert len(spans) >= 3
    assert all(end - start <= MAX_SENTENCE_CHARS for start, end in spans)
    assert "".join(text[s:e] for s, e in spans).replace(" ", "") == text.replace(" ", "")
    no_spaces = "x" * (2 * MAX_SENTENCE_CHARS + 7)
    pieces = bounded_spans(no_spaces, [(0, len(no_spaces))])
    assert sum(e - s for s, e in pieces) == len(no_spaces)


def test_a_huge_offset_in_article_text_is_unknown_not_a_crash() -> None:
    from storyfold.brief.dates.temporal import resolve, scan

    for text in ("It began 9999 years ago.", "It ended 9999999 weeks ago."):
        mentions = scan(text)
        assert mentions, text
        for mention in mentions:
            assert resolve(mention, dt.date(2015, 3, 12)) is None
    for mention in scan("It ended 99999 weeks ago."):
        assert resolve(mention, dt.date(1800, 1, 2)) is None
    # An ordinary offset still resolves.
    (mention,) = scan("It began 3 years ago.")
    assert resolve(mention, dt.date(2015, 3, 12)) == (dt.date(2012, 1, 1), "year")
