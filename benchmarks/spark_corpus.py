"""A generated news corpus for the Spark benchmark: invented stories from templates written
for storyfold, told by several outlets each, as gzipped WARC files of HTML pages.

Cheap and deterministic (one seeded `random.Random`: the same arguments give the same
pages; only the WARC record ids differ): 50,000 pages (52 MiB) take about a minute to
write. Each story is an event of one of the kinds below with its own invented place,
people, organisation and numbers; each outlet tells it with its own opening, four to six of
the story's facts and four to seven lines of background in its own order, and a line of its
own (about 145 words a report), so reports of one story share words without being copies.
About 2% of pages are syndicated copies (a wire text with a sign-off: near-duplicates) and
1% are the same text at a mirror URL (exact copies), so the dedup stage has work. Stories'
first reports are spread over `SPAN_DAYS` days and each story's reports over two days.
Stories of one kind share sentence frames, so the clusterer joins some of them (B-cubed
precision about 0.73 against the generated stories on one machine): a corpus for
throughput, not for judging stories.
"""

from __future__ import annotations

import io
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from html import escape
from pathlib import Path
from typing import Any

START = datetime(2026, 3, 2, tzinfo=UTC)
SPAN_DAYS = 30
PAGES_PER_FILE = 250  # one task per WARC file: small files spread a small corpus too
OUTLETS = 60

_SYLLABLES = [
    "am",
    "bel",
    "cor",
    "dun",
    "el",
    "fen",
    "gar",
    "hol",
    "ist",
    "kel",
    "lin",
    "mor",
    "nar",
    "ost",
    "pel",
    "quen",
    "ros",
    "sel",
    "tam",
    "ul",
    "ver",
    "wick",
    "yar",
    "zen",
    "bro",
    "cal",
    "dra",
    "fal",
    "gil",
    "hest",
]
_ENDINGS = ("ton", "ford", "mere", "by", "wick", "stead", "ham", "bridge", "field", "moor")
_FIRST = [
    "Mara",
    "Alys",
    "Bram",
    "Ines",
    "Tobin",
    "Ruth",
    "Elias",
    "Nadia",
    "Oren",
    "Petra",
    "Silas",
    "Wren",
    "Idris",
    "Lena",
    "Cato",
    "Mira",
    "Jonas",
    "Tess",
    "Anwar",
    "Freya",
    "Hugo",
    "Leila",
    "Rafe",
    "Sana",
]
_ROLES = ("mayor", "spokeswoman", "spokesman", "chief engineer", "director", "head teacher")
_ORGS = ("council", "water board", "rail company", "hospital trust", "port authority", "college")
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

