"""Generated inputs for the fuzz tests: good invented articles, and bad inputs of every kind
a batch can meet (bytes, encodings, JSON shapes and depths, dates, sizes, file kinds), each
with what must happen to it."""

from __future__ import annotations

import json
import os
import random
import socket
from dataclasses import dataclass
from pathlib import Path

from hypothesis import strategies as st

# Invented words for invented articles (as in tests/integration/test_ingest_kill.py): each
# article draws its own, so no two good articles are near copies of each other.
_SYLLABLES = ["ka", "lo", "mer", "tan", "vi", "dro", "sel", "pa", "quin", "ru", "to", "bel"]


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3)))


def good_text(seed: int) -> tuple[str, str]:
    """(title, body) of an invented article that survives cleaning."""
    rng = random.Random(seed)
    place = _word(rng).capitalize()
    sentences = [
        f"Officials in {place} said the {' '.join(_word(rng) for _ in range(12))}."
        for _ in range(5)
    ]
    return f"Report {seed} from {place}", " ".join(sentences)


@dataclass(frozen=True)
class Item:
    """One input of a batch: its file name, how to make it, and what must happen to it."""

    name: str
    kind: str  # "good", "bad" (must be reported skipped), "any" (read or reported)
    payload: bytes | str | None  # file content; None for special kinds
    special: str | None = None  # "fifo", "socket", "loop", "broken-link", "empty-dir"
    published: object = None  # for good JSONL items: a date value, usable or not


def make(folder: Path, item: Item) -> Path:
    path = folder / item.name
    if item.special == "fifo":
        os.mkfifo(path)
    elif item.special == "socket":
        sock = socket.socket(socket.AF_UNIX)
        sock.bind(str(path))
        sock.close()
    elif item.special == "loop":
        os.symlink(path.name + ".b", path)
        os.symlink(path.name, folder / (path.name + ".b"))
    elif item.special == "broken-link":
        os.symlink("nowhere-" + path.name, path)
    elif item.special == "empty-dir":
        path.mkdir()
    elif isinstance(item.payload, bytes):
        path.write_bytes(item.payload)
    else:
        assert item.payload is not None
        path.write_text(item.payload, encoding="utf-8")
    return path


# JSON of any shape, nested a little.
_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)
# Dates as exports write them, from fine to hostile.
BAD_DATES = st.sampled_from(
    [
        "0001-01-01T00:00:00+05:00",
        "9999-12-31T23:59:59Z",
        "9999-12-31T23:59:59-05:00",
        "1799-12-31",
        "not a date",
        "",
        1e300,
        -1,
        ["2015-01-01"],
        {"year": 2015},
        "2999-01-01",
        "2015-13-45",
    ]
)
ANY_DATE = BAD_DATES | st.sampled_from(["1900-01-01", "2015-03-12T10:00:00+02:00", None])


@st.composite
def bad_item(draw: st.DrawFn, index: int) -> Item:
    """A bad input: one that must be reported (kind "bad") or, for bytes that might still
    be text, read or reported (kind "any")."""
    name = f"bad{index}"
    choice = draw(st.integers(0, 11))
    if choice == 0:
        return Item(name + ".txt", "bad", b"\x00\x01" + draw(st.binary(max_size=200)))
    if choice == 1:
        return Item(name + ".txt", "bad", draw(st.sampled_from(["", "   \n\t\n", "\n" * 50])))
    if choice == 2:
        return Item(name + ".txt", "any", draw(st.binary(min_size=1, max_size=400)))
    if choice == 3:
        encoding = draw(st.sampled_from(["utf-16", "utf-32", "latin-1", "cp1252", "shift_jis"]))
        text = draw(st.text(max_size=200))
        try:
            data = text.encode(encoding)
        except UnicodeEncodeError:
            data = text.encode("utf-8", "replace")
        return Item(name + ".txt", "any", data)
    if choice == 4:
        depth = draw(st.integers(2_000, 60_000))
        return Item(name + ".jsonl", "bad", "[" * depth + "\n")
    if choice == 5:
        value = draw(_JSON.filter(lambda v: not isinstance(v, dict)))
        return Item(name + ".jsonl", "bad", json.dumps(value) + "\n")
    if choice == 6:
        return Item(name + ".jsonl", "bad", draw(st.sampled_from(["{", "{'a': 1}", "[1,"])) + "\n")
    if choice == 7:
        return Item(name + ".html", "bad", "<html><body><p>" + "short " * 5 + "</p></body></html>")
    if choice == 8:
        special = draw(st.sampled_from(["fifo", "socket", "loop", "broken-link", "empty-dir"]))
        return Item(name, "bad", None, special=special)
    if choice == 9:
        # A file of one very long line: read (cut and split, with notes), never a hang.
        _, body = good_text(10_000 + index)
        repeat = draw(st.integers(1, 2))  # 0.3-0.6 MB: past the article cap
        return Item(name + ".txt", "any", ((body + " ") * 600 * repeat).replace("\n", " "))
    if choice == 10:
        shape = draw(_JSON)
        return Item(name + ".jsonl", "any", json.dumps({"text": shape, "published": shape}) + "\n")
    return Item(name + ".html", "any", draw(st.text(max_size=300)))


@st.composite
def batches(draw: st.DrawFn, max_good: int = 3, max_bad: int = 5) -> list[Item]:
    """A shuffled batch of good articles (plain text or JSONL, with any date) and bad inputs."""
    seed = draw(st.integers(0, 10**6))
    items: list[Item] = []
    for i in range(draw(st.integers(1, max_good))):
        title, body = good_text(seed + i)
        if draw(st.booleans()):
            items.append(Item(f"good{i}.txt", "good", f"{title}\n\n{body}\n"))
        else:
            published = draw(ANY_DATE)
            record = {"title": title, "text": body, "published": published}
            items.append(
                Item(f"good{i}.jsonl", "good", json.dumps(record) + "\n", published=published)
            )
    items.extend(draw(bad_item(i)) for i in range(draw(st.integers(1, max_bad))))
    return draw(st.permutations(items))


def source_of(path: Path, item: Item) -> str:
    """The ``source`` a good item's article carries."""
    return f"{path}:1" if item.name.endswith(".jsonl") else str(path)
