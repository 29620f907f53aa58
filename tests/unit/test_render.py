from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from dataclasses import replace
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from markupsafe import escape

from storyfold.errors import InputError
from storyfold.model import Brief, SentenceRef
from storyfold.render import (
    FORMATS,
    SCHEMA,
    brief_to_dict,
    render,
    render_html,
    render_json,
    render_markdown,
)
from tests.brief_factory import ARTICLE_TEXTS, TITLE, make_brief
from tests.brief_sections import make_full_brief

EVIL = "<script>alert(1)</script>"


@pytest.fixture
def brief() -> Brief:
    return make_brief()


def all_citations(brief: Brief) -> list[SentenceRef]:
    return [ref for line in brief.summary for ref in line.citations]


# --- dispatch ---------------------------------------------------------------------------


def test_formats_are_json_md_html() -> None:
    assert FORMATS == ("json", "md", "html")


@pytest.mark.parametrize(
    ("fmt", "renderer"), [("json", render_json), ("md", render_markdown), ("html", render_html)]
)
def test_render_dispatches_by_format(brief: Brief, fmt: str, renderer: Any) -> None:
    assert render(brief, fmt) == renderer(brief)


def test_unknown_format_raises_input_error_naming_it(brief: Brief) -> None:
    with pytest.raises(InputError, match="'pdf'") as caught:
        render(brief, "pdf")
    assert "json, md, html" in str(caught.value)


# --- JSON -------------------------------------------------------------------------------


def test_json_parses_and_starts_with_schema(brief: Brief) -> None:
    data = json.loads(render_json(brief))
    assert next(iter(data)) == "schema"
    assert data["schema"] == SCHEMA == "storyfold.brief/1"
    assert set(data) == {
        "schema",
        "title",
        "outlets",
        "articles",
        "summary",
        "quotes",
        "entities",
        "timeline",
        "comparison",
        "provenance",
    }
    assert data["title"] == TITLE
    assert data["outlets"] == 4
    assert len(data["articles"]) == 5


def test_json_is_exactly_brief_to_dict(brief: Brief) -> None:
    text = render_json(brief)
    assert text.endswith("}\n")
    assert text.startswith('{\n  "schema"')  # indent=2
    assert json.loads(text) == brief_to_dict(brief)


def test_json_keeps_non_ascii_text_readable(brief: Brief) -> None:
    assert "“We built it to stand the next flood" in render_json(brief)


def test_json_articles_carry_every_field(brief: Brief) -> None:
    articles = json.loads(render_json(brief))["articles"]
    assert set(articles[0]) == {
        "id",
        "outlet",
        "outlet_from",
        "source",
        "title",
        "url",
        "author",
        "published",
        "published_from",
        "sentences",
        "words",
        "later_development",
    }
    for item, info in zip(articles, brief.articles, strict=True):
        assert item["id"] == info.id
        assert item["outlet"] == info.outlet
        assert item["sentences"] == info.sentences
        assert item["words"] == info.words
        published = item["published"]
        assert (None if published is None else datetime.fromisoformat(published)) == (
            info.published
        )
    assert articles[0]["published"] == "2024-03-04T08:15:00+00:00"
    assert articles[4]["title"] is None


def test_json_summary_lines_report_outlets(brief: Brief) -> None:
    summary = json.loads(render_json(brief))["summary"]
    assert [line["text"] for line in summary] == [line.text for line in brief.summary]
    first = summary[0]
    assert set(first) == {"text", "insertions", "outlets", "reported_by", "citations"}
    assert first["outlets"] == ["Alderbrook Courier", "Northgate Herald", "Radio Kestrel"]
    assert first["reported_by"] == 3
    # Two citations from one outlet count once.
    assert summary[1]["reported_by"] == 2
    assert len(summary[1]["citations"]) == 3
    assert summary[4]["reported_by"] == 1


def test_json_citations_round_trip_offsets_and_text(brief: Brief) -> None:
    summary = json.loads(render_json(brief))["summary"]
    citations = [c for line in summary for c in line["citations"]]
    assert len(citations) == len(all_citations(brief)) == 11
    for item, ref in zip(citations, all_citations(brief), strict=True):
        assert set(item) == {
            "article_id",
            "outlet",
            "sentence",
            "start",
            "end",
            "text",
            "similarity",
        }
        assert ARTICLE_TEXTS[item["article_id"]][item["start"] : item["end"]] == item["text"]
        assert (item["article_id"], item["sentence"], item["start"], item["end"]) == (
            ref.article_id,
            ref.sentence,
            ref.start,
            ref.end,
        )
        assert item["text"] == ref.text
        assert item["outlet"] == ref.outlet


