"""Who said what: quotations and reported statements, merged across outlets.

Each article is read in order. A quotation (``quote_spans``) takes its speaker from the
speech verb after it (", Earnest said"), else from the one before it ("Kerry said he wants
a ..."), else from the quotation just before it when it opens its sentence (news copy
runs a long quotation on over several paragraphs and names the speaker once), else no one.
Reported speech ("X said that ...", "according to X, ...") is kept when the text names
the speaker. Pronouns are resolved to the nearest fitting named speaker (``speakers``).

The same statement carried by several outlets is one ``Quote``: wordings are compared with
the brief's "same statement" judge (``similarity.same_scores``), which requires quotations
to share their words, so a longer or shorter cut, a swapped word or other typography
merges while two different remarks by one speaker do not.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from storyfold.brief.entities.aliases import key
from storyfold.brief.entities.find import StoryNames, story_names, usable_spans
from storyfold.brief.entities.roles import has_role_word, title_before
from storyfold.brief.quotes.spans import QuotedSpan, quoted_spans, word_count
from storyfold.brief.quotes.speakers import (
    ANY_PERSON,
    REPORTING_VERB,
    SPEECH_VERB,
    Attribution,
    Resolver,
    attribute,
    plainly_org,
)
from storyfold.brief.similarity import SAME_THRESHOLD, same_scores
from storyfold.brief.table import SentenceTable, text_features
from storyfold.model import Article, Quote, QuoteMention, Sentence, Speaker
from storyfold.nlp import get_embedder
from storyfold.nlp.ner import EntitySpan
from storyfold.text import content_words, normalize_for_matching

UNKNOWN = Speaker(name=None, kind="unknown")
# A reported statement shorter than this is a fragment ("he said so"), not a claim.
MIN_REPORTED_WORDS = 4
# How a reported clause may open after its verb: a time, a place, a listener, "that".
_REPORTED_LEAD = re.compile(
    r"^\s*(?:(?:on|last|this|earlier|later)\s+\w+\s+|(?:mon|tues|wednes|thurs|fri|satur|sun)day"
    r"\s+|in\s+a\s+statement(?:\s+\w+day)?\s+)*,?\s*(?:that\s+)?",
    re.IGNORECASE,
)
_THAT = re.compile(r"\bthat\b")
# Verbs followed by their listener: the reported words are certain only after "that".
_NEEDS_THAT = frozenset({"told", "tells", "asked"})
MAX_WORDS_BEFORE_THAT = 8
# A quotation is a cut of a longer one when this share of its content words is in it; set
# above the judge's WORD_CONTAINMENT since this one may join a group its article is in.
FRAGMENT_CONTAINMENT = 0.8
# "..., Russian Foreign Ministry spokeswoman Maria Zakharova said in Moscow on Friday."
MAX_SUBJECT_WORDS = 7
MAX_TAIL_WORDS = 8
# A quotation may run on from its speaker's across this many sentences of one paragraph.
MAX_RUN_ON_SENTENCES = 3
# A name among a sentence's first words is its subject, unless a preposition or a clause
# comes first ("After meeting Roe, ...", "In Ohio, ..."); PolNeAR dev.
MAX_LEAD_WORDS = 3
# Farther into its sentence than this a name is past any title or opening phrase
# (_INTRO_PHRASE's 80 characters and its comma).
MAX_LEAD_CHARS = 85
# A title before a subject is at most this long (roles.MAX_TITLE_WORDS and an article).
MAX_TITLED_LEAD_WORDS = 9
_NOT_SUBJECT_LEAD = re.compile(
    r"\b(?:after|before|with|in|on|at|for|to|of|by|from|about|against|when|while|as|if|"
    r"unlike|like)\b|,",
    re.IGNORECASE,
)
_CAPITALISED = re.compile(r"\b[A-Z][a-z]{2,}\b")
_CAPITALISED_RUN = re.compile(r"\b[A-Z][a-z]{2,}(?:\s+[A-Z][a-z]{2,})*\b")
# One opening phrase before the subject: "In response to the ruling, " (no name in it).
_INTRO_PHRASE = re.compile(r"^([^,;:\"“”]{3,80}),\s*$")
_ADVERBIAL = re.compile(
    r"(?:In|At|On|During|After|Before|While|When|Since|Despite|Unlike|Like|From|With|"
    r"Without|Speaking|Asked|Writing|Responding|Later|Earlier|Meanwhile)\b"
)
_COMMA_PARTICIPLE = re.compile(r".*,\s*[a-z]+ing$", re.DOTALL)
_NAME_AT = re.compile(r"[\w.-]+(?:\s+[A-Z][\w.-]*)*")
# A verb before the name makes it an object: "The council attacked Roe".
_VERB_IN_LEAD = re.compile(r"\b[a-z]+ed\b|\b(?:is|was|are|were|has|have|had|says|said)\b")
# A name followed by a lower-case title and another name modifies it ("Roe spokesman Ann Lee").
_TITLE_THEN_NAME = re.compile(r"\s+([a-z]+(?:\s+[a-z]+)?)\s+[A-Z][a-z]")
# A sentence of fewer words is a fragment ("Harsh?", "Not so."), with no subject.
MIN_CLAUSE_WORDS = 3
# "The Republican is ...", "The former New York governor said ...": a definite description
# as the subject, up to four words before its verb.
_DESCRIBED_SUBJECT = re.compile(
    r"\s*((?:The|This|That)\s+(?:[\w.’'-]+\s+){0,3}?[\w.’'-]+)\s+(?:also\s+|then\s+)?"
    r"(?:is|was|has|had|says|said|will|would|\w+ed)\b"
)
# "Roe caused a stir when a voter asked ...": a subject in a subordinate clause is not the
# sentence's own.
_SUBORDINATE = re.compile(
    r"\b(?:when|after|before|as|if|because|while|since|until|though|although|once)\s",
    re.IGNORECASE,
)
_DEFINITE_DESCRIPTION = re.compile(r"(?:The|the|This|this)\s")
# A person's name after "the" modifies the noun after it: "the Clinton campaign".
_THE_BEFORE = re.compile(r"\b[Tt]he\s+$")
_OPENING_PRONOUN = re.compile(r"\s*(He|She|His|Her)\b")
_POSSESSIVE = {"His": "he", "Her": "she"}  # "His audio was ...": he is the subject still
_PARTICIPLE_CLAUSE = re.compile(r",\s*[a-z]+ing\b")
_QUOTE_MARKS = frozenset("\"“”‘'")
# A transcript's speaker label at the start of a quoted paragraph: "ROE: We will ...".
_LABEL = re.compile(r"([A-Z][A-Z'’-]{2,}(?: [A-Z][A-Z'’-]{2,})?):\s")
# A quotation signed at the end of its line with a dash and a name: "... ” ― Ann P. Roe".
_SIGNED_LINE = re.compile(
    r"[\"”]\s*[—―–-]{1,2}\s*([A-Z][\w'’-]*\.?(?:\s+[A-Z][\w'’-]*\.?){0,4})[\s.]*$"
)
MAX_SIGNATURE_WORDS = 5


@dataclass(frozen=True, slots=True)
class _Found:
    mention: QuoteMention
    speaker: Speaker
    direct: bool
    order: tuple[int, int]  # article, offset: where it first appears


def find_quotes(
    articles: Sequence[Article],
    spans: Mapping[str, Sequence[EntitySpan]],
    table: SentenceTable | None = None,
) -> tuple[Quote, ...]:
    """Quotations and reported statements, merged across outlets, grouped by speaker.

    Speakers with quotes in the most outlets come first and the unknown speaker last;
    within a speaker, the quotes carried by the most outlets. ``table`` is accepted for
    the assembler's single call; quotes are judged on their own words, not on sentences.
    """
    del table
    names = story_names(articles, spans)
    found: list[_Found] = []
    for a_index, article in enumerate(articles):
        kept = [span for span, _ in usable_spans(article, spans.get(article.id, ()))]
        found.extend(_ArticleReader(article, a_index, kept, names).read())
    groups = _merge(found)
    return _order([_quote(group, names) for group in groups], found)


class _ArticleReader:
    def __init__(
        self, article: Article, index: int, spans: list[EntitySpan], names: StoryNames
    ) -> None:
        self.article = article
        self.index = index
        self.spans = spans
        self.names = names
        self.text = article.text
        self.starts = [s.start for s in article.sentences]
        surnames = Counter(
            e.name.split()[-1] for e in names.entities if e.kind == "person" and " " in e.name
        )
        self._shared_surnames = {w for w, n in surnames.items() if n > 1}
        self._span_starts = [s.start for s in spans]
        # Which people each surname or alias key may name (StoryNames.person's candidates).
        self._surnames: dict[str, set[str]] = defaultdict(set)
        for entity in names.entities:
            if entity.kind == "person":
                self._surnames[key(entity.name).split()[-1]].add(entity.name)
                for alias in entity.aliases:
                    self._surnames[key(alias)].add(entity.name)
        self._people: dict[str, str | None] = {}
        self._canonicals: dict[str, str] = {}
        tagged = frozenset(names.canonical(s.text) for s in spans if s.kind == "person")
        self.resolver = Resolver(names, tagged=tagged)

    def read(self) -> list[_Found]:
        found: list[_Found] = []
        quotes = quoted_spans(self.text)
        quote_ends = [q.end for q in quotes]  # quotations do not overlap: ends are in order
        by_sentence: dict[int, list[QuotedSpan]] = defaultdict(list)
        for quote in quotes:
            by_sentence[self._sentence_at(quote.open_mark)].append(quote)
        last_direct: tuple[int, Speaker] | None = None  # sentence, speaker
        last_close = -1
        for sentence in self.article.sentences:
            inside = []
            for quote in quotes[bisect.bisect_right(quote_ends, sentence.start) :]:
                if quote.start >= sentence.end:
                    break
                inside.append(quote)
            self._mentions(sentence, inside)
            results = [
                self._direct(quote, sentence, last_close, last_direct)
                for quote in by_sentence.get(sentence.index, [])
            ]
            results = _share_speaker(results)
            for found_quote, attribution in results:
                found.append(found_quote)
                close = found_quote.mention.end
                last_close = max(last_close, close)
                if found_quote.speaker.name is not None:
                    # The quotation runs on after its attribution's sentence too:
                    # '"Why now?" Roe asked. "..."' splits after the question mark.
                    ends = max(close, attribution.verb)
                    last_direct = (self._sentence_at(ends), found_quote.speaker)
                self._heard(sentence.index, attribution, found_quote.speaker)
            if not inside:
                reported = self._reported(sentence)
                if reported is not None:
                    found.append(reported)
        return found

    def _mentions(self, sentence: Sentence, inside: list[QuotedSpan]) -> None:
        """Tell the resolver who the sentence names outside its quotations, and who is its
        subject: a name among its first words, or "He"/"She" opening it (resolved now, so
        that a chain of pronouns keeps its person)."""
        if word_count(self.text[sentence.start : sentence.end]) < MIN_CLAUSE_WORDS:
            return  # "Harsh?": a fragment has no subject, and a word in it names no one
        opening = _OPENING_PRONOUN.match(self.text, sentence.start)
        if opening is not None:
            word, at = _POSSESSIVE.get(opening.group(1), opening.group(1).lower()), opening.start(1)
            speaker = self.resolver.resolve(sentence.index, word, at)
            if speaker.name is not None:
                self.resolver.mentioned(sentence.index, speaker.name, speaker.kind, at, rank=1)
            else:
                self.resolver.unresolved(sentence.index, word, at, rank=1)
        own = self._spans_in(sentence.start, sentence.end)
        if opening is None:
            self._described_subject(sentence)
        for span in own:
            if any(q.open_mark <= span.start <= q.end for q in inside):
                continue
            name = self._canonical(span.text)
            kind = self.names.kind.get(name, span.kind)
            if kind == "person" and self._after_the(span.start):
                continue  # "the Clinton campaign": a person's name after "the" modifies a noun
            if kind == "organisation" and (
                span.kind == "person"
                or (not plainly_org(name) and title_before(self.text, span.start))
            ):
                kind = "person"  # "Former Gov. Ed Roe": spaCy's organisation has a title
            self.resolver.mentioned(
                sentence.index, name, kind, span.start, rank=self._opens(sentence, span.start)
            )
        for run in _CAPITALISED_RUN.finditer(self.text, sentence.start, sentence.end):
            # Names spaCy did not tag ("Trump responded ...", "Ivanka Trump acknowledged"):
            # the story's person, by the whole run of capitalised words or one of them.
            if any(s.start <= run.start() < s.end for s in own) or any(
                q.open_mark <= run.start() <= q.end for q in inside
            ):
                continue
            whole = self._canonical(run.group()) if " " in run.group() else ""
            if self.names.kind.get(whole) == "person" and not self._after_the(run.start()):
                rank = self._opens(sentence, run.start())
                self.resolver.mentioned(sentence.index, whole, "person", run.start(), rank)
                continue
            for word in _CAPITALISED.finditer(run.group()):
                self._surname_mention(sentence, run.start() + word.start(), word.group(), own)

    def _surname_mention(
        self, sentence: Sentence, at: int, word: str, own: list[EntitySpan]
    ) -> None:
        person = self._person_named(word)
        shared = word in self._shared_surnames
        if (person is None and not shared) or any(s.start <= at < s.end for s in own):
            return
        if self._after_the(at):
            return
        rank = self._opens(sentence, at)
        if person is not None:
            self.resolver.mentioned(sentence.index, person, "person", at, rank)
        elif rank:
            # "Trump himself was delighted": one of several Trumps opens the sentence;
            # which one is not for us to guess, but it is the subject.
            self.resolver.unresolved(sentence.index, "", at, rank)

    def _described_subject(self, sentence: Sentence) -> None:
        """A sentence whose subject is a description of a person ("The Republican is ...",
        "The former governor said ..."): that person is its subject, though unnamed, so a
        pronoun after it does not pass over it to a name it only mentions ("... and Clinton
        did not."), and the person ``_described`` finds is."""
        match = _DESCRIBED_SUBJECT.match(self.text, sentence.start, sentence.end)
        if (
            match is None
            or not (has_role_word(match.group(1)) or _CAPITALISED.search(match.group(1), 1))
            or self._spans_in(match.start(1), match.end(1))
        ):
            return  # no description, or one of a thing, or a name ("The White House said")
        at = match.start(1)
        speaker = self._described(sentence.index, match.group(1), at)
        if speaker.name is not None:
            self.resolver.mentioned(sentence.index, speaker.name, speaker.kind, at, rank=1)
        else:
            self.resolver.unresolved(sentence.index, "", at, rank=1)

    def _after_the(self, at: int) -> bool:
        return _THE_BEFORE.search(self.text, max(0, at - 5), at) is not None

    def _spans_in(self, start: int, end: int) -> list[EntitySpan]:
        low = bisect.bisect_left(self._span_starts, start)
        high = bisect.bisect_left(self._span_starts, end)
        return self.spans[low:high]

    def _canonical(self, text: str) -> str:
        if text not in self._canonicals:
            self._canonicals[text] = self.names.canonical(text)
        return self._canonicals[text]

    def _person_named(self, word: str) -> str | None:
        """The story's person a lone capitalised word names, if any."""
        if word in self._people:
            return self._people[word]
        canonical = self._canonical(word)
        if self.names.kind.get(canonical) == "person" and canonical != word:
            found: str | None = canonical
        elif len(self._surnames.get(key(word), ())) == 1:
            found = self.names.person(word)  # the story's own rule, where it can answer
        else:
            found = None
        self._people[word] = found
        return found

    def _opens(self, sentence: Sentence, at: int) -> int:
        """1 when the name at ``at`` is its sentence's subject: among its first words, or
        straight after one opening phrase ("In a statement on Friday, Roe ...")."""
        if at - sentence.start > MAX_LEAD_CHARS:
            return 0  # past any title or opening phrase: the name is not the subject
        lead = self.text[sentence.start : at]
        name = _NAME_AT.match(self.text, at)
        if name is not None and (
            self.text[name.end() : name.end() + 2] in ("'s", "’s")
            or self._title_then_name(name.end())
        ):
            return 0  # "Roe's campaign manager ...", "Roe spokesman Ann Lee": modifiers
        lead_words = word_count(lead)
        if (
            lead_words <= MAX_LEAD_WORDS
            and not _NOT_SUBJECT_LEAD.search(lead)
            and not _VERB_IN_LEAD.search(lead)
        ):
            return 1
        if lead_words <= MAX_TITLED_LEAD_WORDS:
            title = title_before(self.text, at)
            if title is not None and lead_words - word_count(title) <= 1:
                return 1  # "The Daily Post columnist Ann Roe has ..."
        intro = _INTRO_PHRASE.match(lead)
        if intro is None:
            return 0
        # Names inside an adverbial opening are its objects ("In an interview with Ann
        # Lee, Roe said"); in any other they may be a subject of their own ("Lee, Roe").
        return int(
            _ADVERBIAL.match(intro.group(1)) is not None
            or not self._spans_in(sentence.start, sentence.start + intro.end(1))
        )

    def _title_then_name(self, at: int) -> bool:
        match = _TITLE_THEN_NAME.match(self.text, at)
        return match is not None and has_role_word(match.group(1))

    def _heard(self, sentence: int, attribution: Attribution, speaker: Speaker) -> None:
        """Tell the resolver who spoke in the sentence: a name, a resolved pronoun or
        description, or a subject it could not name ("he", "a senior official") that a
        later pronoun may mean as well as anyone named before."""
        at = attribution.subject if attribution.subject >= 0 else attribution.verb
        if attribution.name is not None:
            self.resolver.heard(sentence, attribution)
        elif speaker.name is not None and (attribution.pronoun or attribution.words):
            self.resolver.mentioned(sentence, speaker.name, speaker.kind, at, rank=2)
        elif attribution.pronoun is not None:
            self.resolver.unresolved(sentence, attribution.pronoun, at, rank=2)
        elif (
            attribution.words is not None
            and has_role_word(attribution.words)
            and not _SUBORDINATE.search(self.text, max(0, at - 12), attribution.verb)
        ):
            meant = self._described(sentence, attribution.words, at)
            if meant.name is not None:
                self.resolver.mentioned(sentence, meant.name, meant.kind, at, rank=2)
            else:
                self.resolver.unresolved(sentence, "", at, rank=2)

    def _described(self, sentence: int, words: str, at: int) -> Speaker:
        """Whom a description of a person as a subject means, for later pronouns: the one
        person whose role it repeats, else, for a definite one, news copy's varied naming
        of the subject just before ("Roe says ... The Republican nominee noted ...")."""
        speaker = self.resolver.described(sentence, words)
        if speaker.name is None and _DEFINITE_DESCRIPTION.match(words):
            speaker = self.resolver.resolve(sentence, ANY_PERSON, at, subjects_only=True)
        return speaker

    def _sentence_at(self, offset: int) -> int:
        return max(bisect.bisect_right(self.starts, offset) - 1, 0)

    def _sentence(self, index: int) -> Sentence:
        return self.article.sentences[index]

    def _direct(
        self,
        quote: QuotedSpan,
        sentence: Sentence,
        last_close: int,
        last_direct: tuple[int, Speaker] | None,
    ) -> tuple[_Found, Attribution]:
        close = quote.close_mark if quote.close_mark is not None else quote.end
        closing = self._sentence(self._sentence_at(close))
        next_open = self._next_open(close, self._tail_end(quote, closing))
        tail = (close + 1, next_open)
        head = (max(sentence.start, last_close + 1), quote.open_mark)
        opens_sentence = not self.text[head[0] : quote.open_mark].strip(" \t'")
        attribution = Attribution()
        if not opens_sentence:
            # 'Roe said, "..."' and 'Roe boasted, "..." when Lee blasted him': the words
            # before a quotation inside a sentence name its speaker before any after it.
            attribution = self._head(head) or attribution
        if not (attribution.name or attribution.pronoun) and quote.close_mark is not None:
            attribution = self._tail(tail)
        if not (attribution.name or attribution.pronoun) and not opens_sentence:
            attribution = self._head(head) or attribution
        if not attribution.found and opens_sentence:
            attribution = self._introduced(quote, sentence) or attribution
        previous = None
        if not attribution.found and opens_sentence and self._ends_sentence(quote):
            previous = self._previous_tail(sentence)
            attribution = previous or attribution
        speaker = self._speaker(attribution, sentence.index)
        words = attribution.words
        if (
            (not attribution.found or (previous is not None and speaker.name is None))
            and opens_sentence
            and self._ends_sentence(quote)
            and last_direct is not None
            and self._runs_on(last_direct, sentence)
        ):
            speaker, words = last_direct[1], None  # a quotation running on from the last
        mention = QuoteMention(
            article_id=self.article.id,
            outlet=self.article.outlet,
            text=self.text[quote.start : quote.end],
            start=quote.start,
            end=quote.end,
            sentence=sentence.index,
            attribution=words,
        )
        return _Found(mention, speaker, True, (self.index, quote.start)), attribution

    def _previous_tail(self, sentence: Sentence) -> Attribution | None:
        """'"It's sad," Roe said. "And ..."' and 'The vote may slip, Roe said. "..."': a
        quotation that opens the sentence after one that ends on its attribution is that
        speaker's too (the first quotation may be too short to be a quote of its own)."""
        if sentence.index == 0:
            return None
        before = self._sentence(sentence.index - 1)
        if "\n" in self.text[before.end : sentence.start]:
            return None
        if self.text[before.start : before.start + 1] in _QUOTE_MARKS:
            close = max(self.text.rfind(mark, before.start + 1, before.end) for mark in "\"”'")
            if close < 0:
                return None
            found = self._tail((close + 1, before.end))
            return found if found.name else None
        verbs = list(SPEECH_VERB.finditer(self.text, before.start, before.end))
        if not verbs or word_count(self.text[verbs[-1].end() : before.end]) > MAX_TAIL_WORDS:
            return None
        verb = verbs[-1]
        comma = self.text.rfind(",", before.start, verb.start())  # "..., Roe said."
        if comma < 0:
            return None
        found = attribute(self.text, (comma + 1, before.end), verb, self.spans, self.names)
        return found if found.name or found.pronoun else None

    def _runs_on(self, last: tuple[int, Speaker], sentence: Sentence) -> bool:
        """A quotation continues the last speaker's: the next sentence, or a later one in
        the same paragraph with no one else named in between ('"...," Roe said. He did not
        say more. "..."')."""
        if sentence.index - last[0] <= 1:
            return True
        if sentence.index - last[0] > MAX_RUN_ON_SENTENCES:
            return False
        between = self.text[self._sentence(last[0]).end : sentence.start]
        if "\n" in between:
            return False
        return not self.resolver.others_named(last[0] + 1, sentence.index, last[1].name)

    def _ends_sentence(self, quote: QuotedSpan) -> bool:
        """Nothing but punctuation follows the quotation in its sentence: it is not the
        subject or object of a sentence of its own ('"..." was written by Roe')."""
        if quote.close_mark is None:
            return True
        closing = self._sentence(self._sentence_at(quote.close_mark))
        return not word_count(self.text[quote.close_mark + 1 : closing.end])

    def _tail_end(self, quote: QuotedSpan, closing: Sentence) -> int:
        """Where the words after a quotation may name its speaker: to the end of its
        sentence, or of the next one in the paragraph when the quotation ends on a question
        or an exclamation ("“Why now?” Roe asked." splits into two sentences)."""
        close = quote.close_mark
        if close is None or self.text[close + 1 : closing.end].strip():
            return closing.end
        if not self.text[quote.start : quote.end].rstrip().endswith(("?", "!", "—", "…", "-")):
            return closing.end
        following = closing.index + 1
        if following >= len(self.article.sentences):
            return closing.end
        after = self._sentence(following)
        gap = self.text[closing.end : after.start]
        if "\n" in gap or self.text[after.start : after.start + 1] in _QUOTE_MARKS:
            return closing.end
        verb = SPEECH_VERB.search(self.text, after.start, after.end)
        if verb is None or word_count(self.text[after.start : verb.start()]) > MAX_SUBJECT_WORDS:
            return closing.end
        return after.end

    def _introduced(self, quote: QuotedSpan, sentence: Sentence) -> Attribution | None:
        """A quotation that opens its paragraph after "Roe said:" or "The Daily reports:",
        a transcript's "ROE: ..." label, or one closed by a dash and a name ("..." - Ann Roe)."""
        label = _LABEL.match(self.text, quote.start)
        if label is not None:
            word = label.group(1)
            name = self.names.speaker_name(word.title())
            kind = self.names.kind.get(name, "person")
            kind = "organisation" if kind == "organisation" else "person"
            return Attribution(name=name, kind=kind, words=word, verb=label.start(1))
        dash = self._dashed(quote)
        if dash is not None:
            return dash
        line_start = self.text.rfind("\n", 0, quote.open_mark) + 1
        if self.text[line_start : quote.open_mark].strip() or sentence.index == 0:
            return None
        before = self._sentence(sentence.index - 1)
        if not self.text[before.start : before.end].rstrip().endswith(":"):
            return None
        if self.text[before.end : quote.open_mark].count("\n") > 2:
            return None  # a blank line or two between, no more
        return self._head((before.start, before.end))

    def _dashed(self, quote: QuotedSpan) -> Attribution | None:
        """A quoted paragraph signed at its end with a dash and a name: '"..." ― Ann Roe'
        (readers' comments, epigraphs). The signature closes the line, so a quotation
        nested inside ('what he calls "hell"') does not hide it."""
        line_end = self.text.find("\n", quote.open_mark)
        line_end = len(self.text) if line_end < 0 else line_end
        match = _SIGNED_LINE.search(self.text, quote.open_mark, line_end)
        if match is None:
            return None
        signed = match.group(1)
        if word_count(signed) > MAX_SIGNATURE_WORDS:
            return None
        at = match.start(1)
        for span in self.spans:
            if span.end > at and span.start < match.end(1) and span.kind == "place":
                return None  # "― Dayton, Ohio": a place line, not a name
        name = self.names.speaker_name(signed)
        kind = self.names.kind.get(name, "person")
        kind = "organisation" if kind == "organisation" and plainly_org(name) else "person"
        return Attribution(name=name, kind=kind, words=signed, verb=match.start(), subject=at)

    def _next_open(self, after: int, limit: int) -> int:
        for mark in ('"', "“", "''"):
            found = self.text.find(mark, after + 1, limit)
            if found >= 0:
                limit = found
        return limit

    def _tail(self, region: tuple[int, int]) -> Attribution:
        """The first speech verb after the quotation that names a speaker (or a pronoun);
        else the first verb's description of one."""
        first = Attribution()
        for match in SPEECH_VERB.finditer(self.text, region[0], region[1]):
            found = attribute(self.text, region, match, self.spans, self.names)
            if found.name or found.pronoun:
                return found
            if not first.found:
                first = found
        return first

    def _head(self, region: tuple[int, int]) -> Attribution | None:
        """The verb nearest the quotation first; a participle ("noted ..., saying")
        takes its subject from the verb before it."""
        matches = list(SPEECH_VERB.finditer(self.text, region[0], region[1]))
        first: Attribution | None = None
        for match in reversed(matches):
            found = attribute(self.text, region, match, self.spans, self.names)
            if found.name or found.pronoun:
                return found
            if first is None and _COMMA_PARTICIPLE.match(self.text[: match.end()][-40:]):
                # "Roe was defensive when asked about it, saying, '...'": the participle's
                # subject is the sentence's own.
                subject = self._sentence_subject(region[0], match.start())
                if subject is not None:
                    return subject
            first = first or found
        return first

    def _sentence_subject(self, start: int, verb: int) -> Attribution | None:
        sentence = self._sentence(self._sentence_at(start))
        opening = _OPENING_PRONOUN.match(self.text, sentence.start)
        if opening is not None and opening.group(1) in ("He", "She"):
            word = opening.group(1)
            return Attribution(
                pronoun=word.lower(), words=word, verb=verb, subject=opening.start(1)
            )
        for span in self.spans:
            if span.start < sentence.start or span.end > verb:
                continue
            if self._opens(sentence, span.start):
                kind = self.names.kind.get(self.names.canonical(span.text), span.kind)
                if kind == "place":
                    return None
                name = self.names.speaker_name(span.text)
                kind = "person" if kind == "person" or span.kind == "person" else "organisation"
                return Attribution(
                    name=name, kind=kind, words=span.text, verb=verb, subject=span.start
                )
            break
        return None

    def _speaker(self, attribution: Attribution, sentence: int) -> Speaker:
        if attribution.name is not None:
            return Speaker(attribution.name, attribution.kind, attribution.role)
        if attribution.pronoun is not None:
            at = attribution.subject if attribution.subject >= 0 else attribution.verb
            return self.resolver.resolve(sentence, attribution.pronoun, at)
        if attribution.words is not None:
            return self.resolver.described(sentence, attribution.words)
        return UNKNOWN

    def _reported(self, sentence: Sentence) -> _Found | None:
        """ "X said (that) ...", "..., X said." and "according to X, ..." with a named
        (or resolved) speaker; unnamed sources are left to the summary."""
        region = (sentence.start, sentence.end)
        for match in REPORTING_VERB.finditer(self.text, *region):
            if match.group().lower() == "saying":
                continue
            attribution = attribute(self.text, region, match, self.spans, self.names)
            if not (attribution.name or attribution.pronoun):
                if attribution.words is not None and has_role_word(attribution.words):
                    self._heard(sentence.index, attribution, UNKNOWN)  # "an aide said ..."
                continue
            speaker = self._speaker(attribution, sentence.index)
            # "..., he argued, ...": who spoke carries on to the next pronoun, reported
            # words or not.
            self._heard(sentence.index, attribution, speaker)
            clause = self._clause(sentence, match, attribution)
            if clause is None or speaker.name is None:
                continue  # "When he wrote his book, Roe said ...": the next verb may name one
            start, end = clause
            mention = QuoteMention(
                article_id=self.article.id,
                outlet=self.article.outlet,
                text=self.text[start:end],
                start=start,
                end=end,
                sentence=sentence.index,
                attribution=attribution.words,
            )
            return _Found(mention, speaker, False, (self.index, start))
        return None

    def _clause(
        self, sentence: Sentence, verb: re.Match[str], attribution: Attribution
    ) -> tuple[int, int] | None:
        """The reported words: after the verb, or before the attribution's comma."""
        text = self.text
        subject = attribution.subject if attribution.subject >= 0 else verb.start()
        before = text[sentence.start : subject].rstrip()
        if verb.group().lower().startswith("according"):
            rest = text[verb.end() : sentence.end]
            comma = rest.find(",")
            if before.endswith(","):
                start, end = sentence.start, sentence.start + len(before) - 1
            elif comma >= 0:
                start, end = verb.end() + comma + 1, sentence.end
            else:
                return None
        elif (comma := _attribution_comma(before)) >= 0 and _ends_sentence(
            text[verb.end() : sentence.end]
        ):
            start, end = sentence.start, sentence.start + comma
        else:
            rest = text[verb.end() : sentence.end]
            that = _THAT.search(rest)
            if that and word_count(rest[: that.start()]) <= MAX_WORDS_BEFORE_THAT:
                start = verb.end() + that.end()
            elif verb.group() in _NEEDS_THAT:
                return (
                    None  # "told the council the state had ...": where the listener ends is a guess
                )
            else:
                lead = _REPORTED_LEAD.match(rest)
                start = verb.end() + (lead.end() if lead else 0)
            end = sentence.end
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1] in " .,;:\n":
            end -= 1
        if word_count(text[start:end]) < MIN_REPORTED_WORDS:
            return None
        return start, end