# Each kind: a headline and eight facts. Slots: {place} {person} {role} {org} {n} {m} {day}.
KINDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "flood": (
        "Floods close roads in {place}",
        (
            "Heavy rain flooded the centre of {place} on {day}, closing {n} roads and the "
            "main bridge over the river.",
            "The {org} said {m} homes had water in their ground floors by the evening.",
            "{person}, the {role}, said pumps had been brought in from three nearby towns.",
            "Schools in {place} stayed closed and buses were sent on long detours.",
            "Forecasters expect more rain at the weekend, and sandbags are being handed out "
            "at the market hall.",
            "Residents said the water rose faster than during the last flood eleven years ago.",
            "The {org} promised a review of the drains under the old town.",
            "Volunteers opened the sports hall for families who had to leave their homes.",
        ),
    ),
    "strike": (
        "Workers at {place} {org} walk out",
        (
            "About {n} workers at the {org} in {place} began a strike on {day} over pay and "
            "working hours.",
            "The union says wages have fallen behind prices for {m} months in a row.",
            "{person}, the {role}, called the strike regrettable and asked for talks.",
            "Services in {place} ran at less than half their usual level.",
            "Pickets gathered at the main gate from six in the morning, singing and waving flags.",
            "Both sides said they were ready to meet a mediator before the end of the week.",
            "Local businesses said the walkout had already cost them customers.",
            "The last strike at the {org} lasted nine days and ended with a two-year deal.",
        ),
    ),
    "fire": (
        "Fire destroys warehouse in {place}",
        (
            "A fire destroyed a timber warehouse on the edge of {place} late on {day}.",
            "{n} firefighters worked through the night to stop the flames reaching nearby houses.",
            "Nobody was hurt, but {m} families were moved to a school hall as a precaution.",
            "{person}, the {role}, said the cause of the fire was not yet known.",
            "Smoke could be seen from the motorway, and drivers were told to keep windows shut.",
            "The owner said the warehouse held a season's stock of fencing and roof beams.",
            "Investigators from the {org} will examine the site once it has cooled.",
            "Neighbours said they heard a series of loud bangs before the roof fell in.",
        ),
    ),
    "school": (
        "New school opens in {place}",
        (
            "A new primary school opened its doors in {place} on {day} to {n} pupils.",
            "The building cost {m} million and took two years to finish.",
            "{person}, the {role}, said the school would end years of crowded classrooms.",
            "Parents had campaigned for the school since the old one was closed for repairs.",
            "The school has a library, a garden and solar panels on its roof.",
            "Teachers said the first morning went smoothly apart from a queue at the gate.",
            "The {org} plans a second school on the north side of {place}.",
            "Children planted a tree in the playground to mark the opening.",
        ),
    ),
    "election": (
        "{person} wins {place} vote",
        (
            "{person} won the election for {role} of {place} on {day} with {n} votes.",
            "Turnout was {m} percent, higher than at the last election.",
            "The new {role} promised to repair roads and reopen the public baths.",
            "Two rival candidates conceded defeat before midnight.",
            "Counting at the town hall was delayed for an hour by a recount in one ward.",
            "Supporters celebrated in the square outside the {org} offices.",
            "The outgoing {role} wished the winner luck and said the town was in good hands.",
            "The result will be confirmed at a council meeting next week.",
        ),
    ),
    "rescue": (
        "Climbers rescued near {place}",
        (
            "Rescuers brought {n} climbers down from the hills above {place} on {day}.",
            "The group had been caught by fog and snow on a narrow ridge.",
            "{person}, the {role} of the rescue team, said the climbers were cold but unhurt.",
            "A helicopter could not fly in the fog, so the team walked up on foot.",
            "The rescue took {m} hours and ended shortly before dawn.",
            "The {org} warned walkers to check the forecast before setting out.",
            "One climber said the group had followed the marked path until the fog came down.",
            "It was the third rescue on the ridge this winter.",
        ),
    ),
    "factory": (
        "Factory to close in {place}",
        (
            "The biscuit factory in {place} will close next year, its owners said on {day}.",
            "About {n} people work at the factory, the town's largest employer.",
            "{person}, the {role}, called the decision a heavy blow for the whole valley.",
            "The owners said production would move to a larger plant abroad.",
            "Unions asked the {org} to help find a buyer for the site.",
            "The factory has made biscuits in {place} for {m} years.",
            "Workers learned of the closure at a meeting on the factory floor.",
            "Shops near the factory fear they will lose most of their trade.",
        ),
    ),
    "festival": (
        "Festival draws crowds to {place}",
        (
            "More than {n} visitors came to {place} on {day} for the first day of its music "
            "festival.",
            "Bands played on three stages set up in the park beside the river.",
            "{person}, the {role}, said hotels in the town were fully booked.",
            "The festival began {m} years ago as a single concert in a church hall.",
            "Police said the crowds were good-natured and only two arrests were made.",
            "Food stalls ran out of bread by the middle of the afternoon.",
            "The {org} laid on extra trains to bring visitors home at night.",
            "Organisers hope to add a fourth stage next summer.",
        ),
    ),
}
_OPENINGS = (
    "From our correspondent.",
    "News desk.",
    "Reported by our staff.",
    "Local news.",
    "Regional report.",
    "Updated this morning.",
)
# Background any report of a story may add (with the story's own names), so that reports
# run to about 145 words, as short news items do.
_BACKGROUND = (
    "{place} is a market town of about {n}0 people on the edge of the {hills} hills.",
    "The town grew up around a crossing of the river {river} and a weekly cattle market.",
    "The {org} of {place} has faced criticism from {person2} over its spending.",
    "{person} has held the post of {role} in {place} since the spring of last year.",
    "Councillor {person2} said the matter would be raised at the next meeting in {place}.",
    "The {works} works on {street} Street is the largest employer in {place}.",
    "Many families in {place} and nearby {village} have lived there for generations.",
    "The weather around the {hills} hills has been unusually wet for the time of year.",
    "A petition started by {person2} has gathered {m}0 signatures in {place} and {village}.",
    "{street} Street in {place} was rebuilt after a fire more than a century ago.",
    "Officials from the {org} in {place} declined to comment further on {day} evening.",
    "The {river} valley paper has followed the story in {place} closely since it began.",
)
_OWN_LINES = (
    "Our reporter spoke to people in the town centre.",
    "This report will be updated as more becomes known.",
    "Readers can send pictures to our news desk.",
    "The story was first reported on our regional page.",
    "More details are expected later today.",
)


