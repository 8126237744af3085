"""Strip the site chrome from an article: body text, images, in-body links, summary.

Input (from crawler.pages.article): ``item.raw["clean_body"]`` (the CleanBody the page object
already walked with ``clean_body``, its links made canonical), else ``raw["body_node"]`` (an lxml
element) or ``raw["body_html"]``, plus ``raw["standfirst"]`` / ``raw["description"]``.
Output: ``body`` (paragraphs joined by one blank line), ``body_html`` (the kept blocks),
``images``, links of kind ``body`` / ``also_read`` / ``embed`` (before the page's other links),
``summary`` without its credit, and "By NAME" openers moved into ``authors``.
What goes where follows the chrome table in design.md.
"""

from __future__ import annotations

import copy
import logging
import re
from dataclasses import dataclass, field
from html import escape
from typing import Any
from urllib.parse import urljoin

import lxml.html
from lxml import etree

from crawler.items import ArticleItem
from crawler.pages import scan
from crawler.pages.anchors import opens_with_also_read
from crawler.pages.text import collapse

logger = logging.getLogger(__name__)

#: ``item.raw`` key: the body this pipeline joined from collapsed paragraphs (normalize only
#: trusts it while ``item.body`` is that very string).
COLLAPSED_BODY = "collapsed_body"
#: ``item.raw`` key: the links list whose URLs are all canonical already and whose texts are
#: collapsed (the page object's: own_text, block_text); normalize skips re-canonicalising and
#: re-collapsing only while ``item.links`` is that very list.
CANONICAL_LINKS = "canonical_links"
#: Link kinds this pipeline decides (the page object's preliminary ones are replaced).
BODY_LINK_KINDS = frozenset({"body", "also_read", "embed"})
BLOCK_TAGS = frozenset({"p", "h2", "h3", "h4", "h5", "h6", "pre", "address"})
LIST_TAGS = frozenset({"ul", "ol"})
WRAPPER_TAGS = frozenset({"div", "section", "article", "main", "span", "center", "font", "body"})
DROP_TAGS = frozenset(
    {
        "script",
        "style",
        "noscript",
        "ins",
        "form",
        "button",
        "input",
        "select",
        "textarea",
        "svg",
        "template",
        "nav",
        "aside",
        "link",
        "meta",
    }
)
_CHROME_CLASS_RE = re.compile(
    r"(?:^|\s)(?:ad|ads|advert\S*|adsense\S*|ad-\S+|adsbygoogle|code-block\S*|sharedaddy|sd-\S+|share\S*|sharing\S*|"
    r"social\S*|jp-relatedposts\S*|related\S*|newsletter\S*|post-views\S*|addtoany\S*|a2a\S*|heateor\S*)(?:\s|$)",
    re.IGNORECASE,
)
_CHROME_TEXT_RE = re.compile(
    r"^(?:share this:?|like this:?|related|advertisement|go to top|\d+\s*min read)$", re.IGNORECASE
)
#: No text longer than this matches _CHROME_TEXT_RE but by opening with a digit (its other
#: alternatives are literals, "advertisement" the longest, plus the newline ``$`` allows).
_CHROME_TEXT_MAX_LITERAL = len("advertisement") + 1
_SHARE_WORDS = frozenset(
    {
        "email",
        "print",
        "facebook",
        "twitter",
        "x",
        "whatsapp",
        "linkedin",
        "telegram",
        "pinterest",
        "reddit",
        "share",
        "tweet",
        "more",
        "tumblr",
        "pocket",
        "skype",
    }
)
#: Links that make a blockquote an embedded social post.
_SOCIAL_POST_RE = re.compile(
    r"^https?://(?:www\.)?(?:twitter\.com|x\.com)/\w+/status/|^https?://(?:www\.)?(?:instagram\.com/(?:p|reel)/|facebook\.com/.+/posts/|tiktok\.com/@)"
)
_EMBED_CLASSES = (
    "twitter-tweet",
    "instagram-media",
    "tiktok-embed",
    "wp-block-embed",
    "fb-post",
    "twitter-video",
)
#: Any of _EMBED_CLASSES inside a class attribute (a substring test, like ``name in classes``).
_EMBED_CLASS_RE = re.compile("|".join(re.escape(name) for name in _EMBED_CLASSES))
_EMBED_HOSTS = re.compile(
    r"(?:youtube\.com|youtu\.be|twitter\.com|x\.com|vimeo\.com|facebook\.com|instagram\.com|tiktok\.com|dailymotion\.com)",
    re.I,
)
#: The credit ending a standfirst: after punctuation ("….reports", ", reports", "…writes"), or
#: "reports Asian Lite" after a plain space.
_CREDIT_RE = re.compile(
    r"(?:\s*[.…,;:\-–—]+\s*|\s+(?=(?:reports?|reporst)\s+asian\s+lite))"
    r"(?:reports?|reporst|writes|wrote)\s+(?P<who>[^…]{1,80})$",
    re.IGNORECASE,
)
_NAME = r"[A-Z][\w.'’-]*(?:\s+(?:[A-Z][\w.'’-]*|de|van|von|bin|al|el|ul|ur)){0,5}"
#: The words _CREDIT_RE's credit opens with, and the characters that may precede them in it.
_CREDIT_WORD_RE = re.compile(r"reports?|reporst|writes|wrote", re.IGNORECASE)
_CREDIT_LEAD = frozenset(".…,;:-–—")
#: In a collapsed text the credit's word starts at most this far from the end: the word (7
#: letters at most), one space, and at most 80 characters of name.
_CREDIT_TAIL = 7 + 1 + 80
#: "By NAME" alone on its line.
_BYLINE_LINE_RE = re.compile(rf"By\s+(?P<name>{_NAME})\s*[.,:]?")
#: "By NAME, ..." / "By NAME | ..." / "By NAME – ..." opening a line.
_BYLINE_OPENER_RE = re.compile(rf"By\s+(?P<name>{_NAME})\s*(?:[,|:]|\s[–—-])\s*")


