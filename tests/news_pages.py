"""Invented news pages and feeds for the fetch, feed and WARC tests (written for storyfold)."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape


@dataclass(frozen=True)
class Story:
    slug: str
    title: str
    site: str
    published: str  # ISO 8601, as the page's meta tag gives it
    paragraphs: tuple[str, ...]


STORIES = (
    Story(
        "ferry",
        "Harbor ferry returns to service after engine repairs",
        "The Lakeside Courier",
        "2026-04-02T07:30:00+00:00",
        (
            "The Port Wren harbor ferry carried its first passengers in three weeks on Tuesday "
            "morning after mechanics replaced a cracked engine mount found during an inspection.",
            "About 400 commuters a day rely on the crossing, and the town ran replacement buses "
            "around the bay while the vessel was out of the water.",
            '"We would rather lose three weeks than take a risk with the engine," said harbor '
            "master Idris Fenn, who thanked passengers for their patience.",
            "The operator said the timetable will return to its full summer schedule next month "
            "once a second crew has finished its training.",
        ),
    ),
    Story(
        "orchard",
        "Late frost damages half of valley apple blossom",
        "Valley Farm Weekly",
        "2026-04-05T18:00:00+00:00",
        (
            "Growers in the Marrow Valley said a late frost on Sunday night destroyed about half "
            "of the apple blossom in the lower orchards, where cold air settles before dawn.",
            "Several farms ran wind machines and lit small heaters between the rows, which saved "
            "most of the trees on the higher slopes, according to the growers' association.",
            '"The upper orchards look fine, the lower ones are brown," said grower Lotte Ambry, '
            "whose family has farmed the valley for four generations.",
            "The association expects a smaller harvest in September and has asked the county for "
            "help with the cost of the frost protection that was used.",
        ),
    ),
    Story(
        "library",
        "City library reopens with a rebuilt reading room",
        "Northgate Evening Post",
        "2026-04-07T12:15:00+00:00",
        (
            "The Northgate central library reopened on Monday after an eighteen-month renovation "
            "that rebuilt its reading room and replaced a leaking glass roof.",
            "Visitors queued before the doors opened, and staff said more than two thousand people "
            "came through in the first four hours of the day.",
            '"People kept asking when they could come back, so today feels like a homecoming," '
            "head librarian Saoirse Quill said at the opening.",
            "The renovation cost 6 million pounds, most of it paid by a city bond that voters "
            "approved three years ago, and it came in slightly under budget.",
        ),
    ),
)


def page_html(story: Story, *, with_date: bool = True) -> str:
    date_tag = (
        f'<meta property="article:published_time" content="{story.published}">' if with_date else ""
    )
    body = "\n".join(f"<p>{escape(p)}</p>" for p in story.paragraphs)
    return f"""<!doctype html>
<html><head>
<meta charset="utf-8">
<title>{escape(story.title)} | {escape(story.site)}</title>
<meta property="og:site_name" content="{escape(story.site)}">
<meta property="og:title" content="{escape(story.title)}">
{date_tag}
</head><body>
<nav><a href="/">Home</a> <a href="/local">Local</a></nav>
<article><h1>{escape(story.title)}</h1>
{body}
</article>
<footer>Copyright the publisher</footer>
</body></html>
"""


def page_bytes(story: Story, *, with_date: bool = True) -> bytes:
    return page_html(story, with_date=with_date).encode("utf-8")


def rss(base_url: str, items: list[tuple[str, str, str]], title: str = "Lakeside news") -> bytes:
    """RSS 2.0 with items (guid, path, RFC 822 date)."""
    entries = "\n".join(
        f"""<item><title>Item {escape(guid)}</title><link>{base_url}{path}</link>
<guid isPermaLink="false">{escape(guid)}</guid><pubDate>{date}</pubDate>
<description>A short summary.</description></item>"""
        for guid, path, date in items
    )
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>{escape(title)}</title><link>{base_url}/</link>
<description>Invented test feed</description>
{entries}
</channel></rss>
""".encode()


def atom(base_url: str, items: list[tuple[str, str, str]], title: str = "Valley news") -> bytes:
    """Atom 1.0 with entries (id, path, RFC 3339 date)."""
    entries = "\n".join(
        f"""<entry><title>Entry {escape(entry_id)}</title>
<link rel="alternate" href="{base_url}{path}"/><id>{escape(entry_id)}</id>
<updated>{date}</updated><summary>A short summary.</summary></entry>"""
        for entry_id, path, date in items
    )
    return f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>{escape(title)}</title>
<id>urn:storyfold:test:{escape(title)}</id><updated>2026-04-07T12:00:00Z</updated>
{entries}
</feed>
""".encode()
