from __future__ import annotations

import itertools
import time

import pytest

from storyfold.text import split_sentences


def sentences(text: str) -> list[str]:
    return [text[start:end] for start, end in split_sentences(text)]


class TestOffsets:
    def test_spans_point_into_the_text_as_given(self) -> None:
        text = "  The talks began.   They ended\u00a0late.  "
        spans = split_sentences(text)
        assert spans == [(2, 18), (21, 37)]
        assert [text[s:e] for s, e in spans] == ["The talks began.", "They ended\u00a0late."]

    def test_spans_are_stripped_ordered_and_disjoint(self) -> None:
        text = "One here. Two there!\n\n  Three, on a new line?  \nFour."
        spans = split_sentences(text)
        for start, end in spans:
            assert text[start:end] == text[start:end].strip()
        assert all(a_end <= b_start for (_, a_end), (b_start, _) in itertools.pairwise(spans))

    def test_empty_and_blank_text_have_no_sentences(self) -> None:
        assert split_sentences("") == []
        assert split_sentences(" \n\t\n ") == []

    def test_punctuation_alone_is_no_sentence(self) -> None:
        assert sentences("...\n--\nReal text.") == ["Real text."]

    def test_text_without_final_punctuation_is_one_sentence(self) -> None:
        assert sentences("Repair plan in doubt") == ["Repair plan in doubt"]


class TestNewlines:
    def test_a_newline_always_ends_a_sentence(self) -> None:
        text = 'Brandt said there is "no quick fix"\nThe repairs will take weeks'
        assert sentences(text) == [
            'Brandt said there is "no quick fix"',
            "The repairs will take weeks",
        ]

    def test_newline_splits_even_after_an_abbreviation(self) -> None:
        assert sentences("He flew to the U.S.\nOfficials met him.") == [
            "He flew to the U.S.",
            "Officials met him.",
        ]

    def test_crlf_line_ends(self) -> None:
        assert sentences("First line.\r\nSecond line.\r\n") == ["First line.", "Second line."]


class TestAbbreviations:
    @pytest.mark.parametrize(
        "sentence",
        [
            "U.S. officials said the talks would go on.",
            "The U.K. and the U.N. Security Council disagreed.",
            "Mr. Lim met Mrs. Brandt and Ms. Roe in St. Louis.",
            "Dr. Owusu led the trial.",
            "Lt. Gen. Piotr Zawadzki and Col. Ray Burns spoke with Sgt. Ana Diaz.",
            "Gov. Jane Roe, Sen. Tom Cole and Rep. Ann Park signed it.",
            "They met on Jan. 6 and again on Sept. 11 and Oct. 7.",
            "It started at 8 a.m. and ended at 5 p.m. on Friday.",
            "The meeting at 8 a.m. Tuesday was short.",
            "He lives at No. 10 Downing Street.",
            "It was Brazil vs. Argentina in the final.",
            "Bring tools, e.g. hammers, and food, i.e. bread.",
            "Bring tools, food, etc. and water.",
            "Apple Inc. said profits rose at Acme Corp. and Brown & Co. last year.",
            "Martin Lane Jr. and Tom Lane Sr. were both there.",
            "He met U.S. Sen. Jane Roe in Washington.",
            "U.S. Secretary of Transport Dana Cole said on Friday that talks would go on.",
        ],
    )
    def test_abbreviation_inside_a_sentence_does_not_split(self, sentence: str) -> None:
        assert sentences(sentence) == [sentence]

    def test_lowercase_continuation_after_an_abbreviation_does_not_split(self) -> None:
        assert sentences("The talks in the U.S. ended early.") == [
            "The talks in the U.S. ended early."
        ]

    # Two-letter country abbreviations are ambiguous before a capital: we split only when the
    # next word commonly starts a sentence ("The", "He", "But" ...), see sentences.py.
    def test_country_abbreviation_at_sentence_end_splits_before_a_sentence_starter(self) -> None:
        assert sentences("He flew to the U.S. The next day he met Cole.") == [
            "He flew to the U.S.",
            "The next day he met Cole.",
        ]

    def test_country_abbreviation_before_a_name_does_not_split(self) -> None:
        text = "He flew to the U.S. Congress later voted."
        assert sentences(text) == [text]

    def test_company_and_etc_end_a_sentence_before_a_sentence_starter(self) -> None:
        assert sentences("Shares fell at Acme Inc. The company declined to comment.") == [
            "Shares fell at Acme Inc.",
            "The company declined to comment.",
        ]
        assert sentences("They sold fruit, bread, etc. But not milk.") == [
            "They sold fruit, bread, etc.",
            "But not milk.",
        ]

    def test_month_abbreviation_before_a_capital_ends_the_sentence(self) -> None:
        assert sentences("The vote is due in Oct. Officials expect a delay.") == [
            "The vote is due in Oct.",
            "Officials expect a delay.",
        ]

    def test_number_abbreviation_before_a_word_is_an_ordinary_word(self) -> None:
        assert sentences("He said no. Nobody argued.") == ["He said no.", "Nobody argued."]

    def test_a_m_at_sentence_end_splits_before_a_sentence_starter(self) -> None:
        assert sentences("The meeting began at 8 a.m. It lasted an hour.") == [
            "The meeting began at 8 a.m.",
            "It lasted an hour.",
        ]

    def test_state_abbreviation_is_case_sensitive(self) -> None:
        assert sentences("He lives in Portland, Ore. with his wife.") == [
            "He lives in Portland, Ore. with his wife."
        ]
        assert sentences("He fell ill. Doctors came.") == ["He fell ill.", "Doctors came."]


