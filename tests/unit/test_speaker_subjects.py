"""Whom a pronoun means: the subject of the sentences before it, as news copy writes them.

Each test is an invented paragraph or two; entity spans come from a table
(``ferry_story.spans_for``), so each test states what the NER is assumed to have found.
"""

from __future__ import annotations

from storyfold.brief.quotes.find import find_quotes
from storyfold.nlp.ner import EntitySpan
from tests.unit.ferry_story import article, spans_for


def _speaker(text: str, names: dict[str, str], words: str) -> str | None:
    single = article("x", "Outlet X", text)
    (quote,) = [q for q in find_quotes([single], {"x": spans_for(text, names)}) if words in q.text]
    return quote.speaker.name


def test_a_fragment_names_no_subject() -> None:
    text = (
        "Dara Quill set out the rule in her book on thrift.\n"
        "Strict? She does not think so.\n"
        '"Children learn from the limits we set for them," she said.\n'
    )
    names = {"Dara Quill": "person", "Strict": "person"}
    assert _speaker(text, names, "limits we set") == "Dara Quill"


def test_a_name_after_the_modifies_a_noun_and_is_no_antecedent() -> None:
    text = (
        '"The port vote is slipping away," said Ona Vell, head of the Harbour Voters Caucus.\n'
        "Vel believes that the Brask campaign took the port for granted.\n"
        '"They thought one visit would do it," she said.\n'
    )
    names = {"Ona Vell": "person", "Brask": "person", "Harbour Voters Caucus": "organisation"}
    assert _speaker(text, names, "one visit") == "Ona Vell"


def test_a_described_subject_is_the_subject_named_before() -> None:
    text = (
        "Tomas Reyl is questioning the count in the harbour ward.\n"
        "The Republican is also urging his supporters to ask why Hal Moon won.\n"
        'He says: "Think of that."\n'
    )
    names = {"Tomas Reyl": "person", "Hal Moon": "person"}
    assert _speaker(text, names, "Think of that") == "Tomas Reyl"


def test_a_described_subject_with_no_one_before_stays_unknown() -> None:
    text = (
        "The Republican is urging his supporters to ask why Hal Moon won.\n"
        'He says: "Think of that."\n'
    )
    assert _speaker(text, {"Hal Moon": "person"}, "Think of that") is None


def test_an_unnamed_speaker_stands_between_a_pronoun_and_an_earlier_name() -> None:
    text = (
        "Mayor Ivo Tand opened the bridge on Monday.\n"
        "A city official said the cables had been tested twice.\n"
        '"We checked every one of them by hand," he said.\n'
    )
    assert _speaker(text, {"Ivo Tand": "person"}, "every one of them") is None


def test_an_unnamed_asker_in_a_subordinate_clause_is_not_the_subject() -> None:
    text = (
        "Ivo Tand caused a stir when a voter asked if he would run for the council again.\n"
        '"What a fine idea, nobody ever asked me that," he replied.\n'
    )
    assert _speaker(text, {"Ivo Tand": "person"}, "fine idea") == "Ivo Tand"


def test_a_pronoun_speaker_in_a_reported_clause_carries_the_chain() -> None:
    text = (
        "Fen Oduya met the ferry board on Monday.\n"
        "It was the third round of talks since May.\n"
        "The talks were long, he said, and nothing was agreed.\n"
        "That is why, he argued, the union must be ready to strike.\n\n"
        '"This is a different time, with more people who want a say," he said.\n'
    )
    assert _speaker(text, {"Fen Oduya": "person"}, "different time") == "Fen Oduya"


def test_a_pronoun_in_a_subordinate_clause_is_the_named_subject() -> None:
    text = (
        "Back when he wrote his book, Mr. Aldo Brenn said debt was a last resort.\n"
        "These days the advice is different.\n"
        '"You would like to pay cash for a house, too," he said.\n'
    )
    assert _speaker(text, {"Aldo Brenn": "person"}, "pay cash") == "Aldo Brenn"


def test_a_name_given_to_women_and_men_tells_no_gender() -> None:
    text = (
        '"The rules do not hold water," said Terry Vask, whose husband died on the ferry.\n'
        'She continued, "All we ask is a hearing in court."\n'
    )
    assert _speaker(text, {"Terry Vask": "person"}, "hearing in court") == "Terry Vask"


# --- a name the NER missed where it speaks ---------------------------------------------------


def _first_tagged(text: str, names: dict[str, str]) -> tuple[EntitySpan, ...]:
    """Only each name's first mention tagged: the NER missed the later ones."""
    spans = [EntitySpan(text.index(n), text.index(n) + len(n), k, n) for n, k in names.items()]
    return tuple(sorted(spans, key=lambda s: s.start))


def _speaker_first_tagged(text: str, names: dict[str, str], words: str) -> str | None:
    single = article("x", "Outlet X", text)
    quotes = find_quotes([single], {"x": _first_tagged(text, names)})
    (quote,) = [q for q in quotes if words in q.text]
    return quote.speaker.name


def test_an_organisation_the_ner_missed_as_a_speaker_is_the_story_s() -> None:
    text = (
        "The Harbour Ledger compared the fares on Monday.\n"
        '"Wait, now the fare is higher than it was in May?" Harbour Ledger asked.\n'
    )
    names = {"Harbour Ledger": "organisation"}
    assert _speaker_first_tagged(text, names, "fare is higher") == "Harbour Ledger"


