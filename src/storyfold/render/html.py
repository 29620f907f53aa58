"""The brief as one self-contained HTML page that works offline and without JavaScript.

Every summary line is a <details> element: its <summary> shows the line and the outlets
that report it (with the exact source sentences in its tooltip), and opening it shows
those sentences. Article text is untrusted, so every piece of it goes through
``html.escape``, and a Content-Security-Policy that admits only this page's own style and
script (by hash) stops anything that might slip through from running or fetching.
"""

from __future__ import annotations

import base64
import hashlib
from html import escape
from urllib.parse import urlsplit

from storyfold.model import (
    ArticleInfo,
    Brief,
    Entity,
    Framing,
    NumericDisagreement,
    OffTopic,
    Provenance,
    PublicationDate,
    Quote,
    QuoteMention,
    RemovedLine,
    SentenceRef,
    Speaker,
    SummaryLine,
    TimelineEvent,
)
from storyfold.render.common import (
    coverage,
    describe_publication,
    format_date,
    format_day,
    format_similarity,
    format_value,
    outlet_share,
    per_outlet,
    plural,
    publication_of,
    quotes_by_speaker,
    removed_by_article,
    reported_by,
    story_outlet_count,
    word_budget,
)

# Past this many items a list folds the rest into a <details>: the page stays short to
# scan, and nothing is dropped.
SHOWN_ENTITIES = 12
SHOWN_EVENTS = 10
SHOWN_SPEAKERS = 6

