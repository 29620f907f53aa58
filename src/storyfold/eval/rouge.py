"""ROUGE as the Multi-News literature reports it, and the word budget every system shares.

ROUGE-1, ROUGE-2 and ROUGE-Lsum F1 from `rouge-score` with Porter stemming. ROUGE-Lsum
compares summaries sentence by sentence, and `rouge-score` finds the sentences only where
the text has newlines, so both sides are passed one sentence a line: the system's as it
chose them, the reference split by our own sentence splitter.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from storyfold.text import split_sentences, word_count

ROUGE_TYPES = ("rouge1", "rouge2", "rougeLsum")
# Multi-News references open with an en dash and a space, a leftover of the newser.com
# format the summaries were scraped from; it is no part of the summary.
_REFERENCE_LEAD = re.compile(r"^\s*[–—-]\s+")
_TOKEN = re.compile(r"\S+")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class RougeScores:
    """F1 x 100."""

    rouge1: float
    rouge2: float
    rougeLsum: float  # the name rouge-score and the literature use


class Rouge:
    """A `rouge-score` scorer, built once (it is reused for every cluster)."""

    def __init__(self) -> None:
        from rouge_score import rouge_scorer

        self._scorer = rouge_scorer.RougeScorer(
            list(ROUGE_TYPES), use_stemmer=True, tokenizer=_MemoStemTokenizer()
        )

    def score(self, reference: Sequence[str], summary: Sequence[str]) -> RougeScores:
        """``reference`` and ``summary`` as lists of sentences."""
        scores = self._scorer.score("\n".join(reference), "\n".join(summary))
        return RougeScores(*(100.0 * scores[name].fmeasure for name in ROUGE_TYPES))


def reference_lines(summary: str) -> list[str]:
    """A reference summary as its sentences, one a line, without the Multi-News lead dash."""
    text = _REFERENCE_LEAD.sub("", summary, count=1)
    return [_one_line(text[start:end]) for start, end in split_sentences(text)]


def truncate(sentences: Sequence[str], words: int) -> list[str]:
    """The first ``words`` words of a summary given as sentences, cutting the last sentence
    short where it overruns; words are counted as `storyfold.text.word_count` counts them,
    the count the summary's own budget uses. The same cut is applied to every system."""
    out: list[str] = []
    used = 0
    for sentence in sentences:
        line = _one_line(sentence)
        n = word_count(line)
        if used + n <= words:
            if n:
                out.append(line)
            used += n
            continue
        head = _first_words(line, words - used)
        if head:
            out.append(head)
        break
    return out


def _first_words(text: str, words: int) -> str:
    end = 0
    used = 0
    for token in _TOKEN.finditer(text):
        n = word_count(token.group())
        if used + n > words:
            break
        used += n
        end = token.end()
    return text[:end] if used else ""


def _one_line(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


class _MemoStemTokenizer:
    """rouge-score's own tokenizer and Porter stemmer, with each word's stem remembered.

    Stemming is most of rouge-score's time and every reference is scored once per system,
    so the same words are stemmed over and over; the tokens are exactly rouge-score's.
    """

    def __init__(self) -> None:
        from nltk.stem import porter

        self._porter = porter.PorterStemmer()
        self._stems: dict[str, str] = {}

    def stem(self, word: str) -> str:
        stem = self._stems.get(word)
        if stem is None:
            stem = self._stems[word] = self._porter.stem(word)
        return stem

    def tokenize(self, text: str) -> list[str]:
        from rouge_score import tokenize

        tokens: list[str] = tokenize.tokenize(text, self)
        return tokens