@dataclass
class CleanBody:
    """What the body walk keeps."""

    paragraphs: list[str] = field(default_factory=list)
    #: Every paragraph is its own collapse() (no whitespace but single inner spaces).
    collapsed: bool = True
    html: list[str] = field(default_factory=list)
    images: list[dict[str, Any]] = field(default_factory=list)
    links: list[dict[str, Any]] = field(default_factory=list)


class ChromePipeline:
    """Turn the raw body and standfirst into clean contract fields."""

    def process_item(self, item: ArticleItem) -> ArticleItem:
        if not isinstance(item, ArticleItem):
            return item
        byline = None
        clean = item.raw.pop("clean_body", None)  # the page object ran clean_body already
        from_page = clean is not None
        if clean is None and (node := _body_node(item)) is not None:
            clean = clean_body(node, item.fetched_url or item.url)
        if clean is not None:
            byline = _body_byline(clean)
            item.body = "\n\n".join(clean.paragraphs) or None
            if clean.collapsed and item.body:
                # tells normalize the whitespace is final (it still applies NFC)
                item.raw[COLLAPSED_BODY] = item.body
            item.body_html = "\n".join(clean.html) or None
            item.images = clean.images + [img for img in item.images if img not in clean.images]
            canonical = from_page and item.raw.get(CANONICAL_LINKS) is item.links
            page_links = [link for link in item.links if link.get("kind") not in BODY_LINK_KINDS]
            item.links = clean.links + page_links
            if canonical:  # the page object's body and page links, rearranged: still canonical
                item.raw[CANONICAL_LINKS] = item.links
            else:
                item.raw.pop(CANONICAL_LINKS, None)
        summary, standfirst_byline = clean_standfirst(_standfirst(item))
        item.summary = summary
        _add_byline(item, standfirst_byline or byline)
        return item


def _add_byline(item: ArticleItem, byline: str | None) -> None:
    """A "By NAME" opener names the writer; it replaces a generic site author."""
    if byline and byline not in item.authors:
        item.authors = [byline] if _generic_author(item.authors) else [*item.authors, byline]


