"""What kind of thing a name is, from the name itself and the words around each mention.

spaCy's small model types a name from its own letters and a few neighbours, and in news
copy it often calls a town a person ("the southern town of Busra al-Sham") or a bridge an
organisation. The words a writer puts around a name say more: "the city of X", "near X",
"X district" mark a place; a name's last word ("Bridge", "Causeway", "Falls" against
"Ferries", "Council", "Institute") says what it is. These cues are votes added to the NER's,
so one name gets one kind from all its mentions.
"""

from __future__ import annotations

import re

from storyfold.brief.entities.roles import ROLE_WORDS
from storyfold.text.normalize import word_set

# Weights, set by hand on the seeds and examples/harbor-bridge (each name there checked by
# reading): a name's head word settles its kind against a few NER votes; a cue around one
# mention (``CUE_VOTE``) outweighs the NER's vote for that mention, and a weak cue ("in X")
# only breaks ties.
HEAD_VOTE = 3
CUE_VOTE = 2
WEAK_VOTE = 1

# The last word of a name that says what it names. Facilities (bridges, airports,
# hospitals) count as places: a reader looks for them on a map.
PLACE_HEADS = word_set("""
    bridge causeway tunnel street road avenue boulevard lane highway freeway square plaza
    park river sea ocean lake gulf bay strait channel canal coast island islands peninsula
    mountain mountains valley falls heights hills desert county province region district
    territory airport station hospital harbor harbour port
    """)
ORGANISATION_HEADS = word_set("""
    ferries airlines airways railways council ministry department institute university
    college schools agency bank company corporation corp inc ltd llc plc group party army
    navy guard guards committee commission court foundation association union service
    services office observatory authority board police fleet forces assembly parliament
    congress senate federation league club society network news times post press
    journal tribune herald telegraph gazette broadcasting organisation organization
    administration bureau coalition alliance front brigade brigades movement
    """)
# Words before a name that make it a place ("the city of", "near", "downtown").
_PLACE_BEFORE = re.compile(
    r"(?:\b(?:city|town|village|capital|province|region|district|state|county|suburb|"
    r"neighbou?rhood|island|port|border)\s+of|\bnear|\boutside|\bdowntown|\bthrough|\bacross|"
    r"\bthroughout|\bnorth\s+of|"
    r"\bsouth\s+of|\beast\s+of|\bwest\s+of|\bcapital,?|\bcity,?|\btown,?)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
# Words after a name that make it a place ("X district", "X, an ancient town", "X-based").
_PLACE_AFTER = re.compile(
    r"^-based\b|^(?:'s)?\s+(?:district|region|province|area|neighbou?rhood|suburb|county|governorate|"
    r"peninsula)\b|^,\s+(?:an?|the)\s+(?:\w+\s+){0,2}(?:town|city|village|region|province|"
    r"district|port|suburb|island)\b",
    re.IGNORECASE,
)
# Prepositions of place: weak, since organisations follow them too ("in Congress").
_IN_BEFORE = re.compile(r"\b(?:in|into|from)\s+(?:the\s+)?$")
# A role and a comma before a name: "The EU commissioner for humanitarian aid, X" is a person.
_ROLE_BEFORE_COMMA = re.compile(
    r"\b(?:" + "|".join(sorted(ROLE_WORDS)) + r")\b(?:\s+(?:for|of|on)\s+[\w\s'’-]{1,40})?,\s*$",
    re.IGNORECASE,
)
# Words before a name that make it an organisation ("X said in a statement" is not one:
# people issue statements too).
_ORGANISATION_BEFORE = re.compile(
    r"\b(?:spokesman|spokeswoman|spokesperson|general\s+manager|head|chief|director)"
    r"\s+(?:of|for|at)\s+(?:the\s+)?$",
    re.IGNORECASE,
)


def head_kind(name: str) -> str | None:
    """The kind a name's last word gives it: "Harbor Bridge" a place, "Alden Bay
    Ferries" an organisation; None when the last word does not say."""
    words = name.split()
    if len(words) < 2:
        return None
    last = words[-1].lower().strip(".,")
    if last in ORGANISATION_HEADS:
        return "organisation"
    if last in PLACE_HEADS:
        return "place"
    return None


def context_votes(text: str, start: int, end: int) -> list[tuple[str, int]]:
    """(kind, weight) votes from the words around the mention at ``start:end``."""
    before = text[max(0, start - 40) : start]
    before = before[before.rfind("\n") + 1 :]
    after = text[end : end + 40].split("\n", 1)[0]
    votes: list[tuple[str, int]] = []
    if _PLACE_BEFORE.search(before) or _PLACE_AFTER.match(after):
        votes.append(("place", CUE_VOTE))
    elif _IN_BEFORE.search(before):
        # "in X" is no person, and more often a place than an organisation.
        votes += [("place", WEAK_VOTE), ("person", -WEAK_VOTE)]
    if _ORGANISATION_BEFORE.search(before):
        votes.append(("organisation", CUE_VOTE))
    elif _ROLE_BEFORE_COMMA.search(before) and len(text[start:end].split()) >= 2:
        votes.append(("person", CUE_VOTE))
    return votes
