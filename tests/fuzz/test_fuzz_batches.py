"""Property-based: generated batches of good and bad inputs through `load_articles`, the
brief and `ingest` into a real SQLite store. Whatever the bad inputs are, nothing raises,
each bad input is reported with a reason, and every good article of the batch comes
through. Examples and deadlines are bounded so the suite takes seconds."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from hypothesis import HealthCheck, given, settings

from storyfold.config import Settings
from storyfold.ingest import load_articles
from storyfold.ingest.dates import check_published
from storyfold.model import Corpus, Skipped
from storyfold.store import Store, ingest
from tests.fuzz.inputs import Item, batches, make, source_of

_FUZZ = settings(
    max_examples=40,
    deadline=None,  # a first example loads models; the bound is max_examples
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _materialise(folder: Path, items: list[Item]) -> list[tuple[Path, Item]]:
    return [(make(folder, item), item) for item in items]


def _reported(path: Path, skipped: list[str]) -> bool:
    name = str(path)
    return any(s == name or s.startswith(name + ":") or s.startswith(name + "#") for s in skipped)


def _check_corpus(corpus: Corpus, made: list[tuple[Path, Item]]) -> None:
    sources = {a.source: a for a in corpus.articles}
    skipped = [s.input for s in corpus.skipped]
    for path, item in made:
        if item.kind == "good":
            article = sources.get(source_of(path, item))
            assert article is not None, f"good input lost: {item.name}"
            _check_date(article.published, article.published_from, item)
        elif item.kind == "bad":
            assert _reported(path, skipped), f"bad input not reported: {item.name}"
        else:
            read = any(s == str(path) or s.startswith(f"{path}:") for s in sources)
            duplicate = any(d.input.startswith(str(path)) for d in corpus.duplicates)
            assert read or duplicate or _reported(path, skipped), f"unaccounted: {item.name}"
    assert all(s.reason.strip() for s in corpus.skipped)


def _check_date(published: datetime | None, published_from: str | None, item: Item) -> None:
    if not item.name.endswith(".jsonl"):
        return
    expected = check_published(item.published)
    assert published == expected.date
    if published is not None:
        assert published.tzinfo is not None
        assert datetime(1800, 1, 1, tzinfo=UTC) <= published
    elif expected.note:
        assert published_from is not None and published_from.startswith("unusable date")


@_FUZZ
@given(items=batches())
def test_load_articles_reports_every_bad_input_and_keeps_every_good_one(
    items: list[Item],
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        made = _materialise(Path(folder), items)
        corpus = load_articles([str(p) for p, _ in made])
        _check_corpus(corpus, made)


@settings(_FUZZ, max_examples=5)
@given(items=batches(max_good=2, max_bad=4))
def test_ingest_stores_every_good_article_and_reports_every_bad_input(
    items: list[Item],
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        made = _materialise(Path(folder), items)
        with Store(Path(folder) / "store.db") as store:
            report = ingest(store, [str(p) for p, _ in made], Settings())
            stored = {
                row[0]: row[1]
                for row in store.conn.execute(
                    "SELECT article_outlets.source, published FROM article_outlets"
                    " JOIN articles ON articles.id = article_id"
                )
            }
            assert store.integrity() == "ok"
        skipped = [s.input for s in report.skipped]
        for path, item in made:
            if item.kind == "good":
                assert source_of(path, item) in stored, f"good input not stored: {item.name}"
            elif item.kind == "bad":
                assert _reported(path, skipped), f"bad input not reported: {item.name}"


@settings(_FUZZ, max_examples=3)
@given(items=batches(max_good=3, max_bad=3))
def test_brief_of_a_batch_with_bad_inputs_lists_every_good_article(items: list[Item]) -> None:
    from storyfold.brief import brief

    with tempfile.TemporaryDirectory() as folder:
        made = _materialise(Path(folder), items)
        corpus = load_articles([str(p) for p, _ in made])
        result = brief(corpus)
        listed = {a.source for a in result.articles}
        for path, item in made:
            if item.kind == "good":
                assert source_of(path, item) in listed
        reported = [s.input for s in result.provenance.skipped]
        for path, item in made:
            if item.kind == "bad":
                assert _reported(path, reported)


@settings(_FUZZ, max_examples=5)
@given(items=batches(max_good=2, max_bad=4))
def test_extract_reports_every_bad_input_and_places_every_span_exactly(
    items: list[Item],
) -> None:
    from storyfold.extract.article import Extraction, extract
    from storyfold.extract.inputs import Given, read_inputs

    with tempfile.TemporaryDirectory() as folder:
        made = _materialise(Path(folder), items)
        given: dict[str, Given] = {}

        def remember(stream: Iterator[Given | Skipped]) -> Iterator[Given | Skipped]:
            for item in stream:
                if isinstance(item, Given):
                    given[item.source] = item
                yield item

        results = list(extract(remember(read_inputs([str(p) for p, _ in made]))))
    skipped = [r.source if isinstance(r, Extraction) else r.input for r in results]
    done = [r for r in results if isinstance(r, Extraction)]
    for path, item in made:
        if item.kind == "bad":
            assert _reported(path, skipped), f"bad input not reported: {item.name}"
        elif item.kind == "good" and not item.name.endswith(".jsonl"):
            # A JSONL line needs an "id" for extract; plain files are always read.
            assert any(r.source == str(path) for r in done), f"good input lost: {item.name}"
    for result in done:
        text = given[result.source].text
        for found in (*result.quotes, *result.dates, *result.entities):
            span = found.span
            if span.start is not None and span.end is not None:
                assert text[span.start : span.end] == span.text
