"""Quotations and reported speech: forms, merging across outlets, order by speaker."""

from __future__ import annotations

import pytest

from storyfold.brief.quotes.find import find_quotes
from storyfold.brief.quotes.spans import quoted_spans
from storyfold.model import Quote
from tests.unit.ferry_story import article, story, story_spans


@pytest.fixture(scope="module")
def quotes() -> tuple[Quote, ...]:
    articles = story()
    return find_quotes(articles, story_spans(articles))


def _containing(quotes: tuple[Quote, ...], words: str) -> Quote:
    found = [q for q in quotes if any(words in m.text for m in q.mentions)]
    assert len(found) == 1, [q.text for q in found]
    return found[0]


def _texts(text: str) -> list[str]:
    return [text[s.start : s.end] for s in quoted_spans(text)]


# --- finding the quoted words -----------------------------------------------------------


def test_straight_and_curly_double_marks() -> None:
    text = 'He said "the bridge will open in May" and later “the tolls stay as they are”.'
    assert _texts(text) == ["the bridge will open in May", "the tolls stay as they are"]


def test_single_marks_only_where_they_cannot_be_apostrophes() -> None:
    text = "The mayor's aides said the plan was ‘ready for a vote next week’ in the workers' hall."
    assert _texts(text) == ["ready for a vote next week"]
    straight = "She called it 'a plan for every street' on Friday."
    assert _texts(straight) == ["a plan for every street"]


def test_single_marks_inside_a_double_quotation_are_part_of_it() -> None:
    text = "\"The so-called 'fair fares' scheme costs us money every day,\" he said."
    assert _texts(text) == ["The so-called 'fair fares' scheme costs us money every day"]


def test_phrases_under_three_words_are_not_quotes() -> None:
    text = 'The company was open to "practical, sensible" talks and "a long meeting soon".'
    assert _texts(text) == ["a long meeting soon"]


def test_a_quotation_left_open_stops_at_the_paragraph_end() -> None:
    text = '"We begin at dawn and finish at dusk.\n"Then we rest," she said.'
    assert _texts(text) == ["We begin at dawn and finish at dusk.", "Then we rest"]


def test_a_quoted_line_without_a_full_stop_is_a_heading() -> None:
    text = "'Nobody asked the crews'\nThe strike began on Tuesday."
    assert _texts(text) == []


# --- quote forms in a story -------------------------------------------------------------


def test_direct_quote_with_named_speaker_and_role(quotes: tuple[Quote, ...]) -> None:
    quote = _containing(quotes, "rosters are withdrawn and the talks")
    assert quote.direct
    assert quote.speaker.name == "Nora Quill"
    assert quote.speaker.kind == "person"
    assert quote.speaker.role == "union leader"


def test_quote_spanning_two_sentences_keeps_both(quotes: tuple[Quote, ...]) -> None:
    quote = _containing(quotes, "Nobody wants the boats")
    assert quote.text == (
        "Nobody wants the boats tied up in harbour. But the company left us no choice"
    )
    assert quote.speaker.name == "Nora Quill"
    assert quote.mentions[0].attribution == "Quill"


def test_partial_quote_inside_a_sentence(quotes: tuple[Quote, ...]) -> None:
    quote = _containing(quotes, "a blow to every island family")
    assert quote.direct
    assert quote.speaker.name == "Elias Brandt"
    assert quote.speaker.role == "Transport Minister"


def test_curly_single_partial_quote(quotes: tuple[Quote, ...]) -> None:
    quote = _containing(quotes, "back on the water by Friday")
    assert quote.speaker.name == "Nora Quill"
    assert quote.mentions[0].outlet == "Radio Skerry"


def test_organisation_speaker(quotes: tuple[Quote, ...]) -> None:
    quote = _containing(quotes, "Freight sailings will continue")
    assert quote.speaker.name == "Harbour Authority"
    assert quote.speaker.kind == "organisation"


def test_indirect_speech_forms(quotes: tuple[Quote, ...]) -> None:
    said_that = _containing(quotes, "the port would stay open")
    assert not said_that.direct
    assert said_that.text == "the port would stay open for freight all week"
    assert said_that.speaker.name == "Harbour Authority"
    according = _containing(quotes, "4,000 passengers")
    assert not according.direct
    assert according.text == "about 4,000 passengers use the ferries each day"
    assert according.speaker.name == "Harbour Authority"
    trailing = _containing(quotes, "open to “practical, sensible” talks")
    assert trailing.speaker.name == "Hal Dunmore"
    assert trailing.speaker.role == "chief executive"


