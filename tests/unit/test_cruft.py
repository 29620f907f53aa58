from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from storyfold.model import Article, RemovedLine
from storyfold.text import (
    clean_article,
    clean_text,
    cruft_reason,
    looks_like_headline,
    word_count,
)

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "cruft"
QUOTATION_MARKS = '"“”„«»'

# Enough real paragraphs to give a text a top and an end around the lines under test.
BODY = [
    "The city council voted on Tuesday to close the old harbour bridge to all traffic.",
    "Engineers found a crack in one of the main supports during a routine inspection.",
    '"We will not take chances with people\'s lives," the mayor told reporters.',
    "Repairs are expected to take at least six weeks, the transport department said.",
]


def reasons(raw: str) -> dict[int, str]:
    return {removed.line: removed.reason for removed in clean_text(raw).removed}


def with_body(top: list[str] = [], end: list[str] = []) -> str:  # noqa: B006 (never mutated)
    return "\n".join([*top, *BODY, *end])


# --- one kind at a time ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("Skip to main content", "navigation"),
        ("Accessibility links", "navigation"),
        ("Breaking News", "navigation"),
        ("Home | World | Politics", "navigation"),
        ("News › Middle East", "navigation"),
        ("Advertisement", "advertisement"),
        ("Video Ad Feedback", "advertisement"),
        ("Story continues below advertisement", "advertisement"),
        ("16x9 Image", "media-label"),
        ("  \u2022 16x9 Image", "media-label"),
        ("Image 2 of 5", "media-label"),
        ("Screen Shot 2015-09-18 at 8.56.14 AM", "image-file"),
        ("Screen Shot 2015-09-18 at 8.56.14 AMIs it possible to trust them now?", "image-file"),
        ("IMG_2031.jpg", "image-file"),
        ("harbor-bridge-crack.png Crews at work", "image-file"),
        ("PHOTO: EPA/CITY PRESS OFFICE", "photo-credit"),
        ("Photo: Reuters", "photo-credit"),
        ("Photograph: Nikos Dimas/Reuters", "photo-credit"),
        ("Crews inspect the bridge on Monday.PHOTO: CITY OF AVALON", "photo-credit"),
        (
            "A cargo plane on the runway at Port Avalon on 3 March 2025 (AFP/HO/CITY PRESS)",
            "photo-credit",
        ),
        ("Smoke rises over the harbour on Monday (Reuters)", "photo-credit"),
        ("Crews inspect the bridge. (Photo: Ellen Park/The Coastal Ledger)", "photo-credit"),
        ("Rescuers at the scene on Sunday. Getty Images", "photo-credit"),
        (
            "The minister (left) greets his counterpart (right) in Geneva on Monday.",
            "caption",
        ),
        ("Image caption Residents were helped from their homes by boat", "caption"),
        ("FILE - In this Nov. 5, 2024, file photo, workers sort ballots.", "caption"),
        ("Jane Roe is a senior correspondent reporting on energy and climate.", None),
        ("\u00a9 2025 The Coastal Ledger. All rights reserved.", "footer"),
        (
            "Kestrel Today covers the valleys. To learn more about republishing this content, "
            "contact our syndication desk.",
            "footer",
        ),
        ("Sign up to get breaking alerts and our morning briefing", "newsletter"),
        ("Stay informed with our newsletters", "newsletter"),
        ("Get the latest headlines delivered to your inbox", "newsletter"),
        ("Stay ahead of the traffic. Sign up for the Courier's commute newsletter.", "newsletter"),
        ("Share this article", "share-prompt"),
        ("Share Your Comments", "share-prompt"),
        ("Follow us on Twitter", "share-prompt"),
        ("Facebook Twitter Email", "share-prompt"),
        ("Comments (4)", "share-prompt"),
        ("Read more: Daily Courier", "read-more"),
        ("READ MORE: Council votes to keep library hours", "read-more"),
        ("See also: Why the bridge cracked", "read-more"),
        ("Related: Council says the bridge will reopen in May", "related-headline"),
        ("More from World", "related-headline"),
        ("Trending Now on XQRT", "related-headline"),
        ("Most read", "related-headline"),
        ("Related Headlines", "related-headline"),
        ("With reporting from AP and Reuters", "reporting-credit"),
        ("Source: Al Jazeera and news agencies", "reporting-credit"),
        ("(Reporting by Henrik Aas; Editing by Tom Reyes)", "reporting-credit"),
        ("Associated Press writer Ben Castillo contributed to this report.", "reporting-credit"),
        ("By Dana Whitlock", "byline"),
        ("By HENRIK AAS and LUCIA FERRAND", "byline"),
        ("Posted by admin on July 3, 2024", "byline"),
        ("Coastline Daily staff", "byline"),
        ("Updated 6:42 PM EDT, Tue March 4, 2025", "timestamp"),
        ("Published: 14 May 2024", "timestamp"),
        ("3 min read", "timestamp"),
        ("* * *", "separator"),
        ("Listen to this article \u00b7 6 min", "media-label"),
        ("Estimated reading time: 5 minutes", "media-label"),
        ("Home \u00bb Business \u00bb Shipping", "navigation"),
        ("Load more updates", "navigation"),
        ("We use cookies to personalise content. By continuing you agree.", "cookie-notice"),
        ("Already a subscriber? Sign in", "paywall"),
        ("Subscribe to continue reading", "paywall"),
        ("Our journalism relies on readers like you. Give what you can.", "support-appeal"),
        ("Download the Valley Post app for alerts.", "app-prompt"),
        ("Got a tip or photos? Email them to the newsroom.", "tip-prompt"),
        ("Tags: Floods, Elmsford, Weather", "tags"),
        ("Follow @ValleyPost on X for updates.", "share-prompt"),
        ("This article appears in the June print edition.", "footer"),
    ],
)
def test_each_kind_of_cruft_on_its_own(line: str, reason: str | None) -> None:
    assert cruft_reason(line) == reason


