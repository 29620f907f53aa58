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
