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
from collections.abc import Sequence, Set
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from storyfold.brief.similarity import same_scores
from storyfold.brief.summary.polarity import Polarity, agreeing, opposed, polarity, quantity_clash
from storyfold.brief.table import PerTable, SentenceTable, TextFeatures, day_words
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
    """What the claim matcher needs of one story's sentences.

    Only the words of every sentence are made at once (a word's rarity counts them all);
    the rest of what the matcher compares (`_Sentence`, `_WordArrays`, word vectors) is
    made for a sentence when it is first compared and kept: a brief asks about a score of
    lines and their candidates, a fraction of the table's sentences.
    """

    texts: tuple[str, ...]
    features: TextFeatures
    words: tuple[tuple[str, ...], ...]  # distinct content words, hyphenated ones split
    frequency: dict[str, int]  # how many sentences use each word
    embedder: Embedder
    # Each line's row of `claim_probabilities` once computed: the summary, its citations
    # and the single-outlet check ask for many of the same rows.
    known: dict[int, NDArray[np.float32]] = field(default_factory=dict, compare=False, repr=False)
    sentences: dict[int, _Sentence] = field(default_factory=dict, compare=False, repr=False)
    vectors: dict[str, NDArray[np.float32]] = field(
        default_factory=dict, compare=False, repr=False
    )  # unit word vectors, embedded as sentences are compared (`_embed_words`)
    arrays: dict[int, _WordArrays] = field(default_factory=dict, compare=False, repr=False)
    rarities: dict[str, float] = field(default_factory=dict, compare=False, repr=False)

    def sentence(self, i: int) -> _Sentence:
        found = self.sentences.get(i)
        if found is None:
            found = self.sentences[i] = _Sentence.of(self.texts[i])
        return found

    def rarity(self, word: str) -> float:
        """A word every sentence uses says little of what a sentence states."""
        found = self.rarities.get(word)
        if found is None:
            found = float(np.log((len(self.words) + 1) / (self.frequency[word] + 0.5)))
            self.rarities[word] = found
        return found


@dataclass(frozen=True)
class _Sentence:
    """What the vetoes and the clause feature need of one sentence beyond its words."""

    names: frozenset[str]  # words that name who, or say that they spoke
    negated: frozenset[str]  # content words a "not" governs
    negates: bool  # the sentence has a "not", "never" or "-n't"
    heads: frozenset[str]  # the first content word each "not" governs
    polar: Polarity  # antonym-axis poles, negations applied
    clauses: tuple[frozenset[str], ...]  # content words of each clause
    dates: frozenset[str]  # days and months named

    @classmethod
    def of(cls, text: str) -> _Sentence:
        normalized = normalize_for_matching(text)
        cased = _TOKEN.findall(normalized)
        # Lower-casing ASCII moves no token boundary; other scripts are split anew.
        if normalized.isascii():
            tokens = [t.lower() for t in cased]
        else:
            tokens = _TOKEN.findall(normalized.lower())
        return cls(
            names=_names(cased) | _SAYING,
            negated=_negated(tokens),
            negates=bool(_NEGATION.search(normalized)),
            heads=_negated(tokens, scope=1),
            polar=polarity(text),
            clauses=_clauses(normalized),
            dates=_dates(normalized),
        )


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
    """A sentence's content words as the pair features need them, one entry per word."""

    vectors: NDArray[np.float32]  # unit vectors, one row per word
    forms: _WordForms
    where: dict[str, int]  # each word's position
    rarity: NDArray[np.float64]  # `ClaimView.rarity`
    weights: NDArray[np.float64]  # rarity, names weighted down (NAME_WEIGHT)
    named: NDArray[np.bool_]  # a name or a verb of saying
    clauses: tuple[NDArray[np.intp], ...]  # positions of each clause's own words (`_worst`)


def claim_view(texts: Sequence[str], features: TextFeatures, embedder: Embedder) -> ClaimView:
    """The view of ``texts`` (one story's sentences, ``features`` computed on them)."""
    words = tuple(_words(t) for t in texts)
    frequency: dict[str, int] = {}
    for bag in words:
        for w in bag:
            frequency[w] = frequency.get(w, 0) + 1
    return ClaimView(
        texts=tuple(texts), features=features, words=words, frequency=frequency, embedder=embedder
    )


_VIEWS = PerTable(lambda table: claim_view(table.texts, table.features, get_embedder()))


