"""Who said it: the attribution of a quotation or a reported statement.

An attribution is a speech verb ("said", "told", "added", "according to") and its subject:
a name the NER found ("White House spokesman Josh Earnest said", "said Karim Bitar"), a
pronoun ("he said"), or a description that names nobody ("a diplomat in Damascus said").
Pronouns are resolved later, in document order, by ``Resolver``; a description stays an
unknown speaker: the text does not say who, so neither do we.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from storyfold.brief.entities.find import StoryNames
from storyfold.brief.entities.roles import has_role_word, role_at
from storyfold.brief.quotes.names import gender_of_first_name
from storyfold.brief.quotes.spans import word_count
from storyfold.model import Speaker
from storyfold.nlp.ner import EntitySpan
from storyfold.text.normalize import word_set

# Longer forms first, so "was quoted as saying" wins over "saying".
# Lower case only: "States" in "United States" and "Says" in a headline are no verbs.
# Reported speech without quotation marks takes only these common verbs (a quotation
# takes any of SPEECH_VERB): "claimed", "called" or "sings" before a clause are as often
# the outlet's framing as a report of words.
_REPORTING = (
    r"(?:was|were|is|are)\s+quoted\s+as\s+saying|[Aa]ccording\s+to|said|says|told|tells|"
    r"added|adds|noted|stated|wrote|writes|asked|explained|insisted|warned|declared|"
    r"announced|argued|continued|replied|stressed|confirmed|confirms|described|saying|"
    r"(?:Said|Added|Continued|Asked|Wrote|Replied)(?=\s+[A-Z])"
)
_MORE_SPEECH = (
    r"asks|asking|responded|responds|replies|interjected|fumed|tweeted|tweets|posted|"
    r"recalled|recalls|remarked|observed|joked|jokes|quipped|boasted|complained|complains|"
    r"conceded|acknowledged|admitted|admits|claimed|claiming|countered|predicted|predicts|"
    r"suggested|suggests|urged|urges|vowed|vows|promised|cautioned|emphasized|emphasised|"
    r"testified|contended|maintained|shouted|yelled|screamed|whispered|muttered|sang|sings|"
    r"concluded|agreed|retorted|asserted|asserts|proclaimed|lamented|mused|recounted|"
    r"wondered|pointed\s+out|went\s+on|reported|reports|explains|insists|argues|warns|"
    r"continues|notes|adding|noting|telling|arguing|warning|commented|answered|pleaded|"
    r"demanded|declares|announces|(?<!-)called|calls|calling|dubbed|labeled|labelled|"
    r"described|describes|describing|chimed\s+in|offered|echoed|touted|blasted|slammed|"
    r"thundered|exclaimed|explained|wrote|put\s+it|puts\s+it|likened|branded|exhorted|"
    r"accused|hailed|praised|pleaded|questioned|marveled|marvelled|recalled|concludes|"
    r"beamed|gloated|thanked|groused|derided|reflected|pondered|declaring|griped|scoffed|"
    r"snapped|sniped|mocked|tweeting|bragged|boasts|cheered|railed|wrote|opined|surmised|"
    r"asserting|promising|characterized|characterised|attacked|"
    r"interjecting|retorting|insisting|countering|responding|pleading|vowing"
)
SPEECH_VERB = re.compile(rf"\b(?:{_REPORTING}|{_MORE_SPEECH})\b")
REPORTING_VERB = re.compile(rf"\b(?:{_REPORTING})\b")
PRONOUNS = {"he": "male", "she": "female", "it": "organisation", "they": "plural"}
# What a description of a person ("the Republican nominee") may refer to: either gender.
ANY_PERSON = "person"
# Between a subject and its verb only a few words may stand ("Earnest also said",
# "Muallem for his part said"), besides one comma-enclosed aside that is skipped
# ("Kerry, who held talks with Lavrov, said"; "Zakharova, the ministry spokeswoman, told").
MAX_GAP_WORDS = 3
# An unnamed subject ("a US official", "the monitor") is at most this many words.
MAX_DESCRIPTION_WORDS = 7
# Words that may stand between a subject and its verb; any other word means the name
# belongs to a longer subject ("a US official said") or is an object ("envoy on Syria").
_GAP_WORDS = frozenset(
    [
        "also",
        "for",
        "his",
        "her",
        "its",
        "their",
        "part",
        "then",
        "later",
        "has",
        "had",
        "have",
        "was",
        "were",
        "is",
        "again",
        "once",
        "further",
        "however",
        "meanwhile",
        "previously",
        "repeatedly",
        "mr",
        "mr.",
        "ms",
        "ms.",
        "mrs",
        "mrs.",
        "newspaper",
        "daily",
        "agency",
        "television",
        "channel",
        "website",
    ]
)
# Nouns that end like adverbs: "Roe's family has called ..." names no Roe as the speaker.
_LY_NOUNS = frozenset(["family", "ally", "rally", "assembly", "july", "italy", "supply"])
# Where a subject phrase starts: after a quotation mark, a semicolon, a colon or a dash.
_BOUNDARY = re.compile(r"[\"“”;:\n]|\s[—–]\s|--")
_PARENTHETICAL = re.compile(r"\([^()]{0,60}\)")
# "of Springfield, Va.", "from Ohio": where a person is from, before their apposition.
_ORIGIN = re.compile(
    r"^\s*(?:,\s*\d+\s*)?(?:,?\s*(?:of|from)\s+[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*)*)"
)
# A place or organisation that goes on into a title or a possessive modifies the name after.
_MODIFIES_NEXT = re.compile(r"(?:['’]s\b|-based\b|\s+[a-z]+(?:\s+[a-z]+)?\s+[A-Z])")
_WHO_BEFORE = re.compile(r",\s*who\s+(?:also\s+|then\s+|later\s+)?$")
_PARTICIPLE = re.compile(r"[a-z]+ing\b")
_RELATIVE_START = re.compile(r"^\s*(?:who|whom|which|whose|where|when)\b")
# Words that make the next name a modifier inside an apposition ("the Cato Institute's").
_MODIFIER_BEFORE = re.compile(r"\b(?:the|a|an|former|its|his|her|their)\s*$", re.IGNORECASE)
# An apposition between a name and its verb may run this long ("Malkia Roe, the executive
# director at the Center for X and a producer of the film, said"); PolNeAR train.
MAX_ASIDE_WORDS = 24
_OBJECT_BEFORE = re.compile(r"\b(?:on|in|of|for|to|with|at|from|against|about|by|and|or)\s*$")
_ASIDE = re.compile(r",[^,\"“”]*,")
# "said Rep. Ann Roe", "said Mr. Roe": the dot of a short title is no sentence end.
_ABBREVIATED_TITLE = re.compile(r"\b[A-Z][a-z]{1,3}\.(?=\s)")
_CONTRACTED = re.compile(r"['’](?:s|d|ll)$")
# Capitalised words that end where a name the NER missed would end: "Zero Hedge".
_CAPITALISED_RUN = re.compile(r"(?:[A-Z][\w'’.&-]*\s+){0,4}[A-Z][\w'’.&-]*$")
_DOUBLE_MARK = re.compile(r"[\"“”]")
_QUOTE_MARK = re.compile(r"[\"“”‘’]")
_DESCRIPTION = re.compile(
    r"(?:^|[,;]\s*|\s)((?:[Tt]he|[Aa]n?|[Tt]wo|[Ss]ome)\s[^,;\"“”]+|[A-Z]\w+s)$"
)


@dataclass(frozen=True, slots=True)
class Attribution:
    """What the text says about who spoke: a name, a pronoun, a description or nothing."""

    name: str | None = None  # canonical name when the subject is named
    kind: str = "unknown"  # person / organisation / unknown
    role: str | None = None
    pronoun: str | None = None  # "he", "she", "it", "they"
    words: str | None = None  # how the text names the speaker, as written
    verb: int = -1  # offset of the speech verb; -1 when none was found
    subject: int = -1  # offset where the subject starts, when it stands before the verb

    @property
    def found(self) -> bool:
        return self.verb >= 0


def attribute(
    text: str,
    region: tuple[int, int],
    verb_match: re.Match[str],
    spans: Sequence[EntitySpan],
    names: StoryNames,
) -> Attribution:
    """The subject of the speech verb ``verb_match`` (offsets relative to ``text``) within
    ``region`` (start, end), looked for before the verb, then after it ("said Earnest")."""
    v_start, v_end = verb_match.start(), verb_match.end()
    before = text[region[0] : v_start]
    after = text[v_end : region[1]]
    verb = verb_match.group().lower()
    if verb.startswith("according"):
        return _subject_after(text, v_end, after, spans, names, v_start)
    if verb.endswith("ing") and not before.strip():
        return Attribution(verb=v_start)  # "..., saying he": "he" is what was said about
    named = _named_before(text, region[0], v_start, spans, names)
    if named is not None:
        return named
    # "He's claiming": a pronoun with its auxiliary contracted is the pronoun.
    gap = [_CONTRACTED.sub("", w) for w in _ASIDE.sub(" ", before).split()]
    if (gap and gap[-1].lower() in PRONOUNS) or (len(gap) > 1 and gap[-2].lower() in PRONOUNS):
        word = gap[-1] if gap[-1].lower() in PRONOUNS else gap[-2]
        at = region[0] + [m.start() for m in re.finditer(rf"\b{word}\b", before)][-1]
        return Attribution(pronoun=word.lower(), words=word, verb=v_start, subject=at)
    stripped = before.rstrip(" ,")
    if not stripped or stripped.endswith(("”", '"', "’", "'")):
        return _subject_after(text, v_end, after, spans, names, v_start)
    description = _DESCRIPTION.search(stripped)
    if description and len(description.group(1).split()) <= MAX_DESCRIPTION_WORDS:
        at = region[0] + description.start(1)
        return Attribution(words=description.group(1).strip(), verb=v_start, subject=at)
    return Attribution(verb=v_start)


def _named_before(
    text: str, region_start: int, verb: int, spans: Sequence[EntitySpan], names: StoryNames
) -> Attribution | None:
    """The head of the subject phrase before the verb: the first name in it that the rest of
    the phrase hangs on ("Donna Roe, 59, of Ashton, Md., said" is Roe; "NYPD Commissioner
    Jo Vance said" is Vance), never a name after a preposition, a possessive or inside an
    apposition ("an analyst at the Cato Institute")."""
    boundary = region_start
    for mark in _BOUNDARY.finditer(text, region_start, verb):
        boundary = mark.end()
    relative = _WHO_BEFORE.search(text, boundary, verb)
    if relative is not None:
        # "Stevie Roe, who joked of the museum, '...'": who is the name before "who".
        for span in spans:
            if span.end <= relative.start() and not text[span.end : relative.start()].strip():
                return _named(text, span, names, verb, subject=span.start)
    inside = [s for s in spans if s.start >= boundary and s.end <= verb]
    participle = _PARTICIPLE.match(text, verb) is not None
    for span in inside:
        if participle and text[span.end : verb].strip():
            continue  # "it attacked Roe, saying": Roe is the object of the main verb
        if _OBJECT_BEFORE.search(text[max(boundary, span.start - 12) : span.start]):
            continue  # "the UN's pointman on Syria said": Syria is not the speaker
        if _kind(span, names) == "place" and "," in text[boundary : span.start]:
            continue  # "of Ashton, Md.": a place after a comma is where someone is from
        if _hangs_on(text, span.end, verb, inside):
            return _named(text, span, names, verb, subject=span.start)
    if participle and text[boundary:verb].rstrip().endswith(","):
        return None
    return _surname_before(text, boundary, verb, names)


def _kind(span: EntitySpan, names: StoryNames) -> str:
    return names.kind.get(names.canonical(span.text), span.kind)


def _hangs_on(text: str, end: int, verb: int, spans: Sequence[EntitySpan]) -> bool:
    """Whether the words between a name (ending at ``end``) and its verb leave the name the
    subject: nothing but a few adverbs, a party tag "(D-Md.)", an origin "of Maryland", and
    one apposition between commas that names no one else except after a preposition."""
    between = _PARENTHETICAL.sub(" ", text[end:verb])
    if between.startswith(("'", "’")):
        return False  # "Clinton's spokesman Brian Fallon said": Clinton is a modifier
    between = _ORIGIN.sub("", between, count=1)
    words = between.split()
    while words and _gap_word(words[-1]):
        words.pop()
    if len(words) > 1 and words[0] != "," and words[0].endswith(",") and _gap_word(words[0]):
        words[0] = ","  # "Al-Watan newspaper, close to the government, said"
    rest = " ".join(words).strip()
    if not rest:
        return True
    if len(rest) < 2 or not (rest.startswith(",") and rest.endswith(",")):
        return False
    aside = rest[1:-1]
    if _DOUBLE_MARK.search(aside) or word_count(aside) > MAX_ASIDE_WORDS:
        return False
    if _RELATIVE_START.match(aside):
        return True  # "Kerry, who met Lavrov on Friday, said": the names inside are objects
    for other in spans:
        if other.start < end or other.end > verb or other.kind != "person":
            continue  # places and organisations in an apposition say where someone works
        before = text[max(end, other.start - 12) : other.start]
        if not _OBJECT_BEFORE.search(before) and not _MODIFIER_BEFORE.search(before):
            return False  # another subject inside: "After meeting Obama, Putin, ..."
    return True


def _title_gap(gap: str) -> bool:
    """What may stand between "according to"/"said" and a name: "the", or a title
    ("said White House spokesman Josh Earnest"); not a clause ("the officials, Russia")."""
    gap = _ABBREVIATED_TITLE.sub(" ", gap)
    if _QUOTE_MARK.search(gap) or re.search(r"[,;.]", gap):
        return False
    return all(
        w in {"the", "a", "an"} or w[0].isupper() or w[0].isdigit() or has_role_word(w)
        for w in gap.split()
    )


def _gap_word(word: str) -> bool:
    word = word.lower().strip(",;")
    return not word or word in _GAP_WORDS or (word.endswith("ly") and word not in _LY_NOUNS)


def _surname_before(
    text: str, region_start: int, verb: int, names: StoryNames
) -> Attribution | None:
    """A known person's name the NER missed ("Earnest said": an adjective to spaCy)."""
    words = list(re.finditer(r"[A-Z][\w'’.-]*", text[region_start:verb]))
    if not words:
        return None
    last = words[-1]
    gap = text[region_start + last.end() : verb].split()
    if len(gap) > MAX_GAP_WORDS or not all(_gap_word(w) for w in gap):
        return None
    start = region_start + last.start()
    name = names.person(last.group())
    if name is not None:
        span = EntitySpan(start, start + len(last.group()), "person", last.group())
        return _named(text, span, names, verb, subject=start)
    return _known_name_before(text, region_start, start + len(last.group()), verb, names)


def _known_name_before(
    text: str, region_start: int, end: int, verb: int, names: StoryNames
) -> Attribution | None:
    """A name the story knows (a person or an organisation the NER tagged elsewhere) that
    the NER missed here, ending at ``end`` just before the verb: "Zero Hedge asked",
    "Lynch said" (a surname spaCy took for an organisation). Places are no speakers."""
    run = _CAPITALISED_RUN.search(text, region_start, end)
    if run is None:
        return None
    words = run.group().split()
    if words[-1].endswith(("'s", "’s")):
        return None  # "Roe's family said": a possessive modifies the subject
    for first in range(len(words)):  # the longest known name first
        form = " ".join(words[first:])
        name = names.canonical(form)
        kind = names.kind.get(name)
        if kind not in ("person", "organisation"):
            continue
        if kind == "organisation" and (name in names.gender or gender_of_first_name(name)):
            kind = "person"  # "Loretta Lynch", tagged an organisation by spaCy at times
        at = end - len(form)
        if _OBJECT_BEFORE.search(text[max(region_start, at - 12) : at]) and not (
            _PARTICIPLE.match(text, verb) and not text[end:verb].strip()
        ):
            return None  # "a spokesman for the Harbour Trust said"; but "footage of Roe asking"
        span = EntitySpan(at, end, kind, form)
        return _named(text, span, names, verb, subject=at)
    return None


def _subject_after(
    text: str,
    v_end: int,
    after: str,
    spans: Sequence[EntitySpan],
    names: StoryNames,
    verb: int,
) -> Attribution:
    region_end = v_end + len(after)
    following = [s for s in spans if s.start >= v_end]
    for i, span in enumerate(following):
        gap = text[v_end : span.start]
        if span.start < region_end and len(gap.split()) <= MAX_GAP_WORDS and _title_gap(gap):
            for later in following[i + 1 : i + 3]:
                # "said European Council President Ann Roe": the council names her post
                between = text[span.end : later.start]
                if later.kind == "person" and later.start < region_end and _title_gap(between):
                    span = later
                    break
            else:
                if span.kind != "person" and _MODIFIES_NEXT.match(text, span.end):
                    break  # "said Ohio delegate Ann Roe" with Roe untagged: not Ohio
            return _named(text, span, names, verb)
        break
    words = after.split()
    if words and words[0][:1].isupper():
        name = names.person(words[0].strip(",.;"))
        if name is not None:
            word = words[0].strip(",.;")
            at = v_end + after.index(word)
            return _named(text, EntitySpan(at, at + len(word), "person", word), names, verb)
    if words and words[0].lower().strip(",.") in PRONOUNS:
        word = words[0].strip(",.")
        return Attribution(pronoun=word.lower(), words=word, verb=verb)
    phrase = re.split(r"[,;.]", after.strip(), maxsplit=1)[0].strip()
    if phrase and len(phrase.split()) <= MAX_DESCRIPTION_WORDS:
        return Attribution(words=phrase, verb=verb)
    return Attribution(verb=verb)


def _named(
    text: str, span: EntitySpan, names: StoryNames, verb: int, subject: int = -1
) -> Attribution:
    name = names.speaker_name(span.text)
    kind = names.kind.get(name, span.kind)
    # The subject of a speech verb tagged a person here is one, whatever most mentions say.
    kind = "person" if kind == "person" or span.kind == "person" else "organisation"
    role = role_at(text, span.start, span.end) if kind == "person" else None
    if role is None and kind == "person":
        known = names.roles.get(name, ())
        role = known[0] if known else None
    return Attribution(name=name, kind=kind, role=role, words=span.text, verb=verb, subject=subject)


# A description names a person when it repeats this many words of their role besides the
# role word ("the UN's pointman on Syria" and "UN Syria envoy": UN, Syria), and that
# person was named within this many sentences.
MIN_SHARED_ROLE_WORDS = 2
MAX_DESCRIBED_SENTENCES = 12
_DEFINITE = re.compile(r"^(?:[Tt]he|[A-Z][\w.]*['’]s)\s")
_STOP_ROLE = frozenset(["the", "a", "an", "of", "on", "for", "in", "at", "to", "and", "s"])


# Words that make a name plainly an organisation, not a person spaCy mislabelled.
_ORG_WORDS = word_set("""
    party committee council department ministry agency office university institute
    foundation association union company corporation group bank house court commission
    campaign administration government news times post journal network center centre
    league coalition service services board bureau fund press television radio trust
    authority
    """)


def plainly_org(name: str) -> bool:
    """A name that can only be an organisation: an acronym or one with an organisation word."""
    words = name.split()
    if len(words) == 1 and words[0].isupper():
        return True  # an acronym: "FBI", "NATO"
    return any(w.lower().strip(".,") in _ORG_WORDS for w in words)


def _role_words(phrase: str) -> set[str]:
    words = {re.sub(r"['’]s$", "", w).lower().strip(".,") for w in phrase.split()}
    return {
        w.replace(".", "")
        for w in words
        if w and w not in _STOP_ROLE and not has_role_word(w) and w[0].isalpha()
    }


@dataclass(frozen=True, slots=True)
class _Mention:
    sentence: int
    offset: int
    name: str  # "" for a subject the text names only by a pronoun we could not resolve
    kind: str  # person / organisation
    rank: int  # 2: subject of a speech verb; 1: opens its sentence; 0: named in passing
    gender: str | None = None


@dataclass
class Resolver:
    """Resolves pronoun speakers in one article to the subject they refer to: the nearest
    earlier sentence (within reach) that names someone, and in it the subject of its speech
    verb, else the name or pronoun that opens it, else the one name in it that fits. "He"
    and "she" take a person not known to be of the other gender, "it" an organisation.
    Where that sentence's subject does not fit, or two names fit and none is its subject,
    or nothing fits within reach, the speaker stays unknown; so does "they"."""

    names: StoryNames
    # Within this many sentences of the pronoun; further back news copy names the speaker
    # again. Tuned on PolNeAR dev (2: more unknown; 4: more wrong).
    max_sentences: int = 3
    # Names spaCy tagged a person at least once in the article.
    tagged: frozenset[str] = frozenset()
    _mentions: list[_Mention] = field(default_factory=list)
    _gender: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._gender = dict(self.names.gender)

    def heard(self, sentence: int, attribution: Attribution) -> None:
        if attribution.name is not None:
            at = attribution.subject if attribution.subject >= 0 else attribution.verb
            kind = self._person_or(attribution.name, attribution.kind)
            self._mentions.append(_Mention(sentence, at, attribution.name, kind, rank=2))

    def mentioned(
        self, sentence: int, name: str, kind: str, offset: int = -1, rank: int = 0
    ) -> None:
        """A name in the text outside quotations, with its rank as a subject. A place
        that is a sentence's subject acts for its government ("Washington has expressed
        concern"): an organisation there, which "he" or "she" does not pass over."""
        kind = self._person_or(name, kind)
        if kind == "place" and rank > 0:
            kind = "organisation"
        if kind in ("person", "organisation"):
            self._mentions.append(_Mention(sentence, offset, name, kind, rank))

    def unresolved(self, sentence: int, pronoun: str, offset: int, rank: int) -> None:
        """A subject named only by a pronoun that found no one: it still is the subject."""
        gender = PRONOUNS.get(pronoun)  # None for a name we cannot pin down
        kind = "organisation" if gender == "organisation" else "person"
        self._mentions.append(_Mention(sentence, offset, "", kind, rank, gender))

    def others_named(self, first: int, last: int, name: str | None) -> bool:
        """Whether sentences ``first`` to ``last`` (inclusive) name anyone but ``name``."""
        return any(first <= m.sentence <= last and m.name != name for m in self._mentions)

    def _person_or(self, name: str, kind: str) -> str:
        """spaCy calls many surnames organisations; a known woman's or man's name is a person."""
        if kind == "organisation" and (
            name in self._gender or gender_of_first_name(name) is not None
        ):
            return "person"
        return kind

    def resolve(
        self, sentence: int, pronoun: str, offset: int | None = None, subjects_only: bool = False
    ) -> Speaker:
        """The person or organisation ``pronoun`` refers to ("he", "she", "it"; ``ANY_PERSON``
        for a description of a person of either gender); ``subjects_only``: only the subject
        of an earlier sentence, never a name it mentions in passing."""
        wanted = ANY_PERSON if pronoun == ANY_PERSON else PRONOUNS.get(pronoun)
        if wanted not in ("male", "female", "organisation", ANY_PERSON):
            return Speaker(name=None, kind="unknown")
        by_sentence: dict[int, list[_Mention]] = {}
        for m in self._mentions:
            if sentence - m.sentence > self.max_sentences or m.sentence > sentence:
                continue
            if m.sentence == sentence and offset is not None and m.offset >= offset:
                continue
            by_sentence.setdefault(m.sentence, []).append(m)
        # No limit in paragraphs: every sentence passed on the way back named no one the
        # pronoun could mean, so a line of context between a speaker's paragraph and
        # their next quotation ("The Democrat's reply came in tweets.") does not cut the
        # chain; a subject it cannot mean stops it (below). PolNeAR train and dev.
        for at in sorted(by_sentence, reverse=True):
            mentions = sorted(by_sentence[at], key=lambda m: m.offset)
            top = max(m.rank for m in mentions)
            subjects = [m for m in mentions if m.rank == top and top > 0]
            # A named subject first: "When he wrote his book, Roe said ...": the pronoun
            # that found no one is the named subject's own.
            for subject in sorted(subjects, key=lambda m: not m.name):
                if self._fits(subject, wanted):
                    if not subject.name:
                        return Speaker(name=None, kind="unknown")
                    return self._chosen(subject, wanted)
            if subjects and not all(self._passed_over(m, wanted) for m in subjects):
                return Speaker(name=None, kind="unknown")  # its subject is not the pronoun's
            if not subjects and not subjects_only:
                fitting = [m for m in mentions if m.name and self._fits(m, wanted)]
                if len({m.name for m in fitting}) == 1:
                    return self._chosen(fitting[0], wanted)
                if fitting:
                    return Speaker(name=None, kind="unknown")  # two who fit: no guess
        return Speaker(name=None, kind="unknown")

    def described(self, sentence: int, words: str) -> Speaker:
        """The one person named within reach whose role the description repeats ("the
        Authority's pointman on the strike" for "Authority strike envoy Ann Roe"): at
        least MIN_SHARED_ROLE_WORDS of its words besides the role word itself."""
        wanted = _role_words(words)
        if len(wanted) < MIN_SHARED_ROLE_WORDS or not _DEFINITE.match(words):
            return Speaker(name=None, kind="unknown")
        found = {
            m.name
            for m in self._mentions
            if m.name
            and m.kind == "person"
            and 0 <= sentence - m.sentence <= MAX_DESCRIBED_SENTENCES
            and any(
                len(wanted & _role_words(role)) >= MIN_SHARED_ROLE_WORDS
                for role in self.names.roles.get(m.name, ())
            )
        }
        if len(found) != 1:
            return Speaker(name=None, kind="unknown")
        return self.speaker(found.pop(), "person")

    def _chosen(self, mention: _Mention, wanted: str) -> Speaker:
        # The pronoun's gender is not learnt for the name: one wrong guess would then
        # turn every later pronoun away from the right person.
        del wanted
        return self.speaker(mention.name, mention.kind)

    def _other_gender(self, mention: _Mention, wanted: str) -> bool:
        """A person known to be of the other gender: the pronoun passes over them."""
        if wanted == "organisation" or mention.kind != "person":
            return False
        known = self._known_gender(mention)
        return known is not None and known != wanted

    def _passed_over(self, mention: _Mention, wanted: str) -> bool:
        """A subject the pronoun cannot mean: a person of the other gender, or for "he" and
        "she" a name that is plainly an organisation ("the Ferry Workers Union")."""
        if self._other_gender(mention, wanted):
            return True
        return (
            wanted != "organisation"
            and mention.kind == "organisation"
            and plainly_org(mention.name)
        )

    def _known_gender(self, mention: _Mention) -> str | None:
        if not mention.name:
            return mention.gender
        return self._gender.get(mention.name) or gender_of_first_name(mention.name)

    def _fits(self, mention: _Mention, wanted: str) -> bool:
        if wanted == "organisation":
            return mention.kind == "organisation"
        if mention.kind != "person" and (
            mention.rank < 2 or plainly_org(mention.name) or mention.name not in self.tagged
        ):
            return False  # a speaker spaCy called an organisation, a person elsewhere
        known = self._known_gender(mention)
        return known is None or wanted in (known, ANY_PERSON)

    def speaker(self, name: str, kind: str) -> Speaker:
        roles = self.names.roles.get(name, ())
        return Speaker(name=name, kind=kind, role=roles[0] if roles else None)
