from __future__ import annotations

import pytest

from storyfold.text import dateline_length
from storyfold.text.datelines import dateline_date


@pytest.mark.parametrize(
    ("sentence", "rest"),
    [
        ("WASHINGTON -- The city said it would reopen.", "The city said it would reopen."),
        ("BEIRUT (Reuters) - Talks resumed on Monday.", "Talks resumed on Monday."),
        ("PORT ALDEN, Nov 4 (Metro Wire) - The bridge shut.", "The bridge shut."),
        ("NEW YORK — \u201cWe are ready,\u201d she said.", "\u201cWe are ready,\u201d she said."),
        ("The U.S. - Russia talks began.", "The U.S. - Russia talks began."),
        ("NATO said on Monday it would meet.", "NATO said on Monday it would meet."),
    ],
)
def test_dateline_is_not_part_of_the_sentence(sentence: str, rest: str) -> None:
    assert sentence[dateline_length(sentence) :] == rest


@pytest.mark.parametrize(
    ("line", "date"),
    [
        ("KESSBY, Nov 4 (Coast Wire) - Crews walked out.", "Nov 4"),
        ("KESSBY, Nov. 4, 2026 (Coast Wire) — Crews walked out.", "Nov. 4, 2026"),
        ("NEW HAVEN, Conn., Oct. 7 (AP) — Crews walked out.", "Oct. 7"),
        ("KESSBY, Norland, 4 November 2026 - Crews walked out.", "4 November 2026"),
        ("KESSBY -- Crews walked out on Nov 4.", None),
        ("KESSBY (Coast Wire)\u00a0 - Crews walked out.", None),
        ("Crews walked out, Nov 4 - the union said.", None),
    ],
)
def test_the_date_a_dateline_gives(line: str, date: str | None) -> None:
    assert dateline_date(line) == date


def test_a_dateline_with_no_break_spaces_is_still_cut() -> None:
    line = "KESSBY (Coast Wire)\u00a0 - Crews walked out."
    assert line[dateline_length(line) :] == "Crews walked out."
