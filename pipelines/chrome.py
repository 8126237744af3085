"""Strip the site chrome: body text, body HTML, images, in-body links, summary, byline.

Input (from the page object): ``body_html`` (the article container as the page has it),
``standfirst`` (its lines), ``description``, the page's story links. Output: ``body``
(paragraphs joined by one blank line), ``body_html`` (the kept blocks, sanitised), ``images``,
links of kind ``body`` / ``also_read`` / ``embed`` before the page's other links, ``summary``
without its credit, and a "By NAME" opener moved into ``authors``. What goes where follows the
chrome table in docs/design.md; the words come from ``crawler.rules``.
"""

from __future__ import annotations

from html import escape

from archive.text import collapse
from crawler import rules
from crawler.items import ArticleItem
from pipelines.body import CleanBody, walk_body
from pipelines.sanitize import sanitize_html


def split_byline(lines: list[str]) -> tuple[str | None, list[str]]:
    """("NAME", the other lines) when the first line is or opens with a byline."""
    if not lines:
        return None, lines
    if name := rules.byline_line(lines[0]):
        return name, lines[1:]
    if opener := rules.byline_opener(lines[0]):
        name, rest = opener
        return name, [rest, *lines[1:]]
    return None, lines


def clean_standfirst(text: str | list[str] | None) -> tuple[str | None, str | None]:
    """(summary without its credit and "By NAME" opener, the opener's NAME).

    Lines keep their spacing until the opener is found: a wide gap can be what ends it.
    """
    lines = text.split("\n") if isinstance(text, str) else list(text or [])
    byline, lines = split_byline([line for line in lines if line.strip()])
    summary = collapse(" ".join(lines))
    span = rules.credit_span(summary)
    if span is not None:
        summary = summary[: span[0]].rstrip(" .…,;:-–—")
    return summary or None, byline


def standfirst_lines(item: ArticleItem) -> list[str]:
    """The standfirst shown on the page, else the meta description when it is one: it ends
    with the standfirst's credit (a plain description is an excerpt, not a standfirst)."""
    if item.standfirst:
        return item.standfirst
    description = collapse(item.description or "")
    return [description] if description and rules.credit_span(description) else []


class ChromePipeline:
    """Turn the raw body and standfirst into clean contract fields."""

    def process_item(self, item: ArticleItem) -> ArticleItem:
        if not isinstance(item, ArticleItem):
            return item
        byline = None
        if item.body_html:
            clean = walk_body(item.body_html)
            byline = _body_byline(clean)
            if not item.standfirst:
                item.standfirst = _standfirst_in_body(clean)
            item.body = "\n\n".join(clean.paragraphs) or None
            item.body_html = sanitize_html("\n".join(clean.html)) or None
            item.images = clean.images + [img for img in item.images if img not in clean.images]
            item.links = clean.links + item.links
        summary, standfirst_byline = clean_standfirst(standfirst_lines(item))
        item.summary = summary
        _add_byline(item, standfirst_byline or byline)
        return item


def _drop_first(clean: CleanBody) -> None:
    del clean.paragraphs[0]
    if clean.html and clean.html[0].startswith("<p"):
        del clean.html[0]


def _body_byline(clean: CleanBody) -> str | None:
    """Remove a first body paragraph that is only "By NAME"; return NAME."""
    if not clean.paragraphs or (name := rules.byline_line(clean.paragraphs[0])) is None:
        return None
    _drop_first(clean)
    clean.first_raw = None
    return name


def _standfirst_in_body(clean: CleanBody) -> list[str]:
    """The standfirst when the theme sets it as the body's first paragraph (the old site's
    theme runs them together): a first paragraph that opens with a byline or ends with the
    standfirst credit leaves the body. A sentence glued to the credit stays in the body."""
    if not clean.paragraphs or clean.first_raw is None:
        return []
    first, raw = clean.paragraphs[0], clean.first_raw
    span = rules.credit_span(first)
    if span is None and rules.byline_opener(raw) is None:
        return []
    _drop_first(clean)
    if span is not None and span[1] < len(first):
        rest = first[span[1] :].strip()
        clean.paragraphs.insert(0, rest)
        clean.html.insert(0, f"<p>{escape(rest, quote=False)}</p>")
        return [first[: span[1]]]
    return [raw]


def _add_byline(item: ArticleItem, byline: str | None) -> None:
    """A "By NAME" opener names the writer; it replaces an author that stands for the site."""
    if byline and byline not in item.authors:
        generic = all(rules.is_site_author(name) for name in item.authors)
        item.authors = [byline] if generic else [*item.authors, byline]
