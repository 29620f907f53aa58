"""Shared test helpers: small invented articles written for these tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.http_server import http_server  # noqa: F401  (a fixture: a real server on 127.0.0.1)
from tests.web_site import browser, web_site  # noqa: F401  (session: a storyfold server, Chromium)

# An invented story, written for the tests: a reservoir dam in the fictional town of Elmsford.
DAM_BODY = (
    "Engineers opened the spillway gates of the Elmsford reservoir dam on Monday after "
    "three days of heavy rain pushed the water to a record level.\n"
    "The county said about 1,200 homes downstream were told to prepare to leave.\n"
    '"We are releasing water in a controlled way so that nobody has to be surprised '
    'tonight," county engineer Ruth Calder said.\n'
    "Forecasters expect the rain to ease by Wednesday, but the river is likely to stay "
    "high through the weekend.\n"
    "The dam was last repaired in 2019, when its concrete crest was rebuilt at a cost of "
    "4 million dollars.\n"
)


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding=encoding)
    return path


@pytest.fixture
def story_dir(tmp_path: Path) -> Path:
    """Three invented reports of one event, as plain text files."""
    folder = tmp_path / "dam"
    write(
        folder / "valley_post.txt",
        "Skip to main content\n\nElmsford opens dam gates as reservoir hits record\n\n" + DAM_BODY,
    )
    write(
        folder / "river_times.txt",
        "Dam spillway opened after record rain in Elmsford\n\n"
        "The Elmsford reservoir dam had its spillway gates opened on Monday by engineers "
        "after three days of heavy rain brought the water to a record level.\n"
        '"We are releasing the water in a controlled way so nobody is surprised tonight," '
        "Ruth Calder, the county engineer, told reporters.\n"
        "Around 1,200 households downstream were asked to get ready to evacuate, the county said.\n"
        "Local shops along the river put sandbags outside their doors on Monday afternoon.\n",
    )
    write(
        folder / "county_wire.txt",
        "Elmsford releases water from brimming reservoir\n\n"
        "Engineers in Elmsford opened the gates of the reservoir dam's spillway on Monday "
        "after heavy rain over three days lifted the water to a record high.\n"
        "The county told about 1,200 homes downstream to prepare to leave their houses.\n"
        "Schools in the valley will stay closed on Tuesday as a precaution, officials said.\n",
    )
    return folder
