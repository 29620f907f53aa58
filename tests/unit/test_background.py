"""Background document frequencies: counted, saved, shipped, and added to a young stream's
IDF without ever being saved with the stream's own statistics."""

from __future__ import annotations

import gzip
from pathlib import Path

import numpy as np
import pytest

from storyfold.errors import InputError, ModelError
from storyfold.model import Article
from storyfold.stories import ClusterSettings, OnlineClusterer, TermStatistics
from storyfold.stories.background import (
    BACKGROUND_PATH,
    count_background,
    load_background,
    save_background,
)
from storyfold.stories.vectors import _pack, _read_header, stem_id, term_counts, term_id
from tests.unit.test_cluster import report


def _article(n: int, text: str) -> Article:
    return Article(id=f"bg-{n}", outlet="Background", source=f"bg-{n}", raw_text=text, text=text)


BACKGROUND_TEXTS = (
    "Officials warned that the budget would rise next year.",
    "Officials closed schools across the county after the storm.",
    "Officials expect the talks to resume on Monday.",
    "A kestrel nested on the cathedral tower.",
)


def test_the_background_counts_documents_and_keeps_only_terms_seen_twice(
    tmp_path: Path,
) -> None:
    counted = count_background(_article(n, t) for n, t in enumerate(BACKGROUND_TEXTS))
    assert counted.documents == 4
    assert counted.frequencies[stem_id("officials")] == 3
    assert counted.frequencies[stem_id("kestrel")] == 1
    path = tmp_path / "background.bin.gz"
    save_background(counted, path)
    loaded = load_background(path)
    assert loaded.documents == 4
    assert loaded.frequencies[stem_id("officials")] == 3
    assert loaded.frequencies[stem_id("kestrel")] == 0  # seen once: left out of the file
    assert loaded.embedding_sum is None
    assert not loaded.frequencies.flags.writeable  # shared: no clusterer may change it


def test_a_young_stream_weighs_its_words_by_the_background(tmp_path: Path) -> None:
    path = tmp_path / "background.bin.gz"
    save_background(count_background(_article(n, t) for n, t in enumerate(BACKGROUND_TEXTS)), path)
    ids = np.array([stem_id("officials"), stem_id("ferry")])
    alone = TermStatistics()
    alone.observe(term_counts("Officials at the ferry operator cancelled sailings.").ids)
    with_background = TermStatistics(background=load_background(path))
    with_background.observe(term_counts("Officials at the ferry operator cancelled sailings.").ids)
    # One document: on its own, every word it has is as rare as any other.
    plain = alone.idf(ids)
    assert plain[0] == pytest.approx(plain[1])
    # With the background, "officials" is common news language and "ferry" is not.
    officials, ferry = with_background.idf(ids)
    assert ferry > officials
    assert ferry == pytest.approx(np.log(6.0 / 2.0) + 1.0)  # 1 of 5 documents
    assert officials == pytest.approx(np.log(6.0 / 5.0) + 1.0)  # 4 of 5 documents


def test_the_background_is_never_saved_with_the_stream_and_comes_back_from_the_settings() -> None:
    articles = [report("bridge", 0), report("bridge", 1), report("orchestra", 0)]
    clusterer = OnlineClusterer()
    clusterer.add_many(articles)
    assert clusterer.statistics.background is load_background()
    plain = OnlineClusterer(settings=ClusterSettings(background=False))
    plain.add_many(articles)
    assert plain.statistics.background is None
    # The stream's own counts are all that is saved: the same bytes with or without.
    saved = clusterer.statistics.to_bytes()
    assert saved == plain.statistics.to_bytes()
    profiles = [p.to_bytes() for p in clusterer.profiles().values()]
    restored = OnlineClusterer.from_saved(profiles, saved)
    assert restored.statistics.background is load_background()
    assert restored.statistics.documents == 3
    off = OnlineClusterer.from_saved(profiles, saved, settings=ClusterSettings(background=False))
    assert off.statistics.background is None