class TestInitialsNumbersAndTimes:
    def test_middle_initials_do_not_split(self) -> None:
        text = (
            "Transport Secretary Maya R. Olsen had spoken with Piotr K. Zawadzki, the "
            "Polish minister of transport. It was their first call."
        )
        assert sentences(text) == [
            "Transport Secretary Maya R. Olsen had spoken with Piotr K. Zawadzki, the "
            "Polish minister of transport.",
            "It was their first call.",
        ]

    def test_dotted_initials_of_a_name(self) -> None:
        assert sentences("J.R.R. Tolkien wrote it.") == ["J.R.R. Tolkien wrote it."]

    def test_single_letter_at_sentence_end_splits_before_a_sentence_starter(self) -> None:
        assert sentences("They chose plan B. The others objected.") == [
            "They chose plan B.",
            "The others objected.",
        ]

    def test_decimals_and_times_do_not_split(self) -> None:
        text = "Growth was 3.5 percent and the shot was at 8.56 a.m. on Friday."
        assert sentences(text) == [text]

    def test_a_number_can_end_a_sentence(self) -> None:
        assert sentences("The death toll rose to 21. Rescuers kept digging.") == [
            "The death toll rose to 21.",
            "Rescuers kept digging.",
        ]

    def test_a_sentence_can_start_with_a_number_or_symbol(self) -> None:
        assert sentences("It happened in spring. 2015 was worse. $5 was the price.") == [
            "It happened in spring.",
            "2015 was worse.",
            "$5 was the price.",
        ]

    def test_no_space_after_a_full_stop_is_no_boundary(self) -> None:
        text = "Crews at the bridge.PHOTO: EPA and U.S.-led repairs."
        assert sentences(text) == [text]