def table_view(table: SentenceTable) -> ClaimView:
    """The table's view, made once: a brief cites many lines against one table."""
    return _VIEWS(table)


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
    kept = []
    for k, j in zip(*np.nonzero(same >= CANDIDATE_SCORE), strict=True):
        i = int(rows[k])
        if i == int(j) or _vetoed(view, i, int(j)):
            continue
        kept.append((int(k), i, int(j)))
    # The words of every sentence compared, embedded in one call.
    _embed_words(view, {i for _, i, _ in kept} | {j for _, _, j in kept})
    return [
        (k, j, pair_features(view, i, j, float(cosine[k, j]), float(same[k, j])))
        for k, i, j in kept
    ]


def probability(values: NDArray[np.float64]) -> float:
    return float(1.0 / (1.0 + np.exp(-(values @ COEFFICIENTS + INTERCEPT))))


def pair_features(
    view: ClaimView, i: int, j: int, cosine: float, same: float
) -> NDArray[np.float64]:
    """The model's features (in FEATURES order) for line ``i`` stated by sentence ``j``."""
    if not view.words[i] or not view.words[j]:
        return np.asarray([cosine, same, 0.0, 0.0, 1.0, 0.0, 1.0, 0.0, 0.0])
    a, b = _arrays(view, i), _arrays(view, j)
    match = _match(view, i, j, a, b)
    best_a, best_b = match.max(axis=1), match.max(axis=0)
    covered = _share(best_a, a.weights)
    covering = _share(best_b, b.weights)
    unmatched = _share((best_a < UNMATCHED_BELOW).astype(np.float64), a.weights)
    # What is left over: the words not matched outright, names and verbs of saying aside.
    rest_a = (best_a < 1.0) & ~a.named
    rest_b = (best_b < 1.0) & ~b.named
    rest_cosine = _bag_cosine(a, rest_a, b, rest_b)
    left_a = _share(rest_a.astype(np.float64), a.rarity)
    left_b = _share(rest_b.astype(np.float64), b.rarity)
    clash = (1.0 - rest_cosine) * min(left_a, left_b)
    worst = _worst_clause(a, best_a)
    worst_other = _worst_clause(b, best_b)
    return np.asarray(
        [cosine, same, covered, covering, unmatched, rest_cosine, clash, worst, worst_other]
    )


def _worst_clause(words: _WordArrays, best: NDArray[np.float64]) -> float:
    """How well the sentence's least-matched clause is matched by the other sentence. Two
    sentences that share their actors and one clause ("The hospitals switched to backup
    generators, and ...") but differ in another ("... no injuries were reported", "... two
    patients had to be moved") state different claims although most of their words match;
    a paraphrase in other words and order still matches every clause. Clauses with fewer
    than MIN_CLAUSE_WORDS words other than names do not count (1 when none does)."""
    worst = 1.0
    for own in words.clauses:
        worst = min(worst, _share(best[own], words.weights[own]))
    return worst


def _match(view: ClaimView, i: int, j: int, a: _WordArrays, b: _WordArrays) -> NDArray[np.float64]:
    """How well each word of sentence ``i`` (rows) is matched by each of ``j``'s: 1 for the
    same word or a form of it, or for two words that state the same pole of an antonym
    axis ("no stores would close", "keep every store open"), else their vector similarity
    put on 0..1."""
    close = (a.vectors @ b.vectors.T - SIMILARITY_FLOOR) / SIMILARITY_SPAN
    match: NDArray[np.float64] = np.clip(close, 0.0, 1.0).astype(np.float64)
    match[_same_forms(a.forms, b.forms)] = 1.0
    for w, u in agreeing(view.sentence(i).polar, view.sentence(j).polar):
        if w in a.where and u in b.where:
            match[a.where[w], b.where[u]] = 1.0
    return match


def _embed_words(view: ClaimView, rows: Set[int]) -> None:
    """Embed the words of ``rows`` not embedded yet, in one call. A word's vector does not
    depend on what it is embedded with, so the vectors are those of embedding them all."""
    new = [w for i in sorted(rows) for w in view.words[i] if w not in view.vectors]
    new = list(dict.fromkeys(new))
    if new:
        view.vectors.update(zip(new, unit_rows(view.embedder.embed(new)), strict=True))


def _arrays(view: ClaimView, i: int) -> _WordArrays:
    found = view.arrays.get(i)
    if found is None:
        words = view.words[i]
        _embed_words(view, {i})
        names = view.sentence(i).names
        where = {w: k for k, w in enumerate(words)}
        named = np.asarray([w in names for w in words], dtype=np.bool_)
        rarity = np.asarray([view.rarity(w) for w in words], dtype=np.float64)
        clauses = []
        for clause in view.sentence(i).clauses:
            own = [where[w] for w in clause if w in where and w not in names]
            if len(own) >= MIN_CLAUSE_WORDS:
                clauses.append(np.asarray(own, dtype=np.intp))
        found = _WordArrays(
            vectors=np.stack([view.vectors[w] for w in words]),
            forms=_WordForms.of(words),
            where=where,
            rarity=rarity,
            weights=rarity * np.where(named, NAME_WEIGHT, 1.0),
            named=named,
            clauses=tuple(clauses),
        )
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


