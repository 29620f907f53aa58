"""Online story clustering: each article joins the story it fits best, or starts one.

An article is compared with every open story at once: its unit document embedding
(wordllama) against a dense matrix of the stories' unit centroids, kept in numpy and grown
by doubling. The best `CANDIDATES` stories by embedding are then scored in full: a weighted
sum of embedding cosine and TF-IDF cosine (hashed terms, online IDF), blended with shared
names when both sides have them, and damped by the gap in time when both have dates. The
article joins the best story when the learned join decision (`stories.joiner`, shipped
with the package) gives one of the best few a probability of at least
`ClusterSettings.join_probability`, or, without that model, when the best score reaches
`ClusterSettings.threshold`; otherwise it starts a new story, whose id is "s-" + the
article's id.

Nothing is re-clustered, but a placement can be repaired: after each article, the few
recent articles most like it that sit in other stories move to its story when they fit it
better than their own (`REPAIR_MOVES`); an article that arrived before the rest of its story
is put right when they come. Only those articles and their two stories change, and a story
left empty ends. Optionally (`ClusterSettings.merge_threshold`, off by default) two stories
that turn out to be one are merged, touching only those two. `story_changes()` tells the
store about both, in order. The same articles in the same order give the same stories.

Everything a story needs to be compared with later lives in its `StoryProfile`, the global
term statistics in `TermStatistics`, and the recent articles' own vectors in the repair
window (`stories.recent`); all round-trip through bytes, so the store can save them in the
same transaction as the articles and a new process carries on exactly. (The background
document frequencies the IDF adds, `stories.background`, ship with the package and are
never saved with them.)
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

import numpy as np
from numpy.typing import NDArray

from storyfold.errors import InputError, ModelError
from storyfold.model import Article
from storyfold.nlp import get_embedder
from storyfold.nlp.embeddings import Embedder
from storyfold.nlp.threads import one_blas_thread
from storyfold.stories.background import load_background
from storyfold.stories.joiner import Joiner, candidate_features, load_joiner
from storyfold.stories.recent import RecentArticle, RecentWindow
from storyfold.stories.vectors import (
    DIMENSIONS,
    FloatArray,
    IdArray,
    TermStatistics,
    _pack,
    _read_header,
    article_text,
    entities,
    term_counts,
    tfidf,
)

# --- Tuned on the Multi-News *train* split (benchmarks/clustering.py --tune), never val ---
# The share of the content score given to embedding cosine; the rest is TF-IDF cosine. The
# grid (weights 0-0.3, thresholds 0.12-0.3; first 1,000 train clusters, 2,337 documents;
# `benchmarks/clustering.py --tune`) peaked at 0.1 / 0.18 with B-cubed F1 0.888 (TF-IDF
# alone: 0.884): the embeddings mostly say which *topic* a text is about, and many stories
# share a topic; the names and rare words TF-IDF sees tell the stories apart.
EMBEDDING_WEIGHT = 0.1
# Content score at or above which an article joins a story, when the learned join decision
# is off or its model cannot be loaded; also the bar a repair move must clear. With stems,
# the background IDF and repair (tuning streams of `REPAIR_MOVES`): the rule alone scored
# mean B-cubed F1 0.9068 at 0.20 (0.9069 at 0.22); as the repair bar under the join model
# at probability 0.4, 0.9129 / 0.9142 / 0.9140 at 0.18 / 0.20 / 0.22.
THRESHOLD = 0.20
# The learned join decision: "auto" uses the shipped model when it loads, else the
# threshold; "learned" insists on the model (ModelError without it); "none" uses the
# threshold.
JOINERS = ("auto", "learned", "none")
# Probability at or above which an article joins the candidate the model likes best. Tuned
# on train clusters never used for training it (benchmarks/clustering.py --tune-joiner).
# With repair, stems, the background IDF, and the model retrained under all three (repair
# bar 0.20): mean B-cubed F1 0.9113 / 0.9142 / 0.9128 / 0.9122 at 0.35 / 0.4 / 0.5 / 0.6.
# Before stems: 0.9112 / 0.9123 / 0.9104 at 0.4 / 0.5 / 0.6 (bar 0.18).
JOIN_PROBABILITY = 0.4
# --- Hand-set (not tunable on lower-cased Multi-News; checked on our invented fixtures) ----
# Share of the score given to shared names when both the article and the story have any.
ENTITY_WEIGHT = 0.2
# Time: the score is multiplied by FLOOR + (1 - FLOOR) * exp(-gap / SCALE), where gap is how
# far the article's date lies outside the story's first..last dates; stories whose last
# article is older than WINDOW days before the article attract nothing.
TIME_SCALE_DAYS = 2.0
TIME_FLOOR = 0.8
TIME_WINDOW_DAYS = 7.0
# Stories scored in full per article: the best by embedding cosine. Scoring every story
# instead gave B-cubed F1 0.887 against 0.888 (first 1,000 train clusters), so a second
# source of candidates (say, stories sharing the article's rarest terms) cannot help either.
CANDIDATES = 48
# Terms and names a story keeps: its heaviest, so profiles stay small as stories grow.
STORY_TERMS = 400
STORY_ENTITIES = 64
# Merging (a bounded repair), off by default: when `ClusterSettings.merge_threshold` is set,
# after each article the story it joined or started is compared, profile against profile,
# with the `MERGE_CANDIDATES` other open stories nearest by centroid embedding; when the best
# reaches the threshold the two become one (the smaller is absorbed by the larger). The pair
# score is the join score with story-to-story average linkage in place of article-to-story.
# Off because it did not help: on the first 1,000 train clusters (--tune; join threshold
# 0.18) B-cubed F1 was 0.888 without merging and 0.850 / 0.885 / 0.889 / 0.888 / 0.888 with
# merge thresholds 0.15 / 0.18 / 0.20 / 0.22 / 0.26; raising the join threshold to 0.2-0.25
# to leave more to merging gave at most 0.887. Most wrong joins happen before the true story
# exists, and a merge cannot undo a join. (Nor can more candidates: scoring every story
# instead of `CANDIDATES` gave 0.887.) With repair and the background IDF, merging only two
# stories of two or more whose cross TF-IDF linkage reaches a share of each one's own
# cohesion scored at most 0.9129 against 0.9123 (the join model's tuning streams).
MERGE_THRESHOLD: float | None = None
MERGE_CANDIDATES = 4
# Merges in a row from one article (a merged story may now reach yet another).
MERGE_ROUNDS = 3
# Repair: after each article is placed, the `REPAIR_MOVES` recent articles most like it (the
# `REPAIR_POOL` nearest by embedding, ranked by the content score) that sit in other stories
# move to its story when they would join it (score >= `ClusterSettings.threshold`) and fit it
# better than they fit their own story without themselves. An article placed before its
# story's other reports arrived, alone or in a near-miss story, is put right once they come.
# Tuned on train (three streams of 1,000 clusters from lines 20,001 / 21,001 / 22,001, the
# join model's tuning streams): B-cubed F1 0.8950 without repair, 0.9085 with 5 moves from a
# pool of 30; 10 moves 0.9081, a pool of 100 0.9085, a margin of 0.02 over the own story's
# fit 0.9082; a bar of 0.15 / 0.22 instead of the threshold 0.9067 / 0.9055; join
# probability 0.4 / 0.6 with repair 0.9077 / 0.9087. Story merging on top lowered it (0.9062).
REPAIR_MOVES = 5
REPAIR_POOL = 30
# Articles remembered for repair (about 4 KB each). Older ones stay where they are.
REPAIR_WINDOW = 10_000

_DAY = 86400.0


@dataclass(frozen=True, slots=True)
class ClusterSettings:
    threshold: float = THRESHOLD
    embedding_weight: float = EMBEDDING_WEIGHT
    entity_weight: float = ENTITY_WEIGHT
    time_scale_days: float = TIME_SCALE_DAYS
    time_floor: float = TIME_FLOOR
    time_window_days: float = TIME_WINDOW_DAYS
    candidates: int = CANDIDATES
    story_terms: int = STORY_TERMS
    use_entities: bool = True
    merge_threshold: float | None = MERGE_THRESHOLD
    merge_candidates: int = MERGE_CANDIDATES
    joiner: str = "auto"
    join_probability: float = JOIN_PROBABILITY
    repair_moves: int = REPAIR_MOVES  # 0: never move an article once placed
    repair_pool: int = REPAIR_POOL
    repair_window: int = REPAIR_WINDOW
    # Add the shipped background document frequencies to the stream's own in the IDF
    # (`stories.background`); off, the IDF is the stream's alone.
    background: bool = True


@dataclass(frozen=True, slots=True)
class Move:
    """A recent article moved by repair from one story to another."""

    article_id: str
    from_story: str
    to_story: str


@dataclass(frozen=True, slots=True)
class Assignment:
    article_id: str
    story_id: str
    new: bool
    score: float  # the combined similarity to the story joined (1.0 for a new story)


@dataclass
class StoryProfile:
    """What a story looks like to the clusterer; `to_bytes`/`from_bytes` for the store."""

    story_id: str
    seq: int  # creation order, so a restored clusterer breaks ties as the original did
    size: int
    embedding_sum: FloatArray  # sum of the members' unit embeddings
    term_ids: IdArray  # sorted hashed term ids
    term_weights: FloatArray  # summed unit TF-IDF weights, heaviest `story_terms` kept
    entities: dict[str, int] = field(default_factory=dict)
    first_time: float | None = None  # POSIX seconds of the earliest dated member
    last_time: float | None = None

    def to_bytes(self) -> bytes:
        header: dict[str, object] = {
            "version": 1,
            "story_id": self.story_id,
            "seq": self.seq,
            "size": self.size,
            "dim": int(self.embedding_sum.size),
            "terms": int(self.term_ids.size),
            "entities": self.entities,
            "first_time": self.first_time,
            "last_time": self.last_time,
        }
        return _pack(
            header,
            self.embedding_sum.astype("<f8").tobytes(),
            self.term_ids.astype("<i8").tobytes(),
            self.term_weights.astype("<f8").tobytes(),
        )

    @classmethod
    def from_bytes(cls, data: bytes) -> StoryProfile:
        header, offset = _read_header(data, "story profile")
        try:
            dim = _int(header["dim"])
            terms = _int(header["terms"])
            embedding_sum = np.frombuffer(data, "<f8", dim, offset).astype(np.float64)
            offset += 8 * dim
            term_ids = np.frombuffer(data, "<i8", terms, offset).astype(np.int64)
            offset += 8 * terms
            term_weights = np.frombuffer(data, "<f8", terms, offset).astype(np.float64)
            raw_entities = header["entities"]
            assert isinstance(raw_entities, dict)
            return cls(
                story_id=str(header["story_id"]),
                seq=_int(header["seq"]),
                size=_int(header["size"]),
                embedding_sum=embedding_sum,
                term_ids=term_ids,
                term_weights=term_weights,
                entities={str(k): _int(v) for k, v in raw_entities.items()},
                first_time=_float_or_none(header["first_time"]),
                last_time=_float_or_none(header["last_time"]),
            )
        except (KeyError, ValueError, AssertionError) as exc:
            raise InputError(f"damaged story profile: {exc}", input="story profile") from exc


@dataclass(frozen=True, slots=True)
class _Features:
    article_id: str
    embedding: NDArray[np.float32]
    term_ids: IdArray
    tf: FloatArray
    entities: tuple[str, ...]
    time: float | None


class OnlineClusterer:
    """Assigns articles to stories one by one (or a batch at a time), never re-clustering."""

    def __init__(
        self,
        profiles: Iterable[StoryProfile] = (),
        statistics: TermStatistics | None = None,
        *,
        settings: ClusterSettings | None = None,
        embedder: Embedder | None = None,
        joiner: Joiner | None = None,
        recent: Iterable[RecentArticle] = (),
    ) -> None:
        self.settings = settings or ClusterSettings()
        if self.settings.joiner not in JOINERS:
            raise ModelError(
                f"unknown join decision {self.settings.joiner!r} (known: {', '.join(JOINERS)})"
            )
        self._embedder = embedder
        # A model given here (one being trained) wins over the settings' choice.
        self._joiner = joiner if joiner is not None else _joiner(self.settings.joiner)
        # Called with (article id, candidate story ids best first, their JOIN_FEATURES rows)
        # before each learned decision: how `stories.train` collects examples.
        self.recorder: Callable[[str, list[str], NDArray[np.float64]], None] | None = None
        self.statistics = statistics or TermStatistics()
        # The background hashes stems: a store started before stemming goes without it.
        if (
            self.settings.background
            and self.statistics.background is None
            and self.statistics.stemmed
        ):
            self.statistics.background = load_background()
        self._profiles: list[StoryProfile] = []
        self._index: dict[str, int] = {}
        self._changed: set[str] = set()
        # Merges as (absorbed, into) and moves, in the order made, since the last save.
        self._events: list[tuple[str, str] | Move] = []
        self._merged_into: dict[str, str] = {}  # every merge this object made
        self._moved_to: dict[str, str] = {}  # every article this object moved: where to
        self._window = RecentWindow(
            self.settings.repair_window if self.settings.repair_moves > 0 else 0
        )
        self._remembered: list[RecentArticle] = []  # added to the window since the last save
        self._dim = 0
        # Per story, in rows grown by doubling: the embedding sum, its norm and the size.
        self._sums = np.zeros((0, 0), dtype=np.float32)
        self._sum_norms = np.zeros(0, dtype=np.float64)
        self._sizes = np.zeros(0, dtype=np.float64)
        self._last = np.zeros(0, dtype=np.float64)  # last dated member, NaN when none
        self._first = np.zeros(0, dtype=np.float64)
        # Absorbed stories keep their row (so rows stay in creation order, as in a restored
        # clusterer, and ties break the same way) but are never chosen again.
        self._alive = np.zeros(0, dtype=bool)
        self._next_seq = 0
        for profile in sorted(profiles, key=lambda p: p.seq):
            self._append(profile)
            self._next_seq = max(self._next_seq, profile.seq + 1)
        for entry in recent:
            if entry.story_id not in self._index:
                raise InputError("recent article in an unknown story", input=entry.article_id)
            self._window.add(entry)
        self._scratch = np.zeros(0, dtype=np.float64)

    @classmethod
    def from_saved(
        cls,
        profiles: Iterable[bytes],
        statistics: bytes | None,
        *,
        settings: ClusterSettings | None = None,
        embedder: Embedder | None = None,
        joiner: Joiner | None = None,
        recent: Iterable[tuple[bytes, str]] = (),
    ) -> OnlineClusterer:
        """A clusterer that carries on from what the store saved: each story's
        `StoryProfile.to_bytes()`, `statistics.to_bytes()` (None for a new store), and the
        recent articles' `RecentArticle.to_bytes()` with the story each sits in, oldest
        first."""
        return cls(
            [StoryProfile.from_bytes(data) for data in profiles],
            TermStatistics.from_bytes(statistics) if statistics is not None else None,
            settings=settings,
            embedder=embedder,
            joiner=joiner,
            recent=[RecentArticle.from_bytes(data, story) for data, story in recent],
        )

    def __len__(self) -> int:
        return len(self._index)

    # --- public API --------------------------------------------------------------------

    def add(self, article: Article) -> Assignment:
        return self.add_many([article])[0]

    def add_many(self, articles: Sequence[Article]) -> list[Assignment]:
        """Assign each article in order; later articles can join stories started earlier in
        the same batch. Embeddings for the whole batch are computed in one call."""
        if not articles:
            return []
        texts = [article_text(article) for article in articles]
        embeddings = self._get_embedder().embed(texts)
        # One article at a time against all stories is a matrix-vector product of a few
        # thousand rows: threaded BLAS only adds hand-offs (15x slower on 2 busy cores).
        with one_blas_thread():
            return self._assign_all(articles, texts, embeddings)

    def _assign_all(
        self, articles: Sequence[Article], texts: list[str], embeddings: NDArray[np.float32]
    ) -> list[Assignment]:
        # In arrival order. Deciding a batch's surest articles first (easy-first: by the
        # join model's probability against the stories before the batch) scored 0.9127
        # against 0.9123 on the join model's tuning streams; not worth a second scoring.
        assignments = []
        for article, text, embedding in zip(articles, texts, embeddings, strict=True):
            counts = term_counts(text, stemmed=self.statistics.stemmed)
            features = _Features(
                article_id=article.id,
                embedding=embedding,
                term_ids=counts.ids,
                tf=counts.tf,
                entities=entities(text) if self.settings.use_entities else (),
                time=_posix(article.published),
            )
            self.statistics.observe(counts.ids, embedding)
            assignments.append(self._assign(features))
        return assignments

    def profiles(self) -> dict[str, StoryProfile]:
        """Every story's profile by id (live objects: copy before changing them)."""
        return {sid: self._profiles[row] for sid, row in self._index.items()}

    def changed(self) -> dict[str, StoryProfile]:
        """The profiles created or updated since the last `mark_saved()`."""
        return {sid: self._profiles[self._index[sid]] for sid in sorted(self._changed)}

    def merged(self) -> list[tuple[str, str]]:
        """The merges since the last `mark_saved()`, in order, as (absorbed id, into id)."""
        return [event for event in self._events if isinstance(event, tuple)]

    def moves(self) -> list[Move]:
        """The repair moves since the last `mark_saved()`, in order."""
        return [event for event in self._events if isinstance(event, Move)]

    def story_changes(self) -> list[tuple[str, str] | Move]:
        """Merges and moves since the last `mark_saved()`, in the order made. A story
        started, or an article assigned, since the last save may be among them: apply them
        after the batch's memberships, in this order. A move that leaves its story empty
        ends that story."""
        return list(self._events)

    def resolve(self, story_id: str) -> str:
        """The story that `story_id` now lives on as, following this object's merges (an
        assignment's id may name a story absorbed later)."""
        while story_id in self._merged_into:
            story_id = self._merged_into[story_id]
        return story_id

    def story_now(self, assignment: Assignment) -> str:
        """The story the assignment's article sits in now, after any later move or merge."""
        return self.resolve(self._moved_to.get(assignment.article_id, assignment.story_id))

    def remembered(self) -> list[RecentArticle]:
        """The articles added to the repair window since the last `mark_saved()`, for the
        store to keep (it keeps the newest `ClusterSettings.repair_window`)."""
        return [e for e in self._remembered if self._window.get(e.article_id) is e]

    def mark_saved(self) -> None:
        self._changed.clear()
        self._events.clear()
        self._remembered.clear()

    # --- assignment --------------------------------------------------------------------

    def _assign(self, features: _Features) -> Assignment:
        weights = tfidf_weights(features, self.statistics)
        best, score = self._best_story(features, weights)
        # The learned decision has already said no (None) or yes; only the rule has a bar.
        if best is None or (self._joiner is None and score < self.settings.threshold):
            profile = self._new_profile(features, weights)
            self._append(profile)
            self._changed.add(profile.story_id)
            assignment = Assignment(features.article_id, profile.story_id, True, 1.0)
            row = len(self._profiles) - 1
        else:
            profile = self._profiles[best]
            self._grow(best, features, weights)
            self._changed.add(profile.story_id)
            assignment = Assignment(features.article_id, profile.story_id, False, score)
            row = best
        if self.settings.merge_threshold is not None:
            self._merge_from(row, self.settings.merge_threshold)
        if self._window.capacity > 0:
            entry = RecentArticle(
                article_id=features.article_id,
                story_id=self.resolve(assignment.story_id),
                embedding=features.embedding,
                term_ids=features.term_ids,
                weights=weights,
                entities=features.entities,
                time=features.time,
            )
            self._window.add(entry)
            self._remembered.append(entry)
            self._repair(entry)
        return assignment

    def _best_story(self, features: _Features, weights: FloatArray) -> tuple[int | None, float]:
        n = len(self._profiles)
        if n == 0:
            return None, 0.0
        s = self.settings
        embedding_cos = self._embedding_cosines(features.embedding, n)
        time_factor = self._time_factor(features.time, n)
        if time_factor is not None:
            # A story outside the time window cannot be chosen, whatever its content.
            embedding_cos = np.where(time_factor > 0, embedding_cos, -np.inf)
        embedding_cos = np.where(self._alive[:n], embedding_cos, -np.inf)
        candidates = _top(embedding_cos, s.candidates)
        if candidates.size == 0:
            return None, 0.0
        term_cos = self._term_cosines(features.term_ids, weights, candidates)
        scores = self._combine(embedding_cos, term_cos, features.entities, time_factor, candidates)
        if self._joiner is None and self.recorder is None:
            j = int(np.argmax(scores))
            return int(candidates[j]), float(scores[j])
        return self._learned_choice(features, candidates, scores, term_cos, embedding_cos)

    def _learned_choice(
        self,
        features: _Features,
        candidates: NDArray[np.int64],
        scores: FloatArray,
        term_cos: FloatArray,
        embedding_cos: FloatArray,
    ) -> tuple[int | None, float]:
        """The candidate the join model gives the highest probability, if that reaches
        `join_probability`. Without a model (a recorder collecting training examples under
        the threshold rule) the best score decides, as in `_best_story`."""
        sizes = self._sizes[candidates]
        dots = (self._sums[candidates] @ features.embedding).astype(np.float64) / sizes
        order, rows = candidate_features(scores, term_cos, embedding_cos[candidates], dots, sizes)
        chosen = candidates[order]
        if self.recorder is not None:
            ids = [self._profiles[row].story_id for row in chosen]
            self.recorder(features.article_id, ids, rows)
        if self._joiner is None:
            return int(chosen[0]), float(scores[order[0]])
        probability = self._joiner.probabilities(rows)
        j = int(np.argmax(probability))
        if probability[j] < self.settings.join_probability:
            return None, 0.0
        return int(chosen[j]), float(scores[order[j]])

    def _combine(
        self,
        embedding_cos: FloatArray,
        term_cos: FloatArray,
        names: tuple[str, ...],
        time_factor: FloatArray | None,
        candidates: NDArray[np.int64],
    ) -> FloatArray:
        """The score for each candidate: content, blended with shared names, times time."""
        s = self.settings
        scores: FloatArray = (
            s.embedding_weight * embedding_cos[candidates].astype(np.float64)
            + (1.0 - s.embedding_weight) * term_cos
        )
        if names and s.entity_weight > 0:
            for j, story in enumerate(candidates):
                scores[j] = _with_names(scores[j], names, self._profiles[story].entities, s)
        if time_factor is not None:
            scores = scores * time_factor[candidates]
        return scores

    # --- merging -------------------------------------------------------------------------

    def _merge_from(self, row: int, threshold: float) -> None:
        for _ in range(MERGE_ROUNDS):
            other, score = self._best_merge(row)
            if other is None or score < threshold:
                return
            mine, theirs = self._profiles[row], self._profiles[other]
            # The larger story survives; between equals, the older (its id is the one
            # readers may already have seen first).
            if (theirs.size, -theirs.seq) > (mine.size, -mine.seq):
                row, other = other, row
            self._absorb(row, other)

    def _best_merge(self, row: int) -> tuple[int | None, float]:
        """The open story most like story `row`, profile against profile, and the score."""
        n = len(self._profiles)
        profile = self._profiles[row]
        centroid = (profile.embedding_sum / profile.size).astype(np.float32)
        embedding_cos = self._embedding_cosines(centroid, n)
        time_factor = self._span_time_factor(profile.first_time, profile.last_time, n)
        if time_factor is not None:
            embedding_cos = np.where(time_factor > 0, embedding_cos, -np.inf)
        embedding_cos = np.where(self._alive[:n], embedding_cos, -np.inf)
        embedding_cos[row] = -np.inf
        candidates = _top(embedding_cos, self.settings.merge_candidates)
        if candidates.size == 0:
            return None, 0.0
        # Average linkage between the two stories: the mean cosine over pairs of members,
        # which is the dot product of the summed unit vectors over the product of sizes.
        term_cos = self._term_cosines(profile.term_ids, profile.term_weights, candidates)
        term_cos /= profile.size
        names = tuple(profile.entities)
        scores = self._combine(embedding_cos, term_cos, names, time_factor, candidates)
        j = int(np.argmax(scores))
        return int(candidates[j]), float(scores[j])

    def _span_time_factor(
        self, first: float | None, last: float | None, n: int
    ) -> FloatArray | None:
        """`_time_factor` for a story spanning first..last: the gap between two spans, and
        a story more than the window away on either side attracts nothing."""
        if first is None or last is None or np.isnan(self._last[:n]).all():
            return None
        firsts, lasts = self._first[:n], self._last[:n]
        return _time_factors(first, last, firsts, lasts, self.settings, stale_either_way=True)

    def _absorb(self, into: int, row: int) -> None:
        """Story `row` becomes part of story `into`; only these two stories change."""
        profile, gone = self._profiles[into], self._profiles[row]
        profile.size += gone.size
        profile.embedding_sum = profile.embedding_sum + gone.embedding_sum
        ids = np.concatenate([profile.term_ids, gone.term_ids])
        values = np.concatenate([profile.term_weights, gone.term_weights])
        profile.term_ids, inverse = np.unique(ids, return_inverse=True)
        profile.term_weights = np.bincount(inverse, weights=values).astype(np.float64)
        counts = Counter(profile.entities)
        counts.update(gone.entities)
        profile.entities = dict(
            sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:STORY_ENTITIES]
        )
        times = [t for t in (profile.first_time, gone.first_time) if t is not None]
        profile.first_time = min(times) if times else None
        times = [t for t in (profile.last_time, gone.last_time) if t is not None]
        profile.last_time = max(times) if times else None
        _prune(profile, self.settings.story_terms)
        self._set_row(into, profile)
        self._alive[row] = False
        del self._index[gone.story_id]
        self._changed.discard(gone.story_id)
        self._changed.add(profile.story_id)
        self._events.append((gone.story_id, profile.story_id))
        self._merged_into[gone.story_id] = profile.story_id
        self._window.rename_story(gone.story_id, profile.story_id)

    # --- repair --------------------------------------------------------------------------

    def _repair(self, entry: RecentArticle) -> None:
        """Move the recent articles most like `entry` to its story where they fit better
        (see `REPAIR_MOVES`)."""
        s = self.settings
        pool = [
            other
            for other in self._window.nearest(entry, s.repair_pool)
            if other.story_id != entry.story_id
        ]
        if not pool:
            return
        # The content score with each: all the pool's term dot products in one gather.
        scratch = self._dense_scratch()
        scratch[entry.term_ids] = entry.weights
        ids = np.concatenate([other.term_ids for other in pool])
        weights = np.concatenate([other.weights for other in pool])
        ends = np.cumsum([other.term_ids.size for other in pool])
        sums = np.concatenate([[0.0], np.cumsum(scratch[ids] * weights)])
        scratch[entry.term_ids] = 0.0
        term_dots = sums[ends] - sums[np.concatenate([[0], ends[:-1]])]
        embedding_dots = np.stack([other.embedding for other in pool]) @ entry.embedding
        closeness = (
            s.embedding_weight * embedding_dots.astype(np.float64)
            + (1.0 - s.embedding_weight) * term_dots
        )
        order = np.argsort(-closeness, kind="stable")  # ties: nearer by embedding first
        target = self._index[entry.story_id]
        for k in order[: s.repair_moves]:
            other = pool[int(k)]
            there = self._fit(other, target, leave_out=False)
            if there is None or there < s.threshold:
                continue
            own = self._index[other.story_id]
            here = self._fit(other, own, leave_out=True)
            if here is not None and there < here:
                continue
            self._move(other, own, target)

    def _fit(self, entry: RecentArticle, row: int, *, leave_out: bool) -> float | None:
        """The join score of a recent article with story `row`, as `_combine` gives it; with
        `leave_out`, with the story as it would be without the article (None if that leaves
        nothing)."""
        profile = self._profiles[row]
        size = profile.size - int(leave_out)
        if size <= 0:
            return None
        s = self.settings
        embedding_sum = profile.embedding_sum
        if leave_out:
            embedding_sum = embedding_sum - entry.embedding
        embedding_cos = _centred_cosine(
            entry.embedding, embedding_sum, size, self.statistics.mean_embedding()
        )
        _, mine, theirs = np.intersect1d(
            profile.term_ids, entry.term_ids, assume_unique=True, return_indices=True
        )
        members = profile.term_weights[mine]
        if leave_out:
            members = np.maximum(members - entry.weights[theirs], 0.0)
        term_cos = float(members @ entry.weights[theirs]) / size
        score = s.embedding_weight * embedding_cos + (1.0 - s.embedding_weight) * term_cos
        names = profile.entities
        if leave_out and entry.entities:
            names = _less(names, entry.entities)
        if entry.entities and s.entity_weight > 0:
            score = _with_names(score, entry.entities, names, s)
        if entry.time is not None and profile.last_time is not None:
            first = profile.first_time if profile.first_time is not None else profile.last_time
            factor = _time_factors(
                entry.time, entry.time, np.asarray([first]), np.asarray([profile.last_time]), s
            )
            score *= float(factor[0])
        return score

    def _move(self, entry: RecentArticle, own: int, target: int) -> None:
        """Take a recent article out of story `own` and add it to story `target`. A story
        left empty ends. Its span in time is kept as it was: the other members' times are
        not in the profile."""
        source = self._profiles[own]
        source.size -= 1
        source.embedding_sum = source.embedding_sum - entry.embedding.astype(np.float64)
        _, mine, theirs = np.intersect1d(
            source.term_ids, entry.term_ids, assume_unique=True, return_indices=True
        )
        source.term_weights = source.term_weights.copy()
        source.term_weights[mine] = np.maximum(
            source.term_weights[mine] - entry.weights[theirs], 0.0
        )
        kept = source.term_weights > 0.0
        source.term_ids, source.term_weights = source.term_ids[kept], source.term_weights[kept]
        source.entities = _less(source.entities, entry.entities)
        if source.size == 0:
            self._alive[own] = False
            del self._index[source.story_id]
            self._changed.discard(source.story_id)
        else:
            self._set_row(own, source)
            self._changed.add(source.story_id)
        self._grow(target, entry, entry.weights)
        destination = self._profiles[target].story_id
        self._changed.add(destination)
        self._events.append(Move(entry.article_id, source.story_id, destination))
        self._moved_to[entry.article_id] = destination
        entry.story_id = destination

    def _dense_scratch(self) -> FloatArray:
        """A zeroed vector over the hashed terms; callers put weights in and zero them after."""
        if self._scratch.size == 0:
            self._scratch = np.zeros(DIMENSIONS, dtype=np.float64)
        return self._scratch

    def _embedding_cosines(self, embedding: NDArray[np.float32], n: int) -> FloatArray:
        """Cosine of the article's embedding with every story centroid, both centred on the
        stream's mean embedding: without centring, every text shares a common direction, and
        big stories (whose centroids drift towards it) attract unrelated articles."""
        sums = self._sums[:n]
        sizes = self._sizes[:n]
        mean = self.statistics.mean_embedding()
        if mean is None:
            cos: FloatArray = (sums @ embedding).astype(np.float64) / self._sum_norms[:n]
            return cos
        mean32 = mean.astype(np.float32)
        article = embedding - mean32
        article_norm = float(np.linalg.norm(article))
        if article_norm == 0:
            return np.zeros(n, dtype=np.float64)
        products = (sums @ np.stack([article, mean32], axis=1)).astype(np.float64)
        dots = products[:, 0] - sizes * float(mean32 @ article)
        story_sq = (
            self._sum_norms[:n] ** 2 - 2.0 * sizes * products[:, 1] + sizes**2 * float(mean @ mean)
        )
        story_norms = np.sqrt(np.maximum(story_sq, 1e-12))
        centred: FloatArray = dots / (story_norms * article_norm)
        return centred

    def _term_cosines(
        self, ids: IdArray, weights: FloatArray, candidates: NDArray[np.int64]
    ) -> FloatArray:
        """Each candidate's summed member weights dotted with `weights`, over its size."""
        scratch = self._dense_scratch()
        scratch[ids] = weights
        out = np.empty(candidates.size, dtype=np.float64)
        for j, story in enumerate(candidates):
            profile = self._profiles[story]
            # The mean cosine with the members (average linkage): the summed unit vectors
            # over the size. Cosine with the summed vector instead let big stories, whose
            # sums drift towards the topic's common words, pull in other stories of the
            # topic (best B-cubed F1 0.899 against 0.894, first 400 train clusters).
            dot = float(scratch[profile.term_ids] @ profile.term_weights)
            out[j] = dot / profile.size
        scratch[ids] = 0.0
        return out

    def _time_factor(self, time: float | None, n: int) -> FloatArray | None:
        if time is None or np.isnan(self._last[:n]).all():
            return None
        return _time_factors(time, time, self._first[:n], self._last[:n], self.settings)

    # --- story profiles ------------------------------------------------------------------

    def _new_profile(self, features: _Features, weights: FloatArray) -> StoryProfile:
        story_id = f"s-{features.article_id}"
        # The store drops exact duplicates first; should one get here, it still gets a
        # story of its own with an id that depends only on the input order.
        copy = 1
        while story_id in self._index or story_id in self._merged_into:
            copy += 1
            story_id = f"s-{features.article_id}.{copy}"
        profile = StoryProfile(
            story_id=story_id,
            seq=self._next_seq,
            size=1,
            embedding_sum=features.embedding.astype(np.float64),
            term_ids=features.term_ids.copy(),
            term_weights=weights.copy(),
            entities=dict.fromkeys(features.entities, 1),
            first_time=features.time,
            last_time=features.time,
        )
        self._next_seq += 1
        _prune(profile, self.settings.story_terms)
        return profile

    def _grow(self, row: int, features: _Features | RecentArticle, weights: FloatArray) -> None:
        """Add a member (a new article, or a recent one moved here) with these unit TF-IDF
        weights to story `row`."""
        profile = self._profiles[row]
        profile.size += 1
        profile.embedding_sum = profile.embedding_sum + features.embedding.astype(np.float64)
        ids = np.concatenate([profile.term_ids, features.term_ids])
        values = np.concatenate([profile.term_weights, weights])
        profile.term_ids, inverse = np.unique(ids, return_inverse=True)
        profile.term_weights = np.bincount(inverse, weights=values).astype(np.float64)
        if features.entities:
            counts = Counter(profile.entities)
            counts.update(features.entities)
            profile.entities = dict(
                sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:STORY_ENTITIES]
            )
        if features.time is not None:
            first = profile.first_time
            last = profile.last_time
            profile.first_time = features.time if first is None else min(first, features.time)
            profile.last_time = features.time if last is None else max(last, features.time)
        _prune(profile, self.settings.story_terms)
        self._set_row(row, profile)

    def _append(self, profile: StoryProfile) -> None:
        if profile.story_id in self._index:
            raise InputError("story profile given twice", input=profile.story_id)
        n = len(self._profiles)
        dim = profile.embedding_sum.size
        if self._dim == 0:
            self._dim = dim
            self._sums = np.zeros((16, dim), dtype=np.float32)
            self._sum_norms = np.ones(16)
            self._sizes = np.zeros(16)
            self._first = np.full(16, np.nan)
            self._last = np.full(16, np.nan)
            self._alive = np.zeros(16, dtype=bool)
        elif dim != self._dim:
            raise InputError(
                f"embedding has {dim} dimensions, the stories have {self._dim}",
                input=profile.story_id,
            )
        if n == self._sums.shape[0]:
            self._sums = np.vstack([self._sums, np.zeros_like(self._sums)])
            self._sum_norms = np.concatenate([self._sum_norms, np.ones(n)])
            self._sizes = np.concatenate([self._sizes, np.zeros(n)])
            self._first = np.concatenate([self._first, np.full(n, np.nan)])
            self._last = np.concatenate([self._last, np.full(n, np.nan)])
            self._alive = np.concatenate([self._alive, np.zeros(n, dtype=bool)])
        self._profiles.append(profile)
        self._index[profile.story_id] = n
        self._alive[n] = True
        self._set_row(n, profile)

    def _set_row(self, row: int, profile: StoryProfile) -> None:
        self._sums[row] = profile.embedding_sum.astype(np.float32)
        norm = float(np.linalg.norm(self._sums[row].astype(np.float64)))
        self._sum_norms[row] = norm if norm > 0 else 1.0
        self._sizes[row] = profile.size
        self._first[row] = np.nan if profile.first_time is None else profile.first_time
        self._last[row] = np.nan if profile.last_time is None else profile.last_time

    def _get_embedder(self) -> Embedder:
        if self._embedder is None:
            self._embedder = get_embedder("wordllama")
        return self._embedder


