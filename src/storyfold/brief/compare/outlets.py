"""Where the outlets agree and differ: coverage, single-source facts, figures, framing."""

from __future__ import annotations

from collections.abc import Sequence, Set

import numpy as np

from storyfold.brief.compare.numbers import numeric_disagreements
from storyfold.brief.similarity import SAME_THRESHOLD, same_scores
from storyfold.brief.summary.citations import ref
from storyfold.brief.table import SentenceTable
from storyfold.model import Article, Comparison, Framing, OffTopic, SentenceRef, SummaryLine
from storyfold.nlp import unit_rows
from storyfold.text import word_count

# A single-source fact is a statement of substance: long enough to say something (a
# dateline-and-verb fragment is not) and short enough to be one claim, not a run-on
# paragraph the splitter could not break. Chosen by reading the example story's and the
# seeds' sentences.
MIN_FACT_WORDS = 8
MAX_FACT_WORDS = 60
# How many single-source facts the brief lists, and from one outlet at most: enough to show
# what each outlet adds without repeating its whole article.
MAX_SINGLE_SOURCE = 8
MAX_SINGLE_SOURCE_PER_OUTLET = 2
# A lead is the first sentence, and the second too when the first is this short (a one-line
# teaser says little of how the story is framed).
SHORT_LEAD_WORDS = 25


def compare(
    table: SentenceTable,
    summary_lines: Sequence[SummaryLine],
    usable_articles: Sequence[Article],
    off_topic: Sequence[OffTopic] = (),
) -> Comparison:
    """The comparison of outlets for one story.

    ``table`` holds the on-topic articles the summary was made from; ``usable_articles``
    all articles with text (off-topic ones included, so their framing still shows).
    """
    numbers = numeric_disagreements(table)
    disputed = {(c.ref.article_id, c.ref.sentence) for item in numbers for c in item.claims}
    return Comparison(
        coverage=tuple(line.outlets for line in summary_lines),
        single_source=single_source_facts(table, summary_lines, disputed),
        numbers=numbers,
        framing=tuple(framing(article) for article in usable_articles),
        off_topic=tuple(off_topic),
    )


def single_source_facts(
    table: SentenceTable,
    summary_lines: Sequence[SummaryLine] = (),
    exclude: Set[tuple[str, int]] = frozenset(),
) -> tuple[SentenceRef, ...]:
    """Statements no other outlet supports, the most central to the story first.

    Quotations are left out: a remark only one outlet carries is shown under quotes, and a
    quote of opinion is not a fact. Sentences already in the summary are left out too (the
    coverage there already says who reports them), and so are those in ``exclude``
    ((article id, sentence index): the figures that differ are listed on their own).
    """
    if len(table) == 0:
        return ()
    outlets = np.asarray([table.articles[int(a)].outlet for a in table.article_of])
    if len(set(outlets.tolist())) < 2:
        return ()  # with one outlet every fact is single-source; listing them says nothing
    in_summary = {(line.source.article_id, line.source.sentence) for line in summary_lines}
    in_summary |= set(exclude)
    candidates = np.asarray(
        [
            i
            for i in range(len(table))
            if table.citable[i]
            and MIN_FACT_WORDS <= table.words[i] <= MAX_FACT_WORDS
            and table.features.quotes.sizes[i] == 0
            and '"' not in table.texts[i]
            and "“" not in table.texts[i]
            and not table.texts[i].rstrip().endswith("?")
            and (table.articles[int(table.article_of[i])].id, table.sentences[i].index)
            not in in_summary
        ],
        dtype=np.intp,
    )
    if len(candidates) == 0:
        return ()
    # Support either way round: the similarity judge lets a sentence confirm a line only if
    # it gives every figure of the line, so a longer sentence with one more figure would
    # otherwise never count as reported elsewhere.
    scores = same_scores(table.features, np.arange(len(table), dtype=np.intp))
    mutual = np.maximum(scores, scores.T)[candidates]
    other_outlet = outlets[None, :] != outlets[candidates][:, None]
    supported = ((mutual >= SAME_THRESHOLD) & other_outlet & table.citable[None, :]).any(axis=1)
    alone = candidates[~supported]
    # Central: close to the story's centroid, so the facts that matter most come first.
    centroid = unit_rows(table.vectors.mean(axis=0, keepdims=True))[0]
    centrality = table.vectors[alone] @ centroid
    picked: list[int] = []
    per_outlet: dict[str, int] = {}
    for i in alone[np.argsort(-centrality, kind="stable")]:
        outlet = str(outlets[i])
        if per_outlet.get(outlet, 0) >= MAX_SINGLE_SOURCE_PER_OUTLET:
            continue
        per_outlet[outlet] = per_outlet.get(outlet, 0) + 1
        picked.append(int(i))
        if len(picked) == MAX_SINGLE_SOURCE:
            break
    return tuple(ref(table, i, 1.0) for i in picked)


def framing(article: Article) -> Framing:
    """The outlet's headline and the first sentence or two of its clean text."""
    sentences = [article.sentence_text(s) for s in article.sentences]
    lead_parts = sentences[:1]
    if sentences and word_count(sentences[0]) < SHORT_LEAD_WORDS and len(sentences) > 1:
        lead_parts.append(sentences[1])
    return Framing(
        article_id=article.id,
        outlet=article.outlet,
        headline=article.title,
        lead=" ".join(part.strip() for part in lead_parts),
    )
