"""Sentence features with relative dates put on the calendar, for the single-outlet check.

Outlets write one day in different words: an article published on Nov. 4 says the bridge
closed "on Tuesday", one of Nov. 6 that it "has been closed since Nov 3". Word bags and the
weekday-and-month-name veto see nothing in common there. Here each day a sentence names is
replaced by one token for its calendar date (the day resolved against its article's
publication date, as the timeline and the summary's brackets do), so both sentences share
that token, and two sentences that name different days share none.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from storyfold.brief.dates.temporal import find_time_expressions
from storyfold.brief.summary.resolve import RELIABLE_DATE
from storyfold.brief.table import SentenceTable, TextFeatures, day_words, incidence
from storyfold.model import PublicationDate
from storyfold.text import content_words, normalize_for_matching


def date_token(day: str) -> str:
    """The word that stands for one calendar day ("2026-11-03" -> "d20261103")."""
    return "d" + day.replace("-", "")


def dated_features(
    table: SentenceTable, publication: Sequence[PublicationDate] = ()
) -> TextFeatures:
    """The table's features with each resolved day as one date word, in the content words
    (so "since Nov 3" and "on Tuesday" share it) and in the day bag (so their veto compares
    calendar days). Only publication dates sure enough to place a weekday are used
    (summary.resolve.RELIABLE_DATE); without one, a weekday stays a weekday name."""
    anchors = {
        p.article_id: p.date
        for p in publication
        if p.date is not None and p.confidence >= RELIABLE_DATE
    }
    if not anchors:
        return table.features
    # (article index, start, end, token) of each resolved day, by article.
    days_of: dict[int, list[tuple[int, int, str]]] = {}
    for a, article in enumerate(table.articles):
        anchor = anchors.get(article.id)
        if anchor is None:
            continue
        days_of[a] = [
            (e.start, e.end, date_token(e.date.isoformat()))
            for e in find_time_expressions(article, anchor)
            if e.granularity == "day"
        ]
    if not any(days_of.values()):
        return table.features
    terms: list[list[str]] = []
    days: list[list[str]] = []
    changed = False
    for row, sentence in enumerate(table.sentences):
        text = table.texts[row]
        inside = [
            (start - sentence.start, end - sentence.start, token)
            for start, end, token in days_of.get(int(table.article_of[row]), ())
            if sentence.start <= start and end <= sentence.end
        ]
        tokens = [token for _, _, token in inside]
        # The date's words ("Nov", "3", "Tuesday") give way to its one token.
        for start, end, token in sorted(inside, reverse=True):
            text = f"{text[:start]} {token} {text[end:]}"
        changed = changed or bool(inside)
        normalized = normalize_for_matching(text)
        terms.append(content_words(normalized))
        days.append(tokens + day_words(normalized))
    if not changed:
        return table.features
    return dataclasses.replace(table.features, terms=incidence(terms), days=incidence(days))
