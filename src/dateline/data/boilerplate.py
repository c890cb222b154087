"""Named, commented rules for page furniture in news text: captions, credits, share/follow lines, footers.

Each :class:`LineRule` matches one whole line (stripped of surrounding spaces); the cleaner blanks matching
lines. Rules are deliberately anchored and length-capped: a real sentence that merely contains "subscribe" or
"credit" must survive, so every rule says what a furniture line looks like from start to end, and
``max_words`` keeps a long content sentence from being mistaken for furniture.

Structural rules (repeated lines, runs of headline bullets, short footer lines after other furniture) need the
neighbouring lines, so they live in :mod:`dateline.stages.clean`; their names are listed here for reference.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["BARE_URL", "DATE_HEADER", "LINE_RULES", "STRUCTURAL_RULES", "LineRule"]


@dataclass(frozen=True, slots=True)
class LineRule:
    """A furniture line: ``pattern`` must match the whole stripped line (``fullmatch``)."""

    name: str
    pattern: re.Pattern[str]
    max_words: int  # lines longer than this are content whatever they look like
    why: str  # what this furniture is, and an example


def _rule(name: str, regex: str, *, max_words: int, why: str) -> LineRule:
    return LineRule(name, re.compile(regex, re.IGNORECASE), max_words, why)


# Agencies that sign off wire stories with a line of their own name ("AGENCE FRANCE PRESSE", "REUTERS").
_AGENCIES = (
    r"agence france[- ]presse|afp|reuters|associated press|ap|xinhua|dpa|bloomberg|ani|pti|ians|efe|ansa"
    r"|kyodo|yonhap|tass|ria novosti|anadolu|nytimes|new york times|washington post|the washington post"
    r"|los angeles times|the guardian|bernama|aap|upi"
)
# Words of share/follow toolbars ("Share this article  Facebook  Twitter  Email").
_SOCIAL = (
    r"share|shares|shared|sharing|this|article|story|page|on|via|facebook|twitter|x|whatsapp|telegram|email|e-mail"
    r"|mail|print|linkedin|reddit|pinterest|messenger|copy|link|tweet|comments?|comment|save|flipboard|sms"
    r"|order|reprints?|permissions"
)

LINE_RULES: tuple[LineRule, ...] = (
    _rule(
        "print-edition",
        r"a version of this (?:article|story) appeared in (?:the )?print.*",
        max_words=60,
        why="print-edition note ('A version of this article appeared in the print edition of The Daily "
        "Times on March 04, 2017...'); removed as content, but the dating stage reads its raw text",
    ),
    _rule(
        "timestamp-line",
        r"(?=.*\d)(?:published|updated|posted|last updated|first published|modified)\s*(?:on|at)?\s*:?\s*"
        r"[\w ,:./+-]{4,60}",
        max_words=12,
        why="page timestamp ('Published: March 3, 2017 10:32 AM'); the dating stage reads its raw text",
    ),
    _rule(
        "file-photo",
        r"(?:file )?(?:photo|picture|image)\s*:.*",
        max_words=80,
        why="photo caption introduced as such ('FILE PHOTO: A road sign is pictured near the city...')",
    ),
    _rule(
        "agency-photo-credit",
        r".*\b(?:reuters|ap photo|afp|epa|getty images|anadolu)/[a-z].*",
        max_words=80,
        why="caption ending in a photographer credit ('... May 19, 2015. REUTERS/Photographer/File Photo |')",
    ),
    _rule(
        "photo-credit-parenthesis",
        r".*\((?:photo|picture|image|file photo)\s*:?\s*[\w/.&'’ -]{1,40}\)",
        max_words=60,
        why="caption with a parenthesised credit ('Troops in Raqqa. (Photo: AFP)')",
    ),
    _rule(
        "caption-credit",
        # the credit must not end in a full stop: "...from one source: the ministry." is a sentence
        r".*\b(?:credit|photo|photograph|picture|image)s?\s*:\s*[\w/.&'’ -]{0,39}[\w/)]\s*\|?",
        max_words=60,
        why="caption with a trailing credit ('Soldiers walk outside a hospital. Credit: AP')",
    ),
    _rule(
        "image-note",
        r"(?:image|photo|picture)s? (?:is |are )?(?:used )?(?:for|only for) representation(?:al)? purposes?"
        r"(?: only)?\.?",
        max_words=12,
        why="stock-photo disclaimer ('Image for representational purpose only.')",
    ),
    _rule(
        "image-credit-line",
        r"(?:getty images|image copyright|image caption|photo credit)\b.{0,80}"
        r"|(?:copyright\s*)?(?:©|\(c\))\s*.{0,80}|copyright\s+\d{4}\b.{0,80}|.{0,60}all rights reserved\.?",
        max_words=14,
        why="stand-alone image credit or copyright line ('Image copyright Getty Images', '© 2017 Reuters')",
    ),
    _rule(
        "related-heading",
        r"(?:related|more|latest|top|trending|recommended|popular|most read|most popular|most viewed"
        r"|also read|read more|read also|see also|you may also like|more from|more on this|editor'?s picks"
        r"|don'?t miss|must read|recommended for you"
        r"|(?:popular|trending|more) (?:on|in|from) [\w .'’-]{1,30})"
        r"(?: (?:stories|articles|news|headlines|videos|links|coverage|from [\w .]+))?\s*[:.…]*",
        max_words=6,
        why="heading of a related-stories widget ('Related Stories', 'Read more', 'Also read')",
    ),
    _rule(
        "read-more-link",
        r"(?:(?:read more|also read|read also|see also|watch|listen|click here|related)\s*:"
        r"|also on [\w-]+\.[\w.]+\b).*",
        max_words=25,
        why="teaser link to another story ('READ MORE: President visits front line')",
    ),
    _rule(
        "empty-widget",
        r"no (?:related )?(?:stories|articles|results|comments|posts) (?:found|yet|available)\.?",
        max_words=6,
        why="empty related-stories widget ('No stories found.')",
    ),
    _rule(
        "social-follow",
        r"(?:join|follow)\b.{0,80}\b(?:telegram|whatsapp|twitter|facebook|instagram|youtube"
        r"|linkedin|channel|us on)\b.*",
        max_words=25,
        why="invitation to follow the outlet ('Join our Telegram channel and get the latest breaking news')",
    ),
    _rule(
        "subscribe",
        r"(?:subscribe|sign up|log in|already a subscriber|get the latest|download (?:our|the)"
        r" app)\b.*",
        max_words=25,
        why="subscription or newsletter prompt ('Subscribe', 'Sign up for our daily newsletter')",
    ),
    _rule(
        "newsletter",
        r".*\bnewsletters?\b.*\b(?:sign up|subscribe|inbox|delivered)\b.*"
        r"|.*\b(?:sign up|subscribe)\b.*\bnewsletters?\b.*",
        max_words=30,
        why="newsletter promotion anywhere in a short line",
    ),
    _rule(
        "close-mark",
        r"[x×✕✖]",
        max_words=1,
        why="a bare 'X' left by a close button or the X (Twitter) icon",
    ),
    _rule(
        "share-toolbar",
        rf"[-•·]?\s*(?:(?:{_SOCIAL})[\s|•·/,:]*)+",
        max_words=12,
        why="share/follow toolbar made only of social words ('Share this article Facebook Twitter Email')",
    ),
    _rule(
        "agency-signoff",
        rf"[-–—(\[]*\s*(?:{_AGENCIES})(?:\s*(?:/|,|and|&)\s*(?:{_AGENCIES}))*\s*[)\]]*\.?",
        max_words=6,
        why="wire agency sign-off line ('AGENCE FRANCE PRESSE', '(Reuters)', 'AFP, Reuters')",
    ),
    _rule(
        "reporting-credits",
        # not "written by" or "edited by": "Written by a senior aide, the memo..." opens real sentences
        r"\(?(?:additional )?(?:reporting|writing|editing) by\b.*",
        max_words=40,
        why="Reuters-style credits ('Reporting by A. Writer; Editing by B. Editor')",
    ),
    _rule(
        "contributed-reporting",
        r".{0,120}\bcontributed (?:reporting|to this (?:report|story|article))\b.*",
        max_words=30,
        why="reporter credit ('A. Writer contributed reporting from Hong Kong.')",
    ),
    _rule(
        "contact-author",
        r"(?:write to|e-?mail|contact|reach)\b.{0,100}(?:\w@\w|@\w{2,}|twitter\.com/).*",
        max_words=30,
        why="author contact line with an address or handle ('Write to A. Writer at a.writer@example.com')",
    ),
    _rule(
        "form-message",
        r"(?:thanks?(?: you)? for (?:signing up|subscribing|registering|your (?:interest|feedback))"
        r"|thank you|an error (?:has )?occurred.*|please try again(?: later)?)[.!]*",
        max_words=10,
        why="message of a sign-up or comment form ('Thanks for signing up!', 'An error has occurred')",
    ),
    _rule(
        "comment-prompt",
        r"(?:tell us what you think|leave a comment|post a comment|add a comment"
        r"|join the (?:discussion|conversation)|comments? (?:are )?closed|have your say|show comments"
        r"|view comments)\b.*",
        max_words=12,
        why="invitation to comment ('Tell us what YOU think...', 'Join the discussion')",
    ),
    _rule(
        "source-line",
        r"source\s*:\s*[\w .,&'’/()-]{1,60}",
        max_words=8,
        why="attribution footer naming the source agency ('SOURCE: News agencies')",
    ),
    _rule(
        "personal-use-notice",
        r"this (?:copy|article|material) is for your personal,? non-?commercial use only.*",
        max_words=60,
        why="reprint notice ('This copy is for your personal, non-commercial use only...')",
    ),
    _rule(
        "bare-timestamp",
        # digits and date/time punctuation only, with an optional AM/PM or time zone: a page's time stamp
        # (a date d-m-y / y-m-d or a clock time must be there: "02-751-1500" is a phone number)
        r"(?=.*(?:\d{1,4}[-./]\d{1,2}[-./]\d{1,4}|\d{1,2}:\d\d))[\d\s:./T+,()\[\]–-]{6,40}(?:\s*(?:am|pm|a\.m\.|p\.m\.))?"
        r"(?:\s*(?:gmt|utc|est|edt|pst|pdt|cet|cest|ist|bst))?",
        max_words=6,
        why="a line that is only a date or time ('2019-11-19T08:57:45+01:00', '19.11.2019 10:32')",
    ),
    _rule(
        "report-label",
        r"\d+\.\s+[\w .'’&-]{1,40}\b(?:report|video|live|update|news)",
        max_words=6,
        why="numbered player label ('1. ITV Report')",
    ),
    _rule(
        "video-credit",
        r"(?:[-–—•·]\s*)?(?:video|audio|watch)(?: report| package)? by\b.*",
        max_words=25,
        why="video credit line ('– Video report by our International Affairs Editor')",
    ),
    _rule(
        "advertisement",
        r"(?:advertisement|advertising|sponsored(?: content)?|story continues below(?: advertisement)?"
        r"|scroll to continue(?: with content)?|continue reading(?: below)?|ad)\.?",
        max_words=6,
        why="ad slot label left in the text ('Advertisement', 'Story continues below advertisement')",
    ),
)

# A line that is only a URL or a domain. Furniture only in the footer block ("www.example-express.com"):
# inside the body such lines are often the article's own links, which readers count as content.
BARE_URL = re.compile(
    r"(?:https?://|www\.)\S+|[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|in|co\.uk|co|news|info|sg|ae)/?",
    re.IGNORECASE,
)

# A leading "date YYYY-MM-DD" token (metadata, read by ingest; blanked by the cleaner, subtitle kept).
# The very start means the first line: a "date" line after other lines is text, not metadata.
DATE_HEADER = re.compile(r"\A[ \t]*date[: \t][ \t]*(?P<date>\d{4}-\d{2}-\d{2})\b", re.IGNORECASE)

# Rules that need neighbouring lines; implemented in dateline.stages.clean.
STRUCTURAL_RULES = {
    "date-header": "the leading 'date YYYY-MM-DD' metadata token (ingest reads it)",
    "duplicate-line": "a line repeating the line just before it (a caption printed twice)",
    "bare-url": "a line that is only a URL or domain, in the footer block",
    "headline-bullets": "a run of >= 2 bullet lines that read as headlines (no final period): other stories",
    "footer-line": "a short title-like line in the footer after other furniture ('The Example Express')",
}
