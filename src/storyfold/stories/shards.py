"""Stories from a corpus too large for one stream: shards of days, joined by a lead-in.

The online clusterer is sequential: each article is placed against the stories before it.
A month of news split by time runs as many streams at once. Shard k holds the articles
whose time (publication, else first seen) falls in days [k*N, (k+1)*N) since the Unix
epoch; before them it reads, in the same clusterer, a read-only lead-in of the articles of
the H days before the shard. Each shard runs the unchanged `OnlineClusterer` in publication
order (time, then article id). A lead-in article sits in a story of its own shard and in a
story of the next: those two stories are one, and union-find over these links joins them.
Every article belongs to its own (home) shard's story, so each article is in exactly one
story. Articles with no time at all form one more shard, `UNDATED`, in id order.

The clusterer attracts nothing to a story whose last article is over
`cluster.TIME_WINDOW_DAYS` older, so a lead-in of that many days loses nothing the stream
would have used; shorter lead-ins trade a little agreement for less repeated work. How N
and H were chosen: `benchmarks/shard_agreement.py` (see `SHARD_DAYS`).

The Spark job (`storyfold.spark`) calls `shard_articles`, `cluster_shard`, `join_links`
and `name_stories` exactly as `sharded_stories` does here, so both give the same stories.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from storyfold.errors import InputError
from storyfold.model import Article
from storyfold.nlp.embeddings import Embedder
from storyfold.stories.cluster import ClusterSettings, OnlineClusterer
from storyfold.stories.dupgroups import UnionFind
from storyfold.stories.joiner import Joiner
from storyfold.stories.vectors import TermStatistics

# Measured with benchmarks/shard_agreement.py on the 1,000-cluster Multi-News val stream
# (2,277 articles) with synthetic publication times over 30 days, each cluster within 2
# days; B-cubed F1 of the sharded stories against the unsharded clusterer (which scored
# 0.9271 against the gold) / against the gold, and articles clustered (lead-ins again):
#   N=3:  H=0 0.920/0.877  H=2 0.974/0.933 (3,827)  H=3 0.974/0.930  H=7 0.978/0.927 (7,658)
#   N=7:  H=0 0.959/0.911  H=2 0.986/0.932 (2,898)  H=3 0.984/0.929  H=7 0.986/0.928 (4,554)
#   N=15: H=0 0.980/0.916  H=2 0.992/0.928 (2,512)  H=3 0.992/0.928  H=7 0.990/0.929 (3,299)
# A lead-in is what joins a story cut by a shard boundary (H=0 loses 2-8 points). N=7, H=2
# keeps agreement near 0.99 for 27% more clustering; longer shards agree a little more but
# a shard is one task, so N bounds an executor's memory (see storyfold.spark.stories).
SHARD_DAYS = 7
LEAD_IN_DAYS = 2
UNDATED = -1
# Articles per `add_many` call, as the store's pipeline batches them (the stories do not
# depend on it: only how often the embedder is called).
BATCH = 200
_DAY = 86400.0


def time_of(article: Article) -> float | None:
    """An article's place in time (POSIX seconds): published, else first seen (fetched)."""
    when = article.published or article.fetched
    if when is None:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.timestamp()


def order_key(article_id: str, time: float | None) -> tuple[float, str]:
    """Publication order: time first (undated last), then the article id."""
    return (math.inf if time is None else time, article_id)


def check_plan(shard_days: float, lead_in_days: float) -> None:
    if not shard_days > 0:
        raise InputError(f"shard days must be above 0, not {shard_days}", input="--shard-days")
    if not lead_in_days >= 0:
        raise InputError(
            f"lead-in days must be 0 or more, not {lead_in_days}", input="--lead-in-days"
        )


def home_shard(time: float | None, shard_days: float) -> int:
    if time is None:
        return UNDATED
    return math.floor(time / (shard_days * _DAY))


def lead_in_shards(time: float | None, shard_days: float, lead_in_days: float) -> list[int]:
    """The later shards whose lead-in holds an article of this time: those starting within
    `lead_in_days` after it."""
    if time is None or lead_in_days <= 0:
        return []
    shards = []
    k = home_shard(time, shard_days) + 1
    while k * shard_days * _DAY - lead_in_days * _DAY <= time:
        shards.append(k)
        k += 1
    return shards


@dataclass(frozen=True, slots=True)
class ShardMember:
    """Where one shard's clusterer put an article: a story local to the shard."""

    article_id: str
    shard: int
    story: str  # the clusterer's story id, unique within the shard
    lead_in: bool  # read in this shard's lead-in; its home is an earlier shard

    @property
    def node(self) -> str:
        return node(self.shard, self.story)


