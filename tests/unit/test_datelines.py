from __future__ import annotations

import pytest

from storyfold.text import dateline_length


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
