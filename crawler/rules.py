"""The site's vocabulary: every word and name the extraction recognises, one table each.

The tables read like the site's own words ("Previous Story", "ALSO READ", "…reports Asian Lite
News"); the functions below them are the only code that applies them, and they read the
tables every time they run (a pattern is compiled once per table *value*), so an entry added
to a table applies at once, in every layer, with no second copy of the rule anywhere.

Text tables are written as a reader sees the words; matching ignores case, runs of
whitespace, typographic apostrophes and the arrows or guillemets themes put around labels.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from archive.text import collapse

# --- chrome ------------------------------------------------------------------------------

#: Class or id tokens of elements that hold chrome, never article text. A trailing ``*`` is a
#: prefix (``advert*`` matches ``advert``, ``advertisement``, ``advert-box``).
CHROME_NAMES: tuple[str, ...] = (
    "ad", "ads", "ad-*", "advert*", "adsense*", "adsbygoogle", "code-block*", "sponsored*",
    "sharedaddy", "sd-*", "share*", "sharing*", "social*", "jp-relatedposts*", "related*",
    "newsletter*", "post-views*", "addtoany*", "a2a*", "heateor*", "breadcrumb*",
    "post-navigation", "nav-links", "navigation", "tags-links", "post-tags", "entry-tags",
    "cat-links", "post-categories", "entry-meta", "entry-footer", "byline", "posted-on",
    "min-read", "reading-time", "read-time", "latest-from", "dont-miss", "go-to-top",
    "back-to-top", "comments*", "comment-respond", "wp-block-post-navigation-link",
    "wp-block-post-terms", "wp-block-comments*",
)  # fmt: skip

#: Lines that are chrome when they are the whole line (a paragraph, a list item, a caption).
CHROME_LINES: tuple[str, ...] = (
    "Share this", "Share this:", "Share", "Like this:", "Like this", "Related", "Related posts",
    "Advertisement", "Sponsored", "Go to Top", "Back to top", "Don't Miss", "Continue reading",
    "Follow us on Facebook", "Follow us on Twitter", "Leave a Reply", "Leave a comment",
    "Print", "Email", "Tags", "Categories", "Share on",
)  # fmt: skip

#: Labels that make a whole line chrome when the line opens with them ("Share this: Facebook
#: Twitter"); the tag and category labels and the story navigation and section headings
#: below do too. A label ending in ":" needs its colon.
CHROME_LINE_OPENERS: tuple[str, ...] = (
    "Share this:", "Share on:", "Share:", "Related posts:", "You may also like",
    "Follow us on", "Please send your comments",
)  # fmt: skip

#: Labels in front of the tag links ("Tags: <a>China</a>, <a>Russia</a>").
TAG_LABELS: tuple[str, ...] = ("Tags:", "Tagged:", "Tagged with", "Tags")
#: Labels in front of the category links ("Filed under: <a>UK News</a>").
CATEGORY_LABELS: tuple[str, ...] = ("Filed under", "Categories:", "Category:", "Posted in")

#: Words that make up a row of share buttons ("Facebook Twitter WhatsApp Email").
SHARE_WORDS: tuple[str, ...] = (
    "Share", "Share this", "Share on", "Tweet", "Email", "Print", "Facebook", "Twitter", "X",
    "WhatsApp", "LinkedIn", "Telegram", "Pinterest", "Reddit", "Tumblr", "Pocket", "Skype",
    "Messenger", "Copy link", "More", "Like this", "Like",
)  # fmt: skip

#: The reading-time label: a number followed by one of these ("1 min read", "3 minutes read").
READING_TIME_UNITS: tuple[str, ...] = ("min read", "mins read", "minute read", "minutes read")

# --- links --------------------------------------------------------------------------------

#: Forms of the line that points to another story ("ALSO READ: <a>...</a>"). A form that ends
#: in punctuation needs a separator after it (":", "-", "–", "—"); the others may have one.
ALSO_READ_FORMS: tuple[str, ...] = (
    "ALSO READ", "READ ALSO", "SEE ALSO", "Also see", "Read more:", "Read More:", "Also Read:",
)  # fmt: skip

#: Labels of the post navigation, by link kind.
STORY_NAVIGATION: dict[str, tuple[str, ...]] = {
    "previous_story": ("Previous Story", "Previous Post", "Previous article", "Prev Story"),
    "next_story": ("Next Story", "Next Post", "Next article"),
}

#: Headings of the lists of other stories around the article, by link kind.
STORY_SECTIONS: dict[str, tuple[str, ...]] = {
    "latest_from": ("Latest from",),
    "dont_miss": ("Don't Miss",),
}

#: Class tokens of embedded posts and videos (``*`` is a prefix, as in CHROME_NAMES).
EMBED_NAMES: tuple[str, ...] = (
    "twitter-tweet", "twitter-video", "instagram-media", "tiktok-embed", "wp-block-embed*",
    "fb-post", "fb-video",
)  # fmt: skip

#: Hosts of embedded posts and videos (a link to one in a blockquote makes it an embed).
EMBED_HOSTS: tuple[str, ...] = (
    "youtube.com", "youtu.be", "twitter.com", "x.com", "vimeo.com", "facebook.com",
    "instagram.com", "tiktok.com", "dailymotion.com",
)  # fmt: skip

# --- credits and names ------------------------------------------------------------------

#: Verbs of the credit that ends a standfirst ("….reports Asian Lite News", "…writes NAME").
CREDIT_VERBS: tuple[str, ...] = ("reports", "report", "reporst", "reported", "writes", "wrote", "says")

#: Wire agencies credited at the end of a body ("(ANI)", "-IANS"): the article's ``source``.
WIRE_AGENCIES: tuple[str, ...] = (
    "ANI", "IANS", "PTI", "UNI", "Reuters", "AFP", "AP", "WAM", "SPA", "Xinhua", "KUNA", "QNA",
    "BNA", "ONA", "APP", "BSS", "Yonhap", "Kyodo", "Bernama", "Antara", "dpa", "DPA", "EFE",
    "TASS", "Sputnik", "NNA", "PNA", "RSS",
)  # fmt: skip

#: The word that opens a byline ("By NAME", "BY NAME", "DAILY DOSE By NAME").
BYLINE_WORDS: tuple[str, ...] = ("By",)

#: Author names that mean "the site itself", replaced by a named writer when one is found.
SITE_AUTHORS: tuple[str, ...] = ("Asian Lite News", "Asian Lite", "asianlite", "admin")

#: Suffixes a theme appends to the page title ("Title – Asian Lite News").
TITLE_SUFFIXES: tuple[str, ...] = ("Asian Lite News", "Asian Lite", "AsianLite")


#: The bracketed photo credit that ends a caption set as a lone line under an image
#: ("… (Photo: Mayor of London)"); a bracket of names joined by "/" is one too
#: ("(Xinhua/Ahmed Gomaa/IANS)").
PHOTO_CREDITS: tuple[str, ...] = ("Photo", "Photos", "Picture", "Pic", "Image", "Credit", "Courtesy", "File photo")

#: A lone line longer than this (in words) is text, not a caption.
CAPTION_MAX_WORDS = 40


# --- the matchers ---------------------------------------------------------------------------

_AROUND_LABEL = "«»‹›←→<>|·•:;-–—*#\u00a0 "


@lru_cache(maxsize=4096)
def fold(text: str) -> str:
    """A text as the tables compare it: collapsed, lowercase, straight apostrophes.

    Remembered: the text anchors try every label table on the same texts of a page."""
    return collapse(text).lower().replace("’", "'").replace("‘", "'")


def _phrase(entry: str) -> str:
    """A table entry as a pattern: its words with any whitespace between them."""
    return r"\s+".join(re.escape(word) for word in fold(entry).split())


@cache
def _names_re(entries: tuple[str, ...]) -> re.Pattern[str]:
    parts = [
        re.escape(entry[:-1].lower()) + r"\S*" if entry.endswith("*") else re.escape(entry.lower())
        for entry in entries
    ]
    return re.compile(rf"(?:^|\s)(?:{'|'.join(parts)})(?=\s|$)")


def has_name(value: str | None, entries: tuple[str, ...]) -> bool:
    """True when a class or id attribute holds a token of the table (``*`` entries: prefixes)."""
    return bool(value) and _names_re(entries).search(value.lower()) is not None  # type: ignore[union-attr]


def is_chrome_name(value: str | None) -> bool:
    """A class or id attribute that marks chrome (CHROME_NAMES)."""
    return has_name(value, CHROME_NAMES)


def is_embed_name(value: str | None) -> bool:
    """A class attribute that marks an embedded post or video (EMBED_NAMES)."""
    return has_name(value, EMBED_NAMES)


def _label(text: str) -> str:
    """A label's folded text without the arrows and punctuation themes put around it."""
    return fold(text).strip(_AROUND_LABEL)


