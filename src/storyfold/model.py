"""The vocabulary every stage speaks: articles, sentences and the brief.

Sentences are views into their article's clean text (start/end offsets), never copies,
so a citation always points at the exact characters of its source.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True, slots=True)
class Sentence:
    article_id: str
    index: int
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class RemovedLine:
    """A line dropped by cleaning, kept for the brief's provenance."""

    line: int  # 1-based line number in the raw text
    text: str
    reason: str


@dataclass(frozen=True)
class Article:
    id: str
    outlet: str
    source: str  # where it was read from: a path, "path:line" for JSONL, or a URL
    raw_text: str
    url: str | None = None
    title: str | None = None
    author: str | None = None
    published: datetime | None = None
    published_from: str | None = None  # how `published` was found, e.g. "html-metadata"
    outlet_from: str = "file-name"  # "metadata", "url-host" or "file-name"
    text: str = ""  # clean text; empty until cleaned
    sentences: tuple[Sentence, ...] = ()
    removed: tuple[RemovedLine, ...] = ()
    # When it was fetched (HTTP response time, or a web archive's WARC-Date): crawl time,
    # never a stand-in for `published`. None for files.
    fetched: datetime | None = None

    def sentence_text(self, sentence: Sentence) -> str:
        return self.text[sentence.start : sentence.end]


@dataclass(frozen=True, slots=True)
class Skipped:
    """An input that was not used, and why."""

    input: str
    reason: str


@dataclass(frozen=True, slots=True)
class Duplicate:
    """An input whose content was already read from another input."""

    input: str
    same_as: str


@dataclass(frozen=True)
class Corpus:
    """Articles read from a batch of inputs, with everything that was left out."""

    articles: tuple[Article, ...]
    skipped: tuple[Skipped, ...] = ()
    duplicates: tuple[Duplicate, ...] = ()
    inputs: tuple[str, ...] = ()

    def __iter__(self) -> Iterator[Article]:
        return iter(self.articles)

    def __len__(self) -> int:
        return len(self.articles)


@dataclass(frozen=True, slots=True)
class SentenceRef:
    """A pointer to one sentence of one article, with its text for display."""

    article_id: str
    outlet: str
    sentence: int  # index into the article's sentences
    start: int
    end: int
    text: str
    similarity: float  # to the summary line it supports; 1.0 for the line's own source


@dataclass(frozen=True, slots=True)
class Insertion:
    """An editor's bracket put into a summary line: "he [Josh Earnest] said"."""

    at: int  # offset into the source sentence's text; shown after a space there
    text: str  # with its brackets: "[Josh Earnest]", "[Sept. 18]"


@dataclass(frozen=True)
class SummaryLine:
    text: str  # as shown: the source sentence with its insertions, if any
    citations: tuple[SentenceRef, ...]  # the source sentence first, then its support
    # What was put into the source sentence to make it stand alone; outside them the line
    # is the source exactly.
    insertions: tuple[Insertion, ...] = ()

    @property
    def source(self) -> SentenceRef:
        return self.citations[0]

    @property
    def outlets(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(c.outlet for c in self.citations))


@dataclass(frozen=True, slots=True)
class ArticleInfo:
    """What the brief says about each article it read."""

    id: str
    outlet: str
    source: str
    title: str | None
    url: str | None
    author: str | None
    published: datetime | None
    published_from: str | None
    outlet_from: str
    sentences: int
    words: int
    # Set when the article reports a later development of the story (written well after
    # the others, about the same actors and subject): why, in words. It stays in the brief.
    later_development: str | None = None


@dataclass(frozen=True)
class Provenance:
    version: str
    created: datetime
    settings: dict[str, object]
    embedder: str
    inputs: tuple[str, ...]
    skipped: tuple[Skipped, ...] = ()
    duplicates: tuple[Duplicate, ...] = ()
    removed: dict[str, tuple[RemovedLine, ...]] = field(default_factory=dict)  # by article id
    # How the articles read in full were chosen when a brief had too many to read them all
    # (storyfold.brief.select_articles); None when every article was read.
    selection: str | None = None


# --- Who said what -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Speaker:
    """Who a quote is attributed to. ``name`` is None when the text does not say: never
    guessed."""

    name: str | None  # canonical name, e.g. "Josh Earnest", "Pentagon"
    kind: str  # "person", "organisation" or "unknown"
    role: str | None = None  # as the articles give it, e.g. "White House spokesman"


@dataclass(frozen=True, slots=True)
class QuoteMention:
    """One outlet's wording of a quote."""

    article_id: str
    outlet: str
    text: str  # the quoted words as this article gives them (no quotation marks)
    start: int  # offsets of the quoted words in the article's clean text
    end: int
    sentence: int  # index of the sentence it starts in
    attribution: str | None  # how this article names the speaker: "he", "Earnest", ...


