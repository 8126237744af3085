"""The chrome pipeline's shortcuts give what the long way gives."""

from __future__ import annotations

import pytest
from lxml import etree

from crawler.pages.anchors import ALSO_READ_RE
from pipelines.chrome import (
    _CHROME_TEXT_RE,
    _EMBED_CLASSES,
    DROP_TAGS,
    TESTED_WITHOUT_NAMES,
    _has_child,
    _html,
    _is_chrome,
    _is_embed,
    clean_body,
)

TEXTS = (
    "plain words",
    "a\xa0b & <c> \"q\" 'x' é — ‘z’",
    "  leading and trailing  ",
    "line\nbreak\ttab",
    "carriage\rreturn",
    "&amp; already escaped &nbsp;",
    "emoji 😀 and Urdu پاکستان",
    "",
)


def long_way(element: etree._Element) -> str:
    return etree.tostring(element, encoding="unicode", method="html", with_tail=False).strip()


@pytest.mark.parametrize("tag", ["p", "h2", "h3", "pre", "address", "blockquote", "li"])
@pytest.mark.parametrize("text", TEXTS)
def test_html_of_a_plain_block_equals_lxml_serialisation(tag: str, text: str) -> None:
    element = etree.Element(tag)
    element.text = text or None
    element.tail = "tail text"
    assert _html(element) == long_way(element)


@pytest.mark.parametrize(
    "markup",
    [
        '<p class="lead">Words &amp; more</p>',
        '<p style="x">Words</p>',
        "<p>Words <a href='/x?a=1&amp;b=2'>link</a> end</p>",
        "<h2 id='h'>Title</h2>",
    ],
)
def test_html_of_other_blocks_equals_lxml_serialisation(markup: str) -> None:
    element = etree.fromstring(f"<div>{markup}</div>", etree.HTMLParser()).find(".//body/div")[0]
    assert _html(element) == long_way(element)


@pytest.mark.parametrize(
    ("classes", "want"),
    [(name, True) for name in _EMBED_CLASSES]
    + [(f"x {name}-wide y", True) for name in _EMBED_CLASSES]
    + [("wp-caption aligncenter", False), ("", False), (None, False), ("twitter", False)],
)
def test_embed_classes_are_a_substring_test(classes: str | None, want: bool) -> None:
    element = etree.Element("div")
    if classes is not None:
        element.set("class", classes)
    assert _is_embed(element) is want
    assert _is_embed(element) is any(name in (classes or "") for name in _EMBED_CLASSES)


@pytest.mark.parametrize(
    "text",
    [*TEXTS, "Share this:", "  Advertisement ", "3 min read", "ALSO READ: nothing linked", "é"],
)
@pytest.mark.parametrize("tag", ["p", "h2", "pre"])
def test_a_childless_block_is_kept_like_any_paragraph(tag: str, text: str) -> None:
    """The walk's shortcut for ``<p>text</p>`` keeps what the rules keep: the collapsed text
    unless it is chrome or an unlinked ALSO READ line, and the block's own HTML."""
    container = etree.Element("div")
    block = etree.SubElement(container, tag)
    block.text = text or None
    want_text = " ".join(text.split())
    keep = (
        bool(want_text)
        and not _CHROME_TEXT_RE.match(want_text)
        and not ALSO_READ_RE.match(want_text)
    )
    want_html = long_way(block)
    clean = clean_body(container, "https://asianlite.com/2022/top-news/x")
    assert clean.paragraphs == ([want_text] if keep else [])
    assert clean.html == ([want_html] if keep else [])
    assert clean.links == [] and clean.images == []


@pytest.mark.parametrize(
    "markup",
    [
        "<blockquote>quote</blockquote>",
        "<blockquote><p>one</p><p>two</p></blockquote>",
        "<blockquote>a <em>b</em> <div>c</div></blockquote>",
        "<blockquote><span><p>deep</p></span></blockquote>",
        "<blockquote><cite>who</cite></blockquote>",
    ],
)
def test_a_blockquote_holding_paragraphs_is_found_like_xpath(markup: str) -> None:
    quote = etree.fromstring(f"<div>{markup}</div>", etree.HTMLParser()).find(".//blockquote")
    assert _has_child(quote, ("p", "div")) is bool(quote.xpath("p|div"))


HTML_TAGS = (
    "a abbr address article aside b bdi blockquote br caption cite code dd del dfn div dl dt em "
    "embed figcaption figure font footer form h2 h3 h4 h5 h6 header i iframe img input ins kbd "
    "li main mark nav noscript object ol p pre q s script section select small span strong sub "
    "sup svg table tbody td template textarea tfoot th thead time tr u ul var video"
).split()
#: Contents that make the tests look past class and id: a share heading, a share list, a
#: social post link, an image.
CONTENTS = (
    "",
    "<h3>Share this:</h3>",
    "<li>Email</li><li>Print</li>",
    "<a href='https://twitter.com/x/status/1'>t</a>",
    "<img src='/x.jpg'>",
)


@pytest.mark.parametrize("tag", HTML_TAGS)
def test_untested_tags_without_names_are_kept_as_the_tests_would_keep_them(tag: str) -> None:
    """_strip_inline_chrome keeps an element without class or id outside TESTED_WITHOUT_NAMES
    without asking: the chrome, embed and image tests never drop or move such an element."""
    for inner in CONTENTS:
        root = etree.fromstring(f"<div><{tag}>{inner}</{tag}></div>", etree.HTMLParser())
        children = list(root.find(".//body/div"))
        if not children or children[0].tag != tag:
            continue  # the parser would not nest it here
        node = children[0]
        tested = node.tag in DROP_TAGS or _is_chrome(node) or _is_embed(node) or tag == "img"
        if tag not in TESTED_WITHOUT_NAMES:
            assert not tested, (tag, inner)