def _attribution_comma(before: str) -> int:
    """Where "..., White House spokesman" starts: the comma before a short subject phrase
    that closes a reported clause of its own; -1 when there is none."""
    comma = before.rfind(",")
    if comma < 0 or word_count(before[comma:]) > MAX_SUBJECT_WORDS:
        return -1
    return comma if word_count(before[:comma]) >= MIN_REPORTED_WORDS else -1


def _ends_sentence(after_verb: str) -> bool:
    """After "..., X said" only a short tail may follow ("in a statement on Friday"), and
    a participle clause of the speaker's own (", rebutting claims that ...")."""
    participle = _PARTICIPLE_CLAUSE.search(after_verb)
    if participle is not None:
        after_verb = after_verb[: participle.start()]
    return not _THAT.search(after_verb) and word_count(after_verb) <= MAX_TAIL_WORDS


def _share_speaker(
    results: list[tuple[_Found, Attribution]],
) -> list[tuple[_Found, Attribution]]:
    """Quotations in one sentence with one named speaker between them are all theirs:
    'Muallem said "..." and "..."', '"...", something "..." so far, Toner said'."""
    speakers = {f.speaker for f, a in results if f.speaker.name is not None}
    if len(speakers) != 1:
        return results
    (speaker,) = speakers
    return [
        (f if f.speaker.name is not None or a.pronoun else _with_speaker(f, speaker), a)
        for f, a in results
    ]


