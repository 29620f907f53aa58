"""The store over a real SQLite file: articles, outlets, stories, caches, full-text search,
and the ingest pipeline's idempotence and batching."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from storyfold.cli import app
from storyfold.errors import StoreError
from storyfold.ingest.ids import article_id
from storyfold.model import Article
from storyfold.store.pipeline import Ingester, ingest
from storyfold.store.repository import Store, fts_query
from storyfold.stories import ClusterSettings
from storyfold.text import clean_article

NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)

# Invented stories, written for these tests: three reports of a ferry strike in the fictional
# port of Carrowmore, and one report of a library opening in the fictional town of Pellby.
FERRY = [
    (
        "Ferry crews in Carrowmore walk out over rosters",
        "Ferry crews in the port of Carrowmore walked off the job on Tuesday morning, halting "
        "every crossing to the islands after talks over new rosters broke down late on Monday. "
        "The Carrowmore Ferry Company said about 4,000 passengers a day use the route. "
        '"We did not want this, but the rosters would have us working sixteen-hour days," '
        "union organiser Nadia Forsythe told reporters on the quay. Islanders said shops were "
        "already running short of fresh milk and bread.",
    ),
    (
        "Carrowmore ferry strike strands islanders",
        "Islanders were stranded on Tuesday as ferry crews in Carrowmore went on strike over "
        "rosters, with no crossings expected before Thursday. Union organiser Nadia Forsythe "
        "said the new rosters meant sixteen-hour days for the crews. The Carrowmore Ferry "
        "Company said it regretted the disruption to some 4,000 daily passengers and wanted "
        "talks to resume. Island shops reported running low on milk and bread.",
    ),
    (
        "Talks to resume in Carrowmore ferry dispute",
        "The Carrowmore Ferry Company and the crews' union agreed on Wednesday to resume talks "
        "over rosters, a day after a strike halted all ferry crossings to the islands. Nadia "
        "Forsythe, the union organiser, said crews would return to work if sixteen-hour days "
        "were taken off the table. About 4,000 passengers a day normally use the ferries.",
    ),
]
LIBRARY = (
    "Pellby opens its new library in the old mill",
    "The town of Pellby opened its new public library on Saturday in the restored wool mill "
    "by the canal, after four years of fundraising by residents. The library holds 30,000 "
    "books, a children's reading room and a small local history archive. Head librarian "
    "Tomasz Wren said more than 600 people signed up for cards on the first day, and the "
    "mill's old water wheel has been restored to turn again on weekends.",
)


def make(
    title: str,
    body: str,
    outlet: str,
    url: str | None = None,
    published: datetime | None = None,
) -> Article:
    return clean_article(
        Article(
            id=article_id(body),
            outlet=outlet,
            outlet_from="metadata",
            source=url or f"{outlet}.txt",
            raw_text=body,
            url=url,
            title=title,
            published=published,
            published_from="jsonl" if published else None,
        )
    )


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "store.db")


def test_articles_round_trip_with_their_outlets(store: Store) -> None:
    article = make(*FERRY[0], "Harbour Gazette", "https://gazette.example/ferry", NOW)
    with store.transaction():
        store.insert_article(article, NOW)
        store.add_outlet(article.id, "Island Post", "https://post.example/a1", "feed", "exact")
    assert store.has_article(article.id)
    assert store.known_url("https://gazette.example/ferry")
    assert store.known_url("https://post.example/a1")
    assert not store.known_url("https://post.example/other")
    assert store.article_for_url("https://post.example/a1") == article.id
    [back] = store.articles([article.id])
    assert (back.title, back.outlet, back.url, back.published) == (
        article.title,
        "Harbour Gazette",
        article.url,
        NOW,
    )
    assert back.text == article.text and back.raw_text == article.raw_text
    outlets = store.outlets([article.id])[article.id]
    assert [(o.outlet, o.relation) for o in outlets] == [
        ("Harbour Gazette", "original"),
        ("Island Post", "exact"),
    ]


def test_a_failed_transaction_writes_nothing(store: Store) -> None:
    article = make(*FERRY[0], "Harbour Gazette", "https://gazette.example/ferry")
    with pytest.raises(RuntimeError), store.transaction():
        store.insert_article(article, NOW)
        raise RuntimeError("interrupted")
    assert store.count("articles") == 0
    assert store.count("articles_fts") == 0
    with pytest.raises(StoreError, match="write failed"), store.transaction():
        store.insert_article(article, NOW)
        store.insert_article(article, NOW)  # same id twice: a constraint error
    assert store.count("articles") == 0


def test_full_text_search_finds_words_and_survives_fts_syntax(store: Store) -> None:
    ferry = make(*FERRY[0], "Harbour Gazette", "https://gazette.example/ferry")
    library = make(*LIBRARY, "Pellby Courier", "https://courier.example/library")
    with store.transaction():
        store.insert_article(ferry, NOW)
        store.insert_article(library, NOW)
    assert store.search("rosters") == [ferry.id]
    assert store.search("water wheel") == [library.id]
    assert store.search("Forsythe milk") == [ferry.id]
    assert store.search("rosters wheel") == []  # every word must be present
    # Text that is FTS5 syntax must be read as plain words, never raise.
    for hostile in ['"unbalanced', "NEAR(ferry", "ferry AND OR NOT", "title:wheel", "*", "-)("]:
        store.search(hostile)
    assert store.search("mill: wool*") == [library.id]
    assert fts_query("  ") is None
    assert fts_query('say "hi" OR') == '"say" "hi" "OR"'


def test_membership_bumps_the_version_and_drops_cached_briefs(store: Store) -> None:
    first = make(*FERRY[0], "Harbour Gazette", "https://gazette.example/1")
    second = make(*FERRY[1], "Island Post", "https://post.example/2")
    with store.transaction():
        store.insert_article(first, NOW)
        assert store.add_to_story("s-1", first, 1.0, NOW, first.title)
    story = store.story("s-1")
    assert story is not None and story.size == 1 and story.version == 1
    store.put_brief("s-1", "md", story.version, "# brief v1")
    assert store.cached_brief("s-1", "md") == "# brief v1"
    with store.transaction():
        store.insert_article(second, NOW + timedelta(hours=1))
        assert not store.add_to_story("s-1", second, 0.6, NOW + timedelta(hours=1), "other")
    assert store.cached_brief("s-1", "md") is None
    story = store.story("s-1")
    assert story is not None
    assert (story.size, story.version, story.title) == (2, 2, first.title)
    assert story.last_seen == NOW + timedelta(hours=1) and story.first_seen == NOW
    assert [a.id for a in story.articles] == [first.id, second.id]
    # A brief rendered from version 1 must not be cached as if it were current.
    store.put_brief("s-1", "md", 1, "# stale")
    assert store.cached_brief("s-1", "md") is None


def test_stories_filter_by_time_and_search(store: Store) -> None:
    ferry = make(*FERRY[0], "Harbour Gazette", "https://gazette.example/1")
    library = make(*LIBRARY, "Pellby Courier", "https://courier.example/2")
    with store.transaction():
        store.insert_article(ferry, NOW - timedelta(days=5))
        store.add_to_story("s-ferry", ferry, 1.0, NOW - timedelta(days=5), ferry.title)
        store.insert_article(library, NOW)
        store.add_to_story("s-library", library, 1.0, NOW, library.title)
    assert [s.id for s in store.stories()] == ["s-library", "s-ferry"]
    assert [s.id for s in store.stories(since=NOW - timedelta(days=2))] == ["s-library"]
    assert [s.id for s in store.stories(search="Forsythe")] == ["s-ferry"]
    assert store.stories(search="Forsythe", since=NOW - timedelta(days=2)) == []
    assert store.stories(search="!!!") == []
    [found] = store.stories(search="ferry")
    assert [(a.url, a.outlet, a.title) for a in found.articles] == [
        ("https://gazette.example/1", "Harbour Gazette", FERRY[0][0])
    ]


def test_a_deleted_article_leaves_the_search_index(store: Store) -> None:
    article = make(*LIBRARY, "Pellby Courier")
    with store.transaction() as conn:
        store.insert_article(article, NOW)
        conn.execute("DELETE FROM articles WHERE id = ?", (article.id,))
    assert store.search("library") == []
    assert store.count("article_outlets") == 0
    assert store.integrity() == "ok"


def test_feed_state_is_saved_and_updated(store: Store) -> None:
    with store.transaction():
        store.save_feed_state("https://f.example/rss", '"v1"', None, ["b", "a"], NOW)
        store.save_feed_error("https://f.example/rss", "HTTP 500", NOW + timedelta(minutes=15))
    row = store.feed_state_row("https://f.example/rss")
    assert row is not None
    assert (row["etag"], json.loads(row["seen_ids"]), row["last_error"]) == (
        '"v1"',
        ["b", "a"],
        "HTTP 500",
    )


# --- the ingest pipeline -------------------------------------------------------------------

OUTLETS = ["Harbour Gazette", "Island Post", "Coast Radio", "Pellby Courier"]


def _rows() -> list[dict[str, str]]:
    return [
        {
            "title": title,
            "text": body,
            "outlet": outlet,
            "url": f"https://{outlet.lower().replace(' ', '')}.example/{i}",
            "published": f"2026-03-0{i + 1}T09:00:00Z",
        }
        for i, ((title, body), outlet) in enumerate(zip([*FERRY, LIBRARY], OUTLETS, strict=True))
    ]


def _jsonl(path: Path, rows: list[dict[str, str]]) -> str:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return str(path)


def _snapshot(store: Store) -> dict[str, int]:
    tables = ["articles", "article_outlets", "stories", "story_articles", "signatures"]
    return {t: store.count(t) for t in tables}


def test_ingest_stores_clusters_and_is_idempotent(tmp_path: Path) -> None:
    source = _jsonl(tmp_path / "a.jsonl", _rows())
    with Store(tmp_path / "s.db") as store:
        first = ingest(store, [source])
        assert (first.read, first.new, first.duplicates, first.near_duplicates) == (4, 4, 0, 0)
        assert first.skipped == [] and first.batches == 1
        counts = _snapshot(store)
        assert counts == {
            "articles": 4,
            "article_outlets": 4,
            "stories": len(first.stories_created),
            "story_articles": 4,
            "signatures": 4,
        }
        assert store.count("articles_fts") == 4
        # The ferry strike and the library opening never share a story.
        library_id = article_id(LIBRARY[1])
        ferry_id = article_id(FERRY[0][1])
        stories = store.story_of([library_id, ferry_id])
        assert stories[library_id] != stories[ferry_id]
        # Every story's size matches its members, and its profile is saved with it.
        for story in store.stories():
            assert story.size == len(story.articles) >= 1
        assert sum(1 for _ in store.profiles()) == counts["stories"]
        assert store.clusterer_state() is not None

        again = ingest(store, [source])
        assert (again.read, again.new, again.duplicates) == (4, 0, 4)
        assert again.stories_created == set() and again.stories_updated == set()
        assert _snapshot(store) == counts


def test_syndicated_copies_add_only_an_outlet(tmp_path: Path) -> None:
    rows = _rows()
    source = _jsonl(tmp_path / "a.jsonl", rows)
    exact = dict(rows[0], outlet="Wire Copy", url="https://wire.example/1")
    near = dict(
        rows[1],
        outlet="Near Copy",
        url="https://near.example/1",
        # The same wire text with a credit line: near, not exact.
        text="By Island Post staff. " + rows[1]["text"],
    )
    copies = _jsonl(tmp_path / "b.jsonl", [exact, near])
    with Store(tmp_path / "s.db") as store:
        ingest(store, [source])
    # A new process: the near-duplicate index comes back from the stored signatures.
    with Store(tmp_path / "s.db") as store:
        report = ingest(store, [copies])
        assert (report.read, report.new, report.duplicates, report.near_duplicates) == (2, 0, 1, 1)
        assert report.outlets_added == 2
        assert store.count("articles") == 4
        first, second = article_id(rows[0]["text"]), article_id(rows[1]["text"])
        outlets = store.outlets([first, second])
        assert [(o.outlet, o.url, o.relation) for o in outlets[first]] == [
            ("Harbour Gazette", rows[0]["url"], "original"),
            ("Wire Copy", "https://wire.example/1", "exact"),
        ]
        assert [(o.outlet, o.relation) for o in outlets[second]] == [
            ("Island Post", "original"),
            ("Near Copy", "near"),
        ]
        assert store.known_url("https://near.example/1")
        # Both copies again: nothing more.
        before = _snapshot(store)
        report = ingest(store, [copies])
        assert (report.new, report.duplicates, report.outlets_added) == (0, 2, 0)
        assert _snapshot(store) == before


# An invented wire story, carried word for word by several outlets.
WIRE = (
    "Quarry blast rattles Dunmere windows",
    "A planned blast at the Dunmere limestone quarry shook windows across the village on "
    "Friday afternoon, hours after the quarry's owner had promised residents a quieter "
    "method. Parish councillor Iona Brackley said she counted eleven calls from neighbours "
    "within half an hour. The owner, Dunmere Aggregates, said the charge had been within its "
    "licence and that it would meet the council next week.",
)
WIRE_OUTLETS = ["Dunmere Echo", "Valley Wire", "Shire Radio"]


def test_syndicated_copies_in_one_file_keep_every_outlet(tmp_path: Path) -> None:
    title, text = WIRE
    rows = [
        {"title": title, "text": text, "outlet": o, "url": f"https://{o[:5].lower()}.example/q"}
        for o in WIRE_OUTLETS
    ]
    source = _jsonl(tmp_path / "wire.jsonl", rows)
    with Store(tmp_path / "s.db") as store:
        report = ingest(store, [source])
        assert (report.read, report.new, report.outlets_added) == (3, 1, 2)
        assert report.skipped == []
        assert store.count("articles") == 1
        kept = article_id(text)
        assert [(o.outlet, o.url, o.relation) for o in store.outlets([kept])[kept]] == [
            (row["outlet"], row["url"], relation)
            for row, relation in zip(rows, ["original", "exact", "exact"], strict=True)
        ]
        # Every copy's URL is known, so a feed never fetches it again.
        assert all(store.known_url(row["url"]) for row in rows)
        before = _snapshot(store)
        again = ingest(store, [source])
        assert (again.read, again.new, again.duplicates, again.outlets_added) == (3, 0, 3, 0)
        assert _snapshot(store) == before


def test_copies_without_urls_keep_every_outlet_once(tmp_path: Path) -> None:
    title, text = WIRE
    rows = [{"title": title, "text": text, "outlet": o} for o in WIRE_OUTLETS]
    source = _jsonl(tmp_path / "wire.jsonl", rows)
    with Store(tmp_path / "s.db") as store:
        report = ingest(store, [source])
        assert (report.new, report.outlets_added) == (1, 2)
        kept = article_id(text)
        outlets = store.outlets([kept])[kept]
        assert [(o.outlet, o.url) for o in outlets] == [(o, None) for o in WIRE_OUTLETS]
        before = _snapshot(store)
        again = ingest(store, [source])
        assert (again.new, again.duplicates, again.outlets_added) == (0, 3, 0)
        assert _snapshot(store) == before


def test_a_true_duplicate_in_one_file_adds_nothing(tmp_path: Path) -> None:
    title, text = WIRE
    with_url = {
        "title": title,
        "text": text,
        "outlet": "Dunmere Echo",
        "url": "https://e.example/q",
    }
    without_url = {"title": title, "text": text, "outlet": "Valley Wire"}
    rows = [
        with_url,
        dict(with_url),  # the same outlet and URL again
        without_url,
        dict(without_url),  # the same outlet, again with no URL
        {"title": title, "text": text, "outlet": "Dunmere Echo"},  # a known outlet, no URL
    ]
    source = _jsonl(tmp_path / "wire.jsonl", rows)
    with Store(tmp_path / "s.db") as store:
        report = ingest(store, [source])
        assert (report.read, report.new, report.duplicates, report.outlets_added) == (5, 1, 4, 1)
        kept = article_id(text)
        assert [(o.outlet, o.url) for o in store.outlets([kept])[kept]] == [
            ("Dunmere Echo", "https://e.example/q"),
            ("Valley Wire", None),
        ]
        assert store.count("article_outlets") == 2


def test_each_batch_is_one_transaction(tmp_path: Path) -> None:
    source = _jsonl(tmp_path / "a.jsonl", _rows())
    with Store(tmp_path / "s.db") as store:
        report = ingest(store, [source], batch_size=3)
        assert report.batches == 2
        assert store.count("articles") == 4
    with Store(tmp_path / "t.db") as store:
        ingester = Ingester(store, batch_size=3)
        calls: list[tuple[int, int]] = []
        original = store.add_to_story

        def fail_on_fourth(*args: object, **kwargs: object) -> bool:
            if store.count("story_articles") == 3:
                raise RuntimeError("disk on fire")
            return original(*args, **kwargs)  # type: ignore[arg-type]

        store.add_to_story = fail_on_fourth  # type: ignore[method-assign]
        with pytest.raises(RuntimeError):
            ingester.ingest([source], progress=lambda read, new: calls.append((read, new)))
        # The first batch (3 articles) is in whole; the second left nothing behind.
        assert store.count("articles") == 3
        assert store.count("story_articles") == 3
        assert store.count("articles_fts") == 3
        assert store.count("signatures") == 3
        assert calls == [(3, 3)]


def test_an_article_with_no_text_after_cleaning_is_reported(tmp_path: Path) -> None:
    rows = [*_rows()[:1], {"title": "Menu", "text": "Home | News | Sport", "outlet": "X"}]
    source = _jsonl(tmp_path / "a.jsonl", rows)
    with Store(tmp_path / "s.db") as store:
        report = ingest(store, [source, str(tmp_path / "missing.jsonl")])
        assert report.new == 1
        reasons = {s.input: s.reason for s in report.skipped}
        assert reasons[str(tmp_path / "missing.jsonl")] == "no such file or directory"
        assert len(report.skipped) == 2


def test_two_writers_on_one_store_see_each_other(tmp_path: Path) -> None:
    rows = _rows()
    db = tmp_path / "s.db"
    first_file = _jsonl(tmp_path / "a.jsonl", rows[:1])
    near = dict(rows[0], outlet="Near Copy", url="https://near.example/1")
    near["text"] = "By Island Post staff. " + rows[0]["text"]
    second_file = _jsonl(tmp_path / "b.jsonl", [near, rows[1]])
    with Store(db) as one, Store(db) as two:
        watcher = Ingester(two)  # loaded while the store is empty, like a running `watch`
        ingest(one, [first_file])
        report = watcher.ingest([second_file])
        # The near copy is found although it was stored by the other writer after `watcher`
        # loaded its index, and the follow-up joins the other writer's story.
        assert (report.new, report.near_duplicates, report.outlets_added) == (1, 1, 1)
        assert two.count("articles") == 2
        stories = two.story_of([article_id(rows[0]["text"]), article_id(rows[1]["text"])])
        assert len(set(stories.values())) == 1
        [story] = two.stories()
        assert story.size == 2 and report.stories_updated == {story.id}


def test_durations_for_since_and_every() -> None:
    from storyfold.cli import parse_duration

    assert parse_duration("15m") == 900
    assert parse_duration("1h30m") == 5400
    assert parse_duration("2d") == 172800
    assert parse_duration("0.5s") == 0.5
    for bad in ["", "15", "m", "2 days", "0s", "1x"]:
        with pytest.raises(typer.BadParameter):
            parse_duration(bad)


# Another angle on the invented ferry strike, sharing few words with its first report; and a
# round-up that carries both, which shows the two to be one story.
ISLAND = (
    "Island shops run short as crossings stop",
    "Shelves in the village shops on Inishcarra were nearly bare by Wednesday, and the island "
    "school sent pupils home early to save heating oil. Grocer Aileen Mulvey said her last "
    "delivery of milk and bread came on Monday evening. The harbourmaster on Inishcarra said "
    "fishing boats had begun carrying medicine across from the mainland for the pharmacy.",
)
ROUNDUP = ("Carrowmore ferry strike: the day in brief", FERRY[0][1] + " " + ISLAND[1])
# The island report scores well under 0.5 against the first (a story of its own) and under
# 0.35 as a story; the round-up joins the first at about 0.8, and the two stories then score
# above 0.35 (checked with join thresholds 0.4-0.55 and merge thresholds 0.3-0.4).
# The threshold rule, not the learned join decision: the scenario is built on its scores.
BRIDGING = ClusterSettings(joiner="none", threshold=0.5, merge_threshold=0.35)


def test_a_bridging_article_merges_two_stories_in_the_store(tmp_path: Path) -> None:
    first, bridge, third = (
        make(title, body, outlet, f"https://{i}.example/ferry")
        for i, ((title, body), outlet) in enumerate(
            zip([FERRY[0], ROUNDUP, ISLAND], OUTLETS, strict=False)
        )
    )
    path = tmp_path / "s.db"
    with Store(path) as store:
        ingester = Ingester(store, cluster_settings=BRIDGING)
        before = ingester.ingest_articles([first, third])
        assert len(before.stories_created) == 2 and before.stories_merged == []
        stories = {s.id: s for s in store.stories()}
        assert len(stories) == 2
        survivor = store.story_of([first.id])[first.id]
        absorbed = store.story_of([third.id])[third.id]
        store.put_brief(survivor, "md", stories[survivor].version, "old brief")
        store.put_brief(absorbed, "md", stories[absorbed].version, "old brief")

        after = ingester.ingest_articles([bridge])
        assert after.stories_merged == [(absorbed, survivor)]
        assert after.stories_created == set() and after.stories_updated == {survivor}
        (story,) = store.stories()
        assert story.id == survivor
        assert story.size == 3
        assert {a.id for a in story.articles} == {first.id, bridge.id, third.id}
        assert story.version > stories[survivor].version
        assert store.cached_brief(survivor, "md") is None
        assert store.count("brief_cache") == 0
        assert [sid for sid, _ in store.profiles()] == [survivor]
        assert store.integrity() == "ok"
    # A new process carries on from the merged store: one story, and a copy adds nothing.
    with Store(path) as store:
        again = Ingester(store, cluster_settings=BRIDGING).ingest_articles([bridge])
        assert (again.new, again.duplicates, again.stories_merged) == (0, 1, [])
    result = CliRunner().invoke(app, ["stories", "--format", "json", "--db", str(path)])
    assert result.exit_code == 0, result.output
    (listed,) = json.loads(result.stdout)["stories"]
    assert listed["id"] == survivor and listed["size"] == 3
    assert {a["id"] for a in listed["articles"]} == {first.id, bridge.id, third.id}


def test_merging_a_missing_story_is_refused(store: Store) -> None:
    with store.transaction(), pytest.raises(StoreError, match="cannot merge"):
        store.merge_stories("s-nowhere", "s-elsewhere")


def test_the_example_story_is_one_story_in_a_fresh_store(tmp_path: Path) -> None:
    example = Path(__file__).resolve().parents[2] / "examples" / "harbor-bridge"
    with Store(tmp_path / "s.db") as store:
        report = ingest(store, [str(example)])
        assert report.new == 5 and report.skipped == []
        (story,) = store.stories()
        assert story.size == 5