def _body_byline(clean: CleanBody) -> str | None:
    """Remove a first body paragraph that is only "By NAME"; return NAME."""
    if not clean.paragraphs or not clean.paragraphs[0].startswith("By"):
        return None  # the pattern opens with a literal "By": no regex run for other bodies
    match = _BYLINE_LINE_RE.fullmatch(clean.paragraphs[0])
    if not match:
        return None
    del clean.paragraphs[0]
    if clean.html and clean.html[0].startswith("<p"):
        del clean.html[0]
    return match.group("name")


def _body_node(item: ArticleItem) -> etree._Element | None:
    node = item.raw.pop("body_node", None)
    if node is not None:
        return node  # type: ignore[no-any-return]
    html = item.raw.get("body_html")
    if html:
        return lxml.html.fragment_fromstring(html, create_parent="div")
    return None


def _standfirst(item: ArticleItem) -> str | None:
    standfirst = item.raw.get("standfirst")
    if standfirst:
        return str(standfirst)
    description = item.raw.get("description")
    if not description or not item.body:
        return None
    head = _comparable(item.body[: len(description) + 40])
    if _comparable(description).rstrip(".…") and head.startswith(
        _comparable(description).rstrip(".…")[:60]
    ):
        return None  # an automatic excerpt of the body, not a standfirst
    return str(description)


def _comparable(text: str) -> str:
    return " ".join(text.split()).lower()


def _generic_author(authors: list[str]) -> bool:
    return not authors or all(name.lower().startswith("asian lite") for name in authors)


def split_byline(text: str) -> tuple[str | None, str]:
    """("NAME", rest) when the text opens with "By NAME"; (None, text) otherwise."""
    if not text.strip().startswith("By"):
        return None, text  # both patterns open with a literal "By"
    first, _, rest = text.strip().partition("\n")
    match = _BYLINE_LINE_RE.fullmatch(first.strip())
    if match:
        return match.group("name"), rest.strip()
    match = _BYLINE_OPENER_RE.match(text.strip())
    if match:
        return match.group("name"), text.strip()[match.end() :].strip()
    return None, text


def clean_standfirst(text: str | None) -> tuple[str | None, str | None]:
    """(summary without the credit and "By NAME" opener, the opener's NAME)."""
    if not text:
        return None, None
    byline, text = split_byline(text)
    text = collapse(text)
    credit = _find_credit(text)
    if credit and len(credit.group("who").split()) <= 8:
        text = text[: credit.start()].rstrip(" .…,;:-–—")
    return text or None, byline


def _find_credit(text: str) -> re.Match[str] | None:
    """``_CREDIT_RE.search(text)`` for a collapsed text, with the pattern run only from where
    a credit can begin: the first credit word in the text's last _CREDIT_TAIL characters,
    moved back over the punctuation and spaces before it."""
    word = _CREDIT_WORD_RE.search(text, max(0, len(text) - _CREDIT_TAIL))
    if word is None:
        return None
    begin = word.start()
    while begin > 0 and (text[begin - 1] in _CREDIT_LEAD or text[begin - 1].isspace()):
        begin -= 1
    return _CREDIT_RE.search(text, begin)


def clean_body(container: etree._Element, base: str) -> CleanBody:
    """Walk the body container once, keeping paragraphs and moving chrome where it belongs."""
    clean = CleanBody()
    _walk_children(container, clean, base)
    return clean


def _walk_children(element: etree._Element, clean: CleanBody, base: str) -> None:
    run: list[etree._Element | str] = []  # loose inline content between blocks
    text = element.text
    if text and not text.isspace():
        run.append(text)
    for child in element:
        tag = child.tag
        if tag in INLINE_TAGS:
            run.append(child)
        elif isinstance(tag, str):  # a block (comments and PIs only leave their tail)
            if run:
                _flush_run(run, clean, base)
            _walk_block(child, tag, clean, base)
        tail = child.tail
        if tail and not tail.isspace():
            run.append(tail)
    if run:
        _flush_run(run, clean, base)


INLINE_TAGS = frozenset(
    {"a", "strong", "b", "em", "i", "u", "br", "sup", "sub", "small", "mark", "abbr", "cite"}
    | {"q", "time"}
)
#: The tags whose chrome, embed and image tests look past class and id (at the tag itself or
#: at what the element holds): any other element without class or id is kept as it is when
#: stripping a paragraph's, list's or table's inline chrome (its cells, rows, items).
TESTED_WITHOUT_NAMES = DROP_TAGS | {
    "div", "section", "ul", "ol",  # _is_share_block
    "iframe", "video", "embed", "object", "blockquote",  # _is_embed
    "img",
}  # fmt: skip