@pytest.mark.parametrize(
    "line",
    [
        "'No Room For Error'",
        "Repair plan in doubt",
        "What happens next",
        "No one was hurt.",
        "It works.",
        '"Six weeks would be optimistic," Blum said.',
        '"No."',
        "By Friday, the city expects to publish a timeline for repairs.",
        "More than 150 residents signed up to speak during the public comment period.",
        "Related charges were filed against two others.",
        "Share prices fell 4 percent on the news.",
        "Photos posted online showed a long crack in the deck.",
        "Save the Children said 1.2 million people were short of food.",
        "Video footage shared by farmers showed dry canals.",
        "The council said the newsletter would be mailed to every household in June.",
        "A spokesman said the company holds the copyright to the design.",
        "The full report can be found here.",
        "Reporting from Seoul -- There is a reason the boomerangs do not come back.",
        "Join us as we march to the council building, the organisers wrote.",
        "Written by a park ranger, the post includes letters from visitors.",
        "Home owners near the bridge were told to stay indoors.",
        "WASHINGTON (AP) — The Senate passed the bill on Friday.",
        "Sen. Jane Roe (R) voted against the bill.",
        "Meanwhile, the city's transport chief on Thursday discussed the repair plan with crews",
        "Residents use cookies and cakes to raise money for the lifeboat crew.",
        "Subscribers to the ferry pass will get a refund, the company said.",
        "Support for the plan has grown since the vote, a survey found.",
        "The app crashed twice during the evacuation, officials said.",
    ],
)
def test_article_lines_are_not_cruft(line: str) -> None:
    assert cruft_reason(line) is None


def test_signed_name_is_a_byline_only_above_or_below_the_story() -> None:
    assert cruft_reason("Dana Whitlock, Staff Writer", "top") == "byline"
    assert cruft_reason("Dana Whitlock, Staff Writer", "body") is None
    assert cruft_reason("Paris, France", "top") is None


def test_a_quotation_protects_a_line_from_weak_patterns() -> None:
    assert cruft_reason("Read more: the council said it was \u201cnot ready\u201d") is None
    assert cruft_reason('Follow us, "the crowd chanted" outside') is None


def test_strong_patterns_apply_even_to_quoted_lines() -> None:
    assert cruft_reason('Crowds chant "peace" in Geneva.PHOTO: AFP') == "photo-credit"


# --- place in the file ------------------------------------------------------------------


def test_author_name_and_bio_after_the_story_are_removed() -> None:
    raw = with_body(
        end=[
            "Dana Whitlock",
            "Dana Whitlock is a senior correspondent reporting on transport, housing "
            "and city politics in Port Avalon.",
        ]
    )
    assert reasons(raw) == {5: "author-bio", 6: "author-bio"}


def test_bio_shaped_line_inside_the_story_stays() -> None:
    raw = "\n".join(
        [
            BODY[0],
            "Karen Blum is a transport analyst at the Harbor Institute, and she expects delays.",
            *BODY[1:],
        ]
    )
    assert reasons(raw) == {}


