"""The brief of one story, assembled in order: publication dates, off-topic articles set
aside (by content, or by date and content; a later development of the story is kept and
marked), the summary of the rest with its citations,
named-entity spans (found once and shared), quotes, entities and the timeline, and the
comparison of outlets."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import UTC, datetime

import numpy as np
from numpy.typing import NDArray

from storyfold import __version__
from storyfold.brief.compare.offtopic import find_off_topic
from storyfold.brief.compare.offtopic_dates import judge_by_date
from storyfold.brief.compare.outlets import compare
from storyfold.brief.dates.pubdates import infer_publication_dates
from storyfold.brief.dates.timeline import build_timeline
from storyfold.brief.entities.find import find_entities
from storyfold.brief.quotes.find import find_quotes
from storyfold.brief.select_articles import select_articles
from storyfold.brief.summary.lines import summary_lines
from storyfold.brief.summary.select import score_sentences
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
from storyfold.nlp.ner import find_spans
from storyfold.nlp.threads import one_blas_thread
from storyfold.text import word_count


def brief(articles: Corpus | Sequence[Article], settings: Settings | None = None) -> Brief:
    """Summarise one story's articles into a cited brief."""
    with one_blas_thread():
        return _brief(articles, settings)


def _brief(articles: Corpus | Sequence[Article], settings: Settings | None) -> Brief:
    settings = settings or Settings()
    corpus = as_corpus(articles)
    usable = tuple(a for a in corpus.articles if a.sentences)
    if not usable:
        reasons = "; ".join(f"{s.input}: {s.reason}" for s in corpus.skipped[:5])
        raise InputError(
            "no usable articles" + (f" ({reasons})" if reasons else ""),
            input=", ".join(corpus.inputs) or None,
        )
    # Past a few hundred articles only the most central are read in full; every one is
    # still listed, counted and dated (bounded time and memory: select_articles).
    listed, selection = usable, select_articles(usable)
    usable = selection.read
    embedder = get_embedder(settings.embedder)
    table = build_table(usable, embedder)
    # Publication dates depend on the articles alone; they are needed first, since an
    # article written long after the others can be about a later event (offtopic_dates).
    publication_listed = infer_publication_dates(listed)
    read = {id(a) for a in usable}
    publication = tuple(p for a, p in zip(listed, publication_listed, strict=True) if id(a) in read)
    # Found once for all articles: the date rule tells a later development by its actors.
    spans = find_spans(usable)
    by_content = find_off_topic(table)
    by_date = judge_by_date(
        table, publication, flagged={o.article_id for o in by_content}, spans=spans
    )
    off_topic = by_content + by_date.off_topic
    later = {d.article_id: d.reason for d in by_date.later}
    astray = {o.article_id for o in off_topic}
    kept = tuple(a for a in usable if a.id not in astray)
    if astray:
        # Rebuilt rather than filtered: the story-centred vectors must be centred on the
        # articles that tell the story, not on a mean the stray article pulled aside.
        table = build_table(kept, embedder)
    kept_publication = tuple(
        p for a, p in zip(usable, publication, strict=True) if a.id not in astray
    )
    quotes = find_quotes(kept, spans, table)
    scores = score_sentences(table, settings.scorer)
    lines = summary_lines(table, scores, settings.words, quotes, kept_publication, set(later))
    timeline = build_timeline(kept, table, kept_publication, spans)
    # The timeline may move a date its events show to be wrong (timeline.redate).
    checked = {p.article_id: p for p in timeline.publication}
    return Brief(
        title=_title(table, scores, lines),
        articles=tuple(_info(a, later.get(a.id)) for a in listed),
        summary=lines,
        provenance=Provenance(
            version=__version__,
            created=datetime.now(UTC),
            settings=settings.as_dict(),
            embedder=embedder.name,
            inputs=corpus.inputs or tuple(a.source for a in corpus.articles),
            skipped=corpus.skipped,
            duplicates=corpus.duplicates,
            removed={a.id: a.removed for a in listed if a.removed},
            selection=selection.note,
        ),
        quotes=quotes,
        entities=find_entities(kept, spans),
        # Every article's publication date is shown with its sources, off-topic ones too.
        timeline=dataclasses.replace(
            timeline, publication=tuple(checked.get(p.article_id, p) for p in publication_listed)
        ),
        comparison=compare(table, lines, usable, off_topic, timeline.publication),
    )


def _title(
    table: SentenceTable, scores: NDArray[np.float32], lines: Sequence[SummaryLine] = ()
) -> str:
    """The headline of the article whose sentences score best, else the summary's lead (a
    whole statement that stands alone), else the top sentence."""
    # Every article here has sentences (brief() keeps only those), so each mean is defined.
    finite = np.where(np.isfinite(scores), scores, 0.0)
    by_article = [
        (float(finite[table.article_of == a].mean()), a) for a in range(len(table.articles))
    ]
    for _, a in sorted(by_article, reverse=True):
        title = table.articles[a].title
        if title:
            return title
    if lines:
        return lines[0].text
    return table.texts[int(np.argmax(finite))]


def _info(article: Article, later_development: str | None = None) -> ArticleInfo:
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
        later_development=later_development,
    )
