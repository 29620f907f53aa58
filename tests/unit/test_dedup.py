"""Near-duplicates: syndicated copies caught, other reports of the same event not."""

from __future__ import annotations

import pytest

from storyfold.errors import InputError
from storyfold.stories import NearDuplicates

# An invented wire story, written for these tests.
WIRE = (
    "Crews on the Marrow river began lifting the collapsed footbridge at Tollbury on Tuesday, "
    "two days after the span gave way under a crowd watching the regatta. Eleven people were "
    "taken to hospital and all but two have gone home, the county health board said. "
    "The bridge, built of timber in 1987, had passed an inspection in March, according to "
    "records released by the town council. Engineers from the regional transport office will "
    "examine the bearings and the deck planks before any decision on rebuilding is taken. "
    "Rowing clubs have cancelled training on the stretch of water below the bridge until the "
    "wreckage is cleared, and the regatta committee said the remaining races would move to "
    "the lake at Hensford next month. A spokesman for the council said a temporary crossing "
    "for pedestrians could be in place within three weeks if the river level stays low."
)
# The same event, reported in other words by another invented outlet.
OTHER_REPORT = (
    "A timber footbridge over the Marrow river at Tollbury collapsed on Sunday during the "
    "annual regatta, sending spectators into the water. Hospital staff treated eleven people. "
    "Council records show the bridge was inspected in March and judged sound. On Tuesday "
    "cranes began removing the broken deck while transport engineers studied what failed. "
    "The regatta's last races have been moved to Hensford lake, organisers said, and a "
    "temporary crossing may open within weeks."
)


def syndicated_copy() -> str:
    # Another site's header and footer, and one word changed in the body.
    body = WIRE.replace("Eleven people", "Eleven spectators")
    return (
        "Tollbury Evening Courier | Local news\n"
        + body
        + "\nCopyright 2026 Courier Media. Sign up for our newsletter."
    )


def test_syndicated_copy_with_other_header_footer_and_a_changed_word_is_caught() -> None:
    index = NearDuplicates()
    assert index.add("wire", WIRE) is None
    assert index.add("courier", syndicated_copy()) == "wire"
    # The copy is reported, not indexed: the original stays the one to match.
    assert "courier" not in index
    assert len(index) == 1


def test_another_report_of_the_same_event_is_not_a_duplicate() -> None:
    index = NearDuplicates()
    index.add("wire", WIRE)
    assert index.add("other", OTHER_REPORT) is None
    assert len(index) == 2


def test_restored_index_finds_copies_without_the_texts() -> None:
    index = NearDuplicates()
    index.add("wire", WIRE)
    index.add("other", OTHER_REPORT)
    saved = list(index.items())
    assert [key for key, _ in saved] == ["wire", "other"]
    assert all(len(sig) == 128 * 8 for _, sig in saved)

    restored = NearDuplicates.restore(saved)
    assert len(restored) == 2
    assert restored.find(syndicated_copy()) == "wire"
    assert restored.signature("wire") == index.signature("wire")
    assert restored.add("fresh", "An unrelated text about a chess club in Ardwick " * 3) is None


def test_find_does_not_index_and_known_keys_answer_themselves() -> None:
    index = NearDuplicates()
    assert index.find(WIRE) is None
    assert len(index) == 0
    index.add("wire", WIRE)
    assert index.add("wire", WIRE) == "wire"


def test_bad_saved_signature_and_threshold_are_refused() -> None:
    with pytest.raises(InputError, match="expected 128"):
        NearDuplicates.restore([("k", b"\x00" * 16)])
    with pytest.raises(InputError, match="threshold"):
        NearDuplicates(threshold=0.0)


def test_texts_without_words_match_nothing() -> None:
    index = NearDuplicates()
    assert index.add("blank", "  \n ") is None
    assert index.add("dashes", "-- --") is None
    assert len(index) == 0
