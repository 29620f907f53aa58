"""Text normalisation for matching, counting and comparing words.

Everything here is for machines (deduplication, matching a title, embeddings, overlap
scores). The text a reader sees, and every offset a citation points at, stays untouched.
"""

from __future__ import annotations

import re
import unicodedata

# Scraped text mixes look-alike letters into Latin words (a Cyrillic "Т" in "Тhe"), either by
# accident of the typist's keyboard or to defeat filters. Only letters a reader cannot tell
# apart from a Latin letter are listed, so real Cyrillic or Greek words are never garbled.
_LOOKALIKES = {
    # Cyrillic capitals
    "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P", "С": "C",
    "Т": "T", "Х": "X", "У": "Y", "І": "I", "Ј": "J", "Ѕ": "S", "Ԛ": "Q", "Ԝ": "W", "Ү": "Y",
    # Cyrillic small letters
    "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x", "і": "i", "ј": "j",
    "ѕ": "s", "һ": "h", "ԁ": "d", "ԛ": "q", "ԝ": "w", "ӏ": "l",
    # Greek capitals and the few small letters that pass for Latin ones
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N",
    "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X", "ο": "o", "ν": "v",
}  # fmt: skip
_LOOKALIKE_TABLE = str.maketrans(_LOOKALIKES)
_LOOKALIKE_RE = re.compile("[" + "".join(_LOOKALIKES) + "]")
_LATIN_RE = re.compile(r"[A-Za-z]")
_LETTER_RUN_RE = re.compile(r"[^\W\d_]+")

# Applied before NFKC: NFKC turns the acute accent that some sites type as an apostrophe
# ("Avalon´s") into a space plus a combining mark, and a double prime into two primes.
_PUNCT_TABLE = str.maketrans(
    {
        **dict.fromkeys("‘’‚‛′‵´`", "'"),
        **dict.fromkeys("“”„‟″‶«»", '"'),
        **dict.fromkeys("‐‑‒–—―−⁃﹘﹣", "-"),
        **dict.fromkeys("\u200b\u200c\u200d\u2060\ufeff\u00ad", None),
    }
)

# A dash between words splits them for a reader ("closed—again" is two words); a hyphen does not.
_TOKEN_RE = re.compile(r"[^\s\u2012-\u2015]+")
# A whole token without a letter or digit ("--", "•"); the lookarounds keep the scan linear.
_BARE_TOKEN_RE = re.compile(
    r"(?<![^\s\u2012-\u2015])(?:[^\w\s\u2012-\u2015]|_)+(?![^\s\u2012-\u2015])"
)
# Numbers keep their separators ("240,000", "8.56"); words keep inner apostrophes, dots and
# hyphens ("u.s", "al-hassan", "t-90") so that one name stays one token.
_WORD_RE = re.compile(r"\d+(?:[.,:]\d+)+|[^\W_]+(?:[.'\-][^\W_]+)*")
_POSSESSIVE = "'s"


def word_set(words: str) -> frozenset[str]:
    """A word list written as one whitespace-separated string, as a set."""
    return frozenset(words.split())


STOPWORDS = word_set("""
    a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers herself him himself his how i if in into is it
    its itself just me more most my myself no nor not now of off on once only or other our ours
    ourselves out over own same she should so some such than that the their theirs them
    themselves then there these they this those through to too under until up very was we were
    what when where which while who whom why will with would you your yours yourself
    yourselves said says say
    """)


def fold_lookalikes(text: str) -> str:
    """Map Cyrillic/Greek look-alike letters to Latin inside words that also hold Latin letters."""
    if not _LOOKALIKE_RE.search(text):
        return text
    return _LETTER_RUN_RE.sub(_fold_word, text)


def _fold_word(match: re.Match[str]) -> str:
    word = match.group()
    if _LATIN_RE.search(word) and _LOOKALIKE_RE.search(word):
        return word.translate(_LOOKALIKE_TABLE)
    return word


def normalize_for_matching(text: str) -> str:
    """A canonical form of `text` for matching and embedding; never for display."""
    if text.isascii():
        # NFKC leaves ASCII alone and every look-alike is non-ASCII, so of the full pass
        # below only the backtick-as-apostrophe and the spacing can change an ASCII text.
        return " ".join(text.replace("`", "'").split())
    text = unicodedata.normalize("NFKC", text.translate(_PUNCT_TABLE))
    # NFKC can produce new dashes or quotes from compatibility forms, hence a second pass.
    text = fold_lookalikes(text.translate(_PUNCT_TABLE))
    return " ".join(text.split())


# For ASCII text, `word_count` in two C calls: deleting every character that is neither a
# word character nor whitespace (and the underscore) leaves exactly the tokens that hold a
# letter or digit; the separators \x1c-\x1f, whitespace to the regexes, become spaces.
_ASCII_NON_WORD = bytes(c for c in range(128) if not (chr(c).isalnum() or chr(c).isspace()))
_ASCII_SEPARATORS = bytes.maketrans(bytes(range(0x1C, 0x20)), b"    ")


def word_count(text: str) -> int:
    """Words as a reader counts them: tokens between spaces or dashes with a letter or digit."""
    if text.isascii():
        return len(
            text.encode("ascii").translate(_ASCII_SEPARATORS, delete=_ASCII_NON_WORD).split()
        )
    return len(_TOKEN_RE.findall(text)) - len(_BARE_TOKEN_RE.findall(text))


def content_words(text: str) -> list[str]:
    """Lower-cased normalised word tokens, in order, without common English function words."""
    cut = len(_POSSESSIVE)
    tokens = _WORD_RE.findall(normalize_for_matching(text).lower())
    stems = (t[:-cut] if t.endswith(_POSSESSIVE) else t for t in tokens)
    return [t for t in stems if t and t not in STOPWORDS]