@dataclass(frozen=True)
class Story:
    number: int
    kind: str
    slots: dict[str, str]
    start: datetime
    size: int


@dataclass(frozen=True)
class Page:
    url: str
    title: str
    text: str
    published: datetime
    outlet: str


def _place(rng: random.Random) -> str:
    return (rng.choice(_SYLLABLES) + rng.choice(_SYLLABLES) + rng.choice(_ENDINGS)).capitalize()


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()


def _story(number: int, rng: random.Random) -> Story:
    kind = rng.choice(sorted(KINDS))
    surname = (rng.choice(_SYLLABLES) + rng.choice(_SYLLABLES)).capitalize()
    slots = {
        "place": _place(rng),
        "village": _place(rng),
        "hills": _word(rng),
        "river": _word(rng),
        "works": _word(rng),
        "street": _word(rng),
        "person2": f"{rng.choice(_FIRST)} {_word(rng)}",
        "person": f"{rng.choice(_FIRST)} {surname}",
        "role": rng.choice(_ROLES),
        "org": rng.choice(_ORGS),
        "n": str(rng.randint(12, 4000)),
        "m": str(rng.randint(2, 90)),
        "day": rng.choice(_DAYS),
    }
    start = START + timedelta(days=rng.uniform(0, SPAN_DAYS - 2))
    # One to twelve reports, five on average: a few big stories, many small ones.
    size = min(12, 1 + int(rng.expovariate(1 / 4)))
    return Story(number, kind, slots, start, size)


# Common nouns of the facts given the story's own names, so that two stories of one kind
# share their sentence frames but few of their words (as two floods in two towns do).
_OWN_NOUNS = (
    ("the town's", "{place}'s"),
    ("the town", "{place}"),
    ("the river", "the {river}"),
    ("the park", "{street} park"),
    ("the site", "the {works} site"),
    ("the hills", "the {hills} hills"),
    ("the valley", "the {river} valley"),
    ("the main gate", "the {street} gate"),
    ("the market hall", "the {works} hall"),
    ("the factory", "the {works} factory"),
    ("the warehouse", "the {works} warehouse"),
    ("the school", "the {street} school"),
    ("the festival", "the {hills} festival"),
    ("the ridge", "{hills} ridge"),
    ("the union", "the {works} union"),
)


def _own(fact: str) -> str:
    for common, own in _OWN_NOUNS:
        fact = fact.replace(common, own).replace(common.capitalize(), own[0].upper() + own[1:])
    return fact


