"""The HTML brief in a real headless Chromium: it opens, reveals sources, and stays offline.

The browser is the session's one Chromium (tests/web_site.py)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Protocol

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, Request

from storyfold.model import Brief
from storyfold.render import render_html
from tests.brief_factory import make_brief
from tests.brief_sections import make_full_brief

pytestmark = pytest.mark.browser


@dataclass
class Opened:
    """A loaded brief with everything the page asked for or complained about."""

    page: Page
    url: str
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


class OpenBrief(Protocol):
    def __call__(self, brief: Brief, *, fragment: str = "", dark: bool = False) -> Opened: ...


@pytest.fixture
def open_brief(browser: Browser, tmp_path: Path) -> Iterator[OpenBrief]:
    pages: list[Page] = []

    def open_(brief: Brief, *, fragment: str = "", dark: bool = False) -> Opened:
        path = tmp_path / "brief.html"
        path.write_text(render_html(brief), encoding="utf-8")
        page = browser.new_page(color_scheme="dark" if dark else "light")
        pages.append(page)
        opened = Opened(page=page, url=path.as_uri())
        page.on("request", lambda request: opened.requests.append(_request_url(request)))
        page.on("console", lambda message: _record_console(opened, message))
        page.on("pageerror", lambda error: opened.errors.append(f"pageerror: {error}"))
        page.goto(opened.url + fragment)
        page.wait_for_load_state("load")
        return opened

    yield open_
    for page in pages:
        page.close()


def _request_url(request: Request) -> str:
    # A fragment is not part of what is fetched; compare the files, not the anchors.
    return request.url.split("#", 1)[0]


def _record_console(opened: Opened, message: ConsoleMessage) -> None:
    if message.type in ("error", "warning"):
        opened.errors.append(f"console {message.type}: {message.text}")


def test_clicking_a_line_reveals_its_source_sentences(open_brief: OpenBrief) -> None:
    brief = make_brief()
    opened = open_brief(brief)
    line = opened.page.locator("li.summary-line").first
    citations = line.locator(".citation")
    assert citations.count() == 3
    for index in range(3):
        assert citations.nth(index).is_hidden()

    line.locator("summary").click()

    for index in range(3):
        assert citations.nth(index).is_visible()
    texts = [t.strip() for t in line.locator(".citation-text").all_inner_texts()]
    assert texts == [ref.text for ref in brief.summary[0].citations]
    source = citations.first
    assert "source" in (source.get_attribute("class") or "").split()
    assert source.locator(".badge").inner_text().strip().lower() == "source"
    # Other lines stay closed.
    assert opened.page.locator("li.summary-line").nth(1).locator(".citation").first.is_hidden()
    assert opened.errors == []


def test_line_tooltip_names_outlets_and_quotes_sentences(open_brief: OpenBrief) -> None:
    brief = make_brief()
    opened = open_brief(brief)
    summary = opened.page.locator("li.summary-line").first.locator("summary")
    title = summary.get_attribute("title")
    line = brief.summary[0]
    assert title is not None
    assert title.splitlines() == [
        "Reported by 3 of 4 outlets: Alderbrook Courier, Northgate Herald, Radio Kestrel:",
        f"• Alderbrook Courier (source): “{line.citations[0].text}”",
        f"• Northgate Herald (similarity 0.91): “{line.citations[1].text}”",
        f"• Radio Kestrel (similarity 0.84): “{line.citations[2].text}”",
    ]
    assert summary.locator(".reported-by").inner_text() == "3 of 4 outlets"
    chips = summary.locator(".outlet-chip").all_inner_texts()
    assert chips == ["Alderbrook Courier", "Northgate Herald", "Radio Kestrel"]


def test_page_makes_no_requests_and_logs_no_errors(open_brief: OpenBrief) -> None:
    opened = open_brief(make_brief())
    page = opened.page
    page.locator("#toggle-all").click()
    page.locator("details.removed > summary").click()
    page.locator("a.citation-outlet").first.click()
    page.wait_for_timeout(100)
    assert opened.requests == [opened.url]
    assert opened.errors == []


def test_show_all_button_opens_and_closes_every_line(open_brief: OpenBrief) -> None:
    opened = open_brief(make_brief())
    page = opened.page
    button = page.locator("#toggle-all")
    # Visible only because the inline script ran under the page's CSP.
    assert button.is_visible()
    assert button.inner_text() == "Show all sources"
    button.click()
    assert page.locator("details.sources[open]").count() == 5
    assert page.locator(".citation:visible").count() == 11
    assert button.inner_text() == "Hide all sources"
    button.click()
    assert page.locator("details.sources[open]").count() == 0
    assert opened.errors == []


def test_fragment_opens_the_linked_line(open_brief: OpenBrief) -> None:
    opened = open_brief(make_brief(), fragment="#line-3")
    page = opened.page
    assert page.locator("#line-3 details.sources").get_attribute("open") is not None
    assert page.locator("#line-3 .citation").first.is_visible()
    assert page.locator("details.sources[open]").count() == 1


def test_dark_scheme_changes_colours(open_brief: OpenBrief) -> None:
    def background(dark: bool) -> str:
        opened = open_brief(make_brief(), dark=dark)
        return str(opened.page.evaluate("getComputedStyle(document.body).backgroundColor"))

    light, dark = background(False), background(True)
    assert light == "rgb(251, 250, 247)"
    assert dark == "rgb(20, 22, 25)"


def test_untrusted_markup_is_shown_not_run(open_brief: OpenBrief) -> None:
    brief = make_brief()
    evil = '<img src=x onerror="window.pwned=1"><script>window.pwned=2</script>'
    line = replace(brief.summary[0], text=evil)
    opened = open_brief(replace(brief, title=evil, summary=(line, *brief.summary[1:])))
    page = opened.page
    assert page.evaluate("window.pwned") is None
    assert page.locator("h1").inner_text() == evil
    assert page.locator("li.summary-line .line-text").first.inner_text() == evil
    assert page.locator("img").count() == 0
    assert opened.requests == [opened.url]


def test_new_sections_are_present_and_expand(open_brief: OpenBrief) -> None:
    brief = make_full_brief()
    opened = open_brief(brief)
    page = opened.page
    for section in ("summary", "quotes", "timeline", "entities", "comparison", "sources"):
        assert page.locator(f"section#{section}").is_visible(), section

    # A quote opens to show each outlet's wording.
    quote = page.locator("#quotes li.quote").first
    wording = quote.locator("ul.wordings li").first
    assert wording.is_hidden()
    quote.locator("summary").click()
    assert wording.is_visible()
    assert brief.quotes[0].mentions[0].text in wording.inner_text()
    assert page.locator("#quotes h3").all_inner_texts()[-1] == "Unknown speaker"

    # A timeline event opens to show its sources; the date disagreement is shown outright.
    event = page.locator("#timeline li.event").first
    assert event.locator("time").inner_text() == "2024-03-04"
    assert "Date disagreement" in event.locator(".conflict").inner_text()
    sources = event.locator("ul.wordings li")
    assert sources.first.is_hidden()
    event.locator("summary").click()
    assert sources.count() == 2 and sources.nth(1).is_visible()

    # The comparison: coverage folds open, figures and framing are side by side.
    comparison = page.locator("#comparison")
    coverage = comparison.locator("details.coverage")
    assert coverage.locator("table").is_hidden()
    coverage.locator("summary").click()
    assert coverage.locator("tbody tr").count() == len(brief.summary)
    figures = comparison.locator("table.numbers td.figure").all_inner_texts()
    assert figures == ["four", "six"]
    assert comparison.locator("table.framing tbody tr").count() == len(brief.articles)
    assert comparison.locator("table.framing").is_visible()
    assert "left out of the summary" in comparison.locator("li.off-topic").inner_text()

    # Clicking an outlet link in a comparison jumps to its row in the sources table.
    comparison.locator("a.citation-outlet").first.click()
    assert page.evaluate("location.hash").startswith("#article-")
    assert page.locator("#entities tbody tr").count() == len(brief.entities)
    assert opened.requests == [opened.url]
    assert opened.errors == []
