"""Rules are data: an entry added to a table of crawler/rules.py applies at once, in every
layer (theme, structured, fallback), with no second copy of the rule to update.

Each test first shows the page without the entry (so it can fail), then with it.
"""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from scrapy.http import HtmlResponse

from crawler import rules
from crawler.items import ArticleItem
from crawler.pages.process import extract_item

URL = "https://asianlite.com/2023/uk-news/table-driven"
PARAGRAPHS = [
    "The council approved the plan on Monday after a long debate in the chamber.",
    "Residents will be consulted again before the work begins next spring.",
]


def theme_page(body: str, extra: str = "", standfirst: str = "") -> str:
    """The current theme: classes the theme table knows, JSON-LD without a body."""
    ld = {"@type": "NewsArticle", "headline": "Table driven", "datePublished": "2023-05-04T10:15:00+00:00"}
    excerpt = f'<div class="entry-excerpt"><p>{standfirst}</p></div>' if standfirst else ""
    return (
        f'<html lang="en"><head><link rel="canonical" href="{URL}">'
        f'<script type="application/ld+json">{json.dumps(ld)}</script></head>'
        f'<body class="single-post postid-7"><article class="post"><h1 class="entry-title">Table driven</h1>'
        f'{excerpt}<div class="entry-content">{body}</div></article>{extra}</body></html>'
    )


def structured_page(text: str) -> str:
    """No body container the theme table knows: the body comes from JSON-LD articleBody."""
    ld = {
        "@type": "NewsArticle", "headline": "Table driven", "articleBody": text,
        "datePublished": "2023-05-04T10:15:00+00:00",
    }  # fmt: skip
    return (
        f'<html><head><link rel="canonical" href="{URL}">'
        f'<script type="application/ld+json">{json.dumps(ld)}</script></head>'
        f'<body class="single-post postid-7"><div id="x"><h1>Table driven</h1></div></body></html>'
    )


def fallback_page(body: str, extra: str = "") -> str:
    """No classes at all: the generic fallback finds the body."""
    return (
        f'<html><head><link rel="canonical" href="{URL}"></head><body><main><article>'
        f'<h1>Table driven</h1><time datetime="2023-05-04T10:15:00+00:00">May 4, 2023</time>'
        f"{body}</article>{extra}</main></body></html>"
    )


def extract(html: str) -> ArticleItem:
    return extract_item(HtmlResponse(url=URL, body=html.encode("utf-8"), encoding="utf-8"))


def body_paragraphs(*extra: str, last: bool = True) -> str:
    lines = (PARAGRAPHS[0], *extra, PARAGRAPHS[1]) if last else (PARAGRAPHS[0], *extra)
    return "".join(f"<p>{text}</p>" for text in lines)


def in_layer(layer: str, line: str, last: bool = True) -> str:
    """A page of ``layer`` whose body holds ``line`` after the first paragraph (and before the
    second, unless ``last``)."""
    if layer == "structured":
        lines = [PARAGRAPHS[0], line, PARAGRAPHS[1]] if last else [PARAGRAPHS[0], line]
        return structured_page("\n\n".join(lines))
    page = theme_page if layer == "theme" else fallback_page
    return page(body_paragraphs(line, last=last))


LAYERS: dict[str, Callable[[str], str]] = {
    layer: (lambda line, layer=layer: in_layer(layer, line))  # type: ignore[misc]
    for layer in ("theme", "structured", "fallback")
}


@pytest.mark.parametrize("layer", list(LAYERS))
def test_a_new_chrome_line_leaves_every_layers_body(layer: str, monkeypatch: pytest.MonkeyPatch) -> None:
    html = LAYERS[layer]("Subscribe to our newsletter")
    item = extract(html)
    assert item.extraction == layer
    assert "Subscribe to our newsletter" in (item.body or "")
    monkeypatch.setattr(rules, "CHROME_LINES", (*rules.CHROME_LINES, "Subscribe to our newsletter"))
    assert extract(html).body == "\n\n".join(PARAGRAPHS)


@pytest.mark.parametrize("layer", list(LAYERS))
def test_a_new_line_opener_leaves_every_layers_body(layer: str, monkeypatch: pytest.MonkeyPatch) -> None:
    html = LAYERS[layer]("Join our channel: WhatsApp and Telegram")
    assert "Join our channel" in (extract(html).body or "")
    monkeypatch.setattr(rules, "CHROME_LINE_OPENERS", (*rules.CHROME_LINE_OPENERS, "Join our channel:"))
    assert extract(html).body == "\n\n".join(PARAGRAPHS)


