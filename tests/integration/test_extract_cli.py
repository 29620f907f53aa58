"""`storyfold extract` run as the scorers and users run it: a real process, real files.

For every span with offsets, the input as given holds exactly the span's text there: a
JSONL line's "text", a plain file's characters, an HTML page's source."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

LINES = [
    {
        "id": "wire-1",
        "published": "2026-03-05",
        "text": (
            "PORT TOLLEN, March 3 (Harbor Wire) - The city closed the Tollen Bridge on "
            "Tuesday, Mayor Ada Brennick said.\n"
            '  "We will not reopen it until it is safe," Brennick told reporters.  \n'
            "Tollen Bay Ferries added two boats on Wednesday."
        ),
    },
    {"id": "broken"},
    {
        "id": "post-2",
        "title": "Crack closes bridge",
        "text": (
            "Crack closes bridge\n\nInspectors from the Tollen Highway Board found the crack "
            'in March 2026. "It is the worst we have seen," said Ivo Marr, the board\'s chief '
            "engineer."
        ),
    },
]

PLAIN = (
    "Tollen Bridge Stays Shut\n"
    "By Jo Vance\n"
    "\n"
    "The Tollen Bridge stayed shut on Thursday, and traffic backed up through Eastmarsh.\r\n"
    '"Drivers should plan for delays all week," said Ivo Marr, chief engineer of the '
    "Tollen Highway Board.\n"
)

PAGE = """<!doctype html>
<html><head><title>Ferries fill up as Tollen Bridge stays shut | Tollen Times</title>
<meta property="article:published_time" content="2026-03-06T08:00:00+00:00"></head>
<body><nav><a href="/">Home</a> <a href="/local">Local</a></nav>
<article><h1>Ferries fill up as Tollen Bridge stays shut</h1>
<p>Tollen Bay Ferries carried twice its usual riders on Thursday as the Tollen Bridge
stayed closed for a third day, the company said in a statement.</p>
<p>&ldquo;Every boat we have is on the water,&rdquo; said Rosa Vell, general manager of
Tollen Bay Ferries. Commuters from Eastmarsh lined up before dawn at the ferry landing.</p>
<p>The bridge, opened in May 1961, carries about 40,000 vehicles a day between downtown
Port Tollen and Eastmarsh, according to the <b>Tollen</b> Highway Board.</p>
</article><footer>Contact us</footer></body></html>
"""


def _extract(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "storyfold", "extract", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=300,
    )


def _check_offsets(line: dict[str, object], given: str) -> int:
    placed = 0
    for kind in ("quotes", "dates", "entities"):
        for span in line[kind]:  # type: ignore[attr-defined]
            if span["start"] is None:
                assert span["end"] is None and span["note"]
                continue
            assert given[span["start"] : span["end"]] == span["text"], span
            placed += 1
    return placed


def test_jsonl_gz_plain_and_html_inputs_with_exact_offsets(tmp_path: Path) -> None:
    jsonl = tmp_path / "in.jsonl.gz"
    with gzip.open(jsonl, "wt", encoding="utf-8") as fh:
        fh.write("".join(json.dumps(x) + "\n" for x in LINES))
    plain = tmp_path / "tollen.txt"
    plain.write_bytes(PLAIN.encode("utf-8"))
    page = tmp_path / "ferries.html"
    page.write_text(PAGE, encoding="utf-8")
    out = tmp_path / "out.jsonl"

    done = _extract(jsonl, plain, page, "-o", out)

    assert done.returncode == 0, done.stderr
    assert f"skipped {jsonl}:2: " in done.stderr
    assert "Traceback" not in done.stderr
    lines = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert [x["id"] for x in lines] == ["wire-1", "post-2", str(plain), str(page)]
    assert all(x["schema"] == "storyfold.extract/1" for x in lines)

    wire, post, from_plain, from_page = lines
    assert _check_offsets(wire, LINES[0]["text"]) >= 6  # type: ignore[arg-type]
    assert _check_offsets(post, LINES[2]["text"]) >= 3  # type: ignore[arg-type]
    assert _check_offsets(from_plain, PLAIN) >= 4
    assert from_page["offsets"] == "html-source"
    assert _check_offsets(from_page, PAGE) >= 6

    quote = next(q for q in wire["quotes"] if q["direct"])
    assert (quote["speaker"], quote["role"]) == ("Ada Brennick", "Mayor")
    assert {d["text"]: d["value"] for d in wire["dates"]}["on Tuesday"] == "2026-03-03"
    # The headline and the byline are not the article: nothing is found in them.
    assert all(e["start"] > PLAIN.index("By Jo Vance") for e in from_plain["entities"])
    assert not any(e["name"] == "Jo Vance" for e in from_plain["entities"])

    kinds = {e["name"]: e["kind"] for e in from_page["entities"]}
    assert kinds["Tollen Bay Ferries"] == "organisation"
    assert kinds["Rosa Vell"] == "person"
    assert from_page["published"] == {"value": "2026-03-06", "from": "metadata"}
    # A name with markup inside it in the page has no offsets, never wrong ones.
    board = [e for e in from_page["entities"] if e["text"].endswith("Highway Board")]
    assert board and all(e["start"] is None for e in board)
    rosa = next(q for q in from_page["quotes"] if q["direct"])
    assert rosa["speaker"] == "Rosa Vell"
    assert PAGE[rosa["start"] : rosa["end"]] == "Every boat we have is on the water"


def test_nothing_readable_is_an_error_naming_the_input(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": 1}\nnot json\n', encoding="utf-8")
    done = _extract(bad)
    assert done.returncode == 2
    assert f"skipped {bad}:1: " in done.stderr and f"skipped {bad}:2: " in done.stderr
    assert "no article could be read" in done.stderr
    assert done.stdout == ""
