"""The brief as Markdown: reads well raw in a terminal and rendered in a notes app."""

from __future__ import annotations

import re

from storyfold.model import (
    ArticleInfo,
    Brief,
    Comparison,
    Entity,
    Framing,
    NumericDisagreement,
    Provenance,
    PublicationDate,
    Quote,
    SentenceRef,
    SummaryLine,
    TimelineEvent,
)
from storyfold.render.common import (
    coverage,
    describe_publication,
    format_date,
    format_day,
    format_value,
    per_outlet,
    plural,
    publication_of,
    quotes_by_speaker,
    removed_by_article,
    reported_by,
    similar_outlets,
    speaker_label,
    story_outlet_count,
    word_budget,
)
from storyfold.text.controls import strip_controls

# Only the characters that would turn article text into emphasis, code, links or raw HTML;
# escaping more (dots, dashes, hashes mid-line) would clutter the text in a terminal. An
# underscore inside a word ("bay_observer") is never emphasis in CommonMark, so it stays.
_MARKUP = re.compile(r"([\\`*\[\]<>]|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9]))")
_SPACE = re.compile(r"\s+")
_AUTOLINK_BREAKERS = re.compile(r"[\s<>]")
_WEB_URL = re.compile(r"^https?://[^/\s]", re.IGNORECASE)


def render_markdown(brief: Brief) -> str:
    blocks = [
        f"# {_inline(brief.title)}",
        _inline(coverage(brief)),
        "## Summary",
        _summary(brief),
        "## Quotes",
        _quotes(brief.quotes),
        "## Timeline",
        _timeline(brief.timeline.events),
        "## Entities",
        _entities(brief.entities),
        "## Comparison",
        _comparison(brief),
        "## Sources",
        _sources(brief.articles, publication_of(brief)),
        "## Provenance",
        _provenance(brief),
    ]
    # Article text, titles, outlet names and file names are untrusted: no escape sequence
    # or control character reaches a terminal or a Markdown viewer, wherever it came in.
    return strip_controls("\n\n".join(blocks)) + "\n"


def _inline(text: str) -> str:
    """Article text on one line with its markup characters escaped."""
    # Escape sequences go before markup is escaped: "\\]" would break an OSC apart.
    return _MARKUP.sub(r"\\\1", _SPACE.sub(" ", strip_controls(text)).strip())


def _summary(brief: Brief) -> str:
    if not brief.summary:
        return "*No summary lines.*"
    return "\n".join(_summary_line(line, brief) for line in brief.summary)


def _summary_line(line: SummaryLine, brief: Brief) -> str:
    # The citation goes on an indented continuation line: a separate line in a terminal,
    # the same list item once rendered.
    return f"- {_inline(line.text)}\n  — *{_inline(reported_by(line, brief))}*"


def _quotes(quotes: tuple[Quote, ...]) -> str:
    if not quotes:
        return "*No quotes found.*"
    blocks = []
    for speaker, members in quotes_by_speaker(quotes):
        lines = [f"### {_inline(speaker_label(speaker))}"]
        for quote in members:
            text = f"“{_inline(quote.text)}”" if quote.direct else f"{_inline(quote.text)}"
            kind = "" if quote.direct else " (reported)"
            lines.append(f"- {text}{kind}\n  — *{_inline(', '.join(quote.outlets))}*")
            for variant in quote.variants[1:]:
                lines.append(f"  - variant: “{_inline(variant)}”")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def _timeline(events: tuple[TimelineEvent, ...]) -> str:
    if not events:
        return "*No dated events found.*"
    keys = sum(event.key for event in events)
    if keys in (0, len(events)):  # nothing to tell apart (a brief built before keys)
        return "\n".join(_event(event, True) for event in events)
    listed = "\n".join(_event(event, False) for event in events)
    return (
        f"*★ marks the {plural(keys, 'key event')}, the best-supported; "
        f"{plural(len(events) - keys, 'other dated event')} kept as background and detail.*"
        f"\n\n{listed}"
    )


def _event(event: TimelineEvent, plain: bool) -> str:
    day = format_day(event.date, event.granularity)
    marked = f"**{day}** ★" if event.key else day
    head = f"**{day}**" if plain else marked
    lines = [f"- {head} {_inline(event.text)}\n  — *{_inline(', '.join(event.outlets))}*"]
    for date, ref in event.conflicts:
        lines.append(
            f"  - date disagreement: {_inline(ref.outlet)} gives "
            f"{date.isoformat()}: “{_inline(ref.text)}”"
        )
    return "\n".join(lines)


def _entities(entities: tuple[Entity, ...]) -> str:
    if not entities:
        return "*No entities found.*"
    return "\n".join(_entity(entity) for entity in entities)