@pytest.mark.parametrize("layer", ["theme", "fallback"])
def test_a_new_chrome_class_is_dropped(layer: str, monkeypatch: pytest.MonkeyPatch) -> None:
    block = '<div class="promo-box"><p>Buy the paper today for only one pound fifty.</p></div>'
    html = theme_page(body_paragraphs() + block) if layer == "theme" else fallback_page(body_paragraphs() + block)
    assert "Buy the paper" in (extract(html).body or "")
    monkeypatch.setattr(rules, "CHROME_NAMES", (*rules.CHROME_NAMES, "promo-*"))
    assert extract(html).body == "\n\n".join(PARAGRAPHS)


@pytest.mark.parametrize("layer", ["theme", "fallback"])
def test_a_new_also_read_form_makes_a_link(layer: str, monkeypatch: pytest.MonkeyPatch) -> None:
    line = 'MUST READ: <a href="/2023/uk-news/earlier-story">Earlier story</a>'
    html = LAYERS[layer](line)
    assert [link.kind for link in extract(html).links] == ["body"]
    monkeypatch.setattr(rules, "ALSO_READ_FORMS", (*rules.ALSO_READ_FORMS, "MUST READ"))
    item = extract(html)
    assert [(link.kind, link.url) for link in item.links] == [
        ("also_read", "https://asianlite.com/2023/uk-news/earlier-story")
    ]
    assert item.body == "\n\n".join(PARAGRAPHS)


def test_new_navigation_labels_and_section_headings(monkeypatch: pytest.MonkeyPatch) -> None:
    around = (
        '<nav><p>Older story <a href="/2023/uk-news/older">Older one</a></p>'
        '<p>Newer story <a href="/2023/uk-news/newer">Newer one</a></p></nav>'
        '<section><h2>Trending now</h2><ul><li><a href="/2023/uk-news/hot">Hot one</a></li></ul></section>'
    )
    html = fallback_page(body_paragraphs(), extra=around)
    assert extract(html).links == []
    monkeypatch.setitem(rules.STORY_NAVIGATION, "previous_story", ("Older story",))
    monkeypatch.setitem(rules.STORY_NAVIGATION, "next_story", ("Newer story",))
    monkeypatch.setitem(rules.STORY_SECTIONS, "latest_from", ("Trending now",))
    kinds = [(link.kind, link.text) for link in extract(html).links]
    assert kinds == [("previous_story", "Older one"), ("next_story", "Newer one"), ("latest_from", "Hot one")]


def test_a_new_credit_verb_leaves_the_summary(monkeypatch: pytest.MonkeyPatch) -> None:
    html = theme_page(body_paragraphs(), standfirst="The plan passed….notes Asian Lite News")
    assert extract(html).summary == "The plan passed….notes Asian Lite News"
    monkeypatch.setattr(rules, "CREDIT_VERBS", (*rules.CREDIT_VERBS, "notes"))
    assert extract(html).summary == "The plan passed"


@pytest.mark.parametrize("layer", list(LAYERS))
def test_a_new_wire_agency_is_the_source(layer: str, monkeypatch: pytest.MonkeyPatch) -> None:
    html = in_layer(layer, "Last words of the story. (Anadolu)", last=False)
    assert extract(html).source is None
    monkeypatch.setattr(rules, "WIRE_AGENCIES", (*rules.WIRE_AGENCIES, "Anadolu"))
    assert extract(html).source == "Anadolu"


def test_new_share_words_and_tag_labels(monkeypatch: pytest.MonkeyPatch) -> None:
    tags = '<p>Topics: <a href="/tag/council">Council</a>, <a href="/tag/housing">Housing</a></p>'
    html = fallback_page(body_paragraphs("Facebook Threads Bluesky") + tags)
    item = extract(html)
    assert "Facebook Threads Bluesky" in (item.body or "") and item.tags == []
    monkeypatch.setattr(rules, "SHARE_WORDS", (*rules.SHARE_WORDS, "Threads", "Bluesky"))
    monkeypatch.setattr(rules, "TAG_LABELS", (*rules.TAG_LABELS, "Topics:"))
    item = extract(html)
    assert item.body == "\n\n".join(PARAGRAPHS) and item.tags == ["Council", "Housing"]


def test_a_new_photo_credit_form_makes_a_caption(monkeypatch: pytest.MonkeyPatch) -> None:
    figure = '<p><img src="/wp-content/uploads/2023/05/a.jpg"></p><p>The chamber on Monday (Foto: Council)</p>'
    html = theme_page(body_paragraphs() + figure)
    assert extract(html).images[0].caption is None
    monkeypatch.setattr(rules, "PHOTO_CREDITS", (*rules.PHOTO_CREDITS, "Foto"))
    item = extract(html)
    assert item.images[0].caption == "The chamber on Monday (Foto: Council)"
    assert item.body == "\n\n".join(PARAGRAPHS)
