"""The pages people read: the story list, a story, the brief form, Atom feeds. Rendered on
the server from the same Jinja2 templates as ``storyfold brief --format html``; everything
works without JavaScript (``/static/web.js`` only adds keyboard keys)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Header, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, PlainTextResponse, Response
from markupsafe import Markup
from starlette.concurrency import run_in_threadpool

from storyfold.errors import InputError
from storyfold.ingest.load import corpus_of
from storyfold.model import Article
from storyfold.render.html import environment, static_text
from storyfold.store.repository import StoryRow
from storyfold.store.views import HTML_SECTIONS, story_changes
from storyfold.web.config import MAX_URLS
from storyfold.web.feeds import FEED_ENTRIES, stories_feed, story_feed
from storyfold.web.onthespot import Upload, gather
from storyfold.web.problems import problem_responses
from storyfold.web.state import (
    HTML,
    AppState,
    Body,
    app_state,
    decode_cursor,
    encode_cursor,
    list_key,
    list_reply,
    reply_of,
    send_story,
)

router = APIRouter(include_in_schema=False)

STATIC_FILES = {
    "brief.css": "text/css; charset=utf-8",
    "brief.js": "text/javascript; charset=utf-8",
    "web.css": "text/css; charset=utf-8",
    "web.js": "text/javascript; charset=utf-8",
    "favicon.svg": "image/svg+xml",
}


def _page(name: str, **context: object) -> str:
    return environment().get_template(name).render(**context)


@router.get("/healthz", response_class=PlainTextResponse)
def healthz(request: Request) -> str:
    app_state(request).store().count("stories")  # the store answers
    return "ok"


@router.get("/static/{name}")
def static(name: str) -> Response:
    media = STATIC_FILES.get(name)
    if media is None:
        raise InputError("no such file", input=name)
    return Response(
        static_text(name), media_type=media, headers={"Cache-Control": "public, max-age=3600"}
    )


@router.get("/", response_class=HTMLResponse)
async def story_list(
    request: Request,
    q: Annotated[str | None, Query(max_length=500)] = None,
    since: Annotated[str | None, Query(max_length=40)] = None,
    until: Annotated[str | None, Query(max_length=40)] = None,
    outlet: Annotated[str | None, Query(max_length=200)] = None,
    cursor: Annotated[str | None, Query(max_length=1000)] = None,
) -> Response:
    state = app_state(request)
    store = state.store()
    # Made once per query and store version; web.front answers the repeats before they
    # get here, this is the miss (cheap: one indexed query and a template).
    cache_key = list_key(state, request.url.query)
    accept_encoding = request.headers.get("accept-encoding", "")
    cached = list_reply(state, cache_key, accept_encoding)
    if cached is not None:
        return cached.response()
    after = decode_cursor(cursor) if cursor else None
    listings, key = store.story_page(
        search=q or None,
        since=_when(since, "since"),
        until=_when(until, "until", end_of_day=True),
        outlet=outlet or None,
        after=after,
        limit=app_state(request).config.page_size,
    )
    filters = {
        k: v
        for k, v in {
            "q": q,
            "since": since,
            "until": until,
            "outlet": outlet,
        }.items()
        if v
    }
    next_url = "/?" + urlencode({**filters, "cursor": encode_cursor(key)}) if key else None
    json_url = "/api/v1/stories" + ("?" + urlencode(filters) if filters else "")
    page = _page(
        "web/list.html",
        listings=listings,
        filters=filters,
        next_url=next_url,
        first_url="/?" + urlencode(filters) if cursor else None,
        json_url=json_url,
    )
    body = Body.of(page)
    state.bodies.put(cache_key, body)
    return reply_of(body, HTML, None, accept_encoding).response()


def _when(value: str | None, name: str, end_of_day: bool = False) -> datetime | None:
    """A filter's date or time as the form sends it ("2026-11-04", or a full ISO time);
    empty means no filter. A bare date as ``until`` takes in the whole day."""
    if not value or not value.strip():
        return None
    try:
        when = datetime.fromisoformat(value.strip())
    except ValueError as exc:
        raise InputError("not a date (try 2026-11-04)", input=f"{name}={value}") from exc
    if end_of_day and len(value.strip()) == 10:
        when = when.replace(hour=23, minute=59, second=59)
    return when


@router.get("/stories/{story_id}", response_class=HTMLResponse, responses=problem_responses(404))
async def story_page(
    request: Request,
    story_id: str,
    if_none_match: Annotated[str | None, Header()] = None,
) -> Response:
    return await send_story(request, story_id, "html", if_none_match, _story_page)


def _story_page(state: AppState, story_id: str) -> tuple[StoryRow, str]:
    """The page and the story (its version) it shows. The brief's sections come from the
    store's cache when it holds them (no NLP work), else are made once and cached there."""
    story, texts = state.renderings(story_id, (HTML_SECTIONS,))
    page = _page(
        "web/story.html",
        story=story,
        # Rendered by the same templates (autoescape on) and cached per story version.
        sections=Markup(texts[HTML_SECTIONS]),
        changes=story_changes(state.store(), story),
    )
    return story, page


