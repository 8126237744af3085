"""Fast CSS-like selection for the theme's selectors, over a class index built once per page.

An XPath class selector scans the whole tree with string functions on every element; a page
object asking for twenty fields would scan it twenty times. Instead the page's elements with a
class token the theme looks up are indexed during the page's one walk (crawler.pages.scan:
token -> elements, in document order) and the theme's simple
selectors -- ``tag``, ``.a``, ``tag.a.b``, ``tag[attr=v]``, ``tag[attr~=v]``, and descendant
chains of those (``.a b``) -- are answered from the index.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from lxml import etree

_SIMPLE_RE = re.compile(
    r"^(?P<tag>[a-z][a-z0-9]*|\*)?(?P<classes>(?:\.[\w-]+)*)"
    r"(?:\[(?P<attr>[\w-]+)(?P<op>~?=)(?P<value>[\w-]+)\])?$"
)


@dataclass(frozen=True)
class Simple:
    """One compound selector: optional tag, classes, one attribute test."""

    tag: str | None
    classes: tuple[str, ...]
    attr: tuple[str, str, str] | None  # (name, "=" | "~=", value)

    def matches(self, element: etree._Element) -> bool:
        if self.tag and element.tag != self.tag:
            return False
        if self.classes:
            have = (element.get("class") or "").split()
            if any(name not in have for name in self.classes):
                return False
        return self._attr_matches(element)

    def matches_indexed(self, element: etree._Element) -> bool:
        """``matches`` for an element the index lists under ``classes[0]``."""
        if self.tag and element.tag != self.tag:
            return False
        if len(self.classes) > 1:
            have = (element.get("class") or "").split()
            if any(name not in have for name in self.classes[1:]):
                return False
        return self._attr_matches(element)

    def _attr_matches(self, element: etree._Element) -> bool:
        if self.attr:
            name, op, value = self.attr
            actual = element.get(name)
            if actual is None:
                return False
            return actual == value if op == "=" else value in actual.split()
        return True


@dataclass(frozen=True)
class Css:
    """A descendant chain of simple selectors, e.g. ``.byline .author``."""

    text: str
    parts: tuple[Simple, ...]


def parse_css(text: str) -> Css:
    parts = []
    for token in text.split():
        match = _SIMPLE_RE.match(token)
        if not match:
            raise ValueError(f"unsupported selector {token!r} in {text!r}")
        tag = match.group("tag")
        classes = tuple(name for name in match.group("classes").split(".") if name)
        attr = (
            (match.group("attr"), match.group("op"), match.group("value"))
            if match.group("attr")
            else None
        )
        parts.append(Simple(None if tag == "*" else tag, classes, attr))
    return Css(text, tuple(parts))


def compile_selectors(selectors: Sequence[str]) -> tuple[Css, ...]:
    return tuple(parse_css(text) for text in selectors)


def indexed_tokens(*selector_lists: Sequence[Css]) -> frozenset[str]:
    """The class tokens a ClassIndex must hold to answer these selectors."""
    return frozenset(
        part.classes[0]
        for css in (c for lst in selector_lists for c in lst)
        for part in css.parts
        if part.classes
    )


class ClassIndex:
    """Elements of one page by class token, in document order.

    ``by_class`` must hold the first class token of every part of the selectors asked
    (``indexed_tokens``); crawler.pages.scan builds it.
    """

    def __init__(self, root: etree._Element, by_class: dict[str, list[etree._Element]]) -> None:
        self.root = root
        self._by_class = by_class

    def select(self, scope: etree._Element, css: Css) -> list[etree._Element]:
        """Elements under ``scope`` (itself included) matching ``css``, in document order."""
        last = css.parts[-1]
        if not last.classes and len(css.parts) > 1 and css.parts[0].classes:
            return self._select_below(scope, css)
        if last.classes:
            candidates: Sequence[etree._Element] = self._by_class.get(last.classes[0], ())
            in_scope = scope is self.root
        else:
            elements = scope.iter(last.tag) if last.tag else scope.iter()
            candidates = [element for element in elements if isinstance(element.tag, str)]
            in_scope = True
        matches = last.matches_indexed if last.classes else last.matches
        found = []
        for element in candidates:
            if not matches(element):
                continue
            if not in_scope and not _within(element, scope):
                continue
            if len(css.parts) == 1 or _ancestors_match(element, css.parts[:-1], scope):
                found.append(element)
        return found

    def _select_below(self, scope: etree._Element, css: Css) -> list[etree._Element]:
        """``.a ... tag``: search below the (few) elements of class ``a`` only."""
        first, last = css.parts[0], css.parts[-1]
        found: dict[etree._Element, None] = {}
        for anchor in self._by_class.get(first.classes[0], ()):
            if not first.matches(anchor) or (scope is not self.root and not _within(anchor, scope)):
                continue
            for element in (
                anchor.iterdescendants(last.tag) if last.tag else anchor.iterdescendants()
            ):
                if element not in found and last.matches(element):
                    if len(css.parts) == 2 or _ancestors_match(element, css.parts[1:-1], anchor):
                        found[element] = None
        return list(found)

    def first(self, scope: etree._Element, selectors: Sequence[Css]) -> etree._Element | None:
        """The first element of the first selector that matches anything."""
        for css in selectors:
            found = self.select(scope, css)
            if found:
                return found[0]
        return None

    def all(self, scope: etree._Element, selectors: Sequence[Css]) -> list[etree._Element]:
        """All elements of the first selector that matches anything."""
        for css in selectors:
            found = self.select(scope, css)
            if found:
                return found
        return []


def _within(element: etree._Element, scope: etree._Element) -> bool:
    node: etree._Element | None = element
    while node is not None:
        if node is scope:
            return True
        node = node.getparent()
    return False


def _ancestors_match(
    element: etree._Element, parts: tuple[Simple, ...], scope: etree._Element
) -> bool:
    """Descendant combinators: each earlier part matches some ancestor, in order, inside scope."""
    index = len(parts) - 1
    node = element.getparent()
    while node is not None and index >= 0:
        if parts[index].matches(node):
            index -= 1
        if node is scope:
            break
        node = node.getparent()
    return index < 0
