"""What the commands and the web app show from the store: story lists as JSON, cached story
briefs, and what changed since a story was last briefed."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from storyfold.brief import brief as make_brief
from storyfold.config import Settings
from storyfold.errors import InputError
from storyfold.model import Brief, Corpus
from storyfold.render import FORMATS, render
from storyfold.render.html import render_html_sections
from storyfold.store.repository import ArticleRow, Store, StoryRow
from storyfold.text import clean_article

JSON_SCHEMA = "storyfold.stories/1"

# The web story page's brief: header and sections without a page around them. Cached like
# the formats, so a story page for a cached brief does no NLP work.
HTML_SECTIONS = "html-sections"

_EXTRA_RENDERERS: dict[str, Callable[[Brief], str]] = {HTML_SECTIONS: render_html_sections}


def story_json(story: StoryRow) -> dict[str, Any]:
    """One story with its articles (url, outlet, title) and every outlet that carried each."""
    return {
        "id": story.id,
        "title": story.title,
        "size": story.size,
        "first_seen": _iso(story.first_seen),
        "last_seen": _iso(story.last_seen),
        "articles": [article_json(a) for a in story.articles],
    }


def article_json(article: ArticleRow) -> dict[str, Any]:
    return {
        "id": article.id,
        "url": article.url,
        "outlet": article.outlet,
        "title": article.title,
        "published": _iso(article.published) if article.published else None,
        "outlets": [
            {"outlet": o.outlet, "url": o.url, "relation": o.relation} for o in article.outlets
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
    _, texts, cached = story_renderings(store, story_id, (fmt,), settings)
    return texts[fmt], cached


def story_renderings(
    store: Store,
    story_id: str,
    fmts: Sequence[str],
    settings: Settings | None = None,
    also: Sequence[str] = (),
) -> tuple[StoryRow, dict[str, str], bool]:
    """The story and its brief in each of ``fmts`` (a format, or ``HTML_SECTIONS``), and
    whether they all came from the cache. A brief made afresh is also rendered and cached
    in ``also``, and what it said is recorded for ``story_changes``."""
    story = store.story(story_id)
    if story is None:
        raise InputError("no story with this id in the store", input=story_id)
    found = {fmt: store.cached_brief(story_id, fmt) for fmt in fmts}
    if all(text is not None for text in found.values()):
        return story, {fmt: text for fmt, text in found.items() if text is not None}, True
    ids = [a.id for a in story.articles]
    articles = tuple(clean_article(a) for a in store.articles(ids))
    corpus = Corpus(articles=articles, inputs=(f"story {story_id}",))
    result = make_brief(corpus, settings)
    texts = {fmt: _render(result, fmt) for fmt in dict.fromkeys([*fmts, *also])}
    for fmt, text in texts.items():
        store.put_brief(story_id, fmt, story.version, text)
    store.record_brief(
        story_id, story.version, [line.text for line in result.summary], [a.id for a in articles]
    )
    return story, {fmt: texts[fmt] for fmt in fmts}, False


def _render(result: Brief, fmt: str) -> str:
    extra = _EXTRA_RENDERERS.get(fmt)
    return extra(result) if extra is not None else render(result, fmt)


@dataclass(frozen=True)
class StoryChanges:
    """What a story's newest brief has that the one before it did not."""

    since: datetime  # when the brief before was made
    since_version: int
    new_articles: tuple[ArticleRow, ...]
    new_lines: tuple[str, ...]
    dropped_lines: int  # lines of the brief before that the newest no longer has


def story_changes(store: Store, story: StoryRow) -> StoryChanges | None:
    """What changed since the story was last briefed: None until it has been briefed at
    its current version and at least once before."""
    history = store.brief_history(story.id, limit=2)
    if len(history) < 2 or history[0].story_version != story.version:
        return None
    current, before = history
    known_articles = set(before.article_ids)
    known_lines = set(before.lines)
    new_ids = [i for i in current.article_ids if i not in known_articles]
    rows = {a.id: a for a in story.articles}
    return StoryChanges(
        since=before.created_at,
        since_version=before.story_version,
        new_articles=tuple(rows[i] for i in new_ids if i in rows),
        new_lines=tuple(line for line in current.lines if line not in known_lines),
        dropped_lines=sum(1 for line in before.lines if line not in set(current.lines)),
    )


def _iso(value: datetime) -> str:
    return value.isoformat()
