"""The FastAPI app: pages, /api/v1, problem+json errors, security headers on every
response, gzip above 1 KB, a body-size limit counted as the body arrives, and the pages
and JSON already made answered from memory in front of it all (web.front)."""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException

from storyfold import __version__
from storyfold.errors import StoryfoldError
from storyfold.web import api, pages, problems
from storyfold.web.config import WebConfig
from storyfold.web.front import CachedFront
from storyfold.web.middleware import BodyLimit, Gzip, SecurityHeaders
from storyfold.web.state import GZIP_MIN_BYTES, AppState


def create_app(config: WebConfig) -> FastAPI:
    state = AppState(config)
    state.store()  # opened here: a bad path fails at start, not on the first request

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # What is alive now (modules, the app and its routes) lives as long as the server:
        # moved out of the collector's reach, so later full collections walk only what
        # requests make instead of pausing every request for the whole heap (the models,
        # loaded with the first brief, follow then: AppState.briefing).
        gc.collect()
        gc.freeze()
        yield
        state.close()

    app = FastAPI(
        title="storyfold",
        version=__version__,
        description="Stories from many outlets, briefed: a cited summary, who said what, "
        "a dated timeline, entities and where outlets differ.",
        lifespan=lifespan,
        docs_url=None,  # the interactive docs load scripts from a CDN; the JSON is enough
        redoc_url=None,
    )
    app.state.storyfold = state
    app.include_router(api.router)
    app.include_router(pages.router)
    app.add_exception_handler(HTTPException, problems.http_error)
    app.add_exception_handler(RequestValidationError, problems.validation_error)
    app.add_exception_handler(StoryfoldError, problems.storyfold_error)
    app.add_exception_handler(Exception, problems.server_error)
    # Outermost last: headers go on every response, gzip'd or not, errors included; the
    # bodies already made are answered from memory before the rest (web.front).
    app.add_middleware(Gzip, minimum_size=GZIP_MIN_BYTES)
    app.add_middleware(BodyLimit, limit=config.max_body)
    app.add_middleware(CachedFront, state=state)
    app.add_middleware(SecurityHeaders)
    return app