def _share(values: NDArray[np.float64], weights: NDArray[np.float64]) -> float:
    total = float(weights.sum())
    return float((values * weights).sum() / total) if total > 0 else 0.0


def _bag_cosine(
    a: _WordArrays, in_a: NDArray[np.bool_], b: _WordArrays, in_b: NDArray[np.bool_]
) -> float:
    """Cosine of the rarity-weighted sums of two bags' word vectors (the words of ``a``
    in ``in_a``, of ``b`` in ``in_b``); 1 when either is empty (nothing left over to
    disagree)."""
    if not in_a.any() or not in_b.any():
        return 1.0
    va = _weighted_sum(a, in_a)
    vb = _weighted_sum(b, in_b)
    norm = float(np.linalg.norm(va) * np.linalg.norm(vb))
    return float(va @ vb / norm) if norm > 0 else 0.0


def _weighted_sum(words: _WordArrays, where: NDArray[np.bool_]) -> NDArray[np.float32]:
    # Each rarity times its float32 vector, summed down the rows in order: the products
    # and the order of the sums of adding them one word at a time.
    rarity = words.rarity[where].astype(np.float32)
    total: NDArray[np.float32] = (rarity[:, None] * words.vectors[where]).sum(axis=0)
    return total


def _vetoed(view: ClaimView, i: int, j: int) -> bool:
    """A month or day that differs, a word one negates and the other affirms, opposite
    poles of an antonym axis ("convicted", "found not guilty"), or none of something the
    other counts ("no residents", "two residents")."""
    a, b = view.sentence(i), view.sentence(j)
    if a.dates and b.dates and not a.dates & b.dates:
        return True
    if opposed(a.polar, b.polar):
        return True
    if quantity_clash(a.polar, b.polar, same_word):
        return True
    return _polarity_clash(a, b, view.words[j]) or _polarity_clash(b, a, view.words[i])


def _polarity_clash(a: _Sentence, b: _Sentence, b_words: Sequence[str]) -> bool:
    """A word ``a`` negates that ``b`` (its words ``b_words``) states outside its own
    negations (names aside). Against a plain affirmative, every word a "not" of ``a``
    governs counts; where ``b`` negates something too, the scope of each "not" is too
    loosely known to compare whole ("not one day sooner", "not a day sooner"), so only the
    word right after each "not" of ``a`` counts: "it was not caused by blasting" against
    "the cause is not yet known". A "not" stops at "what", "that" and the like: in "did not
    know what caused it" it governs "know", not "caused"."""
    negated = a.heads if b.negates else a.negated
    affirmed = [w for w in b_words if w not in b.names and w not in b.negated]
    return any(same_word(w, u) for w in negated for u in affirmed)


def _clauses(normalized: str) -> tuple[frozenset[str], ...]:
    parts = _CLAUSE_BREAK.split(normalized)
    return tuple(_word_set(part) for part in parts if part.strip())


def _word_set(text: str) -> frozenset[str]:
    """The words of `_words`, as a set."""
    return frozenset(
        part
        for word in content_words(text)
        for part in word.split("-")
        if part and part not in STOPWORDS
    )


def _words(text: str) -> tuple[str, ...]:
    found: list[str] = []
    for word in content_words(text):
        found.extend(part for part in word.split("-") if part and part not in STOPWORDS)
    return tuple(dict.fromkeys(found))


def _names(tokens: Sequence[str]) -> frozenset[str]:
    """Lower-cased parts of capitalised words after the first: names, mostly (``tokens``:
    the sentence's, normalised)."""
    names: set[str] = set()
    for token in tokens[1:]:
        if token[:1].isupper():
            names.update(p for p in token.lower().removesuffix("'s").split("-") if p)
    return frozenset(names)


def _negated(tokens: Sequence[str], scope: int = NEGATION_SCOPE) -> frozenset[str]:
    """The content words a "not" governs: up to ``scope`` after each (``tokens``: the
    sentence's, normalised and lower-cased)."""
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


def _dates(normalized: str) -> frozenset[str]:
    found = set(day_words(normalized))
    found.update(m.group(1)[:3].lower() for m in _MARCH_OR_MAY.finditer(normalized))
    return frozenset(found)
