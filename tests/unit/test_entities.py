"""People, organisations and places with roles and per-outlet counts."""

from __future__ import annotations

from storyfold.brief.entities.find import find_entities
from storyfold.model import Entity
from tests.unit.ferry_story import article, story, story_spans


def _entities() -> dict[str, Entity]:
    articles = story()
    return {e.name: e for e in find_entities(articles, story_spans(articles))}


def test_people_with_aliases_roles_and_counts_per_outlet() -> None:
    quill = _entities()["Nora Quill"]
    assert quill.kind == "person"
    assert quill.aliases == ("Quill",)
    assert set(quill.roles) == {"union leader", "head of the ferry workers’ union"}
    assert quill.mentions == {
        "Tidewater Gazette": 2,
        "Northshore Post": 1,
        "Harbour Wire": 1,
        "Radio Skerry": 1,
    }
    assert quill.total == 5


def test_titles_before_the_name() -> None:
    entities = _entities()
    assert entities["Elias Brandt"].roles == ("Transport Minister",)
    assert entities["Tom Reyes"].roles == ("Harbour Authority spokesman",)
    assert entities["Hal Dunmore"].roles == ("chief executive",)


def test_organisations_and_places_have_no_roles_and_are_counted() -> None:
    entities = _entities()
    authority = entities["Harbour Authority"]
    assert authority.kind == "organisation"
    assert authority.roles == ()
    assert authority.mentions == {"Tidewater Gazette": 3, "Radio Skerry": 1}
    assert entities["Carrowmore"].kind == "place"


def test_most_named_in_most_outlets_first() -> None:
    names = [e.name for e in find_entities(story(), story_spans(story()))]
    assert names[0] == "Nora Quill"  # four outlets


def test_names_only_in_the_byline_are_not_entities() -> None:
    text = (
        "By Mara Vint\n"
        "Ferry crews in Carrowmore walked out on Tuesday, union leader Nora Quill said.\n"
        "Mara Vint\n"
    )
    names = {"Mara Vint": "person", "Nora Quill": "person", "Carrowmore": "place"}
    one = article("a", "Outlet A", text, author="Mara Vint")
    found = {e.name for e in find_entities([one], story_spans([one], names))}
    assert found == {"Nora Quill", "Carrowmore"}


def test_the_author_named_in_the_story_itself_is_kept() -> None:
    text = (
        "By Mara Vint\n"
        "The union thanked reporters including Mara Vint for covering the long dispute "
        "over the winter rosters.\n"
    )
    one = article("a", "Outlet A", text, author="Mara Vint")
    found = find_entities([one], story_spans([one], {"Mara Vint": "person"}))
    assert [(e.name, e.mentions) for e in found] == [("Mara Vint", {"Outlet A": 1})]


def test_noise_is_dropped_and_label_confusions_fold_by_majority() -> None:
    texts = (
        "Dunmore met the State officials about the T-90 ferry engines and Hal Dunmore agreed.",
        "Dunmore said the ferries would sail.",
        "Dunmore signed the deal.",
    )
    articles = [article(f"a{i}", f"Outlet {i}", t) for i, t in enumerate(texts)]
    tagged = [
        {"Dunmore": "organisation", "State": "organisation", "T-90": "organisation",
         "Hal Dunmore": "person"},
        {"Dunmore": "person"},
        {"Dunmore": "person"},
    ]  # fmt: skip
    spans = {a.id: story_spans([a], names)[a.id] for a, names in zip(articles, tagged, strict=True)}
    found = find_entities(articles, spans)
    assert [(e.name, e.kind) for e in found] == [("Hal Dunmore", "person")]
    assert found[0].total == 4


def test_news_aliases_fold_into_one_entity() -> None:
    text = (
        "Islamic State fighters left the town, and IS said the U.S. had bombed it.\n"
        "ISIL and ISIS are other names the United States uses for the group.\n"
    )
    names = {
        "Islamic State": "organisation", "IS": "organisation", "ISIL": "organisation",
        "ISIS": "organisation", "U.S.": "place", "United States": "place",
    }  # fmt: skip
    one = article("a", "Outlet A", text)
    found = {e.name: e for e in find_entities([one], story_spans([one], names))}
    assert set(found) == {"Islamic State", "United States"}
    assert found["Islamic State"].total == 4
    assert set(found["Islamic State"].aliases) == {"IS", "ISIL", "ISIS"}
    assert found["United States"].total == 2


def test_nationalities_are_left_out() -> None:
    one = article("a", "Outlet A", "Russian officials met Syrian ministers in Moscow.")
    names = {"Russian": "group", "Syrian": "group", "Moscow": "place"}
    assert [e.name for e in find_entities([one], story_spans([one], names))] == ["Moscow"]


def test_surnames_the_ner_missed_are_counted_for_the_person() -> None:
    text = (
        "Harbour Authority spokesman Tom Earnest said the pier was safe.\n"
        "Earnest added that repairs would start on Monday, and Earnest will inspect them.\n"
    )
    one = article("a", "Outlet A", text)
    found = {e.name: e for e in find_entities([one], story_spans([one], {"Tom Earnest": "person"}))}
    assert found["Tom Earnest"].mentions == {"Outlet A": 3}
    assert found["Tom Earnest"].aliases == ("Earnest",)