def _entity(entity: Entity) -> str:
    parts = [f"- **{_inline(entity.name)}** ({entity.kind})"]
    if entity.roles:
        parts.append(_inline("; ".join(entity.roles)))
    if entity.aliases:
        parts.append("also " + _inline(", ".join(entity.aliases)))
    parts.append(f"named {entity.total}× ({_inline(per_outlet(entity.mentions))})")
    return " — ".join(parts)


def _comparison(brief: Brief) -> str:
    comparison = brief.comparison
    return "\n\n".join(
        [
            "### Coverage",
            _coverage(brief, comparison),
            "### Reported by one outlet only",
            _single_source(comparison.single_source),
            "### Figures that differ",
            _numbers(comparison.numbers),
            "### Framing",
            _framing(comparison.framing),
            "### Off-topic articles",
            _off_topic(comparison),
        ]
    )


def _coverage(brief: Brief, comparison: Comparison) -> str:
    if not comparison.coverage:
        return "*No summary lines.*"
    total = story_outlet_count(brief)
    rows = []
    for number, (line, outlets) in enumerate(
        zip(brief.summary, comparison.coverage, strict=False), 1
    ):
        others = similar_outlets(line, brief)
        rows.append(
            f"{number}. {_inline(_clip(line.text))} — {len(outlets)} of {total}: "
            f"{_inline(', '.join(outlets))}"
            + (f" (similar wording, not confirmed: {_inline(', '.join(others))})" if others else "")
        )
    return "\n".join(rows)


def _clip(text: str, words: int = 12) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")


def _single_source(refs: tuple[SentenceRef, ...]) -> str:
    if not refs:
        return "*None: every fact checked appears in more than one outlet.*"
    return "\n".join(f"- {_inline(ref.text)} — *{_inline(ref.outlet)}*" for ref in refs)


def _numbers(items: tuple[NumericDisagreement, ...]) -> str:
    if not items:
        return "*None found.*"
    blocks = []
    for item in items:
        rows = [f"- **{_inline(item.about)}**"]
        rows.extend(
            f"  - {_inline(_figure(claim.text, claim.value))} — "
            f"*{_inline(claim.ref.outlet)}*: “{_inline(claim.ref.text)}”"
            for claim in item.claims
        )
        blocks.append("\n".join(rows))
    return "\n".join(blocks)


def _figure(text: str, value: float) -> str:
    """'about 42,000', or 'four (4)' when the words do not show the value."""
    shown = format_value(value)
    return text if shown in text else f"{text} ({shown})"


def _framing(framing: tuple[Framing, ...]) -> str:
    if not framing:
        return "*No articles.*"
    rows = ["| Outlet | Headline | Lead |", "| --- | --- | --- |"]
    rows.extend(
        f"| {_cell(f.outlet)} | {_cell(f.headline or '(no headline)')} | {_cell(f.lead)} |"
        for f in framing
    )
    return "\n".join(rows)


def _cell(text: str) -> str:
    return _inline(text).replace("|", "\\|")


def _off_topic(comparison: Comparison) -> str:
    if not comparison.off_topic:
        return "*None: every article is about the same story.*"
    return "\n".join(
        f"- **{_inline(o.outlet)}** ({_inline(o.article_id)}), score {o.score:.2f}, "
        f"left out of the summary: {_inline(o.reason)}"
        for o in comparison.off_topic
    )


def _sources(articles: tuple[ArticleInfo, ...], publication: dict[str, PublicationDate]) -> str:
    if not articles:
        return "*No articles.*"
    return "\n".join(_source(info, publication.get(info.id)) for info in articles)


def _source(info: ArticleInfo, publication: PublicationDate | None = None) -> str:
    parts = [f"**{_inline(info.outlet)}**", _inline(info.title or info.source)]
    if info.published is not None:
        parts.append(format_date(info.published))
    elif publication is not None:
        parts.append("published " + _inline(describe_publication(publication)))
    if info.url:
        parts.append(_url(info.url))
    if info.later_development:
        parts.append("later development: " + _inline(info.later_development))
    return "- " + " — ".join(parts)


def _url(url: str) -> str:
    # An autolink shows the URL unescaped in a terminal, but it cannot hold spaces or <>.
    # Only http(s) becomes a link: "<javascript:...>" is live in a viewer that does not
    # check schemes, so any other scheme is written as escaped text.
    if _AUTOLINK_BREAKERS.search(url) or not _WEB_URL.match(url):
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
    if provenance.selection:
        items.append(f"- Articles read in full: {_inline(provenance.selection)}")
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
