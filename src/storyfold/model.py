"""The vocabulary every stage speaks: articles, sentences and the brief.

Sentences are views into their article's clean text (start/end offsets), never copies,
so a citation always points at the exact characters of its source.
"""

from __future__ import annotations

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


@dataclass(frozen=True)
class SummaryLine:
    text: str
    citations: tuple[SentenceRef, ...]  # the source sentence first, then its support

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


@dataclass(frozen=True)
class Brief:
    title: str
    articles: tuple[ArticleInfo, ...]
    summary: tuple[SummaryLine, ...]
    provenance: Provenance


def as_corpus(articles: Corpus | Sequence[Article]) -> Corpus:
    return articles if isinstance(articles, Corpus) else Corpus(articles=tuple(articles))