def test_json_source_citation_comes_first_and_similarity_is_rounded(brief: Brief) -> None:
    summary = json.loads(render_json(brief))["summary"]
    assert all(line["citations"][0]["similarity"] == 1.0 for line in summary)
    assert all(line["citations"][0]["text"] == line["text"] for line in summary)
    assert summary[0]["citations"][1]["similarity"] == 0.913
    assert summary[3]["citations"][1]["similarity"] == 0.744


def test_json_provenance(brief: Brief) -> None:
    provenance = json.loads(render_json(brief))["provenance"]
    assert set(provenance) == {
        "version",
        "created",
        "settings",
        "embedder",
        "inputs",
        "skipped",
        "duplicates",
        "removed",
    }
    assert provenance["version"] == "0.1.0"
    assert datetime.fromisoformat(provenance["created"]) == brief.provenance.created
    assert provenance["settings"]["words"] == 230
    assert len(provenance["inputs"]) == 8
    assert provenance["skipped"][1] == {
        "input": "reports/photo.jpg",
        "reason": "not a text or HTML file",
    }
    assert provenance["duplicates"] == [
        {"input": "reports/courier-1-copy.html", "same_as": "reports/courier-1.html"}
    ]
    assert provenance["removed"]["kestrel-1"] == [
        {"line": 14, "text": "Listen live on 98.4 FM", "reason": "navigation"}
    ]
    assert len(provenance["removed"]["courier-1"]) == 2


def test_json_turns_free_form_settings_into_json(brief: Brief) -> None:
    settings: dict[str, object] = {
        "cache": Path("/tmp/cache"),
        "since": datetime(2024, 1, 2, 3, 4),
        "langs": {"sv", "en"},
        "weights": (0.5, 0.25),
        "nested": {"on": True, "limit": None},
    }
    odd = replace(brief, provenance=replace(brief.provenance, settings=settings))
    assert json.loads(render_json(odd))["provenance"]["settings"] == {
        "cache": "/tmp/cache",
        "since": "2024-01-02T03:04:00",
        "langs": ["en", "sv"],
        "weights": [0.5, 0.25],
        "nested": {"on": True, "limit": None},
    }


# --- Markdown ---------------------------------------------------------------------------


def test_markdown_title_and_coverage(brief: Brief) -> None:
    lines = render_markdown(brief).splitlines()
    assert lines[0] == f"# {TITLE}"
    assert lines[2] == (
        "5 articles from 4 outlets: Alderbrook Courier, Northgate Herald, Radio Kestrel, "
        "Tide & Timber"
    )


def test_markdown_has_every_summary_line_with_its_outlets(brief: Brief) -> None:
    text = render_markdown(brief)
    summary = text.split("## Summary", 1)[1].split("## Sources", 1)[0]
    for line in brief.summary:
        assert f"- {line.text}\n" in summary
    assert (
        "— *reported by 3 of 4 outlets: Alderbrook Courier, Northgate Herald, Radio Kestrel*"
        in summary
    )
    assert "— *reported by 2 of 4 outlets: Alderbrook Courier, Tide & Timber*" in summary
    assert "— *reported by 1 of 4 outlets: Radio Kestrel*" in summary
    assert summary.count("reported by") == len(brief.summary)


