"""Stage 2 (no shuffle): each article's features, computed once per batch in its task.

Embeddings (wordllama), stemmed term vectors and names as the online clusterer computes
them, and the MinHash signature the near-duplicate stage compares. `mapInPandas` runs in
long-lived Python workers, so the embedding model loads once per worker process.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from storyfold.spark.records import RECORD

if TYPE_CHECKING:
    import pandas as pd

ARTICLE = ", ".join(
    part for part in RECORD.split(", ") if part.split()[0] not in ("kind", "reason")
)
FEATURES = (
    ARTICLE + ", time_us long, embedding array<float>, term_ids array<long>, tf array<double>, "
    "names array<string>, signature binary"
)
ARTICLE_COLUMNS = [part.split()[0] for part in ARTICLE.split(", ")]


def feature_batches(batches: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
    from storyfold.nlp import get_embedder
    from storyfold.spark.records import to_article
    from storyfold.stories.dedup import NearDuplicates
    from storyfold.stories.vectors import article_text, entities, term_counts

    embedder = get_embedder("wordllama")
    signer = NearDuplicates()
    for batch in batches:
        rows: list[dict[str, Any]] = batch[ARTICLE_COLUMNS].to_dict("records")
        articles = [to_article(row) for row in rows]
        texts = [article_text(article) for article in articles]
        if not texts:
            continue
        vectors = embedder.embed(texts)
        for row, article, text, vector in zip(rows, articles, texts, vectors, strict=True):
            counts = term_counts(text)
            row["time_us"] = _first(row["published_us"], row["fetched_us"])
            row["embedding"] = vector.tolist()
            row["term_ids"] = counts.ids.tolist()
            row["tf"] = counts.tf.tolist()
            row["names"] = list(entities(text))
            # The stream's dedup compares the clean text (store.pipeline); so does this.
            row["signature"] = (
                signer.signature_of(article.text) if _has_words(article.text) else b""
            )
        yield _frame(rows)


def _first(*values: Any) -> int | None:
    for value in values:
        if value is not None and value == value:
            return int(value)
    return None


def _has_words(text: str) -> bool:
    return re.search(r"\w", text) is not None


def _frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    import pandas as pd

    columns = [part.split()[0] for part in FEATURES.split(", ")]
    frame = pd.DataFrame(rows, columns=columns)
    for column in ("published_us", "fetched_us", "time_us"):
        frame[column] = frame[column].astype("Int64")
    return frame
