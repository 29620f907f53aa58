"""Line-level removal of what scraping leaves around an article: navigation, captions and
photo credits, bylines and author bios, newsletter and share prompts, related headlines,
footers.

Removal is conservative: a caption left in costs a reader one odd line, a real sentence
taken out can cost the brief a fact or a quote. So a line goes only on a pattern that
article prose does not take, or on its shape *and* its place in the file (the top, before
the first paragraph; the end, after the last one). A line that carries a quotation is kept
unless one of the strong patterns (a photo-credit label, an image file name, a footer)
names it as cruft.

Every removed line is reported with its 1-based line number and a short reason.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from storyfold.model import RemovedLine
from storyfold.text.cruft_rules import (
    ends_like_sentence,
    has_quotation,
    pattern_reason,
    strip_bullets,
)
from storyfold.text.normalize import content_words, normalize_for_matching, word_count, word_set

# Where a line stands: "head" is the first line above the first paragraph (the headline's
# place), "top" the other lines above it, "end" the lines below the last paragraph.
Zone = Literal["head", "top", "body", "end"]

# The numbers below were tuned by hand on the five seed reports and the labelled fixtures in
# tests/fixtures/cruft (tests/unit/test_cruft.py prints precision and recall on the latter).
#
# The story's first and last paragraphs mark where the top and the end of the file begin. A
# kept line counts as a paragraph when it ends like a sentence and has at least
# MIN_PARAGRAPH_WORDS words (the shortest last paragraph in the fixtures has 8), or when it
# has LONG_LINE_WORDS words even without a final stop (two seed paragraphs of 22 and 23
# words lack one; the longest unpunctuated prompt in seeds and fixtures has 16 words).
MIN_PARAGRAPH_WORDS = 8
LONG_LINE_WORDS = 22
HEADLINE_MAX_WORDS = 20
# No line longer than this is removed (duplicates aside): at worst it is a paragraph with
# cruft glued to its start, as in Multi-News, where each document is one line and 1.5% of
# them begin with a caption ("Photo: ..."). The longest cruft line in the seeds is a 60-word
# author bio.
CRUFT_MAX_WORDS = 70
LABEL_MAX_WORDS = 3
# The role after a signed name: "Staff Writer", "Local Democracy Reporting Service" (4).
SIGNED_ROLE_MAX_WORDS = 5
# Share of capitalised words (small words aside) for a line to be in title case; below 1.0
# because some styles keep short verbs lower case ("Why Glaciers are Shrinking").
TITLE_CASE_SHARE = 0.75
# A line among the first few that another line later repeats almost word for word is a
# caption (the body repeats it in full). Containment of its content words in the later line;
# 0.8 lets a caption add "(left)"/"(right)" or a date, while a standfirst that merely shares
# the topic of a later paragraph (0.65 in a seed) stays.
CAPTION_REPEAT_WINDOW = 5
CAPTION_REPEAT_CONTAINMENT = 0.8
CAPTION_REPEAT_MIN_WORDS = 5
# A line of at least this many words found inside an earlier line is a pull quote; shorter
# ones may be sub-headings that echo a phrase of the text above them (a seed has a 5-word one).
PULL_QUOTE_MIN_WORDS = 8
# A caption repeated glued to its credit must be long enough to be one, not a stray word.
GLUED_CAPTION_MIN_CHARS = 20

_HAS_ALNUM_RE = re.compile(r"[^\W_]")
_QUOTE_AND_STOP = " \"'.,;:!?"

_I = re.IGNORECASE

# Section names a site prints above a headline; only removed at the top of the file, and
# only when the whole line is one of them.
_SECTION_LABEL_LIST = """
    world|world news|news|politics|middle east|europe|asia|africa|americas|us|u.s.|us news|
    uk|uk news|business|markets|economy|opinion|analysis|comment|sport|sports|tech|technology|
    science|health|culture|arts|entertainment|lifestyle|live|exclusive|breaking|latest|
    national|international|local|features|feature|commentary|editorial|investigations|
    explainer|in pictures|photos|gallery|podcast|podcasts|defence|defense|security|
    environment|climate|travel|weather|top news|news analysis|world affairs|foreign policy|
    mena|asia pacific|law|crime|education|media|obituaries|letters|blogs|blog|regions|
    reuters|ap|afp|associated press|bloomberg|wires|middle east & north africa|
    middle east and north africa|diplomacy|conflict|war|nation|global|special report
    """
_SECTION_LABELS = frozenset(label.strip() for label in _SECTION_LABEL_LIST.split("|"))
_BYLINE_RE = re.compile(
    r"^(?:by|(?:posted|written|words|story|compiled|edited|produced) by|author:?)\s+(.*)$", _I
)
_NAME_PARTICLES = word_set("and & of the in for de del da van von al bin la le du di")
_NAME_WORD_RE = re.compile(r"^(?:[A-Z][\w'’.-]*|al-[A-Z][\w'’-]*)$")
_BIO_START_RE = re.compile(
    r"^(?:[A-Z][\w'’.-]*\s+){1,4}(?:is|was|has been|has|covers|writes|reports|joined)\b"
)
_BIO_ROLE_RE = re.compile(
    r"\b(?:correspondents?|reporters?|journalists?|editors?|writers?|columnists?|"
    r"contributors?|producers?|analysts?|fellows?|authors?|photographers?|photojournalists?|"
    r"commentators?|researchers?|freelancers?|freelance|bureau chief|covers|reporting on|"
    r"writes about|follow (?:him|her|them) on)\b",
    _I,
)
_DATE_WORDS = word_set("""
    jan january feb february mar march apr april may jun june jul july aug august sep sept
    september oct october nov november dec december mon monday tue tues tuesday wed wednesday
    thu thur thurs thursday fri friday sat saturday sun sunday am pm a.m. p.m. gmt utc bst
    cet cest est edt et pt pst pdt ct cst msk eet eest ist at on of the updated published
    posted
    """)
_WORD_RE = re.compile(r"[^\W\d_][\w'’.-]*")
_TITLE_SMALL_WORDS = word_set("a an the and or nor but of in on at to for by with from as via vs")
_DATE_LINE_MAX_CHARS = 60  # "Wednesday, September 17, 2015 at 10:45 a.m. EDT" is 47
_DATE_TOKEN_RE = re.compile(r"^\d[\d:/.-]*(?:st|nd|rd|th|am|pm|h)?$", _I)


@dataclass(frozen=True)
class CleanResult:
    text: str  # the kept lines joined with "\n"; no blank lines at the edges
    removed: tuple[RemovedLine, ...]


def _is_name(line: str) -> bool:
    """A person's name alone on a line: "Dana Whitlock", "Jane A. Roe", "Omar al-Hassan"."""
    words = line.split()
    if not 2 <= len(words) <= 4 or ends_like_sentence(line) or any(c.isdigit() for c in line):
        return False
    if words[0].lower() in _NAME_PARTICLES or words[-1].lower() in _NAME_PARTICLES:
        return False
    return all(_NAME_WORD_RE.match(w) or w in _NAME_PARTICLES for w in words)