def _is_inline(element: etree._Element) -> bool:
    return element.tag in INLINE_TAGS


def _flush_run(run: list[etree._Element | str], clean: CleanBody, base: str) -> None:
    if not run:
        return
    paragraph = etree.Element("p")
    for part in run:
        if isinstance(part, str):
            _append_text(paragraph, part)
        else:
            copied = copy.deepcopy(part)
            copied.tail = None
            paragraph.append(copied)
    run.clear()
    _keep_paragraph(paragraph, clean, base)


def _append_text(parent: etree._Element, text: str) -> None:
    if len(parent):
        parent[-1].tail = (parent[-1].tail or "") + text
    else:
        parent.text = (parent.text or "") + text


def _walk_block(element: etree._Element, tag: str, clean: CleanBody, base: str) -> None:
    """Keep, move or drop one block (``tag`` is ``element.tag``, read by the caller)."""
    if not len(element) and tag in BLOCK_TAGS and not element.keys():
        _keep_plain_leaf(element, tag, clean)  # the usual <p>text</p>: no test below applies
        return
    classes, ident = element.get("class"), element.get("id")  # read once for every test
    if classes is None and ident is None and tag in BLOCK_TAGS:
        # a plain <p> with inline markup: no chrome or embed test applies
        if _holds_blocks(element):
            _walk_children(element, clean, base)  # an unclosed <p> swallowed a table or a list
        else:
            _keep_paragraph(element, clean, base)
        return
    if tag in DROP_TAGS or _is_chrome_block(element, tag, classes, ident):
        return
    if _is_embed_block(element, tag, classes):
        _keep_embed(element, clean, base)
    elif (
        tag == "figure" or _has_token(classes, "wp-caption") or _has_token(classes, "gallery")
    ) and _has_image(element):
        _keep_figure(element, clean, base)
    elif tag == "img":
        _keep_image(element, None, clean, base)
    elif tag in BLOCK_TAGS or tag == "blockquote" and not _has_child(element, ("p", "div")):
        _keep_paragraph(element, clean, base)
    elif tag in LIST_TAGS:
        _keep_list(element, clean, base)
    elif tag == "table":
        _keep_table(element, clean, base)
    elif tag == "iframe":
        _keep_embed(element, clean, base)
    else:
        _walk_children(element, clean, base)


#: blocks that cannot stand inside a paragraph: the HTML parser nests them there when the
#: page forgot a ``</p>`` (HTML5 would close the paragraph; libxml2 does not)
NESTED_BLOCK_TAGS = frozenset(
    {
        "table",
        "ul",
        "ol",
        "div",
        "figure",
        "blockquote",
        "p",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "section",
    }
)


def _has_child(element: etree._Element, tags: tuple[str, ...]) -> bool:
    """``element.xpath("p|div")`` is not empty, for ``tags`` ("p", "div")."""
    for child in element:
        if child.tag in tags:
            return True
    return False


def _holds_blocks(element: etree._Element) -> bool:
    for child in element:
        if child.tag in NESTED_BLOCK_TAGS:
            return True
    return False


def _has_image(element: etree._Element) -> bool:
    return next(element.iter("img"), None) is not None


def _has_class(element: etree._Element, name: str) -> bool:
    return _has_token(element.get("class"), name)


def _has_token(classes: str | None, name: str) -> bool:
    """``name`` is one of the tokens of a class attribute (None: no attribute)."""
    return classes is not None and name in classes.split()


def _is_chrome(element: etree._Element) -> bool:
    """Chrome by its class/id, or by its text when class names tell nothing (a redesign)."""
    return _is_chrome_block(element, element.tag, element.get("class"), element.get("id"))


def _is_chrome_block(
    element: etree._Element, tag: str, classes: str | None, ident: str | None
) -> bool:
    """_is_chrome, given the element's tag, class and id."""
    if _is_chrome_name(classes or "") or _is_chrome_name(ident or ""):
        return True
    return tag in ("div", "section", "ul", "ol") and _is_share_block(element)


