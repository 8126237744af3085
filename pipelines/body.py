"""The body walk: the article container's HTML -> paragraphs, images and typed links.

One pass over the container, block by block (design.md, "Chrome: what is stripped and where it
goes"): paragraphs, list items and table rows are kept as text; figures become images;
"ALSO READ" lines become ``also_read`` links; links inside kept paragraphs become ``body``
links; embedded posts and videos become ``embed`` links; everything the chrome tables of
``crawler.rules`` name (classes and ids, whole lines, share rows) is dropped.
"""

from __future__ import annotations

import copy
import logging
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from lxml import etree

from crawler import rules
from crawler.items import ImageItem, LinkItem
from crawler.pages.text import has_text, inner_text, raw_text

logger = logging.getLogger(__name__)

#: Blocks kept as one paragraph each.
PARAGRAPH_TAGS = frozenset({"p", "h2", "h3", "h4", "h5", "h6", "pre", "address"})
LIST_TAGS = frozenset({"ul", "ol"})
#: Never article text, wherever they are.
DROP_TAGS = frozenset(
    {"script", "style", "noscript", "ins", "form", "button", "input", "select", "textarea",
     "svg", "template", "nav", "aside", "link", "meta", "header", "footer", "h1"}
)  # fmt: skip
#: Inline content: runs of it between blocks make a paragraph.
INLINE_TAGS = frozenset(
    {"a", "strong", "b", "em", "i", "u", "br", "sup", "sub", "small", "mark", "abbr", "cite",
     "q", "code", "s", "del"}
)  # fmt: skip
#: Blocks that cannot stand inside a paragraph: libxml2 nests them there when a page forgets
#: a ``</p>`` (HTML5 would close the paragraph), so such a paragraph is walked as a container.
NESTED_BLOCK_TAGS = frozenset(
    {"table", "ul", "ol", "div", "figure", "blockquote", "p", "h2", "h3", "h4", "h5", "h6", "section"}
)  # fmt: skip
EMBED_TAGS = frozenset({"iframe", "video", "embed", "object"})
#: Files a link around an image may point to (the full-size picture).
IMAGE_EXTENSIONS = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif")
_CAPTION_CLASSES = ("wp-caption-text", "gallery-caption", "wp-element-caption")
_FIGURE_CLASSES = ("wp-caption", "gallery", "wp-block-image", "wp-block-gallery")
_PARSER = etree.HTMLParser()
#: The schemes a kept link, image or embed may have ("" is a relative URL).
WEB_SCHEMES = frozenset({"", "http", "https"})
#: Link schemes that lead nowhere a reader can follow.
_NOT_LINKS = ("#", "mailto:", "javascript:", "tel:", "whatsapp:", "data:", "sms:")


@dataclass
class CleanBody:
    """What the body walk keeps."""

    paragraphs: list[str] = field(default_factory=list)
    html: list[str] = field(default_factory=list)
    images: list[ImageItem] = field(default_factory=list)
    links: list[LinkItem] = field(default_factory=list)
    #: the first paragraph's text as written (its spacing can end a "By NAME" opener)
    first_raw: str | None = None
    #: an image kept last with no text after it yet: a caption line may follow
    uncaptioned: ImageItem | None = None


def walk_body(html: str) -> CleanBody:
    """Walk a body container's HTML once. URLs are kept as written: the normalize pipeline
    makes them absolute and canonical, with every other URL of the item."""
    clean = CleanBody()
    document = etree.fromstring(f"<html><body><div>{html}</div></body></html>", _PARSER)
    container = document.find("body/div") if document is not None else None
    if container is None:
        logger.warning("body HTML unparseable: %.80r", html)
        return clean
    _walk_children(container, clean)
    return clean


def _walk_children(element: etree._Element, clean: CleanBody) -> None:
    run: list[etree._Element | str] = []  # loose inline content between blocks
    if element.text and not element.text.isspace():
        run.append(element.text)
    for child in element:
        if child.tag in INLINE_TAGS and not _is_chrome(child):
            run.append(child)
        elif isinstance(child.tag, str):
            _flush_run(run, clean)
            _walk_block(child, clean)
        if child.tail and not child.tail.isspace():
            run.append(child.tail)
    _flush_run(run, clean)


