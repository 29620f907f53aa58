"""Dates written in an article, found with patterns and resolved to calendar dates.

Two steps, kept apart because publication-date inference needs the first without the
second: `scan` finds what is written ("Oct 7", "on Thursday", "last week") with the parts
it states (month, day, year, weekday, offset), and `resolve` turns one of those into a
date against an anchor, the article's publication date. A date without a year, or any
relative expression, needs the anchor; with none it is left out of `find_time_expressions`
rather than guessed.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import re
from dataclasses import dataclass

from storyfold.model import Article, TimeExpression

MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_NUMBER_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
}

# Month and weekday names are matched capitalised only: "may", "march" and "sun" are
# common words, and news copy capitalises the names.
_MONTH = (
    r"(?P<month>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)(?![A-Za-z])\.?"
)
_DAY = r"(?P<day>3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?![\d:])"
_YEAR = r"(?P<year>(?:19|20)\d\d)(?![\d:])"
_ON = r"(?:(?i:on|in)\s+)?"
_PART = r"(?:(?P<part>(?i:early|mid|late|the\s+(?:end|start|beginning|middle)\s+of))[\s-]+)?"

_MONTH_DAY = re.compile(rf"{_ON}{_MONTH}\s+{_DAY}(?:,?\s+{_YEAR})?(?!,\d)")
_DAY_MONTH = re.compile(rf"{_ON}(?<![\d.,])(?:the\s+)?{_DAY}\s+(?:of\s+)?{_MONTH}(?:,?\s+{_YEAR})?")
_ISO = re.compile(
    r"(?<![\d-])(?P<year>(?:19|20)\d\d)-(?P<mnum>0[1-9]|1[0-2])-(?P<day>0[1-9]|[12]\d|3[01])"
    r"(?![\d-])"
)
_MONTH_YEAR = re.compile(rf"{_ON}{_PART}{_MONTH},?\s+(?:of\s+)?{_YEAR}")
_MONTH_REL_YEAR = re.compile(
    rf"{_ON}{_MONTH}\s+(?:of\s+)?(?P<rel>(?i:last|previous|the\s+previous|this|next))\s+"
    r"(?i:year)\b"
)
# A month named alone: after a cue word ("in March", "by June", "the end of November"), or
# bare ("a June agreement", "through August"), where bare is not "May" (the verb) and not
# part of a name ("June Carter", "Carter June"). In TimeBank dev every bare month name of
# the other eleven is a date. "(?![.\s]*\d)": "by Dec. 10" is a day, not the month.
_MONTH_ALONE = re.compile(
    r"(?:(?P<cue>(?i:in|since|until|till|through|by|before|after|during|from|last|next|this"
    r"|early|mid|late|the\s+(?:end|start|beginning|middle)\s+of)(?:\s+this)?[\s-]+)"
    r"|(?P<bare>(?<![A-Z][a-z]\s)(?<![A-Z][a-z][a-z]\s)(?<![A-Z][a-z]{3}\s)"
    r"(?<![A-Z][a-z]{4}\s)(?<![A-Z][a-z]{5}\s)(?=[A-Z][a-z]{3})(?!May)))"
    rf"{_MONTH}(?![.\s]*\d)(?!\s+(?i:nineteen|twenty)\b)(?(bare)(?!\s+[A-Z][a-z]))"
)
_YEAR_ALONE = re.compile(rf"(?<![\w$£€.,/-]){_PART}{_YEAR}(?![\w%-]|,\d|\.\d)")
_WEEKDAY = re.compile(
    r"(?:(?P<cue>(?i:on|last|the\s+previous|next|this|early|late|until|by|since|from))\s+)?"
    r"(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?:'s)?\b"
)
# "Wednesday (Oct 7)" or "Wednesday, October 7": the weekday and its date are one mention.
_ATTACHED = re.compile(r"\s*(?:\(\s*|,\s*)")
_CLOSE = re.compile(r"\s*\)")
_RELATIVE = re.compile(
    r"(?i)\b(?:"
    r"(?P<yesterday>yesterday)|(?P<tomorrow>tomorrow)"
    r"|(?P<today>(?:earlier\s+|later\s+)?today|tonight|this\s+(?:morning|afternoon|evening))"
    r"|(?P<ago>(?P<n>\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten)\s+"
    r"(?P<unit>day|week|month|year)s?\s+(?:ago|earlier))"
    r"|(?P<year_ago>year[- ](?:ago|earlier))"
    # the year of the writing, as business copy names it ("for the full year", "by year-end")
    r"|(?P<current>(?:the\s+)?(?:current|same)\s+(?:fiscal\s+)?year|the\s+full\s+year"
    r"|the\s+(?:fiscal\s+)?year(?![\s-]+(?:ago|earlier|before|after|ended|ending|two)\b)(?!-)"
    r"|(?:earlier|later)\s+in\s+the\s+year)"
    r"|(?P<year_end>year[- ]end|year's\s+end|the\s+end\s+of\s+the\s+year)"
    r"|(?P<month_end>the\s+(?:end|start|beginning|middle)\s+of\s+the\s+month)"
    r"|(?P<this>(?:earlier\s+|later\s+)?this\s+(?P<this_unit>week|month|year))"
    r"|(?P<last>(?:last|the\s+previous|the\s+past)\s+(?P<last_unit>week|month|year))"
    r"|(?P<next>(?:next|the\s+coming)\s+(?P<next_unit>week|month|year))"
    r")\b"
)
# Years in words, as transcripts of broadcasts write them: "nineteen ninety-six", "January
# nineteen ninety-seven", "the year two thousand" ("two thousand" alone is a count).
_TEENS = "ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_UNITS = "one|two|three|four|five|six|seven|eight|nine"
_SPELLED_YEAR = re.compile(
    rf"(?:{_MONTH}\s+)?(?i:(?:the\s+year\s+)?(?P<century>nineteen|twenty)[\s-]+"
    rf"(?:(?P<teen>{_TEENS})|(?P<tens>{_TENS})(?:[\s-]+(?P<unit>{_UNITS}))?)"
    rf"|the\s+year\s+two\s+thousand(?:(?:\s+and)?[\s-]+(?P<unit2>{_UNITS}|{_TEENS}))?)"
    r"(?![\w-])"
)
_WORD_VALUES = {
    w: i
    for words in (_UNITS, _TEENS)
    for i, w in enumerate(words.split("|"), start=1 if words == _UNITS else 10)
} | {w: 10 * i for i, w in enumerate(_TENS.split("|"), start=2)}
# Words every expression holds (a month or weekday name, a relative word, a number), each
# with the patterns that can hold it. Separate scans, each written so that the regex engine
# can skip to its first letters: one pattern for all is five times slower (its first
# letters are most of the alphabet), and trying every pattern at every trigger three times.
_TRIGGERS: tuple[tuple[re.Pattern[str], tuple[re.Pattern[str], ...]], ...] = (
    (
        re.compile(
            r"(?:January|February|March|April|May|June|July|August|September|October"
            r"|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\b"
        ),
        (_MONTH_DAY, _DAY_MONTH, _MONTH_YEAR, _MONTH_REL_YEAR, _MONTH_ALONE),
    ),
    (re.compile(r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"), (_WEEKDAY,)),
    (
        re.compile(
            r"(?:yesterday|tomorrow|today|tonight|morning|afternoon|evening|week|month|year"
            r"|ago|Yesterday|Tomorrow|Today|Tonight|Morning|Afternoon|Evening|Week|Month|Year"
            r"|Ago)\b"
        ),
        (_RELATIVE,),
    ),
    (re.compile(r"[0-9]+"), (_ISO, _DAY_MONTH, _YEAR_ALONE)),
    (re.compile(r"(?:[Nn]ineteen|[Tt]wenty|thousand)\b"), (_SPELLED_YEAR,)),
)
_WORD_START = re.compile(r"\b\w")
# How far before its trigger word an expression may start ("in the end of March 2011").
PREFIX_CHARS = 30
# Tense cues of the clause around an expression: the nearest one before it decides, else the
# first one after it ("In March, the company said ..."). Future: modals and "<verb> to"
# forms of intent ("expected to", "plans to"); never "expected" or "plan" alone ("lower-
# than-expected earnings", "under a plan approved in March" are past). Past: auxiliaries,
# "ago"/"earlier", and verbs in -ed other than the participles of scheduling ("the
# scheduled vote"). Chosen on TimeBank dev (`timebench.py --errors`), where a month or day
# without a year is in the past unless the clause says otherwise.
_TENSE_CUE = re.compile(
    r"(?i)(?<![\w-])(?:(?P<would>would)|(?P<future>will|shall|won't|going\s+to|(?:is|are)\s+to"
    r"|(?:expects?|expected|plans?|planned|planning|scheduled|slated|set|due|likely|poised"
    r"|intends?|aims?|hopes?)\s+to|due|upcoming|coming|ahead\s+of|to\s+be\s+held"
    r"|scheduled\s+for|planned\s+for|set\s+for|next"
    r")"
    r"|(?P<past>was|were|had|did|ago|earlier|previously|since|ended|expired|closed|said|told"
    r"|brought|took|made|rose|fell|won|lost|met|sold|bought|became|saw|gave|came|went|got"
    r"|fought|spent|grew|stood|struck|sought|knew|wrote|spoke|chose|broke|drove|began)"
    # the present says nothing either way ("said it is calling for a vote on Dec. 7")
    r"|(?P<present>is|are|am|has|have|does|do)"
    # a passive after "be" is not past ("will be named", "to be completed")
    # nor is an adjective after a determiner ("the reduced dividend is payable Jan. 2")
    r"|(?<!\bbe\s)(?<!\bbeen\s)(?<!\bthe\s)(?<!\ba\s)(?<!\ban\s)(?<!\bits\s)(?P<ed>(?!(?:schedul|plann|slat|propos|expect|preferr|hundr"
    r"|unit|limit)ed\b)[a-z]{2,}[^e\W]ed)"
    r")(?![\w-])"
)
# An -ed verb further than this from the expression may govern another phrase of the
# clause ("authorized a split, payable Dec. 7"): it dates a month, not a day.
NEAR_VERB_CHARS = 30
# A day in a future clause is on or after the writing, give or take a week of copy written
# ahead of its run ("will meet Oct. 23" in an article dated Oct. 25 is that Oct. 23).
FUTURE_SLACK = dt.timedelta(days=7)
# A month named without a year or a clear tense is the coming one when it is at most this
# many months ahead, else the last one (TimeBank dev: 1 and 3 lose a case each to 2).
MONTHS_AHEAD = 2
_CLAUSE_START = re.compile(r"[.!?;:]\s|\n")
_CLAUSE_END = re.compile(r"[.!?;:](?:\s|$)|\n")
# How far a tense cue may sit from the expression, within its clause (a verb phrase and
# its object: "stepped down as chairman, president and chief executive in March").
TENSE_WINDOW = 80
# Words before a date that make it a limit, not a time something happened: "free through
# Nov. 17", "must file by Dec. 10". A limit is ahead of the writing or on it.
_BOUND_BEFORE = re.compile(
    r"(?i)\b(?:by|to|until|till|through|thru|before|no\s+later\s+than|deadline(?:\s+of)?)"
    r"\s+(?:the\s+)?$"
)
_BOUND_CUES = frozenset({"by", "until", "till", "through", "before"})
# A bare four-digit number is a year unless a counted noun follows it ("2015 cars"), and
# even then after a word that only years follow ("in 2015 prices rose").
_YEAR_CUES = frozenset(
    {"in", "since", "by", "until", "till", "during", "early", "mid", "late", "fiscal"}
)
_COUNTED = re.compile(r"\s+[a-z]{2,}s\b")
# "at 2015 GMT" is a clock time.
_CLOCK = re.compile(r"\s*(?:GMT|UTC|BST|CET|CEST|EST|EDT|PST|PDT|hrs|hours|h)\b")
# "the Sunday Times", "The Monday Club": a weekday after "the" and before a capitalised
# word is a name. ("On Thursday Kerry said" has its cue and stays a date.)
_NAME_AFTER = re.compile(r"\s+[A-Z]")
_THE_BEFORE = re.compile(r"(?:^|\W)[Tt]he\s+$")


@dataclass(frozen=True, slots=True)
class Mention:
    """What an expression states, before it is resolved against an anchor."""

    start: int
    end: int
    text: str
    kind: str  # "date", "month", "year", "weekday", "offset"
    year: int | None = None
    month: int | None = None
    day: int | None = None
    weekday: int | None = None  # 0 = Monday
    cue: str = ""  # "last", "next", "this", "" (weekdays, months, offsets)
    future: bool = False  # the clause puts it after the writing ("will meet on Thursday")
    unit: str = ""  # for offsets: "day", "week", "month", "year"
    amount: int = 0  # for offsets: signed count of units from the anchor
    tense: str = ""  # of its clause: "future", "would", "past", "past-far" or "" (tense_at)
    bound: bool = False  # a limit: "by Dec. 10", "through Nov. 17"

    @property
    def complete(self) -> bool:
        """A date that needs no anchor: it states its year."""
        return self.kind in {"date", "month", "year"} and self.year is not None


def _month(name: str) -> int:
    return MONTHS[name[:3].lower()]


def _year(text: str | None) -> int | None:
    return int(text) if text else None


def tense_at(text: str, start: int, end: int | None = None) -> str:
    """ "future", "would" (a plan as reported: "said it would start Wednesday"), "past",
    "past-far" (an -ed verb some words away) or "" for an expression
    at ``start``..``end`` of ``text``: the nearest tense cue before it in its clause, else
    the first after it."""
    window_start = max(0, start - TENSE_WINDOW)
    before = text[window_start:start]
    clauses = list(_CLAUSE_START.finditer(before))
    if clauses:
        before = before[clauses[-1].end() :]
    cues = list(_TENSE_CUE.finditer(before))
    if cues:
        return _tense_of(cues[-1], len(before) - cues[-1].end())
    after_start = end if end is not None else start
    after = text[after_start : after_start + TENSE_WINDOW]
    stop = _CLAUSE_END.search(after)
    if stop:
        after = after[: stop.start()]
    # After the expression, "said"/"told" attribute the sentence ("..., the company said"):
    # they say when it was said, not when what it reports happens.
    cue = next((c for c in _TENSE_CUE.finditer(after) if c.group().lower() not in _SAYING), None)
    return "" if cue is None else _tense_of(cue, cue.start())


_SAYING = frozenset({"said", "told"})


def _tense_of(cue: re.Match[str], distance: int) -> str:
    if cue.group("present"):
        return ""
    if cue.group("would"):
        return "would"
    if cue.group("future"):
        return "future"
    if cue.group("past"):
        return "past"
    return "past" if distance <= NEAR_VERB_CHARS else "past-far"


def _is_future(text: str, start: int) -> bool:
    return tense_at(text, start) == "future"


def _bound(text: str, mention: Mention) -> bool:
    """A limit ("by Dec. 10", "free through Nov. 17"), told by the word before it."""
    first = mention.text.split(None, 1)[0].lower() if mention.text else ""
    if first in _BOUND_CUES:
        return True
    return bool(_BOUND_BEFORE.search(text, max(0, mention.start - 25), mention.start))


def _absolute(text: str, pos: int) -> Mention | None:
    """A day-precise date written exactly at ``pos`` (for "Wednesday (Oct 7)")."""
    for pattern in (_MONTH_DAY, _DAY_MONTH):
        m = pattern.match(text, pos)
        if m:
            return _day_date(m)
    return None


def _day_date(m: re.Match[str]) -> Mention:
    """ "Oct 7", "7 October 2015": a month name and a day, the year when written."""
    return Mention(
        m.start(),
        m.end(),
        m.group(),
        "date",
        year=_year(m.group("year")),
        month=_month(m.group("month")),
        day=int(m.group("day")),
    )


def _valid(year: int | None, month: int, day: int) -> bool:
    try:
        dt.date(year or 2000, month, day)  # 2000 is a leap year: "Feb 29" stays possible
    except ValueError:
        return False
    return True


def scan(text: str) -> tuple[Mention, ...]:
    """Every temporal expression in ``text``, left to right, none overlapping.

    Cached: publication dates and the timeline read the same texts.
    """
    return _scan(text)


def clear_scan_cache() -> None:
    """Forget scanned texts (benchmarks time the scan itself)."""
    _scan.cache_clear()


# Texts are held until evicted; 256 articles of ~10 KB is a few MB.
@functools.lru_cache(maxsize=256)
def _scan(text: str) -> tuple[Mention, ...]:
    found: dict[tuple[int, int, str], Mention] = {}
    for trigger, patterns in _TRIGGERS:
        for at in trigger.finditer(text):
            for m in _matches_around(text, at.start(), patterns):
                mention = _mention(text, m)
                if mention is not None:
                    found.setdefault((mention.start, mention.end, mention.kind), mention)
    kept = _without_overlaps(
        [f for f in found.values() if f.kind != "date" or _valid(f.year, f.month or 1, f.day or 1)]
    )
    return tuple(_with_tense(text, f) for f in kept)


def _with_tense(text: str, mention: Mention) -> Mention:
    bound = _bound(text, mention)
    if mention.kind not in {"date", "month", "weekday"}:
        return dataclasses.replace(mention, bound=bound) if bound else mention
    tense = tense_at(text, mention.start, mention.end)
    future = mention.future or (
        mention.kind != "weekday"
        and (tense in {"future", "would"} or bound)
        and mention.cue != "last"
    )
    return dataclasses.replace(mention, tense=tense, bound=bound, future=future)


def _matches_around(
    text: str, at: int, patterns: tuple[re.Pattern[str], ...]
) -> list[tuple[re.Pattern[str], re.Match[str]]]:
    """Matches of ``patterns`` that start at ``at`` or a few words before it and hold it.

    Running each pattern over the whole text costs ~40 ms on the seeds (their optional
    leading words defeat the regex engine's prefix scan); a cheap scan for the words every
    expression must hold, then anchored matches around them, is several times faster.
    """
    window = max(0, at - PREFIX_CHARS)
    starts = [window + w.start() for w in _WORD_START.finditer(text[window:at])] + [at]
    result = []
    for start in dict.fromkeys(starts):
        for pattern in patterns:
            m = pattern.match(text, start)
            if m and m.start() <= at < m.end():
                result.append((pattern, m))
    return result


def _mention(text: str, found: tuple[re.Pattern[str], re.Match[str]]) -> Mention | None:
    pattern, m = found
    if pattern is _ISO:
        return Mention(
            m.start(),
            m.end(),
            m.group(),
            "date",
            year=int(m.group("year")),
            month=int(m.group("mnum")),
            day=int(m.group("day")),
        )
    if pattern is _MONTH_DAY or pattern is _DAY_MONTH:
        return _day_date(m)
    if pattern is _MONTH_YEAR:
        return Mention(
            m.start(),
            m.end(),
            m.group(),
            "month",
            year=int(m.group("year")),
            month=_month(m.group("month")),
        )
    if pattern is _MONTH_REL_YEAR:
        rel = m.group("rel").lower().split()[-1]
        return Mention(
            m.start(),
            m.end(),
            m.group(),
            "month",
            month=_month(m.group("month")),
            cue="this" if rel == "this" else "next" if rel == "next" else "last",
            unit="year",
        )
    if pattern is _MONTH_ALONE:
        words = (m.group("cue") or "").lower().split()
        cue = "this" if "this" in words else words[0].strip("-") if words else ""
        return Mention(
            m.start(),
            m.end(),
            m.group(),
            "month",
            month=_month(m.group("month")),
            cue=cue if cue in {"last", "next", "this"} else "",
        )
    if pattern is _SPELLED_YEAR:
        year = _spelled_year(m)
        if m.group("month"):
            return Mention(
                m.start(), m.end(), m.group(), "month", year=year, month=_month(m.group("month"))
            )
        return Mention(m.start(), m.end(), m.group(), "year", year=year)
    if pattern is _YEAR_ALONE:
        if not _looks_like_year(text, m):
            return None
        return Mention(m.start(), m.end(), m.group(), "year", year=int(m.group("year")))
    if pattern is _WEEKDAY:
        return _weekday(text, m)
    if _generic_or_title(text, m):
        return None
    return _relative(m)


# "the people of tomorrow", "the chips of today": an era, not a day.
_OF_BEFORE = re.compile(r"(?i)\bof\s+$")
_SENTENCE_END_BEFORE = re.compile(r"(?:^|[.!?:\n])[\s\"'“‘(]*$")


def _generic_or_title(text: str, m: re.Match[str]) -> bool:
    """ "the people of tomorrow", or a capitalised relative word inside a sentence: a
    programme or a title ("ABC News' 'This Week'", "VOA Today")."""
    before = text[max(0, m.start() - 12) : m.start()]
    if (m.group("tomorrow") or m.group("today")) and _OF_BEFORE.search(before):
        return True
    return m.group()[0].isupper() and not _SENTENCE_END_BEFORE.search(before)


def _spelled_year(m: re.Match[str]) -> int:
    if m.group("century") is None:  # "the year two thousand (and one)"
        return 2000 + _WORD_VALUES.get((m.group("unit2") or "").lower(), 0)
    century = 1900 if m.group("century").lower() == "nineteen" else 2000
    if m.group("teen"):
        return century + _WORD_VALUES[m.group("teen").lower()]
    return (
        century
        + _WORD_VALUES[m.group("tens").lower()]
        + _WORD_VALUES.get((m.group("unit") or "").lower(), 0)
    )


def _looks_like_year(text: str, m: re.Match[str]) -> bool:
    if m.group("part"):
        return True
    if _CLOCK.match(text, m.end()):
        return False
    if not _COUNTED.match(text, m.end()):
        return True
    before = text[max(0, m.start() - 12) : m.start()].split()
    return bool(before) and before[-1].lower().strip("(") in _YEAR_CUES


def _weekday(text: str, m: re.Match[str]) -> Mention | None:
    cue = (m.group("cue") or "").lower()
    cue = "last" if cue.endswith("previous") else cue
    if (
        not cue
        and _NAME_AFTER.match(text, m.end())
        and _THE_BEFORE.search(text, max(0, m.start() - 5), m.start())
    ):
        return None
    weekday = WEEKDAYS.index(m.group("weekday").lower())
    attached = _ATTACHED.match(text, m.end())
    if attached:
        date = _absolute(text, attached.end())
        if date is not None:
            end = date.end
            close = _CLOSE.match(text, end) if "(" in attached.group() else None
            end = close.end() if close else end
            return Mention(
                m.start(),
                end,
                text[m.start() : end],
                "date",
                year=date.year,
                month=date.month,
                day=date.day,
                weekday=weekday,
            )
    return Mention(
        m.start(),
        m.end(),
        m.group(),
        "weekday",
        weekday=weekday,
        cue=cue if cue in {"last", "next", "this"} else "",
        future=cue == "next" or (cue != "last" and _is_future(text, m.start())),
    )


def _relative(m: re.Match[str]) -> Mention:
    start, end, written = m.start(), m.end(), m.group()
    if m.group("yesterday"):
        return Mention(start, end, written, "offset", unit="day", amount=-1)
    if m.group("tomorrow"):
        return Mention(start, end, written, "offset", unit="day", amount=1)
    if m.group("today"):
        return Mention(start, end, written, "offset", unit="day", amount=0)
    if m.group("ago"):
        n = m.group("n").lower()
        count = int(n) if n.isdigit() else _NUMBER_WORDS[n]
        unit = m.group("unit").lower()
        if unit == "year" and count == 1:
            # "a year ago" is that day a year back, as TIMEX3 (TimeBank) reads it; a year
            # given to the day would lose the month that the same words hold.
            return Mention(start, end, written, "offset", unit="year-day", amount=-1)
        return Mention(start, end, written, "offset", unit=unit, amount=-count)
    if m.group("year_ago"):  # "year-earlier results"
        return Mention(start, end, written, "offset", unit="year", amount=-1)
    if m.group("current"):
        return Mention(start, end, written, "offset", unit="year")
    if m.group("year_end"):  # "by year-end": December 31 of the writing's year
        return Mention(start, end, written, "offset", unit="year-end")
    if m.group("month_end"):
        return Mention(start, end, written, "offset", unit="month")
    if m.group("this"):
        return Mention(start, end, written, "offset", unit=m.group("this_unit").lower())
    if m.group("last"):
        unit = m.group("last_unit").lower()
        return Mention(start, end, written, "offset", unit=unit, amount=-1)
    unit = m.group("next_unit").lower()
    return Mention(start, end, written, "offset", unit=unit, amount=1)


def _without_overlaps(found: list[Mention]) -> list[Mention]:
    """The longest mention wins where two overlap ("Oct 7, 2015" over "2015")."""
    kept: list[Mention] = []
    taken_until = -1
    for mention in sorted(found, key=lambda f: (f.start, -(f.end - f.start))):
        if mention.start >= taken_until:
            kept.append(mention)
            taken_until = mention.end
    return kept


# --- Resolution ---------------------------------------------------------------------------


def nearest_year(month: int, day: int, anchor: dt.date) -> int | None:
    """The year that puts month/day nearest the anchor: "Dec 30" in a Jan 2 article is the
    previous year's."""
    best: tuple[int, int] | None = None
    for year in (anchor.year - 1, anchor.year, anchor.year + 1):
        if not _valid(year, month, day):
            continue
        distance = abs((dt.date(year, month, day) - anchor).days)
        if best is None or distance < best[0]:
            best = (distance, year)
    return best[1] if best else None


def _add_months(date: dt.date, months: int) -> dt.date:
    index = date.year * 12 + date.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def _monday(date: dt.date) -> dt.date:
    return date - dt.timedelta(days=date.weekday())


def resolve(mention: Mention, anchor: dt.date | None) -> tuple[dt.date, str] | None:
    """The date (first day of the period) and granularity, or None when it needs an anchor
    that is missing or lies outside the calendar ("9999 years ago": unknown, not a crash)."""
    try:
        return _resolve(mention, anchor)
    except (ValueError, OverflowError):
        return None


def _resolve(mention: Mention, anchor: dt.date | None) -> tuple[dt.date, str] | None:
    if mention.kind == "date" and mention.month and mention.day:
        year = mention.year
        if year is None:
            if anchor is None:
                return None
            year = _weekday_year(mention, anchor) or _year_by_tense(mention, anchor)
            if year is None:
                return None
        return dt.date(year, mention.month, mention.day), "day"
    if mention.kind == "month" and mention.month:
        return _resolve_month(mention, anchor)
    if mention.kind == "year" and mention.year:
        return dt.date(mention.year, 1, 1), "year"
    if anchor is None:
        return None
    if mention.kind == "weekday" and mention.weekday is not None:
        return _resolve_weekday(mention, anchor), "day"
    if mention.kind == "offset":
        return _resolve_offset(mention, anchor)
    return None


def _year_by_tense(mention: Mention, anchor: dt.date) -> int | None:
    """The year of a month and day written without one: the latest on or before the anchor
    in a past clause ("the year ended March 31"), the first on or after it in a future one,
    else (present tense, limits: "takes effect Nov. 13") the nearest."""
    month, day = mention.month or 1, mention.day or 1
    years = [y for y in (anchor.year - 1, anchor.year, anchor.year + 1) if _valid(y, month, day)]
    if not mention.bound and mention.tense == "past":
        past = [y for y in years if dt.date(y, month, day) <= anchor]
        return max(past) if past else None
    if not mention.bound and mention.tense in {"future", "would"}:
        ahead = [y for y in years if dt.date(y, month, day) >= anchor - FUTURE_SLACK]
        return min(ahead) if ahead else None
    return nearest_year(month, day, anchor)


def _weekday_year(mention: Mention, anchor: dt.date) -> int | None:
    """For "Wednesday (Oct 7)": the year near the anchor in which the date is that weekday."""
    if mention.weekday is None or mention.month is None or mention.day is None:
        return None
    for year in (anchor.year, anchor.year - 1, anchor.year + 1):
        if (
            _valid(year, mention.month, mention.day)
            and dt.date(year, mention.month, mention.day).weekday() == mention.weekday
        ):
            return year
    return None


def _resolve_month(mention: Mention, anchor: dt.date | None) -> tuple[dt.date, str] | None:
    month = mention.month or 1
    if mention.year is not None:
        return dt.date(mention.year, month, 1), "month"
    if anchor is None:
        return None
    this_month = dt.date(anchor.year, anchor.month, 1)
    if mention.unit == "year":  # "April last year"
        shift = {"last": -1, "next": 1}.get(mention.cue, 0)
        return dt.date(anchor.year + shift, month, 1), "month"
    if mention.cue == "this":  # "this September": the anchor's year, before or after
        return dt.date(anchor.year, month, 1), "month"
    candidates = [dt.date(anchor.year + k, month, 1) for k in (-1, 0, 1)]
    if mention.cue == "last":
        return max(c for c in candidates if c < this_month), "month"
    if mention.cue == "next":
        return min(c for c in candidates if c > this_month), "month"
    if mention.bound:  # "by February", "through August": the nearest
        best = min(candidates, key=lambda c: (abs((c - this_month).days), c > this_month))
        return best, "month"
    if mention.tense in {"future", "would"}:  # "will be named ... for a mission in December"
        return min(c for c in candidates if c >= this_month), "month"
    if mention.tense == "past":  # "stepped down in March"
        return max(c for c in candidates if c <= this_month), "month"
    # No clear cue: the coming month if it is close ("for November transactions" late in
    # October), else the last one: news tells what has happened.
    ahead = min(c for c in candidates if c >= this_month)
    if _add_months(this_month, MONTHS_AHEAD) >= ahead:
        return ahead, "month"
    return max(c for c in candidates if c <= this_month), "month"


def _resolve_weekday(mention: Mention, anchor: dt.date) -> dt.date:
    weekday = mention.weekday or 0
    back = (anchor.weekday() - weekday) % 7
    if mention.future:
        # A future "Thursday" in copy dated a Thursday is that day as often as the next
        # one (morning copy previews the day: "will vote on Thursday"); TimeBank dev has no
        # case either way, so the nearer one.
        ahead = (weekday - anchor.weekday()) % 7 or (7 if mention.cue == "next" else 0)
        return anchor + dt.timedelta(days=ahead)
    if mention.cue == "last":
        return anchor - dt.timedelta(days=back or 7)
    if mention.tense == "would" and not mention.cue:
        # "said it would start Wednesday": a plan reported a day or two after it was made;
        # the nearest such day, the writing day included.
        return anchor + dt.timedelta(days=(weekday - anchor.weekday() + 3) % 7 - 3)
    # Wire copy written on a Thursday says "said on Thursday" of that day.
    return anchor - dt.timedelta(days=back)


def _resolve_offset(mention: Mention, anchor: dt.date) -> tuple[dt.date, str]:
    amount = mention.amount
    if mention.unit == "day":
        return anchor + dt.timedelta(days=amount), "day"
    if mention.unit == "week":
        return _monday(anchor) + dt.timedelta(weeks=amount), "week"
    if mention.unit == "month":
        return _add_months(dt.date(anchor.year, anchor.month, 1), amount), "month"
    if mention.unit == "year-end":
        return dt.date(anchor.year + amount, 12, 31), "day"
    if mention.unit == "year-day":
        year = anchor.year + amount
        day = anchor.day if _valid(year, anchor.month, anchor.day) else anchor.day - 1
        return dt.date(year, anchor.month, day), "day"
    return dt.date(anchor.year + amount, 1, 1), "year"


def find_time_expressions(article: Article, anchor: dt.date | None) -> tuple[TimeExpression, ...]:
    """Resolved temporal expressions of the article's clean text, in order.

    ``anchor`` is the publication date. Without it, only dates that state their year are
    returned: a relative or year-less date cannot be told.
    """
    return expressions_in(article.id, article.text, anchor)


def expressions_in(
    article_id: str, text: str, anchor: dt.date | None
) -> tuple[TimeExpression, ...]:
    """`find_time_expressions` for any text (an article's, a caption)."""
    result: list[TimeExpression] = []
    for mention in scan(text):
        resolved = resolve(mention, anchor)
        if resolved is None:
            continue
        date, granularity = resolved
        result.append(
            TimeExpression(
                article_id=article_id,
                text=mention.text,
                start=mention.start,
                end=mention.end,
                date=date,
                granularity=granularity,
                relative=not mention.complete,
                limit=mention.bound,
            )
        )
    return tuple(result)