def _with_speaker(found: _Found, speaker: Speaker) -> _Found:
    return _Found(found.mention, speaker, found.direct, found.order)


def _merge(found: list[_Found]) -> list[list[_Found]]:
    """Groups of mentions that are one statement: pairs the judge calls the same, best
    first, never two mentions from one article in a group (two remarks of one speaker in
    one report are two remarks), never a quotation with reported speech. Reported speech
    also needs the same speaker, since its wording is the outlet's own. Quotations are
    given to the judge in quotation marks, so its rule for quotations applies to them:
    they must share their words, not only their topic."""
    if not found:
        return []
    texts = [f'"{f.mention.text}"' if f.direct else f.mention.text for f in found]
    features = text_features(texts, get_embedder())
    scores = same_scores(features, np.arange(len(found)))
    parent = list(range(len(found)))
    articles: list[set[str]] = [{f.mention.article_id} for f in found]

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    pairs = sorted(
        (
            (float(scores[i, j]), i, j)
            for i in range(len(found))
            for j in range(i + 1, len(found))
            if scores[i, j] >= SAME_THRESHOLD
        ),
        reverse=True,
    )
    for _, i, j in pairs:
        a, b = root(i), root(j)
        if a == b or articles[a] & articles[b] or found[i].direct != found[j].direct:
            continue
        if not found[i].direct and found[i].speaker.name != found[j].speaker.name:
            continue
        parent[a] = b
        articles[b] |= articles[a]
    _attach_fragments(found, scores, root, parent)
    groups: dict[int, list[_Found]] = defaultdict(list)
    for i, item in enumerate(found):
        groups[root(i)].append(item)
    return list(groups.values())