def _is_byline(line: str) -> bool:
    match = _BYLINE_RE.match(line)
    if match is None or word_count(line) > 12:
        return False
    names = [w.strip(",;|") for w in match.group(1).split()]
    names = [w for w in names if w]
    return bool(names) and all(
        _NAME_WORD_RE.match(w) or w.lower() in _NAME_PARTICLES for w in names
    )


def _is_signed_name(line: str) -> bool:
    """ "Dana Whitlock, Staff Writer", "Omar Said, Local Democracy Reporting Service": a
    name, a comma and a title-case role or desk, as a byline signs at the top or end."""
    name, comma, role = line.partition(",")
    return (
        bool(comma)
        and _is_name(name.strip())
        and 1 <= word_count(role) <= SIGNED_ROLE_MAX_WORDS
        and _is_title_case(role)
        and not ends_like_sentence(line)
    )


def _is_author_bio(line: str) -> bool:
    """ "Jane Roe is a senior correspondent reporting on ...": a name, a verb, a newsroom role."""
    if not _BIO_START_RE.match(line):
        return False
    head = " ".join(line.split()[:25])
    return _BIO_ROLE_RE.search(head) is not None


def _is_date_line(line: str) -> bool:
    if len(line) > _DATE_LINE_MAX_CHARS:
        return False
    tokens = [t for t in re.split(r"[\s,|]+", line.lower()) if t]
    if not tokens or not any(c.isdigit() for c in line):
        return False
    return all(t in _DATE_WORDS or _DATE_TOKEN_RE.match(t) for t in tokens)


