"""What the commands show from the store: story lists as JSON, and cached story briefs."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from storyfold.brief import brief as make_brief
from storyfold.config import Settings
from storyfold.errors import InputError
from storyfold.model import Corpus
from storyfold.render import FORMATS, render
from storyfold.store.repository import Store, StoryRow
from storyfold.text import clean_article

JSON_SCHEMA = "storyfold.stories/1"


def story_json(story: StoryRow) -> dict[str, Any]:
    """One story with its articles (url, outlet, title) and every outlet that carried each."""
    return {
        "id": story.id,
        "title": story.title,
        "size": story.size,
        "first_seen": _iso(story.first_seen),
        "last_seen": _iso(story.last_seen),
        "articles": [
            {
                "id": a.id,
                "url": a.url,
                "outlet": a.outlet,
                "title": a.title,
                "published": _iso(a.published) if a.published else None,
                "outlets": [
                    {"outlet": o.outlet, "url": o.url, "relation": o.relation} for o in a.outlets
                ],
            }
            for a in story.articles
        ],
    }


def stories_json(stories: list[StoryRow]) -> dict[str, Any]:
    return {"schema": JSON_SCHEMA, "stories": [story_json(s) for s in stories]}


def story_brief(
    store: Store, story_id: str, fmt: str, settings: Settings | None = None
) -> tuple[str, bool]:
    """The rendered brief of a stored story and whether it came from the cache. A cached
    brief is used only while the story is at the version it was made from."""
    if fmt not in FORMATS:
        raise InputError(f"unknown format {fmt!r}; choose one of: {', '.join(FORMATS)}")
    story = store.story(story_id)
    if story is None:
        raise InputError("no story with this id in the store", input=story_id)
    cached = store.cached_brief(story_id, fmt)
    if cached is not None:
        return cached, True
    ids = [a.id for a in story.articles]
    articles = tuple(clean_article(a) for a in store.articles(ids))
    corpus = Corpus(articles=articles, inputs=(f"story {story_id}",))
    text = render(make_brief(corpus, settings), fmt)
    store.put_brief(story_id, fmt, story.version, text)
    return text, False


def _iso(value: datetime) -> str:
    return value.isoformat()
