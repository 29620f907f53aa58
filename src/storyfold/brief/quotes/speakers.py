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
from storyfold.model import Speaker
from storyfold.nlp.ner import EntitySpan

# Longer forms first, so "was quoted as saying" wins over "saying".
# Lower case only: "States" in "United States" and "Says" in a headline are no verbs.
SPEECH_VERB = re.compile(
    r"\b(?:(?:was|were|is|are)\s+quoted\s+as\s+saying|[Aa]ccording\s+to|said|says|told|"
    r"tells|added|adds|noted|stated|wrote|writes|asked|explained|insisted|warned|declared|"
    r"announced|argued|continued|replied|stressed|confirmed|confirms|described|saying)\b"
)
PRONOUNS = {"he": "male", "she": "female", "it": "organisation", "they": "plural"}
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
_OBJECT_BEFORE = re.compile(r"\b(?:on|in|of|for|to|with|at|from|against|about|by|and|or)\s*$")
_ASIDE = re.compile(r",[^,\"“”]*,")
# A relative clause between subject and verb hides the names inside it:
# "Kerry, who held talks with Lavrov, said" is Kerry speaking.
_RELATIVE = re.compile(r",\s*(?:who|which|whose|where)\b[^,\"“”]*,\s*$")
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
    named = _named_before(text, region[0], v_start, spans, names)
    if named is not None:
        return named
    gap = _ASIDE.sub(" ", before).split()
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
    relative = _RELATIVE.search(text, region_start, verb)
    limit = relative.start() if relative else verb
    for span in reversed(spans):
        if span.end > limit:
            continue
        if span.start < region_start:
            break
        gap = text[span.end : limit]
        if _QUOTE_MARK.search(gap):
            break
        words = _ASIDE.sub(" ", gap, count=1).split()
        if len(words) > MAX_GAP_WORDS or not all(_gap_word(w) for w in words):
            break
        if _OBJECT_BEFORE.search(text[max(region_start, span.start - 12) : span.start]):
            break  # "the UN's pointman on Syria said": Syria is not the speaker
        return _named(text, span, names, verb, subject=span.start)
    return _surname_before(text, region_start, limit, names)


def _title_gap(gap: str) -> bool:
    """What may stand between "according to"/"said" and a name: "the", or a title
    ("said White House spokesman Josh Earnest"); not a clause ("the officials, Russia")."""
    if _QUOTE_MARK.search(gap) or re.search(r"[,;.]", gap):
        return False
    return all(w in {"the", "a", "an"} or w[0].isupper() or has_role_word(w) for w in gap.split())


def _gap_word(word: str) -> bool:
    word = word.lower().strip(",;")
    return not word or word in _GAP_WORDS or word.endswith("ly")


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
    if name is None:
        return None
    span = EntitySpan(start, start + len(last.group()), "person", last.group())
    return _named(text, span, names, verb, subject=start)


def _subject_after(
    text: str,
    v_end: int,
    after: str,
    spans: Sequence[EntitySpan],
    names: StoryNames,
    verb: int,
) -> Attribution:
    region_end = v_end + len(after)
    for span in spans:
        if span.start < v_end:
            continue
        gap = text[v_end : span.start]
        if span.start < region_end and len(gap.split()) <= MAX_GAP_WORDS and _title_gap(gap):
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
    kind = "person" if kind == "person" else "organisation"
    role = role_at(text, span.start, span.end) if kind == "person" else None
    if role is None and kind == "person":
        known = names.roles.get(name, ())
        role = known[0] if known else None
    return Attribution(name=name, kind=kind, role=role, words=span.text, verb=verb, subject=subject)


@dataclass
class Resolver:
    """Resolves pronoun speakers in one article, in document order, to the nearest
    preceding named speaker that fits: a person for "he"/"she" (of that gender when the
    story tells it), an organisation for "it". "They" stays unknown."""

    names: StoryNames
    # Within this many sentences of the pronoun; further back, news copy renames.
    max_sentences: int = 4
    _speakers: list[tuple[int, str, str]] = field(default_factory=list)  # sentence, name, kind
    _gender: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._gender = dict(self.names.gender)

    def heard(self, sentence: int, attribution: Attribution) -> None:
        if attribution.name is not None:
            self._speakers.append((sentence, attribution.name, attribution.kind))

    def mentioned(self, sentence: int, name: str, kind: str) -> None:
        """A person named nearby who has not spoken counts only when the story tells their
        gender: "she said" after "spokeswoman Maria Zakharova confirmed ..." is hers."""
        if kind == "person" and name in self._gender:
            self._speakers.append((sentence, name, "mentioned"))

    def resolve(self, sentence: int, pronoun: str) -> Speaker:
        wanted = PRONOUNS.get(pronoun)
        speakers = [s for s in self._speakers if s[2] != "mentioned"]
        mentioned = [s for s in self._speakers if s[2] == "mentioned"]
        for spoke_at, name, kind in [*reversed(speakers), *reversed(mentioned)]:
            if sentence - spoke_at > self.max_sentences:
                continue
            if wanted == "organisation":
                if kind == "organisation":
                    return self.speaker(name, "organisation")
                continue
            if wanted not in ("male", "female") or kind == "organisation":
                continue
            known = self._gender.get(name)
            if known is not None and known != wanted:
                continue
            self._gender[name] = wanted
            return self.speaker(name, "person")
        return Speaker(name=None, kind="unknown")

    def speaker(self, name: str, kind: str) -> Speaker:
        roles = self.names.roles.get(name, ())
        return Speaker(name=name, kind=kind, role=roles[0] if roles else None)