class TestQuotes:
    @pytest.mark.parametrize("close", ['"', "\u201d", "'", "\u2019"])
    def test_closing_quote_after_the_full_stop_belongs_to_the_sentence(self, close: str) -> None:
        text = f"The plan, he said, is {close[0]}doomed.{close} Next came the vote."
        assert sentences(text) == [
            f"The plan, he said, is {close[0]}doomed.{close}",
            "Next came the vote.",
        ]

    def test_curly_quote_pair(self) -> None:
        text = "It was \u201ca frank exchange.\u201d The spokesman agreed."
        assert sentences(text) == [
            "It was \u201ca frank exchange.\u201d",
            "The spokesman agreed.",
        ]

    def test_quote_spanning_several_sentences_is_split_into_them(self) -> None:
        text = (
            '"The two sides want different things," he said. "The union wants jobs. The '
            'company wants machines."'
        )
        assert sentences(text) == [
            '"The two sides want different things," he said.',
            '"The union wants jobs.',
            'The company wants machines."',
        ]

    def test_question_inside_a_quote_followed_by_attribution_does_not_split(self) -> None:
        assert sentences('"Is it over?" he asked. "Not yet!" she said.') == [
            '"Is it over?" he asked.',
            '"Not yet!" she said.',
        ]

    def test_opening_quote_of_the_next_sentence_starts_it(self) -> None:
        assert sentences("Brandt spoke. \u201cWe need help,\u201d she said.") == [
            "Brandt spoke.",
            "\u201cWe need help,\u201d she said.",
        ]

    def test_brackets_after_the_full_stop_belong_to_the_sentence(self) -> None:
        assert sentences("(He left early.) Then the vote came [see below.] Done.") == [
            "(He left early.)",
            "Then the vote came [see below.]",
            "Done.",
        ]

    def test_parenthesis_inside_a_sentence(self) -> None:
        text = "Talks resumed on Wednesday (Oct. 7), officials said."
        assert sentences(text) == [text]


class TestEllipsesAndMarks:
    def test_ellipsis_before_a_capital_ends_a_sentence(self) -> None:
        assert sentences("We waited... Nobody came. Then\u2026 Silence.") == [
            "We waited...",
            "Nobody came.",
            "Then\u2026",
            "Silence.",
        ]

    def test_ellipsis_before_lowercase_or_a_symbol_does_not(self) -> None:
        text = "We waited... and waited \u2026 for hours... 20 of them."
        assert sentences(text) == [text]

    def test_question_and_exclamation_marks(self) -> None:
        assert sentences("Is it possible? Nobody knows! Really?! Yes.") == [
            "Is it possible?",
            "Nobody knows!",
            "Really?!",
            "Yes.",
        ]

    def test_exclamation_in_a_name_before_lowercase_does_not_split(self) -> None:
        assert sentences("Shares of Yahoo! rose.") == ["Shares of Yahoo! rose."]


class TestLookalikes:
    def test_cyrillic_lookalike_capital_still_starts_a_sentence(self) -> None:
        text = "Egger spoke. \u0422he team is ready. He left the U.S. \u0422he end."
        assert sentences(text) == [
            "Egger spoke.",
            "\u0422he team is ready.",
            "He left the U.S.",
            "\u0422he end.",
        ]

    def test_cyrillic_text_is_split_too(self) -> None:
        assert sentences("Москва ответила. Переговоры идут.") == [
            "Москва ответила.",
            "Переговоры идут.",
        ]


def test_splitting_is_linear_in_the_text() -> None:
    paragraph = (
        'U.S. officials said on Oct. 7 that Mr. Lim would fly to the U.N. "It is on," '
        "he said. Growth was 3.5 percent... The rest followed! Why? "
    )
    text = "\n".join([paragraph * 20] * 500)  # about 50,000 sentences
    started = time.perf_counter()
    spans = split_sentences(text)
    elapsed = time.perf_counter() - started
    assert len(spans) == 500 * 20 * 5
    # Generous bound (measured about 0.13 s on the 2-core dev machine): it catches quadratic work,
    # not small slowdowns.
    assert elapsed < 5.0


@pytest.mark.parametrize(
    "text",
    [
        # Lower-cased copy (Multi-News): a lone initial before a name does not end a sentence.
        "the agency was led by james r. Clapper jr., the director, until january.",
        "police chief mark c. Denney said the damage was criminal.",
        "Since edward j. Snowden began releasing the documents, the debate has grown.",
    ],
)
def test_a_lower_case_initial_does_not_end_a_sentence(text: str) -> None:
    assert [text[a:b] for a, b in split_sentences(text)] == [text]


def test_a_lower_case_initial_before_a_sentence_starter_still_splits() -> None:
    text = "the award went to plan b. The rest came second."
    assert [text[a:b] for a, b in split_sentences(text)] == [
        "the award went to plan b.",
        "The rest came second.",
    ]
