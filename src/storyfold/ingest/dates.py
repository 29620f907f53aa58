"""Publication dates given as metadata strings, checked at the ingest boundary.

A date that cannot be a publication date is dropped here, where it enters, with a note
that says why; nothing further down (the brief's date arithmetic, the store's ISO writer)
ever sees one. Decisions:

- Usable window: from 1800-01-01 to one day after now (a day's slack for clocks and time
  zones). Outside it (``0001-01-01``, ``9999-12-31``, a date next year) is unusable.
- A value without a time zone (``1900-01-01``, ``2015-03-12T10:00``) is read as UTC, the
  same as the store has always written it; every usable date comes out time-zone aware,
  so two dates always compare.
- Anything that is not an ISO 8601 string (a number such as ``1e300``, a list, "not a
  date") is unusable. Numbers are not read as timestamps: the unit (s or ms) would be a
  guess.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

EARLIEST = datetime(1800, 1, 1, tzinfo=UTC)
# A publication date a little ahead of our clock is a clock or zone difference; more than
# a day ahead is wrong.
FUTURE_SLACK = timedelta(days=1)
_MAX_SHOWN = 60  # characters of a bad value quoted in a note


@dataclass(frozen=True, slots=True)
class Published:
    """What a metadata date gave: a usable date, or None and (when a value was there) a note
    saying why it was dropped."""

    date: datetime | None
    note: str | None = None


def check_published(value: object, now: datetime | None = None) -> Published:
    """A metadata value as a usable publication date, or the reason it is not one.

    An absent or blank value is simply no date (no note); anything else that is not usable
    gives a note quoting it.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return Published(None)
    if not isinstance(value, str):
        return Published(None, f"{_shown(value)} is not a date string")
    text = value.strip()
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return Published(None, f"{_shown(text)} is not an ISO 8601 date")
    return usable(parsed, now, shown=_shown(text))


def usable(value: datetime, now: datetime | None = None, shown: str | None = None) -> Published:
    """``value`` made time-zone aware (naive is UTC) if it lies in the usable window."""
    shown = shown or _shown(value.isoformat())
    aware = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
    try:
        in_utc = aware.astimezone(UTC)
    except OverflowError:  # 0001-01-01 east of UTC, 9999-12-31 west of it
        return Published(None, f"{shown} is outside the years a date can hold")
    if in_utc < EARLIEST:
        return Published(None, f"{shown} is before 1800")
    latest = (now or datetime.now(UTC)) + FUTURE_SLACK
    if in_utc > latest:
        return Published(None, f"{shown} is more than a day in the future")
    return Published(aware)


def parse_published(value: object) -> datetime | None:
    """ISO 8601 dates and date-times in the usable window; None for anything else (never a
    guess). `check_published` says why a value was dropped."""
    return check_published(value).date


def dropped_note(note: str) -> str:
    """How an article records a dropped date (its ``published_from``, kept in the store and
    shown with the article in every brief)."""
    return f"unusable date dropped: {note}"


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= _MAX_SHOWN else text[: _MAX_SHOWN - 1] + "…"
