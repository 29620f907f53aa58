"""Property-based: any metadata value, and any datetime a library caller builds, gives a
usable date or none with a note; the store's writer and the brief's date arithmetic never
see one that overflows."""

from __future__ import annotations

import tempfile
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from storyfold.ingest.dates import EARLIEST, FUTURE_SLACK, check_published
from storyfold.model import Article
from storyfold.store.repository import Store, now

_OFFSETS = st.integers(-23 * 60 - 59, 23 * 60 + 59).map(lambda m: timezone(timedelta(minutes=m)))
_DATETIMES = st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31, 23, 59, 59))
_VALUES = (
    st.none()
    | st.text(max_size=40)
    | st.floats()
    | st.integers()
    | st.lists(st.integers(), max_size=3)
    | st.builds(lambda d, tz: d.replace(tzinfo=tz).isoformat(), _DATETIMES, st.none() | _OFFSETS)
    | st.builds(lambda d: d.date().isoformat(), _DATETIMES)
)


@settings(max_examples=300, deadline=None)
@given(value=_VALUES)
def test_any_value_is_a_date_in_the_window_or_none_with_a_note(value: object) -> None:
    found = check_published(value)
    if found.date is None:
        given_text = isinstance(value, str) and value.strip()
        assert found.note or not (given_text or (value is not None and not isinstance(value, str)))
        return
    assert found.note is None
    assert found.date.tzinfo is not None
    assert EARLIEST <= found.date <= datetime.now(UTC) + FUTURE_SLACK


@settings(max_examples=60, deadline=None)
@given(when=_DATETIMES, zone=st.none() | _OFFSETS)
def test_the_store_writes_and_reads_any_published_datetime(
    when: datetime, zone: timezone | None
) -> None:
    published = when.replace(tzinfo=zone)
    article = Article(
        id="a1",
        outlet="Fuzz Post",
        source="fuzz.txt",
        raw_text="Officials said the bridge reopened.",
        text="Officials said the bridge reopened.",
        published=published,
        published_from="library",
        fetched=published,
    )
    with tempfile.TemporaryDirectory() as folder, Store(Path(folder) / "s.db") as store:
        with store.transaction():
            store.insert_article(article, now())
        [back] = store.articles(["a1"])
    expected = check_published(published.isoformat()).date
    if expected is None:
        assert back.published is None
        assert back.published_from and back.published_from.startswith("unusable date dropped")
    else:
        assert back.published == expected
        assert back.published_from == "library"
