"""People, organisations and places a story names, with their roles and counts per outlet.

Built on the NER spans the brief computes once. spaCy's small model is noisy in three ways
handled here: fragments ("State", "T-90", "Sochi, Lavrov") are dropped; one name tagged a
person here and an organisation there is given the kind most of its mentions have; and
the many forms of one name are folded by ``AliasIndex``. Nationalities and other groups
("Russian", "Sunni") are left out: in news copy they are adjectives far more often than
actors, and they crowded out the people in every list we tried.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from storyfold.brief.entities.aliases import TABLE_KEYS, TABLE_KINDS, AliasIndex, display, key
from storyfold.brief.entities.kinds import ORGANISATION_HEADS, context_votes, head_kind
from storyfold.brief.entities.places import PLACE_NAMES
from storyfold.brief.entities.roles import TITLE_WORDS, gender_of, honorific_before, role_at
from storyfold.model import Article, Entity
from storyfold.nlp.ner import EntitySpan
from storyfold.text.normalize import fold_lookalikes

KINDS = ("person", "organisation", "place")
# Ties between kinds go to the first: spaCy mistakes surnames for organisations far more
# often than the reverse.
_KIND_ORDER = {kind: i for i, kind in enumerate(KINDS)}
# Single capitalised words spaCy tags as names that name nothing on their own.
_GENERIC = frozenset(
    [
        "state",
        "states",
        "defense",
        "defence",
        "islamic",
        "ministry",
        "government",
        "president",
        "army",
        "west",
        "east",
        "north",
        "south",
        "administration",
        "coalition",
        "regime",
        "opposition",
        "forces",
        "barrel",
        "republic",
        "department",
        "office",
        "council",
        "committee",
        "agency",
        "minister",
        "secretary",
    ]
)
# Lower-case particles that may start a name ("de Mistura", "al-Assad").
_PARTICLES = frozenset(
    ["de", "da", "di", "du", "van", "von", "der", "la", "le", "al", "el", "bin", "ibn"]
)
# All-capital words this long are shouted datelines and wire credits ("WASHINGTON",
# "REUTERS"), not acronyms; acronyms in the alias table pass anyway.
SHOUTED_LETTERS = 5
# A line this short that holds the author's name is a byline, not the story.
BYLINE_WORDS = 8
_DIGIT = re.compile(r"\d")
# Shorter surnames ("Li", "Ng") are too often other words or initials to count untagged.
MIN_SURNAME_LETTERS = 4
# Capitalised words that start sentences and must never be read as a surname.
_NOT_SURNAMES = frozenset(
    ["the", "he", "she", "it", "they", "but", "and", "in", "on", "mr", "ms", "mrs"]
)


@dataclass
class _Named:
    kinds: Counter[str] = field(default_factory=Counter)
    outlets: Counter[str] = field(default_factory=Counter)
    roles: Counter[str] = field(default_factory=Counter)
    role_form: dict[str, str] = field(default_factory=dict)  # lower-cased -> first form
    forms: Counter[str] = field(default_factory=Counter)
    genders: Counter[str] = field(default_factory=Counter)


@dataclass(frozen=True)
class StoryNames:
    """What the story says about each name, shared by entities and quote speakers."""

    aliases: AliasIndex
    kind: dict[str, str]  # canonical name -> person / organisation / place
    roles: dict[str, tuple[str, ...]]  # canonical name -> roles, most frequent first
    gender: dict[str, str]  # canonical name -> "female" / "male", when the text tells
    entities: tuple[Entity, ...]

    def canonical(self, name: str) -> str:
        return self.aliases.canonical(name)

    def speaker_name(self, name: str) -> str:
        """Canonical form of a name found as a speaker, surnames the NER missed included."""
        canonical = self.aliases.canonical(name)
        return canonical if canonical in self.kind else self.person(name) or canonical

    def person(self, word: str) -> str | None:
        """The person a lone word names, if it is the surname of exactly one person."""
        folded = key(word)
        if not folded or folded in _NOT_SURNAMES:
            return None
        found = {
            e.name
            for e in self.entities
            if e.kind == "person"
            and (folded == key(e.name).split()[-1] or folded in {key(a) for a in e.aliases})
        }
        return found.pop() if len(found) == 1 else None


def find_entities(
    articles: Sequence[Article], spans: Mapping[str, Sequence[EntitySpan]]
) -> tuple[Entity, ...]:
    """People, organisations and places, most mentioned first."""
    return story_names(articles, spans).entities


def usable_spans(article: Article, spans: Sequence[EntitySpan]) -> list[tuple[EntitySpan, str]]:
    """The spans that name a person, organisation or place, each with its display form."""
    kept: list[tuple[EntitySpan, str]] = []
    for span in spans:
        if span.kind not in _KIND_ORDER or "\n" in span.text:
            continue  # a name never runs across paragraphs: a headline ran into a dateline
        repaired = _whole(article.text, _untitled(span))
        if repaired is None:
            continue
        span = repaired
        name = display(fold_lookalikes(span.text))
        if _is_noise(name) or _in_byline(article, span, name):
            continue
        kept.append((span, name))
    return kept


def _untitled(span: EntitySpan) -> EntitySpan:
    """ "Councilmember Victor Haines" is Victor Haines, a person, whatever spaCy called it:
    the title stays in the text for ``role_at`` to find."""
    if span.kind == "place":
        return span
    words = list(re.finditer(r"\S+", span.text))
    drop = 0
    while drop < len(words) - 1 and words[drop].group().lower().rstrip(".") in TITLE_WORDS:
        drop += 1
    # An organisation keeps a title-like first word unless a full name follows it:
    # "General Motors" is a company, "Councilmember Victor Haines" a person.
    if not drop or (span.kind != "person" and len(words) - drop < 2):
        return span
    cut = words[drop].start()
    return EntitySpan(span.start + cut, span.end, "person", span.text[cut:])


# A name the NER cut short before "and ...": "the Institute for International" of "the
# Institute for International and Strategic Relations".
_AND_MORE = re.compile(r"^\s(?:and|&)\s[A-Z][\w'’-]*(?:\s(?:[A-Z][\w'’-]*|of|for|and))*")
# Capitalised words after a name, up to its head word: "[Alden] Bay Ferries".
_CAPITALISED_RUN = re.compile(r"^(?:\s[A-Z][\w'’-]*){1,3}(?=[\s,.;:]|$)")
# A nationality before a place's name: "the Russian Black Sea resort" names the Black Sea.
_DEMONYM = re.compile(r"^[A-Z][a-z]+(?:ian|ese|ish|an|i)$")
# "Transportation Commissioner Marcus Thibodeaux": the word before a capitalised title and
# a name belongs to the title, not to an organisation of its own.
_TITLE_AFTER = re.compile(
    r"^\s+(?:Commissioner|Secretary|Minister|Director|Chief|Chairman|Chairwoman|Spokesman|"
    r"Spokeswoman|Administrator|Superintendent|Inspector)\s+[A-Z]"
)


def _whole(text: str, span: EntitySpan) -> EntitySpan | None:
    """The span as the whole name it is part of, or None when it is part of a title."""
    words = span.text.split()
    after = text[span.end : span.end + 120]
    if len(words) == 1 and span.kind != "person" and _TITLE_AFTER.match(after):
        return None
    lowered = [w.lower() for w in words]
    heads = [i for i, w in enumerate(lowered) if w in ORGANISATION_HEADS]
    if (
        heads
        and heads[-1] < len(words) - 1
        and any(w in ("for", "of") for w in lowered[heads[-1] :])
        and lowered[-1] not in ORGANISATION_HEADS
    ):
        more = _AND_MORE.match(after)
        if more:
            trail = more.group().rstrip()
            while trail.split()[-1] in ("of", "for", "and"):
                trail = trail.rsplit(" ", 1)[0]
            end = span.end + len(trail)
            return EntitySpan(span.start, end, span.kind, text[span.start : end])
    if span.kind != "person":
        rest = _CAPITALISED_RUN.match(after)
        if rest and head_kind(span.text + rest.group()) and not head_kind(span.text):
            end = span.end + len(rest.group())
            return EntitySpan(span.start, end, span.kind, text[span.start : end])
    for i in range(1, len(words) - 1):
        # "Hofstra University on Long Island": an organisation, then where it is.
        if lowered[i] in ("in", "on", "at") and lowered[i - 1] in ORGANISATION_HEADS:
            cut = len(" ".join(words[:i]))
            if span.text[:cut] == " ".join(words[:i]):
                return EntitySpan(span.start, span.start + cut, span.kind, span.text[:cut])
    if span.kind == "place" and len(words) >= 3 and _DEMONYM.match(words[0]):
        cut = span.text.index(words[1], len(words[0]))
        return EntitySpan(span.start + cut, span.end, span.kind, span.text[cut:])
    return span


# The brief asks for quotes and entities of the same articles and spans in turn; both
# need the story's names, so the last result is kept (with the very objects it was built
# from, compared by identity: a new story never hits it by accident).
_last: list[tuple[tuple[Article, ...], Mapping[str, Sequence[EntitySpan]], StoryNames]] = []


def story_names(
    articles: Sequence[Article], spans: Mapping[str, Sequence[EntitySpan]]
) -> StoryNames:
    """What the story says about each name (shared by entities and quote speakers)."""
    for seen, seen_spans, names in _last:
        same = seen_spans is spans and len(seen) == len(articles)
        if same and all(a is b for a, b in zip(seen, articles, strict=True)):
            return names
    names = _build_story_names(articles, spans)
    _last[:] = [(tuple(articles), spans, names)]
    return names


def clear_names_cache() -> None:
    """Forget the last story's names (benchmarks time the work, not the cache)."""
    _last.clear()


