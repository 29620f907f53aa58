"""Per article: quotes with their speakers, dates with their values and named entities
with their kinds, at offsets into the text as given (`storyfold.extract/1`)."""

from __future__ import annotations

from storyfold.extract.article import SCHEMA, Extraction, extract, extract_text, iso_value
from storyfold.extract.inputs import Given, article_from_text, read_inputs
from storyfold.extract.jsonout import extraction_json

__all__ = [
    "SCHEMA",
    "Extraction",
    "Given",
    "article_from_text",
    "extract",
    "extract_text",
    "extraction_json",
    "iso_value",
    "read_inputs",
]