#: _CHROME_CLASS_RE's answer per class or id value: the same values come back on every page
#: (emptied with the page walk's class memo, crawler.pages.scan.cache_clear).
_CHROME_NAMES: dict[str, bool] = scan.attribute_memo()


def _is_chrome_name(value: str) -> bool:
    """``_CHROME_CLASS_RE.search(value)``, remembered per value."""
    found = _CHROME_NAMES.get(value)
    if found is None:
        found = _CHROME_CLASS_RE.search(value) is not None
        scan.remember(_CHROME_NAMES, value, found)
    return found


def _is_chrome_text(text: str) -> bool:
    """``_CHROME_TEXT_RE.match(text)``, without running the pattern on a text too long for
    it that does not open with a digit (most paragraphs)."""
    if len(text) > _CHROME_TEXT_MAX_LITERAL and not text[:1].isdigit():
        return False
    return _CHROME_TEXT_RE.match(text) is not None


def _is_share_block(element: etree._Element) -> bool:
    """A block headed "Share this:" or a list of nothing but share buttons."""
    if element.tag in ("ul", "ol"):
        items = 0
        for li in element.iter("li"):  # stops at the first item that is not a share button
            if collapse(_all_text(li)).lower() not in _SHARE_WORDS:
                return False
            items += 1
        return items > 0
    for node in element.iter():  # tested here: lxml's many-tag filter costs more to set up
        if node.tag not in _SHARE_HEADING_TAGS:
            continue
        text = collapse(_all_text(node))
        if text:
            return _is_chrome_text(text) and text.lower().startswith(("share", "like"))
    return False


#: The elements whose first text tells a "Share this:" block (``_is_share_block``).
_SHARE_HEADING_TAGS = frozenset({"h2", "h3", "h4", "h5", "h6", "span", "strong", "p"})


def _all_text(element: etree._Element) -> str:
    """``"".join(element.itertext())`` in one C call (script text included, like itertext)."""
    return etree.tostring(element, method="text", encoding="unicode", with_tail=False)


def _is_embed(element: etree._Element) -> bool:
    """An embedded tweet/post/video, by class or (classes renamed) by what it holds."""
    return _is_embed_block(element, element.tag, element.get("class"))


def _is_embed_block(element: etree._Element, tag: str, classes: str | None) -> bool:
    """_is_embed, given the element's tag and class."""
    if tag in ("iframe", "video", "embed", "object"):
        return True
    if classes and _EMBED_CLASS_RE.search(classes):
        return True
    if tag == "blockquote":
        return any(_SOCIAL_POST_RE.search(a.get("href") or "") for a in element.iter("a"))
    return False


# --- paragraphs ----------------------------------------------------------------------------
@dataclass
class Inline:
    """What stripping a paragraph's inline chrome saw."""

    saw_br: bool = False  # its text then needs block_text's rules
    links: list[etree._Element] | None = field(default_factory=list)  # None: ask the tree


def _strip_inline_chrome(element: etree._Element, clean: CleanBody, base: str) -> Inline:
    """Remove ads/scripts inside a paragraph; move its images to ``images``.

    Also notes the ``<br>`` and the links it walks past (the links list is dropped when
    something was removed: the tree then tells which links are left).
    """
    seen = Inline()
    for child in list(element.iterdescendants()):
        tag = child.tag
        if tag == "br":
            seen.saw_br = True
        if not isinstance(tag, str):
            continue
        classes, ident = child.get("class"), child.get("id")
        if classes is None and ident is None and tag not in TESTED_WITHOUT_NAMES:
            if tag == "a" and seen.links is not None:
                seen.links.append(child)
            continue
        if tag in DROP_TAGS or _is_chrome_block(child, tag, classes, ident):
            _remove_keep_tail(child)
        elif _is_embed_block(child, tag, classes):
            _keep_embed(child, clean, base)
            _remove_keep_tail(child)
        elif tag == "img":
            _keep_image(child, None, clean, base)
            _remove_keep_tail(child)
        else:
            if tag == "a" and seen.links is not None:
                seen.links.append(child)
            continue
        seen.links = None
    return seen


