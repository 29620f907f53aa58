"""When each article was written: from its metadata, or inferred from what it says.

Scraped reports often carry no date. What they do carry, in order of trust:

1. a date in the URL or file name ("/2015/09/18/"); a date the article gives for itself:
   a "Published ..." line, a dated dateline ("PORT ALDEN, Nov 4 (Metro Wire) -"), a
   byline's date, an "Updated ..." line (in that order; numeric forms too: "Updated
   11/06/2026 8:15 AM EST"): the publication date itself, its year, when not written,
   from the other articles;
2. the latest day-precise date the article mentions (text, captions, image file names):
   a lower bound, since a report is written on or after the last day it reports. Dates
   without a year take the cluster's year, or the year in which their weekday fits
   ("Wednesday (Oct 7)" is 2015 near 2015). A limit or a plan ("free through Nov. 17",
   "will vote on Nov. 20") is ahead of the writing and bounds nothing;
3. the weekdays it mentions ("on Thursday", "on Friday"): news copy reports the days
   just before it was written, so the last weekday of that run is the writing day, or
   close to it; placed on or after the latest date (unless the run ends a day or two
   before a date the text reports: then they are the days leading up to it), or, with no
   date at all, near the other articles of the cluster.

The evidence is recorded in words and the confidence says which rung it stands on. With
no date and no weekday the date stays unknown: never guessed. The timeline may still move
an inferred date when the article's relative dates all disagree with the other outlets by
one shift (`timeline.redate`).
"""

from __future__ import annotations

import datetime as dt
import re
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from storyfold.brief.dates.temporal import WEEKDAYS, Mention, nearest_year, scan
from storyfold.model import Article, PublicationDate
from storyfold.text.datelines import dateline_date, dateline_length

# Confidence per kind of evidence. Not fitted (no labelled set of undated reports exists
# here); they order the rungs above so that a reader and the timeline can weigh them.
URL_CONFIDENCE = 0.9  # a date in the URL or file name
STAMP_CONFIDENCE = 0.9  # a "Published/Updated" line, a dated dateline ("MOSCOW, Oct. 7 -")
AGREES_CONFIDENCE = 0.75  # latest date, and the article says "on <its weekday>"
WEEKDAY_AFTER_CONFIDENCE = 0.6  # the weekday run places it a few days after the latest date
LATEST_ONLY_CONFIDENCE = 0.5  # latest date mentioned, nothing to corroborate it
CLUSTER_WEEKDAY_CONFIDENCE = 0.4  # no date; weekdays placed near the cluster's dates
CLUSTER_YEAR_PENALTY = 0.1  # the year came from other articles, not from this one
# Weekdays this many days or fewer before the latest date the text reports are read as
# the days leading up to it ("on Monday and Tuesday" in a report of Wednesday's events),
# not as a run a week later. Not fitted (no labelled set of undated reports); the example
# story's wire report, read without its dateline, is one such.
JUST_BEFORE_DAYS = 2
# A mentioned date further than this from the cluster's dated evidence is history ("on
# September 11, 2001") or a plan ("the deadline is December 1"), not news: it does not
# bound the publication date. The seeds' latest report is 19 days after the others.
RECENT_DAYS = 45

_URL_DATE = re.compile(
    r"(?<![0-9A-Za-z])(?P<year>(?:19|20)\d\d)(?P<sep>[/_.-]?)(?P<month>0[1-9]|1[0-2])(?P=sep)"
    r"(?P<day>0[1-9]|[12]\d|3[01])(?![0-9A-Za-z])"
)
# "Updated March 7, 2024", "Published: Thursday, 7 March 2024": the word, then a date
# within two words ("Updated figures show ..." is a sentence).
_STAMP = re.compile(
    r"(?i)^\W*(?:published|updated|posted|last\s+updated|first\s+published|last\s+modified)"
    r"(?:\s+on|\s+at)?\s*[:|-]?\s*(?:[a-z]{3,9}\.?,?\s+){0,2}\d"
)
# Removed lines that can date the article: stamps and bylines ("Posted by ... on July 3,
# 2024") give the date itself; captions, photo credits and image file names ("Screen Shot
# 2015-09-18") give a day the article is not earlier than. Bios, related headlines and
# footers speak of other days and are not read.
STAMP_REASONS = frozenset({"timestamp", "byline"})
BOUND_REASONS = frozenset({"caption", "photo-credit", "image-file"})


