"""Speaker forms and traps of news writing, one invented sentence (or paragraph) each.

Entity spans come from a table (``ferry_story.spans_for``) so each test states exactly what
the NER is assumed to have found, modifiers included: a place or an organisation tagged in
the attribution must still not become the speaker.
"""

from __future__ import annotations

import pytest

from storyfold.brief.quotes.find import find_quotes
from storyfold.brief.quotes.spans import quoted_spans
from storyfold.model import Quote
from tests.unit.ferry_story import article, spans_for


def _quotes(text: str, names: dict[str, str]) -> tuple[Quote, ...]:
    single = article("x", "Outlet X", text)
    return find_quotes([single], {"x": spans_for(text, names)})


def _speaker(text: str, names: dict[str, str], words: str) -> str | None:
    (quote,) = [q for q in _quotes(text, names) if words in q.text]
    return quote.speaker.name


# --- a modifier is never the speaker ---------------------------------------------------------


def test_a_place_of_origin_is_not_the_speaker() -> None:
    text = '"The water came up to the porch in an hour," said Ida Brell, 61, of Wexley, Pa.\n'
    text += '"We lost the car," Ida Brell, 61, of Wexley, Pa., said.\n'
    names = {"Ida Brell": "person", "Wexley": "place", "Pa.": "place"}
    assert _speaker(text, names, "porch") == "Ida Brell"
    assert _speaker(text, names, "lost the car") == "Ida Brell"


def test_an_organisation_in_an_apposition_is_not_the_speaker() -> None:
    text = (
        '"The levy is a tax on the poor," Colm Arden, an analyst at the Fenwick Institute, said.\n'
    )
    names = {"Colm Arden": "person", "Fenwick Institute": "organisation"}
    assert _speaker(text, names, "levy") == "Colm Arden"


def test_an_organisation_before_a_titled_name_is_not_the_speaker() -> None:
    text = '"No one is above the curfew," Rivermouth Police Commissioner Dale Okoro said.\n'
    text += '"Stay indoors after ten tonight," said Rivermouth Police Commissioner Dale Okoro.\n'
    names = {"Rivermouth Police": "organisation", "Dale Okoro": "person"}
    assert _speaker(text, names, "above the curfew") == "Dale Okoro"
    assert _speaker(text, names, "indoors") == "Dale Okoro"


def test_a_possessive_is_not_the_speaker() -> None:
    text = '"We will appeal the ruling," Mayor Vance\'s spokesman Ivo Pell said.\n'
    names = {"Vance": "person", "Ivo Pell": "person"}
    assert _speaker(text, names, "appeal") == "Ivo Pell"


def test_the_person_a_quote_is_about_does_not_get_it() -> None:
    text = 'Senator Lee Harrow called Governor Nadia Voss "a danger to the whole state".\n'
    text += 'Harrow boasted, "That makes me the adult here," when Voss criticised him.\n'
    names = {"Lee Harrow": "person", "Nadia Voss": "person", "Harrow": "person", "Voss": "person"}
    assert _speaker(text, names, "danger to the whole") == "Lee Harrow"
    assert _speaker(text, names, "adult here") == "Lee Harrow"


def test_the_object_of_a_participle_is_not_the_speaker() -> None:
    text = 'The council attacked Bram Oduya, saying he "has wasted two years of our budget".\n'
    names = {"Bram Oduya": "person"}
    assert _speaker(text, names, "wasted two years") is None


# --- post-posed, titled and apposed speakers -------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        '"We need the bridge open by spring," said Mr. Tolan.',
        '"We need the bridge open by spring," said Rep. Edda Tolan (D-Ore.), head of the panel.',
        '"We need the bridge open by spring," Edda Tolan, the chief engineer of the county, said.',
        '"We need the bridge open by spring," Edda Tolan, who has run the county works office '
        "since the floods of the last decade and chairs its roads board, said.",
    ],
)
def test_post_posed_and_titled_speakers(line: str) -> None:
    names = {"Edda Tolan": "person", "Tolan": "person"}
    assert _speaker(line + "\n", names, "bridge open") in ("Edda Tolan", "Tolan")


@pytest.mark.parametrize(
    "verb",
    ["responded", "interjected", "fumed", "wrote", "tweeted", "added", "insisted", "asked"],
)
def test_the_range_of_speech_verbs(verb: str) -> None:
    text = f'"The budget has no room for that," Pia Lund {verb}.\n'
    assert _speaker(text, {"Pia Lund": "person"}, "budget") == "Pia Lund"


def test_told_names_the_speaker_not_the_listener() -> None:
    text = '"The line will reopen on Monday," Pia Lund told Oskar Veld.\n'
    names = {"Pia Lund": "person", "Oskar Veld": "person"}
    assert _speaker(text, names, "reopen") == "Pia Lund"


def test_a_question_put_by_a_speaker_across_a_sentence_split() -> None:
    # The sentence splitter ends a sentence at "?”"; the attribution follows it.
    text = "“Who will pay for the new pier now?” Councillor Aino Sepp asked the mayor.\n"
    assert _speaker(text, {"Aino Sepp": "person"}, "pay for") == "Aino Sepp"


def test_an_outlet_as_the_speaker() -> None:
    text = (
        "The Harbour Ledger reports:\n"
        '"The ferry company has asked the state for a loan of four million."\n'
    )
    names = {"Harbour Ledger": "organisation"}
    assert _speaker(text, names, "four million") == "Harbour Ledger"


def test_a_speaker_introduced_with_a_colon() -> None:
    text = "Greta Saar said:\n" + '"The island school opens on Monday as planned."\n'
    assert _speaker(text, {"Greta Saar": "person"}, "island school") == "Greta Saar"