def _build_story_names(
    articles: Sequence[Article], spans: Mapping[str, Sequence[EntitySpan]]
) -> StoryNames:
    found = [(article, usable_spans(article, spans.get(article.id, ()))) for article in articles]
    # A form tagged a nationality most of the time ("Syrian") is one even where spaCy
    # calls it a person.
    groups: Counter[str] = Counter()
    for article in articles:
        for span in spans.get(article.id, ()):
            groups[key(span.text)] += 1 if span.kind == "group" else -1
    found = [(a, [(s, n) for s, n in kept if groups[key(n)] <= 0]) for a, kept in found]
    # The kind a form is given by most of its mentions decides how it is indexed.
    form_kinds: dict[str, Counter[str]] = defaultdict(Counter)
    for _, kept in found:
        for span, name in kept:
            form_kinds[key(name)][span.kind] += 1
    aliases = AliasIndex.build(
        (name, kind) for _, kept in found for span, name in kept for kind in [span.kind]
    )
    named: dict[str, _Named] = defaultdict(_Named)
    for article, kept in found:
        for span, name in kept:
            entry = named[aliases.canonical(name)]
            entry.kinds[span.kind] += 1
            for kind, weight in context_votes(article.text, span.start, span.end):
                entry.kinds[kind] += weight
            entry.outlets[article.outlet] += 1
            entry.forms[name] += 1
            role = role_at(article.text, span.start, span.end)
            if role and span.kind != "place":
                entry.kinds["person"] += 1  # only people have titles; see _majority
                folded = role.lower()
                entry.roles[folded] += 1
                entry.role_form.setdefault(folded, role)
            gender = gender_of(role, honorific_before(article.text, span.start))
            if gender:
                entry.genders[gender] += 1
    kinds = {
        name: TABLE_KINDS.get(name)
        or head_kind(name)
        or _known_place(name, entry)
        or _majority(entry.kinds)
        for name, entry in named.items()
    }
    _count_missed_surnames(found, named, kinds)
    roles = {
        name: tuple(entry.role_form[r] for r, _ in entry.roles.most_common())
        if kinds[name] == "person"
        else ()
        for name, entry in named.items()
    }
    genders = {
        name: entry.genders.most_common(1)[0][0] for name, entry in named.items() if entry.genders
    }
    entities = tuple(
        sorted(
            (
                Entity(
                    name=name,
                    kind=kinds[name],
                    aliases=tuple(f for f, _ in entry.forms.most_common() if f != name),
                    roles=roles[name],
                    mentions=dict(entry.outlets.most_common()),
                )
                for name, entry in named.items()
            ),
            key=lambda e: (-len(e.mentions), -e.total, _KIND_ORDER[e.kind], e.name),
        )
    )
    return StoryNames(aliases=aliases, kind=kinds, roles=roles, gender=genders, entities=entities)


