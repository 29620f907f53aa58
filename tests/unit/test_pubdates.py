"""Publication dates: metadata first, else inferred from text, captions, URLs and the cluster.

Every article here is invented for these tests (a tunnel closure in fictional Brennock).
"""

from __future__ import annotations

import datetime as dt
from datetime import UTC, datetime

import pytest

from storyfold.brief.dates.pubdates import (
    AGREES_CONFIDENCE,
    CLUSTER_WEEKDAY_CONFIDENCE,
    CLUSTER_YEAR_PENALTY,
    LATEST_ONLY_CONFIDENCE,
    STAMP_CONFIDENCE,
    URL_CONFIDENCE,
    WEEKDAY_AFTER_CONFIDENCE,
    infer_publication_dates,
    stamp_line,
)
from storyfold.model import Article, PublicationDate, RemovedLine


def article(
    article_id: str,
    text: str,
    *,
    url: str | None = None,
    source: str | None = None,
    published: datetime | None = None,
    removed: tuple[RemovedLine, ...] = (),
) -> Article:
    return Article(
        id=article_id,
        outlet=f"outlet-{article_id}",
        source=source or f"reports/{article_id}.txt",
        raw_text=text,
        url=url,
        published=published,
        published_from="html-metadata" if published else None,
        text=text,
        removed=removed,
    )


def infer_one(a: Article, *others: Article) -> PublicationDate:
    return infer_publication_dates([a, *others])[0]


NO_DATE = "The Brennock tunnel stays closed while engineers study the cracks in its lining."


def test_metadata_wins_with_full_confidence() -> None:
    a = article(
        "a",
        "The minister said on Thursday that the tunnel was safe.",
        published=datetime(2024, 3, 8, 7, 30, tzinfo=UTC),
        url="https://bugle.example/2023/01/01/old-url",
    )
    p = infer_one(a)
    assert (p.article_id, p.date, p.source, p.confidence) == (
        "a",
        dt.date(2024, 3, 8),
        "metadata",
        1.0,
    )


def test_date_in_url_or_file_name() -> None:
    by_url = infer_one(article("u", NO_DATE, url="https://bugle.example/news/2024/03/07/tunnel"))
    assert (by_url.date, by_url.source, by_url.confidence) == (
        dt.date(2024, 3, 7),
        "inferred",
        URL_CONFIDENCE,
    )
    assert "URL" in by_url.evidence[0]
    by_name = infer_one(article("f", NO_DATE, source="/data/in/tunnel_2024-03-06.html"))
    assert by_name.date == dt.date(2024, 3, 6)
    # A folder's date says when the file was saved, not when the report was written; a
    # hexadecimal id is not a date.
    assert infer_one(article("g", NO_DATE, source="/home/me/2024-01-05/x.txt")).date is None
    assert infer_one(article("h", NO_DATE, source="reports/000_a20240307e.txt")).date is None


def test_published_or_updated_line_in_text_or_removed() -> None:
    in_text = infer_one(
        article("s", "Updated March 7, 2024 at 09:12\nThe tunnel closed on Tuesday.")
    )
    assert (in_text.date, in_text.confidence) == (dt.date(2024, 3, 7), URL_CONFIDENCE)
    removed = (RemovedLine(2, "Published 6 March 2024 18:40 GMT", "timestamp"),)
    stamp = infer_one(article("r", NO_DATE, removed=removed))
    assert stamp.date == dt.date(2024, 3, 6)
    assert "Published 6 March 2024" in stamp.evidence[0]


def test_latest_date_agreeing_with_a_weekday() -> None:
    text = (
        "Cracks were first reported on March 1, 2024. The tunnel was closed on March 7, "
        "2024. The minister said on Thursday that repairs would take six weeks."
    )
    p = infer_one(article("w", text))
    # 7 March 2024 is a Thursday: the article was written that day.
    assert (p.date, p.source, p.confidence) == (dt.date(2024, 3, 7), "inferred", AGREES_CONFIDENCE)
    assert any("Thursday" in e for e in p.evidence)


def test_caption_date_and_later_weekdays() -> None:
    caption = (
        RemovedLine(3, "Divers inspect the lining on 5 March 2024 (Photo: Bugle)", "caption"),
    )
    text = (
        "The minister said on Wednesday that the tunnel would stay shut. On Thursday, the "
        "council said on Friday it would pay for the repairs."
    )
    p = infer_one(article("c", text, removed=caption))
    # The photo is from Tuesday 5 March; the report runs Wednesday to Friday: Friday 8 March.
    assert (p.date, p.confidence) == (dt.date(2024, 3, 8), WEEKDAY_AFTER_CONFIDENCE)
    assert "caption" in p.evidence[0]


