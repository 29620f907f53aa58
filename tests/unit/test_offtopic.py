"""Off-topic detection on invented article sets: one stray report among a story's reports."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import storyfold
from storyfold.brief.compare.offtopic import MIN_ARTICLES, find_off_topic
from storyfold.brief.compare.offtopic_dates import find_off_topic_by_date, judge_by_date
from storyfold.brief.dates.pubdates import infer_publication_dates
from storyfold.brief.table import build_table
from storyfold.ingest import load_articles
from storyfold.model import Article, OffTopic
from storyfold.nlp import get_embedder
from storyfold.nlp.ner import find_spans
from storyfold.render.html import render_html
from storyfold.render.json import brief_to_dict
from storyfold.render.markdown import render_markdown
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


# Dated sets, all invented: the dam story's reports stamped with the day they were
# written, a report of a later event on the same topic (the county's repair vote three weeks
# on), and a follow-up ten days on that restates the spillway opening.
OPENING_DAY = "Published: March 4, 2024"
REPAIR_VOTE = (
    "Published: March 25, 2024\n\n"
    "Elmsford council approves dam repair after inspection finds cracks\n\n"
    "The Elmsford county council voted on Thursday to spend 6 million dollars repairing "
    "the reservoir dam, after inspectors found cracks in the concrete of its spillway.\n"
    "Work will start in July and the reservoir will be kept lower than usual until the "
    "autumn, the council's head of works, Tomas Begg, told the meeting.\n"
    "Two councillors voted against the plan, saying the county should first ask the state "
    "to share the cost.\n"
    "Fishing clubs that use the lake asked for the water level to be announced each week "
    "while the work goes on.\n"
)
# The repair vote with neither a stamp nor a weekday: nothing dates it.
UNDATED_VOTE = REPAIR_VOTE.split("\n\n", 1)[1].replace(" on Thursday", "")
FOLLOW_UP = (
    "Published: March 14, 2024\n\n"
    "Ten days on, Elmsford recalls the night the dam gates opened\n\n"
    "Engineers opened the spillway gates of the Elmsford reservoir dam after three days of "
    "heavy rain pushed the water to a record level, and the county has now said why.\n"
    "About 1,200 homes downstream were told by the county to prepare to leave.\n"
    '"We released the water in a controlled way so that nobody had to be surprised that '
    'night," county engineer Ruth Calder said.\n'
    "The river has since fallen back below its banks, and the schools that closed have "
    "reopened.\n"
)


def dated_story(folder: Path, stamp: str = OPENING_DAY) -> list[Path]:
    """The three dam reports of `story_dir`, each with a publication stamp on top."""
    return [
        write(folder.parent / "dated" / path.name, f"{stamp}\n\n{path.read_text(encoding='utf-8')}")
        for path in sorted(path for path in folder.iterdir())
    ]


def date_flags(
    paths: list[Path],
) -> tuple[tuple[Article, ...], tuple[OffTopic, ...], tuple[str, ...]]:
    articles = articles_of(paths)
    table = build_table(articles, get_embedder())
    publication = infer_publication_dates(articles)
    return (
        articles,
        find_off_topic_by_date(table, publication),
        tuple(str(p.date) for p in publication),
    )


def test_a_later_event_of_the_same_topic_is_flagged_by_date(
    story_dir: Path, tmp_path: Path
) -> None:
    vote = write(tmp_path / "elmsford_echo.txt", REPAIR_VOTE)
    story = dated_story(story_dir)
    articles, found, dates = date_flags([*story, vote])
    assert sorted(dates) == ["2024-03-04"] * 3 + ["2024-03-25"]
    # By content it is the same topic: the content rule alone leaves it in.
    assert find_off_topic(build_table(articles, get_embedder())) == ()
    assert [o.outlet for o in found] == ["elmsford_echo"]
    assert found[0].reason.startswith(
        "published 2024-03-25, 21 days after the other articles (2024-03-04): about a later event"
    )

    result = storyfold.brief(load_articles([*story, vote]))
    assert [o.outlet for o in result.comparison.off_topic] == ["elmsford_echo"]
    assert "about a later event" in result.comparison.off_topic[0].reason
    assert {r.outlet for line in result.summary for r in line.citations} == {
        "valley_post",
        "river_times",
        "county_wire",
    }
    assert not any("crack" in line.text for line in result.summary)
    assert all(m.outlet != "elmsford_echo" for q in result.quotes for m in q.mentions)
    assert not any("Begg" in e.name for e in result.entities)
    assert all(r.outlet != "elmsford_echo" for e in result.timeline.events for r in e.citations)
    # Its publication date is still shown with the sources.
    vote_id = next(a.id for a in articles if a.outlet == "elmsford_echo")
    shown = {p.article_id: str(p.date) for p in result.timeline.publication}
    assert shown[vote_id] == "2024-03-25"


def test_a_follow_up_restating_the_event_is_kept(story_dir: Path, tmp_path: Path) -> None:
    follow = write(tmp_path / "lake_news.txt", FOLLOW_UP)
    _, found, dates = date_flags([*dated_story(story_dir), follow])
    assert sorted(dates) == ["2024-03-04"] * 3 + ["2024-03-14"]  # ten days on: a candidate
    assert found == ()


def test_unknown_dates_never_flag(story_dir: Path, tmp_path: Path) -> None:
    # The same set as the flagged one, but the later report carries no date of its own.
    vote = write(tmp_path / "elmsford_echo.txt", UNDATED_VOTE)
    _, found, dates = date_flags([*dated_story(story_dir), vote])
    assert sorted(dates) == ["2024-03-04"] * 3 + ["None"]
    assert found == ()
    # Nor do undated stories: nothing to compare.
    undated = tmp_path / "undated"
    _, found, dates = date_flags(
        [write(undated / p.name, p.read_text(encoding="utf-8")) for p in story_dir.iterdir()]
        + [write(undated / "elmsford_echo.txt", UNDATED_VOTE)]
    )
    assert set(dates) == {"None"}
    assert found == ()


def test_two_dates_with_two_articles_each_flag_nothing(story_dir: Path, tmp_path: Path) -> None:
    early = dated_story(story_dir)[:2]
    later = [
        write(tmp_path / "elmsford_echo.txt", REPAIR_VOTE),
        write(
            tmp_path / "harbour_herald.txt",
            REPAIR_VOTE.replace("Two councillors voted", "A pair of councillors voted"),
        ),
    ]
    _, found, dates = date_flags([*early, *later])
    assert sorted(dates) == ["2024-03-04"] * 2 + ["2024-03-25"] * 2
    assert found == ()


def test_an_earlier_event_is_flagged_too(story_dir: Path, tmp_path: Path) -> None:
    vote = write(tmp_path / "elmsford_echo.txt", REPAIR_VOTE.replace("March 25", "February 12"))
    _, found, dates = date_flags([*dated_story(story_dir), vote])
    assert sorted(dates) == ["2024-02-12"] + ["2024-03-04"] * 3
    assert [o.outlet for o in found] == ["elmsford_echo"]
    assert found[0].reason.startswith(
        "published 2024-02-12, 21 days before the other articles (2024-03-04): "
        "about an earlier event"
    )


# Invented: what came next in the dam story, three weeks on: the same engineer, the same
# county and dam, a new development (the gates must be rebuilt), few restated facts.
LATER_DEVELOPMENT = (
    "Published: March 25, 2024\n\n"
    "Elmsford dam gates must be rebuilt, county engineer Ruth Calder says\n\n"
    "County engineer Ruth Calder told Elmsford councillors on Thursday that the spillway "
    "gates of the reservoir dam must be rebuilt before next winter.\n"
    '"The gates did their job, but they will not survive another season like this one," '
    "Calder said.\n"
    "Councillors will vote on the 3 million dollar plan in April, and the Elmsford valley "
    "schools asked to be told when the work starts.\n"
)
# Invented: another dam in another county, three weeks on: other actors altogether.
OTHER_DAM = (
    "Published: March 25, 2024\n\n"
    "Harlow reservoir dam to get new spillway gates\n\n"
    "Engineers in Harlow said on Thursday that the spillway gates of the Harlow reservoir dam "
    "will be replaced this summer.\n"
    '"Old gates are a risk we no longer take," Harlow works chief Simon Osei said.\n'
    "The Harlow valley trust will pay for the work.\n"
)


def test_a_later_development_is_kept_and_marked(story_dir: Path, tmp_path: Path) -> None:
    later = write(tmp_path / "lake_news.txt", LATER_DEVELOPMENT)
    paths = [*dated_story(story_dir), later]
    articles = articles_of(paths)
    table = build_table(articles, get_embedder())
    publication = infer_publication_dates(articles)
    judged = judge_by_date(table, publication, spans=find_spans(articles))
    assert judged.off_topic == ()
    assert [d.outlet for d in judged.later] == ["lake_news"]
    assert "calder" in judged.later[0].reason
    assert judged.later[0].reason.startswith(
        "published 2024-03-25, 21 days after the other articles (2024-03-04), about the same actors"
    )
    # Without spans nothing tells a later development from another event: set aside.
    assert [o.outlet for o in find_off_topic_by_date(table, publication)] == ["lake_news"]

    result = storyfold.brief(load_articles(paths))
    assert result.comparison.off_topic == ()
    marked = {a.outlet: a.later_development for a in result.articles}
    assert marked["lake_news"] is not None and "what came next" in marked["lake_news"]
    assert all(marked[o] is None for o in ("valley_post", "river_times", "county_wire"))
    # Its quote, its actors and its events stay in the brief.
    assert any(
        m.outlet == "lake_news" and "survive another season" in m.text
        for q in result.quotes
        for m in q.mentions
    )
    assert any(e.date == dt.date(2024, 3, 21) for e in result.timeline.events), [
        (e.date, e.text) for e in result.timeline.events
    ]
    data = brief_to_dict(result)
    assert any(a["later_development"] for a in data["articles"])
    assert "later development: " in render_markdown(result)
    page = render_html(result)
    assert '<div class="small later">later development: published 2024-03-25' in page
    assert page.count("★ key") == sum(e.key for e in result.timeline.events) > 0


def test_a_later_report_about_other_actors_is_set_aside(story_dir: Path, tmp_path: Path) -> None:
    other = write(tmp_path / "harlow_times.txt", OTHER_DAM)
    paths = [*dated_story(story_dir), other]
    articles = articles_of(paths)
    table = build_table(articles, get_embedder())
    publication = infer_publication_dates(articles)
    judged = judge_by_date(table, publication, spans=find_spans(articles))
    assert [o.outlet for o in judged.off_topic] == ["harlow_times"]
    assert judged.later == ()
    assert "about a later event" in judged.off_topic[0].reason
