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
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

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
        return self.matches_beyond_tag(element)

    def matches_beyond_tag(self, element: etree._Element) -> bool:
        """``matches`` for an element known to have the right tag."""
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

    def needs_check_when_indexed(self) -> bool:
        """False when being listed under ``classes[0]`` is all ``matches`` asks."""
        return bool(self.tag or len(self.classes) > 1 or self.attr)


@dataclass(frozen=True)
class Css:
    """A descendant chain of simple selectors, e.g. ``.byline .author``.

    The fields after ``parts`` are derived from it once, for ClassIndex.select.
    """

    text: str
    parts: tuple[Simple, ...]
    #: The last part's first class (its elements are listed under it), or None.
    key: str | None = field(init=False, compare=False)
    #: ``.a ... tag``: the last part has no class, the first has one.
    below: bool = field(init=False, compare=False)
    #: The parts before the last (descendant combinators).
    outer: tuple[Simple, ...] = field(init=False, compare=False)
    #: The last part's test for an element listed under ``key`` (None: the listing says all).
    check: Callable[[etree._Element], bool] | None = field(init=False, compare=False)

    def __post_init__(self) -> None:
        last = self.parts[-1]
        derived = {
            "key": last.classes[0] if last.classes else None,
            "below": not last.classes and len(self.parts) > 1 and bool(self.parts[0].classes),
            "outer": self.parts[:-1],
            "check": last.matches_indexed if last.needs_check_when_indexed() else None,
        }
        for name, value in derived.items():
            object.__setattr__(self, name, value)  # frozen: set once, here


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

    def select(
        self, scope: etree._Element, css: Css, first_only: bool = False
    ) -> list[etree._Element]:
        """Elements under ``scope`` (itself included) matching ``css``, in document order
        (``first_only``: the first of them, or none)."""
        if css.below:
            return self._below(scope, css)
        if css.key is None:
            return self._by_tag(scope, css, first_only)
        candidates = self._by_class.get(css.key)
        if not candidates:
            return []
        check, outer, everywhere = css.check, css.outer, scope is self.root
        found = []
        for element in candidates:
            if check is not None and not check(element):
                continue
            if not everywhere and not _within(element, scope):
                continue
            if not outer or _ancestors_match(element, outer, scope):
                found.append(element)
        return found

    def first(self, scope: etree._Element, selectors: Sequence[Css]) -> etree._Element | None:
        """The first element of the first selector that matches anything."""
        for css in selectors:
            found = self.select(scope, css, first_only=True)
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

    def _by_tag(self, scope: etree._Element, css: Css, first_only: bool) -> list[etree._Element]:
        """A selector whose last part has no class: its elements are searched by tag (every
        element of the page, it may be: ``first_only`` stops at the first match)."""
        last, outer = css.parts[-1], css.outer
        if last.tag:  # lxml yields elements of that tag only
            elements: Iterator[etree._Element] = scope.iter(last.tag)
            test = last.matches_beyond_tag
        else:
            elements = (element for element in scope.iter() if isinstance(element.tag, str))
            test = last.matches
        found = []
        for element in elements:
            if test(element) and (not outer or _ancestors_match(element, outer, scope)):
                found.append(element)
                if first_only:
                    break
        return found

    def _below(self, scope: etree._Element, css: Css) -> list[etree._Element]:
        """``.a ... tag``: search below the (few) elements of class ``a`` only."""
        first, last, middle = css.parts[0], css.parts[-1], css.parts[1:-1]
        anchor_check = first.matches_indexed if first.needs_check_when_indexed() else None
        # lxml yields only elements of last's tag; a plain tag needs no test at all
        test = last.matches_beyond_tag if last.tag else last.matches
        plain = bool(last.tag) and not last.classes and not last.attr
        found: dict[etree._Element, None] = {}
        for anchor in self._by_class.get(first.classes[0], ()):
            if anchor_check is not None and not anchor_check(anchor):
                continue
            if scope is not self.root and not _within(anchor, scope):
                continue
            for element in (
                anchor.iterdescendants(last.tag) if last.tag else anchor.iterdescendants()
            ):
                if element not in found and (plain or test(element)):
                    if not middle or _ancestors_match(element, middle, anchor):
                        found[element] = None
        return list(found)


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
