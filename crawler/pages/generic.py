"""Layer 4: find the article body without knowing the theme.

First a cheap paragraph-density search over the parsed tree (the element whose paragraphs hold
the most text), which keeps the markup the chrome pipeline needs (ALSO READ lines, figures,
embeds). Only when that finds nothing does trafilatura run on the page.
"""

from __future__ import annotations

import logging
from collections import defaultdict

import lxml.html
from lxml import etree

from crawler.pages.theme import CHROME_TAGS

logger = logging.getLogger(__name__)

#: Less paragraph text than this is not an article body.
MIN_BODY_CHARS = 80
_PARAGRAPH_XPATH = etree.XPath("//body//p")


def densest_container(root: etree._Element) -> etree._Element | None:
    """The element whose paragraphs (direct or one level down) carry the most text."""
    scores: dict[etree._Element, float] = defaultdict(float)
    for paragraph in _PARAGRAPH_XPATH(root):
        if _in_chrome(paragraph):
            continue
        length = len(" ".join(paragraph.text_content().split()))
        if length < 25:
            continue
        parent = paragraph.getparent()
        if parent is None:
            continue
        scores[parent] += length
        grandparent = parent.getparent()
        if grandparent is not None and grandparent.tag != "body":
            scores[grandparent] += length / 2
    if not scores:
        return None
    best, score = max(scores.items(), key=lambda pair: pair[1])
    return best if score >= MIN_BODY_CHARS else None


def _in_chrome(element: etree._Element) -> bool:
    node = element.getparent()
    while node is not None:
        if node.tag in CHROME_TAGS and node.tag not in ("header", "footer"):
            return True
        if node.tag in ("header", "footer") and not _has_article_ancestor(node):
            return True
        node = node.getparent()
    return False


def _has_article_ancestor(element: etree._Element) -> bool:
    node = element.getparent()
    while node is not None:
        if node.tag in ("article", "main"):
            return True
        node = node.getparent()
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
