"""Layer 3: text anchors that survive a redesign.

Whatever the class names, a reader still sees "Previous Story" next to a link, "Latest from
CATEGORY" over a list of stories, "Tags:" in front of the tags, "N min read", "By NAME" and a
date such as "March 20, 2022". These functions find them by their words, which live in
``crawler.rules``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import datetime

from lxml import etree

from crawler import rules
from crawler.pages.text import HIDDEN_TAGS, inner_text
from crawler.pages.theme import CHROME_TAGS

HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
_WEEKDAY = r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+"
VISIBLE_DATE_RE = re.compile(
    rf"(?P<weekday>{_WEEKDAY})?\b(?P<month>{'|'.join(MONTHS)})\s+(?P<day>\d{{1,2}}),?\s+(?P<year>(?:19|20)\d\d)(?!\d)"
)
_NAME_SPLIT_RE = re.compile(r"\s*(?:,|&|\band\b)\s*")
_LINKS_AFTER = etree.XPath("following::a[@href]", regexp=False)


def own_text(element: etree._Element) -> str:
    """The text directly inside an element (its text and its children's tails), collapsed."""
    parts = [element.text or ""] + [child.tail or "" for child in element]
    return " ".join("".join(parts).split())



class OwnTexts:
    """The visible elements of a subtree that hold words of their own, each with those words
    (``own_text``), in document order: read as far as asked, once per page, however many
    labels the page object looks for."""

    def __init__(self, root: etree._Element) -> None:
        self._rest: Iterator[etree._Element] = root.iter()
        self._read: list[tuple[etree._Element, str]] = []

    def __iter__(self) -> Iterator[tuple[etree._Element, str]]:
        index = 0
        while index < len(self._read) or self._read_one():
            yield self._read[index]
            index += 1

    def _read_one(self) -> bool:
        """Read on to the next element with words of its own; False at the end."""
        for element in self._rest:
            if isinstance(element.tag, str) and element.tag not in HIDDEN_TAGS and (text := own_text(element)):
                self._read.append((element, text))
                return True
        return False


def labelled(texts: OwnTexts, matches: Callable[[str], bool]) -> Iterator[etree._Element]:
    """Visible elements whose own text satisfies ``matches``, in document order."""
    for element, text in texts:
        if matches(text):
            yield element


def _ancestor_link(element: etree._Element) -> etree._Element | None:
    node: etree._Element | None = element
    while node is not None:
        if node.tag == "a" and node.get("href"):
            return node
        node = node.getparent()
    return None


def navigation_link(
    texts: OwnTexts, kind: str, is_story: Callable[[str], bool]
) -> etree._Element | None:
    """The link a "Previous Story" / "Next Story" label belongs to: the link holding the label
    (``<a>Next Story » Title</a>``), else the first story link inside the labelled element or
    after it (``<p>Next Story <a>Title</a></p>``, ``<span>Next Story</span><h3><a>Title</a>``).
    ``is_story`` tells a story's address from an advert's or a menu's."""
    for element in labelled(texts, lambda text: rules.navigation_kind(text) == kind):
        link = _ancestor_link(element)
        if link is not None and is_story(link.get("href", "")):
            return link
        candidates = [*element.iter("a"), *_LINKS_AFTER(element)]
        for link in candidates:
            if link.get("href") and is_story(link.get("href", "")):
                return link
    return None


def _heading_of(element: etree._Element) -> etree._Element:
    """The heading an element with a section title is part of (itself when none)."""
    node: etree._Element | None = element
    for _ in range(3):
        if node is None:
            break
        if node.tag in HEADING_TAGS:
            return node
        node = node.getparent()
    return element


def story_section(texts: OwnTexts, kind: str) -> etree._Element | None:
    """The block headed "Latest from ..." / "Don't Miss": the heading's nearest ancestor that
    holds links besides the heading's own."""
    for element in labelled(texts, lambda text: rules.section_kind(text) == kind):
        heading = _heading_of(element)
        own = set(heading.iter("a"))
        container = heading.getparent()
        while container is not None and container.tag != "body":
            if any(link not in own for link in container.iter("a")):
                return container
            container = container.getparent()
    return None


def labelled_links(texts: OwnTexts, labels: tuple[str, ...]) -> list[etree._Element]:
    """The links after a label such as "Tags:" or "Filed under:": inside the labelled element,
    else its following siblings' (``<p>Tags: <a>China</a>, <a>Russia</a></p>``,
    ``<span>Tags</span><a>China</a>``)."""
    for element in labelled(texts, lambda text: rules.opens_with(text, labels)):
        links = [a for a in element.iter("a") if a.get("href")]
        if not links:
            links = [
                a
                for sibling in element.itersiblings()
                for a in ([sibling] if sibling.tag == "a" else sibling.iter("a"))
                if a.get("href")
            ]
        if links:
            return links
    return []


def _part_of_body(element: etree._Element, body: etree._Element) -> bool:
    """The element is, holds or is read as part of the body container (an article's own
    ``<header>`` inside it is not: the body walk leaves headers out)."""
    if element is body or element in body.iterancestors():
        return True
    ancestors = list(element.iterancestors())
    return body in ancestors and not any(node.tag == "header" for node in ancestors[: ancestors.index(body)])


def standfirst_after_title(title: etree._Element, body: etree._Element | None) -> etree._Element | None:
    """The standfirst a theme without class names shows: the first block after the title,
    before the body, that is neither a byline, a date line nor chrome."""
    for sibling in title.itersiblings():
        if not isinstance(sibling.tag, str) or sibling.tag in HIDDEN_TAGS:
            continue
        if body is not None and _part_of_body(sibling, body):
            return None
        text = inner_text(sibling)
        dated = next(sibling.iter("time"), None) is not None or parse_visible_date(text) is not None
        if not text or dated or rules.is_chrome_line(text):
            continue
        if rules.byline_line(text) or rules.reading_minutes(text) is not None or rules.is_share_row(text):
            continue
        return sibling
    return None


def reading_minutes(texts: OwnTexts) -> int | None:
    """The N of the first visible "N min read"."""
    for element in labelled(texts, lambda text: rules.reading_minutes(text) is not None):
        return rules.reading_minutes(own_text(element))
    return None


def byline_names(texts: OwnTexts) -> list[str]:
    """Names from the first visible "By NAME and NAME" line (at most twelve words)."""
    words = tuple(rules.BYLINE_WORDS)

    def is_byline(text: str) -> bool:
        return any(text.lower().startswith(word.lower() + " ") for word in words)

    for element in labelled(texts, is_byline):
        text = inner_text(element)
        if not is_byline(text) or len(text.split()) > 12:
            continue
        rest = text.split(None, 1)[1]
        names = [name for name in _NAME_SPLIT_RE.split(rest) if name]
        if names and all(name[0].isupper() and len(name.split()) <= 5 for name in names):
            return names
    return []


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


def first_visible_date(visible: etree._Element) -> datetime | None:
    """The first article date in the page's visible text (its ``<body>``), outside
    header/nav/aside/footer chrome (an ``<article>``'s own header counts)."""
    for text in _content_texts(visible, inside_article=False):
        found = parse_visible_date(text)
        if found is not None:
            return found
    return None


def _content_texts(element: etree._Element, inside_article: bool) -> Iterator[str]:
    tag = element.tag
    if not isinstance(tag, str) or tag in HIDDEN_TAGS:
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