def _flush_run(run: list[etree._Element | str], clean: CleanBody) -> None:
    """Loose inline content between two blocks, kept as one paragraph."""
    if not run:
        return
    paragraph = etree.Element("p")
    for part in run:
        if isinstance(part, str):
            if len(paragraph):
                paragraph[-1].tail = (paragraph[-1].tail or "") + part
            else:
                paragraph.text = (paragraph.text or "") + part
        else:
            copied = copy.deepcopy(part)
            copied.tail = None
            paragraph.append(copied)
    run.clear()
    _keep_paragraph(paragraph, clean)


def _walk_block(element: etree._Element, clean: CleanBody) -> None:
    """Keep, move or drop one block."""
    tag = element.tag
    if tag in DROP_TAGS or tag == "time" or _is_chrome(element):
        return  # (a <time> between blocks is the page's date stamp, not a sentence)
    if _is_embed(element):
        _keep_embed(element, clean)
    elif _is_image_link(element):
        _keep_image(element, None, clean)
    elif (tag == "figure" or rules.has_name(element.get("class"), _FIGURE_CLASSES)) and _has(element, "img"):
        _keep_figure(element, clean)
    elif tag == "img":
        _keep_image(element, None, clean)
    elif tag in PARAGRAPH_TAGS and any(child.tag in NESTED_BLOCK_TAGS for child in element):
        _walk_children(element, clean)  # an unclosed <p> swallowed a table or a list
    elif tag in PARAGRAPH_TAGS or (tag == "blockquote" and not any(c.tag in ("p", "div") for c in element)):
        _keep_paragraph(element, clean)
    elif tag in LIST_TAGS:
        _keep_rows(element, [li for li in element.iter("li")], clean)
    elif tag == "table":
        _keep_rows(element, [tr for tr in element.iter("tr")], clean, cells=True)
    else:
        _walk_children(element, clean)


def _has(element: etree._Element, tag: str) -> bool:
    return next(element.iter(tag), None) is not None


def _is_chrome(element: etree._Element) -> bool:
    """Chrome by its class or id (chrome by its words is judged where the text is read)."""
    return rules.is_chrome_name(element.get("class")) or rules.is_chrome_name(element.get("id"))


def _is_chrome_text(text: str) -> bool:
    """A kept block's text that is chrome: a chrome line or a row of share buttons."""
    return rules.is_chrome_line(text) or rules.is_share_row(text)


def _is_embed(element: etree._Element) -> bool:
    """An embedded post or video, by tag, by class, or by the links it holds."""
    if element.tag in EMBED_TAGS or rules.is_embed_name(element.get("class")):
        return True
    if element.tag == "blockquote":
        return any(_is_social_post(a.get("href") or "") for a in element.iter("a"))
    return False


def _is_social_post(href: str) -> bool:
    host = (urljoin("https://x/", href).split("/") + ["", "", ""])[2].lower().removeprefix("www.")
    return host in rules.EMBED_HOSTS and href.rstrip("/").count("/") >= 4


# --- paragraphs ----------------------------------------------------------------------------
def _strip_inline_chrome(element: etree._Element, clean: CleanBody) -> None:
    """Remove ads and scripts inside a block; move its images and embeds where they belong."""
    for child in list(element.iterdescendants()):
        if not isinstance(child.tag, str) or child.getparent() is None:
            continue
        if child.tag in DROP_TAGS or _is_chrome(child):
            _remove_keep_tail(child)
        elif _is_embed(child):
            _keep_embed(child, clean)
            _remove_keep_tail(child)
        elif child.tag == "img" or _is_image_link(child):
            _keep_image(child, None, clean)
            _remove_keep_tail(child)


def _remove_keep_tail(element: etree._Element) -> None:
    parent = element.getparent()
    if parent is None:
        return
    tail, previous = element.tail, element.getprevious()
    parent.remove(element)
    if tail:
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail


def _keep_paragraph(element: etree._Element, clean: CleanBody) -> None:
    _strip_inline_chrome(element, clean)
    text = inner_text(element)
    if not text or _is_chrome_text(text):
        return
    image, clean.uncaptioned = clean.uncaptioned, None
    if image is not None and image.caption is None and rules.is_caption_line(text):
        image.caption = text  # a lone line under an image, ending in its photo credit
        return
    if rules.also_read_prefix(text):
        _keep_also_read(element, text, clean)
        return
    for link in element.iter("a"):
        _keep_link("body", link, clean)
    if not clean.paragraphs:
        clean.first_raw = raw_text(element)
    clean.paragraphs.append(text)
    clean.html.append(_html(element))


