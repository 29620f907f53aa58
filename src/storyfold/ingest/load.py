"""Reading a batch of inputs into a Corpus, reporting every input left out and why."""

from __future__ import annotations

import errno
import os
import re
import stat
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path

from storyfold.config import Settings
from storyfold.errors import InputError
from storyfold.ingest.html import parse_html
from storyfold.ingest.jsonl import JsonlRecord, iter_jsonl
from storyfold.ingest.plain import parse_plain
from storyfold.ingest.readfile import decode, open_bytes, read_text
from storyfold.model import Article, Corpus, Duplicate, Skipped
from storyfold.text import clean_article, normalize_for_matching

PLAIN_SUFFIXES = {".txt", ".text", ".md"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz"}

# "path/to/file.jsonl#12" picks line 12 of a JSONL file (one Multi-News story).
_LINE_SELECTOR = re.compile(r"^(?P<path>.+)#(?P<line>\d+)$")
# "ftp://...", "file:///...": a URL, not a file name (http and https never reach here).
_OTHER_URL = re.compile(r"^[a-z][a-z0-9+.-]*://", re.IGNORECASE)
_NOT_REGULAR = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)

Progress = Callable[[str], None]


def load_articles(
    inputs: Iterable[str | Path],
    settings: Settings | None = None,
    progress: Progress | None = None,
) -> Corpus:
    """Read files and directories into cleaned articles.

    Nothing is dropped silently: unreadable inputs land in ``Corpus.skipped`` and repeated
    content in ``Corpus.duplicates``, each naming its input.
    """
    names = [str(i) for i in inputs]
    return corpus_of(iter_articles(names, settings, progress), names)


def corpus_of(items: Iterable[Article | Skipped], inputs: Sequence[str]) -> Corpus:
    """The corpus of what reading gave, in order: the same text twice (after normalising
    look-alike characters, case and spacing) is kept once and reported as a duplicate."""
    articles: list[Article] = []
    skipped: list[Skipped] = []
    duplicates: list[Duplicate] = []
    seen: dict[str, str] = {}  # normalised clean text -> the input it came from
    for item in items:
        if isinstance(item, Skipped):
            skipped.append(item)
            continue
        key = " ".join(normalize_for_matching(item.text).lower().split())
        if key in seen:
            duplicates.append(Duplicate(item.source, seen[key]))
            continue
        seen[key] = item.source
        articles.append(item)
    return Corpus(
        articles=tuple(articles),
        skipped=tuple(skipped),
        duplicates=tuple(duplicates),
        inputs=tuple(inputs),
    )


def iter_articles(
    inputs: Iterable[str | Path],
    settings: Settings | None = None,
    progress: Progress | None = None,
) -> Iterator[Article | Skipped]:
    """Every article in files and directories, cleaned, in reading order, and a ``Skipped``
    for each input or article left out, as ``load_articles`` reads them.

    Repeated text is *not* dropped: ``load_articles`` counts a copy once for a brief, but a
    store records every outlet that carried a syndicated text, so it needs each copy.
    """
    settings = settings or Settings()
    pending: list[Skipped] = []  # what expand_inputs leaves out, handed on in reading order
    for item in expand_inputs([str(i) for i in inputs], pending):
        yield from pending
        pending.clear()
        try:
            found, line_skips = _read(item, settings)
        except InputError as exc:
            found, line_skips = [], [Skipped(exc.input or _name(item), exc.message)]
        except (RecursionError, MemoryError, ValueError, OverflowError) as exc:
            # What a hostile file can still provoke in a parser we do not own: this input
            # is skipped, the batch goes on.
            found, line_skips = [], [Skipped(_name(item), _unexpected(exc))]
        yield from line_skips
        for article in found:
            yield cleaned_or_skipped(article)
        if progress is not None:
            progress(str(item))
    yield from pending


def cleaned_or_skipped(article: Article) -> Article | Skipped:
    """The article cleaned, or why it is left out (no text left, or text that broke the
    cleaner: reported, never raised, so one article cannot end a batch)."""
    try:
        cleaned = clean_article(article)
    except (RecursionError, MemoryError, ValueError, OverflowError) as exc:
        return Skipped(article.source, _unexpected(exc))
    if not cleaned.sentences:
        return Skipped(cleaned.source, "no article text left after cleaning")
    return cleaned


def _unexpected(exc: BaseException) -> str:
    return f"could not be read ({type(exc).__name__}: {str(exc)[:200] or 'no detail'})"


def _name(item: Path | tuple[Path, int]) -> str:
    return f"{item[0]}#{item[1]}" if isinstance(item, tuple) else str(item)


def count_files(inputs: Iterable[str | Path]) -> int:
    """How many files ``load_articles`` will visit (for a progress bar)."""
    return sum(1 for _ in expand_inputs([str(i) for i in inputs], []))


