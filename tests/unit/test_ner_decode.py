"""The NER's own decoder (nlp.ner_decode) finds exactly what spaCy's loop finds.

The decoder replaces spaCy's greedy loop for speed; these compare the two on invented
texts, with the decoder's document cuts placed everywhere and nowhere, and with batches
split small, since none of those may change an entity.
"""

from __future__ import annotations

from typing import Any

import pytest

from storyfold.nlp import ner, ner_decode

# Invented reports: people with titles, organisations, places, dates and times, money,
# figures, quotations, a line break inside a paragraph, and an entity at the very end.
TEXTS = [
    "MILLBROOK, March 3 -- Governor Tom Becker met officials of the Coastline Transit "
    "Authority in Sacramento on Tuesday, two days after the Harbor Bridge closed.\n\n"
    "\u201cWe will reopen it by June,\u201d Becker told The Alden Courier. The repair will "
    "cost $48 million, according to the California Department of Transportation.",
    "",
    "   ",
    "Mayor Ana Ruiz said 3,500 commuters used the ferry each day in 2024.\n"
    "Dr. Samuel O'Hara of the U.S. Coast Guard disagreed at 9 a.m. on Monday, "
    "saying the figure came from Lantern Bay Ferries Co.",
    "Shares fell on the New York Stock Exchange on Friday, March 3, 2023, and Defense "
    "Secretary Lena Marquez-Holloway spoke at the University of California, Berkeley.",
    "Officials from Germany, France and the European Union arrived in Geneva on Jan. 4, "
    "and the talks ended at midnight with a statement from Secretary General Ines Okonkwo",
]


def _ents(doc: Any) -> list[tuple[int, int, str]]:
    return [(e.start_char, e.end_char, e.label_) for e in doc.ents]


def _spacy_loop(texts: list[str]) -> list[list[tuple[int, int, str]]]:
    nlp = ner._pipeline()
    component = nlp.get_pipe("ner")
    return [_ents(component(nlp.make_doc(text))) for text in texts]


def _decoded(decoder: ner_decode.Decoder, texts: list[str]) -> list[list[tuple[int, int, str]]]:
    nlp = ner._pipeline()
    docs = [nlp.make_doc(text) for text in texts]
    decoder(docs)
    return [_ents(doc) for doc in docs]


def _decoder(**kwargs: Any) -> ner_decode.Decoder:
    return ner_decode.Decoder(ner._pipeline().get_pipe("ner"), **kwargs)


def test_the_brief_uses_the_decoder_and_its_probe_agrees_with_spacy() -> None:
    # The fallback to nlp.pipe must not be taken silently on the installed spaCy.
    assert ner._decoder() is not None
    assert ner._decoder().agrees(ner._pipeline())  # type: ignore[union-attr]


def test_the_decoder_finds_what_spacys_loop_finds() -> None:
    expected = _spacy_loop(TEXTS)
    assert sum(map(len, expected)) >= 15  # the texts really hold entities
    assert _decoded(_decoder(), TEXTS) == expected


@pytest.mark.parametrize("cut_after_every_token", [True, False])
def test_where_documents_are_cut_into_runs_changes_no_entity(cut_after_every_token: bool) -> None:
    # Cut after every token, every entity longer than a token is open across a cut, so a
    # run must carry on through the next ones (and their own findings be dropped); never
    # cut, each document is one run, as in spaCy's loop.
    decoder = _decoder(ends_run=lambda token: cut_after_every_token)
    assert _decoded(decoder, TEXTS) == _spacy_loop(TEXTS)


def test_small_batches_find_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ner_decode, "MAX_BATCH_TOKENS", 20)  # about one text a batch
    assert _decoded(_decoder(), TEXTS) == _spacy_loop(TEXTS)


def test_docs_with_entities_already_set_are_refused() -> None:
    nlp = ner._pipeline()
    doc = nlp.get_pipe("ner")(nlp.make_doc(TEXTS[0]))
    with pytest.raises(ValueError, match="already set"):
        _decoder()([doc])


def test_the_encoder_multiplies_with_numpy_not_blis() -> None:
    # BLIS ran the encoder's products several times slower than numpy on this CPU.
    model = ner._pipeline().get_pipe("ner").model
    assert all(getattr(node.ops, "use_blis", False) is False for node in model.walk())
