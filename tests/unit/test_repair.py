"""Repair: a recent article moves to the story a later article shows it belongs to.

The scenarios are set by embeddings alone (a stand-in embedder gives each invented text a
vector with chosen cosines, and the content score is all embedding), so each decision of
the threshold rule is known in advance.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest

from storyfold.errors import InputError, StoreError
from storyfold.model import Article
from storyfold.nlp.embeddings import Vectors
from storyfold.store.pipeline import Ingester
from storyfold.store.repository import Store
from storyfold.stories import ClusterSettings, Move, OnlineClusterer
from storyfold.stories.recent import RecentArticle, RecentWindow

# Embedding only, the threshold rule, no time or names: cosines decide everything.
BY_EMBEDDING = ClusterSettings(joiner="none", embedding_weight=1.0, threshold=0.3)


class ChosenEmbedder:
    """Unit vectors with the given cosines between the named texts (any other pair: 0)."""

    name = "chosen"

    def __init__(self, names: Sequence[str], cosines: dict[tuple[str, str], float]) -> None:
        gram = np.eye(len(names))
        for (a, b), value in cosines.items():
            i, j = names.index(a), names.index(b)
            gram[i, j] = gram[j, i] = value
        basis = np.linalg.cholesky(gram)  # rows are unit vectors with these dot products
        self.vectors = {name: basis[k].astype(np.float32) for k, name in enumerate(names)}

    def embed(self, texts: Sequence[str]) -> Vectors:
        return np.stack([self.vectors[_name(text)] for text in texts])


def _name(text: str) -> str:
    return text.split()[-1]


def article(name: str) -> Article:
    # The name ends the text, so the stand-in embedder can find it; the words are unrelated.
    return Article(id=f"id-{name}", outlet="o", source="test", raw_text=f"report {name}")


# x starts a story; y is too unlike x to join it (0.25 < 0.3) and starts its own; z joins y
# (0.8 beats 0.65). x now fits {y, z} (a mean of 0.45, a little less once cosines are
# centred on the stream's mean) and is alone: it moves, and its own story ends.
LONER = ChosenEmbedder(["x", "y", "z"], {("x", "y"): 0.25, ("x", "z"): 0.65, ("y", "z"): 0.8})
# b1 joins a1 (0.45); b2 fits {a1, b1} at a mean of 0.3, under the 0.35 bar, so it starts a
# story; then b1 fits b2 (0.6) better than a1 (0.45) and moves; a1 stays.
SPLIT = ChosenEmbedder(["a1", "b1", "b2"], {("a1", "b1"): 0.45, ("b1", "b2"): 0.6})
SPLIT_SETTINGS = replace(BY_EMBEDDING, threshold=0.35)


def run(
    embedder: ChosenEmbedder, names: list[str], settings: ClusterSettings
) -> tuple[OnlineClusterer, dict[str, str]]:
    clusterer = OnlineClusterer(settings=settings, embedder=embedder)
    assignments = clusterer.add_many([article(n) for n in names])
    return clusterer, {a.article_id[3:]: clusterer.story_now(a) for a in assignments}


def test_a_lone_report_moves_to_the_story_it_fits_and_its_own_ends() -> None:
    clusterer, stories = run(LONER, ["x", "y", "z"], BY_EMBEDDING)
    assert stories == {"x": "s-id-y", "y": "s-id-y", "z": "s-id-y"}
    assert clusterer.moves() == [Move("id-x", "s-id-x", "s-id-y")]
    assert clusterer.story_changes() == [Move("id-x", "s-id-x", "s-id-y")]
    assert set(clusterer.profiles()) == {"s-id-y"}
    assert clusterer.profiles()["s-id-y"].size == 3
    # Without repair, the first decision stands.
    _, kept = run(LONER, ["x", "y", "z"], replace(BY_EMBEDDING, repair_moves=0))
    assert kept == {"x": "s-id-x", "y": "s-id-y", "z": "s-id-y"}


def test_a_report_leaves_a_story_it_fits_less_well() -> None:
    clusterer, stories = run(SPLIT, ["a1", "b1", "b2"], SPLIT_SETTINGS)
    assert stories == {"a1": "s-id-a1", "b1": "s-id-b2", "b2": "s-id-b2"}
    profiles = clusterer.profiles()
    assert profiles["s-id-a1"].size == 1 and profiles["s-id-b2"].size == 2
    # What is left of a1's story is a1 alone: its embedding sum is a1's vector again.
    np.testing.assert_allclose(
        profiles["s-id-a1"].embedding_sum, SPLIT.vectors["a1"].astype(np.float64), atol=1e-6
    )
    assert set(clusterer.changed()) == {"s-id-a1", "s-id-b2"}
    _, kept = run(SPLIT, ["a1", "b1", "b2"], replace(SPLIT_SETTINGS, repair_moves=0))
    assert kept == {"a1": "s-id-a1", "b1": "s-id-a1", "b2": "s-id-b2"}


def test_a_move_needs_the_story_to_reach_the_bar() -> None:
    # b1 fits b2 better than a1, but 0.3 is under the 0.35 bar: it stays.
    weak = ChosenEmbedder(["a1", "b1", "b2"], {("a1", "b1"): 0.45, ("b1", "b2"): 0.3})
    clusterer, stories = run(weak, ["a1", "b1", "b2"], SPLIT_SETTINGS)
    assert stories == {"a1": "s-id-a1", "b1": "s-id-a1", "b2": "s-id-b2"}
    assert clusterer.moves() == []


def test_a_restored_clusterer_repairs_what_the_first_one_placed() -> None:
    whole, expected = run(LONER, ["x", "y", "z"], BY_EMBEDDING)
    first = OnlineClusterer(settings=BY_EMBEDDING, embedder=LONER)
    placed = first.add_many([article("x"), article("y")])
    saved = [p.to_bytes() for p in first.profiles().values()]
    recent = [(e.to_bytes(), e.story_id) for e in first.remembered()]
    assert [e.article_id for e in first.remembered()] == ["id-x", "id-y"]
    restored = OnlineClusterer.from_saved(
        saved, first.statistics.to_bytes(), settings=BY_EMBEDDING, embedder=LONER, recent=recent
    )
    (last,) = restored.add_many([article("z")])
    assert restored.moves() == whole.moves()
    got = {a.article_id[3:]: restored.story_now(a) for a in [*placed, last]}
    assert got == expected
    # Without the window, the restored clusterer cannot move x.
    forgetful = OnlineClusterer.from_saved(
        saved, first.statistics.to_bytes(), settings=BY_EMBEDDING, embedder=LONER
    )
    forgetful.add_many([article("z")])
    assert forgetful.moves() == []


def test_recent_articles_round_trip_and_damage_is_refused() -> None:
    entry = RecentArticle(
        article_id="a",
        story_id="s-a",
        embedding=np.asarray([0.6, 0.8], dtype=np.float32),
        term_ids=np.asarray([3, 17], dtype=np.int64),
        weights=np.asarray([0.28, 0.96]),
        entities=("ruth calder",),
        time=1_700_000_000.0,
    )
    back = RecentArticle.from_bytes(entry.to_bytes(), "s-b")
    assert back.story_id == "s-b" and back.entities == entry.entities
    assert back.time == entry.time and back.article_id == "a"
    np.testing.assert_array_equal(back.embedding, entry.embedding)
    np.testing.assert_array_equal(back.term_ids, entry.term_ids)
    np.testing.assert_array_equal(back.weights, entry.weights)
    with pytest.raises(InputError, match="recent article"):
        RecentArticle.from_bytes(b"\x05\x00\x00\x00{oops", "s-a")
    with pytest.raises(InputError, match="unknown story"):
        OnlineClusterer(recent=[back])


def test_the_window_keeps_the_newest_and_finds_the_nearest() -> None:
    window = RecentWindow(3)
    vectors = np.eye(4, dtype=np.float32)
    for k in range(4):
        dropped = window.add(
            RecentArticle(
                article_id=str(k),
                story_id="s",
                embedding=vectors[k],
                term_ids=np.zeros(0, dtype=np.int64),
                weights=np.zeros(0),
                entities=(),
                time=None,
            )
        )
        assert dropped == (None if k < 3 else "0")
    assert [e.article_id for e in window] == ["1", "2", "3"]
    assert window.get("0") is None
    probe = window.get("3")
    assert probe is not None
    probe.embedding = np.asarray([0.0, 0.3, 0.9, 0.1], dtype=np.float32)
    assert [e.article_id for e in window.nearest(probe, 2)] == ["2", "1"]


def test_the_store_applies_moves_and_ends_an_emptied_story(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("storyfold.stories.cluster.get_embedder", lambda name: LONER)
    path = tmp_path / "repair.db"
    x, y, z = (article(n) for n in ("x", "y", "z"))
    with Store(path) as store:
        first = Ingester(store, cluster_settings=BY_EMBEDDING).ingest_articles([x, y])
        assert first.stories_created == {"s-id-x", "s-id-y"}
        store.put_brief("s-id-x", "md", store.stories()[0].version, "old brief")
    # A new process: it must remember x to move it.
    with Store(path) as store:
        report = Ingester(store, cluster_settings=BY_EMBEDDING).ingest_articles([z])
        assert report.articles_moved == 1
        assert report.stories_ended == {"s-id-x"}
        assert report.stories_updated == {"s-id-y"} and report.stories_created == set()
        (story,) = store.stories()
        assert story.id == "s-id-y" and story.size == 3
        assert {a.id for a in story.articles} == {x.id, y.id, z.id}
        assert store.count("brief_cache") == 0
        assert [sid for sid, _ in store.profiles()] == ["s-id-y"]
        assert [story_id for _, story_id in store.recent()] == ["s-id-y"] * 3
        assert store.integrity() == "ok"


def test_the_store_keeps_only_the_newest_recent_articles(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("storyfold.stories.cluster.get_embedder", lambda name: LONER)
    small = replace(BY_EMBEDDING, repair_window=2)
    with Store(tmp_path / "w.db") as store:
        Ingester(store, cluster_settings=small).ingest_articles([article("x"), article("y")])
        Ingester(store, cluster_settings=small).ingest_articles([article("z")])
        assert store.count("recent_articles") == 2


def test_a_move_the_store_cannot_make_is_refused(tmp_path: Path) -> None:
    with (
        Store(tmp_path / "e.db") as store,
        store.transaction(),
        pytest.raises(StoreError, match="cannot move article id-nowhere"),
    ):
        store.move_article("id-nowhere", "s-a", "s-b")


def test_a_store_from_before_repair_upgrades_and_carries_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("storyfold.stories.cluster.get_embedder", lambda name: LONER)
    path = tmp_path / "old.db"
    with Store(path) as store:
        Ingester(store, cluster_settings=BY_EMBEDDING).ingest_articles([article("x"), article("y")])
    # Make it a version 1 store, as written before the window existed.
    conn = sqlite3.connect(path)
    conn.execute("DROP TABLE recent_articles")
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    with Store(path) as store:
        assert store.count("recent_articles") == 0
        report = Ingester(store, cluster_settings=BY_EMBEDDING).ingest_articles([article("z")])
        # x was placed before the window existed, so it stays where it is.
        assert report.articles_moved == 0
        assert sorted(s.size for s in store.stories()) == [1, 2]
        assert store.count("recent_articles") == 1
        assert store.integrity() == "ok"


def test_a_story_takes_its_title_from_its_earliest_titled_member_after_a_move(
    tmp_path: Path,
) -> None:
    seen = datetime(2026, 3, 2, tzinfo=UTC)
    first, second, third = (
        replace(article(name), title=f"Title {name}") for name in ("t1", "t2", "t3")
    )
    with Store(tmp_path / "t.db") as store, store.transaction():
        for item in (first, second, third):
            store.insert_article(item, seen)
        store.add_to_story("s-a", first, 1.0, seen, first.title)
        store.add_to_story("s-a", second, 0.5, seen, second.title)
        store.add_to_story("s-b", third, 1.0, seen, third.title)
        assert store.move_article(first.id, "s-a", "s-b") is False
        titles = {s.id: s.title for s in store.stories()}
        assert titles == {"s-a": "Title t2", "s-b": "Title t1"}
        assert {s.id: s.size for s in store.stories()} == {"s-a": 1, "s-b": 2}


def test_a_story_started_and_emptied_in_one_batch_leaves_no_trace(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("storyfold.stories.cluster.get_embedder", lambda name: LONER)
    with Store(tmp_path / "one.db") as store:
        ingester = Ingester(store, cluster_settings=BY_EMBEDDING)
        report = ingester.ingest_articles([article("x"), article("y"), article("z")])
        assert report.batches == 1 and report.articles_moved == 1
        assert report.stories_created == {"s-id-y"} and report.stories_ended == {"s-id-x"}
        assert [(s.id, s.size) for s in store.stories()] == [("s-id-y", 3)]
        assert store.story_of(["id-x"]) == {"id-x": "s-id-y"}
        assert store.integrity() == "ok"