def _remove_keep_tail(element: etree._Element) -> None:
    parent = element.getparent()
    if parent is None:
        return
    tail = element.tail
    previous = element.getprevious()
    parent.remove(element)
    if tail:
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail


def block_text(element: etree._Element) -> str:
    """Text of a block: inline text joined as written, ``<br>`` as a space, whitespace collapsed."""
    tag = element.tag
    if not isinstance(tag, str) or tag in DROP_TAGS or tag == "br":
        return ""
    if not len(element):
        text = element.text
        return collapse(text) if text else ""
    parts: list[str] = []
    _collect(element, parts)
    return collapse("".join(parts))


def _collect(element: etree._Element, parts: list[str]) -> None:
    """Text pieces of a kept element (its own tag already checked), children's tails included."""
    text = element.text  # each lxml text read builds a new string: read once
    if text:
        parts.append(text)
    for child in element:
        tag = child.tag
        if tag == "br":
            parts.append(" ")
        elif isinstance(tag, str) and tag not in DROP_TAGS:
            if len(child):
                _collect(child, parts)
            elif text := child.text:
                parts.append(text)
        if tail := child.tail:
            parts.append(tail)


def flat_text(element: etree._Element) -> str:
    """block_text of an element with no ``<br>`` and nothing of DROP_TAGS inside (one C call)."""
    return collapse(etree.tostring(element, method="text", encoding="unicode", with_tail=False))


def _keep_paragraph(element: etree._Element, clean: CleanBody, base: str) -> None:
    if not len(element):
        _keep_leaf(element, clean)
        return
    inline = _strip_inline_chrome(element, clean, base)  # leaves no DROP_TAGS inside
    text = block_text(element) if inline.saw_br else flat_text(element)
    if not text or _is_chrome_text(text):
        return
    if opens_with_also_read(text):
        _keep_also_read(element, text, clean, base)
        return
    links = inline.links if inline.links is not None else element.iter("a")
    for link in links:
        _keep_link("body", link, clean, base)
    clean.paragraphs.append(text)
    clean.html.append(_html(element))


def _keep_leaf(element: etree._Element, clean: CleanBody) -> None:
    """_keep_paragraph of a block without child elements (so without links or images)."""
    raw = element.text
    text = collapse(raw) if raw else ""
    if _is_text(text):
        clean.paragraphs.append(text)
        clean.html.append(_html(element))


def _keep_plain_leaf(element: etree._Element, tag: str, clean: CleanBody) -> None:
    """_keep_leaf of a block tag without attributes or child elements: its HTML is written
    from the text read once."""
    raw = element.text or ""
    text = collapse(raw) if raw else ""
    if _is_text(text):
        clean.paragraphs.append(text)
        clean.html.append(_plain_html(tag, raw) if "\r" not in raw else _html(element))


def _is_text(text: str) -> bool:
    """A childless block's collapsed text is body text: not empty, not chrome, not an ALSO
    READ line (which, without a link, leads nowhere)."""
    if not text or _is_chrome_text(text):
        return False
    if opens_with_also_read(text):
        logger.debug("ALSO READ line without a link: %r", text)
        return False
    return True


def _keep_also_read(element: etree._Element, text: str, clean: CleanBody, base: str) -> None:
    links = [a for a in element.iter("a") if a.get("href")]
    for link in links:
        _keep_link("also_read", link, clean, base)
    if not links:
        logger.debug("ALSO READ line without a link: %r", text)


def _keep_link(kind: str, link: etree._Element, clean: CleanBody, base: str) -> None:
    href = (link.get("href") or "").strip()
    if not href or href.startswith(("#", "mailto:", "javascript:", "tel:", "whatsapp:")):
        return
    text = block_text(link) or None
    clean.links.append({"kind": kind, "url": _absolute(base, href), "text": text})


def _keep_list(element: etree._Element, clean: CleanBody, base: str) -> None:
    _strip_inline_chrome(element, clean, base)
    items = [text for li in element.iter("li") if (text := block_text(li))]
    if not items:
        return
    for link in element.iter("a"):
        _keep_link("body", link, clean, base)
    clean.paragraphs.extend(items)  # one paragraph per list item
    clean.html.append(_html(element))


