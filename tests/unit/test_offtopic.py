"""Off-topic detection on invented article sets: one stray report among a story's reports."""

from __future__ import annotations

from pathlib import Path

import pytest

import storyfold
from storyfold.brief.offtopic import MIN_ARTICLES, find_off_topic
from storyfold.brief.table import build_table
from storyfold.ingest import load_articles
from storyfold.model import Article
from storyfold.nlp import get_embedder
from tests.conftest import write

# Invented: a chess festival in a fictional town, nothing to do with the Elmsford dam.
CHESS = (
    "Harwick chess festival crowns a teenage champion\n\n"
    "A sixteen-year-old from Lowmere won the Harwick open chess festival on Sunday, beating "
    "the defending champion in a tense final round that lasted almost five hours.\n"
    "The festival drew more than three hundred players to the town library, where the "
    "organisers had set out boards in every reading room.\n"
    "The winner said she had prepared a new opening with her coach for weeks and was "
    "surprised her opponent walked straight into it.\n"
    "Next year's festival will add a rapid tournament for club players on the Saturday.\n"
)

# Invented: a fourth report of the dam story, in different words.
DAM_FOURTH = (
    "Record reservoir level forces Elmsford to open dam spillway\n\n"
    "Water was let out of the Elmsford reservoir on Monday when engineers opened the dam's "
    "spillway gates, after three days of rain left the lake higher than ever recorded.\n"
    "Households below the dam were told by the county to pack and be ready to go.\n"
    "The river downstream is expected to stay high until the weekend, forecasters said.\n"
)


def articles_of(paths: list[Path]) -> tuple[Article, ...]:
    return tuple(a for a in load_articles(paths).articles if a.sentences)


def test_an_article_about_another_event_is_flagged(story_dir: Path, tmp_path: Path) -> None:
    chess = write(tmp_path / "harwick_gazette.txt", CHESS)
    articles = articles_of([story_dir, chess])
    found = find_off_topic(build_table(articles, get_embedder()))
    assert [o.outlet for o in found] == ["harwick_gazette"]
    assert found[0].article_id == next(a.id for a in articles if a.outlet == "harwick_gazette")
    assert found[0].score > 0
    assert "similarity" in found[0].reason


def test_the_flagged_article_stays_out_of_the_summary(story_dir: Path, tmp_path: Path) -> None:
    chess = write(tmp_path / "harwick_gazette.txt", CHESS)
    result = storyfold.brief(load_articles([story_dir, chess]))
    assert [o.outlet for o in result.comparison.off_topic] == ["harwick_gazette"]
    cited = {ref.outlet for line in result.summary for ref in line.citations}
    assert "harwick_gazette" not in cited
    assert cited  # the dam story is still summarised
    assert not any("chess" in line.text for line in result.summary)
    # Still listed among the sources and framed: it was read, just not used.
    assert "harwick_gazette" in {a.outlet for a in result.articles}
    assert "harwick_gazette" in {f.outlet for f in result.comparison.framing}
    # Nor does it lend its words to the comparison's own parts.
    assert all(ref.outlet != "harwick_gazette" for ref in result.comparison.single_source)


def test_a_coherent_set_has_no_flag(story_dir: Path, tmp_path: Path) -> None:
    fourth = write(tmp_path / "lake_news.txt", DAM_FOURTH)
    articles = articles_of([story_dir, fourth])
    assert len(articles) == 4
    assert find_off_topic(build_table(articles, get_embedder())) == ()


def test_two_articles_are_never_judged(story_dir: Path, tmp_path: Path) -> None:
    chess = write(tmp_path / "harwick_gazette.txt", CHESS)
    articles = articles_of([story_dir / "valley_post.txt", chess])
    assert len(articles) == 2 < MIN_ARTICLES
    assert find_off_topic(build_table(articles, get_embedder())) == ()


@pytest.mark.parametrize("count", [1, 2])
def test_small_sets_brief_without_flags(story_dir: Path, count: int) -> None:
    paths = sorted(story_dir.iterdir())[:count]
    result = storyfold.brief(load_articles(paths))
    assert result.comparison.off_topic == ()


def test_a_set_of_unrelated_articles_is_never_emptied(story_dir: Path, tmp_path: Path) -> None:
    # Invented: four reports about four different things.
    others = [
        write(tmp_path / "gazette.txt", CHESS),
        write(
            tmp_path / "orchard.txt",
            "Apple growers near Tamsford expect a record harvest after a mild spring and few "
            "late frosts, and the cider press will open a week early.\n",
        ),
        write(
            tmp_path / "transit.txt",
            "The regional rail company will raise weekly season-ticket prices in January to "
            "pay for new carriages on the coastal line.\n",
        ),
    ]
    articles = articles_of([story_dir / "valley_post.txt", *others])
    found = find_off_topic(build_table(articles, get_embedder()))
    assert len(found) < len(articles)
    result = storyfold.brief(load_articles([story_dir / "valley_post.txt", *others]))
    assert result.summary
