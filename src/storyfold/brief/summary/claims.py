"""Does another outlet's sentence state the same claim as a line? The matcher citations use.

`similarity.same_scores` judges two sentences alike by their whole wording: a story-centred
embedding cosine, or most content words shared. Sentences of one story that name the same
actors ("Regional fire commander Luis Armendariz said the blaze ...") share much of their
wording and still say different things, so a citation needs more: agreement of what is
left once the shared words are set aside.

For a line ``a`` and a candidate ``b`` of another outlet, the features are:

- ``cosine``: the story-centred sentence cosine; ``same``: `same_scores` (cosine or shared
  words, vetoes applied);
- ``covered`` and ``covering``: how much of ``a``'s content is found in ``b`` and of ``b``'s
  in ``a``, each content word weighted by its rarity within the story (a word every sentence
  uses says little) and names weighted down (sharing who says nothing of what), a word
  counting as found when ``b`` has it (or a form of it) or, in part, a word whose vector is
  close;
- ``unmatched``: the weighted share of ``a``'s content with nothing near it in ``b``;
- ``rest_cosine`` and ``clash``: the words each sentence does not share with the other
  (names aside) compared as two bags: a paraphrase's leftovers are other words for the same
  thing ("motorists" and "drivers"), a different claim's are about something else; ``clash``
  is their distance times the smaller leftover share.

- ``worst_clause`` and ``worst_other``: how well the least-matched clause of ``a`` is
  matched by ``b``, and of ``b`` by ``a`` ("The hospitals switched to backup generators,
  and no injuries were reported" against "..., and two patients had to be moved": most
  words match, one clause none). Two features, not one, since ``b`` may say more than the
  line and still state it.

Two words on the same pole of a general antonym axis count as the same word
(`polarity`: "no stores would close" and "keep every store open").

A logistic model over these gives the probability that ``b`` states ``a``; it is fitted by
`benchmarks/tune_citations.py` on the nine invented stories of
tests/fixtures/citation_claims.jsonl and tests/fixtures/citation_claims_heldout.jsonl (the
coefficients below are its output). Both files are design data now (the second was held
out until the polarity rules were written against its errors); the figure to trust is
story-wise held out, each story scored by a model fitted on the other eight
(`benchmarks/citation_pairs.py`); a blind set kept by others is the real check.

Vetoes overrule the model, since no bag of words sees them: those of `same_scores` (a
figure, a quotation or a named day that differs), a month that differs (including "March"
and "May", which `same_scores` leaves out as they are also verbs), a word one sentence
negates that the other affirms ("would not appeal" against "planned to appeal"), opposite
poles of an antonym axis ("convicted" against "found not guilty", "stopped running"
against "kept running"), and none of something the other counts ("no residents" against
"two residents"); see `polarity`.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from storyfold.brief.similarity import same_scores
from storyfold.brief.summary.polarity import Polarity, agreeing, opposed, polarity, quantity_clash
from storyfold.brief.table import SentenceTable, TextFeatures, day_words
from storyfold.nlp import Embedder, get_embedder, unit_rows
from storyfold.text import content_words, normalize_for_matching
from storyfold.text.normalize import STOPWORDS

# The model: feature names in order, their coefficients and the intercept, as fitted and
# printed by `python benchmarks/tune_citations.py` (regularised logistic regression, C=1,
# on the candidate pairs of the nine invented stories of both fixture files).
FEATURES = (
    "cosine",
    "same",
    "covered",
    "covering",
    "unmatched",
    "rest_cosine",
    "clash",
    "worst_clause",
    "worst_other",
)
COEFFICIENTS = np.asarray([-0.058, 0.033, 1.956, 2.309, -2.403, 1.066, -1.864, 2.330, 2.743])
INTERCEPT = -2.469
# A citation needs this probability. Chosen on story-wise held-out scores over the nine
# stories (each story scored by a model fitted on the other eight): of the thresholds with
# precision >= 0.95 and recall >= 0.85, the one farthest from failing either (0.979 /
# 0.893 there; 1.000 / 0.945 and 0.940 / 0.808 on the two files). See tune_citations.py.
CITE_PROBABILITY = 0.65
# Pairs below this `same_scores` are not the same claim without computing more: no pair
# of the design stories that states the same claim scores lower, except those a veto
# zeroes. It keeps the per-pair work to the few plausible candidates.
CANDIDATE_SCORE = 0.3
# A name shares who, not what, and a verb of saying only that someone spoke: their weight
# in the coverage features, and they are not part of what is left over.
NAME_WEIGHT = 0.3
_SAYING = frozenset({"said", "says", "say", "told", "tells", "according", "added", "stated"})
# Word vectors closer than FLOOR count for nothing, and from there the match grows to 1
# over SPAN (static word vectors put unrelated words near 0, synonyms at 0.2 to 0.7).
SIMILARITY_FLOOR = 0.1
SIMILARITY_SPAN = 0.5
UNMATCHED_BELOW = 0.2
# A word and its other forms: "walk" and "walked", "evacuate" and "evacuation".
SHARED_PREFIX = 5

_TOKEN = re.compile(r"[^\W_]+(?:['\-][^\W_]+)*|[.,;:!?()]")
_NEGATORS = frozenset({"not", "never", "cannot"})
_NEGATION = re.compile(r"\b(?:not|never|cannot)\b|n't\b", re.IGNORECASE)
# Words that start a clause of its own, out of a "not"'s reach.
_SUBORDINATE = frozenset({"what", "which", "who", "whom", "whether", "why", "how", "that"})
# How many content words after a negator it governs ("would not appeal", "found ... not
# guilty", "did not yet know").
NEGATION_SCOPE = 2
# Where a sentence's clauses part: punctuation inside it, and the conjunctions and relative
# pronouns that start another statement.
_CLAUSE_BREAK = re.compile(
    r"[,;:()]|\b(?:and|but|while|then|though|although|whereas|who|which)\b", re.IGNORECASE
)
MIN_CLAUSE_WORDS = 2
# "March" and "May" are months when capitalised inside a sentence after a lower-case word
# ("sentenced on March 14", "by the end of May"; not "Theresa May").
_MARCH_OR_MAY = re.compile(r"(?<=[a-z,] )(March|May)\b")


@dataclass(frozen=True)
class ClaimView:
    """What the claim matcher needs of one story's sentences, computed once."""

    features: TextFeatures
    words: tuple[tuple[str, ...], ...]  # distinct content words, hyphenated ones split
    names: tuple[frozenset[str], ...]  # words of each that name who, or say that they spoke
    negated: tuple[frozenset[str], ...]  # content words a "not" governs
    negates: tuple[bool, ...]  # the sentence has a "not", "never" or "-n't"
    heads: tuple[frozenset[str], ...]  # the first content word each "not" governs
    polar: tuple[Polarity, ...]  # antonym-axis poles, negations applied
    clauses: tuple[tuple[frozenset[str], ...], ...]  # content words of each clause
    dates: tuple[frozenset[str], ...]  # days and months named
    weight: dict[str, float]  # rarity within the story
    vectors: dict[str, NDArray[np.float32]]  # unit word vectors
    # Each line's row of `claim_probabilities` once computed: the summary, its citations
    # and the single-outlet check ask for many of the same rows.
    known: dict[int, NDArray[np.float32]] = field(default_factory=dict, compare=False, repr=False)
    # Each sentence's words as arrays, made when it is first compared (`_arrays`).
    arrays: dict[int, _WordArrays] = field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True)
