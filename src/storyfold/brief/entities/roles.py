"""Titles and roles as the articles give them, and what they tell about a person's gender.

Two shapes cover most news copy: a title written before the name ("White House spokesman
Josh Earnest", "Russian Foreign Minister Sergei Lavrov") and an appositive after it
("Maria Zakharova, the foreign ministry spokeswoman, told ..."). Either must hold a role
word, so "Moscow's Sergei Lavrov" or "Kerry, who held talks," yield no role.
"""

from __future__ import annotations

import re

from storyfold.text.normalize import STOPWORDS, word_set

# Head words of a role. A phrase is a role only if it holds one of these.
ROLE_WORDS = word_set("""
    spokesman spokeswoman spokesperson secretary minister president envoy ambassador
    commissioner chief head director general official leader premier chancellor senator
    governor mayor adviser advisor pointman attache commander chairman chairwoman chair
    representative deputy analyst expert professor researcher correspondent editor king
    queen prince emir sheikh colonel major lieutenant admiral captain spokespeople
    councilmember councillor councilman councilwoman sheriff
    negotiator diplomat founder officer prosecutor judge executive
    host anchor commentator columnist pollster strategist surrogate aide activist lawyer
    attorney economist historian writer reporter staffer nominee candidate manager
    congressman congresswoman lawmaker organizer organiser coordinator fellow scholar
    gov sen rep gen col lt sgt del widow widower veteran resident activist voter
    """)
# Titles written as part of a name ("Councilmember Victor Haines", "Gen. Ada Marsh"): the
# NER often takes them in, and then calls the person an organisation.
TITLE_WORDS = word_set("""
    president secretary minister senator sen governor gov mayor councilmember councillor
    councilman councilwoman general gen colonel col commissioner ambassador judge chancellor
    spokesman spokeswoman spokesperson premier prime representative rep sheriff chief
    """)
# Words a title may hold besides capitalised words and role words ("Secretary of State").
_GLUE = frozenset(
    [
        "of",
        "for",
        "the",
        "and",
        "on",
        "at",
        "press",
        "foreign",
        "defense",
        "defence",
        "state",
        "ministry",
        "department",
        "office",
    ]
)
_FEMALE = re.compile(
    r"\b(?:spokeswoman|chairwoman|congresswoman|businesswoman|Mrs\.?|Ms\.?|Miss|Madam|"
    r"queen|princess|she|her)\b",
    re.IGNORECASE,
)
_MALE = re.compile(
    r"\b(?:spokesman|chairman|congressman|businessman|Mr\.?|Sir|king|prince|he|his|him)\b",
    re.IGNORECASE,
)
_WORD = re.compile(r"[\w'’.-]+")
# An appositive: ", the foreign ministry spokeswoman," / ", head of research at X."
_APPOSITIVE = re.compile(r"^\s*,\s*(?:the |a |an )?([^,;:()\"“”]{3,90}?)\s*(?:,|\.(?:\s|$)|;|$)")
# A title before a comma and the name: "The Pentagon press secretary, Peter Cook,"
_ARTICLES = frozenset(["the", "a", "an"])
_STOP_BEFORE = frozenset(
    [
        "said",
        "says",
        "told",
        "added",
        "who",
        "which",
        "that",
        "and",
        "or",
        "but",
        "with",
        "by",
        "meanwhile",
        "however",
        "instead",
        "later",
        "earlier",
        "then",
        "so",
        "also",
        "still",
        "yet",
    ]
)
MAX_TITLE_WORDS = 8
MAX_MODIFIERS = 2
_LINKS = frozenset(("of", "at", "for"))
_PUNCT = re.compile(r"[,;:()\[\]\"“”—–]")


def has_role_word(phrase: str) -> bool:
    return any(_bare(w) in ROLE_WORDS for w in phrase.split())


def _bare(word: str) -> str:
    return re.sub(r"['’]s$", "", word.strip(".,;:()")).lower()


