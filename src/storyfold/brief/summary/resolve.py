"""Editor's brackets: what a summary line leaves to its article, filled in from the brief.

A line lifted from an article can lean on it: "..., he said." names its speaker a
paragraph earlier; "on Friday" means the Friday before the article was published; "the
report says" means the report the article introduced a sentence or two before. The brief
knows all three (the quotes' speakers, each article's publication date, the article's own
sentences), so the line is shown as an editor would print it: "he [Josh Earnest] said",
"on Friday [Sept. 18]", "the [state inspection] report". Only insertions, never a changed
word: outside the brackets the line is its source sentence exactly (`apply` and
`standalone.without_brackets` undo each other), and a pronoun is resolved only when the
quote finder tied that very pronoun to a named speaker, a weekday only when the article's
publication date is known, a document only when the article's sentences just before name
one such document, in its own words.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Sequence

from storyfold.brief.dates.temporal import find_time_expressions
from storyfold.brief.summary.standalone import BARE_SPEAKERS, DOCUMENT_NOUNS, bare_documents
from storyfold.brief.table import SentenceTable
from storyfold.model import Insertion, PublicationDate, Quote, TimeExpression

# Publication dates this sure (pubdates' rungs: metadata 1.0, a dated line or URL 0.9, the
# latest date corroborated by its weekday 0.75) place a weekday on the calendar. Below it
# the date can be days off: the example's 03_metro_wire was put at Nov. 10 (0.5) for a
# report of Nov. 3-4, which made "on Tuesday" Nov. 10 for a closure on Nov. 3. Unknown is
# better than wrong, so a weekday there stays unbracketed.
RELIABLE_DATE = 0.7
# AP style, as news copy writes dates.
_MONTHS = (
    "Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.",
    "Dec.",
)  # fmt: skip
_WEEKDAY_WORDS = re.compile(
    r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|yesterday|tonight"
    r"|tomorrow)\b",
    re.IGNORECASE,
)
_PRONOUN = re.compile(r"\b(?:he|she|they)\b", re.IGNORECASE)
# How far back a bare "the report" may find the report it means: the sentences an article
# puts between introducing a document and quoting it.
DOCUMENT_LOOKBACK = 3
# "a state inspection report", "the council's own report": the words before the noun that
# say which document it is (up to three, no punctuation between).
_INTRODUCED = {
    noun: re.compile(
        rf"\b(?:a|an|the|its|their|his|her)\s+(?P<which>(?:[A-Za-z][\w'’-]*\s+){{1,3}}?)"
        rf"{noun}\b",
        re.IGNORECASE,
    )
    for noun in DOCUMENT_NOUNS.split("|")
}
# Words before a noun that do not say which document ("the new report", "its latest").
_NOT_WHICH = frozenset(
    {"new", "latest", "recent", "same", "other", "this", "that", "these", "those", "such",
     "another", "first", "second", "whole", "full", "entire"}
)  # fmt: skip


class Resolver:
    """Insertions for any sentence of one story's table."""

    def __init__(
        self,
        table: SentenceTable,
        quotes: Sequence[Quote] = (),
        publication: Sequence[PublicationDate] = (),
    ) -> None:
        self._table = table
        # (article id, offset of the attributing pronoun's first letter) -> speaker's name.
        self._speakers: dict[tuple[str, int], str] = {}
        sentence_at = sentence_index(table, quotes)
        for quote in quotes:
            name = quote.speaker.name
            if name is None:
                continue
            for mention in quote.mentions:
                attribution = (mention.attribution or "").strip()
                if attribution.lower() not in BARE_SPEAKERS:
                    continue
                # The pronoun sits in the sentence where the quote starts or where it ends
                # ("... more. It is," he said.).
                for offset in (mention.start, max(mention.end - 1, mention.start)):
                    index = sentence_at.get(mention.article_id, {}).get(offset)
                    if index is not None:
                        self._speakers[(mention.article_id, index)] = name
        self.published = {
            p.article_id: p.date
            for p in publication
            if p.date is not None and p.confidence >= RELIABLE_DATE
        }
        # Day dates in each article whose publication date is known (a relative date cannot
        # be told otherwise); weekdays among them get a bracket.
        self._days: dict[str, tuple[TimeExpression, ...]] = {}
        for article in table.articles:
            anchor = self.published.get(article.id)
            if anchor is not None:
                self._days[article.id] = tuple(
                    e for e in find_time_expressions(article, anchor) if e.granularity == "day"
                )

    def insertions(self, row: int) -> tuple[Insertion, ...]:
        table = self._table
        sentence = table.sentences[row]
        article = table.articles[int(table.article_of[row])]
        text = table.texts[row]
        found: list[Insertion] = []
        name = self._speakers.get((article.id, sentence.index))
        if name is not None:
            found.extend(_speaker_insertions(text, name))
        found.extend(self._document_insertions(row))
        outside = _mask_quotes(text)
        for expression in self._dates_in(row):
            # Not inside a quotation: "today" in a remark is the speaker's day, which the
            # reader cannot tell from the article's.
            inside = outside[expression.start - sentence.start] == " "
            if expression.relative and not inside and _WEEKDAY_WORDS.search(expression.text):
                at = expression.end - sentence.start
                found.append(Insertion(at=at, text=f"[{_day(expression.date)}]"))
        return tuple(sorted(found, key=lambda i: i.at))

    def _document_insertions(self, row: int) -> list[Insertion]:
        """ "the report" -> "the [state inspection] report", where the sentences just
        before in its article introduce one report and say which in words before the noun;
        none where they name two, or none."""
        table = self._table
        text = table.texts[row]
        sentence = table.sentences[row]
        article = table.articles[int(table.article_of[row])]
        found = []
        for bare in bare_documents(text):
            noun = bare.group("noun").lower()
            which: set[str] = set()
            for earlier in reversed(article.sentences[: sentence.index]):
                if sentence.index - earlier.index > DOCUMENT_LOOKBACK or which:
                    break
                told = article.text[earlier.start : earlier.end]
                for match in _INTRODUCED[noun].finditer(told):
                    words = match.group("which").split()
                    if not {w.lower() for w in words} & _NOT_WHICH:
                        which.add(" ".join(words))
            if len(which) == 1:
                # After "the": "the [state inspection] report".
                found.append(Insertion(at=bare.start("noun") - 1, text=f"[{which.pop()}]"))
        return found

    def latest_date(self, row: int) -> dt.date | None:
        """The latest day the sentence dates anything to: what it reports is no earlier."""
        return max((e.date for e in self._dates_in(row)), default=None)

    def could_report(self, row: int, article_id: str) -> bool:
        """Could the article ``article_id`` have reported what sentence ``row`` reports? Not
        when it was published before the day the sentence dates it to. A sentence dated
        after its own article's publication reports a plan, not an event, and any article
        may have reported the plan; so may any article when either date is unknown."""
        event = self.latest_date(row)
        own = self.published.get(self._table.articles[int(self._table.article_of[row])].id)
        if event is None or own is None or event > own:
            return True
        published = self.published.get(article_id)
        return published is None or published >= event

    def _dates_in(self, row: int) -> list[TimeExpression]:
        sentence = self._table.sentences[row]
        article = self._table.articles[int(self._table.article_of[row])]
        return [
            e
            for e in self._days.get(article.id, ())
            if sentence.start <= e.start and e.end <= sentence.end
        ]

    def shown(self, row: int) -> tuple[str, tuple[Insertion, ...]]:
        """The line as the reader sees it, and the insertions that make it."""
        insertions = self.insertions(row)
        return apply(self._table.texts[row], insertions), insertions