class _WordForms:
    """Words as `_same_forms` compares them."""

    words: NDArray[np.str_]
    lengths: NDArray[np.int_]
    starts: NDArray[np.str_]  # the first SHARED_PREFIX letters

    @classmethod
    def of(cls, words: Sequence[str]) -> _WordForms:
        array = np.asarray(words, dtype=np.str_)
        return cls(array, np.strings.str_len(array), np.strings.slice(array, 0, SHARED_PREFIX))


@dataclass(frozen=True)
class _WordArrays:
    """A sentence's content words as the word comparison needs them."""

    vectors: NDArray[np.float32]  # unit vectors, one row per word
    forms: _WordForms


def claim_view(texts: Sequence[str], features: TextFeatures, embedder: Embedder) -> ClaimView:
    """The view of ``texts`` (one story's sentences, ``features`` computed on them)."""
    words = tuple(_words(t) for t in texts)
    negated = tuple(_negated(t) for t in texts)
    frequency: dict[str, int] = {}
    for bag in words:
        for w in bag:
            frequency[w] = frequency.get(w, 0) + 1
    n = len(texts)
    vocabulary = list(frequency)
    vectors = unit_rows(embedder.embed(vocabulary)) if vocabulary else None
    return ClaimView(
        features=features,
        words=words,
        names=tuple(_names(t) | _SAYING for t in texts),
        negated=negated,
        negates=tuple(bool(_NEGATION.search(normalize_for_matching(t))) for t in texts),
        heads=tuple(_negated(t, scope=1) for t in texts),
        polar=tuple(polarity(t) for t in texts),
        clauses=tuple(_clauses(t) for t in texts),
        dates=tuple(_dates(t) for t in texts),
        weight={w: float(np.log((n + 1) / (f + 0.5))) for w, f in frequency.items()},
        vectors={w: vectors[k] for k, w in enumerate(vocabulary)} if vectors is not None else {},
    )


