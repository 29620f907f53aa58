"""The brief's summary lines: chosen, made to stand alone, cited, news first.

`select` chooses among the scored sentences; this adds what only the brief knows (the quotes'
speakers and the articles' publication dates):

- a line is shown with an editor's brackets where they make it stand alone
  ("he [Josh Earnest] said", "on Friday [Sept. 18]"), and a line that still does not stand
  alone (`standalone.stands_alone`) is not chosen;
- one line per speaker: a second quote or paraphrase of someone already in the summary
  restates a position the quotes section shows in full, and so does a line that names by
  full name the speaker of another's quote, or repeats another's quoted words
  ("tactical, practical" talks);
- the budget counts the words as shown, brackets included;
- a line is cited only to articles that could have reported it: not to one published
  before the day the line's own dates put it on;
- the lead says what happened: of the lines that report rather than quote, the best scored
  (the score counts the outlets that carry a line), one dated in the news cycle preferred;
- after it, what most outlets report, then what fewer do (a later development last).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence, Set

import numpy as np
from numpy.typing import NDArray

from storyfold.brief.summary.citations import cite
from storyfold.brief.summary.claims import CITE_PROBABILITY, claim_probabilities, table_view
from storyfold.brief.summary.resolve import Resolver, sentence_index
from storyfold.brief.summary.select import can_lead, select
from storyfold.brief.summary.standalone import stands_alone
from storyfold.brief.table import SentenceTable
from storyfold.model import Insertion, PublicationDate, Quote, SentenceRef, SummaryLine
from storyfold.text import content_words, word_count

# Quoted words shorter than this are a scare quote ("tactical"), not a remark to repeat.
MIN_QUOTED_WORDS = 2
# Counted in favour of a lead dated in the news cycle: what happened, and when, comes first.
# Learned scores run 0.3-0.7 on the seeds; this decides between lines some way apart, such
# as the seeds' undated "The United States says it is open to ... discussions" (0.63) and
# "Kerry said on Friday [Sept. 18] that the United States was prepared to engage in
# military-to-military talks" (0.50): the second says who did what, and when. At 0.05 the
# undated line led. The example's lead (the closure, dated Tuesday) is the same either way.
NEWS_BONUS = 0.15
# How long before the earliest article an event still counts as the story's news (a lead
# reports the news, not its background). A week: dailies report the week's events.
NEWS_CYCLE = dt.timedelta(days=7)
_QUOTED = re.compile(r"[\"“«„]([^\"”»“]+)[\"”»“]")


def summary_lines(
    table: SentenceTable,
    scores: NDArray[np.float32],
    budget: int,
    quotes: Sequence[Quote] = (),
    publication: Sequence[PublicationDate] = (),
    later: Set[str] = frozenset(),
) -> tuple[SummaryLine, ...]:
    """The summary: `later` holds the ids of articles about a later development, which may
    add lines but lead only when nothing else can, and come after the story's own (the
    story's news first; what happened next after it, not between its lines)."""
    resolver = Resolver(table, quotes, publication)
    scores = scores.copy()
    words = table.words.copy()
    shown: dict[int, tuple[str, tuple[Insertion, ...]]] = {}
    for candidate in np.flatnonzero(np.isfinite(scores)):
        text, insertions = resolver.shown(int(candidate))
        if not stands_alone(text):
            scores[candidate] = -np.inf
            continue
        shown[int(candidate)] = (text, insertions)
        words[candidate] = word_count(text)
    speakers = _speakers_by_row(table, quotes)
    quoted: dict[int, frozenset[str]] = {}
    terms: dict[int, frozenset[str]] = {}

    def quoted_words(row: int) -> frozenset[str]:
        if row not in quoted:
            found = [q for q in _QUOTED.findall(table.texts[row]) if len(q.split()) >= 2]
            quoted[row] = frozenset(w for q in found for w in content_words(q))
        return quoted[row]

    def words_of(row: int) -> frozenset[str]:
        if row not in terms:
            terms[row] = frozenset(content_words(table.texts[row]))
        return terms[row]

    # Two lines are one statement when the claim matcher that cites them says either
    # states the other: the same fact in other words from two outlets is one line.
    view = table_view(table)
    states: dict[int, NDArray[np.float32]] = {}

    def stated_by(row: int) -> NDArray[np.float32]:
        if row not in states:
            states[row] = claim_probabilities(view, np.asarray([row], dtype=np.intp))[0]
        return states[row]

    def same(i: int, j: int) -> bool:
        if speakers.get(i, set()) & speakers.get(j, set()):
            return True
        for a, b in ((i, j), (j, i)):
            # A quote and a line that names its speaker by full name: the reported and the
            # quoted form of one position ("Commissioner Marcus Thibodeaux urged residents
            # to stay off the roads" and "“If you can work from home, please do it,” he
            # said").
            if any(name in table.texts[b] for name in speakers.get(a, ())):
                return True
            inside = quoted_words(a)
            if len(inside) >= MIN_QUOTED_WORDS and inside <= words_of(b):
                return True
        return bool(max(stated_by(i)[j], stated_by(j)[i]) >= CITE_PROBABILITY)

    first_reports = [i for i, a in enumerate(table.articles) if a.id not in later]
    lead = _news_lead(table, scores, resolver, np.isin(table.article_of, first_reports))
    if lead is None:
        lead = _news_lead(table, scores, resolver, np.ones(len(table), dtype=bool))
    if lead is not None:
        # Chosen first, so the lines that repeat it give way to it; `select` puts it first.
        scores[lead] = np.max(scores) + 1.0
    picked = select(table, scores, budget, words=words, same=same)
    if lead is None or table.articles[int(table.article_of[lead])].id not in later:
        # A stable sort: the lines keep their order within each group.
        picked = sorted(picked, key=lambda row: table.articles[table.article_of[row]].id in later)
    lines = []
    for row in picked:
        text, insertions = shown[row]
        citations = _could_report(cite(table, row, stated_by(row)), resolver, row)
        lines.append(SummaryLine(text=text, citations=citations, insertions=insertions))
    return _most_outlets_first(lines, picked, table, later)


