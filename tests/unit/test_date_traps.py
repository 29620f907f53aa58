"""The traps of dates written without a year, and of limits, plans and titles.

Each sentence is invented for these tests (a ferry strike in the fictional port of Kessby).
The anchor is the article's publication date; the expected value is what a careful reader
would write down.
"""

from __future__ import annotations

import datetime as dt

import pytest

from storyfold.brief.dates.temporal import expressions_in, scan

NOVEMBER = dt.date(2026, 11, 4)  # a Wednesday
FEBRUARY = dt.date(2026, 2, 10)  # a Tuesday


def resolved(text: str, anchor: dt.date) -> list[tuple[str, dt.date, str]]:
    found = expressions_in("t", text, anchor)
    for e in found:
        assert text[e.start : e.end] == e.text
    return [(e.text, e.date, e.granularity) for e in found]


def one(text: str, anchor: dt.date) -> tuple[dt.date, str]:
    found = resolved(text, anchor)
    assert len(found) == 1, found
    return found[0][1], found[0][2]


@pytest.mark.parametrize(
    ("text", "anchor", "expected"),
    [
        # past tense: the last such month, not the coming one
        ("The harbour master stepped down in March after a row.", NOVEMBER, (2026, 3)),
        ("The harbour master stepped down in March after a row.", FEBRUARY, (2025, 3)),
        ("In January, the union elected a new leader.", NOVEMBER, (2026, 1)),
        ("The line was sold in December to a rival.", NOVEMBER, (2025, 12)),
        # future tense: the next one
        ("The new ferry will enter service in March.", NOVEMBER, (2027, 3)),
        ("The port expects to reopen the terminal in April.", NOVEMBER, (2027, 4)),
        # "expected" and "plan" alone are not the future
        ("Under a plan approved in March, fares rose.", NOVEMBER, (2026, 3)),
        ("Traffic was lower than expected in October.", NOVEMBER, (2026, 10)),
        # "this" is the anchor's year, before or after it
        ("The election is due this September.", FEBRUARY, (2026, 9)),
        ("Crews finished the dredging this March.", NOVEMBER, (2026, 3)),
        # no tense: the coming month when it is close, else the last one
        ("Tickets for December sailings are on sale.", NOVEMBER, (2026, 12)),
    ],
)
def test_a_month_without_a_year_follows_the_tense(
    text: str, anchor: dt.date, expected: tuple[int, int]
) -> None:
    date, granularity = one(text, anchor)
    assert (date.year, date.month, granularity) == (*expected, "month")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Fares will be free through Nov. 17, the city said.", dt.date(2026, 11, 17)),
        ("Bids must be in by Dec. 10 at noon.", dt.date(2026, 12, 10)),
        ("The year ended March 31 with a loss.", dt.date(2026, 3, 31)),
        ("The strike pay will be paid Jan. 2 to members.", dt.date(2027, 1, 2)),
    ],
)
def test_a_day_without_a_year(text: str, expected: dt.date) -> None:
    assert one(text, NOVEMBER) == (expected, "day")


def test_by_a_day_is_the_day_not_the_month() -> None:
    found = expressions_in("t", "Bids must be in by Dec. 10 at noon.", NOVEMBER)
    assert [(e.text, e.granularity) for e in found] == [("Dec. 10", "day")]


@pytest.mark.parametrize(
    "text",
    [
        "Fares will be free through Nov. 17, the city said.",
        "Bids must be in by Dec. 10 at noon.",
        "Rides stay free until Nov. 20.",
        "The state will inspect two ferries before the end of the month.",
    ],
)
def test_limits_are_marked(text: str) -> None:
    (expression,) = expressions_in("t", text, NOVEMBER)
    assert expression.limit
    assert all(m.future for m in scan(text) if m.kind == "date")


def test_a_date_something_happened_is_no_limit() -> None:
    (expression,) = expressions_in("t", "The ferry sank on Nov. 2 off the point.", NOVEMBER)
    assert not expression.limit


@pytest.mark.parametrize(
    ("text", "expected", "granularity"),
    [
        ("Profit fell from a year earlier.", dt.date(2025, 11, 4), "day"),
        ("Profit fell from a year ago.", dt.date(2025, 11, 4), "day"),
        ("Year-earlier profit was higher.", dt.date(2025, 1, 1), "year"),
        ("The union wants a deal by the end of the month.", dt.date(2026, 11, 1), "month"),
        ("Sales for the full year will fall.", dt.date(2026, 1, 1), "year"),
        ("The port aims to be debt-free by year-end.", dt.date(2026, 12, 31), "day"),
        ("The port opened in nineteen ninety-six.", dt.date(1996, 1, 1), "year"),
        ("It closed in January nineteen ninety-seven.", dt.date(1997, 1, 1), "month"),
        ("A new quay is planned for the year two thousand.", dt.date(2000, 1, 1), "year"),
        ("Talks resumed at the beginning of October.", dt.date(2026, 10, 1), "month"),
    ],
)
def test_relative_and_spelled_out_dates(text: str, expected: dt.date, granularity: str) -> None:
    assert one(text, NOVEMBER) == (expected, granularity)


def test_a_plan_reported_after_it_was_made_is_the_nearest_weekday() -> None:
    # Written on a Wednesday: "would start Wednesday" is that day, not a week on.
    assert one("The operator said it would add sailings starting Wednesday.", NOVEMBER) == (
        NOVEMBER,
        "day",
    )
    # "will" looks ahead: the next Friday.
    assert one("The council will vote on Friday.", NOVEMBER) == (dt.date(2026, 11, 6), "day")
    # A past weekday is on or before the anchor.
    assert one("The council voted on Monday.", NOVEMBER) == (dt.date(2026, 11, 2), "day")


@pytest.mark.parametrize(
    "text",
    [
        'The minister, speaking on the "This Week" programme, said no deal was near.',
        "This is Kessby Radio Today, with the news.",
        "The ferries of tomorrow will run on batteries.",
        "The union met June Harlow and May Collins.",
    ],
)
def test_titles_names_and_eras_are_not_dates(text: str) -> None:
    assert expressions_in("t", text, NOVEMBER) == ()
