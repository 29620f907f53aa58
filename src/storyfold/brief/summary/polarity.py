"""Which way a sentence states a claim: general English antonym pairs and the words that
turn them round.

Two sentences of one story that name the same actors and differ in one predicate can say
opposite things: "the jury convicted him" and "the jury found him not guilty", "the subway
stopped running" and "the subway kept running", "ordered to leave their homes" and "allowed
to return to their homes". Word vectors put antonyms close (they share their contexts), so
the claim matcher needs to be told. And a negated antonym says the same thing: "no stores
would close" is "every store stays open", "none of them died" is "all survived".

AXES is a table of general antonym pairs, written by us for English news (not for any one
story): each axis has a positive and a negative pole, each pole a few base words whose
regular forms are made by `forms` (irregular forms are listed). A sentence's *poles* on an
axis are those of its axis words, each turned round when a negation governs it: "not",
"never", "-n't" and "without" govern the next NEGATION_SCOPE content words; "no", "none",
"nobody", "nothing", "neither" and "nor" (quantifiers: "no residents were reported hurt")
govern the rest of their clause; "refused to", "declined to" and "failed to" the verb that
follows. Two sentences that both use an axis and share no pole on it state opposite claims.

`quantity_clash` is the other polarity rule: "no residents" against "two residents".
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from storyfold.text import normalize_for_matching
from storyfold.text.normalize import STOPWORDS

# (axis, positive pole, negative pole). Base forms; `forms` adds "-s", "-ed", "-ing" and
# the like, so irregular forms are written out. A word may sit on two axes ("clear": passed
# an inspection; cleared of a charge).
AXES: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    (
        "guilt",
        ("convict", "conviction", "guilty"),
        ("acquit", "acquittal", "innocent", "exonerate", "clear"),
    ),
    (
        "win",
        ("win", "won", "winner", "victory", "victorious", "beat"),
        ("lose", "lost", "loser", "defeat", "concede"),
    ),
    (
        "approve",
        ("approve", "approval", "accept", "acceptance", "endorse", "ratify"),
        ("reject", "rejection", "refuse", "refusal", "veto", "deny", "denial"),
    ),
    (
        "allow",
        ("allow", "permit", "authorise", "authorize", "legalise", "legalize"),
        ("ban", "forbid", "forbade", "forbidden", "prohibit", "outlaw", "block"),
    ),
    (
        "rise",
        (
            "rise",
            "rose",
            "risen",
            "increase",
            "climb",
            "jump",
            "soar",
            "surge",
            "gain",
            "grow",
            "grew",
            "grown",
            "raise",
        ),
        (
            "fall",
            "fell",
            "fallen",
            "drop",
            "decrease",
            "decline",
            "slip",
            "sink",
            "sank",
            "sunk",
            "plunge",
            "slump",
            "shrink",
            "shrank",
            "cut",
            "lower",
        ),
    ),
    ("open", ("open", "reopen", "reopening"), ("close", "closure", "shut", "shutdown")),
    (
        "continue",
        ("continue", "keep", "kept", "resume", "remain"),
        ("stop", "halt", "suspend", "cease", "quit", "abandon"),
    ),
    ("confirm", ("confirm", "confirmation", "admit", "acknowledge"), ("deny", "denial", "dispute")),
    ("pass", ("pass", "succeed", "success", "clear"), ("fail", "failure")),
    (
        "leave",
        ("leave", "left", "evacuate", "evacuation", "flee", "fled", "depart", "departure"),
        ("return", "reenter", "come back", "came back"),
    ),
    (
        "alive",
        ("alive", "survive", "survival", "survivor", "living", "rescue"),
        ("die", "died", "dead", "death", "kill", "killed", "fatal"),
    ),
    (
        "hurt",
        ("hurt", "injure", "injury", "wound", "harm"),
        ("unhurt", "uninjured", "unharmed", "unscathed"),
    ),
    ("accept", ("accept", "respect", "abide"), ("appeal", "challenge", "contest")),
    (
        "praise",
        ("praise", "welcome", "commend", "applaud", "support", "back"),
        (
            "criticise",
            "criticize",
            "criticism",
            "condemn",
            "oppose",
            "opposition",
            "fault",
            "denounce",
        ),
    ),
    ("arrest", ("arrest", "detain", "jail", "imprison"), ("release", "free", "freed")),
    ("hire", ("hire", "recruit"), ("fire", "dismiss", "lay off", "laid off", "sack")),
    ("buy", ("buy", "bought", "purchase", "acquire"), ("sell", "sold")),
    ("agree", ("agree", "agreement"), ("disagree", "disagreement")),
    ("present", ("present", "attend"), ("absent", "absence", "missing")),
    ("include", ("include", "inclusion"), ("exclude", "exclusion")),
    ("start", ("start", "begin", "began", "begun", "launch"), ("end", "finish", "complete")),
    ("legal", ("legal", "lawful"), ("illegal", "unlawful")),
    ("safe", ("safe", "safety"), ("unsafe", "dangerous", "danger")),
)
# How many content words after "not", "never", "-n't" or "without" they govern ("would not
# appeal", "found him not guilty", "got out without injury").
NEGATION_SCOPE = 2
_NEGATORS = frozenset({"not", "never", "cannot", "without"})
# Quantifiers that deny the whole clause: "no residents have been reported hurt".
_QUANTIFIERS = frozenset({"no", "none", "nobody", "nothing", "neither", "nor"})
# Verbs that deny the verb after "to": "refused to concede", "failed to start".
_DENYING = frozenset(
    {
        "refuse",
        "refused",
        "refuses",
        "refusing",
        "decline",
        "declined",
        "declines",
        "declining",
        "fail",
        "failed",
        "fails",
        "failing",
    }
)
# Where a clause ends: punctuation, and the conjunctions that start another claim.
_CLAUSE_ENDS = frozenset(
    {"and", "but", "though", "although", "while", "whereas", "because", "so", "or"}
)
# Words a negation skips without spending its scope ("did not yet know").
_SKIPPED = frozenset({"yet", "even", "ever", "any"})
_TOKEN = re.compile(r"[^\W_]+(?:['\-][^\W_]+)*|[.,;:!?()\"]")
_NUMBER_WORDS = frozenset(
    """one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen
    sixteen seventeen eighteen nineteen twenty thirty forty fifty hundred thousand dozens
    hundreds thousands several""".split()  # noqa: SIM905 - a word list reads better so
)
# Words that neither state a pole nor spend a negation's scope.
_PASSED = STOPWORDS | {"to"} | _SKIPPED
_DETERMINERS = frozenset({"the", "them", "its", "their", "his", "her", "our", "these", "those"})


def forms(base: str) -> set[str]:
    """``base`` and its regular forms: "-s"/"-es"/"-ies", "-ed"/"-d", "-ing" (with "e"
    dropped or the last consonant doubled). Over-generating is harmless in a lookup."""
    found = {base}
    if " " in base:
        return found
    stem = base[:-1] if base.endswith("e") else base
    found |= {base + "s", base + "es", stem + "ed", stem + "ing", base + "d"}
    if base.endswith("y"):
        found |= {base[:-1] + "ies", base[:-1] + "ied"}
    if len(base) >= 3 and base[-1] not in "aeiouwy" and base[-2] in "aeiou":
        found |= {base + base[-1] + "ed", base + base[-1] + "ing"}
    return found


def _lexicon() -> dict[str, tuple[tuple[str, int], ...]]:
    table: dict[str, list[tuple[str, int]]] = {}
    for axis, positive, negative in AXES:
        for pole, words in ((1, positive), (-1, negative)):
            for base in words:
                for form in forms(base):
                    table.setdefault(form, []).append((axis, pole))
    return {word: tuple(dict.fromkeys(entries)) for word, entries in table.items()}


LEXICON = _lexicon()
# The first words of LEXICON's two-word entries ("come back", "laid off"): only after one
# of them is the pair of words looked up.
_PHRASE_STARTS = frozenset(word.split()[0] for word in LEXICON if " " in word)


@dataclass(frozen=True)
class Polarity:
    """A sentence's axis words and their poles, negations applied."""

    words: dict[str, frozenset[tuple[str, int]]]  # axis word -> (axis, pole) it states
    axes: dict[str, frozenset[int]]  # axis -> the poles the sentence states on it
    zero: frozenset[str]  # nouns the sentence says there are none of ("no residents")
    counted: frozenset[str]  # nouns it gives a positive number of ("two residents")