def _keep_also_read(element: etree._Element, text: str, clean: CleanBody) -> None:
    links = [a for a in element.iter("a") if a.get("href")]
    for link in links:
        _keep_link("also_read", link, clean)
    if not links:
        logger.debug("ALSO READ line without a link: %r", text)


def _web_address(url: str) -> bool:
    """An http(s) URL, or a relative one (resolved against the page later)."""
    return bool(url) and not url.lower().startswith(_NOT_LINKS) and urlsplit(url).scheme.lower() in WEB_SCHEMES


def _keep_link(kind: str, link: etree._Element, clean: CleanBody) -> None:
    href = (link.get("href") or "").strip()
    if _web_address(href):
        clean.links.append(LinkItem(kind, href, inner_text(link) or None))


def _keep_rows(
    element: etree._Element, rows: list[etree._Element], clean: CleanBody, cells: bool = False
) -> None:
    """A list or table: one paragraph per item or row (cells joined by " | ")."""
    _strip_inline_chrome(element, clean)
    texts = []
    for row in rows:
        if cells:
            parts = [inner_text(cell) for cell in row if cell.tag in ("td", "th")]
            text = " | ".join(parts) if any(parts) else ""
        else:
            text = inner_text(row)
        if text and not rules.is_chrome_line(text):
            texts.append(text)
    if not texts or rules.is_share_row(" ".join(texts)):
        return
    for link in element.iter("a"):
        _keep_link("body", link, clean)
    clean.paragraphs.extend(texts)
    clean.html.append(_html(element))


# --- images and embeds --------------------------------------------------------------------
def _keep_figure(element: etree._Element, clean: CleanBody) -> None:
    images = list(element.iter("img"))
    if len(images) == 1:
        _keep_image(images[0], _caption(element), clean)
        return
    for image in images:
        _keep_image(image, _own_caption(image, element), clean)


def _caption(element: etree._Element) -> str | None:
    for node in element.iter():
        if node.tag == "figcaption" or rules.has_name(node.get("class"), _CAPTION_CLASSES):
            return inner_text(node) or None
    return None


def _own_caption(image: etree._Element, gallery: etree._Element) -> str | None:
    """The caption of one image in a gallery: the nearest enclosing figure or item's caption."""
    node = image.getparent()
    while node is not None and node is not gallery:
        if node.tag in ("figure", "li", "dl") or rules.has_name(node.get("class"), ("gallery-item",)):
            return _caption(node)
        node = node.getparent()
    return None


def _is_image_link(element: etree._Element) -> bool:
    """A link around an image and nothing else (it belongs to the image, not to the text)."""
    return element.tag == "a" and _has(element, "img") and not has_text(element)


def _keep_image(element: etree._Element, caption: str | None, clean: CleanBody) -> None:
    """Keep an ``<img>`` (or a link around one): the full-size file when it links to one."""
    image = element if element.tag == "img" else next(element.iter("img"))
    src = (image.get("src") or image.get("data-src") or image.get("data-lazy-src") or "").strip()
    if not _web_address(src):
        return
    link = element if element.tag == "a" else image.getparent()
    href = (link.get("href") or "").strip() if link is not None and link.tag == "a" else ""
    url = href if _is_image_file(href) else src
    if all(existing.url != url for existing in clean.images):
        kept = ImageItem(url, caption, (image.get("alt") or "").strip() or None)
        clean.images.append(kept)
        clean.uncaptioned = kept if caption is None else None


def _is_image_file(href: str) -> bool:
    return urlsplit(href).path.lower().endswith(IMAGE_EXTENSIONS)


def _keep_embed(element: etree._Element, clean: CleanBody) -> None:
    url = _embed_url(element)
    if url and _web_address(url):
        clean.links.append(LinkItem("embed", url, None))


def _embed_url(element: etree._Element) -> str | None:
    for node in element.iter("iframe", "video", "source", "embed"):
        if src := node.get("src") or node.get("data-src"):
            return src.strip()
    links = [a.get("href", "") for a in element.iter("a") if _is_social_post(a.get("href") or "")]
    if links:
        return links[-1].strip()
    if cite := element.get("cite") or element.get("data-url"):
        return cite.strip()
    text = inner_text(element)
    return text if text.startswith("http") and " " not in text else None


def _html(element: etree._Element) -> str:
    """The element serialised as HTML (without its tail)."""
    return etree.tostring(element, encoding="unicode", method="html", with_tail=False).strip()
