"""Errors as ``application/problem+json`` (RFC 9457) for the API, a plain page for people.

Bad input is never a 500: every error storyfold raises on purpose maps to a 4xx here with
its message as ``detail``; only a bug reaches the 500 handler, which says nothing inside.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.exceptions import HTTPException

from storyfold.errors import FetchError, InputError, StoreError, StoryfoldError
from storyfold.render.html import environment

PROBLEM = "application/problem+json"
log = logging.getLogger("storyfold.web")

_TITLES = {
    400: "Bad request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not found",
    405: "Method not allowed",
    406: "Not acceptable",
    413: "Content too large",
    415: "Unsupported media type",
    422: "Unprocessable content",
    500: "Internal server error",
    502: "Bad gateway",
    503: "Service unavailable",
}

# The JSON Schema of a problem, for the OpenAPI description of every error response.
PROBLEM_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["type", "title", "status", "detail"],
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "instance": {"type": "string"},
        "errors": {"type": "array", "items": {"type": "object"}},
    },
}


def problem_responses(*codes: int) -> dict[int | str, dict[str, Any]]:
    return {
        code: {
            "description": _TITLES.get(code, "Error"),
            "content": {PROBLEM: {"schema": PROBLEM_SCHEMA}},
        }
        for code in codes
    }


def wants_html(request: Request) -> bool:
    """A page, not the API, and a client that takes HTML: people get an HTML error page."""
    if request.url.path.startswith("/api/") or request.url.path == "/openapi.json":
        return False
    return "text/html" in request.headers.get("accept", "")


def problem(
    request: Request,
    status: int,
    detail: str,
    headers: dict[str, str] | None = None,
    errors: list[dict[str, Any]] | None = None,
) -> Response:
    title = _TITLES.get(status, "Error")
    if wants_html(request):
        page = environment().get_template("web/error.html")
        return HTMLResponse(
            page.render(title=title, status=status, detail=detail, request=request),
            status_code=status,
            headers=headers,
        )
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": title,
        "status": status,
        "detail": detail,
        "instance": request.url.path,
    }
    if errors:
        body["errors"] = errors
    return JSONResponse(body, status_code=status, media_type=PROBLEM, headers=headers)


async def http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    detail = exc.detail if isinstance(exc.detail, str) else _TITLES.get(exc.status_code, "Error")
    return problem(request, exc.status_code, detail, headers=dict(exc.headers or {}))


async def validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    errors = []
    parts = []
    for error in exc.errors():
        where = ".".join(str(p) for p in error.get("loc", ()))
        message = str(error.get("msg", "invalid"))
        errors.append({"loc": where, "msg": message})
        parts.append(f"{where}: {message}")
    return problem(request, 422, "; ".join(parts) or "invalid request", errors=errors)


async def storyfold_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StoryfoldError)
    if isinstance(exc, StoreError):
        log.error("store error: %s", exc)
        return problem(request, 503, "the store could not be read or written")
    status = 404 if isinstance(exc, InputError) and "no story" in exc.message else 422
    if isinstance(exc, FetchError):
        status = 422
    return problem(request, status, str(exc))


async def server_error(request: Request, exc: Exception) -> Response:
    log.exception("unhandled error on %s", request.url.path, exc_info=exc)
    return problem(request, 500, "the server failed; this is a bug in storyfold")
