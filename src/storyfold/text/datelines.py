"""Datelines: "WASHINGTON --", "BEIRUT (Reuters) -", "PORT ALDEN, Nov 4 (Metro Wire) -".

A dateline says where a report was filed and for whom, not what happened; a summary line or
a citation that starts with one reads as a wire slug. The sentence starts after it. When it
holds a date ("PORT ALDEN, Nov 4", "MOSCOW, Oct. 7, 2015"), that is the day the report was
filed: the best evidence of its publication date that the text itself gives.
"""

from __future__ import annotations

import re

_DATELINE = re.compile(
    r"""^
    [A-Z][A-Z.'’-]+(?:\ [A-Z][A-Z.'’-]+){0,3}       # the city, in capitals
    (?:,\ [A-Z][A-Za-z.]+(?:\ [A-Z][A-Za-z.]+)?){0,2} # ", Calif.", ", Lebanon"
    (?P<date>,\ (?:[A-Z][a-z]{2,8}\.?\ \d{1,2}|\d{1,2}\ [A-Z][a-z]{2,8}\.?)
        (?:,?\ (?:19|20)\d\d)?)?                     # ", Nov 4", ", Oct. 7, 2015"
    (?:\ ?\([^()\n]{1,60}\))?                       # "(Reuters)", "(BLOOMBERG, REUTERS)"
    [\ \u00a0]{0,2}(?:--|-|–|—)[\ \u00a0]+           # the dash (scraped: no-break spaces)
    (?=[A-Z"“‘'])                                   # and a sentence after it
    """,
    re.VERBOSE,
)


def dateline_length(sentence: str) -> int:
    """Characters of dateline at the start of ``sentence``; 0 when it has none."""
    match = _DATELINE.match(sentence)
    return match.end() if match else 0


def dateline_date(line: str) -> str | None:
    """The date a dateline at the start of ``line`` gives, as written ("Nov 4"); None when
    the line starts with no dateline or its dateline names no date."""
    match = _DATELINE.match(line)
    if match is None or match.group("date") is None:
        return None
    return match.group("date")[2:]