def typed_mentions(
    article: Article, spans: Sequence[EntitySpan], names: StoryNames
) -> list[tuple[int, int, str, str]]:
    """(start, end, kind, canonical name) of each mention of a person, organisation or
    place in the article's clean text, each typed as its name is across the story."""
    found: list[tuple[int, int, str, str]] = []
    for span, name in usable_spans(article, spans):
        canonical = names.canonical(name)
        kind = names.kind.get(canonical)
        if kind is not None:  # a nationality ("Syrian") is no entity; see story_names
            found.append((span.start, span.end, kind, canonical))
    return found


def _count_missed_surnames(
    found: list[tuple[Article, list[tuple[EntitySpan, str]]]],
    named: dict[str, _Named],
    kinds: dict[str, str],
) -> None:
    """Count the surnames spaCy did not tag. It misses a surname that is also an English
    word ("Earnest said"), though the story means the person it named in full."""
    owners: dict[str, list[str]] = defaultdict(list)
    for name, kind in kinds.items():
        words = name.split()
        if kind == "person" and len(words) > 1 and len(words[-1]) >= MIN_SURNAME_LETTERS:
            owners[words[-1]].append(name)
    surnames = {surname: names[0] for surname, names in owners.items() if len(names) == 1}
    if not surnames:
        return
    pattern = re.compile(r"\b(?:" + "|".join(map(re.escape, surnames)) + r")\b")
    for article, kept in found:
        tagged = [(span.start, span.end) for span, _ in kept]
        for match in pattern.finditer(article.text):
            if any(start < match.end() and match.start() < end for start, end in tagged):
                continue
            missed = EntitySpan(match.start(), match.end(), "person", match.group())
            if _in_byline(article, missed, match.group()):
                continue
            entry = named[surnames[match.group()]]
            entry.outlets[article.outlet] += 1
            entry.forms[match.group()] += 1


