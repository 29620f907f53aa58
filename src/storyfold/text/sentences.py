"""Sentence splitting with character offsets into the text exactly as given.

A rule-based splitter: news prose is regular enough that a few rules about what may follow a
full stop beat a statistical model we could not ship (NLTK's punkt data cannot be
downloaded here), and rules keep every offset exact and the cost linear in the text.

A line break always ends a sentence: scraped text has one paragraph per line, and a
"sentence" that ran across two paragraphs would cite text from both.
"""

from __future__ import annotations

import re

from storyfold.text.normalize import fold_lookalikes, word_set

_LINE_RE = re.compile(r"[^\n]+")
# A run of sentence-final marks, then any closing quotes or brackets that belong to the same
# sentence; a candidate only when whitespace or the end of the line follows, so "3.5",
# "U.S.-led" and "Sunday.PHOTO" are never split.
_CANDIDATE_RE = re.compile(r"([.?!…]+)[\"'”’»)\]]*(?=\s|$)")
# The first word of what follows a candidate, past opening quotes and brackets; empty when
# the next token starts with a symbol ("$5", "-- ", "•").
_NEXT_WORD_RE = re.compile(r"\s+[\"'“‘«(\[]*(\w[\w'’-]*)?")
_HAS_ALNUM_RE = re.compile(r"[^\W_]")
_OPENERS = "\"'“‘«(["

# Titles that stand before a name: a full stop after them never ends a sentence, even
# before a capital ("Mr. Lim", "Lt. Gen. Ray Burns", "St. Petersburg", "Roe v. Wade").
_NEVER_FINAL = word_set("""
    mr mrs ms mx messrs mmes dr prof gen lt col maj capt cmdr cdr adm sgt cpl pvt pfc spc brig
    gov sen sens rep reps gens govs pres supt insp det atty amb hon rev fr msgr st mt ft
    vs v cf e.g i.e viz approx
    """)
# "No. 10", "Vol. 3", "pp. 4-7": not final before a number, an ordinary word otherwise.
_BEFORE_NUMBER = word_set("no nos vol vols p pp art fig ch sec para")
# "Oct. 7" continues; "in Oct. The ..." ends (a month abbreviation is nearly always followed
# by a day, so a capital after it most likely starts a new sentence).
_MONTHS = word_set("jan feb mar apr jun jul aug sep sept oct nov dec")
# Abbreviations that end sentences as often as they sit inside one ("Apple Inc. said" vs
# "shares of Apple Inc. The ..."); decided by the word that follows, see _SENTENCE_STARTERS.
_AMBIGUOUS = word_set("inc corp co ltd llc plc bros jr sr etc")
# US state abbreviations, matched case-sensitively because several are also words ("ill",
# "mass", "wash").
_STATES = word_set("""
    Ala Ariz Ark Calif Colo Conn Del Fla Ga Ill Ind Kan Kans Ky La Md Mass Mich Minn Miss Mo
    Mont Neb Nev Okla Ore Pa Tenn Tex Va Vt Wash Wis Wyo
    """)
# Dotted initialisms ("U.S", "U.N", "e.g", "a.m", "D.C") and a single capital initial ("B" in
# "Maya R. Olsen"), as the token reads without its final full stop.
_INITIALS_RE = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]|[A-Za-z]")

# After an ambiguous abbreviation ("U.S.", "Inc.", an initial, "a.m."), a capitalised word
# is far more often a name or title that continues the sentence ("U.S. Secretary of State",
# "Maya R. Olsen", "8 a.m. Tuesday") than a new sentence. We split there only when the
# next word is one that commonly opens an English sentence (function words, pronouns,
# sentence adverbs), so "... to the U.S. The next day ..." splits while "U.S. Defense
# Secretary" does not. A missed split merges two sentences; a wrong one cuts a sentence in
# two mid-clause, which is worse for a citation. Titles such as "Gen." or "Sen." are left
# out on purpose: "U.S. Sen. Jane Roe" is one sentence.
_SENTENCE_STARTERS = word_set("""
    a an the this that these those it its he she they we i you his her their our my your
    there here but and or so yet however meanwhile also still then now thus instead indeed
    in on at for from by with after before during since as when while if although though
    because despite earlier later last next some many most more much both all each every
    several few no not none one two three what who why how where which such according
    mr mrs ms
    """)


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of the sentences of `text`, stripped of surrounding whitespace."""
    spans: list[tuple[int, int]] = []
    for line in _LINE_RE.finditer(text):
        _split_line(text, line.start(), line.end(), spans)
    return spans


def _split_line(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while end > start and text[end - 1].isspace():
        end -= 1
    for candidate in _CANDIDATE_RE.finditer(text, start, end):
        stop = candidate.end()
        if stop >= end:
            break  # the line's own end closes the last sentence
        if _ends_sentence(text, candidate, start, end):
            _add_span(text, start, stop, spans)
            start = stop
    _add_span(text, start, end, spans)


def _add_span(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    # A span of bare punctuation ("...", "--") is no sentence; it is left out of the list.
    if _HAS_ALNUM_RE.search(text, start, end):
        spans.append((start, end))


def _ends_sentence(text: str, candidate: re.Match[str], line_start: int, line_end: int) -> bool:
    marks = candidate.group(1)
    following = _NEXT_WORD_RE.match(text, candidate.end(), line_end)
    word = (following.group(1) or "") if following else ""
    if word[:1].islower():
        return False  # "U.S. officials", '"Is it?" he asked', "... and then"
    if "?" in marks or "!" in marks:
        return True
    if len(marks) > 1 or "…" in marks:
        return word[:1].isupper()  # an ellipsis ends a sentence only before a capital
    token = _token_before(text, candidate.start(), line_start)
    return _full_stop_ends_sentence(token, word)


def _token_before(text: str, stop: int, line_start: int) -> str:
    begin = stop
    while begin > line_start and not text[begin - 1].isspace():
        begin -= 1
    return text[begin:stop].lstrip(_OPENERS)


def _full_stop_ends_sentence(token: str, word: str) -> bool:
    lowered = token.lower()
    if lowered in _NEVER_FINAL:
        return False
    starts_with_digit = word[:1].isdigit()
    if lowered in _BEFORE_NUMBER or lowered in _MONTHS:
        return not starts_with_digit
    if lowered in _AMBIGUOUS or token in _STATES or _INITIALS_RE.fullmatch(token):
        return fold_lookalikes(word).lower() in _SENTENCE_STARTERS
    return True