def test_a_line_says_which_outlets_may_state_it_in_other_words(brief: Brief) -> None:
    """'1 of 4 outlets' must not read as 'no other outlet': a sentence the matcher did not
    confirm is named apart from the citations, in every format, and never counted."""
    alone = next(k for k, line in enumerate(brief.summary) if len(line.outlets) == 1)
    line = brief.summary[alone]
    other = next(
        a for a in brief.articles if a.outlet not in line.outlets and a.outlet != "Tide & Timber"
    )
    maybe = replace(line.source, article_id=other.id, outlet=other.outlet, similarity=0.41)
    similar = tuple((maybe,) if k == alone else () for k in range(len(brief.summary)))
    shown = replace(brief, comparison=replace(brief.comparison, similar=similar))
    summary = render_markdown(shown).split("## Summary", 1)[1].split("## Sources", 1)[0]
    assert (
        f"— *reported by 1 of 4 outlets: {line.outlets[0]};"
        f" similar wording, not confirmed: {other.outlet}*" in summary
    )
    assert summary.count("similar wording") == 1
    data = json.loads(render_json(shown))
    assert data["summary"][alone]["reported_by"] == 1
    assert [[r["outlet"] for r in refs] for refs in data["comparison"]["similar"]] == [
        [other.outlet] if k == alone else [] for k in range(len(brief.summary))
    ]
    page = render_html(shown)
    assert page.count('class="similar-elsewhere"') == 1
    assert f"similar wording, not confirmed: {escape(other.outlet)}" in page


def test_markdown_sources(brief: Brief) -> None:
    sources = render_markdown(brief).split("## Sources", 1)[1].split("## Provenance", 1)[0]
    assert (
        "- **Alderbrook Courier** — Footbridge back in service — 2024-03-04 — "
        "<https://courier.example/alderbrook/footbridge-open>" in sources
    )
    assert "- **Radio Kestrel** — Walkers return to the river crossing — 2024-03-05\n" in sources
    # No title: the article is named by where it was read from.
    assert "- **Alderbrook Courier** — reports/courier-2.html\n" in sources


def test_markdown_provenance_counts_cruft_without_its_text(brief: Brief) -> None:
    provenance = render_markdown(brief).split("## Provenance", 1)[1]
    assert "- storyfold 0.1.0, created 2024-03-05T09:30:12+00:00" in provenance
    assert "- Word budget: 230" in provenance
    assert "- Embedder: wordllama 256-d" in provenance
    assert "  - reports/photo.jpg: not a text or HTML file" in provenance
    assert "  - reports/courier-1-copy.html (same as reports/courier-1.html)" in provenance
    assert "- Cruft lines removed: 3" in provenance
    assert "  - Alderbrook Courier: Footbridge back in service: 2 lines" in provenance
    assert "  - Radio Kestrel: Walkers return to the river crossing: 1 line" in provenance
    assert "Subscribe to the Courier" not in provenance


def test_markdown_has_no_html_and_escapes_markup(brief: Brief) -> None:
    odd = replace(brief, title="A *very* [big]\nday <b>")
    text = render_markdown(odd)
    assert text.splitlines()[0] == r"# A \*very\* \[big\] day \<b\>"
    # An unescaped "<" is either an autolink or a tag, and tags are not allowed.
    assert not re.search(r"(?<!\\)<(?!https?://)[a-zA-Z/]", text)


def test_markdown_of_an_empty_brief() -> None:
    empty = replace(make_brief(), articles=(), summary=())
    text = render_markdown(empty)
    assert "0 articles from 0 outlets\n" in text
    assert "*No summary lines.*" in text


# --- HTML -------------------------------------------------------------------------------


class _TagBalance(HTMLParser):
    """Collects unbalanced tags: a renderer bug shows up here before it shows in a browser."""

    VOID = frozenset({"meta", "br", "hr", "img", "input", "link"})

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:]}")
        else:
            self.stack.pop()


def test_html_is_well_formed(brief: Brief) -> None:
    parser = _TagBalance()
    parser.feed(render_html(brief))
    assert parser.errors == []
    assert parser.stack == []


def test_html_has_every_line_and_citation_escaped(brief: Brief) -> None:
    page = render_html(brief)
    assert page.count('<li class="summary-line') == len(brief.summary)
    assert page.count('<li class="citation ') == len(all_citations(brief))
    for line in brief.summary:
        assert f'<span class="line-text">{escape(line.text)}</span>' in page
    for ref in all_citations(brief):
        assert f'<blockquote class="citation-text">{escape(ref.text)}</blockquote>' in page
    # The apostrophe in "bridge's" proves the text went through the templates' autoescape.
    assert "bridge&#39;s timber spans" in page