def test_image_file_name_in_removed_lines() -> None:
    removed = (RemovedLine(4, "Screen Shot 2024-03-08 at 10.02.11 AM", "image-file"),)
    p = infer_one(article("i", "Divers went back in on Friday.", removed=removed))
    assert (p.date, p.confidence) == (dt.date(2024, 3, 8), AGREES_CONFIDENCE)


def test_unrelated_removed_lines_are_not_evidence() -> None:
    removed = (
        RemovedLine(9, "Tunnel fears in 2019: what we wrote on May 2, 2019", "related-headline"),
        RemovedLine(12, "Ada Kerrigan has covered transport since 2 June 2015.", "author-bio"),
    )
    p = infer_one(article("n", NO_DATE, removed=removed))
    assert (p.date, p.source, p.confidence) == (None, "unknown", 0.0)


def test_year_less_dates_take_the_year_from_the_cluster() -> None:
    dated = article("d", NO_DATE, url="https://post.example/2024/03/08/tunnel")
    p = infer_one(article("y", "Engineers closed the tunnel on March 7 after a survey."), dated)
    assert (p.date, p.confidence) == (
        dt.date(2024, 3, 7),
        LATEST_ONLY_CONFIDENCE - CLUSTER_YEAR_PENALTY,
    )
    assert any("other articles" in e for e in p.evidence)


def test_weekday_written_with_a_date_gives_the_year() -> None:
    dated = article("d", NO_DATE, url="https://post.example/2015/09/18/tunnel")
    text = "Divers went down on Wednesday (Oct 7), the navy said on Wednesday."
    p = infer_one(article("k", text), dated)
    assert (p.date, p.confidence) == (dt.date(2015, 10, 7), AGREES_CONFIDENCE)
    assert any("weekday written with it" in e for e in p.evidence)


def test_weekdays_alone_are_placed_near_the_other_articles() -> None:
    cluster = [
        article("x", NO_DATE, url="https://post.example/2024/03/07/a"),
        article("z", NO_DATE, url="https://post.example/2024/03/08/b"),
    ]
    text = "The tunnel closed on Monday. The minister spoke on Tuesday about the repairs."
    p = infer_one(article("m", text), *cluster)
    # The others centre on Thursday 7 March; the run Monday-Tuesday ends on Tuesday 5 March.
    assert (p.date, p.source, p.confidence) == (
        dt.date(2024, 3, 5),
        "inferred",
        CLUSTER_WEEKDAY_CONFIDENCE,
    )


def test_weekdays_alone_with_no_dated_article_stay_unknown() -> None:
    ps = infer_publication_dates(
        [article("m", "The tunnel closed on Monday."), article("q", "Divers went in on Friday.")]
    )
    assert [(p.date, p.source, p.confidence) for p in ps] == [
        (None, "unknown", 0.0),
        (None, "unknown", 0.0),
    ]


def test_nothing_to_go_on_stays_unknown_even_in_a_dated_cluster() -> None:
    dated = article("d", NO_DATE, url="https://post.example/2024/03/08/tunnel")
    p = infer_one(article("e", NO_DATE), dated)
    assert (p.date, p.source, p.confidence) == (None, "unknown", 0.0)
    assert p.evidence


def test_old_and_future_dates_do_not_date_the_report() -> None:
    dated = article("d", NO_DATE, url="https://post.example/2024/03/08/tunnel")
    text = (
        "The tunnel, opened on September 11, 2001, closed on Thursday (March 7). "
        "The council will vote on March 20 on the repairs. Bids close December 1, 2024."
    )
    p = infer_one(article("o", text), dated)
    assert p.date == dt.date(2024, 3, 7)


def test_one_result_per_article_in_order() -> None:
    articles = [
        article("1", NO_DATE),
        article("2", NO_DATE, url="https://post.example/2024/03/08/x"),
        article("3", NO_DATE, published=datetime(2024, 3, 9, tzinfo=UTC)),
    ]
    ps = infer_publication_dates(articles)
    assert [p.article_id for p in ps] == ["1", "2", "3"]
    assert [p.source for p in ps] == ["unknown", "inferred", "metadata"]
    assert infer_publication_dates([]) == ()


