"""Invented stories told by several outlets in their own words, with publication times
(written for storyfold), for the sharded clustering and Spark tests."""

from __future__ import annotations

# Invented stories, each told by several outlets in their own words (written for storyfold).
TOLD = {
    "bridge": (
        "2026-01-02",
        [
            "The Kestrel river bridge in Ambleton was closed to traffic on {day} after divers "
            "found a crack in one of its stone piers during a routine inspection.",
            "County engineers said the crack was wider than expected and that lorries and cars "
            "would be sent over the old ford road until the pier is braced.",
            "Shop owners on the high street said the closure cut the number of customers "
            "sharply, and the council promised a temporary footbridge within a fortnight.",
            "Engineer Mara Tolland said repairs could take three months if the weather allowed "
            "work below the waterline to go on through the winter.",
        ],
    ),
    "choir": (
        "2026-01-05",
        [
            "A youth choir from the mining town of Dunmere won the national choral contest on "
            "{day}, beating forty other choirs with a programme of old work songs.",
            "The forty singers, aged twelve to eighteen, had raised money for the trip by "
            "singing outside the Dunmere market every Saturday for a year.",
            "Conductor Alys Prenn said the judges praised the choir's blend and its choice of "
            "songs that the town's miners once sang underground.",
            "The choir will record an album in the spring and has been invited to sing at the "
            "opening of the new concert hall in the capital.",
        ],
    ),
    "quarry": (
        "2026-01-11",
        [
            "Residents of Hollin Green protested on {day} against plans to extend the limestone "
            "quarry on the edge of the village by another forty hectares.",
            "The quarry company says the extension would keep ninety people in work for twenty "
            "more years and that blasting would be limited to weekday afternoons.",
            "Villagers fear dust, heavy lorries on narrow lanes and cracks in old cottages, and "
            "more than six hundred objections have been sent to the planning office.",
            "Planning officer Bram Oyelaran said a decision is expected in March after an "
            "independent study of noise and water levels.",
        ],
    ),
}
OPENINGS = ("Reported by our staff.", "From our correspondent.", "News desk.", "Local news.")
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday")


def report(story: str, k: int) -> tuple[str, str, str]:
    """The k-th outlet's report of a story: its own opening, three of the four facts (so
    two reports share about half their word runs: not near-duplicates) in its own order."""
    date, sentences = TOLD[story]
    order = sentences[k % 4 :] + sentences[: k % 4]
    order = order[:3]
    body = " ".join(s.format(day=DAYS[k % 4]) for s in order)
    day = int(date[-2:]) + k % 3  # reports over three days: some straddle a shard boundary
    return f"{OPENINGS[k % 4]} {body}", f"{date[:-2]}{day:02d}T{8 + k:02d}:00:00Z", story
