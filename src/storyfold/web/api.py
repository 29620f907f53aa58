"""JSON under /api/v1: the stories in the store, one story's brief (``storyfold.brief/1``)
and articles, a brief on the spot, and ingest (with a bearer token only)."""

from __future__ import annotations

import hmac
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Header, Query, Request, Response
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException

from storyfold.errors import InputError
from storyfold.ingest.load import corpus_of
from storyfold.render import SCHEMA
from storyfold.store.repository import StoryListing, StoryRow
from storyfold.store.views import article_json
from storyfold.web.config import MAX_ARTICLES, MAX_LIMIT, MAX_URLS, PAGE_SIZE
from storyfold.web.onthespot import GivenArticle, check_urls, gather
from storyfold.web.problems import problem_responses
from storyfold.web.state import (
    AppState,
    app_state,
    decode_cursor,
    encode_cursor,
    send_story,
)

router = APIRouter(prefix="/api/v1", tags=["api"], responses=problem_responses(400, 422, 500))

MAX_TEXT = 200_000  # characters of one article sent in a request


class OutletOut(BaseModel):
    outlet: str
    url: str | None
    relation: str


class ArticleOut(BaseModel):
    id: str
    url: str | None
    outlet: str
    title: str | None
    published: str | None
    outlets: list[OutletOut]


class ArticleList(BaseModel):
    items: list[ArticleOut]
    next_cursor: str | None


class StorySummary(BaseModel):
    id: str
    title: str | None
    articles: int = Field(description="articles stored in the story")
    outlets: int = Field(description="distinct outlets that carried them")
    first_seen: datetime
    last_seen: datetime
    version: int
    first_line: str | None = Field(description="first summary line of its newest brief")
    html_url: str
    json_url: str


class StoryList(BaseModel):
    items: list[StorySummary]
    next_cursor: str | None


class ArticleIn(BaseModel):
    text: str = Field(min_length=1, max_length=MAX_TEXT)
    outlet: str | None = Field(default=None, max_length=200)
    title: str | None = Field(default=None, max_length=1000)
    url: str | None = Field(default=None, max_length=2000)
    published: datetime | None = None

    model_config = ConfigDict(extra="forbid")


class BriefRequest(BaseModel):
    articles: list[ArticleIn] = Field(default_factory=list, max_length=MAX_ARTICLES)
    urls: list[Annotated[str, Field(max_length=2000)]] = Field(
        default_factory=list, max_length=MAX_URLS
    )
    words: int | None = Field(default=None, ge=20, le=2000, description="summary word budget")

    model_config = ConfigDict(extra="forbid")


class SkippedOut(BaseModel):
    input: str
    reason: str


class IngestResult(BaseModel):
    read: int
    new: int
    duplicates: int
    near_duplicates: int
    skipped: list[SkippedOut]
    stories_created: list[str]
    stories_updated: list[str]


def listing_json(listing: StoryListing) -> StorySummary:
    story = listing.story
    return StorySummary(
        id=story.id,
        title=story.title,
        articles=story.size,
        outlets=listing.outlets,
        first_seen=story.first_seen,
        last_seen=story.last_seen,
        version=story.version,
        first_line=listing.first_line,
        html_url=f"/stories/{story.id}",
        json_url=f"/api/v1/stories/{story.id}",
    )


@router.get("/stories", response_model=StoryList)
def list_stories(
    request: Request,
    response: Response,
    q: Annotated[str | None, Query(max_length=500, description="words, all required")] = None,
    since: Annotated[datetime | None, Query(description="last article added at or after")] = None,
    until: Annotated[datetime | None, Query(description="first seen at or before")] = None,
    outlet: Annotated[str | None, Query(max_length=200)] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = PAGE_SIZE,
    cursor: Annotated[str | None, Query(max_length=1000)] = None,
) -> StoryList:
    """Stories, newest first, with keyset pagination: pass ``next_cursor`` back as
    ``cursor`` (the ``Link: rel="next"`` header says the same)."""
    after = decode_cursor(cursor) if cursor else None
    listings, key = (
        app_state(request)
        .store()
        .story_page(
            search=q or None,
            since=since,
            until=until,
            outlet=outlet or None,
            after=after,
            limit=limit,
        )
    )
    next_cursor = encode_cursor(key) if key else None
    if next_cursor:
        params = dict(request.query_params)
        params["cursor"] = next_cursor
        from urllib.parse import urlencode

        response.headers["Link"] = f'</api/v1/stories?{urlencode(params)}>; rel="next"'
    return StoryList(items=[listing_json(x) for x in listings], next_cursor=next_cursor)