def _opener(entry: str) -> str:
    """A label as the opening of a line: its colon required if it has one, then a word break."""
    if entry.rstrip().endswith(":"):
        return _phrase(entry.rstrip()[:-1]) + r"\s*:"
    return _phrase(entry) + r"(?!\w)"


@cache
def _lines_re(
    lines: tuple[str, ...],
    openers: tuple[str, ...],
    labels: tuple[str, ...],
    headings: tuple[tuple[str, ...], ...],
    units: tuple[str, ...],
) -> re.Pattern[str]:
    # a one-word label without its colon ("Tags") is chrome only as a whole line (CHROME_LINES)
    labelled = [label for label in labels if label.endswith(":") or " " in label]
    opening = "|".join(_opener(entry) for entry in (*openers, *labelled, *(h for group in headings for h in group)))
    whole = "|".join(_phrase(entry.rstrip(":")) for entry in lines)
    minutes = "|".join(_phrase(unit) for unit in units)
    return re.compile(rf"(?:{whole})\s*:?|(?:{opening}).*|\d+\s*(?:{minutes})\.?", re.DOTALL)


def is_chrome_line(text: str) -> bool:
    """A whole line that is chrome: one of CHROME_LINES, a line opening with a label of
    CHROME_LINE_OPENERS, TAG_LABELS, CATEGORY_LABELS, STORY_NAVIGATION or STORY_SECTIONS, or
    a reading time ("3 min read")."""
    label = _label(text)
    if not label:
        return False
    headings = (*STORY_NAVIGATION.values(), *STORY_SECTIONS.values())
    pattern = _lines_re(CHROME_LINES, CHROME_LINE_OPENERS, TAG_LABELS + CATEGORY_LABELS, headings, READING_TIME_UNITS)
    return pattern.fullmatch(label) is not None