_CSS = """
:root {
  color-scheme: light dark;
  --bg: #fbfaf7; --fg: #1f2024; --muted: #60646c; --rule: #e2ded5; --card: #ffffff;
  --accent: #1d5fa8; --chip-bg: #e8eef7; --chip-fg: #1f3f66; --source-bg: #fdf3d7;
  --warn: #9a5200; --serif: Charter, "Iowan Old Style", Georgia, "Times New Roman", serif;
  --sans: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #141619; --fg: #e6e4df; --muted: #9ba1a9; --rule: #2d3137; --card: #1b1e22;
    --accent: #8ab8f5; --chip-bg: #23303f; --chip-fg: #cfe0f7; --source-bg: #2e2914;
    --warn: #f0b35e;
  }
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg); font: 16px/1.6 var(--sans); }
main { max-width: 46rem; margin: 0 auto; padding: 2.5rem 1.25rem 4rem; }
a { color: var(--accent); }
.kicker { margin: 0; font-size: .75rem; letter-spacing: .12em; text-transform: uppercase;
  color: var(--muted); }
h1 { font-family: var(--serif); font-size: 2.1rem; line-height: 1.2; margin: .3rem 0 .6rem; }
.coverage { margin: 0; color: var(--muted); }
.hint { margin: .4rem 0 0; font-size: .85rem; color: var(--muted); }
h2 { font-size: .8rem; letter-spacing: .1em; text-transform: uppercase; color: var(--muted);
  margin: 0; }
h3 { font-size: .95rem; margin: 1.4rem 0 .4rem; }
section { margin-top: 2.5rem; }
.section-head { display: flex; justify-content: space-between; align-items: center;
  border-bottom: 1px solid var(--rule); padding-bottom: .4rem; margin-bottom: 1.2rem; }
button { font: inherit; font-size: .8rem; color: var(--fg); background: var(--card);
  border: 1px solid var(--rule); border-radius: 6px; padding: .2rem .7rem; cursor: pointer; }
button:hover { border-color: var(--muted); }
ol.summary { list-style: none; margin: 0; padding: 0; }
li.summary-line { margin: 0 0 1.3rem; }
details.sources > summary { list-style: none; cursor: pointer; border-radius: 6px; }
details.sources > summary::-webkit-details-marker { display: none; }
details.sources > summary:focus-visible { outline: 2px solid var(--accent); outline-offset: 4px; }
.line-text { display: block; font-family: var(--serif); font-size: 1.15rem; line-height: 1.55; }
details.sources > summary:hover .line-text { text-decoration: underline;
  text-decoration-color: var(--rule); text-underline-offset: .25em; }
.line-sources { display: flex; flex-wrap: wrap; align-items: center; gap: .35rem;
  margin-top: .35rem; font-size: .78rem; color: var(--muted); }
.outlet-chip { background: var(--chip-bg); color: var(--chip-fg); border-radius: 999px;
  padding: .05rem .6rem; white-space: nowrap; }
.reported-by { margin-left: .2rem; }
.single-source .reported-by { color: var(--warn); }
.toggle { margin-left: auto; white-space: nowrap; }
.chevron { display: inline-block; transition: transform .15s ease; }
details[open] .chevron { transform: rotate(90deg); }
ol.citations { list-style: none; margin: .7rem 0 0; padding: 0 0 0 .9rem;
  border-left: 2px solid var(--rule); }
li.citation { margin: 0 0 .5rem; padding: .45rem .75rem; border-radius: 6px; }
li.citation.source { background: var(--source-bg); }
.citation-head { display: flex; flex-wrap: wrap; gap: .6rem; align-items: baseline;
  font-size: .78rem; color: var(--muted); }
.citation-outlet { font-weight: 600; color: var(--fg); text-decoration: none; }
a.citation-outlet:hover { text-decoration: underline; }
.badge { font-size: .68rem; letter-spacing: .08em; text-transform: uppercase;
  color: var(--warn); font-weight: 600; }
.similarity { margin-left: auto; font-variant-numeric: tabular-nums; }
.citation-text { margin: .15rem 0 0; font-family: var(--serif); }
.table-wrap { overflow-x: auto; }
table.source-table { width: 100%; border-collapse: collapse; font-size: .88rem; }
th, td { text-align: left; vertical-align: top; padding: .45rem .5rem;
  border-bottom: 1px solid var(--rule); }
th { font-weight: 600; color: var(--muted); font-size: .78rem; }
.num { text-align: right; font-variant-numeric: tabular-nums; }
tr:target { background: var(--source-bg); }
td time { white-space: nowrap; }
@media (max-width: 36rem) { table.source-table .num { display: none; } }
.small { font-size: .78rem; color: var(--muted); overflow-wrap: anywhere; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem;
  margin: 0; font-size: .9rem; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; }
ul.plain { margin: 0; padding-left: 1.1rem; font-size: .9rem; }
code { font-size: .85em; overflow-wrap: anywhere; }
details.removed { margin-top: 1.4rem; font-size: .9rem; }
details.removed > summary { cursor: pointer; font-weight: 600; }
details.removed h4 { font-size: .85rem; margin: 1rem 0 .3rem; }
ol.removed-lines { margin: 0; padding-left: 0; list-style: none; }
ol.removed-lines li { padding: .15rem 0; border-bottom: 1px dotted var(--rule); }
.line-no, .reason { font-size: .75rem; color: var(--muted); white-space: nowrap; }
.empty, .untitled { color: var(--muted); font-style: italic; }
.speaker { margin: 0 0 1.6rem; }
.speaker h3 { margin: 0 0 .5rem; }
.role { font-weight: 400; color: var(--muted); }
ul.items { list-style: none; margin: 0; padding: 0; }
ul.items > li { margin: 0 0 .8rem; }
details.more > summary { cursor: pointer; }
details.more > summary::-webkit-details-marker { color: var(--muted); }
.quote-text { font-family: var(--serif); font-size: 1.05rem; }
.chips { display: inline-flex; flex-wrap: wrap; gap: .3rem; margin-left: .4rem;
  font-size: .75rem; vertical-align: middle; }
ul.wordings { margin: .4rem 0 0; padding-left: 1.1rem; font-size: .88rem; }
.conflict { color: var(--warn); font-size: .85rem; margin: .3rem 0 0; }
ol.timeline { list-style: none; margin: 0; padding: 0 0 0 .9rem;
  border-left: 2px solid var(--rule); }
ol.timeline > li { margin: 0 0 1rem; }
ol.timeline time { font-weight: 600; font-variant-numeric: tabular-nums; margin-right: .5rem; }
table.data { width: 100%; border-collapse: collapse; font-size: .88rem; }
h3.sub { font-size: .85rem; margin: 1.8rem 0 .6rem; color: var(--fg); }
td.figure { white-space: nowrap; font-weight: 600; font-variant-numeric: tabular-nums; }
.disagreement { margin: 0 0 1.2rem; }
""".strip()