def test_a_transcript_label() -> None:
    text = '"HOST: Will the tunnel be finished before the winter storms arrive?\n'
    text += '"KOLB: It will be finished in October, as the contract says.\n'
    names = {"Kolb": "person"}
    assert _speaker(text, names, "finished in October") == "Kolb"


def test_a_quote_signed_with_a_dash() -> None:
    text = "“The tide tables were wrong all week.” ― Lars Eide\n"
    assert _speaker(text, {"Lars Eide": "person"}, "tide tables") == "Lars Eide"


# --- the named speaker is never overridden or carried over ---------------------------------


def test_a_named_attribution_wins_over_a_neighbour() -> None:
    text = '"The depot stays shut," Mira Holt said. "Drivers go home at noon," Tove Lind said.\n'
    names = {"Mira Holt": "person", "Tove Lind": "person"}
    assert _speaker(text, names, "depot") == "Mira Holt"
    assert _speaker(text, names, "Drivers") == "Tove Lind"


def test_a_quotation_that_is_the_subject_of_its_sentence_is_not_run_on() -> None:
    text = (
        '"Stormy weather ahead again," Mira Holt sang on the stage.\n'
        '"Harbour Lights in the Rain" was written by Tove Lind in the long dry summer.\n'
    )
    names = {"Mira Holt": "person", "Tove Lind": "person"}
    assert _speaker(text, names, "Harbour Lights") is None


def test_a_short_quote_still_names_the_speaker_of_the_next() -> None:
    text = '"It hurts," Mira Holt said. "And the town has to learn to heal again."\n'
    assert _speaker(text, {"Mira Holt": "person"}, "learn to heal") == "Mira Holt"


# --- pronouns ----------------------------------------------------------------------------


def test_a_pronoun_goes_to_the_subject_not_the_last_named() -> None:
    text = (
        "Union chief Aldo Brenn said the strike would go on, after a call with Piet Vos.\n"
        '"We are not going back without a contract," he said.\n'
    )
    names = {"Aldo Brenn": "person", "Piet Vos": "person"}
    assert _speaker(text, names, "contract") == "Aldo Brenn"


def test_a_pronoun_chain_keeps_its_person() -> None:
    text = (
        "Aldo Brenn spoke to the crews on Monday.\n"
        "He added a warning, should Piet Vos try to reopen the yard.\n"
        '"The gates stay locked until we sign," he said.\n'
    )
    names = {"Aldo Brenn": "person", "Piet Vos": "person"}
    assert _speaker(text, names, "gates stay locked") == "Aldo Brenn"


def test_a_pronoun_does_not_take_a_name_of_the_other_gender() -> None:
    text = (
        "Commissioner Mary Oduya said the roads would be gritted overnight.\n"
        '"We have salt for three more storms," he said.\n'
    )
    assert _speaker(text, {"Mary Oduya": "person"}, "salt for three") is None


def test_a_pronoun_does_not_take_an_organisation() -> None:
    text = (
        "The Harbour Trust said the pier would close.\n"
        '"It is the safest choice we have," she said.\n'
    )
    assert _speaker(text, {"Harbour Trust": "organisation"}, "safest choice") is None


def test_a_pronoun_reaches_over_a_paragraph_that_names_no_one() -> None:
    text = (
        "Aldo Brenn met the owners on Monday.\n\n"
        "The yard has been closed for a month.\n\n"
        '"They will not accept that we are the only ones working," he said.\n'
    )
    assert _speaker(text, {"Aldo Brenn": "person"}, "only ones working") == "Aldo Brenn"


def test_a_pronoun_out_of_reach_stays_unknown() -> None:
    text = (
        "Aldo Brenn met the owners on Monday.\n\n"
        "The yard has been closed for a month.\n"
        "Its cranes stand idle.\n"
        "Orders went to other ports.\n\n"
        '"They will not accept that we are the only ones working," he said.\n'
    )
    assert _speaker(text, {"Aldo Brenn": "person"}, "only ones working") is None


def test_a_pronoun_with_two_fitting_names_and_no_subject_stays_unknown() -> None:
    text = (
        "In the long talks, the owners met Aldo Brenn and Piet Vos.\n"
        '"Nothing was agreed tonight at all," he said.\n'
    )
    names = {"Aldo Brenn": "person", "Piet Vos": "person"}
    assert _speaker(text, names, "Nothing was agreed") is None


def test_a_description_that_repeats_a_role_names_the_person() -> None:
    text = (
        "The Harbour Trust's strike envoy Una Brae met the crews on Thursday.\n"
        '"We will meet again next week," the Harbour Trust\'s pointman on the strike said.\n'
    )
    names = {"Una Brae": "person", "Harbour Trust": "organisation"}
    assert _speaker(text, names, "meet again") == "Una Brae"


def test_a_vague_description_stays_unknown() -> None:
    text = (
        "President Una Brae met the crews on Thursday.\n"
        '"We will meet again next week," the president said.\n'
    )
    assert _speaker(text, {"Una Brae": "person"}, "meet again") is None


# --- quotation marks ---------------------------------------------------------------------


def test_two_apostrophes_as_quotation_marks() -> None:
    text = "''The rail link is a decade late,'' said Edda Tolan.\n"
    (span,) = quoted_spans(text)
    assert text[span.start : span.end] == "The rail link is a decade late"
    assert _speaker(text, {"Edda Tolan": "person"}, "rail link") == "Edda Tolan"


def test_an_outlet_with_its_description_is_the_speaker() -> None:
    text = (
        'The Harbour Ledger newspaper, close to the council, said the ferries were "on '
        'the same course as the port board".\n'
    )
    names = {"Harbour Ledger": "organisation"}
    assert _speaker(text, names, "same course") == "Harbour Ledger"