_VIEWS: dict[int, tuple[weakref.ref[SentenceTable], ClaimView]] = {}
MAX_VIEWS = 8


def table_view(table: SentenceTable) -> ClaimView:
    """The table's view, made once: a brief cites many lines against one table."""
    key = id(table)
    held = _VIEWS.get(key)
    if held is not None and held[0]() is table:
        return held[1]
    view = claim_view(table.texts, table.features, get_embedder())
    if len(_VIEWS) >= MAX_VIEWS:
        _VIEWS.clear()
    _VIEWS[key] = (weakref.ref(table), view)
    return view


def claim_probabilities(view: ClaimView, rows: NDArray[np.intp]) -> NDArray[np.float32]:
    """For each of ``rows`` (lines) and every sentence: the probability it states the line."""
    missing = np.asarray(sorted({int(r) for r in rows} - view.known.keys()), dtype=np.intp)
    computed = np.zeros((len(missing), len(view.words)), dtype=np.float32)
    for k, j, values in candidates(view, missing):
        computed[k, j] = probability(values)
    view.known.update(zip(missing.tolist(), computed, strict=True))
    if len(rows) == 0:
        return np.zeros((0, len(view.words)), dtype=np.float32)
    return np.stack([view.known[int(r)] for r in rows])


def candidates(
    view: ClaimView, rows: NDArray[np.intp]
) -> list[tuple[int, int, NDArray[np.float64]]]:
    """(row position, column, features) of the pairs worth scoring: a `same_scores` of at
    least CANDIDATE_SCORE (vetoes there zero it) and no veto of our own."""
    same = same_scores(view.features, rows)
    cosine = view.features.centered[rows] @ view.features.centered.T
    found = []
    for k, j in zip(*np.nonzero(same >= CANDIDATE_SCORE), strict=True):
        i = int(rows[k])
        if i == int(j) or _vetoed(view, i, int(j)):
            continue
        values = pair_features(view, i, int(j), float(cosine[k, j]), float(same[k, j]))
        found.append((int(k), int(j), values))
    return found


def probability(values: NDArray[np.float64]) -> float:
    return float(1.0 / (1.0 + np.exp(-(values @ COEFFICIENTS + INTERCEPT))))


def pair_features(
    view: ClaimView, i: int, j: int, cosine: float, same: float
) -> NDArray[np.float64]:
    """The model's features (in FEATURES order) for line ``i`` stated by sentence ``j``."""
    a, b = view.words[i], view.words[j]
    if not a or not b:
        return np.asarray([cosine, same, 0.0, 0.0, 1.0, 0.0, 1.0, 0.0, 0.0])
    match = _match(view, i, j, agreeing(view.polar[i], view.polar[j]))
    best_a, best_b = match.max(axis=1), match.max(axis=0)
    weight_a = _weights(view, a, view.names[i])
    weight_b = _weights(view, b, view.names[j])
    covered = _share(best_a, weight_a)
    covering = _share(best_b, weight_b)
    unmatched = _share((best_a < UNMATCHED_BELOW).astype(np.float64), weight_a)
    rest_a = [w for w, m in zip(a, best_a, strict=True) if m < 1.0 and w not in view.names[i]]
    rest_b = [w for w, m in zip(b, best_b, strict=True) if m < 1.0 and w not in view.names[j]]
    rest_cosine = _bag_cosine(view, rest_a, rest_b)
    rarity_a = np.asarray([view.weight[w] for w in a])
    rarity_b = np.asarray([view.weight[w] for w in b])
    left_a = _share(np.asarray([float(w in rest_a) for w in a]), rarity_a)
    left_b = _share(np.asarray([float(w in rest_b) for w in b]), rarity_b)
    clash = (1.0 - rest_cosine) * min(left_a, left_b)
    worst = _worst_clause(view.clauses[i], a, best_a, weight_a, view.names[i])
    worst_other = _worst_clause(view.clauses[j], b, best_b, weight_b, view.names[j])
    return np.asarray(
        [cosine, same, covered, covering, unmatched, rest_cosine, clash, worst, worst_other]
    )


