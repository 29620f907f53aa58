"""Atom feeds: one for the story list, one a story (its new summary lines and articles)."""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi import Request

from storyfold.render.html import environment
from storyfold.store.repository import Store, StoryListing, StoryRow

FEED_ENTRIES = 50


def _base(request: Request) -> str:
    return str(request.base_url).rstrip("/")


def _stamp(value: datetime) -> str:
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def stories_feed(request: Request, listings: list[StoryListing]) -> str:
    base = _base(request)
    entries = [
        {
            "id": f"urn:storyfold:story:{x.story.id}",
            "title": x.story.title or "Untitled story",
            "link": f"{base}/stories/{x.story.id}",
            "updated": _stamp(x.story.last_seen),
            "summary": x.first_line or f"{x.story.size} articles from {x.outlets} outlets",
        }
        for x in listings
    ]
    updated = entries[0]["updated"] if entries else _stamp(datetime.now(UTC))
    return (
        environment()
        .get_template("web/feed.atom")
        .render(
            feed_id="urn:storyfold:stories",
            title="storyfold: stories",
            self_url=f"{base}/feed.atom",
            html_url=f"{base}/",
            updated=updated,
            entries=entries,
        )
    )


def story_feed(request: Request, store: Store, story: StoryRow) -> str:
    """Each article as it joined the story, and each summary line as it first appeared in
    a brief of the story, newest first."""
    base = _base(request)
    link = f"{base}/stories/{story.id}"
    entries: list[dict[str, str]] = []
    for article in story.articles:
        entries.append(
            {
                "id": f"urn:storyfold:article:{article.id}",
                "title": f"New article: {article.outlet}: {article.title or 'untitled'}",
                "link": link,
                "updated": _stamp(article.ingested_at),
                "summary": article.url or "",
            }
        )
    seen: set[str] = set()
    for record in reversed(store.brief_history(story.id, limit=FEED_ENTRIES)):
        for number, line in enumerate(record.lines, 1):
            if line in seen:
                continue
            seen.add(line)
            entries.append(
                {
                    "id": f"urn:storyfold:line:{story.id}:{record.story_version}:{number}",
                    "title": f"New line: {line[:120]}",
                    "link": f"{link}#line-{number}",
                    "updated": _stamp(record.created_at),
                    "summary": line,
                }
            )
    entries.sort(key=lambda e: e["updated"], reverse=True)
    entries = entries[:FEED_ENTRIES]
    return (
        environment()
        .get_template("web/feed.atom")
        .render(
            feed_id=f"urn:storyfold:story:{story.id}",
            title=f"storyfold: {story.title or 'Untitled story'}",
            self_url=f"{link}/feed.atom",
            html_url=link,
            updated=entries[0]["updated"] if entries else _stamp(story.last_seen),
            entries=entries,
        )
    )
