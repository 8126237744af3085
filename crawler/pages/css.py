"""CSS selectors answered by lxml: each selector is translated by parsel's translator and
compiled to an XPath expression once, then evaluated on any element of any page."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from lxml import etree
from parsel.csstranslator import HTMLTranslator

_TRANSLATOR = HTMLTranslator()


@cache
def compiled(selector: str) -> etree.XPath:
    """The XPath of a CSS selector, compiled (``descendant-or-self`` of the element asked)."""
    return etree.XPath(_TRANSLATOR.css_to_xpath(selector, prefix="descendant-or-self::"))


def select(scope: etree._Element, selector: str) -> list[etree._Element]:
    """Every element under (or at) ``scope`` that matches ``selector``, in document order."""
    return list(compiled(selector)(scope))


def first_match(scope: etree._Element, selectors: Iterable[str]) -> list[etree._Element]:
    """The matches of the first selector that matches anything (empty when none does)."""
    for selector in selectors:
        found = select(scope, selector)
        if found:
            return found
    return []
