"""Who said it: named speakers, pronouns, and the unknown speaker."""

from __future__ import annotations

from storyfold.brief.quotes.find import find_quotes
from storyfold.model import Quote, Speaker
from tests.unit.ferry_story import article, story, story_spans


def _one(text: str, names: dict[str, str] | None = None) -> tuple[Quote, ...]:
    single = article("x", "Outlet X", text)
    return find_quotes([single], story_spans([single], names))


def _speaker_of(quotes: tuple[Quote, ...], words: str) -> Speaker:
    (quote,) = [q for q in quotes if words in q.text]
    return quote.speaker


def test_role_before_the_name() -> None:
    quotes = _one('"The gates open at six," Harbour Authority spokesman Tom Reyes said.')
    assert _speaker_of(quotes, "gates open") == Speaker(
        "Tom Reyes", "person", "Harbour Authority spokesman"
    )


def test_role_in_an_appositive_and_inverted_verb() -> None:
    quotes = _one('"We are ready to talk tonight," said Nora Quill, the head of the ferry union.')
    assert _speaker_of(quotes, "ready to talk") == Speaker(
        "Nora Quill", "person", "head of the ferry union"
    )


def test_a_name_inside_a_relative_clause_is_not_the_speaker() -> None:
    quotes = _one(
        "Quill, who met Hal Dunmore on Monday, said she wanted “a written offer by Friday”."
    )
    # Only the surname appears in this one-article story, so it is the canonical name.
    assert _speaker_of(quotes, "written offer").name == "Quill"


def test_a_place_after_a_preposition_is_not_the_speaker() -> None:
    quotes = _one('"We will meet again next week," the envoy on Carrowmore said.')
    speaker = _speaker_of(quotes, "meet again")
    assert speaker == Speaker(None, "unknown")
    assert quotes[0].mentions[0].attribution == "the envoy on Carrowmore"


def test_surname_the_ner_missed_is_matched_to_the_full_name() -> None:
    # The table tags "Nora Quill" but not the lone "Quill", as spaCy does with surnames
    # that are also English words.
    names = {"Nora Quill": "person"}
    text = (
        "Union leader Nora Quill spoke at the terminal.\n"
        '"The rosters must go before the ferries sail," Quill said.\n'
    )
    assert _speaker_of(_one(text, names), "rosters must go").name == "Nora Quill"


def test_pronoun_resolves_to_the_nearest_named_speaker() -> None:
    quotes = find_quotes(story(), story_spans(story()))
    (everyone,) = [q for q in quotes if "Everyone loses" in q.text]
    assert everyone.speaker.name == "Hal Dunmore"
    assert everyone.mentions[0].attribution == "he"
    (waited,) = [q for q in quotes if "waited six months" in q.text]
    assert waited.speaker.name == "Nora Quill"


def test_pronoun_skips_a_speaker_of_the_other_gender() -> None:
    text = (
        '"We opened the second gate at noon," spokeswoman Ada Marsh said.\n'
        '"The queue is moving again," Harbour Authority spokesman Tom Reyes said.\n'
        '"Nobody was hurt in the crowd," she said.\n'
    )
    names = {"Ada Marsh": "person", "Tom Reyes": "person", "Harbour Authority": "organisation"}
    assert _speaker_of(_one(text, names), "Nobody was hurt").name == "Ada Marsh"


def test_pronoun_with_no_fitting_antecedent_is_unknown() -> None:
    quotes = find_quotes(story(), story_spans(story()))
    (queue,) = [q for q in quotes if "queue was longer" in q.text]
    assert queue.speaker == Speaker(None, "unknown")
    assert queue.mentions[0].attribution == "she"


def test_quote_without_attribution_or_prior_speaker_is_unknown() -> None:
    quotes = find_quotes(story(), story_spans(story()))
    (crossing,) = [q for q in quotes if "Every crossing is cancelled" in q.text]
    assert crossing.speaker == Speaker(None, "unknown")
    assert crossing.mentions[0].attribution is None


def test_an_unnamed_source_stays_unknown_but_keeps_its_words() -> None:
    quotes = find_quotes(story(), story_spans(story()))
    (timetable,) = [q for q in quotes if "timetable changed" in q.text]
    assert timetable.speaker == Speaker(None, "unknown")
    assert timetable.mentions[0].attribution == "a passenger"


def test_an_unattributed_quote_continues_the_previous_speaker() -> None:
    text = (
        '"We are closing the north pier for a week," Tom Reyes said.\n'
        '"The south pier stays open for every sailing."\n'
    )
    assert _speaker_of(_one(text), "south pier").name == "Tom Reyes"


def test_it_resolves_to_an_organisation() -> None:
    text = (
        "The Harbour Authority said that the north pier would close for repairs.\n"
        '"Repairs will take about a week," it said.\n'
    )
    assert _speaker_of(_one(text), "Repairs will take").name == "Harbour Authority"


def test_reported_speech_after_told_needs_that() -> None:
    text = (
        "Tom Reyes told the council the repairs would take a year.\n"
        "Tom Reyes told reporters that the north pier would close on Monday.\n"
    )
    quotes = _one(text)
    assert [q.text for q in quotes] == ["the north pier would close on Monday"]
    assert not quotes[0].direct
