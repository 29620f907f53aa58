"""Background document frequencies: what the IDF knows before the stream has shown much.

The clusterer's IDF is counted over the articles it has seen. A young stream has seen few,
so its IDF cannot tell a story's rare words from the language's common ones, and the first
reports of every story are compared mostly on words like "officials" and "year". The package
ships the document frequencies of news the stream has never shown (Multi-News training
documents: hashed stem ids and counts only, no text), and `TermStatistics.idf` adds them to
the stream's own counts. As the stream grows, its own counts weigh more and more.

Made by `storyfold train-clusterer` (`count_background`, then `save_background`), which
trains the join decision under the same background.
"""

from __future__ import annotations

import functools
import gzip
from collections.abc import Iterable
from pathlib import Path

from storyfold.errors import InputError, ModelError
from storyfold.model import Article
from storyfold.stories.vectors import TermStatistics, article_text, term_counts

BACKGROUND_PATH = Path(__file__).parent / "models" / "background.bin.gz"
# Buckets seen in fewer documents are left out of the saved file: a term seen once in the
# background gets almost the IDF of one never seen (log(N/2) against log(N)), and dropping
# them halves the file.
MIN_DOCUMENTS = 2


def count_background(articles: Iterable[Article]) -> TermStatistics:
    """Document frequencies of the hashed terms of `articles`, read as the clusterer reads
    them (no embeddings)."""
    statistics = TermStatistics()
    for article in articles:
        counts = term_counts(article_text(article))
        if counts.ids.size:
            statistics.observe(counts.ids)
    return statistics


def save_background(statistics: TermStatistics, path: Path) -> None:
    kept = TermStatistics(documents=statistics.documents)
    common = statistics.frequencies >= MIN_DOCUMENTS
    kept.frequencies[common] = statistics.frequencies[common]
    path.write_bytes(gzip.compress(kept.to_bytes(), mtime=0))


def load_background(path: Path | None = None) -> TermStatistics:
    """The statistics saved at `path` (default: the shipped file); `ModelError` naming the
    file when it is missing or damaged."""
    return _shipped() if path is None else _load(path)


@functools.cache
def _shipped() -> TermStatistics:
    return _load(BACKGROUND_PATH)


def _load(path: Path) -> TermStatistics:
    try:
        data = gzip.decompress(path.read_bytes())
        statistics = TermStatistics.from_bytes(data)
    except (OSError, EOFError, gzip.BadGzipFile, InputError) as exc:
        raise ModelError(
            f"no usable background term statistics: {exc}; "
            "make them with `storyfold train-clusterer`",
            input=str(path),
        ) from exc
    if statistics.documents <= 0 or statistics.embedding_sum is not None or not statistics.stemmed:
        raise ModelError("not background term statistics (by stem)", input=str(path))
    statistics.frequencies.setflags(write=False)  # shared by every clusterer in the process
    return statistics