def _report(story: Story, k: int, rng: random.Random) -> Page:
    headline, facts = KINDS[story.kind]
    outlet = rng.randrange(OUTLETS)
    chosen = rng.sample(range(len(facts)), rng.randint(4, 6))
    body = [_own(facts[i]).format(**story.slots) for i in chosen]
    for i in rng.sample(range(len(_BACKGROUND)), rng.randint(4, 7)):
        body.insert(rng.randint(1, len(body)), _BACKGROUND[i].format(**story.slots))
    body.insert(rng.randint(1, len(body)), rng.choice(_OWN_LINES))
    text = " ".join([rng.choice(_OPENINGS), *body])
    published = story.start + timedelta(hours=rng.uniform(0, 48))
    return Page(
        url=f"https://outlet{outlet}.example/{story.kind}/{story.number}-{k}",
        title=headline.format(**story.slots),
        text=text,
        published=published,
        outlet=f"Outlet {outlet}",
    )


def pages(count: int, seed: int = 15) -> Iterator[Page]:
    """`count` pages: stories' reports, with some syndicated and mirrored copies."""
    rng = random.Random(seed)
    made = 0
    number = 0
    while made < count:
        story = _story(number, rng)
        number += 1
        for k in range(story.size):
            if made >= count:
                return
            page = _report(story, k, rng)
            yield page
            made += 1
            roll = rng.random()
            if roll < 0.02 and made < count:  # a wire copy with its own sign-off
                yield Page(
                    url=f"https://wire{k % 5}.example/{story.number}-{k}",
                    title=page.title,
                    text=page.text + " Copyright the wire service, all rights reserved.",
                    published=page.published + timedelta(minutes=40),
                    outlet=f"Wire {k % 5}",
                )
                made += 1
            elif roll < 0.03 and made < count:  # the same text at a mirror
                yield Page(
                    url=f"https://mirror.example/{story.number}-{k}",
                    title=page.title,
                    text=page.text,
                    published=page.published + timedelta(hours=2),
                    outlet="Mirror",
                )
                made += 1


def html(page: Page) -> bytes:
    sentences = page.text.split(". ")
    paragraphs = "".join(
        f"<p>{escape('. '.join(sentences[i : i + 2]).strip())}"
        f"{'' if i + 2 >= len(sentences) else '.'}</p>"
        for i in range(0, len(sentences), 2)
    )
    return (
        "<html><head><meta charset='utf-8'>"
        f"<title>{escape(page.title)} | {escape(page.outlet)}</title>"
        f"<meta property='og:site_name' content='{escape(page.outlet)}'>"
        f"<meta property='article:published_time' content='{page.published.isoformat()}'>"
        "</head><body><nav><a href='/'>Home</a> | <a href='/world'>World</a> | "
        "<a href='/business'>Business</a></nav><main><article>"
        f"<h1>{escape(page.title)}</h1>{paragraphs}</article></main>"
        "<aside>Most read: weather, sport, letters</aside>"
        "<footer>Contact us | Terms | Privacy</footer></body></html>"
    ).encode()


def write_corpus(folder: Path, articles: int, seed: int = 15) -> list[Path]:
    """Gzipped WARC files of `articles` pages under `folder`; reused when a previous call
    with the same arguments finished (a marker file names them)."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    marker = folder / f"done-{articles}-{seed}"
    if marker.exists():
        return sorted(folder.glob("*.warc.gz"))
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.iterdir():
        old.unlink()
    files: list[Path] = []
    handle: Any = None
    writer: Any = None
    for i, page in enumerate(pages(articles, seed)):
        if i % PAGES_PER_FILE == 0:
            if handle is not None:
                handle.close()
            files.append(folder / f"news-{len(files):04d}.warc.gz")
            handle = files[-1].open("wb")
            writer = WARCWriter(handle, gzip=True)
        headers = StatusAndHeaders(
            "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
        )
        fetched = page.published + timedelta(hours=3)
        record = writer.create_warc_record(
            page.url,
            "response",
            payload=io.BytesIO(html(page)),
            http_headers=headers,
            warc_headers_dict={"WARC-Date": fetched.strftime("%Y-%m-%dT%H:%M:%SZ")},
        )
        writer.write_record(record)
    if handle is not None:
        handle.close()
    marker.write_text("ok\n", encoding="utf-8")
    return files
