"""The hand-built brief of ``brief_factory`` with every later section filled in: quotes,
entities, the timeline with publication dates, and the comparison of outlets.

All of it is invented for the project (the Alderbrook footbridge story). Every reference
points at the exact characters of the factory's article texts, so renderers can be checked
against real offsets.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from storyfold.model import (
    Brief,
    Comparison,
    Entity,
    Framing,
    NumberClaim,
    NumericDisagreement,
    OffTopic,
    PublicationDate,
    Quote,
    QuoteMention,
    SentenceRef,
    Speaker,
    Timeline,
    TimelineEvent,
)
from tests.brief_factory import ARTICLE_TEXTS, make_brief

OUTLETS = {
    "courier-1": "Alderbrook Courier",
    "herald-1": "Northgate Herald",
    "kestrel-1": "Radio Kestrel",
    "tide-1": "Tide & Timber",
    "courier-2": "Alderbrook Courier",
}


def ref_to(article_id: str, snippet: str) -> SentenceRef:
    """The sentence of ``article_id`` that holds ``snippet``, as a citation."""
    text = ARTICLE_TEXTS[article_id]
    at = text.index(snippet)
    # Sentences in the factory are joined by single spaces after a full stop.
    previous = text.rfind(". ", 0, at)
    start = previous + 2 if previous >= 0 else 0
    end = text.find(". ", at)
    end = len(text) if end < 0 else end + 1
    sentence = text[:start].count(". ")
    return SentenceRef(article_id, OUTLETS[article_id], sentence, start, end, text[start:end], 1.0)


def _mention(article_id: str, words: str, attribution: str | None) -> QuoteMention:
    text = ARTICLE_TEXTS[article_id]
    start = text.index(words)
    return QuoteMention(
        article_id=article_id,
        outlet=OUTLETS[article_id],
        text=words,
        start=start,
        end=start + len(words),
        sentence=ref_to(article_id, words).sentence,
        attribution=attribution,
    )


VARGA = Speaker(name="Ines Varga", kind="person", role="site manager")
QUOTES = (
    Quote(
        speaker=VARGA,
        text="We built it to stand the next flood, not the last one",
        direct=True,
        mentions=(
            _mention(
                "courier-1", "We built it to stand the next flood, not the last one", "Ines Varga"
            ),
        ),
    ),
    Quote(
        speaker=VARGA,
        text="the bridge was built to withstand the next flood",
        direct=False,
        mentions=(
            _mention("kestrel-1", "the bridge was built to withstand the next flood", "Varga"),
        ),
    ),
    Quote(
        speaker=Speaker(name=None, kind="unknown"),
        text="the closure had cost them a third of their usual takings",
        direct=False,
        mentions=(
            _mention(
                "courier-2", "the closure had cost them a third of their usual takings", "Some"
            ),
        ),
    ),
)

ENTITIES = (
    Entity(
        name="Ines Varga",
        kind="person",
        aliases=("Varga",),
        roles=("site manager",),
        mentions={"Alderbrook Courier": 1, "Radio Kestrel": 1},
    ),
    Entity(
        name="Alderbrook",
        kind="place",
        aliases=(),
        roles=(),
        mentions={"Alderbrook Courier": 1, "Northgate Herald": 1, "Radio Kestrel": 1},
    ),
)

PUBLICATION = (
    PublicationDate("courier-1", dt.date(2024, 3, 4), "metadata", 1.0),
    PublicationDate("herald-1", dt.date(2024, 3, 4), "metadata", 1.0),
    PublicationDate("kestrel-1", dt.date(2024, 3, 5), "metadata", 1.0),
    PublicationDate(
        "tide-1",
        dt.date(2024, 3, 5),
        "inferred",
        0.6,
        ("the other articles were published 2024-03-04 to 2024-03-05",),
    ),
    PublicationDate("courier-2", None, "unknown", 0.0),
)

REOPENED = ref_to("courier-1", "reopened on Monday")
TIMELINE = Timeline(
    events=(
        TimelineEvent(
            date=dt.date(2024, 3, 4),
            granularity="day",
            text=REOPENED.text,
            citations=(REOPENED, ref_to("kestrel-1", "Pedestrians crossed the river")),
            conflicts=((dt.date(2024, 3, 5), ref_to("tide-1", "New timber spans")),),
        ),
        TimelineEvent(
            date=dt.date(2023, 10, 1),
            granularity="month",
            text=ref_to("kestrel-1", "Pedestrians crossed").text,
            citations=(ref_to("kestrel-1", "Pedestrians crossed"),),
        ),
    ),
    publication=PUBLICATION,
)

COST_COURIER = ref_to("courier-1", "2.3 million crowns")
COST_HERALD = ref_to("herald-1", "2.3 million crowns")
DECK = ref_to("courier-1", "40 centimetres")
DECK_TIDE = ref_to("tide-1", "40 centimetres")


def make_comparison(brief: Brief) -> Comparison:
    return Comparison(
        coverage=tuple(line.outlets for line in brief.summary),
        single_source=(ref_to("kestrel-1", "Cyclists must still dismount"),),
        numbers=(
            NumericDisagreement(
                about="timber spans",
                claims=(
                    NumberClaim(4.0, "four", ref_to("courier-1", "four of the bridge")),
                    NumberClaim(6.0, "six", DECK_TIDE),
                ),
            ),
        ),
        framing=tuple(
            Framing(
                article_id=info.id,
                outlet=info.outlet,
                headline=info.title,
                lead=ARTICLE_TEXTS[info.id].split(". ")[0] + ".",
            )
            for info in brief.articles
        ),
        off_topic=(
            OffTopic(
                article_id="courier-2",
                outlet="Alderbrook Courier",
                score=0.512,
                reason="reads unlike the rest of the set: similarity 0.21",
            ),
        ),
    )


def make_full_brief() -> Brief:
    brief = make_brief()
    return dataclasses.replace(
        brief,
        quotes=QUOTES,
        entities=ENTITIES,
        timeline=TIMELINE,
        comparison=make_comparison(brief),
    )