def polarity(text: str) -> Polarity:
    tokens = _tokens(text)
    words: dict[str, set[tuple[str, int]]] = {}
    scope = 0  # content words a "not" still governs
    clause_negated = False  # a "no"-quantifier governs the rest of the clause
    denied_next = False  # "refused to" governs the next verb
    zero: set[str] = set()
    counted: set[str] = set()
    last = len(tokens) - 1
    for k, token in enumerate(tokens):
        if not token[:1].isalnum() or token in _CLAUSE_ENDS:
            scope, clause_negated, denied_next = 0, False, False
            continue
        after = tokens[k + 1] if k < last else ""
        if token in _DENYING and after == "to":
            denied_next = True
            continue
        if token in _NEGATORS or token.endswith("n't"):
            scope = NEGATION_SCOPE
            continue
        if token in _QUANTIFIERS:
            clause_negated = True
            noun = _noun_after(tokens, k)
            if noun:
                zero.add(noun)
            continue
        if _is_count(token) and after[:1].isalpha() and after not in STOPWORDS:
            counted.add(after)
        if token in _PASSED:
            continue
        entries = LEXICON.get(token)
        if not entries and token in _PHRASE_STARTS:
            entries = LEXICON.get(f"{token} {after}")
        if entries:
            sign = -1 if clause_negated or scope > 0 or denied_next else 1
            words.setdefault(token, set()).update((axis, pole * sign) for axis, pole in entries)
        if scope:
            scope -= 1
        denied_next = False  # "refused to" governs one verb
    axes: dict[str, set[int]] = {}
    for entries_found in words.values():
        for axis, pole in entries_found:
            axes.setdefault(axis, set()).add(pole)
    return Polarity(
        words={w: frozenset(e) for w, e in words.items()},
        axes={a: frozenset(p) for a, p in axes.items()},
        zero=frozenset(zero),
        counted=frozenset(counted),
    )


