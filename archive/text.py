"""The text helpers every layer shares: whitespace, entities, slugs.

One definition each, used by extraction (``crawler/``), the pipelines and the archive, so that
a name read from a page, the slug the archive stores for it and the slug a researcher filters
by always agree. Nothing here parses HTML; element text lives in ``crawler.pages.text``.
"""

from __future__ import annotations

import html
import re
import unicodedata

_SLUG_SEPARATORS_RE = re.compile(r"[\s./–—]+")
_SLUG_DROPPED_RE = re.compile(r"[^a-z0-9_-]+")
_SLUG_DASHES_RE = re.compile(r"-{2,}")


def collapse(text: str) -> str:
    """Words separated by single spaces: every run of whitespace (NBSP included) becomes one."""
    return " ".join(text.split())


def unescape(text: str) -> str:
    """HTML entities decoded, twice-encoded ones too (``&amp;#8216;`` -> ``‘``).

    WordPress writes typographic quotes as numeric entities and some plugins encode the
    ampersand again; a text is decoded until it stops changing (at most three rounds, so a
    literal ``&amp;amp;`` written on purpose is not eaten away entirely).
    """
    for _ in range(3):
        if "&" not in text:
            break
        decoded = html.unescape(text)
        if decoded == text:
            break
        text = decoded
    return text


def clean_line(text: str) -> str:
    """One line of text as stored: entities decoded, NFC, whitespace collapsed."""
    return collapse(unicodedata.normalize("NFC", unescape(text)))


def slugify(name: str) -> str:
    """The WordPress slug of a display name (``sanitize_title``): ``"Top News"`` -> ``"top-news"``.

    Accents are dropped (``Café Culture`` -> ``cafe-culture``), underscores kept
    (``art_culture``), apostrophes and other punctuation removed (``Don't Miss`` ->
    ``dont-miss``); spaces, dots, slashes and dashes become single hyphens. A name with no
    Latin letters or digits keeps its lowercased, hyphenated form, as WordPress keeps it
    (percent-encoded in URLs).
    """
    lowered = unicodedata.normalize("NFKD", unescape(name)).lower()
    hyphenated = _SLUG_SEPARATORS_RE.sub("-", lowered.strip())
    ascii_slug = _SLUG_DROPPED_RE.sub("", hyphenated.encode("ascii", "ignore").decode())
    slug = _SLUG_DASHES_RE.sub("-", ascii_slug).strip("-")
    if slug:
        return slug
    return _SLUG_DASHES_RE.sub("-", unicodedata.normalize("NFC", hyphenated)).strip("-")