def _zone_reason(line: str, zone: Zone, next_line: str | None) -> str | None:
    """Reasons that hold only above the first paragraph or below the last one."""
    if zone == "body" or has_quotation(line) or word_count(line) > CRUFT_MAX_WORDS:
        return None
    if _is_date_line(line):
        return "timestamp"
    if _is_author_bio(line):
        return "author-bio"
    if zone != "end" and line.lower().rstrip(":") in _SECTION_LABELS:
        return "short-label"
    # A short title-case headline ("Harbor Bridge Closed") reads like a name, so a name in
    # the headline's place is taken for the headline.
    if zone != "head" and _is_signed_name(line):
        return "byline"
    if zone != "head" and _is_name(line):
        if next_line is not None and next_line.startswith(line) and _is_author_bio(next_line):
            return "author-bio"
        return "byline"
    if zone != "end":
        return None
    if _looks_like_headline_shape(line) and _is_title_case(line):
        return _headline_reason(line)
    return None


def _headline_reason(line: str) -> str:
    return "short-label" if word_count(line) <= LABEL_MAX_WORDS else "related-headline"


def _is_title_case(line: str) -> bool:
    """ "Five Alpine Huts Worth the Climb" is, "The investigation continues" is not."""
    words = [w for w in _WORD_RE.findall(line) if w.lower() not in _TITLE_SMALL_WORDS]
    if not words:
        return False
    capitalised = sum(1 for w in words if w[0].isupper())
    return capitalised / len(words) >= TITLE_CASE_SHARE


def cruft_reason(line: str, zone: Zone = "body", *, next_line: str | None = None) -> str | None:
    """Why `line` is not article text, or None when it stays.

    `zone` is where the line stands (see `Zone`; "body" when unknown): some shapes (a name
    alone, a short title-case line, a date) are cruft only at the edges. `next_line` is the
    following non-blank line, if known: a name followed by that person's bio is part of it.
    """
    if not _HAS_ALNUM_RE.search(line):
        return "separator" if line.strip() else None
    line = strip_bullets(line)
    if word_count(line) > CRUFT_MAX_WORDS:
        return None
    reason = pattern_reason(line)
    if reason is None and _is_byline(line) and not has_quotation(line):
        reason = "byline"
    if reason is None:
        next_clean = strip_bullets(next_line) if next_line is not None else None
        reason = _zone_reason(line, zone, next_clean)
    return reason


def _looks_like_headline_shape(line: str) -> bool:
    words = word_count(line)
    if not 1 <= words <= HEADLINE_MAX_WORDS:
        return False
    stripped = line.rstrip("\"'”’»)] ")
    return not stripped.endswith((".", ",", ";"))


def looks_like_headline(line: str) -> bool:
    """Short, not ending like a sentence or a fragment, not cruft: a headline or sub-heading."""
    line = strip_bullets(line)
    return bool(line) and _looks_like_headline_shape(line) and cruft_reason(line) is None


