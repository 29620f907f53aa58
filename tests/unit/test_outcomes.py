"""Stock outcomes: one fact in set phrasings ("no one was hurt", "nobody was injured")."""

from __future__ import annotations

import pytest

from storyfold.brief.compare.outcomes import stock_outcomes


@pytest.mark.parametrize(
    ("text", "outcomes"),
    [
        ("No one was hurt during the escape.", {"nobody hurt"}),
        ("No people or other animals were hurt.", {"nobody hurt"}),
        ("Nobody at the depot was seriously injured.", {"nobody hurt"}),
        ("There were no casualties.", {"nobody hurt"}),
        ("The crew escaped unhurt.", {"nobody hurt"}),
        ("No arrests have been made.", {"no arrests"}),
        ("Police have not yet arrested anyone.", {"no arrests"}),
        ("No one has been arrested and no one was hurt.", {"no arrests", "nobody hurt"}),
        # Not the outcome: a count of the hurt, a clause of its own, another "no one".
        ("Two workers were injured.", set()),
        ("No one knows how many were hurt.", set()),
        ("No residents have been evacuated.", set()),
        ("Police arrested two men on Friday.", set()),
    ],
)
def test_stock_outcomes(text: str, outcomes: set[str]) -> None:
    assert stock_outcomes(text) == outcomes
