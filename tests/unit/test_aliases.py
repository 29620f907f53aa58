"""Folding the forms of one name onto one canonical name."""

from __future__ import annotations

from storyfold.brief.entities.aliases import AliasIndex, display, key


def _index(*names: tuple[str, str]) -> AliasIndex:
    return AliasIndex.build(names)


def test_key_drops_case_dots_the_possessive_and_titles() -> None:
    assert key("the U.S.'s") == "us"
    assert key("Mr. Dunmore") == "dunmore"
    assert display("the Harbour Authority’s") == "Harbour Authority"


def test_surname_folds_onto_the_full_name() -> None:
    index = _index(("Nora Quill", "person"), ("Quill", "person"), ("Mr Quill", "person"))
    assert index.canonical("Quill", "person") == "Nora Quill"
    assert index.canonical("Mr. Quill") == "Nora Quill"


def test_a_surname_tagged_as_an_organisation_still_folds() -> None:
    index = _index(("Nora Quill", "person"), ("Quill", "organisation"))
    assert index.canonical("Quill") == "Nora Quill"


def test_a_surname_shared_by_two_people_stays_apart() -> None:
    index = _index(("Ann Lowe", "person"), ("Ben Lowe", "person"), ("Lowe", "person"))
    assert index.canonical("Lowe") == "Lowe"
    assert index.canonical("Ann Lowe") == "Ann Lowe"


def test_short_and_long_first_names_are_one_person() -> None:
    index = _index(("Ash Carter", "person"), ("Ashton B. Carter", "person"), ("Carter", "person"))
    assert index.canonical("Carter") == index.canonical("Ash Carter") == "Ashton B. Carter"


def test_islamic_state_aliases() -> None:
    names = [("IS", "organisation"), ("ISIL", "place"), ("ISIS", "organisation")]
    index = _index(*names, ("Islamic State", "organisation"))
    assert {index.canonical(n) for n, _ in names} == {"Islamic State"}


def test_united_states_aliases() -> None:
    index = _index(("U.S.", "place"), ("US", "place"), ("the United States", "place"))
    assert index.canonical("U.S.") == index.canonical("US") == "United States"
    assert index.canonical("the United States") == "United States"
    # The table applies to names the index has not seen too.
    assert index.canonical("America") == "United States"


def test_acronym_from_initials() -> None:
    index = _index(("Ferry Workers Union", "organisation"), ("FWU", "organisation"))
    assert index.canonical("FWU") == "Ferry Workers Union"


def test_a_lowercase_word_is_not_an_acronym() -> None:
    index = _index(("Ferry Workers Union", "organisation"), ("Fwu", "organisation"))
    assert index.canonical("Fwu") == "Fwu"


def test_places_do_not_fold_as_surnames() -> None:
    index = _index(("Carrowmore", "place"), ("Port of Carrowmore", "place"))
    assert index.canonical("Carrowmore") == "Carrowmore"


def test_mixed_case_is_preferred_to_capitals() -> None:
    index = _index(("CARROWMORE HARBOUR", "organisation"), ("Carrowmore Harbour", "organisation"))
    assert index.canonical("CARROWMORE HARBOUR") == "Carrowmore Harbour"