def test_a_person_the_ner_called_an_organisation_is_a_person() -> None:
    text = (
        "Attorney General Loretta Vance spoke on Monday.\n"
        'Vance said there remains a "large gap between firms and government" in hiring.\n'
    )
    single = article("x", "Outlet X", text)
    at = text.index("Vance said")
    spans = (
        EntitySpan(text.index("Loretta"), text.index(" spoke"), "person", "Loretta Vance"),
        EntitySpan(at, at + 5, "organisation", "Vance"),
    )
    (quote,) = find_quotes([single], {"x": spans})
    assert (quote.speaker.name, quote.speaker.kind) == ("Loretta Vance", "person")


def test_a_possessive_before_a_noun_ending_in_ly_is_not_the_speaker() -> None:
    text = (
        "Ida Brell died in the crash on the causeway.\n"
        'Brell\'s family has called on the port "to release every tape it holds".\n'
    )
    assert _speaker_first_tagged(text, {"Ida Brell": "person"}, "every tape") is None


def test_an_organisation_after_a_preposition_is_not_the_speaker() -> None:
    text = (
        "The Harbour Trust runs the pier.\n"
        '"We will reopen the pier next week," a spokesman for Harbour Trust said.\n'
    )
    names = {"Harbour Trust": "organisation"}
    assert _speaker_first_tagged(text, names, "reopen the pier") is None


def test_the_subject_after_an_opening_phrase_that_names_others() -> None:
    text = (
        "In an interview with Harbour Radio host Ben Kell, Ed Ham made clear he had doubts.\n"
        '"Now that I am retired, I can say it was hard," he told the host.\n'
    )
    names = {"Harbour Radio": "organisation", "Ben Kell": "person", "Ed Ham": "person"}
    assert _speaker(text, names, "retired") == "Ed Ham"


def test_a_full_name_and_a_short_surname_the_ner_missed_are_the_story_s_people() -> None:
    text = (
        "Ivo Tand and his daughter Ada Tand run the ferry line; Ed Ham runs the rival.\n"
        "In a Harbour Ledger essay last week, Ada Tand admitted the fares were high.\n"
        '"Most families on the line earn too little to pay them," she wrote.\n'
        "Ham was asked about it on Monday.\n"
        '"The fares are fair," he said.\n'
    )
    single = article("x", "Outlet X", text)
    first = text.index(".")  # the NER tagged the names in the first sentence only
    names = {"Ivo Tand": "person", "Ada Tand": "person", "Ed Ham": "person"}
    spans = tuple(s for s in spans_for(text, names) if s.start < first)
    quotes = {q.text[:8]: q.speaker.name for q in find_quotes([single], {"x": spans})}
    assert quotes["Most fam"] == "Ada Tand"
    assert quotes["The fare"] == "Ed Ham"


def test_a_quoted_line_signed_with_a_dash_and_a_name_the_ner_missed() -> None:
    text = (
        "Readers told us what they thought of the fare rise.\n"
        "\u201cAs a nurse I would rather walk than pay what they call \u201ca fair price\u201d "
        "for the boat.\u201d \u2015 Rosa N Ida Pell\n"
        "\u201cNo one asked the people who ride it every day.\u201d \u2015 Dayton, Ohio\n"
    )
    names = {"Dayton": "place", "Ohio": "place"}
    assert _speaker(text, names, "rather walk") == "Rosa N Ida Pell"
    assert _speaker(text, names, "No one asked") is None


def test_a_quotation_after_reported_words_that_end_on_their_speaker_is_theirs() -> None:
    text = (
        "The board may wait until the ferry talks are over, Ivo Tand said. "
        '"The other question is whether it would look like taking sides."\n'
        '"We opened the pier," Ivo Tand told reporters after Ada Moon stated her case. '
        '"It was the right call."\n'
    )
    names = {"Ivo Tand": "person", "Ada Moon": "person"}
    assert _speaker(text, names, "other question") == "Ivo Tand"
    assert _speaker(text, names, "right call") == "Ivo Tand"


def test_a_contracted_pronoun_and_less_common_speech_verbs() -> None:
    text = (
        "Ivo Tand spoke at the pier on Monday.\n"
        'He\'s claiming that the fares are "a burden no family should carry".\n'
        'Ivo Tand hardly settled the matter later, asserting, "We pay our share."\n'
    )
    names = {"Ivo Tand": "person"}
    assert _speaker(text, names, "a burden") == "Ivo Tand"
    assert _speaker(text, names, "pay our share") == "Ivo Tand"


def test_a_place_acting_as_the_subject_stops_a_pronoun() -> None:
    text = (
        "Ivo Tand said the port's stance was unchanged since Hal Moon told crews it was "
        '"bound to fail".\n\n'
        "Eastport has expressed concern about the new tolls.\n\n"
        '"They cannot accept that we are the only ferry still running," he said.\n'
    )
    names = {"Ivo Tand": "person", "Hal Moon": "person", "Eastport": "place"}
    assert _speaker(text, names, "only ferry") is None