def _known_place(name: str, entry: _Named) -> str | None:
    """ "place" for a country or capital, unless a title or honorific says a person bears
    the name ("Ms. Washington", "Senator Georgia ...")."""
    if name in PLACE_NAMES and not entry.roles and not entry.genders:
        return "place"
    return None


def _majority(kinds: Counter[str]) -> str:
    return min(kinds, key=lambda k: (-kinds[k], _KIND_ORDER[k]))


def _is_noise(name: str) -> bool:
    words = name.split()
    if not words or len(name) < 2 or "," in name or _DIGIT.search(name):
        return True
    if not any(w[0].isupper() for w in words):
        return True  # "defence ministry": a description, not a name
    if not words[0][0].isupper() and words[0].lower().split("-")[0] not in _PARTICLES:
        return True
    if len(words) == 1 and name.lower() in _GENERIC:
        return True
    letters = name.replace(".", "").replace(" ", "")
    return letters.isupper() and len(letters) >= SHOUTED_LETTERS and not _known_acronym(name)


def _known_acronym(name: str) -> bool:
    return key(name) in TABLE_KEYS


def _in_byline(article: Article, span: EntitySpan, name: str) -> bool:
    """The author's own name on a short line of its own ("By Jane Roe", "Jane Roe | Reuters")."""
    if not article.author:
        return False
    author = key(article.author)
    if key(name) not in (author, author.split()[-1] if author else ""):
        return False
    line_start = article.text.rfind("\n", 0, span.start) + 1
    line_end = article.text.find("\n", span.end)
    line = article.text[line_start : line_end if line_end >= 0 else len(article.text)]
    return len(line.split()) <= BYLINE_WORDS or line.lstrip().lower().startswith("by ")