def test_a_title_inside_the_span_is_a_role_not_part_of_the_name() -> None:
    text = "Councilmember Victor Haines voted against the plan, and Haines said so twice.\n"
    one = article("a", "Outlet A", text)
    names = {"Councilmember Victor Haines": "organisation", "Haines": "person"}
    (haines,) = find_entities([one], story_spans([one], names))
    assert (haines.name, haines.kind, haines.roles) == (
        "Victor Haines",
        "person",
        ("Councilmember",),
    )
    assert haines.mentions == {"Outlet A": 2}


# --- Kinds from the words around each mention, and whole names --------------------------


def _kinds(text: str, tagged: dict[str, str]) -> dict[str, str]:
    one = article("k", "Outlet K", text)
    return {e.name: e.kind for e in find_entities([one], story_spans([one], tagged))}


def test_the_words_around_a_name_make_it_a_place_whatever_the_ner_said() -> None:
    text = (
        "Shelling hit the southern town of Varrow Hill on Monday.\n"
        "Aid reached the port city of Quennel by noon.\n"
        "Convoys drove on through Dastra and stopped near Quennel.\n"
        "The Lindmark district stayed dark, and commuters from Lindmark waited.\n"
    )
    tagged = {
        "Varrow Hill": "person",
        "Quennel": "organisation",
        "Dastra": "person",
        "Lindmark": "person",
    }
    kinds = _kinds(text, tagged)
    assert kinds["Varrow Hill"] == "place"  # "the town of"
    assert kinds["Quennel"] == "place"  # "the port city of", "near"
    assert kinds["Dastra"] == "place"  # "through" outweighs the person tag
    assert kinds["Lindmark"] == "place"  # "the Lindmark district"


def test_a_person_stays_a_person_without_a_place_cue() -> None:
    text = "Dastra Quell said the talks would go on. Quell met reporters in Varrow."
    kinds = _kinds(text, {"Dastra Quell": "person", "Quell": "person", "Varrow": "person"})
    assert kinds["Dastra Quell"] == "person"
    assert kinds["Varrow"] == "place"  # "in X" is no person


def test_a_name_s_last_word_says_what_it_is() -> None:
    text = (
        "The Tollen Bridge closed, and Tollen Bay Ferries added boats.\n"
        "Drivers used the Marsh Causeway while the Tollen City Council met.\n"
    )
    tagged = {
        "Tollen Bridge": "organisation",
        "Tollen Bay Ferries": "place",
        "Marsh Causeway": "organisation",
        "Tollen City Council": "place",
    }
    kinds = _kinds(text, tagged)
    assert kinds == {
        "Tollen Bridge": "place",
        "Tollen Bay Ferries": "organisation",
        "Marsh Causeway": "place",
        "Tollen City Council": "organisation",
    }


def test_a_country_or_capital_is_a_place_unless_a_title_names_a_person() -> None:
    text = (
        "Fighting between Kyiv's forces and the rebels went on.\n"
        "Officials in Tbilisi and Ottawa were briefed.\n"
        "Ms. Washington, the council's treasurer, said the vote would wait.\n"
    )
    tagged = {"Kyiv": "person", "Tbilisi": "organisation", "Washington": "person"}
    kinds = _kinds(text, tagged)
    assert kinds["Kyiv"] == "place"  # no cue around it: the table settles it
    assert kinds["Tbilisi"] == "place"
    assert kinds["Washington"] == "person"  # an honorific says a person bears the name


def test_a_role_and_a_comma_before_a_name_make_it_a_person() -> None:
    text = "The regional commissioner for fisheries, Ilse Varga, issued a statement on Monday."
    assert _kinds(text, {"Ilse Varga": "organisation"})["Ilse Varga"] == "person"


def test_names_the_ner_cut_short_are_whole() -> None:
    text = (
        "said Ana Pell, head of research at the Institute for Coastal and Maritime Studies.\n"
        "Talks were held in the Norvish Grey Sea resort of Kallo.\n"
        "Quennel Bay Ferries carried 6,000 passengers, and Transit Commissioner Ivo Marr "
        "praised the crews.\n"
        "Students at Varrow University on Kell Island cheered.\n"
    )
    tagged = {
        "Ana Pell": "person",
        "Institute for Coastal": "organisation",
        "Norvish Grey Sea": "place",
        "Quennel": "place",
        "Transit": "organisation",
        "Ivo Marr": "person",
        "Varrow University on Kell Island": "place",
    }
    kinds = _kinds(text, tagged)
    assert kinds["Institute for Coastal and Maritime Studies"] == "organisation"
    assert kinds["Varrow University"] == "organisation"  # not "... on Kell Island"
    assert kinds["Grey Sea"] == "place"  # not "Norvish Grey Sea"
    assert kinds["Quennel Bay Ferries"] == "organisation"  # not the place "Quennel"
    assert "Transit" not in kinds  # part of Ivo Marr's title
    assert not {"Institute for Coastal", "Norvish Grey Sea", "Quennel"} & set(kinds)


def test_a_name_never_runs_across_lines() -> None:
    text = "Ferry Talks Resume\nCARROWMORE crews met on Monday, Nora Quill said."
    kinds = _kinds(text, {"Ferry Talks Resume\nCARROWMORE": "person", "Nora Quill": "person"})
    assert kinds == {"Nora Quill": "person"}
