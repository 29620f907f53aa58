"""Models load once, with only what they need, and give what the plain loaders give.

spaCy's pipeline is loaded without its command line and with an empty tokenizer that the
package's saved one fills (nlp.spacy_load); the NER's spans are kept per text (nlp.ner).
These check that the shortcuts change nothing a brief sees.
"""

from __future__ import annotations

from storyfold.model import Article
from storyfold.nlp import get_embedder, ner
from storyfold.nlp.ner import EntitySpan, find_spans
from storyfold.text import clean_article
from tests.python_run import run_python

# Invented text with the shapes a tokenizer's special cases and affix rules exist for:
# contractions, abbreviations with periods, figures with units, dates, hyphens, quotes.
TEXT = (
    "PORT KESTREL, Oct. 3 (Lantern Wire) -- Mayor Ines Okonkwo-Barrett said on Tuesday the "
    "city's ferry service won't resume until Dec. 1, after inspectors from the Kestrel Harbor "
    "Authority found $4.2m of damage.\n\n"
    "\"We can't run boats on a pier that's cracked,\" she told reporters at City Hall. "
    "Dr. Samuel O'Hara, a U.S. Coast Guard adviser, said 3,500 commuters a day used the "
    "route in 2024 -- about 12% more than in the year before.\n\n"
    "The Lantern Bay Ferries Co. said it would run buses to Eastgate and Millbrook from 6 a.m. "
    "Monday, and that tickets bought online (www.lanternferries.example/tickets) stay valid."
)


def _article(text: str, name: str = "a") -> Article:
    return clean_article(
        Article(id=name, outlet=name, source=f"{name}.txt", raw_text=text, title=None)
    )


def test_one_embedder_whichever_way_it_is_asked_for() -> None:
    # Two cache keys once meant two loads of the same model in one brief.
    assert get_embedder() is get_embedder("wordllama")


def test_the_pipeline_tokenizes_and_finds_what_spacys_own_load_does() -> None:
    # In a fresh process: spaCy's plain load beside ours, on the same text.
    code = (
        "import spacy\n"
        "from storyfold.nlp.ner import MODEL, _DISABLED, _pipeline\n"
        f"text = {TEXT!r}\n"
        "ours = _pipeline()\n"
        "plain = spacy.load(MODEL, exclude=list(_DISABLED))\n"
        "a, b = ours(text), plain(text)\n"
        "assert [(t.idx, t.text) for t in a] == [(t.idx, t.text) for t in b], 'tokens differ'\n"
        "assert [(e.start_char, e.end_char, e.label_) for e in a.ents] == "
        "[(e.start_char, e.end_char, e.label_) for e in b.ents], 'entities differ'\n"
        "assert ours.tokenizer.to_bytes() == plain.tokenizer.to_bytes(), 'settings differ'\n"
        "print('TOKENS', len(a), 'ENTS', len(a.ents))\n"
    )
    stdout = run_python(code)
    tokens, ents = stdout.split()[1::2]
    assert int(tokens) > 80 and int(ents) >= 5  # the text was really analysed


def test_spacy_loads_without_its_command_line_which_stays_importable() -> None:
    code = (
        "import sys\n"
        "from storyfold.nlp.ner import _pipeline\n"
        "_pipeline()\n"
        "skipped = [m for m in ('spacy.cli', 'weasel', 'requests', 'httpx') if m in sys.modules]\n"
        "import spacy\n"
        "assert callable(spacy.cli.download), 'spacy.cli is not the real one'\n"
        "import spacy.cli\n"
        "assert callable(spacy.cli.info)\n"
        "assert callable(spacy.info)\n"
        "print('LOADED=' + ','.join(skipped))\n"
    )
    stdout = run_python(code)
    assert stdout.rpartition("LOADED=")[2].strip() == ""


def test_spans_are_the_same_cached_or_not_alone_or_in_a_batch() -> None:
    other = TEXT.replace("Okonkwo-Barrett", "Haldane").replace("Eastgate", "Northwick")
    a, b = _article(TEXT, "a"), _article(other, "b")
    ner.clear_span_cache()
    fresh = find_spans([a, b])
    assert fresh["a"] and fresh["b"]
    assert any(s.kind == "person" and "O'Hara" in s.text for s in fresh["a"])
    assert all(a.text[s.start : s.end] == s.text for s in fresh["a"])
    # From the cache, and each article on its own after the cache is cleared.
    assert find_spans([b, a]) == fresh
    ner.clear_span_cache()
    assert find_spans([b]) == {"b": fresh["b"]}
    assert find_spans([a]) == {"a": fresh["a"]}
    # Two articles with one text are analysed once and both answered.
    twin = _article(TEXT, "twin")
    assert find_spans([a, twin]) == {"a": fresh["a"], "twin": fresh["a"]}


def test_the_span_cache_forgets_the_least_recently_used_text_first() -> None:
    cache = ner._SpanCache(size=2)
    spans = (EntitySpan(0, 4, "person", "Okon"),)
    keys = [cache.key(t) for t in ("one", "two", "three")]
    assert len(set(keys)) == 3 and keys[0] == cache.key("one")
    cache.put(keys[0], spans)
    cache.put(keys[1], ())
    assert cache.get(keys[0]) == spans  # "one" is now the most recent
    cache.put(keys[2], spans)
    assert cache.get(keys[1]) is None
    assert cache.get(keys[0]) == spans and cache.get(keys[2]) == spans
    cache.clear()
    assert cache.get(keys[0]) is None


def test_a_text_without_entities_is_cached_as_empty() -> None:
    ner.clear_span_cache()
    article = _article("nothing here is named: only words about words, and more words.", "e")
    assert find_spans([article]) == {"e": ()}
    assert ner._cache.get(ner._cache.key(article.text)) == ()
    assert find_spans([article]) == {"e": ()}
