"""Cruft that can be told from the line alone, wherever it stands: site chrome, photo
credits and captions, image file names, footers, prompts, breadcrumbs and share bars.

Each rule names its reason; `strong` rules hold even for a line carrying a quotation, since
a credit label or a file name is never prose. What depends on a line's place in the file
(bylines, bios, section labels, related headlines) is in `cruft`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from storyfold.text.normalize import word_count, word_set

# Prompts and credits are short; a line longer than this is prose whatever it starts with.
# About twice the longest prompt in the seeds and fixtures (16 words).
PROMPT_MAX_WORDS = 30

# Guillemets count only in pairs: a lone "»" is a breadcrumb separator ("Home » News").
_QUOTATION_RE = re.compile(r"[\"“”„]|«[^»]*»")
_BULLET_RE = re.compile(r"^[\s•·▪▸►◦*]+")
_TERMINAL_RE = re.compile(r"[.!?…][\"'”’»)\]]*$")

_I = re.IGNORECASE


@dataclass(frozen=True)
class _Rule:
    reason: str
    pattern: re.Pattern[str]
    max_words: int | None = None  # the rule applies only to lines this short
    strong: bool = False  # applies even to a line that carries a quotation
    unfinished: bool = False  # applies only to a line that does not end like a sentence
    whole: bool = False  # the pattern must match the whole line, not just part of it


def _rule(
    reason: str,
    pattern: str,
    flags: int = _I,
    max_words: int | None = None,
    strong: bool = False,
    unfinished: bool = False,
    whole: bool = False,
) -> _Rule:
    return _Rule(reason, re.compile(pattern, flags), max_words, strong, unfinished, whole)


# Labels from site chrome, matched against the whole line, case-insensitively.
_NAVIGATION = (
    "skip to (?:main )?(?:content|navigation|menu|search)|skip navigation|accessibility links|"
    "accessibility help|breaking news|main menu|menu|toggle navigation|open menu|close menu|"
    "search|sign in|log in|login|register|back to top|go to top|top of page|home|homepage|"
    "you are here|jump to (?:navigation|content)|site map|sitemap|cookie settings|"
    "accept(?: all)? cookies|latest news|top stories|watch live|listen live|live tv|load more|"
    "show more|next article|previous article|next story|previous story|close|contact us|"
    "report a correction|corrections? (?:&|and) clarifications|send us a tip|"
    "about the authors?|topics|tags|sections|more|"
    # live-blog and comment controls, cookie-banner buttons, blog share headers
    "copy link|pinned(?: post)?|refresh for (?:the )?latest(?: updates)?|"
    "load more(?: updates| posts| stories)?|(?:jump|skip) to comments|"
    "accept(?: all)?(?: cookies)?|reject all|manage (?:cookies|preferences|settings)|"
    "like this|share this"
)
_ADVERTISEMENT = (
    "advertisement|advertising|sponsored(?: content)?|paid content|promoted(?: content)?|"
    "(?:video )?ad feedback|"
    "ad|story continues(?: below)?(?: advertisement)?|article continues below(?: advertisement)?|"
    "continue reading(?: the main story| below)?|scroll to continue(?: with content)?|"
    "content continues below"
)
_MEDIA_LABEL = (
    r"\d+\s*[x×:]\s*\d+\s+(?:image|photo|video)|image|images|photo|photos|video|videos|"
    r"watch|watch video|play video|play|gallery|(?:view|open) gallery|enlarge(?: this)? image|"
    r"(?:toggle|hide|show) caption|expand|(?:image|photo|slide) \d+ of \d+|\d+ of \d+|"
    r"click to enlarge|audio|listen|"
    r"listen to (?:this|the) (?:article|story)(?:\s*[·|:-]?\s*\d+\s*min(?:ute)?s?)?|"
    r"(?:estimated )?reading time\s*:?\s*\d+\s*min(?:ute)?s?|"
    # a video's running time, sometimes with its source: "02:14 - Source: Metro Network"
    r"\d{1,2}:\d{2}(?:\s*[-–—|]\s*source\s*:.{0,60})?"
)
_SOCIAL_WORDS = word_set(
    "share shares sharing tweet email e-mail mail print facebook twitter x linkedin whatsapp "
    "reddit pinterest messenger telegram copy link save comments comment flipboard sms "
    "bluesky threads this article story on via the"
)
_SOCIAL_CORE = word_set(
    "share tweet email e-mail print facebook twitter linkedin whatsapp reddit pinterest "
    "comments comment flipboard"
)
_SOCIAL_SPLIT_RE = re.compile(r"[\s|·•/,:]+")

_RULES: tuple[_Rule, ...] = (
    _rule("navigation", rf"(?:{_NAVIGATION})\s*[:>»|]?", whole=True),
    _rule("advertisement", rf"(?:{_ADVERTISEMENT})\s*[:.]?", whole=True),
    _rule("media-label", rf"(?:{_MEDIA_LABEL})\s*[:.]?", whole=True),
    # File names a CMS leaves where an image was: "Screen Shot 2015-09-18 at 8.56.14 AM",
    # "IMG_2031.jpg", even when the caption that followed is glued on.
    _rule(
        "image-file",
        r"^(?:screen ?shot|screenshot|capture d.écran)[ _-]?\d{4}-\d{2}-\d{2}",
        strong=True,
    ),
    _rule(
        "image-file", r"^[\w .()-]{0,80}\.(?:jpe?g|png|gif|webp|tiff?|bmp|heic|avif)\b", strong=True
    ),
    _rule("image-file", r"^(?:IMG|DSC|DSCN|PXL|DJI)[_-]?\d{3,}", flags=0, strong=True),
    _rule("image-file", r"\b[\w-]+\.(?:jpe?g|png|gif|webp)\b", max_words=12),
    # Credits: a label at the start ("PHOTO: EPA", "Photograph: Jane Roe/AP"), a label glued
    # to the caption before it ("...on Sunday.PHOTO: AGENCY/..."), a trailing
    # credit in parentheses ("(AFP/HO/CITY PRESS)", "(Reuters)"), an agency's photo desk.
    _rule(
        "photo-credit",
        r"^(?:photos?|photograph(?:s|y)?|pictures?|images?|credits?|(?:photo|image) credits?|"
        r"illustrations?|graphics?)\s*(?:by\b|:|\||[-–—]\s)",
        strong=True,
    ),
    _rule(
        "photo-credit",
        r"[a-z0-9.)\"”’](?:PHOTOS?|PHOTOGRAPHS?|IMAGES?|PICTURES?|CREDITS?)\s*:",
        flags=0,
        strong=True,
    ),
    _rule(
        "photo-credit", r"\.(?:Photo|Photograph|Image|Picture|Credit)s?\s*:", flags=0, strong=True
    ),
    _rule(
        "photo-credit",
        r"\(\s*[A-Z][\w.&'’ -]*(?:\s*/\s*[A-Z][\w.&'’ -]*)+\)\s*$|"
        r"\((?:AFP|AP|Reuters|EPA|EPA-EFE|Getty Images|Getty|Xinhua|TASS|Sputnik|SANA|Anadolu"
        r"(?: Agency)?|Bloomberg|PA|Shutterstock|Alamy|Handout|HO|AFP PHOTO|AP Photo)"
        r"(?:\s*(?:via|/|-)[^)]{0,60})?\)\s*$",
        flags=0,
    ),
    _rule(
        "photo-credit",
        r"(?:^|[.|/–—(]\s*)(?:photos?|photograph|picture|image|credit)\s*(?:by\b|:)\s*[^.]{1,80}$",
    ),
    _rule(
        "photo-credit",
        r"\b(?:Getty Images|Shutterstock|Alamy Stock Photo|AP Photo|AFP Photo|AFP PHOTO|EPA-EFE)\b",
        flags=0,
        max_words=25,
    ),
    _rule(
        "caption",
        r"^(?:image caption|media caption|video caption|photo caption|caption|image copyright|"
        r"copyright holder|file photo|file image)\b|"
        r"^(?:pictured|above|below|left|right|top|main (?:picture|image)|inset)\s*:|"
        r"^(?:in )?this (?:\w+ )?(?:photo|image|picture|frame grab|video grab|handout)\b.{0,40}"
        r"\b(?:shows?|taken|made|provided|released|distributed|obtained)\b",
    ),
    _rule("caption", r"^FILE\s*[-–—:]\s", flags=0),
    # Position markers that only captions use; single letters only as "(L)" with a partner,
    # since "(R)" alone is also a party label ("Sen. Jane Roe (R)").
    _rule(
        "caption",
        r"\((?:far |second |third |2nd |3rd )?(?:from )?(?:left|right)\)|\((?:centre|center|"
        r"pictured|top|bottom|above|below|l to r|left to right|clockwise from (?:top )?left)\)|"
        r"\((?:2nd |3rd )?L\).*\((?:2nd |3rd )?[RC]\)",
    ),
    # Footers: phrases that only boilerplate uses.
    _rule(
        "footer",
        r"to learn more about republishing|republish(?:ing)? this (?:content|article|story)|"
        r"all rights reserved|may not be (?:published|reproduced|republished|redistributed)|"
        r"©\s*(?:\d{4}|[A-Z])|\(c\)\s*\d{4}|^copyright\s*(?:©|\(c\))?\s*\d{4}|"
        r"\bterms of (?:use|service)\b.*\bprivacy\b|\bprivacy policy\s*[|·•]|"
        r"(?:click|tap) here to (?:read|subscribe|sign up|download|watch|learn)|"
        r"^our standards\s*:|^reuse this content$|^reprints? (?:&|and) permissions$|"
        r"\bappears? in the .{0,40}\bprint edition\b",
        strong=True,
    ),
    _rule(
        "paywall",
        r"^(?:subscribe (?:now )?to (?:continue|keep) reading|already a (?:subscriber|member)\b|"
        r"this (?:story|article|content) is (?:available )?(?:exclusively |only )?(?:to|for) "
        r"(?:subscribers|members)|get unlimited (?:digital )?access\b|"
        r"gift this (?:article|story)|log in to (?:continue|keep) reading)",
        max_words=PROMPT_MAX_WORDS,
    ),
    _rule(
        "newsletter",
        r"^(?:sign up|sign-up|signup|subscribe|stay informed|stay up to date|stay updated|"
        r"get (?:our|the) (?:[\w-]+ ){0,3}(?:newsletters?|briefing|alerts|emails?)|"
        r"don'?t miss (?:out|a story|our)|never miss|"
        r"join (?:our|the) (?:[\w-]+ ){0,2}(?:newsletter|mailing list)|enter your e-?mail|"
        r"your e-?mail address|by (?:signing up|subscribing|clicking)|want (?:more|the latest)\b|"
        r"like this (?:story|article)\?|get (?:breaking news|the latest) (?:alerts|headlines)|"
        r"thanks? (?:you )?for (?:signing up|subscribing))(?![\w-])",  # not "Subscribers ..."
        max_words=PROMPT_MAX_WORDS,
    ),
    _rule(
        "newsletter",
        r"\b(?:our|your)\b.{0,40}\bnewsletters?\b|\bnewsletters?\b.{0,40}\b(?:inbox|sign up|"
        r"subscribe)\b|\bto your inbox\b|\bsign up (?:for|to)\b.{0,60}\bnewsletters?\b",
        max_words=PROMPT_MAX_WORDS,
    ),
    _rule(
        "share-prompt",
        r"^(?:share (?:this|your|on|via|the|with)\b|follow (?:us|me|him|her|them)\b|"
        r"link copied|save (?:this |articles? )?(?:to|for) read(?:ing)? later|"
        r"follow @?[\w.' ]{1,40} on (?:twitter|facebook|instagram|x|linkedin|threads|bluesky)\b|"
        r"\d+\s+(?:thoughts|comments|responses|replies) on\b|"
        r"like us on|join (?:us on \w+|the conversation|the discussion)\b|"
        r"leave a (?:comment|reply)|"
        r"post a comment|add a comment|(?:view|show|read) (?:all )?comments|"
        r"(?:\d+ )?comments?\s*(?:\(\d+\))?$|click (?:here )?to share|"
        r"(?:tweet|email|print|save) this (?:article|story|page)|we want to hear from you|"
        r"have your say|what do you think\?|(?:follow\s+)?@\w+$)",
        max_words=PROMPT_MAX_WORDS,
    ),
    _rule(
        "cookie-notice",
        r"\bwe use cookies\b|\bthis (?:site|website) uses cookies\b|"
        r"\bby continuing to (?:browse|use)\b.{0,80}\b(?:cookies|agree)\b",
        max_words=60,
    ),
    _rule(
        "support-appeal",
        r"\b(?:our|independent|local) journalism (?:relies|depends) on\b|"
        r"\bsupport (?:independent|our|local) (?:journalism|reporting|newsroom)\b|"
        r"\bconsider supporting\b|\bbecome a (?:member|supporter|patron)\b|\bon patreon\b",
        max_words=45,
    ),
    _rule(
        "app-prompt",
        r"^(?:download|get|install) (?:the|our) .{0,40}\bapp\b",
        max_words=PROMPT_MAX_WORDS,
    ),
    _rule(
        "tip-prompt",
        r"^(?:have|got) (?:photos|pictures|video|a (?:news )?tip|a story)\b.{0,80}"
        r"\b(?:send|share|email|upload|contact)\b",
        max_words=PROMPT_MAX_WORDS,
    ),
    _rule(
        "tags",
        r"^(?:topics|tags|filed under|categories|category|posted in)\s*:",
        max_words=25,
    ),
    _rule(
        "read-more",
        r"^(?:read more|read also|also read|read next|see also|read the (?:full|original) "
        r"(?:story|article|report)|read|more|watch|listen|watch more|full story|related reading|"
        r"keep reading|click here)\s*(?::|>>|»|\||…|\.\.\.|\s[-–—]\s|$)",
        max_words=PROMPT_MAX_WORDS,
    ),
    _rule(
        "related-headline",
        r"^(?:related\s*(?::|\||[-–—]|$)|related (?:articles?|stor(?:y|ies)|videos?|content|"
        r"coverage|news|topics|posts|reading|links?|headlines?)\b|"
        r"more (?:from|on|in|stories)\b|recommended\b|"
        r"you (?:may|might) (?:also )?(?:like|enjoy|be interested)|"
        r"most (?:read|popular|viewed|shared|watched)\b|trending\b|also (?:on|in) \w+\s*:|"
        r"editor'?s picks?\b|top stories\b|latest stories\b|further reading\b|"
        r"what to read next|popular (?:now|stories|articles)\b|in other news\s*:|"
        r"explore more on (?:this|these) (?:story|stories|topics?))",
        max_words=PROMPT_MAX_WORDS,
        unfinished=True,  # "More from the interview follows." is prose
    ),
    _rule(
        "reporting-credit",
        # not a bare "Reporting from Seoul --", which opens a story
        r"^(?:(?:with|additional) )?(?:reporting|writing|editing|research)"
        r"(?:(?:,| and) (?:writing|editing|reporting|research))* by\b|"
        r"^(?:with|additional) (?:reporting|research) from\b|"
        r"^\((?:additional )?(?:reporting|writing|editing) by\b|"
        r"\bcontributed (?:reporting|research|to this (?:report|story|article))\b|"
        r"^sources?\s*:\s*[^.]{1,60}$|"
        r"^this (?:story|article|report) (?:was|has been) (?:updated|corrected|amended)\b",
        max_words=PROMPT_MAX_WORDS,
    ),
    # Blog software: "Posted by admin on July 3, 2024"; the name need not be capitalised.
    _rule("byline", r"^posted by\b", max_words=12, unfinished=True),
    # "Coastline Daily staff", "Ledger wire services": a desk signing instead of a person.
    _rule(
        "byline",
        r"(?:[A-Z][\w.'’&-]*\s+){1,4}(?:staff(?: writers?| reports?)?|wire services|news services)",
        flags=0,
        whole=True,
    ),
    _rule(
        "timestamp",
        r"^(?:published|updated|posted|last updated|first published|last modified|date)"
        r"\s*(?:on|at)?\s*[:|-]?\s*(?:\w{3,9}\.?,?\s+)?\d{1,4}\b.{0,40}$|"
        r"^\d+\s+(?:min(?:ute)?s?|hours?|hrs?|days?|weeks?)(?:\s+(?:ago|read))?$",
        max_words=15,
    ),
)


_BREADCRUMB_SPLIT_RE = re.compile(r"\s*[|›»>]\s*")
_BREADCRUMB_MAX_SEGMENT_WORDS = 4


def has_quotation(line: str) -> bool:
    return _QUOTATION_RE.search(line) is not None


def strip_bullets(line: str) -> str:
    return _BULLET_RE.sub("", line).strip()


def ends_like_sentence(line: str) -> bool:
    return _TERMINAL_RE.search(line) is not None


def pattern_reason(line: str) -> str | None:
    """Reasons that hold wherever the line stands."""
    quoted = has_quotation(line)
    words = word_count(line)
    finished = ends_like_sentence(line)
    for rule in _RULES:
        if (quoted and not rule.strong) or (finished and rule.unfinished):
            continue
        if rule.max_words is not None and words > rule.max_words:
            continue
        if rule.pattern.fullmatch(line) if rule.whole else rule.pattern.search(line):
            return rule.reason
    if quoted:
        return None
    if _is_breadcrumb(line):
        return "navigation"
    if _is_social_bar(line):
        return "share-prompt"
    return None


def _is_breadcrumb(line: str) -> bool:
    """ "Home | World | Middle East", "News > Politics": short segments between separators."""
    segments = _BREADCRUMB_SPLIT_RE.split(line)
    if len(segments) < 2 or ends_like_sentence(line):
        return False
    return all(0 < word_count(s) <= _BREADCRUMB_MAX_SEGMENT_WORDS for s in segments)


def _is_social_bar(line: str) -> bool:
    """ "Facebook Twitter Email", "Share | Tweet | Print": nothing but share buttons."""
    words = [w for w in _SOCIAL_SPLIT_RE.split(line.lower()) if w]
    return (
        bool(words)
        and all(w in _SOCIAL_WORDS for w in words)
        and any(w in _SOCIAL_CORE for w in words)
    )


# Page furniture that a scrape leaves inside a paragraph rather than on a line of its own
# (Multi-News documents are one line each): a sentence that opens with it is not a
# statement of the story's, whatever follows. Read off the sentences of the first 300
# Multi-News val clusters that start with them (captions 35, photo credits 25, "getty
# images" 18, image copyright 16, media playback 8, "click here" 5, "___" 2).
_SENTENCE_JUNK_RE = re.compile(
    r"^\W*(?:media playback is (?:un)?supported|image copyright|image caption|media caption|"
    r"(?:photo|image|video|picture)s?\s*(?:credit)?\s*:|getty images|\(?ap photo|"
    r"click here|_{3,}|q:\s.*\sa:\s|advertisement\s+continue reading|"
    r"(?:close\s+)?(?:this|the) (?:video|image|photo) (?:is|was)|"
    r"(?:[\w'’-]+\s+){1,3}(?:getty images|ap photo|reuters photo|afp photo)\b|"
    r"(?:file|handout) photo\b|related:|read more:|see also:)",
    re.IGNORECASE,
)


def junk_sentence(sentence: str) -> bool:
    """Whether a sentence opens with page furniture (a caption, a credit, a player notice,
    a Q-and-A label, a "___" rule), so it is no statement of the story's."""
    return _SENTENCE_JUNK_RE.match(sentence) is not None
