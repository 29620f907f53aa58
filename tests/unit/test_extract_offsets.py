"""Offsets from the clean text back to the text as given, and into an HTML page's source."""

from __future__ import annotations

from storyfold.extract.html_source import HtmlPlacer
from storyfold.text import clean_text
from storyfold.text.offsets import map_clean_text

GIVEN = (
    "Skip to main content\n"
    "   Crews in Carrowmore went back to work on Tuesday.   \n"
    "\n"
    '\t"We have a deal," Nora Quill said.\r\n'
    "Share this article\n"
    "The Harbour Authority said the walkout cost 2 million.\n"
)


def _map(given: str) -> tuple[str, object]:
    result = clean_text(given)
    removed = [r.line for r in result.removed]
    return result.text, map_clean_text(given, result.text, removed_lines=removed)


def test_every_clean_span_maps_to_the_same_characters_as_given() -> None:
    clean, mapping = _map(GIVEN)
    assert "Skip to main content" not in clean and "Share this" not in clean
    for word in ("Carrowmore", "Tuesday", "We have a deal", "Nora Quill", "2 million"):
        start = clean.index(word)
        placed = mapping.span(start, start + len(word))  # type: ignore[attr-defined]
        assert placed is not None
        assert GIVEN[placed[0] : placed[1]] == word
        assert placed == (GIVEN.index(word), GIVEN.index(word) + len(word))


def test_a_span_across_lines_has_no_exact_place_but_a_range() -> None:
    clean, mapping = _map(GIVEN)
    start, end = clean.index("Tuesday"), clean.index("We have") + 2
    assert mapping.span(start, end) is None  # type: ignore[attr-defined]
    placed = mapping.range(start, end)  # type: ignore[attr-defined]
    assert placed is not None
    assert GIVEN[placed[0] : placed[1]].startswith("Tuesday")
    assert GIVEN[placed[0] : placed[1]].endswith("We")


def test_a_line_cleaning_did_not_keep_as_given_is_left_unmapped() -> None:
    clean = "A line that is not in the given text.\nThe Harbour Authority met."
    mapping = map_clean_text("The Harbour Authority met.\n", clean)
    assert mapping.span(0, 6) is None
    start = clean.index("Harbour")
    assert mapping.span(start, start + 7) == (4, 11)


def test_lines_split_as_a_plain_file_reader_splits_them() -> None:
    given = "First line here.\rSecond line, with Nora Quill.\u2028Third."
    clean = "First line here.\nSecond line, with Nora Quill.\nThird."
    mapping = map_clean_text(given, clean, splitlines=True)
    start = clean.index("Nora")
    placed = mapping.span(start, start + 10)
    assert placed is not None and given[placed[0] : placed[1]] == "Nora Quill"


PAGE = """<!doctype html><html><head><title>Nora Quill says deal is done</title>
<script>var s = "Nora Quill";</script></head>
<body><nav>Home | News</nav>
<article><p>Crews in   Carrowmore went back
to work, <em>union leader</em> Nora Quill said.</p>
<p>The deal was struck with AT&amp;T Ferries and the <b>Harbour</b> Authority.</p></article>
</body></html>"""


def test_spans_are_placed_in_the_html_source_only_when_they_read_the_same() -> None:
    extracted = (
        "Crews in Carrowmore went back to work, union leader Nora Quill said.\n"
        "The deal was struck with AT&T Ferries and the Harbour Authority."
    )
    placer = HtmlPlacer(PAGE)
    second = extracted.index("\n") + 1
    placer.place_line(0, extracted[: second - 1])
    placer.place_line(second, extracted[second:])

    def place(word: str) -> tuple[int, int] | None:
        start = extracted.index(word)
        line = 0 if start < second else second
        return placer.span(line, start, start + len(word), word)

    for word in ("Nora Quill", "Carrowmore", "union leader", "Ferries"):
        placed = place(word)
        assert placed is not None and PAGE[placed[0] : placed[1]] == word
    # The body's mention, not the <title>'s or the script's.
    assert place("Nora Quill")[0] > PAGE.index("<article>")  # type: ignore[index]
    assert place("AT&T Ferries") is None  # an entity inside: no exact place
    assert place("Harbour Authority") is None  # markup inside
    assert place("went back to work") is None  # a line break of the source inside
