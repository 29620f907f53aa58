"""Peer systems scored beside storyfold: lead, LexRank and TextRank (sumy), and a centroid.

Every peer starts from the same cleaned, sentence-split articles as storyfold
(`prepare_articles`), so the systems differ only in which sentences they choose. Each
returns sentences in the order it presents them, enough to fill the word budget; the
harness then cuts every system's output to the budget in the same way (`rouge.truncate`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import numpy as np

from storyfold.eval.multinews import prepare_articles
from storyfold.model import Article
from storyfold.nlp import Embedder, get_embedder
from storyfold.text import split_sentences, word_count

# Words as sumy should see them: letters and digits, keeping inner apostrophes, hyphens
# and dots together ("don't", "al-qaeda", "u.s"); punctuation is not a word.
_WORD = re.compile(r"[^\W_]+(?:['’.\-][^\W_]+)*")
# Centroid baseline: a candidate whose cosine to an already chosen sentence exceeds this is
# a repeat and is passed over. Ghalandari (2017) used 0.95 with word-vector sums; wordllama
# sentence vectors of one story sit much closer together, so it was measured again on the
# first 300 Multi-News *training* clusters (230 words, R1/R2/RLsum): 0.4 43.1/14.0/38.8,
# 0.5 44.5/14.9/40.2, 0.55 44.7/15.2/40.4, 0.6 44.7/15.3/40.4, 0.7 44.4/15.2/40.1,
# 0.8 44.0/14.9/39.8, 0.95 43.7/14.7/39.4, no cut 43.4/14.4/39.1. The best is kept, so the
# peer is as strong as we can make it.
CENTROID_REDUNDANCY = 0.6


def texts_of(articles: Sequence[Article]) -> list[list[str]]:
    """Each article's sentences as text."""
    return [[a.sentence_text(s) for s in a.sentences] for a in articles]


def lead(documents: Sequence[str], words: int) -> list[str]:
    """First sentences of each article in turn (all first sentences, then all second ...)
    until the budget is filled."""
    per_article = texts_of(prepare_articles(documents))
    out: list[str] = []
    used = 0
    depth = 0
    while used < words and any(depth < len(s) for s in per_article):
        for sentences in per_article:
            if depth < len(sentences) and used < words:
                out.append(sentences[depth])
                used += word_count(sentences[depth])
        depth += 1
    return out


class SentenceTokenizer:
    """What sumy asks of a tokenizer, done with our splitter: its default needs NLTK's punkt
    data, which cannot be downloaded here."""

    language = "english"

    def to_sentences(self, paragraph: str) -> tuple[str, ...]:
        return tuple(paragraph[start:end] for start, end in split_sentences(paragraph))

    def to_words(self, sentence: str) -> tuple[str, ...]:
        return tuple(_WORD.findall(sentence))


class SumyPeer:
    """LexRank or TextRank from sumy, with sumy's English stop words and Snowball stemmer
    (NLTK's stemmer is code, not data, so it works offline)."""

    def __init__(self, algorithm: str) -> None:
        if algorithm not in ("lexrank", "textrank"):
            raise ValueError(f"unknown sumy algorithm {algorithm!r}")
        self.name = algorithm
        self._summarizer: Any = None
        self._tokenizer = SentenceTokenizer()

    def setup(self) -> None:
        from sumy.nlp.stemmers import Stemmer
        from sumy.summarizers.lex_rank import LexRankSummarizer
        from sumy.summarizers.text_rank import TextRankSummarizer
        from sumy.utils import get_stop_words

        cls = LexRankSummarizer if self.name == "lexrank" else TextRankSummarizer
        summarizer = cls(Stemmer("english"))
        summarizer.stop_words = get_stop_words("english")
        self._summarizer = summarizer

    def summarize(self, documents: Sequence[str], words: int) -> list[str]:
        from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence

        if self._summarizer is None:
            self.setup()
        # The document is built from our articles' sentences rather than re-parsed from
        # text: sumy's PlaintextParser joins a paragraph's lines and takes all-capital lines
        # for headings, which would give it other candidates than the other systems get.
        document = ObjectDocumentModel(
            tuple(
                Paragraph(tuple(Sentence(text, self._tokenizer) for text in sentences))
                for sentences in texts_of(prepare_articles(documents))
            )
        )
        if not document.sentences:
            return []
        ranked: list[Any] = []

        def keep_ranking(infos: list[Any]) -> list[Any]:
            # sumy sorts by rating (stable, so ties stay in document order) and hands the
            # list to the "count" callable; we keep it whole to fill a word budget.
            ranked.extend(infos)
            return infos

        self._summarizer(document, keep_ranking)
        chosen = []
        used = 0
        for info in ranked:
            if used >= words:
                break
            chosen.append(info)
            used += word_count(str(info.sentence))
        # Presented in document order, as sumy presents its summaries.
        return [str(info.sentence) for info in sorted(chosen, key=lambda info: info.order)]

    def describe(self) -> dict[str, object]:
        from importlib.metadata import version

        return {
            "library": f"sumy {version('sumy')}",
            "tokenizer": "storyfold sentences, regex words",
            "stemmer": "snowball english",
            "stop_words": "sumy english",
        }


class CentroidPeer:
    """Embedding centroid in the style of Ghalandari (2017): sentences ranked by cosine to
    the cluster's mean sentence vector (wordllama), chosen greedily, repeats skipped."""

    name = "centroid"

    def __init__(self) -> None:
        self._embedder: Embedder | None = None

    def setup(self) -> None:
        self._embedder = get_embedder("wordllama")
        self._embedder.embed(["load the model"])

    def summarize(self, documents: Sequence[str], words: int) -> list[str]:
        if self._embedder is None:
            self.setup()
        assert self._embedder is not None
        texts = [t for sentences in texts_of(prepare_articles(documents)) for t in sentences]
        if not texts:
            return []
        vectors = self._embedder.embed(texts)
        centroid = vectors.mean(axis=0)
        norm = float(np.linalg.norm(centroid))
        if norm > 0:
            centroid = centroid / norm
        scores = vectors @ centroid
        chosen: list[int] = []
        used = 0
        # Stable sort: ties keep reading order, so the result is deterministic.
        for i in np.argsort(-scores, kind="stable"):
            if used >= words:
                break
            if chosen and float(np.max(vectors[chosen] @ vectors[i])) > CENTROID_REDUNDANCY:
                continue
            chosen.append(int(i))
            used += word_count(texts[i])
        return [texts[i] for i in chosen]

    def describe(self) -> dict[str, object]:
        return {"embedder": "wordllama", "redundancy_cosine": CENTROID_REDUNDANCY}