def test_html_line_shows_outlets_and_share(brief: Brief) -> None:
    page = render_html(brief)
    first = page.split('id="line-1"', 1)[1].split('id="line-2"', 1)[0]
    assert re.findall(r'<span class="outlet-chip">([^<]*)</span>', first) == [
        "Alderbrook Courier",
        "Northgate Herald",
        "Radio Kestrel",
    ]
    assert '<span class="reported-by">3 of 4 outlets</span>' in first
    assert 'class="citation source"' in first
    assert first.index('class="citation source"') < first.index('class="citation support"')
    assert '<li class="summary-line single-source" id="line-5">' in page
    assert "Tide &amp; Timber" in page


def test_html_tooltip_lists_the_source_sentences(brief: Brief) -> None:
    page = render_html(brief)
    titles = re.findall(r'<summary title="([^"]*)">', page)
    assert len(titles) == len(brief.summary)
    tooltip = html.unescape(titles[0]).split("\n")
    line = brief.summary[0]
    assert tooltip[0] == (
        "Reported by 3 of 4 outlets: Alderbrook Courier, Northgate Herald, Radio Kestrel:"
    )
    assert tooltip[1] == f"• Alderbrook Courier (source): “{line.citations[0].text}”"
    assert tooltip[2] == f"• Northgate Herald (similarity 0.91): “{line.citations[1].text}”"


def test_html_escapes_a_script_in_a_title(brief: Brief) -> None:
    page = render_html(replace(brief, title=EVIL))
    assert EVIL not in page
    assert "<title>&lt;script&gt;alert(1)&lt;/script&gt;</title>" in page
    assert '<h1 id="title">&lt;script&gt;alert(1)&lt;/script&gt;</h1>' in page
    assert page.count("<script") == 1  # only the page's own


def test_html_escapes_untrusted_text_everywhere(brief: Brief) -> None:
    line = brief.summary[0]
    evil_ref = replace(line.citations[1], text=EVIL, outlet='"><b>x</b>')
    evil_line = replace(line, text=EVIL, citations=(line.citations[0], evil_ref))
    evil_info = replace(brief.articles[0], outlet=EVIL, title=EVIL, source=EVIL, author=EVIL)
    evil = replace(
        brief,
        summary=(evil_line,),
        articles=(evil_info, *brief.articles[1:]),
    )
    page = render_html(evil)
    assert EVIL not in page
    assert "<b>x</b>" not in page
    assert page.count("<script") == 1


def test_html_links_only_web_urls(brief: Brief) -> None:
    info = replace(brief.articles[0], url="javascript:alert(1)")
    page = render_html(replace(brief, articles=(info, *brief.articles[1:])))
    assert "javascript:" not in page
    assert (
        '<a href="https://tide-timber.example/spans?id=7&amp;view=full" '
        'rel="noopener noreferrer">New spans for an old bridge</a>' in page
    )


def test_html_is_self_contained(brief: Brief) -> None:
    page = render_html(brief)
    assert not re.search(r"\b(src|srcset)=", page)
    assert "<link" not in page
    assert "@import" not in page
    assert "url(" not in page
    # Only the source table links out; everything else is inside the page.
    external = re.findall(r'href="(https?://[^"]*)"', page)
    assert len(external) == sum(1 for a in brief.articles if a.url)


def test_html_csp_admits_exactly_its_own_style_and_script(brief: Brief) -> None:
    page = render_html(brief)

    def digest(tag: str) -> str:
        match = re.search(rf"<{tag}>(.*?)</{tag}>", page, re.DOTALL)
        assert match is not None
        raw = hashlib.sha256(match.group(1).encode("utf-8")).digest()
        return base64.b64encode(raw).decode("ascii")

    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', page)
    assert csp is not None
    assert "default-src 'none'" in csp.group(1)
    assert f"style-src 'sha256-{digest('style')}'" in csp.group(1)
    assert f"script-src 'sha256-{digest('script')}'" in csp.group(1)


def test_html_provenance(brief: Brief) -> None:
    provenance = render_html(brief).split('<section id="provenance">', 1)[1]
    assert "<code>reports/photo.jpg</code>: not a text or HTML file" in provenance
    assert (
        "<code>reports/courier-1-copy.html</code> is the same as "
        "<code>reports/courier-1.html</code>" in provenance
    )
    assert "<dt>Word budget</dt><dd>230 words</dd>" in provenance
    removed = re.search(r'<details class="removed">(.*?)</details>', provenance, re.DOTALL)
    assert removed is not None
    assert "Cruft removed while cleaning: 3 lines from 2 articles" in removed.group(1)
    assert "Subscribe to the Courier morning letter" in removed.group(1)
    assert "<h4>Radio Kestrel: Walkers return to the river crossing (1 line)</h4>" in (
        removed.group(1)
    )