@cache
def _openers_re(labels: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("^(?:" + "|".join(_opener(label) for label in labels) + ")")


def opens_with(text: str, labels: tuple[str, ...]) -> bool:
    """The text opens with one of the labels (as a line opener: see ``_opener``)."""
    return _openers_re(labels).match(_label(text)) is not None


@cache
def _share_re(words: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = "|".join(_phrase(word) for word in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?:[^\w]*(?:{alternatives})(?!\w))+[^\w]*")


def is_share_row(text: str) -> bool:
    """A text made of nothing but share words ("Share this: Facebook Twitter WhatsApp")."""
    folded = fold(text)
    return bool(folded) and _share_re(SHARE_WORDS).fullmatch(folded) is not None


@cache
def _minutes_re(units: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(rf"\b(\d{{1,3}})\s*(?:{'|'.join(_phrase(unit) for unit in units)})\b")


def reading_minutes(text: str) -> int | None:
    """The N of "N min read" anywhere in a text."""
    match = _minutes_re(READING_TIME_UNITS).search(fold(text))
    return int(match.group(1)) if match else None


@cache
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


@cache
def _starts_re(entries: tuple[str, ...]) -> re.Pattern[str]:
    """A folded label that opens with one of the entries (whole words)."""
    return re.compile(rf"^(?:{'|'.join(_phrase(entry) for entry in entries)})(?!\w)")


@cache
def _also_read_re(forms: tuple[str, ...]) -> re.Pattern[str]:
    parts = []
    for form in forms:
        words = _phrase(form.rstrip(":-–— "))
        needs_separator = form.rstrip() != form.rstrip().rstrip(":-–—")
        separator = r"\s*[:\-–—]" if needs_separator else r"\b\s*[:\-–—]?"
        parts.append(words + separator)
    return re.compile(rf"^\W*(?:{'|'.join(parts)})\s*")


def also_read_prefix(text: str) -> int:
    """Length of the ALSO READ form opening a line (0: the line is no ALSO READ line)."""
    match = _also_read_re(ALSO_READ_FORMS).match(text.lower().replace("’", "'"))
    return match.end() if match else 0


def _kind_of(label: str, table: dict[str, tuple[str, ...]]) -> str | None:
    for kind, entries in table.items():
        if _starts_re(entries).match(label):
            return kind
    return None


def navigation_kind(text: str) -> str | None:
    """``previous_story`` / ``next_story`` for a text that opens with a navigation label."""
    return _kind_of(_label(text), STORY_NAVIGATION)


def strip_navigation_label(text: str) -> str:
    """A navigation link's text without its label ("Next Story » Title" -> "Title")."""
    label = _label(text)
    for entries in STORY_NAVIGATION.values():
        match = _starts_re(entries).match(label)
        if match:
            words = len(match.group(0).split())
            rest = collapse(text).strip(_AROUND_LABEL).split(None, words)
            return collapse(rest[words] if len(rest) > words else "").strip(_AROUND_LABEL)
    return collapse(text)


def section_kind(heading: str) -> str | None:
    """``latest_from`` / ``dont_miss`` for the heading of a list of other stories."""
    return _kind_of(_label(heading), STORY_SECTIONS)


#: The publication a glued credit names: "….reports Asian Lite NewsThe talks..." (the next
#: sentence follows the name without a space).
CREDIT_PUBLICATIONS: tuple[str, ...] = ("Asian Lite News", "Asian Lite")


@cache
def _credit_re(verbs: tuple[str, ...], publications: tuple[str, ...]) -> re.Pattern[str]:
    verb = "|".join(re.escape(v) for v in sorted(verbs, key=len, reverse=True))
    names = "|".join(_phrase(name) for name in sorted(publications, key=len, reverse=True))
    return re.compile(
        rf"(?:\s*[.…,;:\-–—]+\s*|\s+(?=(?:{verb})\s+(?:{names})))(?:{verb})\s+"
        rf"(?:(?P<glued>(?:{names}))(?=(?-i:[A-Z]))|(?P<who>[^…]{{1,110}}?)\.?$)",
        re.IGNORECASE,
    )


def credit_span(text: str) -> tuple[int, int] | None:
    """Where the credit ending a standfirst is ("….reports Asian Lite News"): (start, end).

    ``end`` is the text's end, or where the next sentence begins when it is glued to the
    credit ("…reports Asian Lite NewsThe talks…"). None when the text has no credit.
    """
    for match in _credit_re(CREDIT_VERBS, CREDIT_PUBLICATIONS).finditer(text):
        if match.group("glued"):
            return match.start(), match.end()
        if len(match.group("who").split()) <= 16:
            return match.start(), len(text)
    return None


@cache
def _wire_re(agencies: tuple[str, ...]) -> re.Pattern[str]:
    names = "|".join(re.escape(name) for name in agencies)
    return re.compile(
        rf"(?:\(\s*(?i:with\s+inputs?\s+from\s+)?(?P<paren>{names})\s*\)|[-–—]\s*(?P<dash>{names}))\s*\.?\s*$"
    )


def wire_agency(body: str | None) -> str | None:
    """The agency credited at the very end of a body ("... (ANI)" -> "ANI")."""
    if not body:
        return None
    match = _wire_re(WIRE_AGENCIES).search(body)
    return (match.group("paren") or match.group("dash")) if match else None


def is_site_author(name: str) -> bool:
    """An author name that stands for the site itself (SITE_AUTHORS)."""
    folded = fold(name)
    return any(folded == fold(entry) for entry in SITE_AUTHORS)


@cache
def _suffix_re(names: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = "|".join(_phrase(entry) for entry in names)
    return re.compile(rf"(?i)\s+[–—|·:-]\s+(?:{alternatives})\s*$")


def strip_title_suffix(title: str) -> str:
    """A page title without the site name a theme appends ("Title – Asian Lite News")."""
    return _suffix_re(TITLE_SUFFIXES).sub("", collapse(title), count=1)


@cache
def _photo_credit_re(forms: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = "|".join(_phrase(form) for form in forms)
    return re.compile(rf"\((?:(?:{alternatives})\b[^()]*|[^()/]+(?:/[^()/]+)+)\)\s*\.?$", re.IGNORECASE)


def is_caption_line(text: str) -> bool:
    """A lone line that captions the image above it: short, ending in a photo credit."""
    words = collapse(text).split()
    return 0 < len(words) <= CAPTION_MAX_WORDS and bool(_photo_credit_re(PHOTO_CREDITS).search(" ".join(words)))


#: A name as a byline writes it: capitalised words (particles such as "de", "bin" allowed).
_NAME = r"[A-Z][\w.'’-]*(?:[ \t]+(?:[A-Z][\w.'’-]*|de|van|von|bin|al|el|ul|ur)){0,5}"


def _byline_words() -> str:
    return "|".join(re.escape(word) for word in BYLINE_WORDS)


def byline_line(text: str) -> str | None:
    """NAME when the whole line is a byline: "By NAME", "BY NAME", "DAILY DOSE By NAME",
    "The Funny Side by NAME" (a column's name may stand before the byline word)."""
    column = r"(?:[A-Z][\w’']*(?:\s+[A-Za-z][\w’']*){0,3}\s+)??"
    pattern = _compiled(rf"{column}(?i:{_byline_words()})\s+(?P<name>{_NAME})\s*[.,:]?")
    match = pattern.fullmatch(collapse(text))
    return match.group("name") if match and len(text.split()) <= 10 else None


def byline_opener(text: str) -> tuple[str, str] | None:
    """(NAME, the rest) for a line that opens with a byline: "By NAME, ...", "By NAME | ...",
    "By NAME – ...", or "By NAME" and a wide gap (two or more spaces, or a no-break space) in
    the text as written."""
    separator = r"(?:\s*[,|:]|\s+[–—-])\s*|[ \t]*(?:\u00a0|[ \t]{2})\s*"
    pattern = _compiled(rf"\s*(?i:{_byline_words()})\s+(?P<name>{_NAME})(?:{separator})")
    match = pattern.match(text)
    if match is None or not text[match.end() :].strip():
        return None
    return match.group("name"), collapse(text[match.end() :])
