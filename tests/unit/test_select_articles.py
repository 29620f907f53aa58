"""A brief of very many articles reads the most central ones in full and lists them all."""

from __future__ import annotations

from storyfold.brief.select_articles import centrality, select_articles
from storyfold.model import Article
from storyfold.text import clean_article


def _article(i: int, text: str) -> Article:
    return clean_article(
        Article(id=f"a{i}", outlet=f"Outlet {i}", source=f"{i}.txt", raw_text=text)
    )


ON_TOPIC = "The Lindwick bridge reopened on Monday after repairs to its gears, the council said."
OFF_TOPIC = "A bakery in Eastmere won a prize for its rye bread at the autumn fair on Sunday."


def test_few_articles_are_all_read() -> None:
    articles = [_article(i, ON_TOPIC) for i in range(3)]
    selection = select_articles(articles, limit=5)
    assert selection.read == tuple(articles) and selection.note is None


def test_the_most_central_are_read_in_their_order() -> None:
    articles = [_article(i, ON_TOPIC + f" Report {i}.") for i in range(6)]
    articles.insert(2, _article(90, OFF_TOPIC))
    articles.insert(5, _article(91, OFF_TOPIC + " Again."))
    selection = select_articles(articles, limit=6)
    assert [a.id for a in selection.read] == [a.id for a in articles if a.id not in {"a90", "a91"}]
    assert selection.note is not None and "6 of 8" in selection.note
    scores = centrality(articles)
    assert scores[2] < min(scores[0], scores[1])
