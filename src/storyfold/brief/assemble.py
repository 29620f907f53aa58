"""The brief of one story: summary lines with citations, the articles read, provenance."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

import numpy as np
from numpy.typing import NDArray

from storyfold import __version__
from storyfold.brief.citations import cite
from storyfold.brief.summary import score_sentences, select
from storyfold.brief.table import SentenceTable, build_table
from storyfold.config import Settings
from storyfold.errors import InputError
from storyfold.model import (
    Article,
    ArticleInfo,
    Brief,
    Corpus,
    Provenance,
    SummaryLine,
    as_corpus,
)
from storyfold.nlp import get_embedder
from storyfold.text import word_count


def brief(articles: Corpus | Sequence[Article], settings: Settings | None = None) -> Brief:
    """Summarise one story's articles into a cited brief."""
    settings = settings or Settings()
    corpus = as_corpus(articles)
    usable = tuple(a for a in corpus.articles if a.sentences)
    if not usable:
        reasons = "; ".join(f"{s.input}: {s.reason}" for s in corpus.skipped[:5])
        raise InputError(
            "no usable articles" + (f" ({reasons})" if reasons else ""),
            input=", ".join(corpus.inputs) or None,
        )
    embedder = get_embedder(settings.embedder)
    table = build_table(usable, embedder)
    scores = score_sentences(table, settings.scorer)
    lines = tuple(
        SummaryLine(text=table.texts[i], citations=cite(table, i))
        for i in select(table, scores, settings.words)
    )
    return Brief(
        title=_title(table, scores),
        articles=tuple(_info(a) for a in usable),
        summary=lines,
        provenance=Provenance(
            version=__version__,
            created=datetime.now(UTC),
            settings=settings.as_dict(),
            embedder=embedder.name,
            inputs=corpus.inputs or tuple(a.source for a in corpus.articles),
            skipped=corpus.skipped,
            duplicates=corpus.duplicates,
            removed={a.id: a.removed for a in usable if a.removed},
        ),
    )


def _title(table: SentenceTable, scores: NDArray[np.float32]) -> str:
    """The headline of the article whose sentences score best, else the top sentence."""
    # Every article here has sentences (brief() keeps only those), so each mean is defined.
    finite = np.where(np.isfinite(scores), scores, 0.0)
    by_article = [
        (float(finite[table.article_of == a].mean()), a) for a in range(len(table.articles))
    ]
    for _, a in sorted(by_article, reverse=True):
        title = table.articles[a].title
        if title:
            return title
    return table.texts[int(np.argmax(finite))]


def _info(article: Article) -> ArticleInfo:
    return ArticleInfo(
        id=article.id,
        outlet=article.outlet,
        source=article.source,
        title=article.title,
        url=article.url,
        author=article.author,
        published=article.published,
        published_from=article.published_from,
        outlet_from=article.outlet_from,
        sentences=len(article.sentences),
        words=word_count(article.text),
    )