def test_html_of_an_empty_brief() -> None:
    page = render_html(replace(make_brief(), articles=(), summary=()))
    assert "No summary lines." in page
    assert "No articles." in page
    assert 'id="toggle-all"' not in page


def test_html_sources_table_names_each_article_once(brief: Brief) -> None:
    rows = re.findall(r'<tr id="article-\d" class="source-row">.*?</tr>', render_html(brief))
    assert len(rows) == len(brief.articles)
    assert "by Mara Lindqvist · reports/courier-1.html" in rows[0]
    assert '<time datetime="2024-03-04T08:15:00+00:00">2024-03-04</time>' in rows[0]
    untitled = rows[4]
    assert '<span class="untitled">untitled</span>' in untitled
    assert untitled.count("reports/courier-2.html") == 1
    assert "unknown" in untitled


# --- quotes, timeline, entities and the comparison, in every format ----------------------


@pytest.fixture
def full() -> Brief:
    return make_full_brief()


def test_full_brief_references_point_at_their_text(full: Brief) -> None:
    refs = [
        *full.comparison.single_source,
        *(c.ref for item in full.comparison.numbers for c in item.claims),
        *(ref for event in full.timeline.events for ref in event.citations),
        *(ref for event in full.timeline.events for _, ref in event.conflicts),
    ]
    for ref in refs:
        assert ARTICLE_TEXTS[ref.article_id][ref.start : ref.end] == ref.text
        assert ref.text.endswith(".")
    for quote in full.quotes:
        for m in quote.mentions:
            assert ARTICLE_TEXTS[m.article_id][m.start : m.end] == m.text


def test_json_quotes_entities_timeline(full: Brief) -> None:
    data = json.loads(render_json(full))
    first = data["quotes"][0]
    assert first["speaker"] == {"name": "Ines Varga", "kind": "person", "role": "site manager"}
    assert first["direct"] is True
    assert first["outlets"] == ["Alderbrook Courier"]
    assert first["variants"] == [first["text"]]
    mention = first["mentions"][0]
    article_text = ARTICLE_TEXTS[mention["article_id"]]
    assert article_text[mention["start"] : mention["end"]] == mention["text"]
    assert data["quotes"][2]["speaker"] == {"name": None, "kind": "unknown", "role": None}

    varga = data["entities"][0]
    assert varga["aliases"] == ["Varga"]
    assert varga["roles"] == ["site manager"]
    assert varga["mentions"] == {"Alderbrook Courier": 1, "Radio Kestrel": 1}
    assert varga["total"] == 2

    event = data["timeline"]["events"][0]
    assert event["date"] == "2024-03-04"
    assert event["granularity"] == "day"
    assert event["outlets"] == ["Alderbrook Courier", "Radio Kestrel"]
    assert event["conflicts"][0]["date"] == "2024-03-05"
    assert event["conflicts"][0]["citation"]["outlet"] == "Tide & Timber"
    publication = {p["article_id"]: p for p in data["timeline"]["publication"]}
    assert publication["tide-1"] == {
        "article_id": "tide-1",
        "date": "2024-03-05",
        "source": "inferred",
        "confidence": 0.6,
        "evidence": ["the other articles were published 2024-03-04 to 2024-03-05"],
    }
    assert publication["courier-2"]["date"] is None


def test_json_comparison(full: Brief) -> None:
    comparison = json.loads(render_json(full))["comparison"]
    assert set(comparison) == {
        "coverage",
        "similar",
        "single_source",
        "numbers",
        "framing",
        "off_topic",
    }
    assert comparison["coverage"] == [list(line.outlets) for line in full.summary]
    assert comparison["single_source"][0]["outlet"] == "Radio Kestrel"
    (numbers,) = comparison["numbers"]
    assert numbers["about"] == "timber spans"
    assert [(c["value"], c["text"], c["citation"]["outlet"]) for c in numbers["claims"]] == [
        (4.0, "four", "Alderbrook Courier"),
        (6.0, "six", "Tide & Timber"),
    ]
    assert comparison["framing"][0] == {
        "article_id": "courier-1",
        "outlet": "Alderbrook Courier",
        "headline": "Footbridge back in service",
        "lead": "The Alderbrook footbridge reopened on Monday after eleven weeks of storm repairs.",
    }
    assert comparison["off_topic"] == [
        {
            "article_id": "courier-2",
            "outlet": "Alderbrook Courier",
            "score": 0.512,
            "reason": "reads unlike the rest of the set: similarity 0.21",
        }
    ]


