"""Every sentence of a story in flat arrays: the one view the summary and citations share."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from storyfold.model import Article, Sentence
from storyfold.nlp import Embedder
from storyfold.text import content_words, normalize_for_matching, word_count

# Numbers as written in news copy: "42,000", "3.5", "21". Used to keep sentences that give
# different figures from being cited as saying the same thing.
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


@dataclass(frozen=True)
class TextFeatures:
    """What similarity needs of a list of sentences, computed once."""

    vectors: NDArray[np.float32]  # unit rows
    terms: NDArray[np.float32]  # sentence x content-word incidence (0/1)
    numbers: NDArray[np.float32]  # sentence x figure incidence (0/1)
    words: NDArray[np.int32]


@dataclass(frozen=True)
class SentenceTable:
    articles: tuple[Article, ...]
    sentences: tuple[Sentence, ...]
    texts: tuple[str, ...]
    article_of: NDArray[np.int32]  # index into `articles` for each sentence
    position: NDArray[np.int32]  # index of the sentence within its article
    features: TextFeatures

    def __len__(self) -> int:
        return len(self.sentences)

    @property
    def vectors(self) -> NDArray[np.float32]:
        return self.features.vectors

    @property
    def words(self) -> NDArray[np.int32]:
        return self.features.words


def build_table(articles: tuple[Article, ...], embedder: Embedder) -> SentenceTable:
    sentences: list[Sentence] = []
    texts: list[str] = []
    article_of: list[int] = []
    for a_index, article in enumerate(articles):
        for sentence in article.sentences:
            sentences.append(sentence)
            texts.append(article.sentence_text(sentence))
            article_of.append(a_index)
    return SentenceTable(
        articles=articles,
        sentences=tuple(sentences),
        texts=tuple(texts),
        article_of=np.asarray(article_of, dtype=np.int32),
        position=np.asarray([s.index for s in sentences], dtype=np.int32),
        features=text_features(texts, embedder),
    )


def text_features(texts: Sequence[str], embedder: Embedder) -> TextFeatures:
    normalized = [normalize_for_matching(t) for t in texts]
    return TextFeatures(
        vectors=embedder.embed(texts),
        terms=_incidence([content_words(t) for t in normalized]),
        numbers=_incidence([_canonical_numbers(t) for t in normalized]),
        words=np.asarray([word_count(t) for t in texts], dtype=np.int32),
    )


def _canonical_numbers(text: str) -> list[str]:
    return [n.replace(",", "") for n in _NUMBER.findall(text)]


def _incidence(bags: list[list[str]]) -> NDArray[np.float32]:
    """Dense 0/1 matrix of which sentence holds which token. A story's vocabulary is a few
    thousand words, so dense rows stay small and turn overlaps into one matrix product."""
    vocabulary: dict[str, int] = {}
    for bag in bags:
        for token in bag:
            vocabulary.setdefault(token, len(vocabulary))
    matrix = np.zeros((len(bags), max(len(vocabulary), 1)), dtype=np.float32)
    for row, bag in enumerate(bags):
        matrix[row, [vocabulary[t] for t in bag]] = 1.0
    return matrix