def expand_inputs(names: list[str], skipped: list[Skipped]) -> Iterator[Path | tuple[Path, int]]:
    """Files in the order given; directories walked in sorted order, hidden files left out."""
    visited: set[Path] = set()
    for name in names:
        path = Path(name)
        selector = _LINE_SELECTOR.match(name)
        if not path.exists() and selector and _regular(Path(selector["path"])) is None:
            yield Path(selector["path"]), int(selector["line"])
            continue
        if not os.path.lexists(path) and _OTHER_URL.match(name):
            skipped.append(Skipped(name, "only http(s) URLs are fetched"))
            continue
        problem = _not_a_file(path)
        if problem is not None:
            skipped.append(Skipped(name, problem))
            continue
        files = sorted(_walk(path)) if path.is_dir() else [path]
        if path.is_dir() and not files:
            skipped.append(Skipped(name, "directory holds no files"))
        for file in files:
            problem = _regular(file)
            if problem is not None:
                skipped.append(Skipped(str(file), problem))
                continue
            resolved = file.resolve()
            if resolved in visited:
                skipped.append(Skipped(str(file), "given more than once; read once"))
                continue
            visited.add(resolved)
            yield file


def _not_a_file(path: Path) -> str | None:
    """Why ``path`` is neither a file nor a folder that can be read, or None."""
    try:
        os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "symbolic link loop (too many levels of symbolic links)"
        if exc.errno == errno.ENOENT and os.path.islink(path):
            return f"broken symbolic link (to {os.readlink(path)!r})"
        if exc.errno == errno.ENOENT:
            return "no such file or directory"
        return f"cannot read: {exc.strerror or exc}"
    return None


def _regular(path: Path) -> str | None:
    """Why ``path`` is not a regular file to read, or None when it is one. Only regular
    files are opened: a FIFO would block the batch forever, a device could be endless."""
    problem = _not_a_file(path)
    if problem is not None:
        return problem
    mode = path.stat().st_mode
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a directory"
    for check, kind in _NOT_REGULAR:
        if check(mode):
            return f"not a regular file: {kind}; only regular files are read"
    return "not a regular file; only regular files are read"


def _walk(directory: Path) -> Iterator[Path]:
    """Files below ``directory``, leaving out hidden files and folders (.git, .DS_Store) and
    README.md, a folder's own notes rather than an article."""
    for path in directory.rglob("*"):
        hidden = any(part.startswith(".") for part in path.relative_to(directory).parts)
        if hidden or path.name.lower() == "readme.md":
            continue
        # Everything that is not a folder comes out, so that expand_inputs names a FIFO, a
        # socket or a broken link it will not read rather than leaving it out silently.
        if not path.is_dir():
            yield path


def _read(item: Path | tuple[Path, int], settings: Settings) -> tuple[list[Article], list[Skipped]]:
    if isinstance(item, tuple):
        return _read_jsonl_line(*item, settings=settings)
    kind = input_kind(item)
    if kind == "jsonl":
        return _read_jsonl(item, settings)
    text = read_text(item, settings.max_bytes)
    if kind == "plain" and not looks_like_html(text):
        return [parse_plain(text, item)], []
    return [parse_html(text, item)], []


def input_kind(path: Path) -> str:
    name = path.name.lower()
    if any(name.endswith(s) for s in JSONL_SUFFIXES):
        return "jsonl"
    if path.suffix.lower() in HTML_SUFFIXES:
        return "html"
    return "plain"


def looks_like_html(text: str) -> bool:
    head = text.lstrip()[:512].lower()
    return head.startswith(("<!doctype html", "<html")) or "<body" in head


def _read_jsonl(path: Path, settings: Settings) -> tuple[list[Article], list[Skipped]]:
    if path.name.lower().endswith(".gz"):
        raise InputError(
            "a gzipped JSONL file is read one story at a time: name one as PATH#LINE",
            input=str(path),
        )
    records = list(iter_jsonl(read_text(path, settings.max_bytes), path))
    stories = [r for r in records if r.story_id is not None]
    if len(stories) > 1:
        raise InputError(
            f"holds {len(stories)} stories in Multi-News form: name one as {path}#LINE",
            input=str(path),
        )
    return _flatten(records)


def _read_jsonl_line(
    path: Path, line: int, settings: Settings
) -> tuple[list[Article], list[Skipped]]:
    """One line of a (possibly gzipped, possibly large) JSONL file, streamed."""
    where = f"{path}#{line}"
    raw: bytes | None = None
    try:
        with open_bytes(path) as fh:
            for number, content in enumerate(fh, start=1):
                if number == line:
                    raw = content
                    break
    except OSError as exc:  # includes gzip.BadGzipFile
        raise InputError(f"cannot read: {exc}", input=where) from exc
    if raw is None:
        raise InputError(f"the file has fewer than {line} lines", input=where)
    if len(raw) > settings.max_bytes:
        raise InputError(
            f"line is over the size limit of {settings.max_bytes:,} bytes", input=where
        )
    return _flatten(list(iter_jsonl(decode(raw, where), path, first_line=line)))


def _flatten(records: list[JsonlRecord]) -> tuple[list[Article], list[Skipped]]:
    articles = [a for r in records for a in r.articles]
    skipped = [r.skipped for r in records if r.skipped is not None]
    return articles, skipped