def test_json_of_a_brief_without_the_new_sections_has_them_empty(brief: Brief) -> None:
    data = brief_to_dict(brief)
    assert data["quotes"] == [] and data["entities"] == []
    assert data["timeline"] == {"events": [], "publication": []}
    assert data["comparison"]["numbers"] == [] and data["comparison"]["off_topic"] == []


def _md_section(text: str, heading: str) -> str:
    return text.split(f"\n## {heading}\n", 1)[1].split("\n## ", 1)[0].strip("\n")


def test_markdown_quotes_grouped_by_speaker_with_role_and_outlets(full: Brief) -> None:
    quotes = _md_section(render_markdown(full), "Quotes")
    assert quotes.count("### Ines Varga (site manager)") == 1
    assert "- “We built it to stand the next flood, not the last one”\n" in quotes
    assert "  — *Alderbrook Courier*" in quotes
    assert "the bridge was built to withstand the next flood (reported)" in quotes
    # The unknown speaker is named as such, and comes last.
    assert quotes.rstrip().split("### ")[-1].startswith("Unknown speaker")


def test_markdown_shows_quote_variants(full: Brief) -> None:
    quote = full.quotes[0]
    longer = replace(quote.mentions[0], outlet="Radio Kestrel", text=quote.text + " again")
    varied = replace(full, quotes=(replace(quote, mentions=(*quote.mentions, longer)),))
    quotes = _md_section(render_markdown(varied), "Quotes")
    assert f"  - variant: “{quote.text}”" in quotes
    assert "*Alderbrook Courier, Radio Kestrel*" in quotes


def test_markdown_timeline_is_dated_with_sources_and_disagreement(full: Brief) -> None:
    timeline = _md_section(render_markdown(full), "Timeline")
    assert timeline.startswith(
        "- **2024-03-04** The Alderbrook footbridge reopened on Monday after eleven weeks"
    )
    assert "  — *Alderbrook Courier, Radio Kestrel*" in timeline
    assert "  - date disagreement: Tide & Timber gives 2024-03-05:" in timeline
    assert "- **2023-10** Pedestrians crossed" in timeline  # month granularity


def test_markdown_entities(full: Brief) -> None:
    entities = _md_section(render_markdown(full), "Entities")
    assert (
        "- **Ines Varga** (person) — site manager — also Varga — named 2× "
        "(Alderbrook Courier 1, Radio Kestrel 1)"
    ) in entities
    assert "- **Alderbrook** (place) — named 3×" in entities


def test_markdown_comparison(full: Brief) -> None:
    comparison = _md_section(render_markdown(full), "Comparison")
    assert "### Coverage\n\n1. The Alderbrook footbridge reopened on Monday after" in comparison
    assert "— 3 of 4: Alderbrook Courier, Northgate Herald, Radio Kestrel" in comparison
    assert "- Cyclists must still dismount on the central span. — *Radio Kestrel*" in comparison
    assert "- **timber spans**\n  - four (4) — *Alderbrook Courier*: “Engineers" in comparison
    assert "  - six (6) — *Tide & Timber*: “The deck sits" in comparison
    assert "| Outlet | Headline | Lead |" in comparison
    assert "| Tide & Timber | New spans for an old bridge | New timber spans" in comparison
    assert "| Alderbrook Courier | (no headline) | Traders on Mill Street" in comparison
    assert "- **Alderbrook Courier** (courier-2), score 0.51, left out of the summary" in (
        comparison
    )


def test_markdown_sources_show_inferred_publication_dates(full: Brief) -> None:
    sources = _md_section(render_markdown(full), "Sources")
    assert (
        "- **Tide & Timber** — New spans for an old bridge — published 2024-03-05 (inferred, "
        "confidence 0.60: the other articles were published 2024-03-04 to 2024-03-05)"
    ) in sources
    assert "- **Alderbrook Courier** — reports/courier-2.html — published unknown" in sources


