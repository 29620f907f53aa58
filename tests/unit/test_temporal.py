"""Temporal expressions: finding them in text and resolving them against an anchor.

Sentences are invented for these tests (a tunnel closure in the fictional town of Brennock).
"""

from __future__ import annotations

import datetime as dt

import pytest

from storyfold.brief.dates.temporal import expressions_in, find_time_expressions, scan
from storyfold.model import Article, TimeExpression

FRIDAY = dt.date(2024, 3, 8)  # the anchor most tests use: Friday 8 March 2024


def found(text: str, anchor: dt.date | None = FRIDAY) -> list[TimeExpression]:
    expressions = list(expressions_in("t", text, anchor))
    for e in expressions:  # offsets always point at the words as written
        assert text[e.start : e.end] == e.text
    return expressions


def only(text: str, anchor: dt.date | None = FRIDAY) -> TimeExpression:
    expressions = found(text, anchor)
    assert len(expressions) == 1, expressions
    return expressions[0]


@pytest.mark.parametrize(
    ("text", "written", "date"),
    [
        ("The tunnel shut on October 7, 2023 for checks.", "on October 7, 2023", (2023, 10, 7)),
        ("The tunnel shut on Oct. 7, 2023 for checks.", "on Oct. 7, 2023", (2023, 10, 7)),
        ("The tunnel shut on 7 October 2023 for checks.", "on 7 October 2023", (2023, 10, 7)),
        ("Work began Sept. 17, 2023 at dawn.", "Sept. 17, 2023", (2023, 9, 17)),
        ("The file is dated 2023-09-18 in the archive.", "2023-09-18", (2023, 9, 18)),
    ],
)
def test_absolute_dates_with_a_year_need_no_anchor(
    text: str, written: str, date: tuple[int, int, int]
) -> None:
    for anchor in (None, FRIDAY):
        e = only(text, anchor)
        assert (e.text, e.date, e.granularity, e.relative) == (
            written,
            dt.date(*date),
            "day",
            False,
        )


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("Crews arrived on Oct 7 with lights.", (2023, 10, 7)),
        ("Crews arrived Oct. 7 with lights.", (2023, 10, 7)),
        ("Crews arrived on 7 October with lights.", (2023, 10, 7)),
        ("Crews arrived on September 17 with lights.", (2023, 9, 17)),
        ("Crews arrived on Sept. 17 with lights.", (2023, 9, 17)),
        ("Crews arrived on March 4 with lights.", (2024, 3, 4)),
        ("Crews will return on April 2 with lights.", (2024, 4, 2)),
    ],
)
def test_dates_without_a_year_take_the_year_nearest_the_anchor(
    text: str, date: tuple[int, int, int]
) -> None:
    e = only(text)
    assert (e.date, e.granularity, e.relative) == (dt.date(*date), "day", True)
    assert found(text, None) == []  # no anchor, no year: not resolvable


def test_year_boundary_goes_to_the_nearer_year() -> None:
    assert only("The fire broke out on Dec 30.", dt.date(2024, 1, 2)).date == dt.date(2023, 12, 30)
    assert only("Talks resume on Jan 3.", dt.date(2023, 12, 29)).date == dt.date(2024, 1, 3)
    assert only("The fire broke out on Dec 30.", dt.date(2023, 12, 31)).date == dt.date(
        2023, 12, 30
    )


def test_month_and_year_and_year_alone() -> None:
    e = only("Protests began in March 2011 in the valley.", None)
    assert (e.text, e.date, e.granularity, e.relative) == (
        "in March 2011",
        dt.date(2011, 3, 1),
        "month",
        False,
    )
    e = only("Cooperation ended in early 2014 after the dispute.", None)
    assert (e.date, e.granularity) == (dt.date(2014, 1, 1), "year")
    e = only("In 2013, the lining was last inspected.", None)
    assert (e.date, e.granularity) == (dt.date(2013, 1, 1), "year")


def test_month_without_a_year_is_relative() -> None:
    e = only("The study started in November and ran for weeks.")
    assert (e.date, e.granularity, e.relative) == (dt.date(2023, 11, 1), "month", True)
    e = only("The tunnel was closed in April last year for paint.")
    assert (e.date, e.granularity) == (dt.date(2023, 4, 1), "month")
    assert found("The study started in November and ran for weeks.", None) == []


def test_counts_and_money_are_not_years() -> None:
    text = "About 2,000 drivers and 2015 cars a day, costing $2014 or 2013.5 crowns, used it."
    assert [e for e in found(text) if e.granularity == "year"] == []
    assert found("The alarm sounded at 2015 GMT and again at 2130 hours.") == []
    # After a word only years follow, a plural noun does not make it a count.
    assert [e.text for e in found("In 2015 prices rose by a third.")] == ["2015"]


