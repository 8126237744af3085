"""The article page object: one fetched page -> one ArticleItem (or None for non-articles).

Each field is read from the most reliable layer present (design.md, "Extraction in layers"):
structured data, then the theme's selectors (crawler.pages.theme), then text anchors
(crawler.pages.anchors), then a generic body search (crawler.pages.generic). Which layer gave
each field is kept in ``item.raw["layers"]`` and the body's layer in ``item.extraction``.

The page object only gathers; the pipelines (chrome, normalize, validate) clean. The raw
material they need travels in ``item.raw``: ``clean_body`` (the chrome pipeline's walk of the
body, run here once so that the item's body links are exact from the start), ``standfirst``,
``description``, ``category_links``, ``layers``.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from functools import cached_property, lru_cache
from typing import Any

from lxml import etree
from scrapy.http import Response, TextResponse

from crawler.items import ArticleItem
from crawler.pages import anchors, generic, theme, urlcache
from crawler.pages.parse import parse_html
from crawler.pages.scan import scan_page
from crawler.pages.select import ClassIndex, Css
from crawler.pages.structured import StructuredData, ld_names, read_structured
from crawler.pages.text import collapse
from pipelines.chrome import CANONICAL_LINKS, CleanBody, clean_body

logger = logging.getLogger(__name__)

_TITLE_SUFFIX_RE = re.compile(r"\s+[–—|-]\s+Asian\s*Lite(?:\s+News)?\s*$", re.IGNORECASE)
_NAV_LABEL_RE = re.compile(
    r"^\s*(?:previous|next)\s+(?:story|post|article)\s*[:»«›‹←→]*\s*", re.IGNORECASE
)
_CATEGORY_PATH_RE = re.compile(r"/category/(?P<slug>[^?#]+?)/?(?:[?#].*)?$")


class ArticlePage:
    """Page object for one article page; one small method per field."""

    def __init__(self, response: TextResponse) -> None:
        self.response = response
        self.root: etree._Element = parse_html(response)
        self.scan = scan_page(self.root, theme.INDEXED_CLASSES)
        self.data: StructuredData = read_structured(self.scan)
        self.layers: dict[str, str] = {}
        self.index = ClassIndex(self.root, self.scan.by_class)
        self._article: etree._Element | None = self.index.first(self.root, theme.ARTICLE)
        self._category_links: list[tuple[str, str]] | None = None
        self._scope = self._article if self._article is not None else self.root

    @cached_property
    def text(self) -> str:
        """All text of the page: the haystack that lets text anchors skip hopeless searches."""
        return anchors.page_text(self.root)

    # --- what kind of page -----------------------------------------------------------
    def is_article(self) -> bool:
        """True for a single post; False for listings, 404 pages and the like."""
        if self.response.status >= 400:
            return False
        classes = self.data.body_classes
        if classes & theme.NOT_ARTICLE_BODY_CLASSES and not classes & theme.ARTICLE_BODY_CLASSES:
            return False
        if classes & theme.ARTICLE_BODY_CLASSES or self.data.body_post_id is not None:
            return True
        if self.data.json_ld or (self.data.first_meta("og:type") or "").lower() == "article":
            return True
        if len(self.data.article_post_ids) == 1:
            return True
        # No markers left (a redesign): an article URL with exactly one main heading.
        url = self.data.links.get("canonical") or self.response.url
        canonical = urlcache.canonical_url(url, base=self.response.url)
        return urlcache.is_article_url(canonical) and len(self.scan.h1s) == 1

    # --- identity ----------------------------------------------------------------------
    def url(self) -> str:
        for layer, candidate in (
            ("structured", self.data.links.get("canonical")),
            ("structured", self.data.first_meta("og:url")),
            ("structured", _ld_id(self.data.ld("mainEntityOfPage"))),
        ):
            if candidate:
                self.layers["url"] = layer
                return urlcache.canonical_url(candidate, base=self.response.url)
        self.layers["url"] = "response"
        return urlcache.canonical_url(self.response.url)

    def shortlink(self) -> str | None:
        href = self.data.links.get("shortlink")
        return urlcache.canonical_url(href, base=self.response.url) if href else None

    def post_id(self) -> int | None:
        shortlink = self.data.links.get("shortlink")
        value, layer = urlcache.post_id_from_url(shortlink) if shortlink else None, "shortlink"
        if value is None:
            value, layer = self.data.body_post_id, "body_class"
        if value is None:
            value, layer = _only(self.data.article_post_ids), "article_id"
        if value is None:
            value, layer = self.data.wp_json_post_id, "wp_json"
        if value is None:
            value, layer = urlcache.post_id_from_url(self.response.url), "fetched_url"
        if value is not None:
            self.layers["post_id"] = layer
        return value

    # --- header fields -------------------------------------------------------------------
    def title(self) -> str | None:
        headline = self.data.ld("headline")
        structured = (
            headline
            if isinstance(headline, str) and headline.strip()
            else self.data.first_meta("og:title")
        )
        if structured:
            self.layers["title"] = "structured"
            return structured
        element = self.index.first(self._scope, theme.TITLE)
        if element is None:
            element = self.scan.h1s[0] if self.scan.h1s else None
        if element is not None and anchors.text_of(element):
            self.layers["title"] = "theme"
            return anchors.own_text(element)
        if self.data.html_title:
            self.layers["title"] = "html_title"
            return _TITLE_SUFFIX_RE.sub("", self.data.html_title)
        return None

    def standfirst(self) -> str | None:
        element = self.index.first(self._scope, theme.STANDFIRST)
        if element is not None:
            self.layers["summary"] = "theme"
            return _separate_opener(element, anchors.lines_of(element)) or None
        return None

    def description(self) -> str | None:
        return self.data.first_meta("og:description", "description", "twitter:description")

    def published_at(self) -> str | None:
        return self._date(
            "published_at", ("datePublished",), ("article:published_time",), theme.PUBLISHED
        )

    def modified_at(self) -> str | None:
        return self._date(
            "modified_at",
            ("dateModified",),
            ("article:modified_time", "og:updated_time"),
            theme.MODIFIED,
        )

    def _date(
        self,
        field: str,
        ld_keys: tuple[str, ...],
        meta_keys: tuple[str, ...],
        selectors: Sequence[Css],
    ) -> str | None:
        for key in ld_keys:
            value = self.data.ld(key)
            if isinstance(value, str) and value.strip():
                self.layers[field] = "structured"
                return value.strip()
        value = self.data.first_meta(*meta_keys)
        if value:
            self.layers[field] = "structured"
            return value
        element = self.index.first(self._scope, selectors)
        if element is not None and (value := element.get("datetime") or element.get("title")):
            self.layers[field] = "theme"
            return value
        value = self._time_element(field)
        if value:
            self.layers[field] = "time"
            return value
        if field == "published_at":
            visible = anchors.first_visible_date(self.root)
            if visible is not None:
                self.layers[field] = "anchor"
                return visible.replace(tzinfo=UTC).isoformat()
        return None

    def _time_element(self, field: str) -> str | None:
        """``time[datetime]`` without theme classes: the first is the publication date; a
        second one next to it is the modification date (WordPress's "posted-on" pair)."""
        times = _times_with_datetime(self._scope, 2)
        if field == "published_at":
            return times[0].get("datetime") if times else None
        if len(times) > 1 and times[1].getparent() is times[0].getparent():
            return times[1].get("datetime")  # type: ignore[no-any-return]
        return None

    def reading_minutes(self) -> int | None:
        element = self.index.first(self._scope, theme.READING_TIME)
        if (
            element is not None
            and (minutes := anchors.reading_minutes(anchors.text_of(element))) is not None
        ):
            self.layers["reading_minutes"] = "theme"
            return minutes
        for element in anchors.labelled_elements(self._scope, "min read", self.text):
            minutes = anchors.reading_minutes(anchors.own_text(element))
            if minutes is not None:
                self.layers["reading_minutes"] = "anchor"
                return minutes
        return None

    def authors(self) -> list[str]:
        author = self.data.ld("author")
        names = ld_names(author) or [
            name
            for ref in (author if isinstance(author, list) else [author])
            for name in ld_names(self.data.ld_node(ref))
        ]
        if names:
            self.layers["authors"] = "structured"
            return _unique(names)
        elements = self.index.all(self._scope, theme.AUTHOR)
        if elements:
            self.layers["authors"] = "theme"
            return _unique(anchors.own_text(e) for e in elements)
        meta = self.data.all_meta("author") or self.data.all_meta("article:author")
        byline = anchors.byline_names(self._scope, self.text)
        if byline and (not meta or meta[0] in byline):
            self.layers["authors"] = "anchor"
            return _unique(byline)
        if meta:
            self.layers["authors"] = "structured"
            return _unique(meta)
        return []

    def language(self) -> str | None:
        value = (
            self.data.ld("inLanguage") or self.data.html_lang or self.data.first_meta("og:locale")
        )
        return value if isinstance(value, str) and value.strip() else None

    # --- taxonomy --------------------------------------------------------------------------
    def category_links(self) -> list[tuple[str, str]]:
        """(display name, slug path) of the category links shown on the page."""
        if self._category_links is not None:
            return self._category_links
        pairs: list[tuple[str, str]] = []
        for element in self.index.all(self._scope, theme.CATEGORY_LINKS):
            slug = category_path(element.get("href") or "")
            name = anchors.own_text(element)
            if slug is not None and name:
                pairs.append((name, slug.strip("/")))
        self._category_links = pairs
        return pairs

    def categories(self) -> list[str]:
        section = self.data.ld("articleSection")
        names = ld_names(section)
        if names:
            self.layers["categories"] = "structured"
            return _unique(names)
        meta = self.data.all_meta("article:section")
        links = self.category_links()
        if links and len(links) >= len(meta):
            self.layers["categories"] = "theme"
            return _unique(name for name, _ in links)
        if meta:
            self.layers["categories"] = "structured"
            return _unique(meta)
        return []

    def tags(self) -> list[str]:
        keywords = self.data.ld("keywords")
        if isinstance(keywords, str):
            keywords = [part for part in keywords.split(",")]
        names = ld_names(keywords)
        if names:
            self.layers["tags"] = "structured"
            return _unique(names)
        meta = self.data.all_meta("article:tag")
        if meta:
            self.layers["tags"] = "structured"
            return _unique(meta)
        elements = self.index.all(self._scope, theme.TAG_LINKS)
        if elements:
            self.layers["tags"] = "theme"
        return _unique(anchors.own_text(e) for e in elements)

    # --- body --------------------------------------------------------------------------------
    def body_element(self) -> tuple[etree._Element | None, str]:
        """The body container and the layer that found it (``theme`` | ``structured`` | ``fallback``)."""
        element = self.index.first(self._scope, theme.BODY)
        if element is not None and anchors.has_text(element):
            self.layers["body"] = "theme"
            return element, "theme"
        article_body = self.data.ld("articleBody")
        if isinstance(article_body, str) and article_body.strip():
            self.layers["body"] = "structured"
            return _paragraphs_element(article_body), "structured"
        element = generic.densest_container(self.root)
        if element is not None:
            self.layers["body"] = "generic"
            return element, "fallback"
        element = generic.trafilatura_body(self.response.body, self.response.url)
        if element is not None:
            self.layers["body"] = "trafilatura"
            return element, "fallback"
        return None, "fallback"

    # --- links around the body -----------------------------------------------------------------
    def story_links(self) -> list[dict[str, Any]]:
        """Previous/Next Story, Latest from, Don't Miss: links in page order of kinds."""
        links: list[dict[str, Any]] = []
        for kind, selectors, label in (
            ("previous_story", theme.PREVIOUS_STORY, "previous story"),
            ("next_story", theme.NEXT_STORY, "next story"),
        ):
            link = self.index.first(self.root, selectors)
            layer = "theme"
            if link is None:
                link, layer = anchors.story_link_after_label(self.root, label, self.text), "anchor"
            if link is not None:
                self.layers[kind] = layer
                links.append(self._link(kind, link, _nav_title(link)))
        for kind, selectors, heading in (
            ("latest_from", theme.LATEST_FROM, "latest from"),
            ("dont_miss", theme.DONT_MISS, "don't miss"),
        ):
            section = self.index.first(self.root, selectors)
            layer = "theme"
            if section is None:
                section, layer = (
                    anchors.section_after_heading(self.root, heading, self.text),
                    "anchor",
                )
            if section is not None:
                self.layers[kind] = layer
                links.extend(self._section_links(kind, section))
        return links

    def body_links(self, clean: CleanBody | None) -> list[dict[str, Any]]:
        """The exact ``body`` / ``also_read`` / ``embed`` links of the cleaned body (URLs made
        canonical), so the spider can follow them at once; the chrome pipeline keeps them."""
        if clean is None:
            return []
        for link in clean.links:
            link["url"] = urlcache.canonical_url(link["url"])
        return clean.links

    def _link(self, kind: str, element: etree._Element, text: str | None) -> dict[str, Any]:
        return {
            "kind": kind,
            "url": urlcache.canonical_url(element.get("href", ""), base=self.response.url),
            "text": text or None,
        }

    def _section_links(self, kind: str, section: etree._Element) -> list[dict[str, Any]]:
        found: dict[str, str] = {}
        base = self.response.url
        for element in section.iter("a"):
            href = element.get("href")
            if not href:
                continue
            url = urlcache.canonical_url(href, base=base)
            if found.get(url) or not urlcache.is_article_url(url):
                continue
            if _in_section_title(element, section):  # after the URL tests: most links fail them
                continue
            found[url] = anchors.own_text(element)
        return [{"kind": kind, "url": url, "text": text or None} for url, text in found.items()]

    # --- the item ----------------------------------------------------------------------------------
    def to_item(self) -> ArticleItem:
        body, extraction = self.body_element()
        # The chrome pipeline's body walk, done once here: its links are exact, so the page
        # object needs no preliminary reading of the body's links (the walk strips inline
        # chrome from this page object's own tree, which nothing reads afterwards).
        clean = clean_body(body, self.response.url) if body is not None else None
        item = ArticleItem(
            url=self.url(),
            title=self.title(),
            post_id=self.post_id(),
            shortlink=self.shortlink(),
            summary=None,
            published_at=self.published_at(),
            modified_at=self.modified_at(),
            authors=self.authors(),
            categories=self.categories(),
            tags=self.tags(),
            reading_minutes=self.reading_minutes(),
            language=self.language(),
            links=self.body_links(clean) + self.story_links(),
            extraction=extraction,
            **provenance(self.response),
        )
        item.raw.update(
            clean_body=clean,
            standfirst=self.standfirst(),
            description=self.description(),
            category_links=self.category_links(),
            layers=self.layers,
        )
        # every URL in them went through canonical_url, every text through collapse
        item.raw[CANONICAL_LINKS] = item.links
        if self.data.json_ld_error:
            item.raw["warnings"] = [self.data.json_ld_error]
        return item


def category_path(href: str) -> str | None:
    """The ``slug`` group of ``_CATEGORY_PATH_RE.search(href)``.

    The usual href holds "/category/" and no ``?``, ``#`` or newline after it: then the
    pattern's lazy slug is all that follows but one trailing "/". Others go to the pattern.
    """
    start = href.find("/category/")
    if start < 0:
        return None  # the pattern's literal is missing
    rest = href[start + len("/category/") :]
    if rest and "?" not in rest and "#" not in rest and "\n" not in rest:
        return rest[:-1] if len(rest) > 1 and rest.endswith("/") else rest
    match = _CATEGORY_PATH_RE.search(href)
    return match.group("slug") if match else None


def provenance(response: Response) -> dict[str, Any]:
    """fetched_url, fetched_at (now, UTC), http_status, etag, last_modified of a response."""
    has_headers = bool(response.headers)  # no header look-ups on a response without any
    return {
        "fetched_url": response.url,
        "fetched_at": _utc_now_iso(int(time.time())),
        "http_status": response.status,
        "etag": _header(response, b"ETag") if has_headers else None,
        "last_modified": _header(response, b"Last-Modified") if has_headers else None,
    }


@lru_cache(maxsize=1)
def _utc_now_iso(epoch_seconds: int) -> str:
    """ISO 8601 UTC of a whole second (one formatting per second, not per page)."""
    return datetime.fromtimestamp(epoch_seconds, UTC).isoformat(timespec="seconds")


def _header(response: Response, name: bytes) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None


def _ld_id(value: Any) -> str | None:
    if isinstance(value, dict):
        found = value.get("@id") or value.get("url")
        return found if isinstance(found, str) else None
    return value if isinstance(value, str) else None


def _times_with_datetime(scope: etree._Element, limit: int) -> list[etree._Element]:
    """The first ``limit`` ``<time datetime=...>`` below ``scope`` (``.//time[@datetime]``)."""
    found: list[etree._Element] = []
    for element in scope.iterdescendants("time"):
        if element.get("datetime") is not None:
            found.append(element)
            if len(found) == limit:
                break
    return found


def _only(values: tuple[int, ...]) -> int | None:
    return values[0] if len(values) == 1 else None


def _unique(values: Any) -> list[str]:
    seen: dict[str, None] = {}
    for value in values:
        value = collapse(str(value))
        if value and value not in seen:
            seen[value] = None
    return list(seen)


def _nav_title(link: etree._Element) -> str:
    for node in link.iter():
        classes = node.get("class")
        if classes and not theme.NAV_TITLE_CLASSES.isdisjoint(classes.split()):
            return anchors.own_text(node)
    return _NAV_LABEL_RE.sub("", anchors.own_text(link))


def _separate_opener(standfirst: etree._Element, text: str) -> str:
    """Put a "By NAME" opener set in its own element (``<strong>By NAME</strong> ...``) on
    its own line, so the chrome pipeline can tell the name from the standfirst."""
    if not text.startswith("By "):
        return text  # the text must open with the opener, which opens with "By "
    for element in standfirst.iterdescendants("strong", "b", "em", "span"):
        opener = anchors.own_text(element)
        if opener.startswith("By ") and len(opener.split()) <= 7 and text.startswith(opener):
            rest = text[len(opener) :].strip()
            if rest:
                return f"{opener}\n{rest}"
    return text


_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_SECTION_TITLES = ("latest from", "don't miss", "don’t miss")
_SECTION_TITLE_FIRST_WORDS = frozenset(title.split()[0] for title in _SECTION_TITLES)


def _in_section_title(link: etree._Element, section: etree._Element) -> bool:
    """True for a link in the section's own heading ("Latest from <a>-Top News</a>")."""
    node = link.getparent()
    while node is not None and node is not section:
        if (
            node.tag in _HEADINGS
            # the first word rules out story titles without reading them whole
            and anchors.first_word(node).lower() in _SECTION_TITLE_FIRST_WORDS
            and anchors.text_of(node).lower().startswith(_SECTION_TITLES)
        ):
            return True
        node = node.getparent()
    return False


def _paragraphs_element(text: str) -> etree._Element:
    container = etree.Element("div")
    for block in re.split(r"\n\s*\n|\r\n\s*\r\n", text):
        if block.strip():
            paragraph = etree.SubElement(container, "p")
            paragraph.text = block.strip()
    return container


def is_article_page(response: Response) -> bool:
    """True when the response is one article (not a listing, category, tag or error page)."""
    if not isinstance(response, TextResponse):
        return False
    return ArticlePage(response).is_article()


def parse_article(response: Response) -> ArticleItem | None:
    """The raw item of an article page (before the pipelines), or None for other pages."""
    if not isinstance(response, TextResponse):
        return None
    page = ArticlePage(response)
    if not page.is_article():
        logger.debug("not an article page: %s", response.url)
        return None
    return page.to_item()