# --- whole-text cleaning ------------------------------------------------------------------


@dataclass
class _Line:
    number: int  # 1-based, in the raw text
    text: str  # stripped
    reason: str | None = None


def _is_paragraph(line: _Line) -> bool:
    words = word_count(line.text)
    if _is_author_bio(line.text):
        return False
    return words >= LONG_LINE_WORDS or (
        words >= MIN_PARAGRAPH_WORDS and ends_like_sentence(line.text)
    )


def _key(text: str) -> str:
    return normalize_for_matching(strip_bullets(text)).casefold()


def _mark_duplicates(lines: Sequence[_Line]) -> None:
    """A line that repeats an earlier kept line adds nothing: drop the later copy.

    That covers a paragraph printed twice and a pull quote (a sentence of the text printed
    again, larger, further down). A line repeated right after itself near the top is a
    caption printed twice (once as the image's alt text): both copies go.
    """
    kept: dict[str, tuple[int, _Line]] = {}  # by key: its place among kept lines, the line
    kept_text = ""  # every kept key so far, one a line: one substring search per line
    previous: _Line | None = None
    for line in lines:
        earlier, previous = previous, line
        if line.reason is not None:
            continue
        key = _key(line.text)
        if key in kept:
            line.reason = "duplicate-line"
            position, first = kept[key]
            if first is earlier and position < CAPTION_REPEAT_WINDOW and not has_quotation(key):
                first.reason = "caption"
            continue
        core = key.strip(_QUOTE_AND_STOP)
        if word_count(core) >= PULL_QUOTE_MIN_WORDS and core in kept_text:
            line.reason = "duplicate-line"
            continue
        kept[key] = (len(kept), line)
        kept_text += key + "\n"


def _mark_glued_captions(lines: Sequence[_Line]) -> None:
    """ "Caption." then "Caption.PHOTO: AGENCY": the caption printed again with its credit."""
    for line, following in itertools.pairwise(lines):
        if line.reason is not None or following.reason != "photo-credit":
            continue
        key = _key(line.text)
        if len(key) >= GLUED_CAPTION_MIN_CHARS and _key(following.text).startswith(key):
            line.reason = "caption"


def _mark_repeated_captions(lines: Sequence[_Line]) -> None:
    """A line above the story whose words a later line repeats is the caption of a photo.

    Captions are shaped like paragraphs, so the story is taken to begin at the first
    paragraph that is not repeated further down.
    """
    kept = [line for line in lines if line.reason is None]
    for position, line in enumerate(kept[:CAPTION_REPEAT_WINDOW]):
        if (
            has_quotation(line.text)
            or looks_like_headline(line.text)
            or word_count(line.text) > CRUFT_MAX_WORDS
        ):
            continue
        if _is_repeated_later(line, kept[position + 2 :]):
            line.reason = "caption"
        elif _is_paragraph(line):
            break


def _is_repeated_later(line: _Line, later: Sequence[_Line]) -> bool:
    words = set(content_words(line.text))
    if len(words) < CAPTION_REPEAT_MIN_WORDS:
        return False
    return any(
        len(words & set(content_words(other.text))) / len(words) >= CAPTION_REPEAT_CONTAINMENT
        for other in later
    )


def _mark_edges(lines: Sequence[_Line], *, headline_known: bool) -> None:
    """Apply the reasons that depend on place to the lines above and below the story."""
    kept = [line for line in lines if line.reason is None]
    paragraphs = [line for line in kept if _is_paragraph(line)]
    if not paragraphs:
        return  # no prose to find the edges by; only the patterns apply
    first = kept.index(paragraphs[0])
    head_seen = headline_known
    for line, following in itertools.pairwise(kept[: first + 1]):
        zone: Zone = "top" if head_seen else "head"
        line.reason = _zone_reason(strip_bullets(line.text), zone, following.text)
        head_seen = head_seen or line.reason is None
    last = lines.index(paragraphs[-1])
    _mark_end(lines[last + 1 :])


