"""Counts and wording every renderer shares, so the three formats never disagree."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from storyfold.model import ArticleInfo, Brief, RemovedLine, SummaryLine


def outlets(brief: Brief) -> tuple[str, ...]:
    """Distinct outlets among the brief's articles, in the order their articles come."""
    return tuple(dict.fromkeys(article.outlet for article in brief.articles))


def outlet_count(brief: Brief) -> int:
    return len(outlets(brief))


def plural(count: int, noun: str) -> str:
    return f"{count} {noun if count == 1 else noun + 's'}"


def coverage(brief: Brief) -> str:
    """'5 articles from 3 outlets: A, B, C'."""
    names = outlets(brief)
    counts = f"{plural(len(brief.articles), 'article')} from {plural(len(names), 'outlet')}"
    return f"{counts}: {', '.join(names)}" if names else counts


def outlet_share(line: SummaryLine, brief: Brief) -> str:
    """'3 of 5 outlets': how widely a summary line is reported."""
    return f"{len(line.outlets)} of {plural(outlet_count(brief), 'outlet')}"


def reported_by(line: SummaryLine, brief: Brief) -> str:
    """'reported by 3 of 5 outlets: A, B, C'."""
    return f"reported by {outlet_share(line, brief)}: {', '.join(line.outlets)}"


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
