"""Citing a summary line to every sentence in other articles that states the same claim."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from storyfold.brief.similarity import same_scores
from storyfold.brief.summary.claims import CITE_PROBABILITY, claim_probabilities, table_view
from storyfold.brief.table import SentenceTable
from storyfold.model import SentenceRef


def cite(
    table: SentenceTable, i: int, sure: NDArray[np.float32] | None = None
) -> tuple[SentenceRef, ...]:
    """The line's own sentence first, then its support in other articles, most sure first.

    Support is judged by the claim matcher (`summary.claims`): sharing the line's actors
    and wording is not enough, what the sentence says of them must agree too. Each
    reference carries the `same_scores` similarity, as before. ``sure``: the line's row of
    `claim_probabilities`, when the caller has it already.
    """
    rows = np.asarray([i], dtype=np.intp)
    if sure is None:
        sure = claim_probabilities(table_view(table), rows)[0]
    scores = same_scores(table.features, rows)[0]
    own_article = table.article_of[i]
    support = [
        j
        for j in np.argsort(-sure, kind="stable")
        if sure[j] >= CITE_PROBABILITY and table.citable[j] and table.article_of[j] != own_article
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
