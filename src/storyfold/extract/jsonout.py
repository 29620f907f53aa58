"""An extraction as one JSON object of `storyfold.extract/1` (see docs/extract-schema.md)."""

from __future__ import annotations

from storyfold.extract.article import SCHEMA, UNPLACED, Extraction, Span


def _span(span: Span) -> dict[str, object]:
    out: dict[str, object] = {"start": span.start, "end": span.end, "text": span.text}
    if span.start is None:
        out["note"] = UNPLACED
    return out


def extraction_json(found: Extraction) -> dict[str, object]:
    """The output line for one article; offsets index the text as given."""
    return {
        "schema": SCHEMA,
        "id": found.id,
        "source": found.source,
        "offsets": "html-source" if found.form == "html" else "text",
        "published": {
            "value": found.published.isoformat() if found.published else None,
            "from": found.published_from,
        },
        "quotes": [
            {
                **_span(q.span),
                "direct": q.direct,
                "speaker": q.speaker,
                "speaker_kind": q.speaker_kind,
                "role": q.role,
                "aliases": list(q.aliases),
                "attribution": q.attribution,
            }
            for q in found.quotes
        ],
        "dates": [
            {
                **_span(d.span),
                "value": d.value,
                "granularity": d.granularity,
                "relative": d.relative,
            }
            for d in found.dates
        ],
        "entities": [{**_span(e.span), "kind": e.kind, "name": e.name} for e in found.entities],
    }