def _most_outlets_first(
    lines: list[SummaryLine], rows: list[int], table: SentenceTable, later: Set[str]
) -> tuple[SummaryLine, ...]:
    """After the lead, what most outlets report, then what fewer do: the lines reported by
    more outlets first, lines of a later development still last; otherwise (a stable
    sort) in the order `select` gave, earlier facts first."""
    if len(lines) < 2:
        return tuple(lines)

    def key(k: int) -> tuple[bool, int]:
        after = table.articles[int(table.article_of[rows[k]])].id in later
        return after, -len(lines[k].outlets)

    rest = sorted(range(1, len(lines)), key=key)
    return (lines[0], *(lines[k] for k in rest))


def _speakers_by_row(table: SentenceTable, quotes: Sequence[Quote]) -> dict[int, set[str]]:
    """Named speakers whose quote or reported statement starts in each row's sentence."""
    at = sentence_index(table, quotes)
    row_of = table.row_of()
    found: dict[int, set[str]] = {}
    for quote in quotes:
        if quote.speaker.name is None:
            continue
        for mention in quote.mentions:
            index = at.get(mention.article_id, {}).get(mention.start)
            row = row_of.get((mention.article_id, index)) if index is not None else None
            if row is not None:
                found.setdefault(row, set()).add(quote.speaker.name)
    return found


def _could_report(
    citations: tuple[SentenceRef, ...], resolver: Resolver, row: int
) -> tuple[SentenceRef, ...]:
    """The citations less those from articles published before the line's event."""
    return (citations[0], *(c for c in citations[1:] if resolver.could_report(row, c.article_id)))


def _in_news_cycle(resolver: Resolver, row: int) -> bool:
    """The sentence dates something to a day close to the articles' publication: it tells
    the news, not its background ("in early 2014")."""
    when = resolver.latest_date(row)
    if when is None or not resolver.published:
        return False
    dates = resolver.published.values()
    return min(dates) - NEWS_CYCLE <= when <= max(dates)


def _news_lead(
    table: SentenceTable,
    scores: NDArray[np.float32],
    resolver: Resolver,
    allowed: NDArray[np.bool_],
) -> int | None:
    """The line that says what happened: of the `allowed` lines that can lead (they report
    rather than quote), the best scored, a line dated in the news cycle counting NEWS_BONUS
    more."""
    best: tuple[float, int] | None = None
    for row in np.flatnonzero(np.isfinite(scores) & allowed):
        if not can_lead(table.texts[row]):
            continue
        value = float(scores[row]) + (NEWS_BONUS if _in_news_cycle(resolver, int(row)) else 0.0)
        if best is None or value > best[0]:
            best = (value, int(row))
    return None if best is None else best[1]
