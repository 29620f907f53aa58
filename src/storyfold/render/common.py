"""Counts and wording every renderer shares, so the three formats never disagree."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from datetime import date, datetime

from storyfold.model import (
    ArticleInfo,
    Brief,
    PublicationDate,
    Quote,
    RemovedLine,
    Speaker,
    SummaryLine,
)


def outlets(brief: Brief) -> tuple[str, ...]:
    """Distinct outlets among the brief's articles, in the order their articles come."""
    return tuple(dict.fromkeys(article.outlet for article in brief.articles))


def outlet_count(brief: Brief) -> int:
    return len(outlets(brief))


def story_outlet_count(brief: Brief) -> int:
    """Outlets that tell the story: articles set aside as off-topic could never support a
    summary line, so counting them would understate how widely a line is reported."""
    astray = {o.article_id for o in brief.comparison.off_topic}
    return len({a.outlet for a in brief.articles if a.id not in astray})


def plural(count: int, noun: str, many: str | None = None) -> str:
    return f"{count} {noun if count == 1 else (many or noun + 's')}"


def coverage(brief: Brief) -> str:
    """'5 articles from 3 outlets: A, B, C'."""
    names = outlets(brief)
    counts = f"{plural(len(brief.articles), 'article')} from {plural(len(names), 'outlet')}"
    if brief.comparison.off_topic:
        counts += f" ({len(brief.comparison.off_topic)} set aside as off-topic)"
    return f"{counts}: {', '.join(names)}" if names else counts


def outlet_share(line: SummaryLine, brief: Brief) -> str:
    """'3 of 5 outlets': how widely a summary line is reported."""
    return f"{len(line.outlets)} of {plural(story_outlet_count(brief), 'outlet')}"


def reported_by(line: SummaryLine, brief: Brief) -> str:
    """'reported by 3 of 5 outlets: A, B, C', and the outlets that may say it in other
    words: '; similar wording, not confirmed: D'."""
    wording = f"reported by {outlet_share(line, brief)}: {', '.join(line.outlets)}"
    others = similar_outlets(line, brief)
    return wording + (f"; similar wording, not confirmed: {', '.join(others)}" if others else "")


def similar_outlets(line: SummaryLine, brief: Brief) -> tuple[str, ...]:
    """Outlets a summary line is not cited to whose sentence may state it in other words
    (`Comparison.similar`): a reader should not take "1 of 5" for "no other outlet"."""
    for index, shown in enumerate(brief.summary):
        if shown is line and index < len(brief.comparison.similar):
            return tuple(dict.fromkeys(ref.outlet for ref in brief.comparison.similar[index]))
    return ()


def format_date(value: datetime) -> str:
    # Readers of a brief want the day; the exact time lives in the JSON.
    return value.date().isoformat()


def format_similarity(value: float) -> str:
    return f"{value:.2f}"


def word_budget(brief: Brief) -> int | None:
    words = brief.provenance.settings.get("words")
    return words if isinstance(words, int) and not isinstance(words, bool) else None


def describe_article(info: ArticleInfo) -> str:
    """'Outlet: Title', falling back to where the article was read from."""
    return f"{info.outlet}: {info.title or info.source}"


def removed_by_article(brief: Brief) -> Iterator[tuple[str, tuple[RemovedLine, ...]]]:
    """(article description, removed lines) in article order; unknown ids follow by id."""
    removed = brief.provenance.removed
    known = {info.id for info in brief.articles}
    for info in brief.articles:
        if removed.get(info.id):
            yield describe_article(info), removed[info.id]
    for article_id in sorted(removed.keys() - known):
        if removed[article_id]:
            yield article_id, removed[article_id]


def speaker_label(speaker: Speaker) -> str:
    """'Lena Okafor (Mayor)', or 'Unknown speaker' when the text does not say."""
    name = speaker.name or "Unknown speaker"
    return f"{name} ({speaker.role})" if speaker.role else name


def quotes_by_speaker(quotes: Sequence[Quote]) -> list[tuple[Speaker, list[Quote]]]:
    """Quotes grouped by speaker, in the order each speaker first appears; the unknown
    speaker last. The role shown for a group is the first one any of its quotes gives."""
    groups: dict[tuple[str | None, str], list[Quote]] = {}
    for quote in quotes:
        groups.setdefault((quote.speaker.name, quote.speaker.kind), []).append(quote)
    ordered = sorted(groups.items(), key=lambda item: item[0][0] is None)
    result = []
    for (name, kind), members in ordered:
        role = next((q.speaker.role for q in members if q.speaker.role), None)
        result.append((Speaker(name=name, kind=kind, role=role), members))
    return result


def format_day(value: date, granularity: str = "day") -> str:
    """'2015-10-07', '2015-10' or '2015' as the date is known."""
    if granularity == "year":
        return f"{value.year:04d}"
    if granularity == "month":
        return f"{value.year:04d}-{value.month:02d}"
    return value.isoformat()


def publication_of(brief: Brief) -> dict[str, PublicationDate]:
    return {p.article_id: p for p in brief.timeline.publication}


def describe_publication(publication: PublicationDate) -> str:
    """'2015-10-08 (inferred, confidence 0.70: ...)', 'unknown'."""
    if publication.date is None:
        return "unknown"
    if publication.source == "metadata":
        return publication.date.isoformat()
    how = f"{publication.source}, confidence {publication.confidence:.2f}"
    if publication.evidence:
        how += ": " + "; ".join(publication.evidence)
    return f"{publication.date.isoformat()} ({how})"


def per_outlet(counts: Mapping[str, int]) -> str:
    """'A 3, B 1', most first."""
    return ", ".join(
        f"{name} {count}" for name, count in sorted(counts.items(), key=lambda kv: -kv[1])
    )


def format_value(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,}"
