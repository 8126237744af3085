"""Layer 4: find the article body without knowing the theme.

First a cheap text-density search over the parsed tree: every text block (paragraph, list
item, heading, quote) credits the container it sits in, and the container with the most text
wins, searched inside the one ``<article>`` when the page has one (tags survive a redesign
where class names do not) and outside header/nav/aside/footer chrome. This keeps the markup the
chrome pipeline needs (ALSO READ lines, figures, embeds). Only when that finds nothing does
trafilatura run on the page.
"""

from __future__ import annotations

import logging
from collections import defaultdict

import lxml.html
from lxml import etree

from crawler import rules
from crawler.pages.text import inner_text
from crawler.pages.theme import CHROME_TAGS

logger = logging.getLogger(__name__)

#: Less block text than this is not an article body.
MIN_BODY_CHARS = 80
_TEXT_BLOCKS = ("p", "li", "h2", "h3", "h4", "blockquote", "td")
#: Containers a text block is part of, not the body container itself.
_BLOCK_PARTS = frozenset(
    {"ul", "ol", "blockquote", "tr", "tbody", "thead", "table", "figure", "li"}
)
_ARTICLE_XPATH = etree.XPath("//article", regexp=False)


def densest_container(root: etree._Element) -> etree._Element | None:
    """The element whose text blocks carry the most text (see the module docstring)."""
    articles = _ARTICLE_XPATH(root)
    scope = articles[0] if len(articles) == 1 else root
    scores: dict[etree._Element, float] = defaultdict(float)
    direct: dict[etree._Element, int] = defaultdict(int)
    for block in scope.iter(*_TEXT_BLOCKS):
        length = len(inner_text(block))
        if length < 25 or _in_chrome(block, scope):
            continue
        container = _container_of(block)
        if container is None:
            continue
        scores[container] += length
        direct[container] += length
        parent = container.getparent()
        if parent is not None and parent is not scope.getparent():
            scores[parent] += length / 2
    if not scores:
        return None
    best, score = max(scores.items(), key=lambda pair: pair[1])
    if score < MIN_BODY_CHARS:
        return None
    return _widen(best, scope, direct)


def _widen(
    best: etree._Element, scope: etree._Element, direct: dict[etree._Element, int]
) -> etree._Element:
    """Climb from a wrapper (a group of paragraphs) to the container that holds it beside
    other paragraphs of its own."""
    node = best.getparent()
    for _ in range(3):
        if node is None or node is scope:
            break
        if direct.get(node, 0) >= 25:
            best = node
        node = node.getparent()
    return best


def _container_of(block: etree._Element) -> etree._Element | None:
    node = block.getparent()
    while node is not None and node.tag in _BLOCK_PARTS:
        node = node.getparent()
    return node


def _in_chrome(element: etree._Element, scope: etree._Element) -> bool:
    node = element.getparent()
    while node is not None and node is not scope:
        if node.tag in CHROME_TAGS or _is_story_list(node):
            return True
        node = node.getparent()
    return False


def _is_story_list(element: etree._Element) -> bool:
    """A section headed "Latest from ..." / "Don't Miss" / "Related" (other stories)."""
    if element.tag not in ("section", "div"):
        return False
    for child in element:
        if isinstance(child.tag, str) and child.tag in ("h2", "h3", "h4"):
            title = inner_text(child)
            return rules.section_kind(title) is not None or rules.is_chrome_line(title)
    return False


def trafilatura_body(html: str | bytes, url: str | None) -> etree._Element | None:
    """The body as trafilatura sees it, as an HTML element, or None."""
    import trafilatura  # imported lazily: only needed when everything else failed

    extracted = trafilatura.extract(
        html,
        url=url,
        output_format="html",
        include_links=True,
        include_images=True,
        include_tables=True,
        include_comments=False,
    )
    if not extracted:
        return None
    try:
        document = lxml.html.fromstring(extracted)
    except (etree.ParserError, ValueError) as exc:
        logger.warning("trafilatura output unparseable for %s: %s", url, exc)
        return None
    body = document.find("body")
    return body if body is not None else document
