"""Normalise an article's fields: UTC dates, names, whitespace, Unicode, URLs, wire credit.

After this pipeline every contract field has its final form: dates are ISO 8601 in UTC,
category names lose the site's sorting hyphen ("-Top News" -> "Top News"), text is NFC with
collapsed whitespace (paragraph breaks kept), URLs are canonical (crawler.urls), the language
is its primary subtag, the primary category comes from the article's URL and a trailing wire
credit ("(ANI)", "-IANS") fills ``source``.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from crawler import urls
from crawler.items import ArticleItem
from crawler.pages import urlcache
from crawler.pages.text import collapse, is_clean_body
from pipelines.chrome import CANONICAL_LINKS, COLLAPSED_BODY

logger = logging.getLogger(__name__)

WIRE_AGENCIES = (
    "ANI", "IANS", "PTI", "UNI", "Reuters", "AFP", "AP", "WAM", "SPA", "Xinhua", "KUNA", "QNA",
    "BNA", "ONA", "APP", "BSS", "Yonhap", "Kyodo", "Bernama", "Antara", "dpa", "DPA", "EFE",
    "TASS", "Sputnik", "NNA", "PNA", "RSS",
)  # fmt: skip
_AGENCY = "|".join(WIRE_AGENCIES)
_WIRE_CREDIT_RE = re.compile(
    rf"(?:\(\s*(?i:with\s+inputs?\s+from\s+)?(?P<paren>{_AGENCY})\s*\)|[-–—]\s*(?P<dash>{_AGENCY}))\s*\.?\s*$"
)
_SORT_PREFIX_RE = re.compile(r"^[\s\-–—_.]+")
_SORT_PREFIX_MARKS = frozenset("-–—_.")
_PARAGRAPH_BREAK_RE = re.compile(r"\n\s*\n")
#: A date already in its normal form: what to_utc_iso returns for it is itself.
_UTC_ISO_SECONDS_RE = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00\Z", re.ASCII)
_SUBTAG_SEPARATOR_RE = re.compile(r"[-_]")
_SENTINEL = "\x00"  # marks a paragraph break while whitespace is collapsed (not whitespace)


class NormalizePipeline:
    """Give every contract field its final, normal form."""

    def process_item(self, item: ArticleItem) -> ArticleItem:
        if not isinstance(item, ArticleItem):
            return item
        item.title = clean_line(item.title)
        item.summary = clean_line(item.summary)
        collapsed = item.body is not None and item.raw.get(COLLAPSED_BODY) is item.body
        item.body = clean_body_text(item.body, collapsed=collapsed)
        item.published_at = _utc_or_keep(item.published_at)
        item.modified_at = _utc_or_keep(item.modified_at)
        item.authors = unique_clean(item.authors)
        item.categories = unique_clean(category_name(name) for name in item.categories)
        item.category = primary_category(item)
        item.tags = unique_clean(item.tags)
        item.language = language_code(item.language)
        self._normalize_urls(item)
        if item.source is None:
            item.source = wire_credit(item.body)
        return item

    def _normalize_urls(self, item: ArticleItem) -> None:
        item.url = urlcache.canonical_url(item.url)
        if item.shortlink:
            item.shortlink = urlcache.canonical_url(item.shortlink)
        if item.post_id is None and item.shortlink:
            item.post_id = urlcache.post_id_from_url(item.shortlink)
        if item.shortlink is None and item.post_id is not None:
            item.shortlink = _shortlink(item.url, item.post_id)
        for image in item.images:
            image["url"] = urlcache.canonical_url(image["url"])
            image["caption"] = clean_line(image.get("caption"))
            image["alt"] = clean_line(image.get("alt"))
        if item.raw.get(CANONICAL_LINKS) is item.links:  # the page object's links
            for link in item.links:
                link["text"] = nfc_line(link.get("text"))  # collapsed already
            return
        for link in item.links:
            link["url"] = urlcache.canonical_url(link["url"])
            link["text"] = clean_line(link.get("text"))


def _shortlink(url: str, post_id: int) -> str | None:
    """WordPress serves every post at ``/?p=ID`` on its site's host."""
    host = urls.site_host(urlsplit(url).hostname)
    return f"https://{host}/?p={post_id}" if host else None


def clean_line(text: str | None) -> str | None:
    """NFC, whitespace collapsed to single spaces; None for nothing."""
    if text is None:
        return None
    if not text.isascii():  # ASCII is NFC already
        text = unicodedata.normalize("NFC", text)
    return collapse(text) or None


def nfc_line(text: str | None) -> str | None:
    """clean_line of a text whose whitespace is collapsed already: NFC (which adds no
    whitespace), None for nothing."""
    if not text:
        return None
    return text if text.isascii() else unicodedata.normalize("NFC", text)


