"""The brief as HTML, from one set of Jinja2 templates (``render/templates``).

The same templates make the self-contained page of ``storyfold brief --format html`` (one
file that works offline and without JavaScript) and the story pages of the web app. Every
summary line is a <details> element: its <summary> shows the line and the outlets that
report it (with the exact source sentences in its tooltip), and opening it shows those
sentences. Article text is untrusted: autoescape is on for every template, only http(s)
URLs become links, and the static page's Content-Security-Policy admits only its own style
and script (by hash), so anything that slipped through could neither run nor fetch.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from storyfold.model import (
    Brief,
    NumericDisagreement,
    PublicationDate,
    RemovedLine,
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
    outlets,
    per_outlet,
    plural,
    publication_of,
    quotes_by_speaker,
    removed_by_article,
    reported_by,
    similar_outlets,
    story_outlet_count,
    word_budget,
)

TEMPLATES = Path(__file__).parent / "templates"

# Past this many items a list folds the rest into a <details>: the page stays short to
# scan, and nothing is dropped.
SHOWN_ENTITIES = 12
SHOWN_EVENTS = 10
SHOWN_SPEAKERS = 6

_LINKABLE_SCHEMES = frozenset({"http", "https"})


def static_text(name: str) -> str:
    """A file of ``templates/static`` (the brief's CSS and script; the web app's own)."""
    return (TEMPLATES / "static" / name).read_text(encoding="utf-8").strip()


def csp_hash(source: str) -> str:
    digest = hashlib.sha256(source.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def is_web_url(url: object) -> bool:
    """True only for http(s) URLs: a javascript: or data: URL from an untrusted page must
    never become a live link."""
    if not isinstance(url, str) or not url:
        return False
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme.lower() in _LINKABLE_SCHEMES and bool(parts.netloc)


@cache
def environment() -> Environment:
    """The one Jinja2 environment: autoescape on for every template, whatever its name."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["web_url"] = is_web_url
    env.filters["similarity"] = format_similarity
    env.globals.update(
        article_anchors=article_anchors,
        claims_grid=claims_grid,
        coverage=coverage,
        format_date=format_date,
        format_day=format_day,
        inferred_how=inferred_how,
        number_values=number_values,
        outlet_share=outlet_share,
        similar_outlets=similar_outlets,
        per_outlet=per_outlet,
        plural=plural,
        provenance_facts=provenance_facts,
        publication_of=publication_of,
        quotes_by_speaker=quotes_by_speaker,
        removed_by_article=removed_by_article,
        removed_total=removed_total,
        shown_entities=SHOWN_ENTITIES,
        shown_events=SHOWN_EVENTS,
        shown_speakers=SHOWN_SPEAKERS,
        story_outlet_count=story_outlet_count,
        timeline_chart=timeline_chart,
        tooltip=tooltip,
        zip=zip,
    )
    return env


@cache
def _page_assets() -> tuple[Markup, Markup, Markup]:
    css, script = static_text("brief.css"), static_text("brief.js")
    # No network at all: the page needs nothing but itself, and this keeps it that way even
    # if untrusted text ever escaped its escaping.
    csp = (
        f"default-src 'none'; style-src {csp_hash(css)}; script-src {csp_hash(script)}; "
        "base-uri 'none'; form-action 'none'"
    )
    # Markup: our own files, inlined verbatim so their hashes match the policy.
    return Markup(css), Markup(script), Markup(csp)


def render_html(brief: Brief) -> str:
    """The self-contained page of ``storyfold brief --format html``."""
    css, script, csp = _page_assets()
    page = environment().get_template("brief/page.html")
    return page.render(brief=brief, css=css, script=script, csp=csp) + "\n"


def render_html_sections(brief: Brief) -> str:
    """The brief's header and sections alone, for a page that brings its own frame (the
    web app's story page, which caches this fragment per story version)."""
    env = environment()
    header = env.get_template("brief/header.html").render(brief=brief)
    return header + "\n" + env.get_template("brief/sections.html").render(brief=brief)


# --- what the templates call ---------------------------------------------------------------


def article_anchors(brief: Brief) -> dict[str, str]:
    return {info.id: f"article-{n}" for n, info in enumerate(brief.articles, 1)}


def tooltip(line: SummaryLine, brief: Brief) -> str:
    wording = reported_by(line, brief)
    rows = [wording[:1].upper() + wording[1:] + ":"]
    for index, ref in enumerate(line.citations):
        label = "source" if index == 0 else f"similarity {format_similarity(ref.similarity)}"
        rows.append(f"• {ref.outlet} ({label}): “{ref.text}”")
    return "\n".join(rows)


