"""Summary lines a reader can use alone: brackets, no repeats, the budget, single-outlet facts.

An invented story written for these tests: the ferry landing of the fictional town of Brisk
Harbor falls into the sea; two outlets with publication dates in their metadata.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import numpy as np
import pytest

import storyfold
from storyfold.brief.compare.outlets import similar_elsewhere, single_source_facts
from storyfold.brief.dates.pubdates import infer_publication_dates
from storyfold.brief.quotes.find import find_quotes
from storyfold.brief.summary.citations import ref
from storyfold.brief.summary.lines import summary_lines
from storyfold.brief.summary.resolve import Resolver, apply
from storyfold.brief.summary.standalone import (
    standalone_problems,
    stands_alone,
    without_brackets,
)
from storyfold.brief.table import SentenceTable, build_table
from storyfold.config import Settings
from storyfold.ingest import load_articles
from storyfold.model import Article, PublicationDate, SummaryLine
from storyfold.nlp import get_embedder
from storyfold.nlp.ner import find_spans
from storyfold.text import word_count

LEDGER = [
    "The Brisk Harbor ferry landing collapsed into the water on Tuesday after a night of "
    "storms, the town said.",
    "Harbor master Tom Keller said the landing had last been inspected in January.",
    '"We will rebuild it before the summer crossings begin," he said.',
    '"Nobody was standing on the landing when it fell, and that is a mercy," Keller said.',
    "The town has asked the state for emergency money to clear the wreckage.",
]
COAST = [
    "The ferry landing at Brisk Harbor fell into the sea on Tuesday following overnight "
    "storms, according to the town.",
    "Ferries will dock at the old fishing pier until the repairs are finished, the town said.",
    "Repairs are expected to cost about 2.4 million dollars, according to an early estimate.",
]


@pytest.fixture(scope="module")
def story(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("landing")
    for name, outlet, lines in (("a", "Harbor Ledger", LEDGER), ("b", "Coast Report", COAST)):
        record = {
            "title": f"{outlet}: ferry landing falls into the sea",
            "text": "\n".join(lines),
            "url": f"https://{name}.example/landing",
            "outlet": outlet,
            "published": "2026-03-04T09:00:00+00:00",  # a Wednesday
        }
        (folder / f"{name}.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def parts(story: Path) -> tuple[tuple[Article, ...], SentenceTable, Resolver]:
    articles = tuple(load_articles([story]).articles)
    table = build_table(articles, get_embedder())
    quotes = find_quotes(articles, find_spans(articles), table)
    return articles, table, Resolver(table, quotes, infer_publication_dates(articles))


def _row(table: SentenceTable, start: str) -> int:
    return next(i for i, text in enumerate(table.texts) if text.startswith(start))


def test_brackets_name_the_speaker_and_date_the_weekday(parts: tuple) -> None:
    _, table, resolver = parts
    quote = _row(table, '"We will rebuild')
    text, insertions = resolver.shown(quote)
    assert text == '"We will rebuild it before the summer crossings begin," he [Tom Keller] said.'
    assert stands_alone(text) and not stands_alone(table.texts[quote])
    lead = _row(table, "The Brisk Harbor ferry landing")
    text, insertions = resolver.shown(lead)
    assert "on Tuesday [March 3] after" in text
    # Outside the brackets the line is its source exactly, and the insertions rebuild it.
    for row in (quote, lead):
        shown, insertions = resolver.shown(row)
        assert without_brackets(shown) == table.texts[row]
        assert apply(table.texts[row], insertions) == shown


def test_an_unknown_publication_date_leaves_the_weekday_alone(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(LEDGER[0] + "\n", encoding="utf-8")
    articles = tuple(load_articles([tmp_path]).articles)
    table = build_table(articles, get_embedder())
    resolver = Resolver(table, (), infer_publication_dates(articles))
    assert resolver.shown(0) == (table.texts[0], ())


def _resolver_of(folder: Path, text: str) -> tuple[SentenceTable, Resolver]:
    folder.mkdir()
    (folder / "a.txt").write_text(text, encoding="utf-8")
    articles = tuple(load_articles([folder]).articles)
    table = build_table(articles, get_embedder())
    return table, Resolver(table, (), infer_publication_dates(articles))


def test_a_document_is_named_in_the_words_its_article_introduced_it(tmp_path: Path) -> None:
    table, resolver = _resolver_of(
        tmp_path / "one",
        "Divers examined the pier for two days. A state inspection report made public on "
        "Wednesday rated it critical. Beneath the concrete, the report says, the steel "
        "is corroded.\n",
    )
    row = _row(table, "Beneath the concrete")
    text, insertions = resolver.shown(row)
    assert text == (
        "Beneath the concrete, the [state inspection] report says, the steel is corroded."
    )
    assert stands_alone(text) and not stands_alone(table.texts[row])
    assert without_brackets(text) == table.texts[row]
    assert apply(table.texts[row], insertions) == text


def test_a_document_the_article_names_two_ways_stays_unresolved(tmp_path: Path) -> None:
    # Which report "the report" is, the article leaves open: no bracket, and no line.
    table, resolver = _resolver_of(
        tmp_path / "two",
        "A state inspection report and a council audit report both reached City Hall. "
        "Beneath the concrete, the report says, the steel is corroded.\n",
    )
    row = _row(table, "Beneath the concrete")
    text, _ = resolver.shown(row)
    assert text == table.texts[row]
    assert not stands_alone(text)


def test_a_quote_and_a_line_naming_its_speaker_are_one_position(tmp_path: Path) -> None:
    folder = tmp_path / "story"
    folder.mkdir()
    (folder / "a.txt").write_text(
        "The Brisk Harbor ferry landing collapsed into the water on Tuesday.\n"
        "Harbor master Tom Keller urged boat owners to keep away from the wreckage.\n"
        '"Stay off the water until the debris is cleared," said Tom Keller.\n',
        encoding="utf-8",
    )
    articles = tuple(load_articles([folder]).articles)
    table = build_table(articles, get_embedder())
    quotes = find_quotes(articles, find_spans(articles), table)
    named, quote = _row(table, "Harbor master"), _row(table, '"Stay off')
    scores = np.full(len(table), 0.1, dtype=np.float32)
    scores[[named, quote]] = 5.0
    lines = summary_lines(table, scores, 230, quotes, infer_publication_dates(articles))
    texts = [without_brackets(line.text) for line in lines]
    assert (table.texts[named] in texts) != (table.texts[quote] in texts)


def test_after_the_lead_what_more_outlets_report_comes_first(tmp_path: Path) -> None:
    folder = tmp_path / "story"
    folder.mkdir()
    # The one-outlet barge line opens its article, so reading order alone puts it first.
    told = {
        "a": "The Brisk Harbor ferry landing collapsed into the water on Tuesday.\n",
        "b": "The Brisk Harbor ferry landing fell into the sea on Tuesday.\n"
        "The town will run a free bus to the old fishing pier while the landing is shut.\n",
        "c": "Storms battered the coast overnight.\n"
        "Brisk Harbor will run a free bus to the old fishing pier while the landing is shut.\n",
        "d": "A crane barge from Port Selby will lift the wreckage of the landing next month.\n",
    }
    for name, text in told.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    articles = tuple(load_articles([folder]).articles)
    table = build_table(articles, get_embedder())
    lead, barge = _row(table, "The Brisk Harbor ferry landing collapsed"), _row(table, "A crane")
    bus = _row(table, "The town will run")
    scores = np.full(len(table), -np.inf, dtype=np.float32)
    scores[[lead, barge, bus]] = [5.0, 4.0, 3.0]
    lines = summary_lines(table, scores, 230)
    texts = [line.text for line in lines]
    assert texts == [table.texts[lead], table.texts[bus], table.texts[barge]]
    assert [len(line.outlets) for line in lines][1:] == [2, 1]


def test_one_line_per_speaker(parts: tuple) -> None:
    table = parts[1]
    articles = table.articles
    quotes = find_quotes(articles, find_spans(articles), table)
    publication = infer_publication_dates(articles)
    first, second = _row(table, '"We will rebuild'), _row(table, '"Nobody was standing')
    scores = np.full(len(table), 0.1, dtype=np.float32)
    scores[[first, second]] = 5.0  # both of Keller's remarks would be chosen first
    lines = summary_lines(table, scores, 230, quotes, publication)
    texts = [without_brackets(line.text) for line in lines]
    assert (table.texts[first] in texts) != (table.texts[second] in texts)


def test_a_later_development_leads_only_when_nothing_else_can(parts: tuple) -> None:
    table = parts[1]
    articles = table.articles
    quotes = find_quotes(articles, find_spans(articles), table)
    publication = infer_publication_dates(articles)
    scores = np.full(len(table), 0.1, dtype=np.float32)
    lead = _row(table, "The Brisk Harbor ferry landing")
    scores[lead] = 5.0
    first = summary_lines(table, scores, 230, quotes, publication)[0]
    assert without_brackets(first.text) == table.texts[lead]
    later_id = articles[int(table.article_of[lead])].id
    lines = summary_lines(table, scores, 230, quotes, publication, {later_id})
    ids = [
        articles[int(table.article_of[_row(table, without_brackets(line.text))])].id
        for line in lines
    ]
    assert ids[0] != later_id
    # What happened next comes after the story's own lines, not between them.
    assert later_id in ids
    assert ids == sorted(ids, key=lambda i: i == later_id)
    everyone = {a.id for a in articles}
    first = summary_lines(table, scores, 230, quotes, publication, everyone)[0]
    assert without_brackets(first.text) == table.texts[lead]


@pytest.mark.parametrize("budget", [12, 25, 40, 60])
def test_the_budget_is_a_hard_cap_on_the_words_shown(story: Path, budget: int) -> None:
    result = storyfold.brief(load_articles([story]), Settings(words=budget))
    assert sum(word_count(line.text) for line in result.summary) <= budget
    for line in result.summary:
        assert stands_alone(line.text), line.text
        assert without_brackets(line.text) == line.source.text


def test_reported_by_one_outlet_only_means_no_other_outlet_says_it(parts: tuple) -> None:
    _, table, _ = parts
    facts = {ref.text for ref in single_source_facts(table)}
    # A paraphrase in the other outlet (other words, other order) is not single-source.
    assert not any(
        text.startswith(("The Brisk Harbor ferry", "The ferry landing at")) for text in facts
    )
    assert COAST[2] in facts  # the cost estimate: one outlet only
    assert COAST[1] in facts  # the fishing pier


def test_a_line_cited_to_one_outlet_names_the_paraphrase_the_matcher_did_not_confirm(
    parts: tuple,
) -> None:
    _, table, _ = parts
    lines = [
        SummaryLine(text=table.texts[i], citations=(ref(table, i, 1.0),))
        for i in (_row(table, "The Brisk Harbor ferry"), _row(table, "Repairs are expected"))
    ]
    collapse, cost = similar_elsewhere(table, lines)
    assert [(r.outlet, r.text) for r in collapse] == [("Coast Report", COAST[0])]
    assert cost == ()  # told by one outlet only: nothing close elsewhere
    # An outlet that published before the day the line reports could not have said it.
    dated = [
        PublicationDate(a.id, dt.date(2026, 3, 2 if a.outlet == "Coast Report" else 4), "x", 1.0)
        for a in table.articles
    ]
    collapse, _ = similar_elsewhere(table, lines, dated)
    assert collapse == ()


@pytest.mark.parametrize(
    ("text", "fails"),
    [
        ('"We will rebuild it," she said.', True),
        ('"We will rebuild it," she [Ines Valtonen] said.', False),
        ("But the town has no money for it.", True),
        ("Its last repair was in 2019.", True),
        ("He said the landing would reopen.", True),
        ('"It fell," Valtonen said.', False),
        ("The town said it would rebuild the landing.", False),
        ("Smith says he's found the coin.", False),
        ("The town closed the landing hours after reading it.", True),
        ("The fare went up, they told reporters.", True),
        ("The ferry office described it as a stopgap.", True),
        ("The mayor called them a disgrace to the harbour.", True),
        ("Mayor Ruiz called it [the closure] a necessity.", False),
        ("Mayor Ruiz called the closure a necessity.", False),
        # A person or body known only by a common noun, where a line opens or attributes:
        # which mayor the article had named earlier; inside a quotation as well.
        ("The mayor called the closure a necessity.", True),
        ("The secretary and the minister talked about the landing.", True),
        ('"The minister agreed to meet," Valtonen said.', True),
        # A man, a company: often all the article ever calls them; titles are what it
        # uses for a person it has named.
        ('"The two men agreed to meet," Valtonen said.', False),
        ('"We will rebuild the landing," the mayor said.', True),
        ("The landing will reopen in May, according to the ministry.", True),
        # An anonymous source is unnamed in the article too: nothing is lost.
        ("The official, speaking on condition of anonymity, confirmed the closure.", False),
        ("The landing will reopen in May, the harbour chairman said.", True),
        ("The mayor, Ana Ruiz, called the closure a necessity.", False),
        ("The harbour press secretary, Tomas Berg, said the landing would reopen.", False),
        ("The Secretary of State said the landing would reopen.", False),
        ("The ferry company's chief executive, Lina Moe, said the landing would reopen.", False),
        ("The mayor [Ana Ruiz] called the closure a necessity.", False),
        # A group counted, not named, outside a quotation: who they are came before.
        ("The press secretary, Tomas Berg, said the two men had talked.", True),
        ("Both sides agreed to meet again in May.", True),
        ("The two men, Ruiz and Berg, agreed to meet again in May.", False),
        ("The two men [Ana Ruiz and Tomas Berg] agreed to meet again in May.", False),
        # A document known by its kind alone; a word before it or a "by" after says which.
        ("Beneath the deck, the report says, the steel is corroded.", True),
        ("The report, which reached City Hall on Monday, rated the pier critical.", True),
        ("The report by the state inspectors rated the pier critical.", False),
        ("The state's inspection report rated the pier critical.", False),
        # A quotation opening on a demonstrative: what "this" is, the speaker said before.
        ('"This did not happen on Tuesday," Haines said.', True),
        ('"These proposals may be adopted," Berg said.', True),
        ('"This week we will reopen the landing," Ruiz said.', False),
        ('"The landing did not fail on Tuesday," Haines said.', False),
        # A pronoun subject after an opening phrase of time or place.
        ("On Wednesday [March 4] it also started a free shuttle bus.", True),
        ("Earlier this week, they closed the landing.", True),
        ("On Wednesday, the town started a free shuttle bus.", False),
        ("In a statement, he [Tom Keller] said the landing would reopen.", False),
    ],
)
def test_the_standalone_check(text: str, fails: bool) -> None:
    assert bool(standalone_problems(text)) is fails