# Progressive enhancement only: <details> already opens and closes without it.
_SCRIPT = """
(() => {
  "use strict";
  const lines = Array.from(document.querySelectorAll("details.sources"));
  const button = document.getElementById("toggle-all");
  const allOpen = () => lines.length > 0 && lines.every((d) => d.open);
  const sync = () => {
    button.textContent = allOpen() ? "Hide all sources" : "Show all sources";
    button.setAttribute("aria-expanded", String(allOpen()));
  };
  const openTarget = () => {
    const target = location.hash && document.getElementById(location.hash.slice(1));
    const details = target && target.querySelector("details.sources");
    if (details) details.open = true;
  };
  if (button && lines.length > 0) {
    button.hidden = false;
    button.addEventListener("click", () => {
      const open = !allOpen();
      lines.forEach((d) => { d.open = open; });
      sync();
    });
    lines.forEach((d) => d.addEventListener("toggle", sync));
    sync();
  }
  window.addEventListener("hashchange", openTarget);
  openTarget();
})();
""".strip()


def _csp_hash(source: str) -> str:
    digest = hashlib.sha256(source.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


# No network at all: the page needs nothing but itself, and this keeps it that way even if
# untrusted text ever escaped its escaping.
_CSP = (
    f"default-src 'none'; style-src {_csp_hash(_CSS)}; script-src {_csp_hash(_SCRIPT)}; "
    "base-uri 'none'; form-action 'none'"
)
_LINKABLE_SCHEMES = frozenset({"http", "https"})


def render_html(brief: Brief) -> str:
    anchors = {info.id: f"article-{n}" for n, info in enumerate(brief.articles, 1)}
    body = "\n".join(
        [
            _header(brief),
            _summary_section(brief, anchors),
            _quotes_section(brief.quotes, anchors),
            _timeline_section(brief.timeline.events, anchors),
            _entities_section(brief.entities),
            _comparison_section(brief, anchors),
            _sources_section(brief.articles, anchors, publication_of(brief)),
            _provenance_section(brief),
        ]
    )
    return _document(brief.title, body)


def _document(title: str, body: str) -> str:
    return "\n".join(
        [
            "<!doctype html>",
            '<html lang="en">',
            "<head>",
            '<meta charset="utf-8">',
            f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            '<meta name="referrer" content="no-referrer">',
            f"<title>{escape(title)}</title>",
            f"<style>{_CSS}</style>",
            "</head>",
            "<body>",
            "<main>",
            body,
            "</main>",
            f"<script>{_SCRIPT}</script>",
            "</body>",
            "</html>",
            "",
        ]
    )


def _header(brief: Brief) -> str:
    return (
        "<header>"
        '<p class="kicker">storyfold brief</p>'
        f'<h1 id="title">{escape(brief.title)}</h1>'
        f'<p class="coverage">{escape(coverage(brief))}</p>'
        '<p class="hint">Every line is cited to the outlets that report it. Open a line to '
        "read the sentences behind it; the one it was taken from comes first.</p>"
        "</header>"
    )


def _section(section_id: str, title: str, content: str, tools: str = "") -> str:
    return (
        f'<section id="{section_id}">'
        f'<div class="section-head"><h2>{escape(title)}</h2>{tools}</div>'
        f"{content}</section>"
    )


def _summary_section(brief: Brief, anchors: dict[str, str]) -> str:
    if not brief.summary:
        return _section("summary", "Summary", '<p class="empty">No summary lines.</p>')
    lines = "\n".join(
        _summary_line(number, line, brief, anchors) for number, line in enumerate(brief.summary, 1)
    )
    # Hidden until the script runs: without JavaScript the button would do nothing.
    toggle = '<button type="button" id="toggle-all" hidden>Show all sources</button>'
    return _section("summary", "Summary", f'<ol class="summary">\n{lines}\n</ol>', toggle)


def _summary_line(number: int, line: SummaryLine, brief: Brief, anchors: dict[str, str]) -> str:
    classes = "summary-line single-source" if len(line.outlets) == 1 else "summary-line"
    chips = "".join(f'<span class="outlet-chip">{escape(name)}</span>' for name in line.outlets)
    citations = "".join(
        _citation(ref, is_source=index == 0, anchors=anchors)
        for index, ref in enumerate(line.citations)
    )
    toggle = (
        '<span class="toggle"><span class="chevron" aria-hidden="true">▸</span> '
        f"{plural(len(line.citations), 'sentence')}</span>"
    )
    return (
        f'<li class="{classes}" id="line-{number}">'
        '<details class="sources">'
        f'<summary title="{escape(_tooltip(line, brief))}">'
        f'<span class="line-text">{escape(line.text)}</span>'
        f'<span class="line-sources">{chips}'
        f'<span class="reported-by">{escape(outlet_share(line, brief))}</span>{toggle}</span>'
        "</summary>"
        f'<ol class="citations">{citations}</ol>'
        "</details></li>"
    )


def _tooltip(line: SummaryLine, brief: Brief) -> str:
    wording = reported_by(line, brief)
    rows = [wording[:1].upper() + wording[1:] + ":"]
    for index, ref in enumerate(line.citations):
        label = "source" if index == 0 else f"similarity {format_similarity(ref.similarity)}"
        rows.append(f"• {ref.outlet} ({label}): “{ref.text}”")
    return "\n".join(rows)


def _citation(ref: SentenceRef, *, is_source: bool, anchors: dict[str, str]) -> str:
    anchor = anchors.get(ref.article_id)
    outlet = escape(ref.outlet)
    outlet_html = (
        f'<a class="citation-outlet" href="#{anchor}">{outlet}</a>'
        if anchor
        else f'<span class="citation-outlet">{outlet}</span>'
    )
    mark = '<span class="badge">source</span>' if is_source else ""
    kind = "source" if is_source else "support"
    return (
        f'<li class="citation {kind}" data-article="{escape(ref.article_id)}">'
        f'<div class="citation-head">{outlet_html}{mark}'
        f'<span class="similarity">similarity {format_similarity(ref.similarity)}</span></div>'
        f'<blockquote class="citation-text">{escape(ref.text)}</blockquote>'
        "</li>"
    )


def _chips(outlets: tuple[str, ...] | list[str]) -> str:
    inner = "".join(f'<span class="outlet-chip">{escape(name)}</span>' for name in outlets)
    return f'<span class="chips">{inner}</span>'


def _outlet_link(ref: SentenceRef, anchors: dict[str, str]) -> str:
    anchor = anchors.get(ref.article_id)
    name = escape(ref.outlet)
    if anchor:
        return f'<a class="citation-outlet" href="#{anchor}">{name}</a>'
    return f'<span class="citation-outlet">{name}</span>'


def _folded(items: list[str], shown: int, noun: str, tag: str = "ul", css: str = "items") -> str:
    """The first ``shown`` items as a list, the rest inside a closed <details>."""
    head = f'<{tag} class="{css}">{"".join(items[:shown])}</{tag}>'
    if len(items) <= shown:
        return head
    rest = items[shown:]
    return (
        head + f'<details class="more"><summary>{escape(plural(len(rest), noun))} more</summary>'
        f'<{tag} class="{css}">{"".join(rest)}</{tag}></details>'
    )


def _quotes_section(quotes: tuple[Quote, ...], anchors: dict[str, str]) -> str:
    if not quotes:
        return _section("quotes", "Quotes", '<p class="empty">No quotes found.</p>')
    groups = [
        _speaker_group(speaker, members, anchors) for speaker, members in quotes_by_speaker(quotes)
    ]
    shown = "\n".join(groups[:SHOWN_SPEAKERS])
    if len(groups) > SHOWN_SPEAKERS:
        rest = groups[SHOWN_SPEAKERS:]
        label = plural(len(rest), "more speaker")
        shown += (
            f'<details class="more speakers"><summary>{escape(label)}</summary>'
            + "\n".join(rest)
            + "</details>"
        )
    return _section("quotes", "Quotes", shown)


def _speaker_group(speaker: Speaker, quotes: list[Quote], anchors: dict[str, str]) -> str:
    name = escape(speaker.name or "Unknown speaker")
    role = f' <span class="role">{escape(speaker.role)}</span>' if speaker.role else ""
    items = "".join(_quote(quote, anchors) for quote in quotes)
    return (
        f'<div class="speaker" data-kind="{escape(speaker.kind)}"><h3>{name}{role}</h3>'
        f'<ul class="items">{items}</ul></div>'
    )


def _quote(quote: Quote, anchors: dict[str, str]) -> str:
    text = f"“{quote.text}”" if quote.direct else quote.text
    reported = "" if quote.direct else ' <span class="small">(reported)</span>'
    wordings = "".join(
        f"<li>{_outlet_link(_mention_ref(m), anchors)}: “{escape(m.text)}”"
        + (f' <span class="small">— {escape(m.attribution)}</span>' if m.attribution else "")
        + "</li>"
        for m in quote.mentions
    )
    label = plural(len(quote.variants), "wording")
    return (
        '<li class="quote"><details class="more">'
        f'<summary><span class="quote-text">{escape(text)}</span>{reported}'
        f"{_chips(quote.outlets)} "
        f'<span class="small">{escape(label)}</span></summary>'
        f'<ul class="wordings">{wordings}</ul></details></li>'
    )


def _mention_ref(mention: QuoteMention) -> SentenceRef:
    return SentenceRef(
        article_id=mention.article_id,
        outlet=mention.outlet,
        sentence=mention.sentence,
        start=mention.start,
        end=mention.end,
        text=mention.text,
        similarity=1.0,
    )


def _timeline_section(events: tuple[TimelineEvent, ...], anchors: dict[str, str]) -> str:
    if not events:
        return _section("timeline", "Timeline", '<p class="empty">No dated events found.</p>')
    items = [_event(event, anchors) for event in events]
    return _section("timeline", "Timeline", _folded(items, SHOWN_EVENTS, "event", "ol", "timeline"))


def _event(event: TimelineEvent, anchors: dict[str, str]) -> str:
    day = format_day(event.date, event.granularity)
    sources = "".join(
        f"<li>{_outlet_link(ref, anchors)}: {escape(ref.text)}</li>" for ref in event.citations
    )
    conflicts = "".join(
        f'<p class="conflict">Date disagreement: {escape(ref.outlet)} gives '
        f"{escape(date.isoformat())}: “{escape(ref.text)}”</p>"
        for date, ref in event.conflicts
    )
    return (
        f'<li class="event"><time datetime="{escape(day)}">{escape(day)}</time>'
        f"{escape(event.text)}{_chips(event.outlets)}{conflicts}"
        f'<details class="more"><summary>{escape(plural(len(event.citations), "source"))}'
        f'</summary><ul class="wordings">{sources}</ul></details></li>'
    )


def _entities_section(entities: tuple[Entity, ...]) -> str:
    if not entities:
        return _section("entities", "Entities", '<p class="empty">No entities found.</p>')
    head = (
        "<thead><tr>"
        '<th scope="col">Name</th><th scope="col">Kind</th><th scope="col">Roles</th>'
        '<th scope="col">Also called</th><th scope="col">Named by outlet</th>'
        '<th scope="col" class="num">Total</th></tr></thead>'
    )
    rows = [_entity_row(entity) for entity in entities]
    table = f'<div class="table-wrap"><table class="data entities">{head}<tbody>'
    shown = table + "".join(rows[:SHOWN_ENTITIES]) + "</tbody></table></div>"
    if len(rows) <= SHOWN_ENTITIES:
        return _section("entities", "Entities", shown)
    rest = rows[SHOWN_ENTITIES:]
    label = plural(len(rest), "entity", "entities")
    more = (
        f'<details class="more"><summary>{escape(label)} more</summary>'
        f"{table}{''.join(rest)}</tbody></table></div></details>"
    )
    return _section("entities", "Entities", shown + more)


def _entity_row(entity: Entity) -> str:
    return (
        f"<tr><td>{escape(entity.name)}</td><td>{escape(entity.kind)}</td>"
        f"<td>{escape('; '.join(entity.roles))}</td>"
        f"<td>{escape(', '.join(entity.aliases))}</td>"
        f"<td>{escape(per_outlet(entity.mentions))}</td>"
        f'<td class="num">{entity.total}</td></tr>'
    )


def _comparison_section(brief: Brief, anchors: dict[str, str]) -> str:
    comparison = brief.comparison
    parts = [
        '<h3 class="sub">Coverage of each summary line</h3>',
        _coverage_table(brief),
        '<h3 class="sub">Reported by one outlet only</h3>',
        _single_source(comparison.single_source, anchors),
        '<h3 class="sub">Figures that differ</h3>',
        _numbers(comparison.numbers, anchors),
        '<h3 class="sub">Framing: headline and lead</h3>',
        _framing(comparison.framing),
        '<h3 class="sub">Off-topic articles</h3>',
        _off_topic(comparison.off_topic),
    ]
    return _section("comparison", "Comparison", "\n".join(parts))


def _coverage_table(brief: Brief) -> str:
    coverage_rows = brief.comparison.coverage
    if not coverage_rows:
        return '<p class="empty">No summary lines.</p>'
    total = story_outlet_count(brief)
    rows = "".join(
        f'<tr><td><a href="#line-{n}">{n}</a></td><td>{escape(line.text)}</td>'
        f"<td>{_chips(list(outlets))}</td>"
        f'<td class="num">{len(outlets)} of {total}</td></tr>'
        for n, (line, outlets) in enumerate(zip(brief.summary, coverage_rows, strict=False), 1)
    )
    head = (
        '<thead><tr><th scope="col">#</th><th scope="col">Summary line</th>'
        '<th scope="col">Outlets</th><th scope="col" class="num">Share</th></tr></thead>'
    )
    table = f'<div class="table-wrap"><table class="data coverage">{head}<tbody>{rows}'
    return (
        '<details class="more coverage"><summary>Which outlets report each line</summary>'
        f"{table}</tbody></table></div></details>"
    )


def _single_source(refs: tuple[SentenceRef, ...], anchors: dict[str, str]) -> str:
    if not refs:
        return '<p class="empty">None: every fact checked appears in more than one outlet.</p>'
    items = "".join(
        f'<li class="single">{_outlet_link(ref, anchors)}: '
        f'<span class="quote-text">{escape(ref.text)}</span></li>'
        for ref in refs
    )
    return f'<ul class="items single-source-facts">{items}</ul>'


def _numbers(items: tuple[NumericDisagreement, ...], anchors: dict[str, str]) -> str:
    if not items:
        return '<p class="empty">None found.</p>'
    blocks = []
    for item in items:
        rows = "".join(
            f'<tr><td class="figure">{escape(claim.text)}</td>'
            f"<td>{_outlet_link(claim.ref, anchors)}</td>"
            f"<td>{escape(claim.ref.text)}</td></tr>"
            for claim in item.claims
        )
        values = " vs ".join(dict.fromkeys(format_value(c.value) for c in item.claims))
        blocks.append(
            f'<div class="disagreement"><p><strong>{escape(item.about)}</strong>: '
            f"{escape(values)}</p>"
            '<div class="table-wrap"><table class="data numbers"><thead><tr>'
            '<th scope="col">Figure</th><th scope="col">Outlet</th>'
            f'<th scope="col">Sentence</th></tr></thead><tbody>{rows}</tbody></table></div></div>'
        )
    return "".join(blocks)


def _framing(framing: tuple[Framing, ...]) -> str:
    if not framing:
        return '<p class="empty">No articles.</p>'
    none = '<span class="untitled">none</span>'
    rows = "".join(
        f"<tr><td>{escape(f.outlet)}</td>"
        f"<td>{escape(f.headline) if f.headline else none}</td>"
        f"<td>{escape(f.lead)}</td></tr>"
        for f in framing
    )
    head = (
        '<thead><tr><th scope="col">Outlet</th><th scope="col">Headline</th>'
        '<th scope="col">Lead</th></tr></thead>'
    )
    return (
        '<details class="more framing" open><summary>Each outlet\'s headline and lead</summary>'
        f'<div class="table-wrap"><table class="data framing">{head}<tbody>{rows}</tbody>'
        "</table></div></details>"
    )


def _off_topic(items: tuple[OffTopic, ...]) -> str:
    if not items:
        return '<p class="empty">None: every article is about the same story.</p>'
    rows = "".join(
        f'<li class="off-topic"><strong>{escape(o.outlet)}</strong> '
        f'<span class="small">({escape(o.article_id)}, score {o.score:.2f})</span>: '
        f"left out of the summary; {escape(o.reason)}</li>"
        for o in items
    )
    return f'<ul class="items">{rows}</ul>'


def _sources_section(
    articles: tuple[ArticleInfo, ...],
    anchors: dict[str, str],
    publication: dict[str, PublicationDate] | None = None,
) -> str:
    publication = publication or {}
    if not articles:
        return _section("sources", "Sources", '<p class="empty">No articles.</p>')
    head = (
        "<thead><tr>"
        '<th scope="col">Outlet</th><th scope="col">Article</th><th scope="col">Published</th>'
        '<th scope="col" class="num">Sentences</th><th scope="col" class="num">Words</th>'
        "</tr></thead>"
    )
    rows = "\n".join(
        _source_row(info, anchors[info.id], publication.get(info.id)) for info in articles
    )
    table = f'<div class="table-wrap"><table class="source-table">{head}<tbody>\n{rows}\n'
    return _section("sources", "Sources", table + "</tbody></table></div>")


def _source_row(info: ArticleInfo, anchor: str, inferred: PublicationDate | None = None) -> str:
    byline = [f"by {info.author}"] if info.author else []
    details = escape(" · ".join([*byline, info.source]))
    published = (
        f'<time datetime="{escape(info.published.isoformat())}">'
        f"{format_date(info.published)}</time>"
        if info.published is not None
        else _inferred(inferred)
    )
    # The source is shown under every title, so an untitled article does not repeat it.
    title = escape(info.title) if info.title else '<span class="untitled">untitled</span>'
    return (
        f'<tr id="{anchor}" class="source-row">'
        f'<td class="outlet">{escape(info.outlet)}</td>'
        f'<td>{_link(info.url, title)}<div class="small">{details}</div></td>'
        f"<td>{published}</td>"
        f'<td class="num">{info.sentences}</td><td class="num">{info.words}</td>'
        "</tr>"
    )


def _inferred(publication: PublicationDate | None) -> str:
    if publication is None or publication.date is None:
        return '<span class="small">unknown</span>'
    day = publication.date.isoformat()
    return (
        f'<time datetime="{day}" class="inferred">{day}</time>'
        f'<div class="small">{escape(describe_publication(publication)[len(day) :].strip(" ()"))}'
        "</div>"
    )


def _link(url: str | None, label_html: str) -> str:
    # A javascript: or data: URL from an untrusted page must never become a live link.
    if url and urlsplit(url).scheme.lower() in _LINKABLE_SCHEMES:
        return f'<a href="{escape(url)}" rel="noopener noreferrer">{label_html}</a>'
    return label_html


def _provenance_section(brief: Brief) -> str:
    provenance = brief.provenance
    parts = [
        _facts(brief),
        _skipped(provenance),
        _duplicates(provenance),
        _removed(brief),
    ]
    return _section("provenance", "Provenance", "\n".join(parts))


def _facts(brief: Brief) -> str:
    provenance = brief.provenance
    created = provenance.created.isoformat(timespec="seconds")
    budget = word_budget(brief)
    settings = ", ".join(f"{key} = {value}" for key, value in provenance.settings.items())
    rows = [
        ("Made by", f"storyfold {provenance.version}"),
        ("Created", created),
        ("Word budget", "" if budget is None else f"{budget} words"),
        ("Embedder", provenance.embedder),
        ("Inputs", plural(len(provenance.inputs), "input")),
        ("Settings", settings),
    ]
    items = "".join(f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in rows if v)
    return f'<dl class="facts">{items}</dl>'


def _skipped(provenance: Provenance) -> str:
    items = [
        f"<li><code>{escape(s.input)}</code>: {escape(s.reason)}</li>" for s in provenance.skipped
    ]
    return _titled_list("skipped", f"Skipped inputs ({len(items)})", items)


def _duplicates(provenance: Provenance) -> str:
    items = [
        f"<li><code>{escape(d.input)}</code> is the same as <code>{escape(d.same_as)}</code></li>"
        for d in provenance.duplicates
    ]
    return _titled_list("duplicates", f"Duplicates ({len(items)})", items)


def _titled_list(css_class: str, title: str, items: list[str]) -> str:
    body = f'<ul class="plain {css_class}">{"".join(items)}</ul>' if items else ""
    empty = "" if items else '<p class="empty">None.</p>'
    return f"<h3>{escape(title)}</h3>{body}{empty}"


def _removed(brief: Brief) -> str:
    per_article = list(removed_by_article(brief))
    total = sum(len(lines) for _, lines in per_article)
    heading = (
        f"Cruft removed while cleaning: {plural(total, 'line')} "
        f"from {plural(len(per_article), 'article')}"
    )
    groups = "".join(_removed_group(label, lines) for label, lines in per_article)
    return f'<details class="removed"><summary>{escape(heading)}</summary>{groups}</details>'


def _removed_group(label: str, lines: tuple[RemovedLine, ...]) -> str:
    items = "".join(
        f'<li><span class="line-no">line {line.line}</span> {escape(line.text)} '
        f'<span class="reason">— {escape(line.reason)}</span></li>'
        for line in lines
    )
    heading = f"{label} ({plural(len(lines), 'line')})"
    return f'<h4>{escape(heading)}</h4><ol class="removed-lines">{items}</ol>'
