"""CSS selectors answered by lxml: each selector is translated by parsel's translator and
compiled to an XPath expression once, then evaluated on any element of any page."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from cssselect.xpath import XPathExpr, is_non_whitespace
from lxml import etree
from parsel.csstranslator import HTMLTranslator


class Translator(HTMLTranslator):
    """parsel's HTML translator, with ``[attr~=word]`` (so ``.class`` too) tested on the
    attribute node itself.

    cssselect writes the test as ``@class and contains(@class, 'x') and contains(concat(' ',
    normalize-space(@class), ' '), ' x ')``: libxml2 then looks the attribute up three times
    on every element. ``@class[contains(., 'x') and contains(concat(' ', normalize-space(.),
    ' '), ' x ')]`` says the same (an element whose attribute holds the word) and looks it up
    once: a page's class selectors cost about a fifth less.
    """

    def xpath_attrib_includes(self, xpath: XPathExpr, name: str, value: str | None) -> XPathExpr:
        if not value or not is_non_whitespace(value):
            return xpath.add_condition("0")
        word, padded = self.xpath_literal(value), self.xpath_literal(f" {value} ")
        return xpath.add_condition(
            f"{name}[contains(., {word}) and contains(concat(' ', normalize-space(.), ' '), {padded})]"
        )


_TRANSLATOR = Translator()


@cache
def compiled(selector: str) -> etree.XPath:
    """The XPath of a CSS selector, compiled (``descendant-or-self`` of the element asked).

    Without the EXSLT regular-expression functions (CSS never needs them): lxml would
    register them again on every evaluation."""
    return etree.XPath(_TRANSLATOR.css_to_xpath(selector, prefix="descendant-or-self::"), regexp=False)


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
