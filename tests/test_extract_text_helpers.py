"""The fast text helpers answer exactly like their plain definitions, on every element.

crawler.pages.anchors (``own_text``, ``text_of``, ``has_text``, ``may_contain``) and
pipelines.chrome ``block_text`` take shortcuts for speed (leaf elements, C-level walks, a
page-text prefilter). Here each is compared with a slow, obviously right reference on every
element of the saved pages and of a page built to hold the awkward cases.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from cssselect import GenericTranslator
from lxml import etree
from scrapy.http import HtmlResponse

from crawler.pages import anchors, theme
from crawler.pages.parse import parse_html
from crawler.pages.scan import scan_page
from crawler.pages.select import ClassIndex, parse_css
from pipelines.chrome import DROP_TAGS, _all_text, block_text, flat_text

FIXTURES = Path(__file__).parent / "fixtures"
HIDDEN = ("script", "style", "noscript")

AWKWARD = b"""<html><head><title>t</title></head><body class="single">
<div id="a">Lead <b>bold</b><i></i>tail<!-- a comment -->after comment<script>var x = 'By Me';</script>
after script<style>p {}</style><noscript>no <b>script</b></noscript>end</div>
<p>one<br>two<br/> three <span>four<br>five</span>six</p>
<p><a href="/x">link <em>em</em></a>, then text<ins class="adsbygoogle">ad</ins> more</p>
<p>   </p><p></p><p>before<!-- c -->after <b>x<!-- d --></b>y</p><h2>Latest from <a href="/c">News</a></h2>
<ul><li>item <b>one</b></li><li>Don't Miss</li></ul>
<div class="post post entry-content">twice the same class</div>
<div>caf\xc3\xa9 \xe2\x80\x9cquoted\xe2\x80\x9d <span>\xe0\xa4\xb9\xe0\xa4\xae</span></div>
</body></html>"""


def _pages() -> Iterator[tuple[str, etree._Element]]:
    parser = etree.HTMLParser(remove_comments=False)
    yield "awkward", etree.fromstring(AWKWARD, parser)
    for path in sorted(FIXTURES.rglob("*.html")):
        yield path.name, etree.fromstring(path.read_bytes(), parser)


PAGES = list(_pages())


def _visible(element: etree._Element, with_tail: bool) -> list[str]:
    pieces: list[str] = []
    if isinstance(element.tag, str) and element.tag not in HIDDEN:
        if element.text:
            pieces.append(element.text)
        for child in element:
            pieces.extend(_visible(child, with_tail=True))
    if with_tail and element.tail:
        pieces.append(element.tail)
    return pieces


def _collapse(text: str) -> str:
    return " ".join(text.split())


def _block_pieces(element: etree._Element) -> list[str]:
    if element.tag == "br":
        return [" "]
    if not isinstance(element.tag, str) or element.tag in DROP_TAGS:
        return []
    pieces = [element.text] if element.text else []
    for child in element:
        pieces.extend(_block_pieces(child))
        if child.tail:
            pieces.append(child.tail)
    return pieces


@pytest.mark.parametrize(("name", "root"), PAGES, ids=[name for name, _ in PAGES])
def test_text_helpers_equal_their_definitions(name: str, root: etree._Element) -> None:
    for element in root.iter():
        assert anchors.own_text(element) == _collapse(" ".join(_visible(element, False)))
        full = _collapse(" ".join(_visible(element, True)))
        assert anchors.text_of(element) == full
        assert anchors.has_text(element) == bool(full)
        assert anchors.first_word(element) == (full.split() or [""])[0]
        assert block_text(element) == _collapse("".join(_block_pieces(element)))
        if isinstance(element.tag, str):
            assert _all_text(element) == "".join(element.itertext())
        if isinstance(element.tag, str) and next(element.iter("br", *DROP_TAGS), None) is None:
            assert flat_text(element) == block_text(element)


@pytest.mark.parametrize(("name", "root"), PAGES, ids=[name for name, _ in PAGES])
@pytest.mark.parametrize("label", ["min read", "don't miss", "Latest from", "By", "Next Story"])
def test_page_text_prefilter_never_hides_a_match(
    name: str, root: etree._Element, label: str
) -> None:
    haystack = anchors.page_text(root)
    found = anchors.labelled_elements(root, label)
    assert anchors.labelled_elements(root, label, haystack) == found
    if found:
        assert anchors.may_contain(label, haystack)


@pytest.mark.parametrize(("name", "root"), PAGES, ids=[name for name, _ in PAGES])
def test_page_walk_index_equals_a_class_search(name: str, root: etree._Element) -> None:
    scan = scan_page(root, theme.INDEXED_CLASSES)
    index = ClassIndex(root, scan.by_class)
    for token in sorted(theme.INDEXED_CLASSES):
        want = root.xpath(
            f"//body/descendant-or-self::*[contains(concat(' ', normalize-space(@class), ' '), ' {token} ')]"
        )
        assert scan.by_class.get(token, []) == want
        assert index.select(root, parse_css(f".{token}")) == want
    assert scan.head is root.find("head") and scan.body is root.find("body")
    assert scan.h1s == root.xpath("//h1")
    assert scan.articles == root.xpath("//article")
    assert scan.ld_json == [
        s.text or "" for s in root.xpath("//script[@type='application/ld+json']")
    ]


THEME_SELECTORS = [
    css
    for name in dir(theme)
    if isinstance(getattr(theme, name), tuple)
    for css in getattr(theme, name)
    if hasattr(css, "parts")
]


def test_every_theme_selector_is_checked() -> None:
    texts = {css.text for css in THEME_SELECTORS}
    assert {"article.post", ".byline .author", ".nav-previous a", "a[rel~=author]"} <= texts


@pytest.mark.parametrize(("name", "root"), PAGES, ids=[name for name, _ in PAGES])
def test_index_selection_equals_css_selection(name: str, root: etree._Element) -> None:
    """Every theme selector, from the page and from its first <article>, selects what
    cssselect's XPath selects (scope included, document order)."""
    scan = scan_page(root, theme.INDEXED_CLASSES)
    index = ClassIndex(root, scan.by_class)
    scopes = [root, *scan.articles[:1]]
    for css in THEME_SELECTORS:
        xpath = etree.XPath(GenericTranslator().css_to_xpath(css.text))
        for scope in scopes:
            want = [
                e for e in xpath(scope) if scope is root or e is scope or e in set(scope.iter())
            ]
            assert index.select(scope, css) == want, (css.text, scope.tag)
            assert index.first(scope, [css]) is (want[0] if want else None), css.text


@pytest.mark.parametrize("body", [b"", b" \n\t ", b"\n<p>x</p>\n", b"<html><body>y</body></html>"])
def test_parse_html_of_blank_and_plain_bodies(body: bytes) -> None:
    root = parse_html(HtmlResponse(url="https://asianlite.com/x", body=body, encoding="utf-8"))
    assert root.tag == "html" and root.find("body") is not None
    if not body.strip():
        assert etree.tostring(root) == b"<html><body/></html>"
