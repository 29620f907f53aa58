"""Can a reader understand a summary line alone, without the article around it?

The check is deliberately the rough, countable one an editor's first read applies: a line
fails when, outside quotation marks, it opens on a pronoun or a connective ("He said ...",
"But ...", "Its last major repair ..."), or when its attribution is a bare pronoun
("..., he said."); and, a little stricter, when it ends on a pronoun ("... after reading
it."). A pronoun followed by an editor's bracket ("he [Josh Earnest] said") is
resolved and passes. A verb of naming with a pronoun object fails too ("The Pentagon
described it as ..."), and so does a person or body known only by a title where a line
opens or attributes ("The secretary and the minister talked ...", "..., the spokesman
said", "according to the ministry"): which secretary the article had named a paragraph
earlier, and a story has several. A group counted rather than named ("the two men")
fails the same way, and so does a document known only by its kind ("the report says"),
and a quotation that opens on a demonstrative ("“This did not happen,” Haines said"). It
misses other "it"s inside a line; it is a floor on the lines that need context, not a
measure of all of them.

`standalone_problems` says why a line fails; `stands_alone` is the yes/no the summary and
the benchmarks (benchmarks/summary_standalone.py) share.
"""

from __future__ import annotations

import re

# Pronouns and connectives that refer back to text the reader of a summary does not have.
# "It" and "its" count: "Its last major repair ..." leans on a bridge named elsewhere.
# "There" and "here" are left out ("There were 12 injured." stands alone).
OPENING_PRONOUNS = frozenset(
    [
        "he",
        "she",
        "they",
        "it",
        "its",
        "his",
        "her",
        "their",
        "them",
        "him",
        "this",
        "that",
        "these",
        "those",
        "such",
    ]
)
OPENING_CONNECTIVES = frozenset(
    [
        "but",
        "and",
        "so",
        "also",
        "however",
        "meanwhile",
        "still",
        "yet",
        "instead",
        "then",
        "thus",
        "therefore",
        "moreover",
        "furthermore",
        "besides",
        "nevertheless",
        "nonetheless",
        "additionally",
        "likewise",
        "otherwise",
        "hence",
        "or",
        "nor",
        "plus",
    ]
)
BARE_SPEAKERS = frozenset({"he", "she", "they"})
# A line that ends on a pronoun outside quotation marks ("... hours after reading it.")
# leans on the sentence before it as much as one that opens on one.
CLOSING_PRONOUNS = frozenset({"it", "them", "this", "that", "him", "her", "these", "those"})
_SPEECH_VERBS = (
    r"said|says|say|added|adds|told|tells|wrote|writes|asked|asks|explained|noted|continued"
    r"|insisted|argued|stated|replied|warned|declared|acknowledged|recalled|cautioned"
)
# An attribution: "..., he said." / "...," he told reporters (the pronoun after a comma or a
# quotation, before the verb) and "..., said he." (the pronoun closing a clause). "Smith
# says he's found it" and "when he asked for a pass" are not attributions.
_BARE_BEFORE = re.compile(
    rf"(?:^|[,;:\u2026]\s*)(he|she|they)\s+(?:{_SPEECH_VERBS})\b", re.IGNORECASE
)
_BARE_AFTER = re.compile(
    rf"\b(?:{_SPEECH_VERBS})\s+(he|she|they)\b(?=\s*(?:[.,;:!?]|$))", re.IGNORECASE
)
# A verb of naming whose object is a pronoun ("The Pentagon described it as ...", "called
# them a threat") characterises something the line never names.
_NAMED_BY_PRONOUN = re.compile(
    r"\b(?:described|describes|called|calls|termed|terms|labell?ed|dubbed|branded"
    r"|characteri[sz]ed|hailed|denounced|welcomed|condemned)\s+(it|them|this|that)\b"
    r"(?!\s*\[)",
    re.IGNORECASE,
)
# The titles an article calls a person or body by once it has named them. Lower-case only:
# "The Pentagon" and "The Secretary of State John Kerry" name who they are. Titles only:
# "the man", "the company", "the suspect", "the official" are often all an article ever
# calls them, so the line loses nothing the article gave. With those nouns too, the
# summaries of the first 1,000 Multi-News validation clusters, as the brief shows them,
# fell to ROUGE-1 44.75 (centroid 44.76); with titles only, 44.89.
ROLE_NOUNS = (
    "secretary|minister|president|premier|chancellor|spokesman|spokeswoman|spokesperson"
    "|mayor|governor|senator|lawmaker|general|commander|judge|prosecutor|ambassador|envoy"
    "|chairman|chairwoman|chief|director|executive|ministry|department|council"
)
# "The secretary", "the two ministers", "the Russian minister", "the defence ministry's": the
# article's earlier mention is needed unless a name follows ("the spokesman, Peter Cook,").
_DESCRIBED = (
    rf"(?P<who>(?:[Tt]he|[Bb]oth)\s+(?:[A-Za-z]+(?:-[a-z]+)?(?:'s|’s)?\s+){{0,2}}"
    rf"(?P<role>{ROLE_NOUNS}))(?:'s|’s)?(?!['’])\b(?!\s*\[)(?!,?\s+[A-Z])(?!\s+(?:{ROLE_NOUNS})\b)"
)
_OPENING_DESCRIPTION = re.compile(rf"^{_DESCRIBED}")
_ATTRIBUTED_DESCRIPTION = re.compile(
    rf"(?:[,;:\u2026]\s*|\baccording\s+to\s+){_DESCRIBED}"
    rf"(?=\s*(?:{_SPEECH_VERBS}|[.,;:!?]|$))"
)
# A group counted rather than named ("the two men had talked", "both sides agreed", "the
# pair"): who they are was said a sentence or two earlier. A name or a bracket straight
# after it ("the two men, Carter and Shoigu,") says who.
_COUNTED_GROUP = re.compile(
    r"\b(?P<who>(?:[Tt]he\s+(?:two|three|four|five)|[Bb]oth)\s+"
    r"(?:men|women|leaders|sides|officials|ministers|presidents|parties|suspects|victims"
    r"|brothers|sisters|companies|firms|teams)"
    r"|[Tt]he\s+(?:pair|duo|couple))\b(?!\s*\[)(?!,?\s+[A-Z])"
)
# A document named by its kind alone ("the report says", "The report, which reached City
# Hall late Monday, ..."): which report the article had said before, and a story has
# several (an inspection, an audit, a police report). A word before the noun or a "by",
# "of", "from" or "on" after it says which ("the inspection report", "a report by the
# state").
DOCUMENT_NOUNS = (
    "report|study|survey|poll|letter|memo|statement|document|filing|audit|review|assessment"
)
_BARE_DOCUMENT = re.compile(
    rf"\b(?P<what>[Tt]he\s+(?P<noun>{DOCUMENT_NOUNS}))\b(?!\s*\[)"
    r"(?!\s+(?:by|of|from|on|into|that)\b)(?!['’])"
)
QUOTE_OPENERS = ('"', "“", "‘", "«", "„")
# A pronoun subject after an opening phrase of time or place ("On Wednesday it also
# started a shuttle bus", "Earlier this week, they said"): the pronoun still leans on the
# sentence before, only not as the first word.
_FRONTED_PRONOUN = re.compile(
    r"^(?:On|In|At|By|After|Before|Since|During|Last|Earlier|Later|Then|Now|Today|Yesterday"
    r"|Tonight|Overnight)\b(?:\[[^\]]*\]|[^,.;:\u2026\[]){0,40}?,?\s+"
    r"(?P<word>he|she|they|it)\b(?!\s*\[)"
)
# A quotation that opens on a demonstrative ("“This did not happen on Tuesday,” Haines
# said", "“These proposals may be adopted”"): what "this" is, the speaker had just said.
# "This week" and the like name a time, not something said before.
_QUOTED_DEMONSTRATIVE = re.compile(
    r"^[\"“‘«„]\s*(?P<word>This|That|These|Those)\b"
    r"(?!\s+(?:week|weekend|year|month|morning|afternoon|evening|time|season|summer|winter"
    r"|spring|fall|autumn)\b)"
)
_QUOTED = re.compile(r"\"[^\"]*\"?|“[^”]*”?|«[^»]*»?|„[^“”]*[“”]?")
_WORD = re.compile(r"[A-Za-z][A-Za-z'’]*")
_LAST_WORD = re.compile(r"\b([A-Za-z]+)\W*$")
_BRACKET = re.compile(r"\s*\[[^\]]*\]")