def title_before(text: str, start: int) -> str | None:
    """The title written just before the name at ``start``: "White House spokesman"."""
    head = text[max(0, start - 160) : start]
    if "\n" in head:
        head = head[head.rindex("\n") + 1 :]
    stripped = head.rstrip()
    if stripped.endswith(","):  # "The Pentagon press secretary, Peter Cook"
        head = stripped[:-1] + " "
    if not head or not head[-1].isspace():
        return None
    # A title never runs across punctuation: "Sami Nader, head of the Beirut-based Levant
    # Institute" gives the institute no title.
    head = _PUNCT.split(head)[-1]
    last = _WORD.findall(head)[-1:] or [""]
    if last[0] and not last[0][0].isupper() and _bare(last[0]) in _GLUE:
        return None  # "the envoy on Carrowmore": the name is an object, not titled
    taken: list[str] = []
    modifiers = 0
    for word in reversed(_WORD.findall(head)):
        bare = _bare(word)
        if bare in _STOP_BEFORE or len(taken) >= MAX_TITLE_WORDS:
            break
        if word[0].isupper() or bare in ROLE_WORDS or bare in _GLUE:
            taken.append(word)
            continue
        # A common-noun role takes lower-case modifiers ("union leader", "ferry union
        # spokesman"); a capitalised title does not ("topple President" is no title).
        if (
            modifiers < MAX_MODIFIERS
            and taken
            and not taken[-1][0].isupper()
            and _bare(taken[-1]) not in _GLUE
            and bare not in STOPWORDS
            and not bare.endswith("ed")
        ):
            taken.append(word)
            modifiers += 1
            continue
        break
    taken.reverse()
    phrase = _trim_title(taken)
    return phrase if phrase and has_role_word(phrase) else None


def _trim_title(words: list[str]) -> str | None:
    # Articles and lower-case glue at either end belong to the sentence, not the title; so
    # does a capitalised article that merely starts the sentence.
    while words and (
        words[0].lower() in _ARTICLES or (not words[0][0].isupper() and _bare(words[0]) in _GLUE)
    ):
        words = words[1:]
    # After the last role word only glue belongs to the title ("Secretary of State"); a
    # capitalised word there is the name's own first part ("President Vladimir").
    while words and (
        (_bare(words[-1]) in _GLUE and not words[-1][0].isupper())
        or _bare(words[-1]) not in ROLE_WORDS | _GLUE
    ):
        if words[-1] in _LINKS:
            return None  # "head of the Beirut-based Levant Institute": the name is the object
        words = words[:-1]
    return " ".join(words).strip(" ,") or None


def appositive_after(text: str, end: int) -> str | None:
    """The role in an appositive after the name at ``end``: "the foreign ministry spokeswoman"."""
    tail = text[end : end + 200].split("\n", 1)[0]
    match = _APPOSITIVE.match(tail)
    if not match:
        return None
    phrase = match.group(1).strip()
    first = phrase.split()[0].lower() if phrase else ""
    if first in {"who", "which", "whose", "where", "when", "said", "says", "told", "and"}:
        return None
    words = phrase.split()
    if not words or not has_role_word(" ".join(words[:4])):
        return None
    return phrase


def role_at(text: str, start: int, end: int) -> str | None:
    """The role the text gives the name at ``start:end``, before or after it."""
    return title_before(text, start) or appositive_after(text, end)


def gender_of(role: str | None, honorific: str | None = None) -> str | None:
    """ "female", "male" or None, from a role ("spokeswoman") or an honorific ("Mr.")."""
    for words in (honorific, role):
        if not words:
            continue
        if _FEMALE.search(words):
            return "female"
        if _MALE.search(words):
            return "male"
    return None


def honorific_before(text: str, start: int) -> str | None:
    match = re.search(r"\b(Mr|Mrs|Ms|Miss|Sir|Dr)\.?\s+$", text[max(0, start - 6) : start])
    return match.group(1) if match else None
