from __future__ import annotations

import pytest

from storyfold.text import content_words, normalize_for_matching, word_count
from storyfold.text.normalize import fold_lookalikes


class TestNormalizeForMatching:
    def test_cyrillic_capital_inside_latin_word_becomes_latin(self) -> None:
        assert normalize_for_matching("\u0422he army") == "The army"

    def test_greek_and_cyrillic_small_lookalikes_inside_latin_words(self) -> None:
        # Cyrillic "о" and "е", Greek "ο" hidden in English words
        assert normalize_for_matching("M\u043e sc\u03bfw sp\u0435aks") == "Mo scow speaks"

    def test_real_cyrillic_and_greek_words_are_left_alone(self) -> None:
        assert normalize_for_matching("Москва и Αθήνα") == "Москва и Αθήνα"

    @pytest.mark.parametrize(
        ("raw", "expected"),
        [
            ("\u201cWe agree,\u201d he said", '"We agree," he said'),
            ("\u2018limited\u2019 talks", "'limited' talks"),
            ("Avalon\u00b4s role", "Avalon's role"),  # acute accent typed as an apostrophe
            ("a 5\u2032 11\u2033 man", "a 5' 11\" man"),
            ("\u00abNon\u00bb", '"Non"'),
        ],
    )
    def test_quotes_and_primes_become_straight(self, raw: str, expected: str) -> None:
        assert normalize_for_matching(raw) == expected

    @pytest.mark.parametrize("dash", ["\u2010", "\u2011", "\u2012", "\u2013", "\u2014", "\u2212"])
    def test_dashes_become_hyphen_minus(self, dash: str) -> None:
        assert normalize_for_matching(f"Closed{dash}Again") == "Closed-Again"

    def test_odd_spaces_become_one_space_and_invisible_ones_vanish(self) -> None:
        raw = "one\u00a0two\u2009three\u202ffour\u3000five\u200bsix\u00adseven"
        assert normalize_for_matching(raw) == "one two three four fivesixseven"

    def test_whitespace_runs_collapse_and_edges_are_trimmed(self) -> None:
        assert normalize_for_matching("  a \t\n\n b  ") == "a b"

    def test_nfkc_unfolds_ligatures_and_full_width_forms(self) -> None:
        assert normalize_for_matching("\ufb01rst \uff21\uff22\uff23") == "first ABC"

    def test_ellipsis_character_becomes_three_dots(self) -> None:
        assert normalize_for_matching("wait\u2026") == "wait..."

    def test_empty_text(self) -> None:
        assert normalize_for_matching("") == ""

    def test_fold_lookalikes_leaves_text_without_lookalikes_unchanged(self) -> None:
        text = "Plain ASCII text."
        assert fold_lookalikes(text) is text


class TestWordCount:
    @pytest.mark.parametrize(
        ("text", "count"),
        [
            ("", 0),
            ("   ", 0),
            ("The talks began.", 3),
            ("U.S.-led coalition", 2),
            ("T-90 tanks", 2),
            ("WASHINGTON -- The United States", 4),  # "--" is no word
            ("Closed\u2014Again", 2),  # an em dash between words splits them
            ("240,000 people", 2),
            ("\u2022 16x9 Image", 2),
            ("'No Room For Error'", 4),
            ("... \u2026 !!", 0),
        ],
    )
    def test_counts_tokens_with_a_letter_or_digit(self, text: str, count: int) -> None:
        assert word_count(text) == count


class TestContentWords:
    def test_lowercases_and_drops_stopwords(self) -> None:
        assert content_words("The city council said it was open to talks") == [
            "city",
            "council",
            "open",
            "talks",
        ]

    def test_keeps_order_and_repeats(self) -> None:
        assert content_words("Talks, talks and more talks") == ["talks", "talks", "talks"]

    def test_possessive_is_dropped_whatever_the_apostrophe(self) -> None:
        assert content_words("Avalon\u2019s and Avalon\u00b4s and Avalon's") == ["avalon"] * 3

    def test_names_abbreviations_and_numbers_stay_whole(self) -> None:
        words = content_words("U.S.-led al-Hassan 240,000 8.56 T-90")
        assert words == ["u.s", "led", "al-hassan", "240,000", "8.56", "t-90"]

    def test_lookalike_letters_are_folded_before_matching(self) -> None:
        assert content_words("\u0422he harbour police") == content_words("The harbour police")

    def test_punctuation_only_text_has_no_content_words(self) -> None:
        assert content_words("-- ... !!") == []
