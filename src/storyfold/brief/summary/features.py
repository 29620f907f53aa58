"""Per-sentence features for the learned summary scorer, all from one `SentenceTable`.

Cheap by design: a story has tens to a few hundred sentences, so every cross-sentence
feature is one small matrix product over vectors and term bags the table already holds.
The column order is part of the shipped model: change `FEATURE_NAMES` and retrain. Nothing
here grows with the story's size (sentence or word totals, summed frequencies): Multi-News
inputs are cut to about 500 words, and a model that split on those totals gave a 5-article
story's brief its late, one-outlet lines (examples/harbor-bridge).

Tried and left out: the share of a sentence's word pairs that other articles also use, the
mean share of other articles using each pair, and whether its article is the longest. On
held-out train clusters 21,001-22,000, trained on clusters 1-20,000, they moved R1/R2 by
+0.02/+0.02 (45.27/15.25 without, 45.29/15.27 with; paired standard error about 0.05) and
cost 0.4-0.7 ms a story (timed on this shared machine), which the speed budget lacks.
"""

from __future__ import annotations

import re

import numpy as np
from numpy.typing import NDArray

from storyfold.brief.similarity import SAME_THRESHOLD, same_scores
from storyfold.brief.table import SentenceTable

FEATURE_NAMES: tuple[str, ...] = (
    "position",  # index of the sentence in its article
    "relative_position",  # position / sentences in the article
    "words_before",  # words of the article before this sentence
    "is_first",
    "article_index",
    "articles",
    "article_share",  # the article's share of the story's words
    "words",
    "citable",  # ends like a statement (the cut-off last sentence does not)
    "dangling",  # leans on context: "He said", "But", a bare quotation
    "question",
    "quote_marks",
    "numbers",
    "centrality",  # cosine to the mean of article centroids
    "centrality_rank",  # 0 for the most central sentence, 1 for the least
    "centrality_gap",  # centrality less the story's best
    "support",  # soft share of other articles that say the same thing
    "best_other",  # best story-centred cosine with another article's sentence
    "mean_best_other",  # mean over other articles of the best such cosine
    "best_other_raw",  # best plain cosine with another article's sentence
    "content_words",
    "term_spread",  # mean share of articles that use each of its content words
    "term_mass_rank",  # by the story frequency of its content words, per content word
)
FEATURES = len(FEATURE_NAMES)

# Sentences scored against the whole story at once when counting support: 512 rows of a
# 5,000-sentence story is about 10 MB a matrix.
SUPPORT_BLOCK_ROWS = 512
# Width of the sigmoid that turns a match score into "this article says it too": a match
# 0.05 above the citation threshold counts as 0.73 of an article, 0.05 below as 0.27.
SUPPORT_SOFTNESS = 0.05
# Stories up to this many sentences get their whole sentence-by-sentence score matrix at
# once (16 MB at the limit); a Multi-News cluster has about 20.
FULL_MATRIX_ROWS = 2000
_last_same: tuple[SentenceTable, NDArray[np.float32]] | None = None

_DANGLING_START = re.compile(
    r"^(?:[\"“‘'`]|(?:he|she|they|it|this|that|these|those|but|and|so|also|however)\b)",
    re.IGNORECASE,
)
_ATTRIBUTION = re.compile(r"\b(?:said|says|told|added|stated|according)\b", re.IGNORECASE)
_NUMBER = re.compile(r"\d")


def sentence_features(table: SentenceTable) -> NDArray[np.float32]:
    """One row of `FEATURES` values per sentence of the table, in `FEATURE_NAMES` order."""
    n = len(table)
    out = np.zeros((n, FEATURES), dtype=np.float32)
    if n == 0:
        return out
    col = {name: k for k, name in enumerate(FEATURE_NAMES)}
    words = table.words.astype(np.float32)
    n_articles = len(table.articles)
    starts = article_starts(table)
    per_article = np.bincount(table.article_of, minlength=n_articles).astype(np.float32)
    article_words = np.bincount(table.article_of, weights=words, minlength=n_articles)
    before = np.cumsum(words) - words
    before -= before[starts][table.article_of]
    position = table.position.astype(np.float32)

    out[:, col["position"]] = position
    out[:, col["relative_position"]] = position / per_article[table.article_of]
    out[:, col["words_before"]] = before
    out[:, col["is_first"]] = table.position == 0
    out[:, col["article_index"]] = table.article_of
    out[:, col["articles"]] = n_articles
    out[:, col["article_share"]] = article_words[table.article_of] / max(words.sum(), 1.0)
    out[:, col["words"]] = words
    out[:, col["citable"]] = table.citable
    stripped = [text.strip() for text in table.texts]
    # Whole columns at once: a numpy element write per sentence and feature costs more than
    # the features themselves.
    out[:, col["dangling"]] = [dangling(s) for s in stripped]
    out[:, col["question"]] = [s.endswith("?") for s in stripped]
    out[:, col["quote_marks"]] = [s.count('"') + s.count("“") for s in stripped]
    out[:, col["numbers"]] = [len(_NUMBER.findall(s)) for s in stripped]

    centrality = table.vectors @ story_centroid(table)
    out[:, col["centrality"]] = centrality
    out[:, col["centrality_rank"]] = _rank(-centrality)
    out[:, col["centrality_gap"]] = centrality - centrality.max()
    out[:, col["support"]] = support(table)

    if n_articles > 1:
        other = table.article_of[None, :] != table.article_of[:, None]
        centred = np.where(other, table.features.centered @ table.features.centered.T, -1.0)
        plain = np.where(other, table.vectors @ table.vectors.T, -1.0)
        out[:, col["best_other"]] = centred.max(axis=1)
        out[:, col["best_other_raw"]] = plain.max(axis=1)
        by_article = np.maximum.reduceat(centred, starts, axis=1)
        by_article[np.arange(n), table.article_of] = 0.0
        out[:, col["mean_best_other"]] = by_article.sum(axis=1) / (n_articles - 1)

    terms = table.features.terms.matrix
    sizes = table.features.terms.sizes
    in_article = np.add.reduceat(terms, starts, axis=0) > 0
    spread = in_article.sum(axis=0) / n_articles
    frequency = terms.sum(axis=0)
    safe = np.maximum(sizes, 1.0)
    mass = (terms @ frequency) / safe
    out[:, col["content_words"]] = sizes
    out[:, col["term_spread"]] = (terms @ spread) / safe
    out[:, col["term_mass_rank"]] = _rank(-mass)
    return out


