"""One walk over a parsed page, collecting what every extraction layer looks up.

An XPath ``//`` search costs tens of microseconds per call on a 200-element page, and the
layers would need a dozen of them (JSON-LD scripts, ``article#post-N``, main headings, every
element of a theme class). One Python walk over ``root.iter()`` notes all of them at once:

* the elements of ``<body>`` carrying a class token the theme's selectors look up
  (``class_tokens``), by token, in document order (crawler.pages.select answers the theme's
  selectors from them; nothing the theme looks for lives in ``<head>``);
* ``<script type="application/ld+json">`` texts (head and body), ``<article>`` and ``<h1>``
  elements;
* ``<head>`` and ``<body>``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from lxml import etree

_LD_JSON = "application/ld+json"
#: The attribute name as bytes: lxml then skips encoding the name on every call (the walk asks
#: every element of the page).
_CLASS = b"class"
_NOTED_TAGS = frozenset({"script", "article", "h1"})


@dataclass
class PageScan:
    """What the walk found, each list in document order."""

    root: etree._Element
    head: etree._Element | None
    body: etree._Element | None
    by_class: dict[str, list[etree._Element]] = field(default_factory=dict)
    ld_json: list[str] = field(default_factory=list)
    articles: list[etree._Element] = field(default_factory=list)
    h1s: list[etree._Element] = field(default_factory=list)


def scan_page(root: etree._Element, class_tokens: frozenset[str]) -> PageScan:
    """Walk the tree once; index only the class tokens in ``class_tokens``."""
    head, body = _head_and_body(root)
    scan = PageScan(root, head, body)
    if body is None:  # a fragment without <body>: walk everything
        top = root
    else:
        top = body
        for script in head.iter("script") if head is not None else ():
            _note(scan, script, "script")
    for element in top.iter(*_NOTED_TAGS):  # lxml filters the tags in C
        _note(scan, element, element.tag)
    by_class = scan.by_class
    known = _indexed_of(class_tokens)
    for element in top.iter():
        classes = element.get(_CLASS)
        if classes:
            tokens = known.get(classes)
            if tokens is None:
                tokens = _remember(known, classes, class_tokens)
            for token in tokens:  # none, for most class attributes
                found = by_class.get(token)
                if found is None:
                    by_class[token] = [element]
                else:
                    found.append(element)
    return scan


def _head_and_body(root: etree._Element) -> tuple[etree._Element | None, etree._Element | None]:
    """``root.find("head")``, ``root.find("body")`` (the first child of each tag), without
    ElementPath's parsing of the path."""
    head = body = None
    for child in root:
        tag = child.tag
        if tag == "head":
            head = child if head is None else head
        elif tag == "body":
            body = child if body is None else body
    return head, body


#: Class attribute values seen -> the indexed tokens they hold (unique, in attribute order),
#: per set of indexed tokens. Class attributes repeat across a site's pages (menus, widgets,
#: the theme's containers), so most elements cost one dict look-up.
_KNOWN: dict[frozenset[str], dict[str, tuple[str, ...]]] = {}
#: Distinct class attribute values remembered per token set before the memo starts over.
_KNOWN_LIMIT = 50_000


def _indexed_of(class_tokens: frozenset[str]) -> dict[str, tuple[str, ...]]:
    known = _KNOWN.get(class_tokens)
    if known is None:
        known = _KNOWN[class_tokens] = {}
    return known


def _remember(
    known: dict[str, tuple[str, ...]], classes: str, class_tokens: frozenset[str]
) -> tuple[str, ...]:
    """The indexed tokens of a class attribute (``class="post post"`` counts once)."""
    found = [token for token in classes.split() if token in class_tokens]
    tokens = tuple(dict.fromkeys(found) if len(found) > 1 else found)
    if len(known) >= _KNOWN_LIMIT:
        known.clear()
    known[classes] = tokens
    return tokens


#: Answers of other modules' pure tests of attribute values (attribute_memo), emptied with
#: the class memo.
_MEMOS: list[dict[str, Any]] = []


def attribute_memo() -> dict[str, Any]:
    """A dict for remembering a pure test's answer per attribute value (see ``remember``);
    cache_clear() empties it."""
    memo: dict[str, Any] = {}
    _MEMOS.append(memo)
    return memo


def remember(memo: dict[str, Any], value: str, answer: Any) -> None:
    """Store ``answer`` for ``value`` in an attribute memo (starting over when it is full)."""
    if len(memo) >= _KNOWN_LIMIT:
        memo.clear()
    memo[value] = answer


def cache_clear() -> None:
    """Forget remembered class attributes and attribute answers (benchmarks measure cold
    caches)."""
    _KNOWN.clear()
    for memo in _MEMOS:
        memo.clear()


def _note(scan: PageScan, element: etree._Element, tag: str) -> None:
    if tag == "script":
        if element.get("type") == _LD_JSON:
            scan.ld_json.append(element.text or "")
    elif tag == "article":
        scan.articles.append(element)
    else:
        scan.h1s.append(element)