def test_the_shipped_background_loads() -> None:
    shipped = load_background()
    assert shipped is load_background()  # read once per process
    assert shipped.documents > 20_000
    # Common news words are in it; the rarest terms were left out.
    assert shipped.frequencies[stem_id("officials")] > 20 * shipped.frequencies[stem_id("ferry")]
    assert shipped.frequencies[stem_id("told")] > shipped.documents // 10
    assert shipped.frequencies.min() == 0
    assert shipped.frequencies[shipped.frequencies > 0].min() >= 2
    assert load_background(BACKGROUND_PATH).documents == shipped.documents


def test_a_missing_or_damaged_background_names_the_file(tmp_path: Path) -> None:
    missing = tmp_path / "absent.bin.gz"
    with pytest.raises(ModelError, match="train-clusterer") as caught:
        load_background(missing)
    assert caught.value.input == str(missing)
    damaged = tmp_path / "damaged.bin.gz"
    damaged.write_bytes(gzip.compress(b"\x05\x00\x00\x00nope!"))
    with pytest.raises(ModelError) as caught:
        load_background(damaged)
    assert caught.value.input == str(damaged)
    not_gzip = tmp_path / "plain.bin.gz"
    not_gzip.write_bytes(b"plain bytes")
    with pytest.raises(ModelError):
        load_background(not_gzip)
    # Saved stream statistics (they carry an embedding sum) are not a background.
    stream = TermStatistics()
    stream.observe(term_counts("A ferry sailed.").ids, np.ones(4, dtype=np.float32))
    wrong = tmp_path / "stream.bin.gz"
    wrong.write_bytes(gzip.compress(stream.to_bytes()))
    with pytest.raises(ModelError, match="not background"):
        load_background(wrong)


def test_reports_that_inflect_a_word_differently_share_its_term() -> None:
    stems = term_counts("Talks resumed after the attacks; officials attacked the plan.")
    words = term_counts("The talk resumes after the attack; an official attacks the plans.")
    assert set(stems.ids) == set(words.ids)
    plain = term_counts("Talks resumed after the attacks.", stemmed=False)
    other = term_counts("The talk resumes after the attack.", stemmed=False)
    assert not set(plain.ids) & set(other.ids)
    assert set(plain.ids) == {term_id(w) for w in ("talks", "resumed", "attacks")}


def test_a_store_started_before_stemming_keeps_hashing_words() -> None:
    old = OnlineClusterer(settings=ClusterSettings(background=False))
    old.statistics.stemmed = False
    old.add_many([report("bridge", 0)])
    # Term statistics as a store saved them before stemming: no "stemmed" in the header.
    header, offset = _read_header(old.statistics.to_bytes(), "term statistics")
    assert header.pop("stemmed") is False
    saved = _pack(header, old.statistics.to_bytes()[offset:])
    profiles = [p.to_bytes() for p in old.profiles().values()]
    restored = OnlineClusterer.from_saved(profiles, saved)
    assert restored.statistics.stemmed is False
    assert restored.statistics.background is None  # the background counts stems
    (profile,) = restored.profiles().values()
    words = term_counts(report("bridge", 0).raw_text, stemmed=False)
    assert set(profile.term_ids) <= set(words.ids)
    # Its next report is hashed the same way, and so meets the first.
    assert restored.add(report("bridge", 1)).story_id == profile.story_id
    assert TermStatistics.from_bytes(restored.statistics.to_bytes()).stemmed is False
    new = OnlineClusterer()
    assert new.statistics.stemmed is True
    assert TermStatistics.from_bytes(new.statistics.to_bytes()).stemmed is True


def test_damaged_stemming_mark_is_refused() -> None:
    header, offset = _read_header(TermStatistics().to_bytes(), "term statistics")
    header["stemmed"] = "yes"
    with pytest.raises(InputError, match="damaged term statistics"):
        TermStatistics.from_bytes(_pack(header, TermStatistics().to_bytes()[offset:]))