def test_short_title_case_lines_after_the_story_are_related_headlines() -> None:
    raw = with_body(
        end=["Bridge Crews: We Have No Reopening Date\u2014Yet", "Five Huts Worth the Climb"]
    )
    assert reasons(raw) == {5: "related-headline", 6: "related-headline"}


def test_sentence_case_last_line_without_full_stop_stays() -> None:
    raw = with_body(end=["The investigation continues"])
    assert reasons(raw) == {}


def test_every_headline_below_a_related_links_header_goes_whatever_its_case() -> None:
    raw = with_body(end=["More on this story", "Flood warnings issued across three counties"])
    assert reasons(raw) == {5: "related-headline", 6: "related-headline"}


def test_a_long_line_is_never_removed_even_if_it_starts_like_cruft() -> None:
    # Multi-News documents are one line each; some begin with the caption of their photo.
    line = "Photo: Reuters " + " ".join(BODY * 2)
    assert cruft_reason(line) is None
    assert reasons(line) == {}


def test_sub_heading_inside_the_story_stays() -> None:
    raw = "\n".join([*BODY[:2], "'No Room For Error'", *BODY[2:]])
    assert reasons(raw) == {}


def test_quoted_last_line_without_full_stop_stays() -> None:
    raw = with_body(end=['"We will rebuild it"'])
    assert reasons(raw) == {}


def test_section_label_and_date_above_the_story_are_removed() -> None:
    raw = with_body(top=["Politics", "Harbor Bridge closed after crack found", "March 4, 2025"])
    assert reasons(raw) == {1: "short-label", 3: "timestamp"}


def test_section_label_word_inside_the_story_stays() -> None:
    raw = "\n".join([*BODY[:2], "Analysis", *BODY[2:]])
    assert reasons(raw) == {}


def test_byline_name_under_the_headline_is_removed() -> None:
    raw = with_body(top=["Harbor Bridge closed after crack found", "Dana Whitlock"])
    assert reasons(raw) == {2: "byline"}


def test_bare_date_in_the_story_stays_unless_next_to_metadata() -> None:
    timeline = "\n".join([*BODY[:2], "March 4, 2025", *BODY[2:]])
    assert reasons(timeline) == {}
    metadata = "\n".join([BODY[0], "By Dana Whitlock", "March 4, 2025", *BODY[1:]])
    assert reasons(metadata) == {2: "byline", 3: "timestamp"}


# --- repeated lines ---------------------------------------------------------------------


def test_caption_printed_twice_at_the_top_is_removed_both_times() -> None:
    caption = "Rescuers lift a climber into a helicopter above the glacier on Sunday."
    raw = with_body(top=["Climbers rescued after two nights", caption, caption])
    assert reasons(raw) == {2: "caption", 3: "duplicate-line"}


def test_caption_printed_twice_below_site_navigation_is_removed_both_times() -> None:
    caption = "Drivers queue for the causeway on Wednesday, a day after the bridge closed."
    nav = ["Skip to main content", "Menu", "Local | Politics | Business", "Subscribe", "Search"]
    raw = with_body(top=["Commuters scramble as bridge closes", *nav, caption, caption])
    assert {n: r for n, r in reasons(raw).items() if n > 6} == {7: "caption", 8: "duplicate-line"}


def test_caption_glued_to_its_credit_is_removed_with_it() -> None:
    caption = "Rescuers lift a climber into a helicopter above the glacier on Sunday."
    raw = with_body(top=[caption, caption + "PHOTO: ALPINE RESCUE SERVICE"])
    assert reasons(raw) == {1: "caption", 2: "photo-credit"}


def test_caption_above_the_story_repeated_in_the_body_is_removed() -> None:
    caption = "Mayor Colette Brandt (left) and engineer Howard Lim inspect the bridge on Monday."
    repeat = "Mayor Colette Brandt and engineer Howard Lim inspect the bridge on Monday."
    raw = "\n".join([caption, *BODY[:2], repeat, *BODY[2:]])
    removed = clean_text(raw).removed
    assert [r.line for r in removed] == [1]
    assert removed[0].reason == "caption"


def test_lead_repeated_without_a_caption_marker_keeps_one_copy() -> None:
    lead = "Mayor Colette Brandt and engineer Howard Lim inspected the bridge on Monday."
    raw = "\n".join([lead, *BODY[:2], lead.replace("Monday", "Monday afternoon"), *BODY[2:]])
    result = clean_text(raw)
    assert [r.line for r in result.removed] == [1]
    assert "Monday afternoon" in result.text