def _time_factors(
    first: float,
    last: float,
    firsts: FloatArray,
    lasts: FloatArray,
    s: ClusterSettings,
    *,
    stale_either_way: bool = False,
) -> FloatArray:
    """What time does to the score of something spanning first..last (an article: one
    time) with stories spanning firsts..lasts (NaN when undated: factor 1): FLOOR + (1 -
    FLOOR) * exp(-gap / SCALE) for the days between the spans, and 0 for a story whose last
    article is over WINDOW days older, or (`stale_either_way`) over WINDOW days away."""
    dated = ~np.isnan(lasts)
    with np.errstate(invalid="ignore"):
        gap = np.maximum(np.maximum(firsts - last, first - lasts), 0.0) / _DAY
        factor = s.time_floor + (1.0 - s.time_floor) * np.exp(-gap / s.time_scale_days)
        stale = (gap if stale_either_way else (first - lasts) / _DAY) > s.time_window_days
    factors: FloatArray = np.where(dated, np.where(stale, 0.0, factor), 1.0)
    return factors


def _centred_cosine(
    embedding: NDArray[np.float32], total: FloatArray, size: int, mean: FloatArray | None
) -> float:
    """`OnlineClusterer._embedding_cosines` for one story with embedding sum `total`."""
    article = embedding.astype(np.float64)
    story = total
    if mean is not None:
        article = article - mean
        story = total - size * mean
    norms = float(np.linalg.norm(article) * np.linalg.norm(story))
    return float(article @ story) / norms if norms > 0 else 0.0