def _worst_clause(
    clauses: Sequence[frozenset[str]],
    words: Sequence[str],
    best: NDArray[np.float64],
    weights: NDArray[np.float64],
    names: frozenset[str],
) -> float:
    """How well the sentence's least-matched clause is matched by the other sentence. Two
    sentences that share their actors and one clause ("The hospitals switched to backup
    generators, and ...") but differ in another ("... no injuries were reported", "... two
    patients had to be moved") state different claims although most of their words match;
    a paraphrase in other words and order still matches every clause. Clauses with fewer
    than MIN_CLAUSE_WORDS words other than names do not count (1 when none does)."""
    where = {w: k for k, w in enumerate(words)}
    worst = 1.0
    for clause in clauses:
        own = [where[w] for w in clause if w in where and w not in names]
        if len(own) < MIN_CLAUSE_WORDS:
            continue
        worst = min(worst, _share(best[own], weights[own]))
    return worst


def _match(view: ClaimView, i: int, j: int, agree: set[tuple[str, str]]) -> NDArray[np.float64]:
    """How well each word of sentence ``i`` (rows) is matched by each of ``j``'s: 1 for the
    same word or a form of it, or for two words that state the same pole of an antonym
    axis ("no stores would close", "keep every store open"), else their vector similarity
    put on 0..1."""
    a, b = _arrays(view, i), _arrays(view, j)
    close = (a.vectors @ b.vectors.T - SIMILARITY_FLOOR) / SIMILARITY_SPAN
    match: NDArray[np.float64] = np.clip(close, 0.0, 1.0).astype(np.float64)
    match[_same_forms(a.forms, b.forms)] = 1.0
    if agree:
        where_a = {w: x for x, w in enumerate(view.words[i])}
        where_b = {u: y for y, u in enumerate(view.words[j])}
        for w, u in agree:
            if w in where_a and u in where_b:
                match[where_a[w], where_b[u]] = 1.0
    return match


def _arrays(view: ClaimView, i: int) -> _WordArrays:
    found = view.arrays.get(i)
    if found is None:
        words = view.words[i]
        found = _WordArrays(np.stack([view.vectors[w] for w in words]), _WordForms.of(words))
        view.arrays[i] = found
    return found


def same_words(a: Sequence[str], b: Sequence[str]) -> NDArray[np.bool_]:
    """`same_word` for every pair of ``a`` (rows) and ``b``."""
    return _same_forms(_WordForms.of(a), _WordForms.of(b))


def _same_forms(a: _WordForms, b: _WordForms) -> NDArray[np.bool_]:
    """`same_word` as array operations: the matcher compares every word of a line with
    every word of each candidate, a few hundred thousand pairs a brief, and a Python loop
    over them was half its time."""
    wa, wb = a.words[:, None], b.words[None, :]
    short = np.minimum(a.lengths[:, None], b.lengths[None, :])
    prefix = np.strings.startswith(wa, wb) | np.strings.startswith(wb, wa)
    start = a.starts[:, None] == b.starts[None, :]
    found: NDArray[np.bool_] = (
        (wa == wb) | ((short >= 4) & prefix) | ((short > SHARED_PREFIX) & start)
    )
    return found


def same_word(w: str, u: str) -> bool:
    """The same word, or forms of one: one a prefix of the other ("walk", "walked"), or a
    long common start ("evacuated", "evacuation")."""
    if w == u:
        return True
    short = min(len(w), len(u))
    if short >= 4 and (w.startswith(u) or u.startswith(w)):
        return True
    return short > SHARED_PREFIX and w[:SHARED_PREFIX] == u[:SHARED_PREFIX]


