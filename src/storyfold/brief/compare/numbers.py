"""Figures the outlets give for the same thing, and where they differ.

A numeric claim is a figure with what it counts: "about 42,000 vehicles a day" counts
vehicles, "$120 million" counts dollars, "12 percent" is a share. Figures that name
something rather than count it are left out: years, dates, clock times, ages, scores and
votes ("7-2"), and labels ("Pier 4", "Route 12", "No. 3"). Two claims from different
outlets are about the same thing when they count the same noun in sentences that say
much the same (the story-centred embedding cosine, or shared content words besides the
figure); a group of such claims with more than one value is a disagreement.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from storyfold.brief.summary.citations import ref
from storyfold.brief.table import SentenceTable
from storyfold.model import NumberClaim, NumericDisagreement
from storyfold.text import content_words

# Tuned by hand on the example story (examples/harbor-bridge: the one disagreement,
# 42,000 vs 38,000 vehicles a day, found; the agreeing 40-minute detours, 15-minute
# ferries and 1946 opening not flagged) and checked on the seeds (no disagreement
# invented): the disagreeing sentences sit at story-centred cosine 0.41-0.55, while the
# nearest unrelated pair counting the same noun (sensor readings and ferry sailings "every
# ... minutes") sits at 0.31 and shares three words besides the figure.
CONTEXT_COSINE = 0.4
# ... or share this many content words besides the figures and the counted noun.
CONTEXT_SHARED_WORDS = 4
# Values within this relative difference are the same figure rounded ("about 42,000" and
# "42,500").
SAME_VALUE = 0.02

_MONTHS = (
    "jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|"
    "june|july|august|september|october|november|december"
)
_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_WORD_NUMBERS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "hundred": 100, "dozen": 12,
}  # fmt: skip
MAX_NOUN_WORDS = 3
_IRREGULAR_PLURALS = frozenset({"people", "children", "men", "women", "feet", "police", "staff"})
_CURRENCY = {"$": "dollars", "£": "pounds", "€": "euros"}
_FIGURE = re.compile(
    r"(?P<currency>[$£€])?(?P<digits>\d+(?:,\d{3})*(?:\.\d+)?|\b(?:"
    + "|".join(_WORD_NUMBERS)
    + r")\b)"
    r"(?:[ -](?P<scale>thousand|million|billion|trillion)\b)?"
    r"(?P<percent>\s?%|\s+per\s?cent\b)?",
    re.IGNORECASE,
)
_NOUN = re.compile(r"[A-Za-z][A-Za-z'-]*")
# Words between a figure and what it counts: "42,000 more vehicles", "40 additional minutes".
_SKIP_BEFORE_NOUN = frozenset(
    {"more", "fewer", "less", "additional", "extra", "other", "new", "of", "the", "or", "and"}
)
_APPROXIMATE = re.compile(
    r"(?:about|around|roughly|nearly|almost|approximately|some|more than|less than|fewer than"
    r"|at least|up to|as many as|as much as|over|under)\s+$",
    re.IGNORECASE,
)
_DATE_BEFORE = re.compile(rf"\b(?:{_MONTHS})\.?\s*$", re.IGNORECASE)
_DATE_AFTER = re.compile(rf"^(?:st|nd|rd|th)?\s*(?:of\s+)?(?:{_MONTHS})\b", re.IGNORECASE)
_NOT_A_COUNT_AFTER = re.compile(
    r"^(?:st|nd|rd|th\b|:\d|\s*[ap]\.?m\b|-year|\s*years?[- ]old|-\d|\s*-\s*\d|\s*/\s*\d"
    r"|\.\d|\s*(?:o'clock|GMT|UTC)\b)",
    re.IGNORECASE,
)
_NOT_A_COUNT_BEFORE = re.compile(
    r"(?:\b(?:aged?|no\.?|number|nos\.?|page|route|pier|chapter|section|article|"
    r"flight|room|channel|highway|interstate|at|since|until)\s*|[#-])$",
    re.IGNORECASE,
)
_LABEL_BEFORE = re.compile(r"\b[A-Z][a-z]+\s$")


@dataclass(frozen=True, slots=True)
class Figure:
    row: int  # sentence row in the table
    value: float
    text: str  # as written, with its qualifier: "about 42,000"
    noun: str  # what it counts, normalised: "vehicle"
    about: str  # what it counts as written: "vehicles a day"


def find_figures(table: SentenceTable) -> list[Figure]:
    figures: list[Figure] = []
    for row, text in enumerate(table.texts):
        if table.citable[row]:
            figures.extend(figures_in(text, row))
    return figures


def figures_in(text: str, row: int = 0) -> list[Figure]:
    """The counts in one sentence, each with the noun it counts."""
    found = []
    for match in _FIGURE.finditer(text):
        before, after = text[: match.start()], text[match.end() :]
        digits = match.group("digits")
        if not _is_count(digits, before, after, match):
            continue
        value = _value(digits)
        if value is None:
            continue
        scale = match.group("scale")
        if scale:
            value *= _SCALES[scale.lower()]
        noun, about = _counted(match, after)
        if noun is None or not content_words(noun):
            continue
        qualifier = _APPROXIMATE.search(before)
        shown = (qualifier.group(0) if qualifier else "") + match.group(0).strip()
        found.append(Figure(row, value, shown.strip(), noun, about))
    return found


def _is_count(digits: str, before: str, after: str, match: re.Match[str]) -> bool:
    if digits.isdigit() and len(digits) == 4 and 1800 <= int(digits) <= 2100:
        return False  # a year
    if _DATE_BEFORE.search(before) or _DATE_AFTER.match(after):
        return False
    if _NOT_A_COUNT_AFTER.match(after) or _NOT_A_COUNT_BEFORE.search(before):
        return False
    # "Pier 4", "Route 12": a capitalised word straight before a bare figure names a thing
    # (the start of a sentence aside, where every word is capitalised).
    bare = not (match.group("currency") or match.group("scale") or match.group("percent"))
    label = _LABEL_BEFORE.search(before)
    return not (bare and digits[0].isdigit() and label is not None and label.start() > 0)


def _value(digits: str) -> float | None:
    word = _WORD_NUMBERS.get(digits.lower())
    if word is not None:
        return float(word)
    try:
        return float(digits.replace(",", ""))
    except ValueError:
        return None


def _counted(match: re.Match[str], after: str) -> tuple[str | None, str]:
    """(normalised noun, the words as written) that the figure counts."""
    if match.group("percent"):
        return "percent", "percent"
    currency = match.group("currency")
    if currency:
        return _CURRENCY[currency], _CURRENCY[currency]
    words: list[str] = []
    for token in after.split()[:8]:
        word = token.strip(".,;:!?\"'()")
        if not words and word.lower() in _SKIP_BEFORE_NOUN:
            continue
        if not _NOUN.fullmatch(word):
            break
        words.append(word)
        if word != token.rstrip("\"')"):  # punctuation ends the phrase
            break
    # Without a tagger, the counted noun is the first plural in the run of content words
    # after the figure ("four Russian fighter jets", "42,000 vehicles use the bridge"), or
    # the first word when none looks plural. Three words at most: a longer run is a clause.
    run: list[str] = []
    for word in words:
        if not content_words(word) or len(run) == MAX_NOUN_WORDS:
            break
        run.append(word)
    if not run:
        return None, ""
    plural = next((k for k, w in enumerate(run) if _looks_plural(w.lower())), 0)
    run = run[: plural + 1]
    noun = run[-1].lower()
    rest = words[len(run) :]
    if noun in {"percent", "pct"}:
        return "percent", "percent"
    if noun in {"dollars", "pounds", "euros"}:
        return noun, noun
    # A rate keeps its period: "vehicles a day", "riders per week".
    rate = len(rest) >= 2 and rest[0].lower() in {"a", "an", "per", "each"}
    about = " ".join([*run, *rest[:2]]) if rate else " ".join(run)
    return _singular(noun), about


def _looks_plural(word: str) -> bool:
    if word.endswith(("'s", "’s")):
        return False  # a possessive: "four of the bridge's spans" counts spans
    return word in _IRREGULAR_PLURALS or (word.endswith("s") and not word.endswith("ss"))


def _singular(noun: str) -> str:
    if noun.endswith("ies") and len(noun) > 4:
        return noun[:-3] + "y"
    if noun.endswith("s") and not noun.endswith("ss") and len(noun) > 3:
        return noun[:-1]
    return noun


def numeric_disagreements(table: SentenceTable) -> tuple[NumericDisagreement, ...]:
    """Groups of claims from different outlets about the same count with different values."""
    figures = find_figures(table)
    outlets = [table.articles[int(table.article_of[f.row])].outlet for f in figures]
    parent = list(range(len(figures)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    values_in: dict[tuple[int, str], set[float]] = {(f.row, f.noun): set() for f in figures}
    for f in figures:
        values_in[(f.row, f.noun)].add(f.value)
    linked: list[tuple[int, int]] = []
    words: dict[int, set[str]] = {}  # content words by row: the pairs below are quadratic
    for i, a in enumerate(figures):
        for j in range(i + 1, len(figures)):
            b = figures[j]
            if a.noun == b.noun and outlets[i] != outlets[j] and _same_context(table, a, b, words):
                linked.append((i, j))
    # Only pairs that differ join a group (so agreeing figures cannot chain two unrelated
    # disagreements together); agreeing figures are added to a group afterwards. Two
    # sentences that give a common value for the noun agree, whatever else they list
    # ("every 15 minutes, up from every 30" against "every 15 minutes").
    for i, j in linked:
        a, b = figures[i], figures[j]
        if values_in[(a.row, a.noun)] & values_in[(b.row, b.noun)]:
            continue
        if _differ(sorted({a.value, b.value})):
            parent[root(i)] = root(j)
    sizes = Counter(root(i) for i in range(len(figures)))
    for i, j in linked:
        if figures[i].value == figures[j].value:
            for member, other in ((i, j), (j, i)):
                if sizes[root(member)] == 1 and sizes[root(other)] > 1:
                    parent[member] = root(other)
    groups: dict[int, list[int]] = {}
    for i in range(len(figures)):
        groups.setdefault(root(i), []).append(i)
    result = []
    for members in groups.values():
        values = sorted({figures[i].value for i in members})
        if len(values) < 2 or not _differ(values):
            continue
        if len({outlets[i] for i in members}) < 2:
            continue
        # One claim per outlet and value: the same outlet repeating a figure adds nothing.
        seen: set[tuple[str, float]] = set()
        claims = []
        for i in sorted(members, key=lambda k: (figures[k].value, figures[k].row)):
            key = (outlets[i], figures[i].value)
            if key in seen:
                continue
            seen.add(key)
            f = figures[i]
            claims.append(NumberClaim(value=f.value, text=f.text, ref=ref(table, f.row, 1.0)))
        about = max((figures[i].about for i in members), key=len)
        result.append(NumericDisagreement(about=about, claims=tuple(claims)))
    return tuple(sorted(result, key=lambda d: -len(d.claims)))


def _same_context(
    table: SentenceTable, a: Figure, b: Figure, words: dict[int, set[str]] | None = None
) -> bool:
    if float(table.features.centered[a.row] @ table.features.centered[b.row]) >= CONTEXT_COSINE:
        return True
    words = {} if words is None else words
    for row in (a.row, b.row):
        if row not in words:
            found = content_words(table.texts[row])
            words[row] = {w for w in found if not any(ch.isdigit() for ch in w)}
    shared = words[a.row] & words[b.row]
    return len(shared - {a.noun, a.noun + "s", b.about.split()[0].lower()}) >= CONTEXT_SHARED_WORDS


def _differ(values: list[float]) -> bool:
    low, high = values[0], values[-1]
    # np.isclose's test written out: called once a linked pair, numpy's scalar call costs.
    close = abs(high - low) <= 1e-8 + 1e-5 * abs(high)
    return bool(high - low > SAME_VALUE * max(abs(high), 1e-9)) and not close
