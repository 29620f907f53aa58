"""Briefs on the spot: articles given in the request, URLs fetched under the same rules as
``ingest`` (SSRF-safe: private and loopback addresses refused), uploaded files read as the
CLI reads files. Nothing here is stored unless the caller asks for ``ingest``."""

from __future__ import annotations

import re
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from storyfold.config import Settings
from storyfold.errors import InputError
from storyfold.model import Article, Skipped


@dataclass(frozen=True)
class GivenArticle:
    """An article sent in a request body."""

    text: str
    outlet: str | None = None
    title: str | None = None
    url: str | None = None
    published: datetime | None = None


@dataclass(frozen=True)
class Upload:
    name: str
    data: bytes


def check_urls(urls: Sequence[str]) -> None:
    """Only http(s) URLs: anything else would be read as a path on the server."""
    from storyfold.ingest.urls import is_url

    for url in urls:
        if not is_url(url):
            raise InputError("not an http(s) URL", input=url[:200])


def gather(
    given: Sequence[GivenArticle],
    urls: Sequence[str],
    uploads: Sequence[Upload],
    settings: Settings,
    *,
    allow_private: bool = False,
) -> list[Article | Skipped]:
    """Every article and every skipped input, cleaned, in the order given."""
    from storyfold.ingest.fetch import Fetcher
    from storyfold.ingest.sources import iter_sources

    check_urls(urls)
    items: list[Article | Skipped] = [_article(a, n) for n, a in enumerate(given, 1)]
    if urls:
        with Fetcher(allow_private=allow_private) as fetcher:
            items.extend(iter_sources(list(urls), settings, fetcher))
    if uploads:
        items.extend(_read_uploads(uploads, settings))
    return items


def _article(given: GivenArticle, number: int) -> Article | Skipped:
    from storyfold.ingest.ids import article_id
    from storyfold.ingest.outlet import outlet_for
    from storyfold.text import clean_article

    where = f"article {number}"
    if not given.text.strip():
        return Skipped(where, "the text is empty")
    outlet, outlet_from = outlet_for(given.outlet, given.url, None)
    if outlet_from == "unknown":
        outlet, outlet_from = where, "position"
    article = Article(
        id=article_id(given.text),
        outlet=outlet,
        outlet_from=outlet_from,
        source=given.url or where,
        raw_text=given.text,
        url=given.url,
        title=given.title,
        published=given.published,
        published_from="request" if given.published else None,
    )
    cleaned = clean_article(article)
    if not cleaned.sentences:
        return Skipped(where, "no article text left after cleaning")
    return cleaned


_SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


def _read_uploads(uploads: Sequence[Upload], settings: Settings) -> list[Article | Skipped]:
    """Uploaded files, written to a private folder under safe names and read as the CLI
    reads files (the outlet comes from the file's name, as there)."""
    from storyfold.ingest import load_articles

    with tempfile.TemporaryDirectory(prefix="storyfold-upload-") as folder:
        paths = []
        for number, upload in enumerate(uploads, 1):
            name = _SAFE_NAME.sub("_", Path(upload.name).name).strip("._") or f"upload-{number}"
            path = Path(folder) / f"{number:02d}_{name}"
            path.write_bytes(upload.data)
            paths.append(path)
        corpus = load_articles(paths, settings)
        # Name inputs as the user sent them, not by our temporary folder.
        names = {str(p): u.name for p, u in zip(paths, uploads, strict=True)}
        items: list[Article | Skipped] = [_renamed(a, names, folder) for a in corpus.articles]
        items.extend(Skipped(names.get(s.input, s.input), s.reason) for s in corpus.skipped)
        items.extend(
            Skipped(names.get(d.input, d.input), f"same text as {names.get(d.same_as, d.same_as)}")
            for d in corpus.duplicates
        )
    return items


def _renamed(article: Article, names: dict[str, str], folder: str) -> Article:
    from dataclasses import replace

    source = names.get(article.source, article.source.replace(folder + "/", ""))
    return replace(article, source=source)