@router.get("/brief", response_class=HTMLResponse)
def brief_form() -> str:
    return _page("web/form.html", result=None, error=None, urls="", max_urls=MAX_URLS)


@router.post("/brief", response_class=HTMLResponse)
async def brief_submit(
    request: Request,
    urls: Annotated[str, Form(max_length=50_000)] = "",
    files: Annotated[list[UploadFile] | None, Form()] = None,
    store_it: Annotated[str | None, Form(alias="store")] = None,
    token: Annotated[str, Form(max_length=500)] = "",
) -> HTMLResponse:
    """Brief pasted URLs and uploaded files; shown, not stored, unless asked (and the
    server was started with a token: storing from a public form needs the same right as
    the API's ingest)."""
    state = app_state(request)
    wanted = [u.strip() for u in urls.splitlines() if u.strip()]
    uploads = [
        Upload(name=f.filename or "upload", data=await f.read())
        for f in (files or [])
        if f.filename
    ]
    try:
        if len(wanted) > MAX_URLS:
            raise InputError(f"at most {MAX_URLS} URLs at once", input="urls")
        if not wanted and not uploads:
            raise InputError("paste a URL or choose a file", input="form")
        sections, stored = await run_in_threadpool(
            _brief_sections, state, wanted, uploads, token if store_it else None
        )
    except InputError as exc:
        page = _page("web/form.html", result=None, error=str(exc), urls=urls, max_urls=MAX_URLS)
        return HTMLResponse(page, status_code=422)
    page = _page(
        "web/form.html",
        result=Markup(sections),
        stored=stored,
        error=None,
        urls=urls,
        max_urls=MAX_URLS,
    )
    return HTMLResponse(page)


def _brief_sections(
    state: AppState, urls: list[str], uploads: list[Upload], token: str | None
) -> tuple[str, str | None]:
    """The brief's sections; with ``token`` (the user asked to store), also stored."""
    import storyfold
    from storyfold.render.html import render_html_sections

    settings = state.config.settings
    items = gather([], urls, uploads, settings, allow_private=state.config.allow_private)
    corpus = corpus_of(items, [*urls, *(u.name for u in uploads)])
    if not corpus.articles:
        reasons = "; ".join(f"{s.input}: {s.reason}" for s in corpus.skipped)
        raise InputError(f"no article could be read ({reasons or 'nothing given'})", input="form")
    with state.briefing():
        result = storyfold.brief(corpus, settings)
        stored = None
        if token is not None:
            stored = _store(state, corpus.articles, token)
    return render_html_sections(result), stored


def _store(state: AppState, articles: Sequence[Article], token: str) -> str:
    import hmac

    from storyfold.store.pipeline import Ingester

    if state.config.token is None:
        return "Not stored: this server was started without a token, so it stores nothing."
    if not hmac.compare_digest(token.encode(), state.config.token.encode()):
        return "Not stored: the token is not this server's."
    report = Ingester(state.store()).ingest_articles(articles)
    stories = sorted(report.stories_created | report.stories_updated)
    return f"Stored {report.new} new articles in {len(stories)} stories."


@router.get("/feed.atom")
def list_feed(request: Request) -> Response:
    listings, _ = app_state(request).store().story_page(limit=FEED_ENTRIES)
    return Response(stories_feed(request, listings), media_type="application/atom+xml")


@router.get("/stories/{story_id}/feed.atom")
def story_atom(request: Request, story_id: str) -> Response:
    store = app_state(request).store()
    story = store.story(story_id)
    if story is None:
        raise InputError("no story with this id in the store", input=story_id)
    return Response(story_feed(request, store, story), media_type="application/atom+xml")