def _mark_end(lines: Sequence[_Line]) -> None:
    """Below the story, every headline-shaped line after a "More on this story" header is a
    link in that list, whatever its letter case."""
    in_link_list = False
    for i, line in enumerate(lines):
        if line.reason is not None:
            in_link_list = in_link_list or line.reason in _LINK_LIST_REASONS
            continue
        text = strip_bullets(line.text)
        following = lines[i + 1].text if i + 1 < len(lines) else None
        line.reason = _zone_reason(text, "end", following)
        if (
            line.reason is None
            and in_link_list
            and _looks_like_headline_shape(text)
            and not has_quotation(text)
        ):
            line.reason = _headline_reason(text)


_LINK_LIST_REASONS = frozenset({"related-headline", "read-more"})


def _mark_dates_by_metadata(lines: Sequence[_Line]) -> None:
    """A bare date next to a removed timestamp or byline belongs to the same metadata block.

    Elsewhere in the body a bare date stays: in a timeline it heads the events below it.
    """
    for index, line in enumerate(lines):
        if line.reason is not None:
            continue
        neighbours = lines[max(index - 1, 0) : index + 2]
        if any(n.reason in _METADATA_REASONS for n in neighbours) and _is_date_line(line.text):
            line.reason = "timestamp"


_METADATA_REASONS = frozenset({"timestamp", "byline"})


def clean_text(raw: str, *, title: str | None = None) -> CleanResult:
    """Drop the lines of `raw` that are not the article; report each with its reason.

    With `title`, the first kept line is also dropped when it repeats the title (reason
    "headline"): HTML extraction prints the title again above the text.
    """
    numbered = [_Line(n, text.strip()) for n, text in enumerate(raw.split("\n"), start=1)]
    lines = [line for line in numbered if line.text]
    for line in lines:
        line.reason = cruft_reason(line.text)
    _mark_glued_captions(lines)
    _mark_repeated_captions(lines)
    _mark_duplicates(lines)
    if title:
        _mark_title(lines, title)
    # Once the title is known, the first line is no longer the headline's place.
    _mark_edges(lines, headline_known=bool(title))
    _mark_dates_by_metadata(lines)
    return CleanResult(text=_join_kept(numbered), removed=_removed(lines))


def _mark_title(lines: Sequence[_Line], title: str) -> None:
    first = next((line for line in lines if line.reason is None), None)
    if first is not None and _same_title(first.text, title):
        first.reason = "headline"


_TITLE_SUFFIX_RE = re.compile(r"\s+[|\-–—:]\s+[^|\-–—:]{1,60}$")
_TITLE_SITE_MAX_WORDS = 6


def _same_title(line: str, title: str) -> bool:
    """`line` is `title`, allowing for the site name metadata titles often carry
    ("Headline | Outlet", "Headline - Outlet") and a different letter case."""
    line_key, title_key = _key(line).rstrip("."), _key(title).rstrip(".")
    if not line_key or not title_key:
        return False
    if line_key == title_key:
        return True
    if title_key.startswith(line_key):
        suffix = title_key[len(line_key) :]
        return (
            _TITLE_SUFFIX_RE.fullmatch(suffix) is not None
            and word_count(suffix) <= _TITLE_SITE_MAX_WORDS
        )
    return False


def _join_kept(numbered: Sequence[_Line]) -> str:
    out: list[str] = []
    for line in numbered:
        if line.reason is not None:
            continue
        if line.text or (out and out[-1]):
            out.append(line.text)  # one blank line between paragraphs at most
    while out and not out[-1]:
        out.pop()
    return "\n".join(out)


def _removed(lines: Sequence[_Line]) -> tuple[RemovedLine, ...]:
    return tuple(
        RemovedLine(line=line.number, text=line.text, reason=line.reason)
        for line in lines
        if line.reason is not None
    )