def node(shard: int, story: str) -> str:
    """A shard's story as one key for union-find."""
    return f"{shard}/{story}"


def shard_articles(
    articles: Iterable[Article], shard_days: float, lead_in_days: float
) -> dict[int, list[tuple[Article, bool]]]:
    """Each shard's articles with whether each is in its lead-in (unsorted)."""
    check_plan(shard_days, lead_in_days)
    shards: dict[int, list[tuple[Article, bool]]] = {}
    for article in articles:
        time = time_of(article)
        shards.setdefault(home_shard(time, shard_days), []).append((article, False))
        for k in lead_in_shards(time, shard_days, lead_in_days):
            shards.setdefault(k, []).append((article, True))
    return shards


def cluster_shard(
    shard: int,
    articles: Sequence[tuple[Article, bool]],
    settings: ClusterSettings | None = None,
    embedder: Embedder | None = None,
    *,
    joiner: Joiner | None = None,
    background: TermStatistics | None = None,
) -> list[ShardMember]:
    """Run one shard through a fresh `OnlineClusterer` in publication order (sorted here,
    so the order the articles came in never matters); each article's story at the end.
    `joiner` and `background` stand in for the shipped files (the Spark job's broadcasts)."""
    ordered = sorted(articles, key=lambda item: order_key(item[0].id, time_of(item[0])))
    statistics = None if background is None else TermStatistics(background=background)
    clusterer = OnlineClusterer(
        statistics=statistics, settings=settings, embedder=embedder, joiner=joiner
    )
    stream = [article for article, _ in ordered]
    assignments = []
    for start in range(0, len(stream), BATCH):
        assignments.extend(clusterer.add_many(stream[start : start + BATCH]))
    stories = [clusterer.story_now(assignment) for assignment in assignments]
    return [
        ShardMember(article.id, shard, story, lead_in)
        for (article, lead_in), story in zip(ordered, stories, strict=True)
    ]


def lead_in_links(members: Iterable[ShardMember]) -> set[tuple[str, str]]:
    """(lead-in node, home node) for every lead-in article: the stories to join."""
    home: dict[str, str] = {}
    lead: list[ShardMember] = []
    for member in members:
        if member.lead_in:
            lead.append(member)
        else:
            home[member.article_id] = member.node
    return {(member.node, home[member.article_id]) for member in lead}


def join_links(links: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Union-find over the links: each linked node with its component's least node (a node
    in no link is its own component)."""
    found = UnionFind()
    for first, second in sorted(links):
        found.union(first, second)
    return found.components()


def name_stories(
    homes: Iterable[tuple[str, str, float | None]], roots: dict[str, str]
) -> dict[str, str]:
    """Each article's final story id from (article id, home node, time): a component is
    named "s-" + the id of its earliest article, as the online clusterer names a story
    after the article that started it."""
    component: dict[str, str] = {}
    first: dict[str, tuple[float, str]] = {}
    for article_id, home, time in homes:
        root = roots.get(home, home)
        component[article_id] = root
        key = order_key(article_id, time)
        if root not in first or key < first[root]:
            first[root] = key
    return {article_id: f"s-{first[root][1]}" for article_id, root in component.items()}


def sharded_stories(
    articles: Sequence[Article],
    shard_days: float = SHARD_DAYS,
    lead_in_days: float = LEAD_IN_DAYS,
    settings: ClusterSettings | None = None,
    embedder: Embedder | None = None,
) -> dict[str, str]:
    """Each article's story id (by article id) under shards of `shard_days` days with a
    lead-in of `lead_in_days`. The articles must be cleaned, with distinct ids (drop
    duplicates first); the result does not depend on their order."""
    ids = [article.id for article in articles]
    if len(set(ids)) != len(ids):
        raise InputError("the same article id twice: drop duplicates first", input="shards")
    members: list[ShardMember] = []
    for shard, chosen in sorted(shard_articles(articles, shard_days, lead_in_days).items()):
        members.extend(cluster_shard(shard, chosen, settings, embedder))
    roots = join_links(lead_in_links(members))
    times = {article.id: time_of(article) for article in articles}
    homes = [(m.article_id, m.node, times[m.article_id]) for m in members if not m.lead_in]
    return name_stories(homes, roots)


def as_datetime(time: float | None) -> datetime | None:
    return None if time is None else datetime.fromtimestamp(time, tz=UTC)
