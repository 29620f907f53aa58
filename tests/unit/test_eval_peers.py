"""The peer systems: lead, LexRank and TextRank (sumy), and the embedding centroid."""

from __future__ import annotations

from pathlib import Path

import pytest

from storyfold.eval import make_systems, prepare_articles, read_clusters
from storyfold.eval.peers import CentroidPeer, SentenceTokenizer, SumyPeer, lead, texts_of
from storyfold.text import word_count

TINY = Path(__file__).resolve().parents[1] / "fixtures" / "multinews_tiny.jsonl"
PEERS = ("lead", "lexrank", "textrank", "centroid")

# An invented story: three reports of a bridge closing, and one line about something else.
BRIDGE = (
    "The Harlow river bridge was closed to traffic on Friday after inspectors found cracks "
    "in two of its steel supports. Drivers were sent on a detour of twelve miles. The "
    "bakery on Main Street now sells rye bread on Sundays.",
    "Inspectors closed the Harlow river bridge on Friday when they found cracks in its "
    "steel supports. Repairs could take three months, the city said.",
    "Cracks in the steel supports of the Harlow river bridge led inspectors to close it on "
    "Friday. Buses will use a detour of twelve miles.",
)


def sentences_of(documents: tuple[str, ...]) -> set[str]:
    return {t for texts in texts_of(prepare_articles(documents)) for t in texts}


@pytest.mark.parametrize("name", PEERS)
def test_peers_return_input_sentences_enough_for_the_budget(name: str) -> None:
    (system,) = make_systems([name])
    system.setup()
    for cluster in read_clusters(TINY).clusters:
        candidates = sentences_of(cluster.documents)
        for words in (10, 30):
            out = system.summarize(cluster.documents, words)
            assert out and set(out) <= candidates, (name, cluster.id)
            assert len(out) == len(set(out))
            # Enough to fill the budget, and no sentence beyond the one that fills it.
            total = sum(word_count(s) for s in out)
            assert total >= min(words, sum(word_count(s) for s in candidates))
            assert total - max(word_count(s) for s in out) < words


@pytest.mark.parametrize("name", PEERS)
def test_peers_are_deterministic(name: str) -> None:
    first, second = make_systems([name]), make_systems([name])
    for cluster in read_clusters(TINY).clusters:
        a = first[0].summarize(cluster.documents, 40)
        assert a == first[0].summarize(cluster.documents, 40)
        assert a == second[0].summarize(cluster.documents, 40)


def test_lead_interleaves_first_sentences() -> None:
    per_article = texts_of(prepare_articles(BRIDGE))
    out = lead(BRIDGE, 80)
    assert out[:3] == [texts[0] for texts in per_article]
    assert out[3] == per_article[0][1]


@pytest.mark.parametrize("peer", [SumyPeer("lexrank"), SumyPeer("textrank"), CentroidPeer()])
def test_central_peers_pass_over_the_off_topic_line(peer: SumyPeer | CentroidPeer) -> None:
    # Room for about two sentences: the line about the bakery shares no word with the rest.
    out = peer.summarize(BRIDGE, 25)
    assert out and not any("bakery" in s for s in out)


def test_centroid_skips_a_repeated_sentence() -> None:
    repeated = "The Harlow river bridge was closed on Friday after inspectors found cracks."
    docs = (repeated + " Drivers took a long detour.", repeated + " Repairs take months.")
    out = CentroidPeer().summarize(docs, 100)
    assert out.count(repeated) == 1


def test_sumy_reads_text_with_our_tokenizer() -> None:
    """sumy's own parser works offline with our tokenizer (its default needs NLTK data)."""
    from sumy.parsers.plaintext import PlaintextParser

    tokenizer = SentenceTokenizer()
    assert tokenizer.to_words("U.S. crews don't stop, al-Qaeda said.") == (
        "U.S",
        "crews",
        "don't",
        "stop",
        "al-Qaeda",
        "said",
    )
    parser = PlaintextParser.from_string(" ".join(BRIDGE), tokenizer)
    texts = [str(s) for s in parser.document.sentences]
    assert texts[0].startswith("The Harlow river bridge was closed")
    assert len(texts) == 7


def test_unknown_system_is_an_input_error() -> None:
    from storyfold.errors import InputError

    with pytest.raises(InputError, match="unknown system 'bogus'"):
        make_systems(["lead", "bogus"])
    with pytest.raises(InputError, match="twice"):
        make_systems(["lead", "lead"])


def test_the_standalone_system_shows_lines_as_the_brief_does() -> None:
    # The report is named by its kind in the second sentence and introduced in the first:
    # the standalone system keeps the line, bracketed, as the brief would show it.
    documents = (
        "A state inspection report on the Harlow river bridge was made public on Friday. "
        "Beneath the deck, the report says, the steel supports are badly corroded.",
    )
    (system,) = make_systems(["storyfold-standalone"])
    system.setup()
    out = system.summarize(documents, 40)
    assert "Beneath the deck, the [state inspection] report says, the steel supports are " in (
        " ".join(out)
    )
    assert "Beneath the deck, the report says" not in " ".join(out)
