"""Online clustering on invented stories: grouping, batches, time, persistence."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import numpy as np
import pytest

from storyfold.errors import InputError
from storyfold.ingest.ids import article_id
from storyfold.model import Article
from storyfold.stories import ClusterSettings, OnlineClusterer, StoryProfile, TermStatistics
from storyfold.stories.vectors import entities, is_capitalised

# Invented events, written for these tests: for each, the facts every report repeats in its
# own words. Every story shares the generic news phrasing below, so only content separates.
STORIES: dict[str, list[str]] = {
    "bridge": [
        "the timber footbridge over the marrow river at tollbury collapsed during the regatta",
        "eleven spectators fell into the river and were treated by paramedics",
        "engineers examined the broken bearings and the rotten deck planks of the bridge",
        "the regatta races moved to the lake at hensford after the bridge collapse",
        "the bridge had passed a safety inspection in march according to records",
    ],
    "orchestra": [
        "the ardwick symphony orchestra cancelled its winter tour after the conductor resigned",
        "musicians of the orchestra said the conductor quarrelled with the board over pay",
        "ticket holders for the orchestra concerts in velmont will receive refunds",
        "the board of the symphony hopes to name a new conductor before the spring season",
        "the violin section wrote an open letter supporting the departing conductor",
    ],
    "harvest": [
        "a late frost destroyed much of the apricot harvest in the quellen valley",
        "growers in the valley lost most of their apricot blossom in one cold night",
        "the regional farm office offered loans to orchards hit by the frost",
        "apricot prices at the market in quellen doubled after the frost",
        "some orchards used fans and smudge pots to protect blossom from the frost",
    ],
    "election": [
        "voters in the port of saltmere elected mara denholt as mayor by forty votes",
        "denholt promised to reopen the saltmere ferry terminal closed last year",
        "the defeated mayor asked for a recount of the saltmere ballots",
        "turnout in the mayoral election in saltmere reached a record for the port",
        "the new mayor denholt will be sworn in at the harbour hall next week",
    ],
}
GENERIC = [
    "officials said on monday that more details would follow",
    "a spokesman declined to comment further on the matter",
    "local residents told reporters they were worried",
]


def report(story: str, k: int, published: datetime | None = None) -> Article:
    """The k-th outlet's report: four of the story's five facts, in its own order."""
    facts = STORIES[story]
    chosen = [facts[(k + i) % len(facts)] for i in range(4)]
    text = ". ".join([*chosen, GENERIC[k % len(GENERIC)]]).capitalize() + "."
    text = f"{text} Report number {k} by outlet {k}."
    return Article(
        id=article_id(text),
        outlet=f"outlet {k}",
        source=f"test:{story}:{k}",
        raw_text=text,
        text=text,
        published=published,
    )


def stream(per_story: int = 4) -> tuple[list[Article], list[str]]:
    articles, labels = [], []
    for k in range(per_story):
        for story in STORIES:
            articles.append(report(story, k))
            labels.append(story)
    # A fixed interleaving, so stories grow side by side.
    order = [7, 2, 12, 0, 15, 9, 4, 11, 1, 14, 6, 3, 10, 13, 5, 8]
    return [articles[i] for i in order], [labels[i] for i in order]


def groups(labels: list[str], story_ids: list[str]) -> set[frozenset[str]]:
    found: dict[str, set[str]] = {}
    for label, sid in zip(labels, story_ids, strict=True):
        found.setdefault(sid, set()).add(label)
    assert all(len(members) == 1 for members in found.values()), found
    return {frozenset(members) for members in found.values()}


def test_reports_of_each_invented_story_end_up_together_and_apart() -> None:
    articles, labels = stream()
    assignments = OnlineClusterer().add_many(articles)
    story_ids = [a.story_id for a in assignments]
    assert len(set(story_ids)) == len(STORIES)
    assert groups(labels, story_ids) == {frozenset({s}) for s in STORIES}
    # The first report of each story starts it, and names it.
    first_seen: dict[str, str] = {}
    for article, label, assignment in zip(articles, labels, assignments, strict=True):
        if label not in first_seen:
            first_seen[label] = article.id
            assert assignment.new
            assert assignment.story_id == f"s-{article.id}"
        else:
            assert not assignment.new
            assert assignment.story_id == f"s-{first_seen[label]}"
            assert assignment.score >= OnlineClusterer().settings.threshold


def test_same_input_order_gives_the_same_stories() -> None:
    articles, _ = stream()
    first = [a.story_id for a in OnlineClusterer().add_many(articles)]
    one_by_one = OnlineClusterer()
    second = [one_by_one.add(a).story_id for a in articles]
    assert first == second


def test_an_article_joins_a_story_started_earlier_in_the_same_batch() -> None:
    clusterer = OnlineClusterer()
    a, b, c = report("harvest", 0), report("harvest", 1), report("bridge", 0)
    assignments = clusterer.add_many([a, c, b])
    assert [x.new for x in assignments] == [True, True, False]
    assert assignments[2].story_id == assignments[0].story_id
    assert clusterer.profiles()[assignments[0].story_id].size == 2


def test_profiles_grow_and_changed_reports_what_to_save() -> None:
    clusterer = OnlineClusterer()
    first = clusterer.add(report("election", 0))
    assert set(clusterer.changed()) == {first.story_id}
    clusterer.mark_saved()
    assert clusterer.changed() == {}
    clusterer.add(report("election", 1))
    changed = clusterer.changed()
    assert set(changed) == {first.story_id}
    assert changed[first.story_id].size == 2
    assert clusterer.statistics.documents == 2


def test_halfway_save_and_restore_gives_the_same_result_as_one_run() -> None:
    articles, _ = stream()
    whole = OnlineClusterer()
    expected = [a.story_id for a in whole.add_many(articles)]

    first_half = OnlineClusterer()
    got = [a.story_id for a in first_half.add_many(articles[:7])]
    saved_profiles = [p.to_bytes() for p in first_half.profiles().values()]
    saved_state = first_half.statistics.to_bytes()

    restored = OnlineClusterer.from_saved(reversed(saved_profiles), saved_state)
    assert len(restored) == len(saved_profiles)
    got += [a.story_id for a in restored.add_many(articles[7:])]
    assert got == expected
    mine, theirs = restored.profiles(), whole.profiles()
    assert set(mine) == set(theirs)
    for sid, profile in theirs.items():
        other = mine[sid]
        assert other.size == profile.size
        np.testing.assert_array_equal(other.term_ids, profile.term_ids)
        np.testing.assert_allclose(other.term_weights, profile.term_weights, rtol=1e-12)
        np.testing.assert_allclose(other.embedding_sum, profile.embedding_sum, rtol=1e-6)


def test_profile_round_trips_through_bytes_and_damage_is_refused() -> None:
    clusterer = OnlineClusterer()
    day = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
    clusterer.add(report("orchestra", 0, day))
    clusterer.add(report("orchestra", 1, day + timedelta(hours=20)))
    (profile,) = clusterer.profiles().values()
    back = StoryProfile.from_bytes(profile.to_bytes())
    assert back.story_id == profile.story_id
    assert back.size == 2
    assert back.first_time == day.timestamp()
    assert back.last_time == (day + timedelta(hours=20)).timestamp()
    np.testing.assert_array_equal(back.embedding_sum, profile.embedding_sum)
    with pytest.raises(InputError, match="story profile"):
        StoryProfile.from_bytes(b"\x05\x00\x00\x00{oops")
    with pytest.raises(InputError, match="term statistics"):
        TermStatistics.from_bytes(b"\x02\x00\x00\x00{}")


def test_a_story_long_gone_quiet_attracts_no_new_reports() -> None:
    start = datetime(2026, 5, 4, tzinfo=UTC)
    clusterer = OnlineClusterer()
    old = clusterer.add(report("bridge", 0, start))
    soon = clusterer.add(report("bridge", 1, start + timedelta(days=1)))
    assert soon.story_id == old.story_id
    much_later = clusterer.add(report("bridge", 2, start + timedelta(days=40)))
    assert much_later.new
    # Undated reports are compared on content alone.
    undated = clusterer.add(report("bridge", 3))
    assert not undated.new


def test_time_gap_lowers_the_score() -> None:
    start = datetime(2026, 5, 4, tzinfo=UTC)
    near, far = OnlineClusterer(), OnlineClusterer()
    near.add(report("harvest", 0, start))
    far.add(report("harvest", 0, start))
    close = near.add(report("harvest", 1, start + timedelta(hours=3)))
    later = far.add(report("harvest", 1, start + timedelta(days=5)))
    assert not close.new
    assert not later.new
    assert close.story_id == later.story_id
    # Five days past a one-day-old story: the score keeps about TIME_FLOOR of its value.
    assert 0.75 * close.score < later.score < 0.9 * close.score


def test_names_are_read_only_from_capitalised_text() -> None:
    text = (
        "Mayor Mara Denholt said on Monday that the Saltmere Ferry Terminal would reopen. "
        "The council and the Harbour Trust agreed to share the cost, Denholt told the "
        "Saltmere Gazette, adding that the port needed the service before the summer."
    )
    assert is_capitalised(text)
    found = entities(text)
    assert "mayor mara denholt" in found
    assert "saltmere ferry terminal" in found
    assert "harbour trust" in found
    assert entities(text.lower()) == ()
    assert entities(text.capitalize()) == ()


def test_restoring_the_same_story_twice_is_refused() -> None:
    clusterer = OnlineClusterer()
    clusterer.add(report("bridge", 0))
    (profile,) = clusterer.profiles().values()
    with pytest.raises(InputError, match="given twice"):
        OnlineClusterer([profile, StoryProfile.from_bytes(profile.to_bytes())])


def test_shared_names_raise_the_score_of_capitalised_reports() -> None:
    first = (
        "Mayor Mara Denholt of Saltmere said the Harbour Ferry Terminal would reopen in June. "
        "The Saltmere Port Authority agreed to pay for repairs to the landing stage, and "
        "Denholt said the crossing to Velmont Island would run twice a day."
    )
    second = (
        "Repairs will let the Harbour Ferry Terminal open again, Mara Denholt told a meeting "
        "on Tuesday. The Saltmere Port Authority will cover the bill; boats to Velmont Island "
        "are expected to sail each morning and evening from the summer onwards."
    )

    def article(text: str) -> Article:
        return Article(id=article_id(text), outlet="o", source="test", raw_text=text, text=text)

    with_names = OnlineClusterer()
    without = OnlineClusterer(settings=ClusterSettings(use_entities=False))
    for clusterer in (with_names, without):
        clusterer.add(article(first))
    named = with_names.add(article(second))
    plain = without.add(article(second))
    assert not named.new
    assert plain.new or named.score > plain.score
    (profile,) = with_names.profiles().values()
    assert profile.entities["saltmere port authority"] == 2


def _text_article(text: str) -> Article:
    return Article(id=article_id(text), outlet="o", source="test", raw_text=text, text=text)


# Two angles on one invented event that share few words, and a round-up carrying both.
STRIKE = (
    "Ferry crews in the port of Carrowmore walked off the job on Tuesday morning, halting "
    "every crossing after talks over new rosters broke down. Union organiser Nadia Forsythe "
    "said the rosters meant sixteen-hour days for the crews."
)
SHORTAGE = (
    "Shelves in the village shops on Inishcarra were nearly bare by Wednesday, and the island "
    "school sent pupils home early to save heating oil. Grocer Aileen Mulvey said her last "
    "delivery of milk and bread came on Monday evening."
)
# The threshold rule, not the learned join decision: the scenario is built on its scores.
MERGING = ClusterSettings(joiner="none", threshold=0.5, merge_threshold=0.35)


def test_a_bridging_report_merges_two_stories_into_the_larger() -> None:
    clusterer = OnlineClusterer(settings=MERGING)
    strike, shortage = clusterer.add_many([_text_article(STRIKE), _text_article(SHORTAGE)])
    assert strike.new and shortage.new and clusterer.merged() == []
    clusterer.mark_saved()
    roundup = clusterer.add(_text_article(f"{STRIKE} {SHORTAGE}"))
    assert not roundup.new
    # The story the round-up joined is now the larger, and absorbs the other.
    joined = roundup.story_id
    (other,) = {strike.story_id, shortage.story_id} - {joined}
    assert clusterer.merged() == [(other, joined)]
    assert clusterer.resolve(other) == joined
    assert clusterer.resolve(joined) == joined
    assert set(clusterer.profiles()) == set(clusterer.changed()) == {joined}
    assert clusterer.profiles()[joined].size == 3
    assert len(clusterer) == 1
    clusterer.mark_saved()
    assert clusterer.merged() == []
    # Without merging the same stream keeps two stories.
    plain = OnlineClusterer(settings=replace(MERGING, merge_threshold=None))
    plain.add_many([_text_article(t) for t in (STRIKE, SHORTAGE, f"{STRIKE} {SHORTAGE}")])
    assert len(plain) == 2


def test_merges_restore_to_the_same_stories_as_one_run() -> None:
    articles, _ = stream()
    extra = [_text_article(t) for t in (STRIKE, SHORTAGE, f"{STRIKE} {SHORTAGE}")]
    articles = [*articles[:6], *extra, *articles[6:]]
    whole = OnlineClusterer(settings=MERGING)
    expected = [whole.resolve(a.story_id) for a in whole.add_many(articles)]
    assert len(set(expected)) == len(STORIES) + 1

    first = OnlineClusterer(settings=MERGING)
    got = [a.story_id for a in first.add_many(articles[:9])]
    saved = [p.to_bytes() for p in first.profiles().values()]
    restored = OnlineClusterer.from_saved(saved, first.statistics.to_bytes(), settings=MERGING)
    got = [first.resolve(sid) for sid in got]
    got += [restored.resolve(a.story_id) for a in restored.add_many(articles[9:])]
    assert got == expected
    assert set(restored.profiles()) == set(whole.profiles())