def test_weekday_in_a_name_is_not_a_date() -> None:
    assert found("The Sunday Times reported the closure.") == []
    e = only("On Sunday Times Square was quiet.")
    assert e.date == dt.date(2024, 3, 3)


def test_month_names_as_ordinary_words_are_not_dates() -> None:
    text = "Officials may 7 times revise it. May brought rain. Crowds march along the river."
    assert found(text) == []


@pytest.mark.parametrize(
    ("text", "written", "date", "granularity"),
    [
        ("It was closed yesterday by the council.", "yesterday", (2024, 3, 7), "day"),
        ("It was closed today by the council.", "today", (2024, 3, 8), "day"),
        ("Lights go out tonight at nine.", "tonight", (2024, 3, 8), "day"),
        ("It opens tomorrow at nine.", "tomorrow", (2024, 3, 9), "day"),
        ("It closed two days ago after a storm.", "two days ago", (2024, 3, 6), "day"),
        ("It closed 3 weeks ago after a storm.", "3 weeks ago", (2024, 2, 12), "week"),
        (
            "Cracks were found earlier this week by divers.",
            "earlier this week",
            (2024, 3, 4),
            "week",
        ),
        ("Cracks were found this week by divers.", "this week", (2024, 3, 4), "week"),
        ("Cracks were found last week by divers.", "last week", (2024, 2, 26), "week"),
        ("Repairs start next week with two crews.", "next week", (2024, 3, 11), "week"),
        ("Cracks were found last month by divers.", "last month", (2024, 2, 1), "month"),
        ("Repairs end later this month as planned.", "later this month", (2024, 3, 1), "month"),
        ("A new tunnel opens next year near the pass.", "next year", (2025, 1, 1), "year"),
        ("The budget rose last year by a third.", "last year", (2023, 1, 1), "year"),
    ],
)
def test_relative_expressions_resolve_against_the_anchor(
    text: str, written: str, date: tuple[int, int, int], granularity: str
) -> None:
    e = only(text)
    assert (e.text, e.date, e.granularity, e.relative) == (
        written,
        dt.date(*date),
        granularity,
        True,
    )
    assert found(text, None) == []  # without an anchor they cannot be told


def test_weekdays_in_the_past_take_the_latest_such_day() -> None:
    assert only("The minister said on Thursday that it was safe.").date == dt.date(2024, 3, 7)
    assert only("The minister said Tuesday that it was safe.").date == dt.date(2024, 3, 5)
    # Written on a Friday, "on Friday" is that day.
    assert only("The minister said on Friday that it was safe.").date == dt.date(2024, 3, 8)
    assert only("The minister said last Friday that it was safe.").date == dt.date(2024, 3, 1)


def test_weekdays_in_the_future_take_the_next_such_day() -> None:
    assert only("The council will meet on Thursday to decide.").date == dt.date(2024, 3, 14)
    assert only("The council is expected to vote on Monday.").date == dt.date(2024, 3, 11)
    assert only("The council meets next Friday at noon.").date == dt.date(2024, 3, 15)
    # The tense of another clause does not carry over.
    e = only("Repairs will be slow. The minister spoke on Tuesday.")
    assert e.date == dt.date(2024, 3, 5)


def test_a_weekday_with_its_date_is_one_expression_dated_by_the_date() -> None:
    text = "Divers went down on Wednesday (Oct 7), the navy said, and again Thursday, Oct. 8."
    first, second = found(text, dt.date(2015, 10, 9))
    assert (first.text, first.date) == ("on Wednesday (Oct 7)", dt.date(2015, 10, 7))
    assert (second.text, second.date) == ("Thursday, Oct. 8", dt.date(2015, 10, 8))
    # The weekday also picks the year when the anchor sits between candidates.
    e = only("Divers went down on Wednesday (Oct 7).", dt.date(2016, 4, 10))
    assert e.date == dt.date(2015, 10, 7)


def test_longest_reading_wins_where_expressions_overlap() -> None:
    mentions = scan("The talks of September 17, 2015 ended in March 2011 style.")
    assert [m.text for m in mentions] == ["September 17, 2015", "in March 2011"]


def test_find_time_expressions_reads_the_articles_clean_text() -> None:
    text = "Brennock's tunnel closed on Tuesday. It first opened in June 1998."
    article = Article(id="a1", outlet="Brennock Bugle", source="a1.txt", raw_text=text, text=text)
    with_anchor = find_time_expressions(article, FRIDAY)
    assert [(e.article_id, e.text, e.date) for e in with_anchor] == [
        ("a1", "on Tuesday", dt.date(2024, 3, 5)),
        ("a1", "in June 1998", dt.date(1998, 6, 1)),
    ]
    assert [e.text for e in find_time_expressions(article, None)] == ["in June 1998"]
