"""A small, hand-built Brief for renderer tests.

The story, outlets and sentences are invented for the project (never real article text).
Citations are computed from the article texts below, so tests can check that every
citation's offsets point at exactly its text.
"""

from __future__ import annotations

from datetime import UTC, datetime
from types import MappingProxyType

from storyfold.model import (
    ArticleInfo,
    Brief,
    Duplicate,
    Provenance,
    RemovedLine,
    SentenceRef,
    Skipped,
    SummaryLine,
)

TITLE = "Alderbrook footbridge reopens after storm repairs"

# article id -> (outlet, title, url, published, sentences)
_ARTICLES: dict[str, tuple[str, str | None, str | None, datetime | None, tuple[str, ...]]] = {
    "courier-1": (
        "Alderbrook Courier",
        "Footbridge back in service",
        "https://courier.example/alderbrook/footbridge-open",
        datetime(2024, 3, 4, 8, 15, tzinfo=UTC),
        (
            "The Alderbrook footbridge reopened on Monday after eleven weeks of storm repairs.",
            "Engineers replaced four of the bridge's timber spans and raised its deck by "
            "40 centimetres.",
            "“We built it to stand the next flood, not the last one,” said site manager "
            "Ines Varga.",
            "The repairs cost 2.3 million crowns, slightly over the council's estimate.",
        ),
    ),
    "herald-1": (
        "Northgate Herald",
        "Alderbrook crossing open again",
        "https://herald.example/news/crossing",
        datetime(2024, 3, 4, 11, 0, tzinfo=UTC),
        (
            "Alderbrook's footbridge is open again, eleven weeks after a storm tore away part "
            "of its deck.",
            "The council said the final bill came to 2.3 million crowns.",
            "Local shops had reported a drop in trade while the crossing was closed.",
        ),
    ),
    "kestrel-1": (
        "Radio Kestrel",
        "Walkers return to the river crossing",
        None,
        datetime(2024, 3, 5, 7, 30, tzinfo=UTC),
        (
            "Pedestrians crossed the river at Alderbrook on Monday for the first time since "
            "the October storm.",
            "Site manager Ines Varga said the bridge was built to withstand the next flood.",
            "Cyclists must still dismount on the central span.",
        ),
    ),
    "tide-1": (
        "Tide & Timber",
        "New spans for an old bridge",
        "https://tide-timber.example/spans?id=7&view=full",
        None,
        (
            "New timber spans now carry the Alderbrook footbridge over the river.",
            "The deck sits 40 centimetres higher than before the storm.",
        ),
    ),
    "courier-2": (
        "Alderbrook Courier",
        None,
        None,
        None,
        (
            "Traders on Mill Street say footfall picked up within hours of the bridge reopening.",
            "Some said the closure had cost them a third of their usual takings.",
        ),
    ),
}

# Each summary line: (article id, sentence index) of its source, then its supporting
# sentences with their similarity to it.
_SUMMARY: tuple[tuple[tuple[str, int], tuple[tuple[str, int, float], ...]], ...] = (
    (("courier-1", 0), (("herald-1", 0, 0.9131), ("kestrel-1", 0, 0.8402))),
    (("courier-1", 1), (("tide-1", 0, 0.7816), ("tide-1", 1, 0.8049))),
    (("courier-1", 2), (("kestrel-1", 1, 0.8833),)),
    (("herald-1", 2), (("courier-2", 0, 0.7444),)),
    (("kestrel-1", 2), ()),
)


def _text(article_id: str) -> str:
    return " ".join(_ARTICLES[article_id][4])


ARTICLE_TEXTS = MappingProxyType({article_id: _text(article_id) for article_id in _ARTICLES})


def _ref(article_id: str, index: int, similarity: float) -> SentenceRef:
    sentences = _ARTICLES[article_id][4]
    start = sum(len(s) + 1 for s in sentences[:index])
    end = start + len(sentences[index])
    return SentenceRef(
        article_id=article_id,
        outlet=_ARTICLES[article_id][0],
        sentence=index,
        start=start,
        end=end,
        text=ARTICLE_TEXTS[article_id][start:end],
        similarity=similarity,
    )


def _info(article_id: str) -> ArticleInfo:
    outlet, title, url, published, sentences = _ARTICLES[article_id]
    return ArticleInfo(
        id=article_id,
        outlet=outlet,
        source=f"reports/{article_id}.html",
        title=title,
        url=url,
        author="Mara Lindqvist" if article_id == "courier-1" else None,
        published=published,
        published_from="html-metadata" if published else None,
        outlet_from="metadata" if url else "file-name",
        sentences=len(sentences),
        words=len(_text(article_id).split()),
    )


def _line(source: tuple[str, int], support: tuple[tuple[str, int, float], ...]) -> SummaryLine:
    own = _ref(*source, 1.0)
    return SummaryLine(text=own.text, citations=(own, *(_ref(*s) for s in support)))


def make_provenance() -> Provenance:
    return Provenance(
        version="0.1.0",
        created=datetime(2024, 3, 5, 9, 30, 12, tzinfo=UTC),
        settings={"words": 230, "max_bytes": 5 * 1024 * 1024, "embedder": "wordllama"},
        embedder="wordllama 256-d",
        inputs=(
            *(f"reports/{article_id}.html" for article_id in _ARTICLES),
            "reports/courier-1-copy.html",
            "reports/empty.html",
            "reports/photo.jpg",
        ),
        skipped=(
            Skipped("reports/empty.html", "no text left after cleaning"),
            Skipped("reports/photo.jpg", "not a text or HTML file"),
        ),
        duplicates=(Duplicate("reports/courier-1-copy.html", "reports/courier-1.html"),),
        removed={
            "courier-1": (
                RemovedLine(1, "Subscribe to the Courier morning letter", "newsletter prompt"),
                RemovedLine(2, "Share this story", "share buttons"),
            ),
            "kestrel-1": (RemovedLine(14, "Listen live on 98.4 FM", "navigation"),),
        },
    )


def make_brief(*, title: str = TITLE) -> Brief:
    """Five articles from four outlets, five summary lines, a full provenance."""
    return Brief(
        title=title,
        articles=tuple(_info(article_id) for article_id in _ARTICLES),
        summary=tuple(_line(source, support) for source, support in _SUMMARY),
        provenance=make_provenance(),
    )