@dataclass(frozen=True)
class Quote:
    """One statement, merged across every outlet that carries it."""

    speaker: Speaker
    text: str  # the fullest wording
    direct: bool  # False for reported speech ("X said that ...")
    mentions: tuple[QuoteMention, ...]

    @property
    def outlets(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(m.outlet for m in self.mentions))

    @property
    def variants(self) -> tuple[str, ...]:
        """The distinct wordings, fullest first."""
        return tuple(dict.fromkeys(sorted((m.text for m in self.mentions), key=len, reverse=True)))


# --- People, organisations and places ------------------------------------------------


@dataclass(frozen=True)
class Entity:
    name: str  # canonical: the fullest form, e.g. "John Kerry", "Islamic State"
    kind: str  # "person", "organisation", "place" or "group"
    aliases: tuple[str, ...]  # other forms seen: "Kerry", "IS", "ISIL", ...
    roles: tuple[str, ...]  # titles and roles as the articles give them
    mentions: dict[str, int]  # by outlet: how often it is named

    @property
    def total(self) -> int:
        return sum(self.mentions.values())


# --- When ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TimeExpression:
    """A date written in an article, resolved to a calendar date."""

    article_id: str
    text: str  # as written: "on Thursday", "Oct 7", "last week"
    start: int
    end: int
    date: dt.date  # the first day of the period when granularity is coarser than a day
    granularity: str  # "day", "week" (given as its Monday), "month" or "year"
    relative: bool  # resolved against the publication date
    # A limit ("free through Nov. 17", "by Dec. 10"): when something ends, not happens.
    limit: bool = False


@dataclass(frozen=True, slots=True)
class PublicationDate:
    article_id: str
    date: dt.date | None  # None when it cannot be told: an unknown stays unknown
    source: str  # "metadata", "inferred" or "unknown"
    confidence: float  # 1.0 for metadata; lower for inference
    evidence: tuple[str, ...] = ()  # what the inference rests on, in words


@dataclass(frozen=True)
class TimelineEvent:
    date: dt.date
    granularity: str
    text: str  # the sentence that says what happened
    citations: tuple[SentenceRef, ...]  # the source sentence first, then other outlets
    # Other dates that outlets give for the same event: a disagreement when not empty.
    conflicts: tuple[tuple[dt.date, SentenceRef], ...] = ()
    # Among the best-supported events, the ones a reader sees first; the others are kept.
    key: bool = False

    @property
    def outlets(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(c.outlet for c in self.citations))


@dataclass(frozen=True)
class Timeline:
    events: tuple[TimelineEvent, ...] = ()
    publication: tuple[PublicationDate, ...] = ()  # one per article


# --- Where the outlets differ ----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Framing:
    article_id: str
    outlet: str
    headline: str | None
    lead: str  # the first sentence or two of the clean text


@dataclass(frozen=True, slots=True)
class NumberClaim:
    value: float
    text: str  # as written: "42,000", "about 38,000"
    ref: SentenceRef


@dataclass(frozen=True)
class NumericDisagreement:
    about: str  # what is counted, in the articles' words: "vehicles a day"
    claims: tuple[NumberClaim, ...]  # at least two different values


@dataclass(frozen=True, slots=True)
class OffTopic:
    article_id: str
    outlet: str
    score: float  # how far it is from the rest of the set (higher is further)
    reason: str


@dataclass(frozen=True)
class Comparison:
    # For each summary line (same order): the outlets that report it.
    coverage: tuple[tuple[str, ...], ...] = ()
    # For each summary line (same order): sentences of outlets it is not cited to that may
    # state it in other words (the recall-first check of "reported by one outlet only"),
    # not confirmed by the claim matcher. Shown apart, never counted as reporting it.
    similar: tuple[tuple[SentenceRef, ...], ...] = ()
    single_source: tuple[SentenceRef, ...] = ()  # facts only one outlet reports
    numbers: tuple[NumericDisagreement, ...] = ()
    framing: tuple[Framing, ...] = ()
    off_topic: tuple[OffTopic, ...] = ()


@dataclass(frozen=True)
class Brief:
    title: str
    articles: tuple[ArticleInfo, ...]
    summary: tuple[SummaryLine, ...]
    provenance: Provenance
    quotes: tuple[Quote, ...] = ()
    entities: tuple[Entity, ...] = ()
    timeline: Timeline = field(default_factory=Timeline)
    comparison: Comparison = field(default_factory=Comparison)


def as_corpus(articles: Corpus | Sequence[Article]) -> Corpus:
    return articles if isinstance(articles, Corpus) else Corpus(articles=tuple(articles))
