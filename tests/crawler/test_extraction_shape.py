"""The shape of the extraction: one way through, one text definition, one slugify, standard
selectors, the offline path built from the crawl's own settings."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from lxml import etree
from scrapy.http import HtmlResponse
from scrapy.settings import Settings

from archive.text import slugify
from crawler import settings as crawl_settings
from crawler.items import ArticleItem, LinkItem
from crawler.pages.css import select
from crawler.pages.process import extract_item, extraction_pipelines
from pipelines.normalize import NormalizePipeline

ROOT = Path(__file__).parents[2]
PACKAGES = ("crawler", "pipelines", "archive")


def python_files(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


@pytest.mark.parametrize(("package", "forbidden"), [("crawler", "pipelines"), ("archive", "crawler"), ("archive", "scrapy")])
def test_dependencies_run_one_way(package: str, forbidden: str) -> None:
    offenders = [
        str(path.relative_to(ROOT))
        for path in python_files(package)
        if any(name == forbidden or name.startswith(forbidden + ".") for name in imported_modules(path))
    ]
    assert not offenders


def test_there_is_one_slugify_and_it_follows_wordpress() -> None:
    definitions = [
        str(path.relative_to(ROOT))
        for package in PACKAGES
        for path in python_files(package)
        for node in ast.walk(ast.parse(path.read_text("utf-8")))
        if isinstance(node, ast.FunctionDef) and node.name == "slugify"
    ]
    assert definitions == ["archive/text.py"]
    assert slugify("Café Culture") == "cafe-culture"
    assert slugify("art_culture") == "art_culture"
    assert slugify("-Top News") == "top-news"
    assert slugify("Don’t Miss") == "dont-miss"
    assert slugify("Arab News & Gulf") == "arab-news-gulf"


NESTED = "<a href='/2023/uk-news/modi-visit'>Modi<b>’s</b> visit</a>"


def test_nested_inline_markup_reads_as_written_in_every_field() -> None:
    page = f"""<html><head><link rel="canonical" href="https://asianlite.com/2023/uk-news/x"></head>
    <body class="single-post postid-5"><article class="post">
    <h1 class="entry-title">Modi<b>’s</b> visit</h1>
    <time class="entry-date published" datetime="2023-05-04T10:00:00+00:00">May 4</time>
    <div class="entry-content"><p>First paragraph of the story, long enough to count.</p>
    <p>See {NESTED} for more.</p><p>ALSO READ: {NESTED}</p></div></article>
    <nav class="post-navigation"><div class="nav-previous">{NESTED}</div></nav>
    <section class="latest-from"><h2>Latest from UK News</h2>{NESTED}</section></body></html>"""
    item = extract_item(HtmlResponse(url="https://asianlite.com/2023/uk-news/x", body=page.encode()))
    assert item.title == "Modi’s visit"
    assert "See Modi’s visit for more." in (item.body or "")
    assert {(link.kind, link.text) for link in item.links} == {
        ("body", "Modi’s visit"), ("also_read", "Modi’s visit"),
        ("previous_story", "Modi’s visit"), ("latest_from", "Modi’s visit"),
    }  # fmt: skip


def test_normalize_canonicalises_a_link_appended_in_place() -> None:
    item = ArticleItem(url="https://asianlite.com/2023/uk-news/x")
    item.links.append(LinkItem("body", "http://www.asianlite.uk/2023/uk-news/y/?utm_source=x", " Y "))
    item = NormalizePipeline().process_item(item)
    assert item.links == [LinkItem("body", "https://asianlite.com/2023/uk-news/y", "Y")]


def test_the_offline_path_runs_the_crawls_pipelines_without_the_store() -> None:
    settings = Settings()
    settings.setmodule(crawl_settings)
    configured = sorted(settings.getdict("ITEM_PIPELINES").items(), key=lambda pair: pair[1])
    expected = [name for name, _ in configured if not name.startswith("pipelines.store.")]
    used = [f"{type(p).__module__}.{type(p).__name__}" for p in extraction_pipelines()]
    assert used == expected and len(used) >= 3


TREE = etree.fromstring(
    "<html><body><div id='main'><ul class='list'><li><a href='https://x.org/a' data-k='a b'>A</a></li>"
    "<li><a href='/2023/uk-news/b'>B</a></li></ul><p class='x'>P</p></div></body></html>",
    etree.HTMLParser(),
)


@pytest.mark.parametrize(
    ("selector", "texts"),
    [
        ("#main > ul a", ["A", "B"]),
        ("p.x, li:first-child a", ["A", "P"]),
        ("a[href*='uk-news']", ["B"]),
        ('a[data-k="a b"]', ["A"]),
        ("div#main p", ["P"]),
        ("li:last-child > a", ["B"]),
    ],
)
def test_theme_selectors_are_full_css(selector: str, texts: list[str]) -> None:
    assert sorted(element.text for element in select(TREE, selector)) == texts


#: Classes that hold another class's name as a substring ("ab" holds "a") and spaced oddly,
#: so a test of the word (not of the substring) is what makes the answers right.
FORMS_TREE = etree.fromstring(
    "<html><body>"
    "<div class='a'><p class='b'>1</p><p class=' b  c '>2</p><span class='ab'>3</span></div>"
    "<div class='ab b'><p class='x'>4</p><p class='b'>5</p><p>6</p></div>"
    "<div class='a\tb'><a rel='Author me' href='/x'>7</a><a rel='authors'>8</a><p class='c'>9</p></div>"
    "<section id='post-1' class='post'><p class='a'>10</p><p class='b'>11</p></section><div class='post'>12</div>"
    "</body></html>",
    etree.HTMLParser(),
)


@pytest.mark.parametrize(
    "selector",
    [
        ".a", ".b", ".a.b", ".b.c", ".a p", ".a > .b", ".a .b.c", ".a + .ab", ".a ~ div", ":not(.b)",
        "p:not(.b)", ":is(.x, .c)", "div:has(> .x)", "div:has(.c)", "p.b:first-of-type",
        ".b:nth-child(2)", ".b:last-child", "[id^=post-].post", "section.post .a + .b",
        "a[rel~=author]", "a[rel~=author i]", "a[rel~=me]", ".a *", "div.a, p.c",
    ],
)  # fmt: skip
def test_class_tests_select_what_parsels_own_translation_selects(selector: str) -> None:
    """The attribute-step form of ``.class`` / ``[attr~=word]`` picks exactly what parsel's
    predicate form picks, also where cssselect builds other tests from it (``:not()``,
    ``:is()``, ``:has()``, sibling combinators, ``:nth-*``, case-insensitive values)."""
    from parsel.csstranslator import HTMLTranslator

    theirs = etree.XPath(HTMLTranslator().css_to_xpath(selector, prefix="descendant-or-self::"))
    assert select(FORMS_TREE, selector) == theirs(FORMS_TREE)


def test_class_tests_are_attribute_steps_where_nothing_else_is_tested() -> None:
    from crawler.pages.css import _TRANSLATOR

    assert _TRANSLATOR.css_to_xpath(".byline .author").count("/@class[") == 2  # both sides of a combinator
    assert "/@class[" not in _TRANSLATOR.css_to_xpath("div.x:first-of-type")  # the predicate form


def _markups() -> list[etree._Element]:
    """Parsed pages of every markup we have: replica themes, hard cases, blind fixtures."""
    from tests.replica.render import render_article
    from tests.replica.site import Site

    site = Site(articles=12, seed=5, include_specimen=True)
    pages = [render_article(site, pid, theme=theme).encode() for pid in site.post_ids for theme in (None, "redesign")]
    fixtures = ROOT / "tests" / "fixtures"
    pages += [path.read_bytes() for path in sorted(fixtures.rglob("*.html"))]
    return [etree.fromstring(page, etree.HTMLParser()) for page in pages]


def test_theme_selectors_select_what_parsels_own_translation_selects() -> None:
    """Our translator only rewrites how ``[attr~=word]`` is tested: on every markup we have,
    each selector of the theme table picks exactly the elements parsel's translation picks."""
    from parsel.csstranslator import HTMLTranslator

    from crawler.pages.theme import SELECTORS

    reference = HTMLTranslator()
    pages = _markups()
    compared = 0
    for selector in {s for selectors in SELECTORS.values() for s in selectors}:
        theirs = etree.XPath(reference.css_to_xpath(selector, prefix="descendant-or-self::"))
        for page in pages:
            assert select(page, selector) == theirs(page), selector
            compared += bool(theirs(page))
    assert compared > 100  # the markups exercise the table, not only its misses
