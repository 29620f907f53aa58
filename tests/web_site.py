"""A real storyfold web server on 127.0.0.1 over a real SQLite store, and one headless
Chromium for the whole test run (fixtures registered in tests/conftest.py).

The store holds the example story (examples/harbor-bridge, written for the project), four
small invented stories and one story whose articles carry hostile markup in every field.
Everything is written for these tests.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
import uvicorn

from storyfold.model import Article
from storyfold.web import WebConfig, create_app

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "harbor-bridge"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
TOKEN = "test-token-7f3a"
PAGE_SIZE = 3  # small, so that four stories already need a second page
MAX_BODY = 256 * 1024
START_TIMEOUT_S = 20.0

# Invented stories, two reports each, on subjects far apart so each is its own story.
SMALL_STORIES = {
    "orchard": [
        (
            "Valley Ledger",
            "Frost damages apple blossoms across the Marrow valley orchards",
            "A late frost on Sunday night damaged apple blossoms across the orchards of the "
            "Marrow valley, growers said on Monday.\nGrower Tilda Orme said about a third of "
            "her blossoms had turned brown by morning.\nThe valley cooperative expects a "
            "smaller apple harvest this autumn.\n",
        ),
        (
            "Hill Country Post",
            "Marrow valley apple growers count frost losses",
            "Apple growers in the Marrow valley were counting losses on Monday after a late "
            "frost hit the blossoms overnight on Sunday.\nThe cooperative said the apple "
            "harvest would likely be smaller this autumn.\nTilda Orme, a grower, said a third "
            "of her blossoms were lost.\n",
        ),
    ],
    "chess": [
        (
            "Board Weekly",
            "Teenager wins the Kestrel City chess open",
            "Sixteen-year-old Mira Dahl won the Kestrel City chess open on Saturday, beating "
            "four grandmasters in nine rounds.\nDahl sealed the title with a draw in the "
            "final round against the top seed.\nShe is the youngest winner of the open.\n",
        ),
        (
            "Kestrel Evening News",
            "Mira Dahl, 16, takes Kestrel City chess title",
            "Mira Dahl, aged sixteen, took the Kestrel City chess open title on Saturday "
            "after nine rounds.\nThe youngest champion in the open's history beat four "
            "grandmasters.\nA final-round draw with the top seed sealed the title.\n",
        ),
    ],
    "library": [
        (
            "Fenwick Gazette",
            "Fenwick library reopens after a year of roof repairs",
            "The Fenwick public library reopened on Tuesday after a year of repairs to its "
            "leaking roof.\nLibrarian Omar Quist said the reading room now has new skylights."
            "\nThe repairs cost the town about 900,000 dollars.\n",
        ),
        (
            "County Courier",
            "Library in Fenwick opens its doors again",
            "Fenwick's public library opened its doors again on Tuesday after the roof was "
            "repaired over a year.\nThe town paid about 900,000 dollars for the work.\n"
            "New skylights light the reading room, librarian Omar Quist said.\n",
        ),
    ],
    "comet": [
        (
            "Sky Notes",
            "Amateur astronomer spots a new comet near Vega",
            "An amateur astronomer in Larch Hollow spotted a new comet near the star Vega on "
            "Thursday night.\nObserver Pia Lund photographed its faint green tail through a "
            "small telescope.\nThe comet should be visible with binoculars next week.\n",
        ),
        (
            "Larch Hollow Herald",
            "Larch Hollow stargazer finds comet close to Vega",
            "Pia Lund, a stargazer from Larch Hollow, found a new comet close to Vega on "
            "Thursday night.\nHer telescope photographs show a faint green tail.\nBinoculars "
            "should show the comet next week, astronomers said.\n",
        ),
    ],
}

# Hostile markup in every field an article has. None of it may run, load or survive as
# markup on any page.
EVIL_TITLE = '<script>alert("title")</script><img src=x onerror=alert(1)>'
EVIL_OUTLET = '<b onmouseover="alert(2)">Evil Outlet</b>'
EVIL_URL = "javascript:alert(3)"
EVIL_TEXT = (
    "Officials in Quarry Point said on Monday that the <script>alert(4)</script> harbour "
    "crane collapsed overnight.\n"
    'Workers said the crane <img src="http://evil.example/x.png" onerror="alert(5)"> fell '
    "across two empty barges.\n"
    "A spokesman said </textarea><script>alert(6)</script> nobody was hurt in the collapse.\n"
    "Read more [here](javascript:alert(7)) about the Quarry Point crane and "
    '<a href="javascript:alert(8)">the harbour</a>.\n'
)
EVIL_MARKERS = ("alert(", "onerror", "onmouseover", "javascript:", "evil.example")


@dataclass
class Site:
    url: str
    db: Path
    stories: dict[str, str] = field(default_factory=dict)  # name -> story id

    def get(self, path: str, **kwargs: object) -> httpx.Response:
        return httpx.get(self.url + path, timeout=60, **kwargs)  # type: ignore[arg-type]


def _article(name: str, outlet: str, title: str, text: str, url: str | None) -> Article:
    from storyfold.ingest.ids import article_id
    from storyfold.text import clean_article

    return clean_article(
        Article(
            id=article_id(text),
            outlet=outlet,
            outlet_from="metadata",
            source=f"tests/{name}/{outlet}",
            raw_text=text,
            url=url,
            title=title,
            published=datetime(2026, 11, 2, 9, 0, tzinfo=UTC),
            published_from="test",
        )
    )


def fill_store(db: Path) -> dict[str, str]:
    """Ingest the stories with the library calls `storyfold ingest` makes."""
    from storyfold.store import Store, ingest
    from storyfold.store.pipeline import Ingester

    found: dict[str, str] = {}
    with Store(db) as store:
        ingest(store, [str(EXAMPLE)])
        found["harbor"] = store.stories(limit=1, with_articles=False)[0].id
        ingester = Ingester(store)
        for name, reports in [*SMALL_STORIES.items()]:
            articles = [
                _article(name, outlet, title, text, f"https://{name}.example/{n}")
                for n, (outlet, title, text) in enumerate(reports, 1)
            ]
            ingester.ingest_articles(articles)
            found[name] = store.story_of([articles[0].id])[articles[0].id]
        evil = [
            _article("evil", EVIL_OUTLET, EVIL_TITLE, EVIL_TEXT, EVIL_URL),
            _article(
                "evil",
                "Quarry Point Times",
                EVIL_TITLE + " [link](javascript:alert(9))",
                EVIL_TEXT.replace("Officials", "Port officials"),
                "https://quarry.example/crane",
            ),
        ]
        ingester.ingest_articles(evil)
        found["evil"] = store.story_of([evil[0].id])[evil[0].id]
    return found


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Running:
    server: uvicorn.Server
    thread: threading.Thread
    url: str

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


def start_server(config: WebConfig) -> Running:
    """uvicorn on 127.0.0.1 on a free port, in a thread; returns once /healthz says ok."""
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(config), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        try:
            if httpx.get(url + "/healthz", timeout=2).text == "ok":
                return Running(server, thread, url)
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    server.should_exit = True
    raise RuntimeError(f"the server at {url} did not answer /healthz in {START_TIMEOUT_S} s")


@pytest.fixture(scope="session")
def web_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """The shared, read-mostly site: tests must not change its store."""
    db = tmp_path_factory.mktemp("web") / "store.db"
    stories = fill_store(db)
    running = start_server(WebConfig(db=db, token=TOKEN, max_body=MAX_BODY, page_size=PAGE_SIZE))
    site = Site(url=running.url, db=db, stories=stories)
    # Brief every story once (the cache then serves them), so no test pays for the models.
    for story_id in stories.values():
        assert site.get(f"/stories/{story_id}").status_code == 200
    yield site
    running.stop()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """One headless Chromium (Debian's) for the whole run; never a downloaded browser."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} not found: install it with `make browser-deps`")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()