def clean_body_text(text: str | None, collapsed: bool = False) -> str | None:
    """NFC; whitespace collapsed within paragraphs; paragraphs joined by exactly one blank line.

    A paragraph break is a run of whitespace holding two or more newlines. ``collapsed``: the
    text is non-empty paragraphs that are each their own ``" ".join(p.split())``, joined by
    ``"\n\n"`` (what the chrome pipeline vouches for): the whitespace rules leave such a text
    as it is, and NFC adds no whitespace, so only NFC is applied.
    """
    if text is None:
        return None
    if not text.isascii():  # ASCII is NFC already
        text = _nfc_by_line(text)
    if collapsed or is_clean_body(text):  # the chrome pipeline's output: nothing to change
        return text
    if _SENTINEL not in text:
        # In a few C-level passes: mark the breaks, collapse the rest.
        marked = " ".join(_PARAGRAPH_BREAK_RE.sub(_SENTINEL, text).split())
        marked = marked.replace(" " + _SENTINEL, _SENTINEL).replace(_SENTINEL + " ", _SENTINEL)
        return "\n\n".join(filter(None, marked.split(_SENTINEL))) or None
    paragraphs = (collapse(block) for block in _PARAGRAPH_BREAK_RE.split(text))
    return "\n\n".join(p for p in paragraphs if p) or None


def _nfc_by_line(text: str) -> str:
    """NFC of a text, line by line: the same result (nothing composes across a newline), and a
    line that needs real work does not make the whole text pay for it."""
    return "\n".join(
        line if line.isascii() else unicodedata.normalize("NFC", line) for line in text.split("\n")
    )


def unique_clean(values: Any) -> list[str]:
    seen: dict[str, None] = {}
    for value in values:
        cleaned = clean_line(value)
        if cleaned and cleaned not in seen:
            seen[cleaned] = None
    return list(seen)


def category_name(name: str) -> str:
    """A category's display name without the site's sorting prefix ("-Top News" -> "Top News")."""
    first = name[:1]
    if first in _SORT_PREFIX_MARKS or first.isspace():
        return _SORT_PREFIX_RE.sub("", name)
    return name  # nothing for the pattern to remove


def slugify(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")


def primary_category(item: ArticleItem) -> str | None:
    """The category in the article's permalink (WordPress puts the primary one there)."""
    slug_path = urlcache.category_slug_from_url(item.url)
    if slug_path:
        slug = slug_path.rsplit("/", 1)[-1]
        for name, link_slug in item.raw.get("category_links", ()):
            if link_slug.rsplit("/", 1)[-1] == slug:
                return clean_line(category_name(name))
        for name in item.categories:
            if slugify(name) == slug:
                return name
    if item.category:
        return clean_line(category_name(item.category))
    return item.categories[0] if item.categories else None


def language_code(value: str | None) -> str | None:
    """The primary language subtag: "en-GB" / "en_GB" -> "en"."""
    if not value:
        return None
    code = _SUBTAG_SEPARATOR_RE.split(value.strip(), maxsplit=1)[0].lower()
    return code if code.isalpha() and 2 <= len(code) <= 3 else None


def to_utc_iso(value: str) -> str:
    """ISO 8601 in UTC ("2022-03-20T15:11:12+05:30" -> "2022-03-20T09:41:12+00:00").

    A value without an offset is taken as UTC. Raises ValueError when unparseable.
    """
    parsed = datetime.fromisoformat(value.strip())
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC).isoformat(timespec="seconds")


def _utc_or_keep(value: str | None) -> str | None:
    """UTC form of a date; an unparseable one is kept as is for the validator to reject."""
    if not value:
        return None
    if _UTC_ISO_SECONDS_RE.match(value):
        return value  # already the normal form (or invalid: then kept as is all the same)
    try:
        return to_utc_iso(value)
    except ValueError:
        logger.debug("unparseable date kept for validation: %r", value)
        return value.strip()


def wire_credit(body: str | None) -> str | None:
    """The wire agency credited at the end of the body ("... (ANI)" -> "ANI")."""
    if not body:
        return None
    tail = body[-80:]
    start = _credit_start(tail)
    match = _WIRE_CREDIT_RE.match(tail, start) if start >= 0 else None
    if not match:
        return None
    return match.group("paren") or match.group("dash")


def _credit_start(text: str) -> int:
    """Where a _WIRE_CREDIT_RE match in ``text`` can start (-1: nowhere).

    A credit opens with "(" or a dash and holds neither after its first character (the
    agencies' names and "with inputs from" have none), and it runs to the end of the text:
    so it starts at the last "(" or dash, or nowhere.
    """
    return max(text.rfind("("), text.rfind("-"), text.rfind("–"), text.rfind("—"))