def story_centroid(table: SentenceTable) -> NDArray[np.float32]:
    """Mean of the article centroids, so a long article does not outvote a short one."""
    sums = np.zeros((len(table.articles), table.vectors.shape[1]), dtype=np.float32)
    np.add.at(sums, table.article_of, table.vectors)
    counts = np.bincount(table.article_of, minlength=len(table.articles))
    centroid = (sums[counts > 0] / counts[counts > 0, None]).mean(axis=0)
    norm = float(np.linalg.norm(centroid))
    unit: NDArray[np.float32] = (centroid / norm if norm > 0 else centroid).astype(np.float32)
    return unit


def same_matrix(table: SentenceTable) -> NDArray[np.float32] | None:
    """Every sentence's "same statement" score against every other (`same_scores`), for a
    story small enough to hold it (None otherwise). Support and the repeat check both read
    it, so the last table's matrix is kept."""
    global _last_same
    if _last_same is not None and _last_same[0] is table:
        return _last_same[1]
    if len(table) > FULL_MATRIX_ROWS:
        return None
    matrix = same_scores(table.features, np.arange(len(table)))
    _last_same = (table, matrix)
    return matrix


def support(table: SentenceTable) -> NDArray[np.float32]:
    """For each sentence, the share of other articles that say the same thing.

    A soft count: each other article adds a sigmoid of how far its best match clears the
    citation threshold, so ranking agrees with the citations the reader will see while a
    match just under the threshold still counts for a little.
    """
    n_articles = len(table.articles)
    if n_articles < 2:
        return np.zeros(len(table), dtype=np.float32)
    best = np.zeros((len(table), n_articles), dtype=np.float32)
    starts = article_starts(table)
    whole = same_matrix(table)
    # Row blocks bound memory: one block's scores against every sentence at a time.
    for start in range(0, len(table), SUPPORT_BLOCK_ROWS):
        rows = np.arange(start, min(start + SUPPORT_BLOCK_ROWS, len(table)))
        same = whole[rows] if whole is not None else same_scores(table.features, rows)
        same[:, ~table.citable] = 0.0
        # Per-article maxima via reduceat over columns (sentences are stored article by
        # article).
        best[rows] = np.maximum.reduceat(same, starts, axis=1)
    agree = 1.0 / (1.0 + np.exp(-(best - SAME_THRESHOLD) / SUPPORT_SOFTNESS))
    agree[np.arange(len(table)), table.article_of] = 0.0
    share: NDArray[np.float32] = (agree.sum(axis=1) / (n_articles - 1)).astype(np.float32)
    return share


def article_starts(table: SentenceTable) -> NDArray[np.intp]:
    """Row where each article's sentences begin (every article has at least one)."""
    starts: NDArray[np.intp] = np.searchsorted(table.article_of, np.arange(len(table.articles)))
    return starts


def dangling(text: str) -> bool:
    """A line that leans on context it will not have in a summary: "He said...", "But...",
    a bare quotation, a question."""
    stripped = text.lstrip()
    if stripped.endswith("?"):
        return True
    if _DANGLING_START.match(stripped):
        # A quotation that names its speaker stands on its own.
        return not (stripped[0] in "\"“‘'`" and _ATTRIBUTION.search(stripped))
    return False


def _rank(values: NDArray[np.float32]) -> NDArray[np.float32]:
    """0 for the smallest value, 1 for the largest (ties by order)."""
    n = len(values)
    ranks = np.empty(n, dtype=np.float32)
    ranks[np.argsort(values, kind="stable")] = np.arange(n, dtype=np.float32)
    scaled: NDArray[np.float32] = (ranks / max(n - 1, 1)).astype(np.float32)
    return scaled
