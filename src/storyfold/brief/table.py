"""Every sentence of a story in flat arrays: the one view the summary and citations share."""

from __future__ import annotations

import re
import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

import numpy as np
from numpy.typing import NDArray

from storyfold.model import Article, Sentence
from storyfold.nlp import Embedder, unit_rows
from storyfold.text import content_words, normalize_for_matching, word_count
from storyfold.text.cruft_rules import junk_sentence

# Numbers as written in news copy: "42,000", "3.5", "21", and the small ones in words
# ("four people", "eight aircraft"). Used to keep sentences that give different figures
# from being cited as saying the same thing. A share keeps its mark ("12%" is not the "12"
# of "12 hours"), so "a 7 percent raise and 12 hours" does not confirm "a 12 percent raise
# and 12 hours". The look-ahead for the number words' first letters, as for _DAY_NAMES.
_NUMBER = re.compile(
    r"(\d+(?:[.,]\d+)*|\b(?=[otfsenhd])(?:one|two|three|four|five|six|seven|eight|nine|ten"
    r"|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty"
    r"|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|dozen)\b)"
    r"(\s?(?:%|percent\b|per cent\b))?",
    re.IGNORECASE,
)
_SMALL_NUMBERS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
]
_TENS = {"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80}
_NUMBER_WORDS = {w: str(k) for k, w in enumerate(_SMALL_NUMBERS)} | {
    w: str(v) for w, v in (_TENS | {"ninety": 90, "hundred": 100, "dozen": 12}).items()
}
# Days and months named: two sentences that each name some and share none tell of
# different days ("until Thursday" against "until Saturday"). The look-ahead for the
# names' first letters only skips where none can start; it halves the time of a search
# that tries all the names at every word.
_DAY_NAMES = re.compile(
    r"\b(?=[mtwfsjaond])(monday|tuesday|wednesday|thursday|friday|saturday|sunday"
    r"|january|february|april|june|july|august|september|october|november|december"
    r"|jan|feb|apr|jun|jul|aug|sep|sept|oct|nov|dec)\b\.?",
    re.IGNORECASE,
)
# Quoted material after normalisation (curly quotes are straight by then). Only quotations
# of three or more words count: a one-word scare quote ("tactical") is not a remark.
_QUOTED = re.compile(r'"([^"]+)"')
MIN_QUOTE_WORDS = 3
# A statement ends like a sentence (closing quotes and brackets allowed after the mark) and
# has a subject and a verb's worth of words; "Kerry agreed." is the shortest we cite.
_STATEMENT_END = re.compile(r"[.!?][\"'”’)\]]*$")
MIN_STATEMENT_WORDS = 2


@dataclass(frozen=True)
class Bags:
    """Which sentence holds which token, as a dense 0/1 matrix (sentence x token), and how
    many tokens each holds. A story's vocabulary is a few thousand words, so dense rows stay
    small and every overlap is one matrix product."""

    matrix: NDArray[np.float32]
    sizes: NDArray[np.float32]

    def shared(self, rows: NDArray[np.intp]) -> NDArray[np.float32]:
        """Tokens each sentence in ``rows`` shares with every sentence."""
        product: NDArray[np.float32] = self.matrix[rows] @ self.matrix.T
        return product


@dataclass(frozen=True)
class TextFeatures:
    """What similarity needs of a list of sentences, computed once."""

    vectors: NDArray[np.float32]  # unit rows
    # Unit rows after subtracting the mean of the texts given together (one story). Every
    # sentence of a story shares its topic words; without that common part, cosine measures
    # whether two sentences state the same thing rather than whether they are on the story.
    centered: NDArray[np.float32]
    terms: Bags  # content words
    numbers: Bags  # figures
    quotes: Bags  # content words inside quotation marks
    days: Bags  # weekdays and months named ("fri", "sep")
    words: NDArray[np.int32]


@dataclass(frozen=True)
class SentenceTable:
    articles: tuple[Article, ...]
    sentences: tuple[Sentence, ...]
    texts: tuple[str, ...]
    article_of: NDArray[np.int32]  # index into `articles` for each sentence
    position: NDArray[np.int32]  # index of the sentence within its article
    features: TextFeatures
    citable: NDArray[np.bool_]  # a statement, not a heading or a fragment

    def __len__(self) -> int:
        return len(self.sentences)

    @property
    def vectors(self) -> NDArray[np.float32]:
        return self.features.vectors

    @property
    def words(self) -> NDArray[np.int32]:
        return self.features.words

    def row_of(self) -> dict[tuple[str, int], int]:
        """The row of each sentence, by (article id, sentence index): how a quote mention
        or a summary line's source finds its place in the table."""
        return {
            (self.articles[int(a)].id, sentence.index): row
            for row, (a, sentence) in enumerate(zip(self.article_of, self.sentences, strict=True))
        }


T = TypeVar("T")


class PerTable(Generic[T]):
    """``make(table)``, made once per table: a brief asks many questions of one table.

    Held for the last few tables only (``keep``; all are dropped when it is reached), and
    by the table's id checked against a weak reference, so that a freed table's id reused
    by a new one is not served the old value.
    """

    def __init__(self, make: Callable[[SentenceTable], T], keep: int = 8) -> None:
        self._make = make
        self._keep = keep
        self._held: dict[int, tuple[weakref.ref[SentenceTable], T]] = {}

    def __call__(self, table: SentenceTable) -> T:
        held = self._held.get(id(table))
        if held is not None and held[0]() is table:
            return held[1]
        value = self._make(table)
        if len(self._held) >= self._keep:
            self._held.clear()
        self._held[id(table)] = (weakref.ref(table), value)
        return value

    def clear(self) -> None:
        self._held.clear()


def build_table(articles: tuple[Article, ...], embedder: Embedder) -> SentenceTable:
    sentences: list[Sentence] = []
    texts: list[str] = []
    article_of: list[int] = []
    for a_index, article in enumerate(articles):
        for sentence in article.sentences:
            sentences.append(sentence)
            texts.append(article.sentence_text(sentence))
            article_of.append(a_index)
    features = text_features(texts, embedder)
    return SentenceTable(
        articles=articles,
        sentences=tuple(sentences),
        texts=tuple(texts),
        article_of=np.asarray(article_of, dtype=np.int32),
        position=np.asarray([s.index for s in sentences], dtype=np.int32),
        features=features,
        citable=np.asarray(
            [_is_statement(t, int(n)) for t, n in zip(texts, features.words, strict=True)],
            dtype=np.bool_,
        ),
    )


def _is_statement(text: str, words: int) -> bool:
    """Sub-headings and cut-off paragraphs look like sentences to the splitter but state
    nothing on their own; they neither support nor get cited. Neither does page furniture
    a scrape left inside a paragraph ("Media playback is unsupported on your device ...").
    ``words`` is the text's `word_count`."""
    return (
        words >= MIN_STATEMENT_WORDS
        and bool(_STATEMENT_END.search(text.rstrip()))
        and not junk_sentence(text)
    )


def text_features(texts: Sequence[str], embedder: Embedder) -> TextFeatures:
    """Features of ``texts``, centred on their own mean: pass one story's sentences at once."""
    normalized = [normalize_for_matching(t) for t in texts]
    # The table has normalised the texts already; an embedder that can take them so skips
    # doing it a second time.
    embed_normalized = getattr(embedder, "embed_normalized", None)
    vectors = embed_normalized(normalized) if embed_normalized else embedder.embed(texts)
    return TextFeatures(
        vectors=vectors,
        centered=unit_rows(vectors - vectors.mean(axis=0)) if len(texts) else vectors,
        terms=incidence([content_words(t) for t in normalized]),
        numbers=incidence([_canonical_numbers(t) for t in normalized]),
        quotes=incidence([_quoted_words(t) for t in normalized]),
        days=incidence([day_words(t) for t in normalized]),
        words=np.asarray([word_count(t) for t in texts], dtype=np.int32),
    )


def _quoted_words(text: str) -> list[str]:
    words: list[str] = []
    for quoted in _QUOTED.findall(text):
        if len(quoted.split()) >= MIN_QUOTE_WORDS:
            words.extend(content_words(quoted))
    return words


def _canonical_numbers(text: str) -> list[str]:
    found = []
    for number, share in _NUMBER.findall(text):
        value = _NUMBER_WORDS.get(number.lower(), number.replace(",", ""))
        found.append(value + "%" if share else value)
    return found


def day_words(text: str) -> list[str]:
    """The days and months a normalised text names, as the day bag holds them: three
    letters name a day or a month alike ("thu", "sep"); "may" and "march" are left out, as
    they are verbs as often as months."""
    return [m.group(1)[:3].lower() for m in _DAY_NAMES.finditer(text)]


def incidence(bags: list[list[str]]) -> Bags:
    vocabulary: dict[str, int] = {}
    rows: list[int] = []
    columns: list[int] = []
    for row, bag in enumerate(bags):
        rows.extend([row] * len(bag))
        columns.extend([vocabulary.setdefault(t, len(vocabulary)) for t in bag])
    matrix = np.zeros((len(bags), max(len(vocabulary), 1)), dtype=np.float32)
    matrix[rows, columns] = 1.0
    return Bags(matrix=matrix, sizes=matrix.sum(axis=1))
