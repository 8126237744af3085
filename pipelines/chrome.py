"""Strip the site chrome: body text, body HTML, images, in-body links, summary, byline.

Input (from the page object): ``body_html`` (the article container as the page has it),
``standfirst`` (its lines), ``description``, the page's story links. Output: ``body``
(paragraphs joined by one blank line), ``body_html`` (the kept blocks, sanitised), ``images``,
links of kind ``body`` / ``also_read`` / ``embed`` before the page's other links, ``summary``
without its credit, and a "By NAME" opener moved into ``authors``. What goes where follows the
chrome table in docs/design.md; the words come from ``crawler.rules``.
"""

from __future__ import annotations

import re

from archive.text import collapse
from crawler import rules
from crawler.items import ArticleItem
from pipelines.body import CleanBody, walk_body
from pipelines.sanitize import sanitize_html

#: A name as a byline writes it: capitalised words (particles such as "de", "bin" allowed).
_NAME = r"[A-Z][\w.'’-]*(?:\s+(?:[A-Z][\w.'’-]*|de|van|von|bin|al|el|ul|ur)){0,5}"


def _byline_words() -> str:
    return "|".join(re.escape(word) for word in rules.BYLINE_WORDS)


def _byline_line(text: str) -> str | None:
    """NAME when the whole line is a byline: "By NAME", "BY NAME", "DAILY DOSE By NAME"."""
    pattern = rf"(?:[A-Z][\w’']*(?:\s+[A-Za-z][\w’']*){{0,3}}\s+)??(?i:{_byline_words()})\s+(?P<name>{_NAME})\s*[.,:]?"
    match = re.fullmatch(pattern, text)
    return match.group("name") if match and len(text.split()) <= 10 else None


def _byline_opener(text: str) -> tuple[str, str] | None:
    """(NAME, rest) when a line opens with "By NAME, ..." / "By NAME | ..." / "By NAME – ..."."""
    pattern = rf"(?i:{_byline_words()})\s+(?P<name>{_NAME})\s*(?:[,|:]|\s[–—-])\s*"
    match = re.match(pattern, text)
    return (match.group("name"), text[match.end() :]) if match else None


def split_byline(lines: list[str]) -> tuple[str | None, list[str]]:
    """("NAME", the other lines) when the first line is or opens with a byline."""
    if not lines:
        return None, lines
    if name := _byline_line(lines[0]):
        return name, lines[1:]
    if opener := _byline_opener(lines[0]):
        name, rest = opener
        return name, [rest, *lines[1:]] if rest else lines[1:]
    return None, lines


def clean_standfirst(text: str | list[str] | None) -> tuple[str | None, str | None]:
    """(summary without its credit and "By NAME" opener, the opener's NAME)."""
    lines = text.split("\n") if isinstance(text, str) else list(text or [])
    byline, lines = split_byline([collapse(line) for line in lines if line.strip()])
    summary = collapse(" ".join(lines))
    start = rules.credit_start(summary)
    if start is not None:
        summary = summary[:start].rstrip(" .…,;:-–—")
    return summary or None, byline


def _comparable(text: str) -> str:
    return collapse(text).lower().rstrip(".…")


def standfirst_lines(item: ArticleItem) -> list[str]:
    """The standfirst shown on the page, else the meta description unless it is only the
    body's opening (WordPress's automatic excerpt)."""
    if item.standfirst:
        return item.standfirst
    description = item.description
    if not description or not item.body:
        return []
    start = _comparable(description)[:60]
    if start and _comparable(item.body[: len(description) + 40]).startswith(start):
        return []
    return [description]


class ChromePipeline:
    """Turn the raw body and standfirst into clean contract fields."""

    def process_item(self, item: ArticleItem) -> ArticleItem:
        if not isinstance(item, ArticleItem):
            return item
        byline = None
        if item.body_html:
            clean = walk_body(item.body_html, item.page_url or item.url)
            byline = _body_byline(clean)
            item.body = "\n\n".join(clean.paragraphs) or None
            item.body_html = sanitize_html("\n".join(clean.html)) or None
            item.images = clean.images + [img for img in item.images if img not in clean.images]
            item.links = clean.links + item.links
        summary, standfirst_byline = clean_standfirst(standfirst_lines(item))
        item.summary = summary
        _add_byline(item, standfirst_byline or byline)
        return item


def _body_byline(clean: CleanBody) -> str | None:
    """Remove a first body paragraph that is only "By NAME"; return NAME."""
    if not clean.paragraphs or (name := _byline_line(clean.paragraphs[0])) is None:
        return None
    del clean.paragraphs[0]
    if clean.html and clean.html[0].startswith("<p"):
        del clean.html[0]
    return name


def _add_byline(item: ArticleItem, byline: str | None) -> None:
    """A "By NAME" opener names the writer; it replaces an author that stands for the site."""
    if byline and byline not in item.authors:
        generic = all(rules.is_site_author(name) for name in item.authors)
        item.authors = [byline] if generic else [*item.authors, byline]
