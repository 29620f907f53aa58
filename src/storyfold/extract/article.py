"""Per article: its quotes, dates and named entities, at offsets into the text as given.

The brief's own finders run on each article alone (quotes are not merged across outlets,
names are typed from this article's mentions), on its clean text; every offset is then
mapped back to the text as the caller gave it (``storyfold.text.offsets``; for an HTML page,
``html_source``). A span that cannot be placed exactly is kept with null offsets and a
note, never with approximate ones.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from storyfold.brief.dates.pubdates import infer_publication_dates
from storyfold.brief.dates.temporal import find_time_expressions
from storyfold.brief.entities.find import StoryNames, story_names, typed_mentions
from storyfold.brief.quotes.find import find_quotes
from storyfold.errors import InputError
from storyfold.extract.html_source import HtmlPlacer
from storyfold.extract.inputs import Given, article_from_text
from storyfold.model import Article, Skipped
from storyfold.nlp.ner import EntitySpan, find_spans
from storyfold.nlp.threads import one_blas_thread
from storyfold.text import clean_article
from storyfold.text.offsets import OffsetMap, map_clean_text

SCHEMA = "storyfold.extract/1"
# Articles handed to the NER model at once: spaCy's pipe amortises its set-up over a
# batch; beyond a few dozen news articles the gain is nil and memory grows.
BATCH = 32

UNPLACED = "not found verbatim in the text as given"


@dataclass(frozen=True, slots=True)
class Span:
    start: int | None  # offsets into the text as given; None when not placed exactly
    end: int | None
    text: str  # the text as given at [start, end); the clean text's when not placed


@dataclass(frozen=True, slots=True)
class QuoteSpan:
    span: Span  # the quoted words (no quotation marks) or the reported statement
    direct: bool
    speaker: str | None
    speaker_kind: str  # "person", "organisation" or "unknown"
    role: str | None
    aliases: tuple[str, ...]
    attribution: str | None  # how the article names the speaker here: "he", "Earnest"


@dataclass(frozen=True, slots=True)
class DateSpan:
    span: Span
    value: str  # ISO: YYYY, YYYY-MM, YYYY-MM-DD or YYYY-Www
    granularity: str  # "year", "month", "day" or "week"
    relative: bool  # resolved against the publication date


@dataclass(frozen=True, slots=True)
class EntityMention:
    span: Span
    kind: str  # "person", "organisation" or "place"
    name: str  # the article's canonical name for it


@dataclass(frozen=True)
class Extraction:
    """What extract found in one article."""

    id: str
    source: str
    form: str  # "text" or "html": what the offsets index
    published: dt.date | None  # the anchor of relative dates
    published_from: str  # "input", "metadata" (HTML), "inferred" or "unknown"
    quotes: tuple[QuoteSpan, ...]
    dates: tuple[DateSpan, ...]
    entities: tuple[EntityMention, ...]


def extract(items: Iterable[Given | Skipped]) -> Iterator[Extraction | Skipped]:
    """Extractions in input order, and every ``Skipped`` passed through or added (an
    article with no text left after cleaning). Models load once, on the first batch."""
    batch: list[tuple[Given, Article]] = []
    for item in items:
        if isinstance(item, Skipped):
            yield from _run(batch)
            batch.clear()
            yield item
            continue
        cleaned = clean_article(item.article)
        if not cleaned.sentences:
            yield from _run(batch)
            batch.clear()
            yield Skipped(item.source, "no article text left after cleaning")
            continue
        batch.append((item, cleaned))
        if len(batch) >= BATCH:
            yield from _run(batch)
            batch.clear()
    yield from _run(batch)


def extract_text(
    text: str, *, id: str = "text", published: dt.date | None = None, title: str | None = None
) -> Extraction:
    """The library call for one article's plain text (the JSONL form of the command);
    `InputError` when nothing of it is left to read."""
    given = article_from_text(id, text, published=published, title=title)
    found = next(iter(extract([given])))
    if isinstance(found, Skipped):
        raise InputError(found.reason, input=found.input)
    return found


def _run(batch: Sequence[tuple[Given, Article]]) -> Iterator[Extraction]:
    if not batch:
        return
    articles = [a for _, a in batch]
    # One BLAS thread: the NER's and the quote judge's matrices are small, and extra
    # threads cost more to wake than they save (see storyfold.nlp.threads).
    with one_blas_thread():
        # Two articles of one batch with the same text share an id; spans are per text.
        spans = find_spans(list({a.id: a for a in articles}.values()))
        found = [_one(given, article, spans.get(article.id, ())) for given, article in batch]
    yield from found


def _one(given: Given, article: Article, spans: Sequence[EntitySpan]) -> Extraction:
    own = {article.id: tuple(spans)}
    names = story_names([article], own)
    placer = _Placer(given, article)
    quotes = tuple(
        QuoteSpan(
            span=placer.range(m.start, m.end),
            direct=quote.direct,
            speaker=quote.speaker.name,
            speaker_kind=quote.speaker.kind,
            role=quote.speaker.role,
            aliases=_aliases(names, quote.speaker.name),
            attribution=m.attribution,
        )
        for quote in find_quotes([article], own)
        for m in quote.mentions
    )
    # An HTML page's date is from its metadata; a JSONL line's is the caller's.
    anchor, anchor_from = given.published, "metadata" if given.form == "html" else "input"
    if anchor is None:
        inferred = infer_publication_dates([article])[0].date
        anchor, anchor_from = inferred, "inferred" if inferred else "unknown"
    dates = tuple(
        DateSpan(
            span=placer.span(e.start, e.end),
            value=iso_value(e.date, e.granularity),
            granularity=e.granularity,
            relative=e.relative,
        )
        for e in find_time_expressions(article, anchor)
    )
    entities = tuple(
        EntityMention(span=placer.span(start, end), kind=kind, name=name)
        for start, end, kind, name in typed_mentions(article, own[article.id], names)
    )
    return Extraction(
        id=given.id,
        source=given.source,
        form=given.form,
        published=anchor,
        published_from=anchor_from,
        quotes=tuple(sorted(quotes, key=_quote_order)),
        dates=dates,
        entities=entities,
    )


def _quote_order(q: QuoteSpan) -> tuple[bool, int]:
    return (q.span.start is None, q.span.start or 0)


def _aliases(names: StoryNames, name: str | None) -> tuple[str, ...]:
    if name is None:
        return ()
    for entity in names.entities:
        if entity.name == name:
            return entity.aliases
    return ()


def iso_value(date: dt.date, granularity: str) -> str:
    """ "2015", "2015-09", "2015-09-17" or "2015-W38" (the ISO week of a week's Monday)."""
    if granularity == "year":
        return f"{date.year:04d}"
    if granularity == "month":
        return f"{date.year:04d}-{date.month:02d}"
    if granularity == "week":
        year, week, _ = date.isocalendar()
        return f"{year:04d}-W{week:02d}"
    return date.isoformat()


class _Placer:
    """Clean-text spans to spans of the text as given."""

    def __init__(self, given: Given, article: Article) -> None:
        self.clean = article.text
        removed = [r.line for r in article.removed]
        if given.form == "html":
            # clean -> the extracted text -> the page's source
            self.to_raw: OffsetMap = map_clean_text(
                article.raw_text, article.text, removed_lines=removed
            )
            self.html: HtmlPlacer | None = HtmlPlacer(given.text)
            self.raw = article.raw_text
            pos = 0
            for line in self.raw.split("\n"):
                self.html.place_line(pos, line)
                pos += len(line) + 1
        else:
            # A plain file's reader split its lines as str.splitlines does; a JSONL text is
            # the text cleaning read.
            self.to_raw = map_clean_text(
                given.text,
                article.text,
                removed_lines=removed,
                splitlines=given.splitlines,
            )
            self.html = None
            self.raw = given.text

    def span(self, start: int, end: int) -> Span:
        placed = self.to_raw.span(start, end)
        return self._given(placed, start, end)

    def range(self, start: int, end: int) -> Span:
        placed = self.to_raw.range(start, end)
        return self._given(placed, start, end)

    def _given(self, placed: tuple[int, int] | None, start: int, end: int) -> Span:
        if placed is None:
            return Span(None, None, self.clean[start:end])
        if self.html is None:
            return Span(placed[0], placed[1], self.raw[placed[0] : placed[1]])
        text = self.raw[placed[0] : placed[1]]
        line_start = self.raw.rfind("\n", 0, placed[0]) + 1
        if "\n" in text:
            return Span(None, None, text)
        at = self.html.span(line_start, placed[0], placed[1], text)
        if at is None:
            return Span(None, None, text)
        return Span(at[0], at[1], text)