def _weights(view: ClaimView, words: Sequence[str], names: frozenset[str]) -> NDArray[np.float64]:
    weights: NDArray[np.float64] = np.asarray(
        [view.weight[w] * (NAME_WEIGHT if w in names else 1.0) for w in words], dtype=np.float64
    )
    return weights


def _share(values: NDArray[np.float64], weights: NDArray[np.float64]) -> float:
    total = float(weights.sum())
    return float((values * weights).sum() / total) if total > 0 else 0.0


def _bag_cosine(view: ClaimView, a: Sequence[str], b: Sequence[str]) -> float:
    """Cosine of the rarity-weighted sums of two bags' word vectors; 1 when either is empty
    (nothing left over to disagree)."""
    if not a or not b:
        return 1.0
    va = np.sum([view.weight[w] * view.vectors[w] for w in a], axis=0)
    vb = np.sum([view.weight[w] * view.vectors[w] for w in b], axis=0)
    norm = float(np.linalg.norm(va) * np.linalg.norm(vb))
    return float(va @ vb / norm) if norm > 0 else 0.0


def _vetoed(view: ClaimView, i: int, j: int) -> bool:
    """A month or day that differs, a word one negates and the other affirms, opposite
    poles of an antonym axis ("convicted", "found not guilty"), or none of something the
    other counts ("no residents", "two residents")."""
    if view.dates[i] and view.dates[j] and not view.dates[i] & view.dates[j]:
        return True
    if opposed(view.polar[i], view.polar[j]):
        return True
    if quantity_clash(view.polar[i], view.polar[j], same_word):
        return True
    return _polarity_clash(view, i, j) or _polarity_clash(view, j, i)


def _polarity_clash(view: ClaimView, i: int, j: int) -> bool:
    """A word ``i`` negates that ``j`` states outside its own negations (names aside).
    Against a plain affirmative, every word a "not" of ``i`` governs counts; where ``j``
    negates something too, the scope of each "not" is too loosely known to compare whole
    ("not one day sooner", "not a day sooner"), so only the word right after each "not" of
    ``i`` counts: "it was not caused by blasting" against "the cause is not yet known".
    A "not" stops at "what", "that" and the like: in "did not know what caused it" it
    governs "know", not "caused"."""
    negated = view.heads[i] if view.negates[j] else view.negated[i]
    affirmed = [w for w in view.words[j] if w not in view.names[j] and w not in view.negated[j]]
    return any(same_word(w, u) for w in negated for u in affirmed)


def _clauses(text: str) -> tuple[frozenset[str], ...]:
    parts = _CLAUSE_BREAK.split(normalize_for_matching(text))
    return tuple(frozenset(_words(part)) for part in parts if part.strip())


def _words(text: str) -> tuple[str, ...]:
    found: list[str] = []
    for word in content_words(text):
        found.extend(part for part in word.split("-") if part and part not in STOPWORDS)
    return tuple(dict.fromkeys(found))


def _names(text: str) -> frozenset[str]:
    """Lower-cased parts of capitalised words after the first: names, mostly."""
    tokens = _TOKEN.findall(normalize_for_matching(text))
    names: set[str] = set()
    for token in tokens[1:]:
        if token[:1].isupper():
            names.update(p for p in token.lower().removesuffix("'s").split("-") if p)
    return frozenset(names)


def _negated(text: str, scope: int = NEGATION_SCOPE) -> frozenset[str]:
    """The content words a "not" governs: up to ``scope`` after each."""
    tokens = _TOKEN.findall(normalize_for_matching(text).lower())
    negated: set[str] = set()
    left = 0
    for token in tokens:
        if token in _NEGATORS or token.endswith("n't"):
            left = scope
        elif not token[:1].isalnum() or token in _SUBORDINATE:
            left = 0  # a clause ends, or another starts inside it ("did not know what ...")
        elif left and token not in STOPWORDS and token != "yet":
            negated.update(p for p in token.removesuffix("'s").split("-") if p)
            left -= 1
    return frozenset(negated)


def _dates(text: str) -> frozenset[str]:
    normalized = normalize_for_matching(text)
    found = set(day_words(normalized))
    found.update(m.group(1)[:3].lower() for m in _MARCH_OR_MAY.finditer(normalized))
    return frozenset(found)