def opposed(a: Polarity, b: Polarity) -> bool:
    """Do ``a`` and ``b`` state opposite poles of an axis both use (and no pole in common)?"""
    return any(
        b.axes.get(axis) is not None and not poles & b.axes[axis] for axis, poles in a.axes.items()
    )


def agreeing(a: Polarity, b: Polarity) -> set[tuple[str, str]]:
    """(word of ``a``, word of ``b``) that state the same pole of an axis: "close" under "no"
    and "open", "survived" and "died" under "none"."""
    return {(w, u) for w, ea in a.words.items() for u, eb in b.words.items() if ea & eb}


def quantity_clash(a: Polarity, b: Polarity, same: Callable[[str, str], bool]) -> bool:
    """One says there are none of something ("no residents") the other counts ("two
    residents")."""
    return any(same(z, c) for z in a.zero for c in b.counted) or any(
        same(z, c) for z in b.zero for c in a.counted
    )


def _tokens(text: str) -> list[str]:
    return [t.removesuffix("'s") for t in _TOKEN.findall(normalize_for_matching(text).lower())]


def _noun_after(tokens: Iterable[str], k: int) -> str:
    """The noun a quantifier at ``k`` counts: "no residents", "none of the stores"."""
    rest = list(tokens)[k + 1 : k + 4]
    if rest[:1] == ["of"]:
        rest = rest[1:]
        if rest[:1] and rest[0] in _DETERMINERS:
            rest = rest[1:]
    if not rest:
        return ""
    word = rest[0]
    if not word[:1].isalpha() or word in STOPWORDS or word in _NUMBER_WORDS:
        return ""
    return word


def _is_count(token: str) -> bool:
    """A positive number: digits or a number word ("two residents", "12 patients")."""
    return token in _NUMBER_WORDS or (token.isdigit() and int(token) > 0)