def _keep_table(element: etree._Element, clean: CleanBody, base: str) -> None:
    _strip_inline_chrome(element, clean, base)
    rows = []
    for row in element.iter("tr"):
        cells = [block_text(cell) for cell in row if cell.tag in ("td", "th")]
        if any(cells):
            text = " | ".join(cells)
            if not all(cells):  # an empty cell leaves a stray space at an end or in the middle
                clean.collapsed = False
            rows.append(text)
    if not rows:
        return
    for link in element.iter("a"):
        _keep_link("body", link, clean, base)
    clean.paragraphs.extend(rows)  # one paragraph per table row
    clean.html.append(_html(element))


# --- images and embeds --------------------------------------------------------------------
def _keep_figure(element: etree._Element, clean: CleanBody, base: str) -> None:
    images = list(element.iter("img"))
    if not images and element.xpath(".//iframe|.//blockquote"):
        _keep_embed(element, clean, base)
        return
    if len(images) == 1:
        _keep_image(images[0], _caption(element), clean, base)
        return
    for image in images:
        _keep_image(image, _own_caption(image, element), clean, base)


def _caption(element: etree._Element) -> str | None:
    for node in element.iter():
        if node.tag == "figcaption" or _has_caption_class(node.get("class")):
            return block_text(node) or None
    return None


def _has_caption_class(classes: str | None) -> bool:
    return classes is not None and not _CAPTION_CLASSES.isdisjoint(classes.split())


_CAPTION_CLASSES = frozenset({"wp-caption-text", "gallery-caption"})


def _own_caption(image: etree._Element, gallery: etree._Element) -> str | None:
    """The caption of one image in a gallery: the nearest enclosing figure/item's caption."""
    node = image.getparent()
    while node is not None and node is not gallery:
        if node.tag in ("figure", "li", "dl") or _has_class(node, "gallery-item"):
            return _caption(node)
        node = node.getparent()
    return None


def _keep_image(image: etree._Element, caption: str | None, clean: CleanBody, base: str) -> None:
    src = image.get("src") or image.get("data-src") or image.get("data-lazy-src")
    if not src or src.startswith("data:"):
        return
    alt = (image.get("alt") or "").strip() or None
    record = {"url": _absolute(base, src.strip()), "caption": caption, "alt": alt}
    if not any(existing["url"] == record["url"] for existing in clean.images):
        clean.images.append(record)


def _keep_embed(element: etree._Element, clean: CleanBody, base: str) -> None:
    url = _embed_url(element)
    if url:
        clean.links.append({"kind": "embed", "url": _absolute(base, url), "text": None})


def _embed_url(element: etree._Element) -> str | None:
    for node in element.iter("iframe", "video", "source", "embed"):
        src = node.get("src") or node.get("data-src")
        if src:
            return src.strip()
    links = [a.get("href", "") for a in element.iter("a") if _EMBED_HOSTS.search(a.get("href", ""))]
    if links:
        return links[-1].strip()
    cite = element.get("cite") or element.get("data-url")
    if cite:
        return cite.strip()
    text = " ".join(element.itertext()).strip()
    return text if text.startswith("http") and " " not in text else None


def _absolute(base: str, url: str) -> str:
    return url if url.startswith(("https://", "http://")) else urljoin(base, url)


def _html(element: etree._Element) -> str:
    """The element serialised as HTML (without its tail).

    The usual plain paragraph -- a block tag without attributes or children -- is written
    directly: lxml's HTML serialiser escapes only ``&``, ``<`` and ``>`` in such text (and
    writes ``\r`` as ``&#13;``, so a text holding one goes the long way).
    """
    tag = element.tag
    if tag in BLOCK_TAGS and not len(element) and not element.keys():
        text = element.text or ""
        if "\r" not in text:
            return _plain_html(tag, text)
    return etree.tostring(element, encoding="unicode", method="html", with_tail=False).strip()


def _plain_html(tag: str, text: str) -> str:
    """``<tag>text</tag>`` as lxml writes it for a block tag without attributes or children
    and a text without ``\r``."""
    return f"<{tag}>{escape(text, quote=False)}</{tag}>"
