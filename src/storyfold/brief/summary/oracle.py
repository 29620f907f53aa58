"""Oracle labels for training the scorer: the sentences a greedy ROUGE search would pick.

ROUGE here is our own n-gram count with rouge-score's tokenisation (lower case, runs of
letters and digits, Porter stems of words over three letters), so the search is fast and
its numbers agree with `rouge_score.RougeScorer(..., use_stemmer=True)` on ROUGE-1 and -2
(tests/unit/test_scorer.py checks both on invented text).
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Sequence

_NON_ALPHANUM = re.compile(r"[^a-z0-9]+")


@functools.cache
def _stemmer() -> object:
    from nltk.stem import porter

    # rouge-score's DefaultTokenizer uses the default (NLTK extensions) mode.
    return porter.PorterStemmer()


@functools.lru_cache(maxsize=200_000)
def _stem(word: str) -> str:
    return str(_stemmer().stem(word)) if len(word) > 3 else word  # type: ignore[attr-defined]


def rouge_tokens(text: str) -> list[str]:
    """Tokens as rouge-score makes them with stemming on."""
    return [_stem(w) for w in _NON_ALPHANUM.sub(" ", text.lower()).split() if w]


def ngrams(tokens: Sequence[str], n: int) -> Counter[tuple[str, ...]]:
    return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


def f1(overlap: int, candidate: int, reference: int) -> float:
    if overlap == 0 or candidate == 0 or reference == 0:
        return 0.0
    precision, recall = overlap / candidate, overlap / reference
    return 2 * precision * recall / (precision + recall)


def rouge_n(candidate: Sequence[str], reference: Sequence[str], n: int) -> float:
    """ROUGE-n F1 of two token lists."""
    ours, theirs = ngrams(candidate, n), ngrams(reference, n)
    overlap = sum((ours & theirs).values())
    return f1(overlap, sum(ours.values()), sum(theirs.values()))


def greedy_oracle(
    sentences: Sequence[str],
    reference: str,
    budget: int,
    lengths: Sequence[int] | None = None,
) -> list[int]:
    """Indices of the sentences that greedily raise ROUGE-1 + ROUGE-2 F1 against the
    reference most, in the order picked, until no sentence raises it or the budget is
    spent. ``lengths`` counts each sentence against the budget (ROUGE tokens if not given).
    """
    ref_tokens = rouge_tokens(reference)
    ref1, ref2 = ngrams(ref_tokens, 1), ngrams(ref_tokens, 2)
    n_ref1, n_ref2 = sum(ref1.values()), sum(ref2.values())
    tokens = [rouge_tokens(s) for s in sentences]
    grams1 = [ngrams(t, 1) for t in tokens]
    grams2 = [ngrams(t, 2) for t in tokens]
    chosen: list[int] = []
    picked: set[int] = set()
    have1: Counter[tuple[str, ...]] = Counter()
    have2: Counter[tuple[str, ...]] = Counter()
    sizes = list(lengths) if lengths is not None else [len(t) for t in tokens]
    used = 0
    best_score = 0.0
    while True:
        pick, pick_score = -1, best_score
        for i in range(len(sentences)):
            if i in picked or not tokens[i] or used + sizes[i] > budget:
                continue
            # Bigrams across the join of two sentences are left out: rouge-score joins
            # lines for ROUGE-2, but those few bigrams rarely match a reference.
            c1, c2 = have1 + grams1[i], have2 + grams2[i]
            score = f1(sum((c1 & ref1).values()), sum(c1.values()), n_ref1) + f1(
                sum((c2 & ref2).values()), sum(c2.values()), n_ref2
            )
            if score > pick_score:
                pick, pick_score = i, score
        if pick < 0:
            return chosen
        chosen.append(pick)
        picked.add(pick)
        have1 += grams1[pick]
        have2 += grams2[pick]
        used += sizes[pick]
        best_score = pick_score


def precision_labels(sentences: Sequence[str], reference: str) -> list[float]:
    """Per sentence, the mean of its ROUGE-1 and ROUGE-2 precision against the reference:
    how much of the line a reader of the reference would recognise, whatever else is
    chosen. With a word budget that is the density a summary wants."""
    ref_tokens = rouge_tokens(reference)
    ref1, ref2 = ngrams(ref_tokens, 1), ngrams(ref_tokens, 2)
    labels = []
    for sentence in sentences:
        tokens = rouge_tokens(sentence)
        p1 = sum((ngrams(tokens, 1) & ref1).values()) / max(len(tokens), 1)
        p2 = sum((ngrams(tokens, 2) & ref2).values()) / max(len(tokens) - 1, 1)
        labels.append((p1 + p2) / 2)
    return labels
