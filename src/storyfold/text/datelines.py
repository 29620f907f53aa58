"""Datelines: "WASHINGTON --", "BEIRUT (Reuters) -", "PORT ALDEN, Nov 4 (Metro Wire) -".

A dateline says where a report was filed and for whom, not what happened; a summary line or
a citation that starts with one reads as a wire slug. The sentence starts after it.
"""

from __future__ import annotations

import re

_DATELINE = re.compile(
    r"""^
    [A-Z][A-Z.'’-]+(?:\ [A-Z][A-Z.'’-]+){0,3}      # the city, in capitals
    (?:,\ [A-Z][A-Za-z.]+(?:\ \d{1,2})?)?            # ", Nov 4" or ", Calif."
    (?:\ ?\([^()\n]{1,60}\))?                       # "(Reuters)", "(BLOOMBERG, REUTERS)"
    \ ?(?:--|-|–|—)\ +                              # the dash
    (?=[A-Z"“‘'])                                   # and a sentence after it
    """,
    re.VERBOSE,
)


def dateline_length(sentence: str) -> int:
    """Characters of dateline at the start of ``sentence``; 0 when it has none."""
    match = _DATELINE.match(sentence)
    return match.end() if match else 0