@dataclass(frozen=True, slots=True)
class _Dated:
    date: dt.date
    where: str  # "text", "caption", ...
    written: str
    year_from: str  # "article", "weekday", "cluster"


def infer_publication_dates(articles: Sequence[Article]) -> tuple[PublicationDate, ...]:
    """One publication date per article, same order; see the module doc for the rungs."""
    scans = [_collect(a) for a in articles]
    reference = _reference(articles, scans)
    first = [_infer(a, s, reference, None) for a, s in zip(articles, scans, strict=True)]
    window = sorted(p.date for p in first if p.date is not None)
    if not window:
        return tuple(first)
    middle = window[(len(window) - 1) // 2]
    return tuple(
        p if p.date is not None else _infer(a, s, reference, middle)
        for a, p, s in zip(articles, first, scans, strict=True)
    )


@dataclass(frozen=True, slots=True)
class _Stamp:
    """A date the article gives for itself: a "Published ..." or "Updated ..." line, a
    dateline, a byline's date. The year may be missing ("PORT ALDEN, Nov 4 -")."""

    kind: str  # "published", "dateline", "byline" or "updated", in that order of trust
    line: str
    month: int
    day: int
    year: int | None


@dataclass(frozen=True)
class _Scan:
    exact: tuple[dt.date, str] | None  # from the URL or file name
    stamp: _Stamp | None
    days: tuple[tuple[Mention, str], ...]  # day-precise past dates, with where they were
    weekdays: tuple[int, ...]  # past-tense weekdays named alone, in order of mention


def _collect(article: Article) -> _Scan:
    days: list[tuple[Mention, str]] = []
    weekdays: list[int] = []
    texts = [(article.text, "text")] + [
        (r.text, r.reason) for r in article.removed if r.reason in BOUND_REASONS
    ]
    for text, where in texts:
        for m in scan(text):
            # A limit or a plan ("free through Nov. 17", "will vote on Dec. 1") is ahead of
            # the writing: it bounds nothing.
            if m.kind == "date" and not m.future:
                days.append((m, where))
            elif m.kind == "weekday" and not m.future and not m.cue:
                weekdays.append(m.weekday or 0)
    return _Scan(_named_date(article), _stamp(article), tuple(days), tuple(weekdays))


_STAMP_ORDER = ("published", "dateline", "byline", "updated")
_UPDATED = re.compile(r"(?i)^\W*(?:last\s+)?(?:updated|modified)")
# "11/06/2026", "06.11.2026", "6-11-2026": numeric dates, read month first with slashes
# (US), day first with dots and dashes (Europe); a part over 12 settles it either way.
_NUMERIC_DATE = re.compile(
    r"(?<![\d/.-])(?P<a>\d{1,2})(?P<sep>[/.-])(?P<b>\d{1,2})(?P=sep)(?P<year>(?:19|20)\d\d)"
    r"(?![\d/.-]\d)"
)
# How many lines from the top a dateline may sit (after a headline, a byline, a photo).
DATELINE_LINES = 12


def _stamp(article: Article) -> _Stamp | None:
    """The most trusted date the article gives for itself (see _STAMP_ORDER)."""
    found: list[_Stamp] = []
    lines = article.text.splitlines()
    for number, line in enumerate(lines):
        if stamp_line(line):
            kind = "updated" if _UPDATED.match(line) else "published"
            found.extend(_stamp_of(kind, line))
        elif number < DATELINE_LINES:
            line = line.strip()
            written = dateline_date(line)
            if written is not None:
                found.extend(_stamp_of("dateline", line[: dateline_length(line)], written))
    for removed in article.removed:
        if removed.reason in STAMP_REASONS:
            kind = "updated" if _UPDATED.match(removed.text) else "byline"
            found.extend(_stamp_of(kind, removed.text))
    if not found:
        return None
    return min(found, key=lambda f: _STAMP_ORDER.index(f.kind))


def _stamp_of(kind: str, line: str, written: str | None = None) -> list[_Stamp]:
    """The first date of ``line`` (of ``written`` within it, for a dateline), if any."""
    text = written if written is not None else line
    date = next((m for m in scan(text) if m.kind == "date" and m.month and m.day), None)
    if date is not None:
        return [_Stamp(kind, line.strip(), date.month or 1, date.day or 1, date.year)]
    numeric = _NUMERIC_DATE.search(text)
    if numeric is None:
        return []
    a, b, year = int(numeric["a"]), int(numeric["b"]), int(numeric["year"])
    month, day = (a, b) if numeric["sep"] == "/" else (b, a)
    if month > 12:
        month, day = day, month
    try:
        dt.date(year, month, day)
    except ValueError:
        return []
    return [_Stamp(kind, line.strip(), month, day, year)]


def _named_date(article: Article) -> tuple[dt.date, str] | None:
    """A date in the URL, or in the file name (not its folders: "~/2024-01-05 downloads/"
    says when the user saved it)."""
    for name, value in (("URL", article.url), ("file name", _file_name(article.source))):
        found = _URL_DATE.search(value or "")
        if found:
            try:
                day = dt.date(int(found["year"]), int(found["month"]), int(found["day"]))
            except ValueError:
                continue
            return day, f"the {name} gives {day.isoformat()} ({found.group()})"
    return None


def _file_name(source: str) -> str:
    if "://" in source:
        return source
    return source.replace("\\", "/").rsplit("/", 1)[-1]


def stamp_line(line: str) -> bool:
    """A "Published ..." / "Updated ..." line: it dates the article, not an event."""
    return bool(_STAMP.match(line))


def _reference(articles: Sequence[Article], scans: Sequence[_Scan]) -> dt.date | None:
    """Where the cluster stands in time: the middle of its stated publication dates
    (metadata, URLs, stamps) and of the dates its captions give in full; failing those, of
    each article's latest full date in the text (one old date, "September 11, 2001", then
    counts for one article, not for the cluster). Year-less dates are placed near it and
    old dates are told from news by it."""
    strong = [a.published.date() for a in articles if a.published is not None]
    weak: list[dt.date] = []
    for s in scans:
        if s.exact is not None:
            strong.append(s.exact[0])
        if s.stamp is not None and s.stamp.year is not None:
            strong.append(dt.date(s.stamp.year, s.stamp.month, s.stamp.day))
        full = [(_full(m), where) for m, where in s.days if m.year is not None]
        strong.extend(day for day, where in full if where != "text")
        in_text = [day for day, where in full if where == "text"]
        if in_text:
            weak.append(max(in_text))
    dates = strong or weak
    if not dates:
        return None
    return dt.date.fromordinal(int(statistics.median_high(d.toordinal() for d in dates)))


def _full(m: Mention) -> dt.date:
    return dt.date(m.year or 1, m.month or 1, m.day or 1)


def _infer(
    article: Article, found: _Scan, reference: dt.date | None, cluster_middle: dt.date | None
) -> PublicationDate:
    if article.published is not None:
        return PublicationDate(
            article.id,
            article.published.date(),
            "metadata",
            1.0,
            (f"metadata ({article.published_from or 'given'})",),
        )
    if found.exact is not None:
        return PublicationDate(
            article.id, found.exact[0], "inferred", URL_CONFIDENCE, (found.exact[1],)
        )
    if found.stamp is not None:
        stamped = _from_stamp(article, found.stamp, reference)
        if stamped is not None:
            return stamped
    dated = [d for d in (_date_of(m, where, reference) for m, where in found.days) if d]
    if reference is not None:
        dated = [d for d in dated if abs((reference - d.date).days) <= RECENT_DAYS]
    last_weekday = _last_of_run(found.weekdays)
    named = _run_in_words(found.weekdays)
    if dated:
        latest = max(dated, key=lambda d: d.date)
        evidence = [
            f"latest date mentioned: {latest.written!r} in the {latest.where} "
            f"= {latest.date.isoformat()} ({_year_note(latest)})"
        ]
        penalty = CLUSTER_YEAR_PENALTY if latest.year_from == "cluster" else 0.0
        if last_weekday is None:
            evidence.append("no weekday mentioned to corroborate it; it is a lower bound")
            return _inferred(article, latest.date, LATEST_ONLY_CONFIDENCE - penalty, evidence)
        shift = (last_weekday - latest.date.weekday()) % 7
        day_name = WEEKDAYS[last_weekday].title()
        if shift == 0:
            evidence.append(f"{latest.date.isoformat()} is a {day_name} and {named}")
            return _inferred(article, latest.date, AGREES_CONFIDENCE - penalty, evidence)
        if latest.where == "text" and shift >= 7 - JUST_BEFORE_DAYS:
            # The run ends a day or two before a date the text reports: the weekdays fall
            # just before it, on or before the writing; the next such weekday, almost a
            # week on, is the less likely reading.
            evidence.append(f"{named}, the days just before it: it is a lower bound")
            return _inferred(article, latest.date, LATEST_ONLY_CONFIDENCE - penalty, evidence)
        # Less than a week later: the first such weekday after the latest date.
        date = latest.date + dt.timedelta(days=shift)
        evidence.append(f"{named}: the first {day_name} after it is {date.isoformat()}")
        return _inferred(article, date, WEEKDAY_AFTER_CONFIDENCE - penalty, evidence)
    if last_weekday is not None and cluster_middle is not None:
        day_name = WEEKDAYS[last_weekday].title()
        offset = (last_weekday - cluster_middle.weekday() + 3) % 7 - 3
        date = cluster_middle + dt.timedelta(days=offset)
        return _inferred(
            article,
            date,
            CLUSTER_WEEKDAY_CONFIDENCE,
            [
                "no date in the article",
                named,
                f"the other articles centre on {cluster_middle.isoformat()}: the nearest "
                f"{day_name} is {date.isoformat()}",
            ],
        )
    return PublicationDate(
        article.id, None, "unknown", 0.0, ("no date, caption or weekday to go on",)
    )


_STAMP_WORDS = {
    "published": "the line",
    "dateline": "the dateline of",
    "byline": "the line",
    "updated": "the line",
}


def _from_stamp(
    article: Article, stamp: _Stamp, reference: dt.date | None
) -> PublicationDate | None:
    """The date of a stamp or dateline; a missing year is the one nearest the other
    articles' dates (with none, the stamp cannot be placed and inference goes on)."""
    year, note, penalty = stamp.year, "", 0.0
    if year is None:
        if reference is None:
            return None
        year = nearest_year(stamp.month, stamp.day, reference)
        if year is None:
            return None
        note, penalty = " (year from the other articles)", CLUSTER_YEAR_PENALTY
    day = dt.date(year, stamp.month, stamp.day)
    evidence = f'{_STAMP_WORDS[stamp.kind]} "{stamp.line[:60]}" gives {day.isoformat()}{note}'
    if stamp.kind == "updated":
        evidence += ": its last update (it may first have been published earlier)"
    return _inferred(article, day, STAMP_CONFIDENCE - penalty, [evidence])


def _inferred(
    article: Article, date: dt.date, confidence: float, evidence: list[str]
) -> PublicationDate:
    return PublicationDate(article.id, date, "inferred", round(confidence, 2), tuple(evidence))


def _year_note(d: _Dated) -> str:
    return {
        "article": "year as written",
        "weekday": "year from the weekday written with it, near the cluster",
        "cluster": "year from the other articles",
    }[d.year_from]


def _date_of(m: Mention, where: str, reference: dt.date | None) -> _Dated | None:
    if m.month is None or m.day is None:
        return None
    if m.year is not None:
        return _Dated(dt.date(m.year, m.month, m.day), where, m.text, "article")
    if reference is None:
        return None
    year = None
    if m.weekday is not None:
        year = next(
            (
                y
                for y in sorted(
                    range(reference.year - 6, reference.year + 7),
                    key=lambda y: abs(y - reference.year),
                )
                if _fits(y, m.month, m.day, m.weekday)
            ),
            None,
        )
        if year is not None:
            return _Dated(dt.date(year, m.month, m.day), where, m.text, "weekday")
    year = nearest_year(m.month, m.day, reference)
    if year is None:
        return None
    return _Dated(dt.date(year, m.month, m.day), where, m.text, "cluster")


def _fits(year: int, month: int, day: int, weekday: int) -> bool:
    try:
        return dt.date(year, month, day).weekday() == weekday
    except ValueError:
        return False


def _run_in_words(weekdays: Sequence[int]) -> str:
    named = sorted(set(weekdays))
    days = ", ".join(WEEKDAYS[w].title() for w in named)
    if len(named) == 1:
        return f"the article reports events on {days}"
    last = WEEKDAYS[_last_of_run(weekdays) or 0].title()
    return f"the article reports events on {days}, the latest on {last}"


def _last_of_run(weekdays: Sequence[int]) -> int | None:
    """The weekday that ends the run of named weekdays: the one followed by the longest gap
    in the week ("Tuesday, Wednesday, Thursday, Friday" ends on Friday)."""
    named = sorted(set(weekdays))
    if not named:
        return None
    if len(named) == 1:
        return named[0]
    gaps = [((named[(i + 1) % len(named)] - w) % 7, w) for i, w in enumerate(named)]
    return max(gaps)[1]
