"""Shards of days, lead-ins, union-find and bounded MinHash buckets (no Spark)."""

from __future__ import annotations

import random
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from storyfold.errors import InputError
from storyfold.ingest.jsonl import iter_jsonl
from storyfold.stories.dedup import NearDuplicates
from storyfold.stories.dupgroups import (
    MAX_BUCKET,
    NEIGHBOURS,
    UnionFind,
    band_keys,
    bucket_pairs,
    kept_copies,
    near_duplicate_groups,
)
from storyfold.stories.shards import (
    UNDATED,
    home_shard,
    join_links,
    lead_in_shards,
    name_stories,
    sharded_stories,
)
from storyfold.text import clean_article
from tests.story_corpus import TOLD, report

DAY = 86400.0


def test_home_and_lead_in_shards() -> None:
    assert home_shard(None, 7) == UNDATED
    assert home_shard(0.0, 7) == 0 and home_shard(7 * DAY - 1, 7) == 0
    assert home_shard(7 * DAY, 7) == 1
    # Within 2 days of the next shard's start: in its lead-in; earlier: not.
    assert lead_in_shards(5.5 * DAY, 7, 2) == [1]
    assert lead_in_shards(4.5 * DAY, 7, 2) == []
    assert lead_in_shards(5.5 * DAY, 7, 0) == []
    # A lead-in longer than a shard reaches several shards ahead (its bound included).
    assert lead_in_shards(1.5 * DAY, 1, 2.5) == [2, 3, 4]


def test_union_find_names_components_by_least_key_in_any_order() -> None:
    links = [("b", "c"), ("d", "e"), ("c", "a")]
    for _ in range(5):
        random.shuffle(links)
        assert join_links(links) == {"a": "a", "b": "a", "c": "a", "d": "d", "e": "d"}
    found = UnionFind()
    found.union("z", "y")
    assert found.find("z") == "y"


def test_stories_named_after_their_earliest_article() -> None:
    homes = [("x2", "0/s-x2", 20.0), ("x1", "1/s-x1", 10.0), ("y", "1/s-y", None)]
    named = name_stories(homes, {"0/s-x2": "0/s-x2", "1/s-x1": "0/s-x2"})
    assert named == {"x1": "s-x1", "x2": "s-x1", "y": "s-y"}


def test_big_buckets_pair_neighbours_only() -> None:
    small = [f"k{i:03d}" for i in range(5)]
    assert len(list(bucket_pairs(reversed(small)))) == 10
    big = [f"k{i:04d}" for i in range(MAX_BUCKET * 3)]
    pairs = list(bucket_pairs(big))
    assert len(pairs) <= len(big) * NEIGHBOURS
    assert all(a < b for a, b in pairs)


def test_near_duplicate_groups_and_kept_copy() -> None:
    text, _, _ = report("bridge", 0)
    other, _, _ = report("choir", 0)
    signer = NearDuplicates()
    signatures = [
        ("b", signer.signature_of(text + " Copyright the wire.")),
        ("a", signer.signature_of(text)),
        ("c", signer.signature_of(other)),
        ("empty", b""),
    ]
    assert len(band_keys(signatures[0][1])) == 9
    groups = near_duplicate_groups(signatures)
    assert groups == {"a": "a", "b": "a"}
    assert kept_copies(groups, {"a": (5.0, "a"), "b": (1.0, "b")}) == {"a": "b", "b": "b"}


def _articles() -> list[Any]:
    lines = []
    for story in TOLD:
        for k in range(3):
            text, published, _ = report(story, k)
            lines.append(f'{{"text": "{text}", "published": "{published}"}}')
    return [
        clean_article(a)
        for record in iter_jsonl("\n".join(lines), Path("t.jsonl"))
        for a in record.articles
    ]


def test_sharded_stories_do_not_depend_on_input_order() -> None:
    articles = _articles()
    first = sharded_stories(articles, 3, 2)
    shuffled = articles[:]
    random.Random(3).shuffle(shuffled)
    assert sharded_stories(shuffled, 3, 2) == first
    assert set(first) == {a.id for a in articles}
    with pytest.raises(InputError):
        sharded_stories([*articles, articles[0]], 3, 2)
    with pytest.raises(InputError):
        sharded_stories(articles, 0, 2)


def test_undated_articles_form_their_own_shard() -> None:
    articles = [replace(a, published=None) for a in _articles()[:3]]
    stories = sharded_stories(articles, 3, 2)
    assert set(stories) == {a.id for a in articles}