def _attach_fragments(
    found: list[_Found],
    scores: NDArray[np.float32],
    root: Callable[[int], int],
    parent: list[int],
) -> None:
    """A quotation left alone because its article is already in a group joins that group
    when it is a cut of the group's fullest wording: outlets split one long remark into
    two quotations ("..." she said. "...") that another outlet quotes whole."""
    members: dict[int, list[int]] = defaultdict(list)
    for i in range(len(found)):
        members[root(i)].append(i)
    for i, own in list(members.items()):
        if len(own) != 1:
            continue
        best, best_score = -1, float(SAME_THRESHOLD)
        for r, group in members.items():
            if len(group) < 2 or not found[group[0]].direct or not found[i].direct:
                continue
            fullest = max(group, key=lambda g: len(found[g].mention.text))
            if found[fullest].mention.article_id == found[i].mention.article_id:
                continue
            if scores[i, fullest] >= best_score and _contains(found[fullest], found[i]):
                best, best_score = r, float(scores[i, fullest])
        if best >= 0:
            parent[i] = best
            members[best].append(i)


def _contains(longer: _Found, shorter: _Found) -> bool:
    words = set(content_words(normalize_for_matching(longer.mention.text)))
    cut = content_words(normalize_for_matching(shorter.mention.text))
    return bool(cut) and sum(w in words for w in cut) / len(cut) >= FRAGMENT_CONTAINMENT