def test_offsets_point_at_the_quoted_words(quotes: tuple[Quote, ...]) -> None:
    texts = {a.id: a.text for a in story()}
    for quote in quotes:
        for mention in quote.mentions:
            assert texts[mention.article_id][mention.start : mention.end] == mention.text


# --- merging across outlets -------------------------------------------------------------


def test_variant_wordings_merge_into_one_quote(quotes: tuple[Quote, ...]) -> None:
    # Straight vs curly marks and "will not" vs "won’t" (typography), and a shorter cut.
    quote = _containing(quotes, "rosters are withdrawn and the talks")
    assert quote.outlets == ("Tidewater Gazette", "Northshore Post", "Harbour Wire")
    assert len(quote.variants) == 3
    assert quote.text == quote.variants[0]  # the fullest wording
    assert "We will not sail until the rosters are withdrawn" in quote.variants


def test_a_swapped_word_merges(quotes: tuple[Quote, ...]) -> None:
    quote = _containing(quotes, "we hope the union will come")
    assert set(quote.outlets) == {"Northshore Post", "Harbour Wire"}
    assert quote.speaker.name == "Hal Dunmore"
    attributions = {m.outlet: m.attribution for m in quote.mentions}
    assert attributions == {"Northshore Post": "he", "Harbour Wire": "Dunmore"}


def test_different_statements_by_one_speaker_stay_apart(quotes: tuple[Quote, ...]) -> None:
    safe = _containing(quotes, "The boats are safe")
    loses = _containing(quotes, "Everyone loses")
    meeting = _containing(quotes, "we hope the union will come")
    assert len({id(safe), id(loses), id(meeting)}) == 3
    assert safe.speaker.name == loses.speaker.name == meeting.speaker.name == "Hal Dunmore"


def test_same_words_in_one_article_are_not_merged_with_each_other() -> None:
    text = (
        '"We want fair rosters for every crew," Quill said on Monday.\n'
        '"We want fair rosters for every crew," Quill said again on Tuesday.\n'
    )
    one = article("a", "Outlet A", text)
    found = find_quotes([one], story_spans([one]))
    assert len(found) == 2


# --- order ------------------------------------------------------------------------------


def test_grouped_by_speaker_most_outlets_first_unknown_last(quotes: tuple[Quote, ...]) -> None:
    speakers = list(dict.fromkeys(q.speaker.name for q in quotes))
    assert speakers[:2] == ["Nora Quill", "Hal Dunmore"]
    assert speakers[-1] is None
    # Each speaker's quotes are contiguous, and within one speaker more outlets come first.
    assert len(speakers) == len({q.speaker.name for q in quotes})
    quill = [q for q in quotes if q.speaker.name == "Nora Quill"]
    assert [len(q.outlets) for q in quill] == sorted((len(q.outlets) for q in quill), reverse=True)
    assert len(quill[0].outlets) == 3


def test_one_speaker_object_per_name(quotes: tuple[Quote, ...]) -> None:
    by_name: dict[str | None, set[object]] = {}
    for quote in quotes:
        by_name.setdefault(quote.speaker.name, set()).add(quote.speaker)
    assert all(len(s) == 1 for s in by_name.values())


def test_with_the_real_ner_model() -> None:
    from storyfold.nlp.ner import find_spans

    articles = story()
    found = find_quotes(articles, find_spans(articles))
    quote = _containing(found, "rosters are withdrawn")
    assert len(quote.outlets) == 3
    assert quote.speaker.name == "Nora Quill"


def test_a_remark_split_in_two_joins_the_outlet_that_quotes_it_whole() -> None:
    whole = (
        '"We will rebuild the north pier before the winter storms arrive. The ferry terminal '
        'reopens once the last cranes have gone," Tom Reyes said.\n'
    )
    split = (
        '"We will rebuild the north pier before the winter storms arrive," Tom Reyes said.\n'
        '"The ferry terminal reopens once the last cranes have gone," he added.\n'
    )
    articles = [article("a", "Outlet A", whole), article("b", "Outlet B", split)]
    found = find_quotes(articles, story_spans(articles))
    assert len(found) == 1
    assert found[0].outlets == ("Outlet A", "Outlet B")
    assert len(found[0].mentions) == 3
    assert found[0].text.startswith("We will rebuild") and found[0].text.endswith("have gone")
