"""CSS selectors answered by lxml: each selector is translated by parsel's translator and
compiled to an XPath expression once, then evaluated on any element of any page."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import Any, Self

from cssselect.parser import Element
from cssselect.xpath import XPathExpr as CssselectExpr
from cssselect.xpath import is_non_whitespace
from lxml import etree
from parsel.csstranslator import HTMLTranslator, XPathExpr


class _Expr(XPathExpr):
    """parsel's expression for one step, which can also write its ``[attr~=word]`` tests
    (so ``.class`` too) as attribute steps.

    cssselect tests a word of an attribute with a predicate on the element,
    ``*[@class[contains(., 'x') and ...]]``: libxml2 then evaluates a path for every element
    of the page. ``*/@class[contains(., 'x') and ...]/parent::*`` selects the same elements
    (an attribute's parent is its element; a node-set has no duplicates and is in document
    order) at about half the cost, as libxml2 walks the attribute axis without a predicate
    per element. The step form is used only while the step's condition is nothing but such
    tests; ``condition`` always holds them as predicates, so whatever cssselect builds from
    it (``:not()``, ``:is()``, ``+``, ``:nth-of-type``) reads the same condition as before
    and renders the predicate form.
    """

    #: the attribute tests the step's whole condition is made of (none: render as cssselect)
    steps: tuple[str, ...] = ()
    #: the condition those tests made; a condition changed since then voids the step form
    steps_condition: str = ""

    def add_attribute_test(self, test: str) -> Self:
        """Add an attribute test (``@name[...]``): to the condition, and as a step while the
        condition holds nothing else."""
        only_tests = self.condition == self.steps_condition
        self.add_condition(test)
        if only_tests:
            self.steps, self.steps_condition = (*self.steps, test), self.condition
        return self

    def join(self, combiner: str, other: CssselectExpr, *args: Any, **kwargs: Any) -> Self:
        super().join(combiner, other, *args, **kwargs)  # renders this step first
        self.steps = getattr(other, "steps", ())
        self.steps_condition = getattr(other, "steps_condition", "")
        return self

    def __str__(self) -> str:
        if not self.steps or self.condition != self.steps_condition or self.textnode or self.attribute:
            return super().__str__()
        return f"{self.path}{self.element}" + "".join(f"/{step}/parent::*" for step in self.steps)


class Translator(HTMLTranslator):
    """parsel's HTML translator, with ``[attr~=word]`` (so ``.class`` too) tested on the
    attribute node itself, and as an attribute step where it can be (see ``_Expr``).

    cssselect writes the test as ``@class and contains(@class, 'x') and contains(concat(' ',
    normalize-space(@class), ' '), ' x ')``, which looks the attribute up three times on every
    element; ``@class[contains(., 'x') and contains(concat(' ', normalize-space(.), ' '),
    ' x ')]`` says the same and looks it up once.
    """

    def xpath_element(self, selector: Element) -> _Expr:
        return _Expr.from_xpath(super().xpath_element(selector))

    def xpath_attrib_includes(self, xpath: CssselectExpr, name: str, value: str | None) -> CssselectExpr:
        if not value or not is_non_whitespace(value):
            return xpath.add_condition("0")
        if not name.startswith(("@", "attribute::")) or not isinstance(xpath, _Expr):
            # a value compared case-insensitively (``[rel~=author i]``) is a translate()
            # call, not an attribute node
            return super().xpath_attrib_includes(xpath, name, value)
        word, padded = self.xpath_literal(value), self.xpath_literal(f" {value} ")
        return xpath.add_attribute_test(
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
