"""Layer 3: text anchors that survive a redesign.

Whatever the class names, a reader still sees "Previous Story" / "Next Story" next to a link,
"Latest from CATEGORY" and "Don't Miss" over lists of stories, "N min read" and a visible date
such as "March 20, 2022". These functions find them by their text.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterator
from datetime import datetime
from functools import lru_cache

from lxml import etree

from crawler.pages.text import collapse
from crawler.pages.theme import CHROME_TAGS

#: The forms of "ALSO READ" seen on the site, at the start of a paragraph.
ALSO_READ_RE = re.compile(r"^\W*(?:also\s+read|read\s+also)\b\s*[:\-–—]?\s*", re.IGNORECASE)
#: The only letters "also read" / "read also" can open with (no other character equals them
#: case-insensitively).
_ALSO_READ_FIRST_LETTERS = frozenset("aArR")


def opens_with_also_read(text: str) -> bool:
    """``ALSO_READ_RE.match(text)``: a text opening with a word character other than a/r
    cannot match, and most paragraphs do."""
    first = text[:1]
    if first and (first.isalnum() or first == "_") and first not in _ALSO_READ_FIRST_LETTERS:
        return False
    return ALSO_READ_RE.match(text) is not None


READING_TIME_RE = re.compile(
    r"\b(\d{1,3})\s*(?:min|mins|minute|minutes)\.?\s+read\b", re.IGNORECASE
)
MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
_WEEKDAY = r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+"
VISIBLE_DATE_RE = re.compile(
    rf"(?P<weekday>{_WEEKDAY})?\b(?P<month>{'|'.join(MONTHS)})\s+(?P<day>\d{{1,2}}),?\s+(?P<year>(?:19|20)\d\d)\b"
)

_LOWER = "translate(normalize-space(.), 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')"
#: Cheap prefilter: a text node containing one of the label's common casings (plain contains()
#: is far cheaper than lower-casing every text node); the exact test follows.
_NOT_CODE = "not(self::script or self::style)"


@lru_cache(maxsize=64)
def _label_variants(label: str) -> tuple[str, ...]:
    """The casings of a label the XPath prefilter looks for."""
    return tuple(
        sorted({label, label.lower(), label.upper(), label.capitalize(), string.capwords(label)})
    )


@lru_cache(maxsize=64)
def _label_xpath(label: str, starts: bool) -> etree.XPath:
    contains = " or ".join(f"contains(., {_literal(v)})" for v in _label_variants(label))
    exact = f"starts-with({_LOWER}, $label)" if starts else f"contains({_LOWER}, $label)"
    extra = " and not(self::p)" if starts else ""
    return etree.XPath(f".//*[{_NOT_CODE}{extra}][text()[({contains}) and {exact}]]")


def _literal(text: str) -> str:
    return f'"{text}"' if "'" in text else f"'{text}'"


def normalize_space(text: str | None) -> str:
    return collapse(text) if text else ""


_HIDDEN_TAGS = ("script", "style", "noscript")


def text_of(element: etree._Element) -> str:
    """The visible text of an element and its tail, whitespace collapsed (scripts and styles
    excluded)."""
    if not isinstance(element.tag, str):
        return normalize_space(element.tail)
    text = own_text(element)
    tail = element.tail
    return normalize_space(f"{text} {tail}") if tail else text


def own_text(element: etree._Element) -> str:
    """The visible text of an element without its tail, whitespace collapsed."""
    tag = element.tag
    if not isinstance(tag, str) or tag in _HIDDEN_TAGS:
        return ""
    if not len(element):  # a leaf: the usual link or label
        text = element.text
        return collapse(text) if text else ""
    parts: list[str] = []
    _gather_text(element, parts)
    return collapse(" ".join(parts))


def _gather_text(element: etree._Element, parts: list[str]) -> None:
    """Text pieces of a visible element, in document order (children's tails included)."""
    text = element.text  # each lxml text read builds a new string: read once
    if text:
        parts.append(text)
    for child in element:
        tag = child.tag
        if isinstance(tag, str) and tag not in _HIDDEN_TAGS:
            if len(child):
                _gather_text(child, parts)
            elif text := child.text:
                parts.append(text)
        if tail := child.tail:
            parts.append(tail)


def first_word(element: etree._Element) -> str:
    """The first word of ``text_of(element)`` ('' for none), reading no further than needed.

    Text pieces are joined with spaces, so no word spans two pieces."""
    return _first_word(element, with_tail=True) or ""


def _first_word(element: etree._Element, with_tail: bool) -> str | None:
    tag = element.tag
    if isinstance(tag, str) and tag not in _HIDDEN_TAGS:
        text = element.text
        if text and not text.isspace():
            return text.split(maxsplit=1)[0]
        for child in element:
            word = _first_word(child, with_tail=True)
            if word:
                return word
    tail = element.tail
    if with_tail and tail and not tail.isspace():
        return tail.split(maxsplit=1)[0]
    return None


def has_text(element: etree._Element) -> bool:
    """True when ``text_of(element)`` would not be empty (stops at the first visible word)."""
    return _first_word(element, with_tail=True) is not None


def _visible_text(element: etree._Element, with_tail: bool) -> Iterator[str]:
    if isinstance(element.tag, str) and element.tag not in _HIDDEN_TAGS:
        if element.text:
            yield element.text
        for child in element:
            yield from _visible_text(child, with_tail=True)
    if with_tail and element.tail:
        yield element.tail


def lines_of(element: etree._Element) -> str:
    """Text of an element with ``<br>`` and block boundaries as line breaks (one line each)."""
    parts: list[str] = []
    _collect_lines(element, parts)
    lines = (normalize_space(line) for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)


_LINE_BREAK_TAGS = frozenset(
    {"br", "p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote"}
)


def _collect_lines(element: etree._Element, parts: list[str]) -> None:
    tag = element.tag
    if not isinstance(tag, str) or tag in ("script", "style", "noscript"):
        return
    breaks = tag in _LINE_BREAK_TAGS
    if breaks:
        parts.append("\n")
    if text := element.text:
        parts.append(text)
    for child in element:
        _collect_lines(child, parts)
        if tail := child.tail:
            parts.append(tail)
    if breaks:
        parts.append("\n")


def page_text(root: etree._Element) -> str:
    """All text of a page in one C-level call (the cheap haystack for ``may_contain``)."""
    return etree.tostring(root, method="text", encoding="unicode", with_tail=False)


def may_contain(label: str, haystack: str | None) -> bool:
    """False only when no text node can hold ``label`` in a casing the anchors look for.

    ``haystack`` is ``page_text`` of the page (or None: unknown, search anyway). Every text
    node is a substring of it, so this skips a whole-tree XPath search exactly when it would
    find nothing.
    """
    return haystack is None or any(variant in haystack for variant in _label_variants(label))


def labelled_elements(
    root: etree._Element, label: str, haystack: str | None = None
) -> list[etree._Element]:
    """Elements having a text node that contains ``label`` (case-insensitive), document order."""
    if not may_contain(label, haystack):
        return []
    return list(_label_xpath(label, False)(root, label=label.lower()))


def story_link_after_label(
    root: etree._Element, label: str, haystack: str | None = None
) -> etree._Element | None:
    """The link that a "Previous Story"/"Next Story" label belongs to.

    The label is either inside the link (``<a><span>Next Story</span> Title</a>``) or just
    before it (``<span>Next Story</span><a>Title</a>``).
    """
    if not may_contain(label, haystack):
        return None
    for element in _label_xpath(label, True)(root, label=label.lower()):
        link = _ancestor_link(element)
        if link is None:
            following = element.xpath("following::a[@href][1]")
            link = following[0] if following else None
        if link is not None:
            return link
    return None


def _ancestor_link(element: etree._Element) -> etree._Element | None:
    node: etree._Element | None = element
    while node is not None:
        if node.tag == "a" and node.get("href"):
            return node
        node = node.getparent()
    return None


def section_after_heading(
    root: etree._Element, prefix: str, haystack: str | None = None
) -> etree._Element | None:
    """The block headed by a heading that starts with ``prefix`` ("Latest from", "Don't Miss").

    Returns the heading's nearest ancestor that holds links besides the heading's own.
    """
    wanted = prefix.lower()
    for element in labelled_elements(root, prefix, haystack):
        heading = _enclosing_heading(element)
        if heading is None or not text_of(heading).lower().replace("’", "'").startswith(wanted):
            continue
        container = heading.getparent()
        while container is not None and container.tag != "body":
            own = set(heading.iter("a"))
            if any(a not in own for a in container.iter("a")):
                return container
            container = container.getparent()
    return None


def _enclosing_heading(element: etree._Element) -> etree._Element | None:
    node: etree._Element | None = element
    for _ in range(4):
        if node is None:
            return None
        if node.tag in ("h1", "h2", "h3", "h4", "h5", "h6") or "title" in (node.get("class") or ""):
            return node
        node = node.getparent()
    return element


_BYLINE_SPLIT_RE = re.compile(r"\s*(?:,|&|\band\b)\s*")


def byline_names(scope: etree._Element, haystack: str | None = None) -> list[str]:
    """Names from a visible "By NAME and NAME" byline (the first one in ``scope``)."""
    if not may_contain("By", haystack):
        return []
    for element in _label_xpath("By", True)(scope, label="by"):
        text = own_text(element)
        if not text.startswith("By ") or len(text.split()) > 12 or "\n" in text:
            continue
        names = [name for name in _BYLINE_SPLIT_RE.split(text[3:]) if name]
        if names and all(name[0].isupper() and len(name.split()) <= 5 for name in names):
            return names
    return []


def reading_minutes(text: str) -> int | None:
    match = READING_TIME_RE.search(text)
    return int(match.group(1)) if match else None


def parse_visible_date(text: str) -> datetime | None:
    """The first "March 20, 2022" in a text (a date with a weekday is the site's top bar)."""
    for match in VISIBLE_DATE_RE.finditer(text):
        if match.group("weekday"):
            continue
        try:
            return datetime(
                int(match.group("year")),
                MONTHS.index(match.group("month")) + 1,
                int(match.group("day")),
            )
        except ValueError:
            continue
    return None


def first_visible_date(root: etree._Element) -> datetime | None:
    """The first article date in the page text, skipping header/nav/aside/footer chrome."""
    body = root.find("body")
    if body is None:
        return None
    for text in _content_texts(body, inside_article=False):
        if any(month in text for month in MONTHS):
            found = parse_visible_date(text)
            if found is not None:
                return found
    return None


def _content_texts(element: etree._Element, inside_article: bool) -> Iterator[str]:
    tag = element.tag
    if not isinstance(tag, str):
        return
    if tag in CHROME_TAGS and not (inside_article and tag == "header"):
        return
    inside_article = inside_article or tag == "article"
    if element.text:
        yield element.text
    for child in element:
        yield from _content_texts(child, inside_article)
        if child.tail:
            yield child.tail