def inferred_how(publication: PublicationDate) -> str:
    """How an inferred publication date was found, without the date itself."""
    day = publication.date.isoformat() if publication.date else ""
    return describe_publication(publication)[len(day) :].strip(" ()")


def number_values(item: NumericDisagreement) -> str:
    return " vs ".join(dict.fromkeys(format_value(c.value) for c in item.claims))


def removed_total(per_article: Sequence[tuple[str, tuple[RemovedLine, ...]]]) -> int:
    return sum(len(lines) for _, lines in per_article)


def provenance_facts(brief: Brief) -> list[tuple[str, str]]:
    provenance = brief.provenance
    budget = word_budget(brief)
    settings = ", ".join(f"{key} = {value}" for key, value in provenance.settings.items())
    rows = [
        ("Made by", f"storyfold {provenance.version}"),
        ("Created", provenance.created.isoformat(timespec="seconds")),
        ("Word budget", "" if budget is None else f"{budget} words"),
        ("Embedder", provenance.embedder),
        ("Inputs", plural(len(provenance.inputs), "input")),
        ("Settings", settings),
    ]
    return [(key, value) for key, value in rows if value]


@dataclass(frozen=True)
class ClaimsGrid:
    outlets: tuple[str, ...]
    # (line number, line, [(outlet, reports it)]) in summary order
    lines: list[tuple[int, SummaryLine, list[tuple[str, bool]]]]


def claims_grid(brief: Brief) -> ClaimsGrid:
    """Which outlet reports which summary line: every outlet of the brief, in article
    order, against every line."""
    names = outlets(brief)
    rows = []
    for number, line in enumerate(brief.summary, 1):
        carried = set(line.outlets)
        rows.append((number, line, [(name, name in carried) for name in names]))
    return ClaimsGrid(outlets=names, lines=rows)


# --- the timeline chart --------------------------------------------------------------------

# The chart's frame in SVG user units; it scales to its box, so these only set proportions.
CHART_WIDTH = 640
CHART_LEFT = 40
CHART_RIGHT = 600
CHART_ROW = 22  # vertical step between marks that would overlap
CHART_ROWS = 4  # marks cycle through this many rows above the axis
CHART_TICKS = 5


@dataclass(frozen=True)
class ChartTick:
    x: float
    label: str


@dataclass(frozen=True)
class ChartMark:
    number: int
    x: float
    y: float
    day: str
    text: str
    sources: str
    disputed: bool
    others: tuple[float, ...]  # x of the other dates outlets give for the event


@dataclass(frozen=True)
class TimelineChart:
    width: int
    height: int
    left: int
    right: int
    axis_y: int
    ticks: tuple[ChartTick, ...]
    marks: tuple[ChartMark, ...]
    label: str
    caption: str


def timeline_chart(events: Sequence[TimelineEvent]) -> TimelineChart:
    """The events on a date axis: one mark a event (numbered as in the list below it), its
    height cycling through a few rows so that close dates stay readable; an event whose
    outlets disagree on the date is marked, with the other dates as hollow marks."""
    days = [e.date for e in events] + [d for e in events for d, _ in e.conflicts]
    first, last = min(days), max(days)
    span = max((last - first).days, 1)

    def x_of(day: date) -> float:
        return round(CHART_LEFT + (day - first).days / span * (CHART_RIGHT - CHART_LEFT), 1)

    axis_y = 20 + CHART_ROWS * CHART_ROW
    marks = []
    for number, event in enumerate(events, 1):
        row = (number - 1) % CHART_ROWS
        marks.append(
            ChartMark(
                number=number,
                x=x_of(event.date),
                y=axis_y - 14 - row * CHART_ROW,
                day=format_day(event.date, event.granularity),
                text=event.text if len(event.text) <= 160 else event.text[:159] + "…",
                sources=", ".join(event.outlets),
                disputed=bool(event.conflicts),
                others=tuple(x_of(d) for d, _ in event.conflicts),
            )
        )
    steps = min(CHART_TICKS, span) if span > 1 else 1
    ticks = tuple(
        ChartTick(x=x_of(day), label=day.isoformat())
        for day in dict.fromkeys(
            date.fromordinal(first.toordinal() + round(span * k / steps)) for k in range(steps + 1)
        )
    )
    disputed = sum(1 for m in marks if m.disputed)
    caption = f"{plural(len(marks), 'event')} from {first.isoformat()} to {last.isoformat()}"
    if disputed:
        caption += f"; {disputed} with dates that outlets disagree on (hollow marks)"
    return TimelineChart(
        width=CHART_WIDTH,
        height=axis_y + 26,
        left=CHART_LEFT,
        right=CHART_RIGHT,
        axis_y=axis_y,
        ticks=ticks,
        marks=tuple(marks),
        label=f"Timeline: {caption}",
        caption=caption,
    )