def test_stamp_lines_need_a_date_next_to_the_word() -> None:
    assert stamp_line("Updated March 7, 2024 at 09:12")
    assert stamp_line("Published: Thursday, 7 March 2024")
    assert not stamp_line("Updated figures released on March 7, 2024 show more cracks.")
    assert not stamp_line("The council published its report on March 7, 2024.")


# --- Datelines, stamps in any common form, limits (all invented: a ferry strike in Kessby)

FERRY_STAMPED = "Published 4 November 2026\n\nKessby ferry crews walk out over rosters on Tuesday."


def test_a_dated_dateline_is_the_publication_date() -> None:
    wire = article(
        "wire",
        "Ferry strike spreads\n\nBy A. Writer\n\n"
        "KESSBY, Nov 4 (Coast Wire) - Crews walked out on Monday and Tuesday, "
        "and talks resume next week.",
    )
    p = infer_one(wire, article("stamped", FERRY_STAMPED))
    assert p.date == dt.date(2026, 11, 4)  # not a Tuesday after the dateline's Wednesday
    assert p.confidence == STAMP_CONFIDENCE - CLUSTER_YEAR_PENALTY
    assert 'dateline of "KESSBY, Nov 4 (Coast Wire) -"' in p.evidence[0]
    assert "year from the other articles" in p.evidence[0]


def test_a_dateline_with_its_year_needs_no_other_article() -> None:
    wire = article("wire", "KESSBY, Nov. 4, 2026 (Coast Wire) — Crews walked out on Monday.")
    assert infer_one(wire).date == dt.date(2026, 11, 4)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Updated 11/06/2026 8:15 AM EST", dt.date(2026, 11, 6)),
        ("Updated: 06.11.2026 09:40 CET", dt.date(2026, 11, 6)),
        ("Published 2026-11-05T09:30:00-05:00", dt.date(2026, 11, 5)),
        ("Published: Thursday, 5 November 2026", dt.date(2026, 11, 5)),
        ("Last updated Nov. 6, 2026 at 8:15 a.m.", dt.date(2026, 11, 6)),
        ("Posted 13/11/2026", dt.date(2026, 11, 13)),
    ],
)
def test_stamps_in_common_forms(line: str, expected: dt.date) -> None:
    a = article("a", f"Kessby ferry strike\n\n{line}\n\nCrews walked out on Tuesday.")
    p = infer_one(a)
    assert p.date == expected
    assert p.confidence == STAMP_CONFIDENCE
    assert line[:40] in p.evidence[0]


def test_published_outranks_updated_and_an_update_says_so() -> None:
    both = article(
        "a", "Updated Nov. 6, 2026\nPublished Nov. 4, 2026\n\nCrews walked out on Tuesday."
    )
    assert infer_one(both).date == dt.date(2026, 11, 4)
    updated = infer_one(article("b", "Updated Nov. 6, 2026\n\nCrews walked out on Tuesday."))
    assert updated.date == dt.date(2026, 11, 6)
    assert "last update" in updated.evidence[0]


@pytest.mark.parametrize(
    "sentence",
    [
        "Fares will be free through Nov. 17, the port said.",
        "The union will meet the owners on Nov. 20.",
        "The owners must answer by Nov. 19.",
    ],
)
def test_a_limit_or_a_plan_is_never_a_lower_bound(sentence: str) -> None:
    a = article("a", f"Crews walked out on Nov. 3. {sentence}")
    p = infer_one(a, article("stamped", FERRY_STAMPED))
    assert p.date == dt.date(2026, 11, 3)
    assert "'on Nov. 3'" in p.evidence[0]


def test_weekdays_just_before_the_latest_date_fall_before_the_writing() -> None:
    # Wednesday 4 November, then Monday and Tuesday: the days leading up to it, not a run
    # ending the next Tuesday.
    a = article(
        "a",
        "Crews walked out on Monday and talks failed on Tuesday. "
        "The port closed on Nov. 4, 2026, the union said.",
    )
    p = infer_one(a)
    assert p.date == dt.date(2026, 11, 4)
    assert "the days just before it" in p.evidence[-1]
    # A run after the latest date still places the writing after it.
    b = article(
        "b",
        "The port closed on Nov. 2, 2026. Crews walked out on Thursday and talks failed on Friday.",
    )
    assert infer_one(b).date == dt.date(2026, 11, 6)