def _less(counts: dict[str, int], names: tuple[str, ...]) -> dict[str, int]:
    """A story's name counts without one member's names."""
    left = dict(counts)
    for name in names:
        if name in left:
            left[name] -= 1
            if left[name] <= 0:
                del left[name]
    return left


def tfidf_weights(features: _Features, stats: TermStatistics) -> FloatArray:
    from storyfold.stories.vectors import TermCounts

    return tfidf(TermCounts(features.term_ids, features.tf), stats)


def _top(scores: FloatArray, k: int) -> NDArray[np.int64]:
    """The indices of the `k` highest finite scores, in index order (so ties go to the
    oldest story, whatever argpartition returned)."""
    n = scores.size
    k = min(k, n)
    if k == 0:
        return np.zeros(0, dtype=np.int64)
    candidates = np.argpartition(-scores, k - 1)[:k] if k < n else np.arange(n)
    candidates = candidates[np.isfinite(scores[candidates])]
    candidates.sort()
    return candidates.astype(np.int64)


def _prune(profile: StoryProfile, keep: int) -> None:
    if profile.term_ids.size <= keep:
        return
    # Heaviest terms first; among equal weights the lower id, so pruning is deterministic.
    order = np.lexsort((profile.term_ids, -profile.term_weights))[:keep]
    order.sort()
    profile.term_ids = profile.term_ids[order]
    profile.term_weights = profile.term_weights[order]


def _joiner(choice: str) -> Joiner | None:
    if choice == "none":
        return None
    try:
        return load_joiner()
    except ModelError:
        if choice == "learned":
            raise
        return None


def _with_names(
    score: float, names: tuple[str, ...], story: dict[str, int], s: ClusterSettings
) -> float:
    """The content score blended with the share of names shared, when the story has any."""
    shared = _entity_overlap(names, story)
    if shared is None:
        return score
    return (1.0 - s.entity_weight) * score + s.entity_weight * shared


def _entity_overlap(names: tuple[str, ...], story: dict[str, int]) -> float | None:
    if not story:
        return None
    return sum(1 for name in names if name in story) / min(len(names), len(story))


def _posix(published: datetime | None) -> float | None:
    if published is None:
        return None
    if published.tzinfo is None:
        published = published.replace(tzinfo=UTC)
    return published.timestamp()


def _int(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ValueError(f"expected a number, got {value!r}")
    return int(value)


def _float_or_none(value: object) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"expected a number, got {value!r}")
    return float(value)
