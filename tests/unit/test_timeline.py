"""The timeline: dated statements merged across outlets, ordered, with disagreements.

The reports are invented for these tests (a tunnel closure in fictional Brennock).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path

import pytest

from storyfold.brief.dates.pubdates import infer_publication_dates
from storyfold.brief.dates.timeline import MAX_EVENTS, build_timeline
from storyfold.brief.table import SentenceTable, build_table
from storyfold.config import Settings
from storyfold.ingest import load_articles
from storyfold.model import Article, PublicationDate, Timeline
from storyfold.nlp import Embedder, get_embedder
from storyfold.nlp.ner import EntitySpan
from storyfold.render.json import brief_to_dict
from storyfold.render.markdown import render_markdown
from storyfold.text import clean_article
from tests.brief_factory import make_brief

FRIDAY = datetime(2024, 3, 8, 9, 0, tzinfo=UTC)

BUGLE = (
    "The Brennock tunnel was closed to traffic on Tuesday after engineers found cracks in "
    "its concrete lining.\n"
    "Transport minister Ada Kerrigan said on Thursday that repairs would take at least six "
    "weeks.\n"
    "The tunnel first opened to drivers in June 1998.\n"
)
POST = (
    "Engineers found cracks in its concrete lining, and the Brennock tunnel was closed to "
    "traffic on March 5.\n"
    "Lorries now take a long detour over the mountain pass.\n"
)
RADIO = (
    "The Brennock tunnel was closed to traffic on Monday after engineers found cracks in its "
    "concrete lining.\n"
    "Schools in the valley will open late on Monday next week because of the traffic.\n"
)


def make(article_id: str, outlet: str, body: str, published: datetime | None) -> Article:
    raw = f"{outlet} report\n\n{body}"
    return clean_article(
        Article(
            id=article_id,
            outlet=outlet,
            source=f"reports/{article_id}.txt",
            raw_text=raw,
            published=published,
        )
    )


@pytest.fixture(scope="module")
def embedder() -> Embedder:
    return get_embedder(Settings().embedder)


def timeline_of(
    articles: list[Article],
    embedder: Embedder,
    publication: list[PublicationDate] | None = None,
    spans: Mapping[str, Sequence[EntitySpan]] | None = None,
) -> tuple[Timeline, SentenceTable]:
    table = build_table(tuple(articles), embedder)
    dates = publication or list(infer_publication_dates(articles))
    return build_timeline(articles, table, dates, spans), table


def assert_citations_are_real(timeline: Timeline, articles: list[Article]) -> None:
    by_id = {a.id: a for a in articles}
    for event in timeline.events:
        assert event.citations[0].text == event.text
        for ref in (*event.citations, *(c for _, c in event.conflicts)):
            article = by_id[ref.article_id]
            sentence = article.sentences[ref.sentence]
            assert (sentence.start, sentence.end) == (ref.start, ref.end)
            assert article.text[ref.start : ref.end] == ref.text


def test_same_event_from_two_outlets_is_one_event(embedder: Embedder) -> None:
    articles = [make("bugle", "Bugle", BUGLE, FRIDAY), make("post", "Post", POST, FRIDAY)]
    timeline, _ = timeline_of(articles, embedder)
    closed = [e for e in timeline.events if "closed to traffic" in e.text]
    assert len(closed) == 1, [e.text for e in timeline.events]
    event = closed[0]
    # "on Tuesday" in a Friday 8 March report and "on March 5" are the same day.
    assert (event.date, event.granularity) == (dt.date(2024, 3, 5), "day")
    assert set(event.outlets) == {"Bugle", "Post"}
    assert event.conflicts == ()
    assert_citations_are_real(timeline, articles)


def test_events_are_ordered_and_dated_with_their_granularity(embedder: Embedder) -> None:
    articles = [make("bugle", "Bugle", BUGLE, FRIDAY)]
    timeline, _ = timeline_of(articles, embedder)
    assert [(e.date, e.granularity) for e in timeline.events] == [
        (dt.date(1998, 6, 1), "month"),
        (dt.date(2024, 3, 5), "day"),
        (dt.date(2024, 3, 7), "day"),
    ]
    assert timeline.events[2].text.startswith("Transport minister Ada Kerrigan said on Thursday")
    assert [p.source for p in timeline.publication] == ["metadata"]


def test_outlets_that_date_the_same_event_differently_disagree(embedder: Embedder) -> None:
    articles = [
        make("bugle", "Bugle", BUGLE, FRIDAY),
        make("post", "Post", POST, FRIDAY),
        make("radio", "Radio", RADIO, FRIDAY),
    ]
    timeline, _ = timeline_of(articles, embedder)
    closed = [e for e in timeline.events if "closed to traffic" in e.text]
    assert len(closed) == 1
    event = closed[0]
    # Two outlets say Tuesday 5 March, one says Monday 4 March: the majority dates it.
    assert event.date == dt.date(2024, 3, 5)
    assert set(event.outlets) == {"Bugle", "Post", "Radio"}
    assert [(d, ref.outlet) for d, ref in event.conflicts] == [(dt.date(2024, 3, 4), "Radio")]
    assert_citations_are_real(timeline, articles)


def test_future_weekday_is_dated_after_publication(embedder: Embedder) -> None:
    timeline, _ = timeline_of([make("radio", "Radio", RADIO, FRIDAY)], embedder)
    schools = [e for e in timeline.events if e.text.startswith("Schools")]
    assert [e.date for e in schools] == [dt.date(2024, 3, 11)]


def test_relative_dates_use_the_inferred_publication_date(embedder: Embedder) -> None:
    undated = make("bugle", "Bugle", BUGLE, None)
    dated = make("post", "Post", POST.replace("March 5", "March 5, 2024"), None)
    timeline, _ = timeline_of([undated, dated], embedder)
    bugle, post = timeline.publication
    assert (post.date, post.source) == (dt.date(2024, 3, 5), "inferred")
    # The Bugle names Tuesday and Thursday only; beside the Post it is dated Thursday 7 March,
    # so its "on Tuesday" is the Post's 5 March and the two tell one event.
    assert (bugle.date, bugle.source) == (dt.date(2024, 3, 7), "inferred")
    closed = [e for e in timeline.events if "closed to traffic" in e.text]
    assert [(e.date, set(e.outlets), e.conflicts) for e in closed] == [
        (dt.date(2024, 3, 5), {"Bugle", "Post"}, ())
    ]


def test_an_unknown_publication_date_leaves_relative_dates_out(embedder: Embedder) -> None:
    undated = make("bugle", "Bugle", BUGLE, None)
    dated = make("post", "Post", POST.replace("March 5", "March 5, 2024"), None)
    unknown = [
        PublicationDate("bugle", None, "unknown", 0.0),
        PublicationDate("post", None, "unknown", 0.0),
    ]
    timeline, _ = timeline_of([undated, dated], embedder, unknown)
    closed = [e for e in timeline.events if "closed to traffic" in e.text]
    # The Bugle's "on Tuesday" cannot be told; the Post still cites the same statement.
    assert [(e.date, e.outlets[0], e.conflicts) for e in closed] == [
        (dt.date(2024, 3, 5), "Post", ())
    ]


def test_publication_stamps_and_names_are_not_events(embedder: Embedder) -> None:
    body = (
        "Published on March 8, 2024 at 09:00 by the Brennock desk.\n"
        "Reporters from April 10 Media said the tunnel was closed for good reasons.\n"
        "Divers inspected the lining on Wednesday morning with lamps.\n"
    )
    article = make("desk", "Desk", body, FRIDAY)
    text = article.text
    name = "April 10 Media"
    start = text.index(name)
    spans = {"desk": (EntitySpan(start, start + len(name), "organisation", name),)}
    timeline, _ = timeline_of([article], embedder, spans=spans)
    assert [e.text[:6] for e in timeline.events] == ["Divers"]
    without_spans, _ = timeline_of([article], embedder)
    assert len(without_spans.events) == 2  # the name reads as 10 April without spaCy's help


def test_every_event_is_kept_and_the_best_supported_are_key(embedder: Embedder) -> None:
    days = "\n".join(
        f"Inspectors walked the tunnel's {n} section on March {n + 1}, 2023 with ladders."
        for n in range(1, MAX_EVENTS + 5)
    )
    articles = [
        make("bugle", "Bugle", BUGLE + days, FRIDAY),
        make("post", "Post", POST, FRIDAY),
    ]
    timeline, _ = timeline_of(articles, embedder)
    walks = [e for e in timeline.events if "Inspectors walked" in e.text]
    assert len(walks) == MAX_EVENTS + 4  # every dated event is kept
    key = [e for e in timeline.events if e.key]
    assert len(key) == MAX_EVENTS
    assert all(e.key for e in timeline.events if len(e.outlets) == 2)
    assert any(len(e.outlets) == 2 for e in timeline.events)
    assert [e.date for e in timeline.events] == sorted(e.date for e in timeline.events)


def test_no_dated_sentence_gives_an_empty_timeline(embedder: Embedder) -> None:
    article = make("quiet", "Quiet", "Lorries now take a long detour over the pass.\n", None)
    timeline, _ = timeline_of([article], embedder)
    assert timeline.events == ()
    assert [p.source for p in timeline.publication] == ["unknown"]


# The same two events as BUGLE, told by a third outlet in other words.
GAZETTE = (
    "Traffic was barred from the Brennock tunnel on Tuesday once engineers found cracks in "
    "its concrete lining.\n"
    "Ada Kerrigan, the transport minister, said on Thursday that repairs would take at least "
    "six weeks.\n"
)


def test_an_article_whose_weekdays_all_disagree_by_one_shift_is_redated(
    embedder: Embedder,
) -> None:
    late = make("late", "Late", GAZETTE, None)
    articles = [make("bugle", "Bugle", BUGLE, FRIDAY), make("post", "Post", POST, FRIDAY), late]
    week_late = dt.date(2024, 3, 15)
    publication = [
        PublicationDate("bugle", FRIDAY.date(), "metadata", 1.0),
        PublicationDate("post", FRIDAY.date(), "metadata", 1.0),
        PublicationDate("late", week_late, "inferred", 0.6, ("weekdays after a caption date",)),
    ]
    timeline, _ = timeline_of(articles, embedder, publication)
    # Both of its events, dated from its own (wrong) date, now agree with the others.
    assert all(not e.conflicts for e in timeline.events), [
        (e.text, e.conflicts) for e in timeline.events
    ]
    moved = {p.article_id: p for p in timeline.publication}["late"]
    assert moved.date == FRIDAY.date()
    assert moved.source == "inferred"
    assert moved.confidence < 0.6
    assert "2 events" in moved.evidence[-1] and "7 days earlier" in moved.evidence[-1]
    # An article with metadata is never moved.
    assert {p.article_id: p.date for p in timeline.publication}["bugle"] == FRIDAY.date()


def test_one_disagreement_moves_no_date(embedder: Embedder) -> None:
    articles = [
        make("bugle", "Bugle", BUGLE, FRIDAY),
        make("post", "Post", POST, FRIDAY),
        make("radio", "Radio", RADIO, None),
    ]
    publication = [
        PublicationDate("bugle", FRIDAY.date(), "metadata", 1.0),
        PublicationDate("post", FRIDAY.date(), "metadata", 1.0),
        PublicationDate("radio", FRIDAY.date(), "inferred", 0.6),
    ]
    timeline, _ = timeline_of(articles, embedder, publication)
    assert {p.article_id: p.date for p in timeline.publication}["radio"] == FRIDAY.date()
    assert any(e.conflicts for e in timeline.events)


def test_written_years_are_events_and_limits_and_relative_years_are_not(
    embedder: Embedder,
) -> None:
    body = (
        "The Brennock tunnel was first dug by hand in 1911 by quarry workers.\n"
        "Its old lining was replaced in 2013 after a flood damaged the walls.\n"
        "Drivers may use the mountain pass toll-free until March 20 while the tunnel is shut.\n"
        "Traffic through the valley rose sharply last year as the town grew.\n"
    )
    timeline, _ = timeline_of([make("bugle", "Bugle", body, FRIDAY)], embedder)
    assert [(e.date, e.granularity) for e in timeline.events] == [
        (dt.date(1911, 1, 1), "year"),
        (dt.date(2013, 1, 1), "year"),
    ]


def test_a_denied_date_is_no_event(embedder: Embedder) -> None:
    body = (
        '"This did not happen on Tuesday," the councillor said of the cracked lining.\n'
        "The tunnel never reopened in March 2019 as the engineers had planned.\n"
        "The lorries didn't stop on Thursday, the drivers said.\n"
        "Inspectors saw the lining again on Wednesday, when the cracks had not grown.\n"
    )
    timeline, _ = timeline_of([make("bugle", "Bugle", body, FRIDAY)], embedder)
    assert [(e.date, e.text.split()[0]) for e in timeline.events] == [
        (dt.date(2024, 3, 6), "Inspectors")
    ]


def test_the_reading_view_marks_key_events_and_keeps_the_rest(embedder: Embedder) -> None:
    days = "\n".join(
        f"Inspectors walked the tunnel's {n} section on March {n + 1}, 2023 with ladders."
        for n in range(1, MAX_EVENTS + 3)
    )
    timeline, _ = timeline_of([make("bugle", "Bugle", BUGLE + days, FRIDAY)], embedder)
    brief = dataclasses.replace(make_brief(), timeline=timeline)
    markdown = render_markdown(brief)
    section = markdown.split("## Timeline", 1)[1].split("## Entities", 1)[0]
    events = [line for line in section.splitlines() if line.startswith("- ")]
    assert len(events) == len(timeline.events) > MAX_EVENTS
    assert sum(line.startswith("- **") and "** ★ " in line for line in events) == MAX_EVENTS
    assert sum(not line.startswith("- **") for line in events) == len(events) - MAX_EVENTS
    assert f"★ marks the {MAX_EVENTS} key events" in section
    data = brief_to_dict(brief)
    assert [e["key"] for e in data["timeline"]["events"]] == [e.key for e in timeline.events]


EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "harbor-bridge"


def test_the_example_story_is_dated_from_its_datelines_and_stamps(embedder: Embedder) -> None:
    articles = [a for a in load_articles([EXAMPLE]).articles if a.sentences]
    publication = infer_publication_dates(articles)
    dates = {
        a.source.rsplit("/", 1)[-1]: p.date for a, p in zip(articles, publication, strict=True)
    }
    assert dates == {
        "01_alden_courier.txt": dt.date(2026, 11, 4),  # "Published Nov. 4, 2026"
        "02_coastline_daily.txt": dt.date(2026, 11, 4),
        "03_metro_wire.txt": dt.date(2026, 11, 4),  # its dateline, not a Tuesday after it
        "04_bay_observer.txt": dt.date(2026, 11, 6),  # "Updated 11/06/2026", not Nov. 17
        "05_harbor_news.html": dt.date(2026, 11, 5),
    }
    timeline, _ = timeline_of(articles, embedder, list(publication))
    assert [e.text for e in timeline.events if e.conflicts] == []
    # The ferries' free fares "through Nov. 17" are a limit, not an event.
    assert all(e.date <= dt.date(2026, 11, 6) for e in timeline.events)
    assert dt.date(2019, 3, 1) in {e.date for e in timeline.events}  # background kept
