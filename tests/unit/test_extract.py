"""`storyfold.extract`: per article quotes, dates and entities at offsets into the text as
given. The real NER model runs (loaded once for the module)."""

from __future__ import annotations

import datetime as dt
import gzip
import json
from pathlib import Path

import pytest

from storyfold.extract import extract, extract_text, extraction_json, iso_value, read_inputs
from storyfold.extract.article import Extraction
from storyfold.model import Skipped

# Written for these tests. Cruft lines, indented and CRLF lines, a headline and a
# dateline, so the clean text differs from the text as given.
STORY = (
    "Skip to main content\r\n"
    "Tollen Bridge Shut After Inspection\r\n"
    "\r\n"
    "   PORT TOLLEN, March 3 (Harbor Wire) - The city of Port Tollen closed the Tollen "
    "Bridge on Tuesday after inspectors found a crack in a pier, Mayor Ada Brennick said.\r\n"
    '\t"We will not reopen it until it is safe," Brennick told reporters on Wednesday.\r\n'
    "Tollen Bay Ferries added two boats, and commuters from Eastmarsh crowded the piers.\r\n"
    "Share this article\r\n"
    "The bridge opened in May 1961 and was last repaired in 2019.\r\n"
)


@pytest.fixture(scope="module")
def found() -> Extraction:
    return extract_text(STORY, id="t1", published=dt.date(2026, 3, 5))


def _spans(found: Extraction) -> list[tuple[int | None, int | None, str]]:
    return [
        (x.span.start, x.span.end, x.span.text)
        for x in (*found.quotes, *found.dates, *found.entities)
    ]


def test_every_span_is_the_given_text_at_its_offsets(found: Extraction) -> None:
    spans = _spans(found)
    assert len(spans) >= 8
    for start, end, text in spans:
        assert start is not None and end is not None
        assert STORY[start:end] == text


def test_quotes_dates_and_entities_as_the_contract_gives_them(found: Extraction) -> None:
    quote = next(q for q in found.quotes if q.direct)
    assert quote.span.text == "We will not reopen it until it is safe"
    assert quote.speaker == "Ada Brennick"
    assert quote.speaker_kind == "person"
    assert quote.role == "Mayor"
    assert "Brennick" in quote.aliases
    values = {d.span.text.removeprefix("in ").removeprefix("on "): d.value for d in found.dates}
    assert values["Tuesday"] == "2026-03-03"
    assert values["Wednesday"] == "2026-03-04"
    assert values["May 1961"] == "1961-05"
    assert values["2019"] == "2019"
    kinds = {e.name: e.kind for e in found.entities}
    assert kinds["Tollen Bridge"] == "place"
    assert kinds["Tollen Bay Ferries"] == "organisation"
    assert kinds["Ada Brennick"] == "person"
    # Nothing from the lines cleaning left out.
    assert all("Skip" not in text and "Share" not in text for _, _, text in _spans(found))


def test_the_json_line(found: Extraction) -> None:
    line = extraction_json(found)
    assert line["schema"] == "storyfold.extract/1"
    assert line["id"] == "t1"
    assert line["published"] == {"value": "2026-03-05", "from": "input"}
    quote = line["quotes"][0]  # type: ignore[index]
    assert set(quote) >= {"start", "end", "direct", "speaker", "speaker_kind", "role", "aliases"}
    date = line["dates"][0]  # type: ignore[index]
    assert set(date) >= {"start", "end", "text", "value", "granularity"}
    entity = line["entities"][0]  # type: ignore[index]
    assert set(entity) >= {"start", "end", "text", "kind", "name"}
    json.dumps(line)  # serialisable as it is


def test_iso_values_at_each_granularity() -> None:
    day = dt.date(2026, 3, 2)
    assert iso_value(day, "day") == "2026-03-02"
    assert iso_value(day, "week") == "2026-W10"
    assert iso_value(dt.date(2027, 1, 1), "week") == "2026-W53"  # ISO week-year
    assert iso_value(day, "month") == "2026-03"
    assert iso_value(day, "year") == "2026"


def test_without_a_publication_date_only_dated_text_is_resolved() -> None:
    found = extract_text(
        "The bridge opened in May 1961, and crews inspected it on Tuesday, engineers said."
    )
    assert found.published_from == "unknown"
    assert [(d.span.text, d.value) for d in found.dates] == [("in May 1961", "1961-05")]


def test_bad_lines_are_reported_and_the_batch_goes_on(tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": "ok-1", "text": "Crews in Port Tollen went back to work on Monday."}),
        "not json",
        json.dumps({"id": "no-text"}),
        json.dumps({"text": "An article without an id, said Ada Brennick."}),
        json.dumps({"id": "bad-date", "text": "Some text.", "published": "March 3"}),
        json.dumps([1, 2]),
        json.dumps({"id": 7, "text": "Tollen Bay Ferries added boats, Ada Brennick said."}),
    ]
    path = tmp_path / "in.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")
    results = list(extract(read_inputs([str(path)])))
    done = [r.id for r in results if isinstance(r, Extraction)]
    skipped = {r.input: r.reason for r in results if isinstance(r, Skipped)}
    assert done == ["ok-1", "7"]
    assert set(skipped) == {f"{path}:{n}" for n in (2, 3, 4, 5, 6)}
    assert "not valid JSON" in skipped[f"{path}:2"]
    assert '"text"' in skipped[f"{path}:3"]
    assert '"id"' in skipped[f"{path}:4"]
    assert "YYYY-MM-DD" in skipped[f"{path}:5"]


def test_a_line_nested_too_deeply_is_skipped_and_the_rest_read(tmp_path: Path) -> None:
    path = tmp_path / "deep.jsonl"
    good = json.dumps({"id": "a", "text": "The council met on Tuesday."})
    path.write_text("[" * 100_000 + "\n" + good + "\n", encoding="utf-8")
    results = list(extract(read_inputs([str(path)])))
    assert [(r.input, r.reason) for r in results if isinstance(r, Skipped)] == [
        (f"{path}:1", "not valid JSON (nested too deeply)")
    ]
    assert [r.id for r in results if isinstance(r, Extraction)] == ["a"]
