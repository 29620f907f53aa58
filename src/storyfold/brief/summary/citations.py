"""Citing a summary line to every sentence in other articles that says the same thing."""

from __future__ import annotations

import numpy as np

from storyfold.brief.similarity import SAME_THRESHOLD, same_scores
from storyfold.brief.table import SentenceTable
from storyfold.model import SentenceRef


def cite(table: SentenceTable, i: int) -> tuple[SentenceRef, ...]:
    """The line's own sentence first, then its support in other articles, best first."""
    scores = same_scores(table.features, np.asarray([i]))[0]
    own_article = table.article_of[i]
    support = [
        j
        for j in np.argsort(-scores, kind="stable")
        if scores[j] >= SAME_THRESHOLD and table.citable[j] and table.article_of[j] != own_article
    ]
    return (ref(table, i, 1.0), *(ref(table, int(j), float(scores[j])) for j in support))


def ref(table: SentenceTable, i: int, similarity: float) -> SentenceRef:
    sentence = table.sentences[i]
    article = table.articles[int(table.article_of[i])]
    return SentenceRef(
        article_id=article.id,
        outlet=article.outlet,
        sentence=sentence.index,
        start=sentence.start,
        end=sentence.end,
        text=table.texts[i],
        similarity=round(min(similarity, 1.0), 3),
    )
