from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import storyfold
from storyfold.brief.summary import select as summary
from storyfold.brief.summary.resolve import apply
from storyfold.brief.summary.standalone import without_brackets
from storyfold.brief.table import build_table
from storyfold.config import Settings
from storyfold.ingest import load_articles
from storyfold.model import Brief
from storyfold.nlp import get_embedder
from storyfold.text import word_count
from tests.conftest import DAM_BODY, write

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "harbor-bridge"


@pytest.fixture(scope="module")
def example_brief() -> Brief:
    return storyfold.brief(storyfold.load_articles([EXAMPLE]))


def assert_citations_point_at_real_sentences(result: Brief, corpus_dir: Path | list[Path]) -> None:
    articles = {
        a.id: a for a in load_articles(corpus_dir if isinstance(corpus_dir, list) else [corpus_dir])
    }
    for line in result.summary:
        assert line.citations, line.text
        # The line is its source sentence exactly, with an editor's brackets at most.
        assert apply(line.citations[0].text, line.insertions) == line.text
        assert without_brackets(line.text) == line.citations[0].text
        for ref in line.citations:
            article = articles[ref.article_id]
            sentence = article.sentences[ref.sentence]
            assert (sentence.start, sentence.end) == (ref.start, ref.end)
            assert article.text[ref.start : ref.end] == ref.text
            assert ref.outlet == article.outlet


def test_every_citation_points_at_a_real_sentence(story_dir: Path) -> None:
    result = storyfold.brief(load_articles([story_dir]))
    assert result.summary
    assert_citations_point_at_real_sentences(result, story_dir)


def test_shared_fact_is_cited_to_each_outlet_that_reports_it(story_dir: Path) -> None:
    result = storyfold.brief(load_articles([story_dir]))
    spillway = [line for line in result.summary if "spillway" in line.text or "gates" in line.text]
    assert spillway, [line.text for line in result.summary]
    assert set(spillway[0].outlets) == {"valley_post", "river_times", "county_wire"}


def test_single_outlet_fact_cites_only_its_source(story_dir: Path) -> None:
    result = storyfold.brief(load_articles([story_dir]), Settings(words=400))
    schools = [line for line in result.summary if "Schools" in line.text]
    assert schools and schools[0].outlets == ("county_wire",)


def test_word_budget_is_respected(story_dir: Path) -> None:
    for budget in (20, 45, 80):
        result = storyfold.brief(load_articles([story_dir]), Settings(words=budget))
        assert sum(word_count(line.text) for line in result.summary) <= budget


def test_no_two_summary_lines_say_the_same_thing(story_dir: Path) -> None:
    result = storyfold.brief(load_articles([story_dir]), Settings(words=400))
    cited = [{(c.article_id, c.sentence) for c in line.citations} for line in result.summary]
    for i, first in enumerate(cited):
        for second in cited[i + 1 :]:
            assert not first & second


def test_single_article_still_gets_a_brief(tmp_path: Path) -> None:
    path = write(tmp_path / "alone.txt", "Elmsford opens dam gates\n\n" + DAM_BODY)
    result = storyfold.brief(load_articles([path]))
    assert result.summary and all(line.outlets == ("alone",) for line in result.summary)
    assert result.title == "Elmsford opens dam gates"


def test_different_figures_are_not_cited_as_the_same(tmp_path: Path) -> None:
    a = write(
        tmp_path / "a.txt",
        "The county said about 1,200 homes downstream were told to prepare to leave.\n",
    )
    b = write(
        tmp_path / "b.txt",
        "The county said about 2,400 homes downstream were told to prepare to leave.\n",
    )
    result = storyfold.brief(load_articles([a, b]))
    assert all(len(line.outlets) == 1 for line in result.summary)


def test_provenance_records_settings_inputs_and_cruft(story_dir: Path) -> None:
    result = storyfold.brief(load_articles([story_dir]), Settings(words=99))
    prov = result.provenance
    assert prov.version == storyfold.__version__
    assert prov.settings["words"] == 99
    assert prov.inputs == (str(story_dir),)
    removed = [r.text for lines in prov.removed.values() for r in lines]
    assert "Skip to main content" in removed


def test_example_story_brief(example_brief: Brief) -> None:
    assert len(example_brief.articles) == 5
    assert_citations_point_at_real_sentences(example_brief, EXAMPLE)
    assert sum(word_count(line.text) for line in example_brief.summary) <= 230
    # The story's main facts are carried by most outlets; the summary must show that.
    assert max(len(line.outlets) for line in example_brief.summary) >= 3


def test_a_line_that_only_adds_a_figure_is_a_repeat(tmp_path: Path) -> None:
    a = write(
        tmp_path / "a.txt",
        "The council closed the 80-year-old harbor bridge on Tuesday after inspectors found "
        "cracks.\n",
    )
    b = write(
        tmp_path / "b.txt",
        "The council closed the 80-year-old harbor bridge at 6 a.m. on Tuesday after "
        "inspectors found cracks.\n",
    )
    table = build_table(load_articles([a, b]).articles, get_embedder())
    assert summary._repeats(table, 1, [0])  # adds "6 a.m." to a chosen line
    assert summary._repeats(table, 0, [1])


def test_example_story_brief_has_every_section(example_brief: Brief) -> None:
    assert example_brief.quotes and example_brief.entities
    assert example_brief.timeline.events
    publication = example_brief.timeline.publication
    assert [p.article_id for p in publication] == [a.id for a in example_brief.articles]
    comparison = example_brief.comparison
    assert comparison.coverage == tuple(line.outlets for line in example_brief.summary)
    assert [f.article_id for f in comparison.framing] == [a.id for a in example_brief.articles]
    (numbers,) = comparison.numbers
    assert {c.value for c in numbers.claims} == {38000, 42000}
    assert comparison.off_topic == ()
    assert comparison.single_source
    assert all(len({ref.outlet}) == 1 for ref in comparison.single_source)


def test_named_entities_are_found_once_per_brief(
    story_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from storyfold.brief import assemble
    from storyfold.nlp import ner

    calls: list[int] = []

    def counted(articles: Any) -> Any:
        calls.append(len(articles))
        return ner.find_spans(articles)

    monkeypatch.setattr(assemble, "find_spans", counted)
    result = storyfold.brief(load_articles([story_dir]))
    assert calls == [3]
    assert result.entities  # the spans reached the extractors


def test_the_lead_line_reports_rather_than_quotes(tmp_path: Path) -> None:
    a = write(
        tmp_path / "a.txt",
        '"We will reopen the ferry landing before the storm season," the harbor master said '
        "on Monday.\n\nThe town council voted on Monday to rebuild the ferry landing that "
        "collapsed in the spring flood.\n",
    )
    table = build_table(load_articles([a]).articles, get_embedder())
    quote = next(i for i, text in enumerate(table.texts) if text.startswith('"'))
    statement = 1 - quote
    scores = summary.unsupervised_scores(table)
    scores[quote] = 10.0  # the quotation is the best line by far
    chosen = summary.select(table, scores, 230)
    assert set(chosen) == {quote, statement}
    assert chosen[0] == statement
