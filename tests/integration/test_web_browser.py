"""The web pages in a real headless Chromium: list, search, pages, a story, its evidence,
the timeline chart, the brief form with uploaded files, keyboard keys, accessibility.

Screenshots of the list and a story page are written to out/web-screenshots/ (ignored by
git) as artefacts of the run.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page

from tests.web_site import EXAMPLE, PAGE_SIZE, ROOT, Site

pytestmark = pytest.mark.browser

SCREENSHOTS = ROOT / "out" / "web-screenshots"


@pytest.fixture
def page(browser: Browser, web_site: Site) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    opened = context.new_page()
    errors: list[str] = []
    outside: list[str] = []
    opened.on("pageerror", lambda error: errors.append(str(error)))
    opened.on(
        "console",
        lambda message: errors.append(message.text) if message.type == "error" else None,
    )
    opened.on(
        "request",
        lambda request: (
            None if request.url.startswith(web_site.url) else outside.append(request.url)
        ),
    )
    yield opened
    context.close()
    # No script error, no CSP violation, no missing file (a form refusing bad input answers
    # 422 on purpose, which Chromium logs too).
    assert [e for e in errors if "status of 422" not in e] == [], errors
    assert outside == [], outside  # nothing left 127.0.0.1


def _axe(page: Page) -> list[dict[str, Any]]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    violations: list[dict[str, Any]] = results.response["violations"]
    return [v for v in violations if v.get("impact") in ("serious", "critical")]


def test_list_search_and_pages(page: Page, web_site: Site) -> None:
    page.goto(web_site.url + "/")
    items = page.locator("li.story-item")
    assert items.count() == PAGE_SIZE
    first = items.first
    assert " from " in first.locator(".story-meta").inner_text()
    assert page.locator("link[rel=alternate][type='application/json']").count() == 1
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "list.png"), full_page=True)

    seen = items.locator("a.story-link").all_inner_texts()
    for _ in range(5):  # bounded: 6 stories are two pages of 3
        if page.locator("nav.pager a[rel=next]").count() == 0:
            break
        page.locator("nav.pager a[rel=next]").click()
        page.wait_for_load_state("load")
        more = page.locator("li.story-item a.story-link").all_inner_texts()
        assert more and not set(more) & set(seen)
        seen += more
    assert len(seen) == len(web_site.stories)
    assert page.locator("nav.pager a", has_text="First page").count() == 1

    page.fill("#f-q", "grandmasters")
    with page.expect_navigation():
        page.locator("form.filters button").click()
    found = page.locator("li.story-item a.story-link").all_inner_texts()
    assert len(found) == 1 and "chess" in found[0].lower()
    assert "q = “grandmasters”" in page.locator("main").inner_text()


def test_story_page_evidence_grid_and_timeline(page: Page, web_site: Site) -> None:
    page.goto(f"{web_site.url}/stories/{web_site.stories['harbor']}")
    assert "Harbor Bridge" in page.locator("h1").inner_text()
    for section in (
        "changes",
        "summary",
        "grid",
        "quotes",
        "timeline",
        "entities",
        "comparison",
        "sources",
    ):
        assert page.locator(f"section#{section}").count() == 1, section
    assert (
        page.locator("link[rel=alternate][type='application/json']").get_attribute("href")
        == f"/api/v1/stories/{web_site.stories['harbor']}"
    )
    page.screenshot(path=str(SCREENSHOTS / "story.png"), full_page=True)

    # A line opens to its evidence: the exact source sentences, each outlet linked.
    line = page.locator("li.summary-line").first
    citations = line.locator(".citation")
    assert citations.first.is_hidden()
    share = line.locator(".reported-by").inner_text()
    assert " of " in share and "outlet" in share
    line.locator("summary").click()
    assert citations.first.is_visible()
    assert citations.count() >= 1
    assert line.locator(".citation.source .badge").inner_text().lower() == "source"
    line.locator("a.citation-outlet").first.click()
    assert page.evaluate("location.hash").startswith("#article-")

    # The claims-by-outlet grid: a row a line, a column an outlet.
    grid = page.locator("table.grid")
    lines = page.locator("li.summary-line").count()
    assert grid.locator("tbody tr").count() == lines
    assert grid.locator("thead th.outlet-col").count() == 5
    assert grid.locator("td.mark.yes").count() >= lines  # each line has its source outlet

    # The timeline chart: an inline SVG, one mark an event, each linking to its event.
    chart = page.locator("#timeline figure.timeline-chart svg")
    assert chart.count() == 1
    events = page.locator("#timeline li.event").count()
    marks = chart.locator("a.mark")
    assert marks.count() == events > 0
    assert chart.locator("text.tick-label").count() >= 1
    href = marks.first.get_attribute("href")
    assert href == "#event-1"
    day = page.locator("#event-1 time").inner_text()
    assert (marks.first.locator("title").text_content() or "").startswith(day + ": ")
    assert "Timeline:" in (chart.locator("title").first.text_content() or "")


def test_brief_form_with_uploaded_files(page: Page, web_site: Site) -> None:
    page.goto(web_site.url + "/brief")
    files = sorted(str(p) for p in Path(EXAMPLE).iterdir() if p.suffix in {".txt", ".html"})
    page.set_input_files("#files", files[:3])
    page.locator("form.brief-form button[type=submit]").click()
    page.wait_for_selector("#result", timeout=120_000)
    result = page.locator("#result")
    assert result.locator("li.summary-line").count() > 0
    coverage = result.locator("p.coverage").inner_text()
    assert coverage.startswith("3 articles from 3 outlets")
    assert page.locator(".stored").count() == 0
    # Shown, not stored: the store still holds the same stories, the example's five articles.
    stories = web_site.get("/api/v1/stories?limit=200").json()["items"]
    assert len(stories) == len(web_site.stories)
    assert sum(s["articles"] for s in stories if s["id"] == web_site.stories["harbor"]) == 5


def test_brief_form_reports_bad_input(page: Page, web_site: Site) -> None:
    page.goto(web_site.url + "/brief")
    page.fill("#urls", "ftp://example.test/x\n")
    page.locator("form.brief-form button[type=submit]").click()
    page.wait_for_load_state("load")
    assert "not an http(s) URL" in page.locator("p.error").inner_text()
    assert page.locator("#urls").input_value().strip() == "ftp://example.test/x"


def test_keyboard_keys(page: Page, web_site: Site) -> None:
    page.goto(web_site.url + "/")
    page.keyboard.press("j")
    page.keyboard.press("j")
    current = page.locator("li.story-item.current")
    assert current.count() == 1
    assert (
        current.locator("a.story-link").inner_text()
        == page.locator("li.story-item a.story-link").nth(1).inner_text()
    )
    page.keyboard.press("k")
    assert page.locator("li.story-item").first.get_attribute("class") == "story-item current"
    assert page.evaluate("document.activeElement.className") == "story-link"
    page.keyboard.press("?")
    assert page.locator("#keys").is_visible()
    page.keyboard.press("?")
    assert page.locator("#keys").is_hidden()
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "q"
    page.keyboard.type("comet")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("li.story-item").count() == 1

    page.goto(f"{web_site.url}/stories/{web_site.stories['harbor']}")
    page.keyboard.press("j")
    assert page.locator("li.summary-line.current").get_attribute("id") == "line-1"
    page.keyboard.press("Enter")
    assert page.locator("#line-1 .citation").first.is_visible()


@pytest.mark.parametrize("path", ["/", "/stories/{harbor}", "/brief"])
def test_no_serious_accessibility_violations(page: Page, web_site: Site, path: str) -> None:
    page.goto(web_site.url + path.format(harbor=web_site.stories["harbor"]))
    violations = _axe(page)
    assert violations == [], [
        (v["id"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in violations
    ]
