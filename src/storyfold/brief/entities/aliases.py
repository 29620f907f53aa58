"""One name for each thing a story names in several ways.

Outlets write "IS", "ISIL", "ISIS" and "Islamic State" for one group, "U.S." and "United
States" for one country, and a person's full name once, then the surname. ``AliasIndex``
folds these forms onto one canonical name: a small table of common news aliases, acronyms
made of a name's initials, and surnames (or a shorter form of the full name) within the
story. Matching is on a key (case, dots, a leading "the", a possessive and titles such as
"Mr." removed); the name shown is the fullest form the story uses.
"""

from __future__ import annotations

import functools
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from storyfold.text.normalize import fold_lookalikes

# Aliases no rule can derive: each line is one thing, its display name first. Kept short on
# purpose (the names the seeds and common wire copy use); anything else merges by rule.
_TABLE: tuple[tuple[str, ...], ...] = (
    ("Islamic State", "IS", "ISIL", "ISIS", "Isil", "Isis", "Daesh", "Islamic State group",
     "Islamic State of Iraq and the Levant", "Islamic State of Iraq and Syria"),
    ("United States", "U.S.", "US", "USA", "U.S.A.", "America", "United States of America"),
    ("United Nations", "UN", "U.N."),
    ("NATO", "Nato", "North Atlantic Treaty Organisation", "North Atlantic Treaty Organization"),
    ("European Union", "EU", "E.U."),
    ("United Kingdom", "UK", "U.K.", "Britain", "Great Britain"),
    ("Russia", "Russian Federation"),
    ("Pentagon", "Defense Department", "Department of Defense"),
    ("Soviet Union", "USSR", "U.S.S.R."),
)  # fmt: skip
# What each row of the table names: the NER types these names by their letters and often
# calls the Islamic State a place ("get rid of ISIL") or a country an organisation.
TABLE_KINDS: dict[str, str] = {
    "Islamic State": "organisation",
    "United States": "place",
    "United Nations": "organisation",
    "NATO": "organisation",
    "European Union": "organisation",
    "United Kingdom": "place",
    "Russia": "place",
    "Pentagon": "organisation",
    "Soviet Union": "place",
}
# Titles written before a name that are not part of it ("Mr Kerry" is Kerry).
_HONORIFICS = frozenset(["mr", "mrs", "ms", "miss", "dr", "sir", "prof"])
# Words skipped when an acronym is made of initials ("Organisation of the Petroleum ...").
_MINOR = frozenset(["of", "the", "for", "and", "in", "on", "at", "to", "de"])
_POSSESSIVE = re.compile(r"['’]s?$")
_ARABIC_ARTICLE = re.compile(r"^(?:al|el|ad|as|ash|at|az)-", re.IGNORECASE)


@functools.lru_cache(maxsize=4096)
def key(name: str) -> str:
    """The matching form of a name: "the U.S.'s" -> "us", "Mr. Kerry" -> "kerry"."""
    words = fold_lookalikes(name).replace("’", "'").split()
    if words and words[0].lower() == "the":
        words = words[1:]
    if words:
        words[-1] = _POSSESSIVE.sub("", words[-1])
    while len(words) > 1 and words[0].lower().rstrip(".") in _HONORIFICS:
        words = words[1:]
    return " ".join(w.replace(".", "").lower() for w in words if w.replace(".", ""))


def display(name: str) -> str:
    """A name as shown: "the Pentagon's" -> "Pentagon", "Mr. Kerry" -> "Kerry"."""
    words = fold_lookalikes(name).split()
    if words and words[0].lower() == "the":
        words = words[1:]
    if words:
        words[-1] = _POSSESSIVE.sub("", words[-1].replace("’", "'"))
    while len(words) > 1 and words[0].lower().rstrip(".") in _HONORIFICS:
        words = words[1:]
    return " ".join(words)


TABLE_KEYS: dict[str, str] = {key(form): row[0] for row in _TABLE for form in row}


def _initials(k: str) -> str:
    return "".join(w[0] for w in k.split() if w not in _MINOR)


def _surname(word: str) -> str:
    """ "al-assad" and "assad" match: the article is dropped from a surname."""
    return _ARABIC_ARTICLE.sub("", word)


