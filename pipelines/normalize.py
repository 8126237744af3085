"""Normalise an article's fields: UTC dates, names, entities, whitespace, URLs, wire credit.

After this pipeline every contract field has its final form: dates are ISO 8601 in UTC;
category names lose the site's sorting hyphen ("-Top News" -> "Top News"); every line of text
is entity-decoded, NFC and whitespace-collapsed, the body keeps its paragraph breaks; every URL
is canonical (``crawler.urls``, the page's own host counting as the site); the language is its
primary subtag; the primary category comes from the article's URL; a trailing wire credit
("(ANI)", "-IANS") fills ``source``.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Iterable
from datetime import UTC, datetime

from archive.text import clean_line, collapse, slugify
from crawler import rules, urls
from crawler.items import ArticleItem

logger = logging.getLogger(__name__)

_SORT_PREFIX_RE = re.compile(r"^[\s\-–—_.]+")
_PARAGRAPH_BREAK_RE = re.compile(r"\n\s*\n")
_SUBTAG_SEPARATOR_RE = re.compile(r"[-_]")


class NormalizePipeline:
    """Give every contract field its final, normal form."""

    def process_item(self, item: ArticleItem) -> ArticleItem:
        if not isinstance(item, ArticleItem):
            return item
        item.title = line(item.title)
        item.summary = line(item.summary)
        item.body = body_text(item.body)
        item.published_at = _utc_or_keep(item.published_at)
        item.modified_at = _utc_or_keep(item.modified_at)
        item.authors = unique_lines(item.authors)
        item.categories = unique_lines(category_name(name) for name in item.categories)
        item.category = primary_category(item)
        item.tags = unique_lines(item.tags)
        item.language = language_code(item.language)
        _normalize_urls(item)
        if item.source is None:
            item.source = rules.wire_agency(item.body)
        return item


def _normalize_urls(item: ArticleItem) -> None:
    def canonical(url: str) -> str:
        return urls.canonical_url(url, base=item.page_url or item.url, aliases=item.site_aliases)

    item.url = canonical(item.url)
    if item.shortlink:
        item.shortlink = canonical(item.shortlink)
    if item.post_id is None and item.shortlink:
        item.post_id = urls.post_id_from_url(item.shortlink)
    if item.shortlink is None and item.post_id is not None:
        item.shortlink = urls.shortlink(item.url, item.post_id)
    for image in item.images:
        image.url = canonical(image.url)
        image.caption = line(image.caption)
        image.alt = line(image.alt)
    for link in item.links:
        link.url = canonical(link.url)
        link.text = line(link.text)


def line(text: str | None) -> str | None:
    """One line of text as stored (archive.text.clean_line); None for nothing."""
    return clean_line(text) or None if text else None


def body_text(text: str | None) -> str | None:
    """NFC; whitespace collapsed within paragraphs; paragraphs joined by exactly one blank
    line (a paragraph break is a run of whitespace holding two or more newlines)."""
    if not text:
        return None
    paragraphs = (collapse(p) for p in _PARAGRAPH_BREAK_RE.split(unicodedata.normalize("NFC", text)))
    return "\n\n".join(p for p in paragraphs if p) or None


def unique_lines(values: Iterable[str | None]) -> list[str]:
    """Each value as a line of text, empties and repeats left out, first-seen order."""
    seen: dict[str, None] = {}
    for value in values:
        if cleaned := line(value):
            seen.setdefault(cleaned, None)
    return list(seen)


def category_name(name: str) -> str:
    """A category's display name without the site's sorting prefix ("-Top News" -> "Top News")."""
    return _SORT_PREFIX_RE.sub("", name)


def primary_category(item: ArticleItem) -> str | None:
    """The category in the article's permalink (WordPress puts the primary one there)."""
    slug_path = urls.category_slug_from_url(item.url)
    if slug_path:
        slug = slug_path.rsplit("/", 1)[-1]
        for link in item.category_links:
            if link.slug.rsplit("/", 1)[-1] == slug:
                return line(category_name(link.name))
        for name in item.categories:
            if slugify(name) == slug:
                return name
    if item.category:
        return line(category_name(item.category))
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
    try:
        return to_utc_iso(value)
    except ValueError:
        logger.debug("unparseable date kept for validation: %r", value)
        return value.strip()
