"""Plain-text handling: normalisation, sentence splitting with offsets, cruft removal."""

from __future__ import annotations

import dataclasses

from storyfold.model import Article, Sentence
from storyfold.text.cruft import CleanResult, clean_text, cruft_reason, looks_like_headline
from storyfold.text.datelines import dateline_length
from storyfold.text.limits import bounded_spans, cut_article
from storyfold.text.normalize import content_words, normalize_for_matching, word_count
from storyfold.text.sentences import split_sentences

__all__ = [
    "CleanResult",
    "clean_article",
    "clean_text",
    "content_words",
    "cruft_reason",
    "dateline_length",
    "looks_like_headline",
    "normalize_for_matching",
    "split_sentences",
    "word_count",
]


def clean_article(article: Article) -> Article:
    """`article` with its clean text, its sentences and the record of what was removed.

    Built from `raw_text` every time, so cleaning an article twice gives the same result.
    """
    raw, limit_notes = cut_article(article.raw_text)  # bounded work per article
    result = clean_text(raw, title=article.title)
    sentences = tuple(
        Sentence(article.id, index, start + dateline_length(result.text[start:end]), end)
        for index, (start, end) in enumerate(
            bounded_spans(result.text, split_sentences(result.text))
        )
    )
    return dataclasses.replace(
        article, text=result.text, sentences=sentences, removed=result.removed + limit_notes
    )
