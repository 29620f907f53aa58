"""The comparison of outlets: figures that differ, single-source facts, framing.

Every story here is invented for the tests (the fictional towns of Elmsford and Port Alden).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pytest

from storyfold.brief.compare.dated import dated_features
from storyfold.brief.compare.numbers import figures_in, numeric_disagreements
from storyfold.brief.compare.outlets import (
    compare,
    framing,
    reported_elsewhere,
    single_source_facts,
)
from storyfold.brief.table import SentenceTable, build_table
from storyfold.ingest import load_articles
from storyfold.model import PublicationDate
from storyfold.nlp import get_embedder
from tests.conftest import write


def table_of(tmp_path: Path, texts: dict[str, str]) -> SentenceTable:
    paths = [write(tmp_path / f"{name}.txt", text) for name, text in texts.items()]
    articles = tuple(a for a in load_articles(paths).articles if a.sentences)
    return build_table(articles, get_embedder())


# --- finding figures ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "value", "noun"),
    [
        ("The bridge carries about 42,000 vehicles a day.", 42000, "vehicle"),
        ("Repairs could cost $120 million, the city said.", 120e6, "dollars"),
        ("Turnout fell to 12 percent in the east ward.", 12, "percent"),
        ("Three Russian fighter jets crossed the border.", 3, "jet"),
        ("Crews evacuated 14 children from the school.", 14, "children"),
        ("Engineers replaced four of the bridge's timber spans.", 4, "span"),
    ],
)
def test_a_count_is_found_with_what_it_counts(sentence: str, value: float, noun: str) -> None:
    found = figures_in(sentence)
    assert [(f.value, f.noun) for f in found] == [(value, noun)]


@pytest.mark.parametrize(
    "sentence",
    [
        "The bridge opened in 1946 and was repaired in March 2019.",  # years
        "The council met on Nov. 17 and again on 3 December.",  # dates
        "The bridge closed at 6 a.m. and reopened at 5:30.",  # clock times
        "The 80-year-old span rests on Pier 4 beside Route 12.",  # an age and labels
        "The council voted 7-2 to declare an emergency.",  # a vote
        "Engineer Ruth Calder, 54, said the gates held.",  # an age after a name
    ],
)
def test_names_dates_times_ages_and_votes_are_not_counts(sentence: str) -> None:
    assert figures_in(sentence) == []


def test_the_qualifier_stays_with_the_figure() -> None:
    (figure,) = figures_in("Officials said roughly 5,000 riders a day used the bus.")
    assert figure.text == "roughly 5,000"
    assert figure.about == "riders a day"


# --- numbers that disagree ------------------------------------------------------------------

DISAGREE = {
    "valley_post": (
        "Heavy rain flooded the Elmsford valley on Monday.\n"
        "The county said about 1,200 homes downstream were told to prepare to leave.\n"
        "The dam was built in 1962 and last repaired in 2019 for 4 million dollars.\n"
    ),
    "river_times": (
        "The Elmsford valley flooded on Monday after days of heavy rain.\n"
        "Some 1,500 homes downstream were told by the county to get ready to leave.\n"
        "The dam, built in 1958, was last repaired in 2019 for 4 million dollars.\n"
    ),
    "county_wire": (
        "Rain flooded the valley around Elmsford on Monday.\n"
        "The county told about 1,200 homes downstream to be ready to leave.\n"
        "Schools in the valley stayed closed on Tuesday as a precaution.\n"
    ),
}


def test_figures_that_differ_across_outlets_are_shown_side_by_side(tmp_path: Path) -> None:
    table = table_of(tmp_path, DISAGREE)
    (item,) = numeric_disagreements(table)
    assert item.about == "homes"
    by_outlet = {claim.ref.outlet: claim.value for claim in item.claims}
    assert by_outlet == {"valley_post": 1200, "river_times": 1500, "county_wire": 1200}
    for claim in item.claims:
        assert claim.text in claim.ref.text
        assert "homes" in claim.ref.text


def test_agreeing_figures_years_and_dates_are_not_flagged(tmp_path: Path) -> None:
    # The build years differ (1962 / 1958) but a year is never a count; the repair cost
    # agrees; only the homes are in dispute.
    table = table_of(tmp_path, DISAGREE)
    abouts = [item.about for item in numeric_disagreements(table)]
    assert abouts == ["homes"]


def test_one_outlet_repeating_itself_is_no_disagreement(tmp_path: Path) -> None:
    table = table_of(
        tmp_path,
        {
            "a": "About 1,200 homes were told to leave.\nLater 1,500 homes were told to leave.\n",
            "b": "The county opened two shelters in the valley on Monday evening.\n",
        },
    )
    assert numeric_disagreements(table) == ()


def test_different_counts_of_the_same_noun_in_unrelated_sentences_are_not_paired(
    tmp_path: Path,
) -> None:
    table = table_of(
        tmp_path,
        {
            "a": "Ferries now leave the harbor every 15 minutes during the morning rush.\n",
            "b": "Sensors on the damaged pier send readings to engineers every 10 minutes.\n",
        },
    )
    assert numeric_disagreements(table) == ()


# --- single-source facts ----------------------------------------------------------------------


def test_a_fact_only_one_outlet_reports_is_listed(tmp_path: Path, story_dir: Path) -> None:
    articles = tuple(a for a in load_articles([story_dir]).articles if a.sentences)
    table = build_table(articles, get_embedder())
    facts = single_source_facts(table)
    texts = [ref.text for ref in facts]
    # Only the wire reports the schools; only the Times the sandbags.
    assert any("Schools in the valley" in t for t in texts)
    assert any("sandbags" in t for t in texts)
    # The spillway opening is carried by all three outlets, and quotes are not facts.
    assert not any("spillway" in t for t in texts)
    assert not any('"' in t or "“" in t for t in texts)
    for ref in facts:
        article = next(a for a in articles if a.id == ref.article_id)
        assert article.text[ref.start : ref.end] == ref.text


def test_summary_lines_are_not_repeated_as_single_source(story_dir: Path) -> None:
    import storyfold

    result = storyfold.brief(load_articles([story_dir]))
    in_summary = {(line.source.article_id, line.source.sentence) for line in result.summary}
    listed = {(ref.article_id, ref.sentence) for ref in result.comparison.single_source}
    assert not in_summary & listed
    assert result.comparison.coverage == tuple(line.outlets for line in result.summary)


def test_one_outlet_has_no_single_source_list(tmp_path: Path) -> None:
    table = table_of(tmp_path, {"alone": DISAGREE["valley_post"]})
    assert single_source_facts(table) == ()


def elsewhere(
    tmp_path: Path, item: str, other: str, published: tuple[dt.date, dt.date] | None = None
) -> bool:
    """Is ``item`` (one outlet's only sentence) reported by the other outlet's sentence?
    ``published``: the two articles' publication dates, when known."""
    table = table_of(tmp_path, {"a_item": item + "\n", "b_other": other + "\n"})
    assert len(table) == 2
    outlets = np.asarray([table.articles[int(a)].outlet for a in table.article_of])
    publication = (
        [
            PublicationDate(article.id, day, "metadata", 1.0)
            for article, day in zip(table.articles, published, strict=True)
        ]
        if published
        else []
    )
    features = dated_features(table, publication)
    rows = np.asarray([0], dtype=np.intp)
    return bool(reported_elsewhere(table, rows, outlets, features)[0])


# Tuesday, Nov. 3, 2026, as told by an article of Wednesday, Nov. 4, and one of Nov. 6.
WEDNESDAY, FRIDAY = dt.date(2026, 11, 4), dt.date(2026, 11, 6)
SHUT_SINCE = "The Elmsford ferry terminal has been shut since Nov 3."
SHUT_ON_TUESDAY = (
    "Elmsford shut its ferry terminal on Tuesday after a fire in the ticket hall, officials said."
)


def test_a_weekday_and_a_written_date_of_the_same_day_agree(tmp_path: Path) -> None:
    assert elsewhere(tmp_path, SHUT_SINCE, SHUT_ON_TUESDAY, (FRIDAY, WEDNESDAY))


def test_without_publication_dates_a_weekday_is_not_a_date(tmp_path: Path) -> None:
    # Unknown is not wrong: without the dates, "on Tuesday" cannot be Nov 3.
    assert not elsewhere(tmp_path, SHUT_SINCE, SHUT_ON_TUESDAY)


def test_a_weekday_that_falls_on_another_day_does_not_agree(tmp_path: Path) -> None:
    # Published Wednesday, Nov. 11: that "Tuesday" is Nov. 10.
    assert not elsewhere(tmp_path, SHUT_SINCE, SHUT_ON_TUESDAY, (FRIDAY, dt.date(2026, 11, 11)))


def test_a_different_written_date_does_not_agree(tmp_path: Path) -> None:
    assert not elsewhere(
        tmp_path,
        SHUT_SINCE,
        "The Elmsford ferry terminal has been shut since Nov 1.",
        (FRIDAY, FRIDAY),
    )


def test_a_fact_partly_told_elsewhere_is_not_single_source(tmp_path: Path) -> None:
    # The other outlet gives the same opening year in the same clause and says nothing of
    # the buttresses: part of the fact is reported elsewhere.
    assert elsewhere(
        tmp_path,
        "The Elmsford dam, which was finished in 1962, rests on four concrete buttresses.",
        "The Elmsford dam, which was finished in 1962, supplies water to about 30,000 homes.",
    )


def test_a_different_count_of_the_same_thing_is_not_the_same_fact(tmp_path: Path) -> None:
    assert not elsewhere(
        tmp_path,
        "The Elmsford dam supplies drinking water to about 30,000 homes in the valley.",
        "The Elmsford dam supplies drinking water to about 25,000 homes in the valley.",
    )


def test_the_same_large_count_in_other_words_is_told_elsewhere(tmp_path: Path) -> None:
    # No content word in common; the figure is the fact.
    assert elsewhere(
        tmp_path,
        "About 38,000 patients rely on the Velden clinic for dialysis.",
        "Some 38,000 people with kidney failure are treated there.",
    )


def test_nobody_hurt_in_other_words_is_told_elsewhere(tmp_path: Path) -> None:
    assert elsewhere(
        tmp_path,
        "No people or other animals were hurt in the Velden zoo escape.",
        "Nobody was injured, keepers said.",
    )


def test_nobody_hurt_is_not_told_by_a_count_of_the_injured(tmp_path: Path) -> None:
    assert not elsewhere(
        tmp_path,
        "No people or other animals were hurt in the Velden zoo escape.",
        "Two keepers were injured, the zoo said.",
    )


def test_a_small_count_alone_does_not_make_the_same_fact(tmp_path: Path) -> None:
    # Small numbers recur for unrelated facts: the large-count route needs 100 or more.
    assert not elsewhere(
        tmp_path,
        "About 38 patients rely on the Velden clinic for dialysis.",
        "Some 38 fire engines were sent to the harbour warehouse overnight.",
    )


def test_naming_the_counted_thing_without_its_count_does_not_state_it(tmp_path: Path) -> None:
    # "scores of" is not "four"; the rest of the sentence is the same.
    assert not elsewhere(
        tmp_path,
        "The Elmsford dam, which was finished in 1962, rests on four concrete buttresses.",
        "The Elmsford dam, which was finished in 1962, rests on concrete buttresses.",
    )


# --- framing ---------------------------------------------------------------------------------


def test_framing_gives_each_headline_and_lead(story_dir: Path) -> None:
    articles = tuple(a for a in load_articles([story_dir]).articles if a.sentences)
    table = build_table(articles, get_embedder())
    result = compare(table, (), articles)
    assert [f.article_id for f in result.framing] == [a.id for a in articles]
    wire = next(f for f in result.framing if f.outlet == "county_wire")
    assert wire.headline == "Elmsford releases water from brimming reservoir"
    assert wire.lead.startswith("Engineers in Elmsford opened the gates")


def test_a_short_first_sentence_brings_the_second_into_the_lead(tmp_path: Path) -> None:
    (article,) = load_articles(
        [
            write(
                tmp_path / "herald.txt",
                "Dam gates open\n\nThe gates are open.\nWater is flowing into the river "
                "below the dam at Elmsford.\nA third sentence stays out of the lead.\n",
            )
        ]
    ).articles
    lead = framing(article).lead
    assert "The gates are open." in lead
    assert "Water is flowing" in lead
    assert "third sentence" not in lead