def test_paragraph_printed_twice_keeps_the_first_copy() -> None:
    raw = "\n".join([*BODY, BODY[1]])
    assert reasons(raw) == {5: "duplicate-line"}


def test_pull_quote_repeating_a_sentence_is_removed() -> None:
    raw = "\n".join(
        [
            *BODY[:2],
            '"These are the best results we have seen in this age group," Dr. Owusu said.',
            *BODY[2:],
            '"These are the best results we have seen in this age group."',
        ]
    )
    assert reasons(raw) == {6: "duplicate-line"}


def test_short_sub_heading_echoing_earlier_words_stays() -> None:
    raw = "\n".join(
        [
            'She said crews would keep "working around the clock on the repairs" until May.',
            *BODY[:2],
            "'Working around the clock on the repairs'",
            *BODY[2:],
        ]
    )
    assert reasons(raw) == {}


# --- the result -------------------------------------------------------------------------


def test_clean_result_text_and_removed_lines() -> None:
    raw = (
        "\n\nSkip to main content\n\n  First paragraph here.  \n\n\nAdvertisement\n\nLast one.\n\n"
    )
    result = clean_text(raw)
    assert result.text == "First paragraph here.\n\nLast one."
    assert result.removed == (
        RemovedLine(line=3, text="Skip to main content", reason="navigation"),
        RemovedLine(line=8, text="Advertisement", reason="advertisement"),
    )


def test_clean_text_of_empty_or_all_cruft_text() -> None:
    assert clean_text("").text == ""
    result = clean_text("Skip to main content\nAdvertisement\n")
    assert result.text == ""
    assert len(result.removed) == 2


def test_text_without_any_paragraph_is_only_matched_against_patterns() -> None:
    raw = "Harbor Bridge closed\nDana Whitlock\nMarch 4, 2025"
    assert reasons(raw) == {}


# --- looks_like_headline ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Port open to talks with union despite strike threat", True),
        ("STRIKE TALKS BEGIN: Between Port and Union on Pay", True),
        ("U.S. Open to 'Limited, Technical' Talks With Union On Pay", True),
        ("Is it possible to trust the port operator?", True),
        ("The city council said on Thursday it was open to limited talks.", False),
        ("Skip to main content", False),
        ("Read more: Daily Courier", False),
        ("", False),
        ("Talks, which began on Monday,", False),
        (" ".join(["word"] * 21), False),
    ],
)
def test_looks_like_headline(line: str, expected: bool) -> None:
    assert looks_like_headline(line) is expected


# --- clean_article ----------------------------------------------------------------------


def make_article(raw: str, title: str | None) -> Article:
    return Article(id="a1", outlet="ledger", source="ledger.txt", raw_text=raw, title=title)


def test_clean_article_drops_the_repeated_title_and_splits_sentences() -> None:
    raw = "Skip to main content\nHarbor Bridge Closed\n" + "\n".join(BODY)
    article = clean_article(make_article(raw, "Harbor bridge closed | The Coastal Ledger"))
    assert [(r.line, r.reason) for r in article.removed] == [(1, "navigation"), (2, "headline")]
    assert article.text == "\n".join(BODY)
    assert [article.sentence_text(s) for s in article.sentences] == [
        *BODY[:2],
        '"We will not take chances with people\'s lives," the mayor told reporters.',
        BODY[3],
    ]
    assert [s.index for s in article.sentences] == [0, 1, 2, 3]
    assert all(s.article_id == "a1" for s in article.sentences)


def test_clean_article_keeps_a_first_line_that_is_not_the_title() -> None:
    raw = "Harbor bridge closed after inspectors find a crack\n" + "\n".join(BODY)
    article = clean_article(make_article(raw, "Port strike ends"))
    assert article.removed == ()
    assert article.text.startswith("Harbor bridge closed after inspectors find a crack\n")


def test_a_short_title_case_first_line_is_the_headline_unless_the_title_is_known() -> None:
    # Ingest takes the headline out of plain text and passes it as the title; the byline
    # that stood under it is then the first line.
    raw = "Dana Whitlock\n" + "\n".join(BODY)
    assert clean_article(make_article(raw, None)).removed == ()
    removed = clean_article(make_article(raw, "Harbor bridge closed")).removed
    assert [(r.line, r.reason) for r in removed] == [(1, "byline")]


def test_clean_article_is_idempotent_and_keeps_other_fields() -> None:
    original = dataclasses.replace(
        make_article("\n".join(BODY), None), url="https://example.org/a", author="Dana"
    )
    once = clean_article(original)
    assert clean_article(once) == once
    assert (once.url, once.author, once.raw_text) == (original.url, "Dana", original.raw_text)