def sentence_index(table: SentenceTable, quotes: Sequence[Quote]) -> dict[str, dict[int, int]]:
    """For each quote's first and last character: the index of the sentence holding it."""
    wanted: dict[str, set[int]] = {}
    for quote in quotes:
        for m in quote.mentions:
            wanted.setdefault(m.article_id, set()).update({m.start, max(m.end - 1, m.start)})
    found: dict[str, dict[int, int]] = {}
    for article in table.articles:
        offsets = sorted(wanted.get(article.id, ()))
        if not offsets:
            continue
        starts = [s.start for s in article.sentences]
        places = found.setdefault(article.id, {})
        for offset in offsets:
            k = bisect.bisect_right(starts, offset) - 1
            if k >= 0 and offset < article.sentences[k].end:
                places[offset] = article.sentences[k].index
    return found


def _speaker_insertions(text: str, name: str) -> list[Insertion]:
    """After each bare he/she/they outside quotation marks: the quote's speaker is the
    sentence's one named speaker, tied by the quote finder to that pronoun."""
    outside = _mask_quotes(text)
    return [Insertion(at=m.end(), text=f"[{name}]") for m in _PRONOUN.finditer(outside)][:1]


def _mask_quotes(text: str) -> str:
    """``text`` with quoted material blanked, offsets kept."""
    out = list(text)
    inside = False
    for k, ch in enumerate(text):
        if ch in '"“”«»„':
            inside = not inside if ch == '"' else ch in "“«„"
            continue
        if inside:
            out[k] = " "
    return "".join(out)


def _day(date: dt.date) -> str:
    return f"{_MONTHS[date.month - 1]} {date.day}"


def apply(text: str, insertions: Sequence[Insertion]) -> str:
    """``text`` with each insertion put at its offset, after a space."""
    parts: list[str] = []
    last = 0
    for insertion in sorted(insertions, key=lambda i: i.at):
        parts.append(text[last : insertion.at])
        parts.append(" " + insertion.text)
        last = insertion.at
    parts.append(text[last:])
    return "".join(parts)
