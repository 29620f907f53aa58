"""Render a brief as JSON (for programs), Markdown (for terminals and notes) or HTML."""

from __future__ import annotations

from collections.abc import Callable

from storyfold.config import FORMATS
from storyfold.errors import InputError
from storyfold.model import Brief
from storyfold.render.json import SCHEMA, brief_to_dict, render_json
from storyfold.render.markdown import render_markdown

__all__ = [
    "FORMATS",
    "SCHEMA",
    "brief_to_dict",
    "render",
    "render_html",
    "render_json",
    "render_markdown",
]


def render_html(brief: Brief) -> str:
    """The brief as one HTML page. Its module (and jinja2) is imported on first use, so a
    brief rendered as JSON or Markdown does not load the templates."""
    from storyfold.render.html import render_html as render_page

    return render_page(brief)


_RENDERERS: dict[str, Callable[[Brief], str]] = {
    "json": render_json,
    "md": render_markdown,
    "html": render_html,
}
assert tuple(_RENDERERS) == FORMATS


def render(brief: Brief, fmt: str) -> str:
    renderer = _RENDERERS.get(fmt)
    if renderer is None:
        raise InputError(f"unknown format {fmt!r}; choose one of: {', '.join(FORMATS)}")
    return renderer(brief)