# --- labelled fixtures ------------------------------------------------------------------


def load_fixture(path: Path) -> tuple[str, dict[int, bool]]:
    """The raw text of a labelled fixture and, by line number, whether the line is cruft."""
    raw_lines: list[str] = []
    labels: dict[int, bool] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), start=1):
        marker, text = line[:2], line[2:]
        if marker in ("- ", "+ "):
            labels[number] = marker == "- "
            raw_lines.append(text)
        else:
            assert not line.strip(), f"{path.name}:{number} has no label"
            raw_lines.append(line)
    return "\n".join(raw_lines), labels


FIXTURE_FILES = sorted(FIXTURES.glob("*.txt"))


def test_there_are_enough_fixtures() -> None:
    assert len(FIXTURE_FILES) >= 8


# Labelled sets and the precision/recall each must keep. "cruft" was written alongside the
# rules. "cruft_blind_a" was written by someone who had not seen the rules; measured blind it
# gave precision 0.982, recall 0.587, and the rules were then extended on it (so it is no
# longer blind). "cruft_blind_b" was written blind too and measured once the rules were done.
LABELLED_SETS = {
    "cruft": (0.95, 0.85),
    "cruft_blind_a": (0.95, 0.85),
    "cruft_blind_b": (0.95, 0.70),  # blind: precision 0.987, recall 0.721
}


def removal_scores(files: list[Path]) -> tuple[float, float, list[str]]:
    true_positive = removed_total = cruft_total = 0
    misses: list[str] = []
    for path in files:
        raw, labels = load_fixture(path)
        removed = {r.line for r in clean_text(raw).removed}
        assert removed <= labels.keys(), f"{path.name}: a blank line was reported"
        cruft = {n for n, is_cruft in labels.items() if is_cruft}
        true_positive += len(removed & cruft)
        removed_total += len(removed)
        cruft_total += len(cruft)
        misses += [f"{path.name}:{n} kept" for n in sorted(cruft - removed)]
        misses += [f"{path.name}:{n} removed" for n in sorted(removed - cruft)]
    return true_positive / removed_total, true_positive / cruft_total, misses


@pytest.mark.parametrize(("folder", "floor"), LABELLED_SETS.items())
def test_removal_precision_and_recall_on_labelled_fixtures(
    folder: str, floor: tuple[float, float]
) -> None:
    files = sorted((FIXTURES.parent / folder).glob("*.txt"))
    assert len(files) >= 8
    precision, recall, misses = removal_scores(files)
    print(
        f"\ncruft removal on {folder} ({len(files)} files): precision {precision:.3f}, "
        f"recall {recall:.3f}; misses: {', '.join(misses) or 'none'}"
    )
    assert precision >= floor[0]
    assert recall >= floor[1]


@pytest.mark.parametrize("path", FIXTURE_FILES, ids=lambda p: p.name)
def test_no_article_line_with_a_quotation_is_removed(path: Path) -> None:
    raw, labels = load_fixture(path)
    lines = raw.split("\n")
    removed = {r.line for r in clean_text(raw).removed}
    quoted_article_lines = {
        n
        for n, is_cruft in labels.items()
        if not is_cruft and any(mark in lines[n - 1] for mark in QUOTATION_MARKS)
    }
    assert quoted_article_lines, "each fixture quotes someone"
    assert not quoted_article_lines & removed


@pytest.mark.parametrize(
    ("sentence", "junk"),
    [
        ("Media playback is unsupported on your device media caption the minister spoke", True),
        ("Image copyright reuters image caption crowds waited for the kiosks to open", True),
        ("Photo: getty on wednesday the staff learned the firm would close", True),
        ("Jane roe getty images the singer is now said to be worth millions", True),
        ("___ information from: the harbor gazette", True),
        ("Q: what happened at the pier? a: the landing fell in the storm.", True),
        ("Click here to subscribe to our newsletter.", True),
        ("The photo shows the mayor at the pier.", False),
        ("Police said the video was posted on Monday.", False),
        ("Getting images of the crack took divers two days.", False),
    ],
)
def test_page_furniture_inside_a_paragraph_is_no_statement(sentence: str, junk: bool) -> None:
    from storyfold.brief.table import _is_statement
    from storyfold.text.cruft_rules import junk_sentence

    assert junk_sentence(sentence) is junk
    if sentence.endswith("."):
        assert _is_statement(sentence, word_count(sentence)) is not junk
