"""The systems the harness can run, by name, behind one small interface."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol

from storyfold.brief.summary.scorer import load_scorer
from storyfold.brief.summary.select import summarize
from storyfold.config import Settings
from storyfold.errors import InputError, ModelError
from storyfold.eval.multinews import prepare_articles
from storyfold.eval.peers import CentroidPeer, SumyPeer, lead


class System(Protocol):
    name: str

    def setup(self) -> None:
        """Load models; called once before timing starts."""
        ...

    def summarize(self, documents: Sequence[str], words: int) -> list[str]:
        """From a cluster's raw documents to its summary sentences (about ``words`` long)."""
        ...

    def describe(self) -> dict[str, object]:
        """What a reader of the results needs to know to reproduce this system's run."""
        ...


class StoryfoldSystem:
    """storyfold's own summary path, exactly as the brief's selection takes it: ingest and
    cleaning here, then `storyfold.brief.summary.select.summarize` (sentence table with its
    embeddings, the shipped scorer, selection, cut to the budget)."""

    name = "storyfold"
    # Only lines that stand alone (`brief.summary.standalone`), as the brief shows them.
    standalone = False

    def __init__(self, embedder: str = "wordllama") -> None:
        self._embedder = embedder

    def setup(self) -> None:
        # A two-sentence story of our own loads the embedder and the scorer.
        self.summarize(["Setup loads every model once. The clock starts after it."], 10)

    def summarize(self, documents: Sequence[str], words: int) -> list[str]:
        settings = Settings(words=words, embedder=self._embedder)
        return summarize(prepare_articles(documents), settings, standalone=self.standalone)

    def describe(self) -> dict[str, object]:
        # Which scorer `summarize` takes with the default settings ("auto"): the shipped
        # learned model when it loads, else the unsupervised blend.
        try:
            scorer = f"learned ({load_scorer().path.name})"
        except ModelError as exc:
            scorer = f"unsupervised ({exc.message})"
        return {"embedder": self._embedder, "scorer": scorer, "standalone": self.standalone}


class StandaloneSystem(StoryfoldSystem):
    """storyfold's selection kept to lines a reader can understand alone, as the brief
    keeps it (without the brief's brackets, which need the quotes' speakers)."""

    name = "storyfold-standalone"
    standalone = True


class LeadSystem:
    name = "lead"

    def setup(self) -> None:
        pass

    def summarize(self, documents: Sequence[str], words: int) -> list[str]:
        return lead(documents, words)

    def describe(self) -> dict[str, object]:
        return {"order": "first sentences of each article, interleaved"}


_FACTORIES: dict[str, Callable[[], System]] = {
    "storyfold": StoryfoldSystem,
    "storyfold-standalone": StandaloneSystem,
    "lead": LeadSystem,
    "lexrank": lambda: SumyPeer("lexrank"),
    "textrank": lambda: SumyPeer("textrank"),
    "centroid": CentroidPeer,
}
SYSTEM_NAMES = tuple(_FACTORIES)


def make_systems(names: Sequence[str]) -> list[System]:
    """Systems by name, in the order given; an unknown or repeated name is an error."""
    unknown = [n for n in names if n not in _FACTORIES]
    if unknown:
        raise InputError(
            f"unknown system {unknown[0]!r} (choose from {', '.join(SYSTEM_NAMES)})",
            input="--systems",
        )
    if len(set(names)) != len(names):
        raise InputError("a system is named twice", input="--systems")
    if not names:
        raise InputError("no system named", input="--systems")
    return [_FACTORIES[n]() for n in names]
