"""The brief as versioned JSON (``storyfold.brief/1``), documented in docs/brief-schema.md.

Fields are listed by hand rather than taken from ``dataclasses.asdict`` so that renaming a
field in the model cannot silently change the published schema.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from storyfold.model import (
    ArticleInfo,
    Brief,
    Comparison,
    Duplicate,
    Entity,
    NumericDisagreement,
    Provenance,
    PublicationDate,
    Quote,
    QuoteMention,
    RemovedLine,
    SentenceRef,
    Skipped,
    Speaker,
    SummaryLine,
    Timeline,
    TimelineEvent,
)
from storyfold.render.common import outlet_count

SCHEMA = "storyfold.brief/1"
SIMILARITY_PLACES = 3


def brief_to_dict(brief: Brief) -> dict[str, Any]:
    """The brief as plain JSON data: only dicts, lists, strings, numbers, bools and None."""
    return {
        "schema": SCHEMA,
        "title": brief.title,
        "outlets": outlet_count(brief),
        "articles": [_article(info) for info in brief.articles],
        "summary": [_summary_line(line) for line in brief.summary],
        "quotes": [_quote(quote) for quote in brief.quotes],
        "entities": [_entity(entity) for entity in brief.entities],
        "timeline": _timeline(brief.timeline),
        "comparison": _comparison(brief.comparison),
        "provenance": _provenance(brief.provenance),
    }


def render_json(brief: Brief) -> str:
    return json.dumps(brief_to_dict(brief), indent=2, ensure_ascii=False) + "\n"


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _article(info: ArticleInfo) -> dict[str, Any]:
    return {
        "id": info.id,
        "outlet": info.outlet,
        "outlet_from": info.outlet_from,
        "source": info.source,
        "title": info.title,
        "url": info.url,
        "author": info.author,
        "published": _iso(info.published),
        "published_from": info.published_from,
        "sentences": info.sentences,
        "words": info.words,
        "later_development": info.later_development,
    }


def _summary_line(line: SummaryLine) -> dict[str, Any]:
    return {
        "text": line.text,
        # An editor's brackets put into the source sentence (offset into the source text).
        "insertions": [{"at": i.at, "text": i.text} for i in line.insertions],
        "outlets": list(line.outlets),
        "reported_by": len(line.outlets),
        "citations": [_citation(ref) for ref in line.citations],
    }


def _citation(ref: SentenceRef) -> dict[str, Any]:
    return {
        "article_id": ref.article_id,
        "outlet": ref.outlet,
        "sentence": ref.sentence,
        "start": ref.start,
        "end": ref.end,
        "text": ref.text,
        "similarity": round(ref.similarity, SIMILARITY_PLACES),
    }


def _quote(quote: Quote) -> dict[str, Any]:
    return {
        "speaker": _speaker(quote.speaker),
        "text": quote.text,
        "direct": quote.direct,
        "outlets": list(quote.outlets),
        "variants": list(quote.variants),
        "mentions": [_mention(m) for m in quote.mentions],
    }


def _speaker(speaker: Speaker) -> dict[str, Any]:
    return {"name": speaker.name, "kind": speaker.kind, "role": speaker.role}


def _mention(mention: QuoteMention) -> dict[str, Any]:
    return {
        "article_id": mention.article_id,
        "outlet": mention.outlet,
        "text": mention.text,
        "start": mention.start,
        "end": mention.end,
        "sentence": mention.sentence,
        "attribution": mention.attribution,
    }


def _entity(entity: Entity) -> dict[str, Any]:
    return {
        "name": entity.name,
        "kind": entity.kind,
        "aliases": list(entity.aliases),
        "roles": list(entity.roles),
        "mentions": dict(entity.mentions),
        "total": entity.total,
    }


def _timeline(timeline: Timeline) -> dict[str, Any]:
    return {
        "events": [_event(event) for event in timeline.events],
        "publication": [_publication(p) for p in timeline.publication],
    }


def _event(event: TimelineEvent) -> dict[str, Any]:
    return {
        "date": event.date.isoformat(),
        "granularity": event.granularity,
        "text": event.text,
        "outlets": list(event.outlets),
        "citations": [_citation(ref) for ref in event.citations],
        "conflicts": [
            {"date": date.isoformat(), "citation": _citation(ref)} for date, ref in event.conflicts
        ],
        "key": event.key,
    }


def _publication(publication: PublicationDate) -> dict[str, Any]:
    return {
        "article_id": publication.article_id,
        "date": publication.date.isoformat() if publication.date is not None else None,
        "source": publication.source,
        "confidence": round(publication.confidence, SIMILARITY_PLACES),
        "evidence": list(publication.evidence),
    }


def _comparison(comparison: Comparison) -> dict[str, Any]:
    return {
        "coverage": [list(outlets) for outlets in comparison.coverage],
        # Per summary line: other outlets' sentences that may state it, not confirmed.
        "similar": [[_citation(ref) for ref in refs] for refs in comparison.similar],
        "single_source": [_citation(ref) for ref in comparison.single_source],
        "numbers": [_numbers(item) for item in comparison.numbers],
        "framing": [
            {
                "article_id": f.article_id,
                "outlet": f.outlet,
                "headline": f.headline,
                "lead": f.lead,
            }
            for f in comparison.framing
        ],
        "off_topic": [
            {
                "article_id": o.article_id,
                "outlet": o.outlet,
                "score": round(o.score, SIMILARITY_PLACES),
                "reason": o.reason,
            }
            for o in comparison.off_topic
        ],
    }


def _numbers(item: NumericDisagreement) -> dict[str, Any]:
    return {
        "about": item.about,
        "claims": [
            {"value": claim.value, "text": claim.text, "citation": _citation(claim.ref)}
            for claim in item.claims
        ],
    }


def _provenance(provenance: Provenance) -> dict[str, Any]:
    selection = {} if provenance.selection is None else {"selection": provenance.selection}
    return {
        "version": provenance.version,
        "created": _iso(provenance.created),
        "settings": _jsonable(provenance.settings),
        "embedder": provenance.embedder,
        "inputs": list(provenance.inputs),
        "skipped": [_skipped(item) for item in provenance.skipped],
        "duplicates": [_duplicate(item) for item in provenance.duplicates],
        "removed": {
            article_id: [_removed(line) for line in lines]
            for article_id, lines in provenance.removed.items()
        },
        **selection,
    }


def _skipped(item: Skipped) -> dict[str, Any]:
    return {"input": item.input, "reason": item.reason}


def _duplicate(item: Duplicate) -> dict[str, Any]:
    return {"input": item.input, "same_as": item.same_as}


def _removed(line: RemovedLine) -> dict[str, Any]:
    return {"line": line.line, "text": line.text, "reason": line.reason}


def _jsonable(value: object) -> Any:
    """Settings are free-form objects; paths, dates and sets must still come out as JSON."""
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(key): _jsonable(item) for key, item in value.items()}
    if isinstance(value, set | frozenset):
        # Sets have no order; sorting keeps the output stable from run to run.
        return [_jsonable(item) for item in sorted(value, key=repr)]
    if isinstance(value, list | tuple):
        return [_jsonable(item) for item in value]
    return str(value)
