"""An invented story for the quote, speaker and entity tests: a ferry strike in the
fictional port of Carrowmore, told by four invented outlets.

Entity spans come from a table of names (``NAMES``) rather than from spaCy, so each test
states exactly what the NER is assumed to have found; ``test_quotes`` also runs the real
model once on the same texts.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from storyfold.model import Article, Sentence
from storyfold.nlp.ner import EntitySpan
from storyfold.text import split_sentences

GAZETTE = (
    "Ferry crews in Carrowmore walked out on Tuesday over new winter rosters.\n"
    '"We will not sail until the rosters are withdrawn and the talks start again," '
    "union leader Nora Quill said.\n"
    "She added that the crews had waited six months for an answer from the company.\n"
    '"Nobody wants the boats tied up in harbour. But the company left us no choice," '
    "Quill told reporters.\n"
    '"Freight sailings will continue as normal," the Harbour Authority said in a statement.\n'
    "The Harbour Authority said that the port would stay open for freight all week.\n"
    "Transport Minister Elias Brandt said the strike was “a blow to every island family”.\n"
    "According to the Harbour Authority, about 4,000 passengers use the ferries each day.\n"
)
POST = (
    "Carrowmore ferries stayed in port on Tuesday as the crews' strike began.\n"
    "“We won’t sail until the rosters are withdrawn and the talks start again,” said "
    "Nora Quill, the head of the ferry workers’ union.\n"
    "The company was open to “practical, sensible” talks, its chief executive Hal Dunmore "
    "said.\n"
    "“We have offered a meeting on Thursday and we hope the union will come,” he said.\n"
    "Dunmore said the rosters were needed to keep the winter sailings running.\n"
)
WIRE = (
    "Carrowmore ferry strike enters first day.\n"
    '"We will not sail until the rosters are withdrawn," Quill said.\n'
    '"We have offered a meeting on Thursday and we trust the union will come," Mr Dunmore '
    "said.\n"
    '"The boats are safe and the crews are paid until the end of the month," Dunmore said.\n'
    '"Everyone loses when the ferries stop," he said.\n'
)
RADIO = (
    '"Every crossing is cancelled until further notice."\n'
    "Queues formed at the Carrowmore terminal on Tuesday morning.\n"
    '"The timetable changed overnight and nobody told us," a passenger said.\n'
    "Harbour Authority spokesman Tom Reyes said the terminal was calm by noon.\n"
    '"The queue was longer than the ship itself," she said.\n'
    "Quill told the station that crews would be ‘back on the water by Friday if the company "
    "listens’.\n"
)

# name -> kind, as an NER would tag them. Longer names are matched first.
NAMES: dict[str, str] = {
    "Carrowmore": "place",
    "Nora Quill": "person",
    "Quill": "person",
    "Harbour Authority": "organisation",
    "Elias Brandt": "person",
    "Hal Dunmore": "person",
    "Dunmore": "person",
    "Tom Reyes": "person",
}


def spans_for(text: str, names: dict[str, str] | None = None) -> tuple[EntitySpan, ...]:
    names = NAMES if names is None else names
    taken: list[EntitySpan] = []
    for name in sorted(names, key=len, reverse=True):
        for match in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text):
            if any(s.start < match.end() and match.start() < s.end for s in taken):
                continue
            taken.append(EntitySpan(match.start(), match.end(), names[name], name))
    return tuple(sorted(taken, key=lambda s: s.start))


def article(article_id: str, outlet: str, text: str, author: str | None = None) -> Article:
    """An article whose clean text is ``text`` as given (no cleaning), split into sentences."""
    sentences = tuple(
        Sentence(article_id, i, start, end) for i, (start, end) in enumerate(split_sentences(text))
    )
    return Article(
        id=article_id,
        outlet=outlet,
        source=f"{article_id}.txt",
        raw_text=text,
        author=author,
        text=text,
        sentences=sentences,
    )


def story() -> tuple[Article, ...]:
    return (
        article("gazette-1", "Tidewater Gazette", GAZETTE),
        article("post-1", "Northshore Post", POST),
        article("wire-1", "Harbour Wire", WIRE),
        article("radio-1", "Radio Skerry", RADIO),
    )


def story_spans(
    articles: Sequence[Article], names: dict[str, str] | None = None
) -> dict[str, tuple[EntitySpan, ...]]:
    return {a.id: spans_for(a.text, names) for a in articles}