def standalone_problems(text: str) -> list[str]:
    """Why ``text`` does not stand alone; empty when it does."""
    problems: list[str] = []
    outside = _QUOTED.sub(" \u2026 ", text)
    opening = _first_word(outside)
    if opening is not None:
        word, rest = opening
        # A bracket straight after the pronoun resolves it: "He [Josh Earnest] said ...".
        if not rest.lstrip().startswith("["):
            if word in OPENING_PRONOUNS:
                problems.append(f"opens on the pronoun {word!r}")
            elif word in OPENING_CONNECTIVES:
                problems.append(f"opens on the connective {word!r}")
    closing = _LAST_WORD.search(outside)
    if closing and closing.group(1).lower() in CLOSING_PRONOUNS:
        problems.append(f"closes on the pronoun {closing.group(1).lower()!r}")
    # Inside a quotation too: a statement that opens "The secretary and the minister
    # talked" leaves the reader as unsure of who talked as the article's own words would.
    described = _OPENING_DESCRIPTION.match(text.lstrip(" \t\n([—–-" + "".join(QUOTE_OPENERS)))
    if described is None:
        described = _ATTRIBUTED_DESCRIPTION.search(outside)
    if described is not None and described.group("role").islower():
        problems.append(f"calls someone {described.group('who')!r} without a name")
    counted = _COUNTED_GROUP.search(outside)
    if counted:
        problems.append(f"calls people {counted.group('who')!r} without naming them")
    fronted = _FRONTED_PRONOUN.match(outside.lstrip(" \t\n([—–-"))
    if fronted:
        problems.append(f"its subject is the pronoun {fronted.group('word')!r}")
    demonstrative = _QUOTED_DEMONSTRATIVE.match(text.lstrip(" \t\n([—–-"))
    if demonstrative:
        problems.append(f"quotes {demonstrative.group('word')!r} without what it refers to")
    # The same search the resolver brackets from (`resolve`), so the two agree on what is
    # bare.
    for document in bare_documents(text)[:1]:
        problems.append(f"cites {document.group('what')!r} without saying which")
    named = _NAMED_BY_PRONOUN.search(outside)
    if named:
        problems.append(f"names what {named.group(1).lower()!r} is without saying what it is")
    for match in _BARE_BEFORE.finditer(outside):
        if not outside[match.end(1) :].lstrip().startswith("["):
            problems.append(f"attributed to a bare {match.group(1).lower()!r}")
            break
    else:
        after = _BARE_AFTER.search(outside)
        if after:
            problems.append(f"attributed to a bare {after.group(1).lower()!r}")
    return problems


def stands_alone(text: str) -> bool:
    return not standalone_problems(text)


def _first_word(outside: str) -> tuple[str, str] | None:
    """The first word outside quotations, lower-cased, and the text after it; None when the
    line opens on a quotation (its attribution is checked on its own)."""
    stripped = outside.lstrip(" \t\n([—–-")
    if stripped.startswith("\u2026"):
        return None
    match = _WORD.match(stripped)
    if match is None:
        return None
    word = match.group(0).lower().replace("’", "'")
    return word.removesuffix("'s"), stripped[match.end() :]


def bare_documents(text: str) -> list[re.Match[str]]:
    """Each document known only by its kind ("the report"), outside quotation marks."""
    return list(_BARE_DOCUMENT.finditer(_QUOTED.sub(lambda m: " " * len(m.group(0)), text)))


def without_brackets(text: str) -> str:
    """``text`` less every editor's bracket (and the space before it)."""
    return _BRACKET.sub("", text)
