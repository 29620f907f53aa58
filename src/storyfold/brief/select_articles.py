"""Which articles a brief of very many articles reads in full.

The brief's later stages (the sentence table's pairwise similarities, citations, quotes,
entities, the timeline) grow faster than linearly in the number of sentences: 3,000 tiny
files took 76 s and 10,000 did not finish in ten minutes. Past ``MAX_FULL_ARTICLES`` a
brief reads in full the articles most central to the set, by one linear pass: each
article's TF-IDF vector of content words against the set's mean vector. Every article is
still listed and counted in the brief (with its publication date), and the provenance says
how many were read in full and how they were chosen.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from storyfold.model import Article
from storyfold.text import content_words

# Chosen against the 10 s target of a 500-article story (benchmarks/robustness.py): past
# loading the models (4.5 s of CPU), reading 100 six-paragraph reports in full took 6.9 s
# of CPU and 50 took 3.0 s. A story told by more than 50 outlets repeats itself, and the
# summary's word budget is filled long before that.
MAX_FULL_ARTICLES = 50
# Words of each article that count towards its vector: a long article's first part says
# what it is about, and the pass stays linear in the number of articles.
_WORDS_PER_ARTICLE = 400


@dataclass(frozen=True)
class Selection:
    """The articles read in full (in their original order) and a line saying how they were
    chosen; ``note`` is None when every article is read."""

    read: tuple[Article, ...]
    note: str | None = None


def select_articles(articles: Sequence[Article], limit: int = MAX_FULL_ARTICLES) -> Selection:
    """At most ``limit`` articles, the most central ones, in the order given."""
    if len(articles) <= limit:
        return Selection(tuple(articles))
    scores = centrality(articles)
    ranked = sorted(range(len(articles)), key=lambda i: (-scores[i], i))
    chosen = sorted(ranked[:limit])
    note = (
        f"read {limit:,} of {len(articles):,} articles in full: the most central by "
        f"content words (TF-IDF cosine to the set's mean, storyfold.brief.select_articles); "
        f"every article is listed and counted"
    )
    return Selection(tuple(articles[i] for i in chosen), note)


def centrality(articles: Sequence[Article]) -> list[float]:
    """Each article's cosine similarity to the mean of the set's TF-IDF vectors."""
    bags = [Counter(content_words(a.text[: _WORDS_PER_ARTICLE * 12])) for a in articles]
    df: Counter[str] = Counter()
    for bag in bags:
        df.update(bag.keys())
    n = len(bags)
    idf = {word: math.log((1 + n) / (1 + count)) + 1.0 for word, count in df.items()}
    vectors = [_unit({w: c * idf[w] for w, c in bag.items()}) for bag in bags]
    mean: dict[str, float] = {}
    for vector in vectors:
        for word, weight in vector.items():
            mean[word] = mean.get(word, 0.0) + weight
    norm = math.sqrt(sum(v * v for v in mean.values())) or 1.0
    return [sum(w * mean[word] for word, w in vector.items()) / norm for vector in vectors]


def _unit(vector: dict[str, float]) -> dict[str, float]:
    norm = math.sqrt(sum(v * v for v in vector.values()))
    return {w: v / norm for w, v in vector.items()} if norm else vector