def _quote(group: list[_Found], names: StoryNames) -> Quote:
    group = sorted(group, key=lambda f: f.order)
    named = Counter((f.speaker.name, f.speaker.kind) for f in group if f.speaker.name)
    if named:
        first = {(f.speaker.name, f.speaker.kind): i for i, f in reversed(list(enumerate(group)))}
        name, kind = min(named, key=lambda s: (-named[s], s[1] != "person", first[s]))
        roles = Counter(f.speaker.role for f in group if f.speaker.name == name and f.speaker.role)
        known = names.roles.get(name or "", ())
        role = roles.most_common(1)[0][0] if roles else (known[0] if known else None)
        speaker = Speaker(name=name, kind=kind, role=role)
    else:
        speaker = UNKNOWN
    fullest = max(group, key=lambda f: len(f.mention.text))
    return Quote(
        speaker=speaker,
        text=fullest.mention.text,
        direct=group[0].direct,
        mentions=tuple(f.mention for f in group),
    )


def _order(quotes: list[Quote], found: list[_Found]) -> tuple[Quote, ...]:
    """By speaker (most outlets, then most quotes; unknown last), then by outlets."""
    first = {(f.mention.article_id, f.mention.start): f.order for f in found}

    def position(quote: Quote) -> tuple[int, int]:
        return min(first[(m.article_id, m.start)] for m in quote.mentions)

    by_speaker: dict[str | None, list[Quote]] = defaultdict(list)
    for quote in quotes:
        by_speaker[quote.speaker.name].append(quote)
    # One role per speaker across their quotes, so the outputs can group on Speaker.
    for name, own in by_speaker.items():
        if name is None:
            continue
        roles = Counter(q.speaker.role for q in own if q.speaker.role)
        role = roles.most_common(1)[0][0] if roles else None
        kinds = Counter(q.speaker.kind for q in own)
        speaker = Speaker(name=name, kind=kinds.most_common(1)[0][0], role=role)
        by_speaker[name] = [
            Quote(speaker=speaker, text=q.text, direct=q.direct, mentions=q.mentions) for q in own
        ]

    def speaker_rank(name: str | None) -> tuple[bool, int, int, tuple[int, int]]:
        own = by_speaker[name]
        outlets = {o for q in own for o in q.outlets}
        return (name is None, -len(outlets), -len(own), min(position(q) for q in own))

    ordered: list[Quote] = []
    for name in sorted(by_speaker, key=speaker_rank):
        ordered.extend(
            sorted(
                by_speaker[name],
                key=lambda q: (-len(q.outlets), not q.direct, -len(q.mentions), position(q)),
            )
        )
    return tuple(ordered)