@dataclass(frozen=True)
class AliasIndex:
    """Canonical names of a story's names, built once from every (name, kind) it holds."""

    _canonical: dict[str, str]  # key -> canonical display name

    @classmethod
    def build(cls, names: Iterable[tuple[str, str]]) -> AliasIndex:
        """Index ``(name, kind)`` pairs; kind is "person", "organisation", "place" or "group".

        A name seen under several kinds counts as a person if any mention says so: spaCy's
        usual slip is to tag a surname as an organisation, rarely the reverse.
        """
        forms: dict[str, Counter[str]] = defaultdict(Counter)  # key -> display forms
        kinds: dict[str, Counter[str]] = defaultdict(Counter)
        for name, kind in names:
            k = key(name)
            if k:
                forms[k][display(name)] += 1
                kinds[k][kind] += 1
        parent = {k: k for k in forms}

        def find(k: str) -> str:
            while parent[k] != k:
                parent[k] = parent[parent[k]]
                k = parent[k]
            return k

        def union(a: str, b: str) -> None:
            parent[find(a)] = find(b)

        # The curated table, then acronyms of multi-word names.
        by_table: dict[str, str] = {}
        for k in forms:
            row = TABLE_KEYS.get(k)
            if row is not None:
                if row in by_table:
                    union(k, by_table[row])
                else:
                    by_table[row] = k
        multi = [k for k in forms if len(k.split()) > 1]
        for k in forms:
            if " " not in k and 2 <= len(k) <= 6 and _is_acronym(forms[k]):
                matches = [m for m in multi if _initials(m) == k]
                if len(matches) == 1:
                    union(k, matches[0])
        # People: a shorter form whose words end the full name ("Kerry", "de Mistura"), or
        # a lone first name that starts one ("(President Vladimir) Putin" splits the name).
        people = [k for k in forms if kinds[k]["person"]]
        named = [k for k in forms if not _mostly_place(kinds[k])]
        # Full names by their last word, so each form is compared with few candidates.
        by_last: dict[str, list[str]] = defaultdict(list)
        for m in named:
            if " " in m:
                by_last[_surname(m.rsplit(" ", 1)[-1])].append(m)
        for k in named:
            candidates = by_last.get(_surname(k.rsplit(" ", 1)[-1]), [])
            longer = [m for m in candidates if kinds[m]["person"] and _ends_with(m, k)]
            if not longer and kinds[k]["person"]:
                longer = [m for m in candidates if _ends_with(m, k)]
            if longer and _one_person(longer):
                for m in longer:
                    union(k, m)
            elif " " not in k and kinds[k]["person"] and not longer:
                starting = [m for m in people if m.split()[0] == k and " " in m]
                if len(starting) == 1:
                    union(k, starting[0])
        groups: dict[str, list[str]] = defaultdict(list)
        for k in forms:
            groups[find(k)].append(k)
        canonical: dict[str, str] = {}
        for members in groups.values():
            name = _fullest(members, forms)
            for k in members:
                canonical[k] = name
        return cls(canonical)

    def canonical(self, name: str, kind: str = "") -> str:
        """The story's canonical form of ``name`` (the name itself, tidied, if unseen).

        ``kind`` is accepted for symmetry with ``build``; a name has one canonical form
        whatever it was tagged as.
        """
        k = key(name)
        if k in self._canonical:
            return self._canonical[k]
        table = TABLE_KEYS.get(k)
        return table if table is not None else display(name)

    def forms(self, canonical: str) -> tuple[str, ...]:
        """Keys of every name folded onto ``canonical``."""
        return tuple(k for k, c in self._canonical.items() if c == canonical)


def _mostly_place(kinds: Counter[str]) -> bool:
    return kinds["place"] > kinds["person"] + kinds["organisation"]


def _is_acronym(displays: Counter[str]) -> bool:
    return any(d.replace(".", "").isupper() for d in displays)


def _ends_with(longer: str, shorter: str) -> bool:
    long_words = [_surname(w) for w in longer.split()]
    short_words = [_surname(w) for w in shorter.split()]
    return len(long_words) > len(short_words) and long_words[-len(short_words) :] == short_words


def _one_person(keys: list[str]) -> bool:
    """Full names that can all be one person: "ash carter" and "ashton b carter" can,
    "ash carter" and "jimmy carter" cannot (first names neither equal nor a prefix)."""
    firsts = {k.split()[0] for k in keys}
    return all(a.startswith(b) or b.startswith(a) for a in firsts for b in firsts)


def _fullest(members: list[str], forms: dict[str, Counter[str]]) -> str:
    """The display name of a group: the table's name if it has one, else its longest form,
    written as the story writes it most often (so "Pentagon", not "PENTAGON")."""
    for k in members:
        if k in TABLE_KEYS:
            return TABLE_KEYS[k]
    best = max(members, key=lambda k: (len(k.split()), sum(forms[k].values()), len(k)))
    return _best_display(forms[best])


def _best_display(displays: Counter[str]) -> str:
    # Mixed case beats all capitals (datelines shout); then the most frequent.
    return max(displays, key=lambda d: (not d.isupper() or len(d) <= 5, displays[d]))
