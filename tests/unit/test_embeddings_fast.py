"""The unpadded wordllama path gives the tokenizer's own ids and wordllama's own vectors."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import numpy as np
import pytest

from storyfold.nlp.embeddings import MAX_CACHED_WORDS, WordLlamaEmbedder, unit_rows
from storyfold.text import normalize as normalize_module
from storyfold.text import normalize_for_matching, word_count

# Invented sentences, with the shapes that could split a word differently from the tokenizer:
# punctuation inside and around words, figures, accents, a tab, repeated and edge spaces, the
# tokenizer's own special tokens and its boundary mark written literally.
SENTENCES = [
    "The harbour ferry ran aground off Kelvin Point on Tuesday, the operator said.",
    'Councillor Ana Ruiz-Okafor: "We were told 2,400 people a day use the route."',
    "Repairs will cost $3.5m and take until mid-March, according to the port's statement.",
    "Café owners near the pier (about 40 of them) said trade fell by 30%.",
    "u.s. coast guard crews towed the vessel, the mv kestrel, to dry dock at 04:30",
    "A word\twith a tab",
    "  leading and  repeated spaces ",
    "</s> a literal end token and <unk> marker",
    "the boundary mark \u2581 written by hand",
    "",
    "x",
    "unknown to the vocabulary: \U0001f6a2 \u6e2f\u53e3 \u00e6\u00f8 \u0301accent",
]


@pytest.fixture(scope="module")
def embedder() -> WordLlamaEmbedder:
    return WordLlamaEmbedder()


def test_ids_equal_the_tokenizers(embedder: WordLlamaEmbedder) -> None:
    embedder._load()
    for text in SENTENCES + [normalize_for_matching(s) for s in SENTENCES]:
        expected = embedder._tokenizer.encode(text, add_special_tokens=False).ids
        assert embedder.token_ids(text) == expected, text


def test_vectors_equal_wordllamas(embedder: WordLlamaEmbedder) -> None:
    # The embedder reads wordllama's files itself; wordllama's own loader is the reference.
    import wordllama
    from wordllama import WordLlama

    model = WordLlama.load(cache_dir=Path(wordllama.__file__).parent, disable_download=True)
    normalized = [normalize_for_matching(s) for s in SENTENCES]
    reference = unit_rows(np.asarray(model.embed(normalized), dtype=np.float32))
    ours = embedder.embed(SENTENCES)
    assert ours.shape == (len(SENTENCES), 256)
    np.testing.assert_allclose(ours, reference, rtol=0, atol=1e-6)
    assert not ours[SENTENCES.index("")].any()
    norms = np.linalg.norm(ours[[i for i, s in enumerate(SENTENCES) if s]], axis=1)
    np.testing.assert_allclose(norms, 1.0, atol=1e-5)


def test_word_cache_is_bounded(embedder: WordLlamaEmbedder) -> None:
    embedder._load()
    embedder._word_ids.update({f"w{i}": [5] for i in range(MAX_CACHED_WORDS + 1)})
    text = "kestrel ferry aground"
    assert embedder.token_ids(text) == embedder._tokenizer.encode(text).ids[1:]
    assert len(embedder._word_ids) <= MAX_CACHED_WORDS


def _general_normalize(text: str) -> str:
    """`normalize_for_matching`'s full (non-ASCII) path, applied to any text."""
    table = normalize_module._PUNCT_TABLE
    text = unicodedata.normalize("NFKC", text.translate(table))
    return " ".join(normalize_module.fold_lookalikes(text.translate(table)).split())


def _general_word_count(text: str) -> int:
    return len(normalize_module._TOKEN_RE.findall(text)) - len(
        normalize_module._BARE_TOKEN_RE.findall(text)
    )


def test_ascii_fast_paths_match_the_general_ones() -> None:
    every_ascii = "".join(map(chr, range(128)))
    texts = [
        *SENTENCES,
        "a -- b",
        "__ x_y",
        "`quoted`  text\x1cend ",
        "* bullet * point",
        every_ascii,
        " ".join(every_ascii),
        *(every_ascii[i : i + 7] for i in range(0, 128, 3)),
    ]
    for text in texts:
        assert word_count(text) == _general_word_count(text), repr(text)
        assert normalize_for_matching(text) == _general_normalize(text), repr(text)
    assert normalize_for_matching("`quoted`  text\x1cend ") == "'quoted' text end"
    assert word_count("-- the 2,400 _ riders --") == 3
