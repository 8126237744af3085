"""The text of an element, as a reader sees it: the one definition every layer uses.

Text nodes are joined as written (``<a>Modi<b>’s</b> visit</a>`` reads "Modi’s visit"); a
``<br>`` or the edge of a block element separates words; scripts, styles and templates are not
text. ``inner_text`` collapses the result to one line, ``text_lines`` keeps one line per
block or ``<br>``. Works on lxml elements (a parsel selector's ``.root``).
"""

from __future__ import annotations

from lxml import etree

from archive.text import collapse

#: Elements whose content is never visible text.
HIDDEN_TAGS = frozenset({"script", "style", "noscript", "template", "svg"})
#: Elements whose edges break a line.
BLOCK_TAGS = frozenset(
    {
        "address", "article", "aside", "blockquote", "dd", "div", "dl", "dt", "figcaption",
        "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li",
        "main", "nav", "ol", "p", "pre", "section", "table", "td", "th", "tr", "ul", "br",
    }
)  # fmt: skip


def _pieces(element: etree._Element, parts: list[str]) -> None:
    tag = element.tag
    if not isinstance(tag, str) or tag in HIDDEN_TAGS:
        return
    block = tag in BLOCK_TAGS
    if block:
        parts.append("\n")
    if element.text:
        parts.append(element.text)
    for child in element:
        _pieces(child, parts)
        if child.tail:
            parts.append(child.tail)
    if block:
        parts.append("\n")


def raw_text(element: etree._Element) -> str:
    """The visible text with a newline at every block edge and ``<br>`` (not collapsed)."""
    parts: list[str] = []
    _pieces(element, parts)
    return "".join(parts)


class _WordsFound(Exception):
    """Raised by ``_UntilWords`` at the first piece that is not whitespace."""


class _UntilWords(list[str]):
    """A sink for ``_pieces`` that stops the walk at the first words."""

    def append(self, piece: str) -> None:
        if not piece.isspace():
            raise _WordsFound


def has_text(element: etree._Element) -> bool:
    """True when ``inner_text`` of the element would not be empty, walking only as far as
    the first words."""
    try:
        _pieces(element, _UntilWords())
    except _WordsFound:
        return True
    return False


def inner_text(element: etree._Element | None) -> str:
    """The visible text of an element (not its tail) on one line, whitespace collapsed."""
    return collapse(raw_text(element)) if element is not None else ""


def text_lines(element: etree._Element) -> list[str]:
    """The visible text of an element, one collapsed line per block or ``<br>``; no empties."""
    return [line for line in (collapse(part) for part in raw_text(element).split("\n")) if line]