@router.get(
    "/stories/{story_id}",
    response_model=dict[str, Any],
    responses={
        200: {"description": f"the story's brief, schema {SCHEMA}"},
        304: {"description": "not modified (If-None-Match)"},
        **problem_responses(404),
    },
)
async def get_story(
    request: Request,
    story_id: str,
    if_none_match: Annotated[str | None, Header()] = None,
) -> Response:
    """The story's brief (``storyfold.brief/1``), cached per story version: a strong ETag
    from that version, and ``If-None-Match`` answers 304."""
    return await send_story(request, story_id, "json", if_none_match, _story_json)


def _story_json(state: AppState, story_id: str) -> tuple[StoryRow, str]:
    made, texts = state.renderings(story_id, ("json",))
    return made, texts["json"]


@router.get(
    "/stories/{story_id}/articles",
    response_model=ArticleList,
    responses=problem_responses(404),
)
def story_articles(
    request: Request,
    story_id: str,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 100,
    cursor: Annotated[str | None, Query(max_length=40, pattern=r"^\d+$")] = None,
) -> ArticleList:
    """The story's articles in the order they were stored, with every outlet that carried
    each (syndicated copies included)."""
    store = app_state(request).store()
    if store.story(story_id) is None:
        raise InputError("no story with this id in the store", input=story_id)
    after = int(cursor) if cursor else None
    if after is not None and after > 2**62:
        raise InputError("not a cursor this server gave", input="cursor")
    rows, key = store.story_articles_page(story_id, after=after, limit=limit)
    return ArticleList(
        items=[ArticleOut.model_validate(article_json(r)) for r in rows],
        next_cursor=str(key) if key is not None else None,
    )


def _given(body: BriefRequest) -> list[GivenArticle]:
    return [
        GivenArticle(text=a.text, outlet=a.outlet, title=a.title, url=a.url, published=a.published)
        for a in body.articles
    ]


@router.post(
    "/brief",
    response_model=dict[str, Any],
    responses={
        200: {"description": f"a brief, schema {SCHEMA}; nothing is stored"},
        **problem_responses(413),
    },
)
async def post_brief(request: Request, body: BriefRequest) -> Response:
    """A brief of the articles in the body and of the pages at ``urls`` (fetched as
    ``ingest`` fetches: private and loopback addresses refused). Nothing is stored."""
    state = app_state(request)
    text = await run_in_threadpool(brief_json, state, body)
    return Response(text, media_type="application/json")


def brief_json(state: AppState, body: BriefRequest) -> str:
    import storyfold
    from storyfold.render import render_json

    if not body.articles and not body.urls:
        raise InputError("give at least one article or URL", input="body")
    settings = state.config.settings
    if body.words is not None:
        from dataclasses import replace

        settings = replace(settings, words=body.words)
    items = gather(_given(body), body.urls, [], settings, allow_private=state.config.allow_private)
    inputs = [f"article {n}" for n in range(1, len(body.articles) + 1)] + list(body.urls)
    corpus = corpus_of(items, inputs)
    if not corpus.articles:
        reasons = "; ".join(f"{s.input}: {s.reason}" for s in corpus.skipped)
        raise InputError(f"no article could be read ({reasons})", input="body")
    with state.briefing():
        return render_json(storyfold.brief(corpus, settings))


@router.post(
    "/ingest",
    response_model=IngestResult,
    responses=problem_responses(401, 403, 413),
)
async def post_ingest(
    request: Request,
    body: BriefRequest,
    authorization: Annotated[str | None, Header()] = None,
) -> IngestResult:
    """Add the articles and URLs to the store. Refused unless the server was started with
    a token (``--token``) and the request carries it as ``Authorization: Bearer``."""
    state = app_state(request)
    token = state.config.token
    if token is None:
        raise HTTPException(403, "ingest is off: start the server with a token to allow it")
    scheme, _, given = (authorization or "").strip().partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(
        given.strip().encode(), token.encode()
    ):
        raise HTTPException(
            401, "a valid Authorization: Bearer token is needed", {"WWW-Authenticate": "Bearer"}
        )
    return await run_in_threadpool(_ingest, state, body)


def _ingest(state: AppState, body: BriefRequest) -> IngestResult:
    from storyfold.store.pipeline import Ingester

    check_urls(body.urls)
    settings = state.config.settings
    items = gather(_given(body), [], [], settings)
    store = state.store()
    with state.briefing():
        ingester = Ingester(store)
        report = ingester.ingest_articles(items)
        if body.urls:
            more = ingester.ingest(body.urls, settings, allow_private=state.config.allow_private)
            report.add(more)
            report.read += more.read
    return IngestResult(
        read=report.read,
        new=report.new,
        duplicates=report.duplicates,
        near_duplicates=report.near_duplicates,
        skipped=[SkippedOut(input=s.input, reason=s.reason) for s in report.skipped],
        stories_created=sorted(report.stories_created),
        stories_updated=sorted(report.stories_updated),
    )
