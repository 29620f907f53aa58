"""Stock outcomes: the few facts news reports state in many set phrasings.

"No one was hurt", "Nobody was injured", "There were no casualties"; "No arrests have been
made", "Police have not yet arrested anyone". Incident reports close on these, every outlet
in its own words, and the words they share are too few for a sentence matcher ("no people
or other animals were hurt" and "no one was hurt during the escape" share one content
word). The recall-first "reported elsewhere" check treats two sentences of one story that
state the same stock outcome as stating the same fact: over-merging there only keeps an
item off the "reported by one outlet only" list, which is the safe side.
"""

from __future__ import annotations

import re

_NOBODY = (
    r"(?:no\s+one|nobody|no-one|none\s+of\s+(?:the\s+)?\w+|no\s+(?:other\s+)?(?:people|person"
    r"|residents|passengers|workers|staff|employees|visitors|children|pupils|patients"
    r"|animals|one\s+else|crew))"
)
_HARMED = r"(?:hurt|injured|harmed|killed|wounded|died)"
_OUTCOMES = {
    "nobody hurt": re.compile(
        # A few words may come between ("no one at the plant was hurt"), but not a clause
        # of its own ("no one knows how many were hurt").
        rf"\b{_NOBODY}\b(?:[\s,]+(?!how\b|know|knew\b|whether\b|if\b|said\b|says\b)[\w'’-]+){{0,4}}"
        r"\s+(?:was|were|has\s+been|have\s+been|had\s+been)\s+"
        rf"(?:seriously\s+|badly\s+)?{_HARMED}\b"
        r"|\bno\s+(?:one\s+)?(?:injuries|casualties|deaths|fatalities)\b"
        r"|\b(?:escaped|were|was)\s+(?:unhurt|uninjured|unharmed)\b"
        r"|\bwithout\s+(?:any\s+)?(?:injuries|injury|casualties)\b",
        re.IGNORECASE,
    ),
    "no arrests": re.compile(
        r"\bno\s+arrests?\b"
        r"|\b(?:no\s+one|nobody)\s+(?:has\s+been|had\s+been|was|have\s+been)\s+arrested\b"
        r"|\bnot\s+(?:yet\s+)?(?:made\s+any\s+arrests?|arrested\s+anyone|arrested\s+anybody)\b",
        re.IGNORECASE,
    ),
}


def stock_outcomes(text: str) -> frozenset[str]:
    """The stock outcomes ``text`` states ("nobody hurt", "no arrests")."""
    return frozenset(name for name, pattern in _OUTCOMES.items() if pattern.search(text))
