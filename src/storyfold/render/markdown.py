"""The brief as Markdown: reads well raw in a terminal and rendered in a notes app."""

from __future__ import annotations

import re

from storyfold.model import ArticleInfo, Brief, Provenance, SummaryLine
from storyfold.render.common import (
    coverage,
    format_date,
    plural,
    removed_by_article,
    reported_by,
    word_budget,
)

# Only the characters that would turn article text into emphasis, code, links or raw HTML;
# escaping more (dots, dashes, hashes mid-line) would clutter the text in a terminal. An
# underscore inside a word ("bay_observer") is never emphasis in CommonMark, so it stays.
_MARKUP = re.compile(r"([\\`*\[\]<>]|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9]))")
_SPACE = re.compile(r"\s+")
_AUTOLINK_BREAKERS = re.compile(r"[\s<>]")


def render_markdown(brief: Brief) -> str:
    blocks = [
        f"# {_inline(brief.title)}",
        _inline(coverage(brief)),
        "## Summary",
        _summary(brief),
        "## Sources",
        _sources(brief.articles),
        "## Provenance",
        _provenance(brief),
    ]
    return "\n\n".join(blocks) + "\n"


def _inline(text: str) -> str:
    """Article text on one line with its markup characters escaped."""
    return _MARKUP.sub(r"\\\1", _SPACE.sub(" ", text).strip())


def _summary(brief: Brief) -> str:
    if not brief.summary:
        return "*No summary lines.*"
    return "\n".join(_summary_line(line, brief) for line in brief.summary)


def _summary_line(line: SummaryLine, brief: Brief) -> str:
    # The citation goes on an indented continuation line: a separate line in a terminal,
    # the same list item once rendered.
    return f"- {_inline(line.text)}\n  — *{_inline(reported_by(line, brief))}*"


def _sources(articles: tuple[ArticleInfo, ...]) -> str:
    if not articles:
        return "*No articles.*"
    return "\n".join(_source(info) for info in articles)


def _source(info: ArticleInfo) -> str:
    parts = [f"**{_inline(info.outlet)}**", _inline(info.title or info.source)]
    if info.published is not None:
        parts.append(format_date(info.published))
    if info.url:
        parts.append(_url(info.url))
    return "- " + " — ".join(parts)


def _url(url: str) -> str:
    # An autolink shows the URL unescaped in a terminal, but it cannot hold spaces or <>.
    if _AUTOLINK_BREAKERS.search(url):
        return _inline(url)
    return f"<{url}>"


def _provenance(brief: Brief) -> str:
    provenance = brief.provenance
    created = provenance.created.isoformat(timespec="seconds")
    items = [f"- storyfold {_inline(provenance.version)}, created {created}"]
    budget = word_budget(brief)
    if budget is not None:
        items.append(f"- Word budget: {budget}")
    items.append(f"- Embedder: {_inline(provenance.embedder)}")
    items.append(f"- Inputs: {len(provenance.inputs)}")
    items.extend(_skipped(provenance))
    items.extend(_duplicates(provenance))
    items.extend(_removed(brief))
    return "\n".join(items)


def _skipped(provenance: Provenance) -> list[str]:
    if not provenance.skipped:
        return ["- Skipped inputs: none"]
    head = f"- Skipped inputs: {len(provenance.skipped)}"
    return [head] + [f"  - {_inline(s.input)}: {_inline(s.reason)}" for s in provenance.skipped]


def _duplicates(provenance: Provenance) -> list[str]:
    if not provenance.duplicates:
        return ["- Duplicates: none"]
    head = f"- Duplicates: {len(provenance.duplicates)}"
    return [head] + [
        f"  - {_inline(d.input)} (same as {_inline(d.same_as)})" for d in provenance.duplicates
    ]


def _removed(brief: Brief) -> list[str]:
    per_article = list(removed_by_article(brief))
    if not per_article:
        return ["- Cruft lines removed: none"]
    total = sum(len(lines) for _, lines in per_article)
    head = f"- Cruft lines removed: {total}"
    return [head] + [
        f"  - {_inline(label)}: {plural(len(lines), 'line')}" for label, lines in per_article
    ]