def test_markdown_of_the_new_sections_when_empty(brief: Brief) -> None:
    text = render_markdown(brief)
    for empty in ("*No quotes found.*", "*No dated events found.*", "*No entities found.*"):
        assert empty in text
    assert "*None: every article is about the same story.*" in text


def test_markdown_escapes_markup_in_the_new_sections(full: Brief) -> None:
    evil = replace(full, entities=(replace(full.entities[0], name=EVIL),))
    assert EVIL not in render_markdown(evil)


def test_html_full_brief_is_well_formed(full: Brief) -> None:
    parser = _TagBalance()
    parser.feed(render_html(full))
    assert parser.errors == []
    assert parser.stack == []


def _html_section(page: str, section_id: str) -> str:
    return page.split(f'<section id="{section_id}">', 1)[1].split("</section>", 1)[0]


def test_html_quotes(full: Brief) -> None:
    quotes = _html_section(render_html(full), "quotes")
    assert quotes.count('<h3>Ines Varga <span class="role">site manager</span></h3>') == 1
    assert "<h3>Unknown speaker</h3>" in quotes
    assert quotes.count('<details class="more">') == len(full.quotes)
    assert "“We built it to stand the next flood, not the last one”" in quotes
    assert '<span class="outlet-chip">Alderbrook Courier</span>' in quotes


def test_html_timeline_entities_and_sources(full: Brief) -> None:
    page = render_html(full)
    timeline = _html_section(page, "timeline")
    assert '<time datetime="2024-03-04">2024-03-04</time>' in timeline
    assert '<time datetime="2023-10">2023-10</time>' in timeline
    assert "Date disagreement: Tide &amp; Timber gives 2024-03-05" in timeline
    entities = _html_section(page, "entities")
    assert "<td>Ines Varga</td><td>person</td><td>site manager</td><td>Varga</td>" in entities
    sources = _html_section(page, "sources")
    assert '<time datetime="2024-03-05" class="inferred">2024-03-05</time>' in sources
    assert "the other articles were published 2024-03-04 to 2024-03-05" in sources


def test_html_comparison(full: Brief) -> None:
    comparison = _html_section(render_html(full), "comparison")
    assert '<a href="#line-1">1</a>' in comparison
    assert "Cyclists must still dismount on the central span." in comparison
    assert "<strong>timber spans</strong>: 4 vs 6" in comparison
    assert '<td class="figure">four</td>' in comparison
    assert "<td>Tide &amp; Timber</td><td>New spans for an old bridge</td>" in comparison
    assert "left out of the summary" in comparison


def test_html_folds_long_lists_into_details(full: Brief) -> None:
    many = tuple(replace(full.entities[1], name=f"Place {n}") for n in range(20))
    entities = _html_section(render_html(replace(full, entities=many)), "entities")
    shown, folded = entities.split('<details class="more">', 1)
    assert shown.count("<tr><td>Place") == 12
    assert folded.startswith("<summary>8 entities more</summary>")
    assert folded.count("<tr><td>Place") == 8


def test_html_escapes_untrusted_text_in_the_new_sections(full: Brief) -> None:
    quote = full.quotes[0]
    evil = replace(
        full,
        quotes=(replace(quote, text=EVIL, speaker=replace(quote.speaker, role=EVIL)),),
        entities=(replace(full.entities[0], roles=(EVIL,)),),
        comparison=replace(
            full.comparison,
            framing=(replace(full.comparison.framing[0], headline=EVIL, lead=EVIL),),
        ),
    )
    page = render_html(evil)
    assert EVIL not in page
    assert escape(EVIL) in page


def test_html_folds_speakers_past_the_first_few(full: Brief) -> None:
    quote = full.quotes[0]
    many = tuple(
        replace(quote, speaker=replace(quote.speaker, name=f"Speaker {n}")) for n in range(9)
    )
    quotes = _html_section(render_html(replace(full, quotes=many)), "quotes")
    shown, folded = quotes.split('<details class="more speakers">', 1)
    assert shown.count('<div class="speaker"') == 6
    assert folded.startswith("<summary>3 more speakers</summary>")
    assert folded.count('<div class="speaker"') == 3
