"""The article page object: one fetched page -> one ArticleItem (or None for non-articles).

Each field has one method that reads it from the most reliable layer present (see
docs/design.md, "Extraction in layers"): structured data (``structured``), the theme table's
selectors (``theme``), text anchors (``anchor``), a generic search (``fallback``). The layer of
every field goes into ``item.layers`` and the body's into ``item.extraction``.

The page object only gathers: it hands over the article container's HTML as it is, the
standfirst's lines and the links around the article (Previous/Next Story, Latest from, Don't
Miss); the pipelines strip the chrome, make the body, its links and images, and normalise.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any, TypeVar

from lxml import etree
from parsel import Selector
from scrapy.http import Response, TextResponse

from crawler import rules, urls
from crawler.items import ArticleItem, CategoryLink, LinkItem
from crawler.pages import anchors, generic
from crawler.pages.css import first_match, select
from crawler.pages.parse import parse_html
from crawler.pages.structured import StructuredData, ld_names, read_structured
from crawler.pages.text import has_text, inner_text, raw_text, text_lines
from crawler.pages.theme import (
    ARTICLE_BODY_CLASSES,
    NAV_TITLE_CLASSES,
    NOT_ARTICLE_BODY_CLASSES,
    SELECTORS,
)

logger = logging.getLogger(__name__)
T = TypeVar("T")
#: every link target of a page as plain strings (parsel would wrap each in a Selector)
_HREFS = etree.XPath("//a/@href", smart_strings=False, regexp=False)



class ArticlePage:
    """Page object for one article page; one small method per field.

    ``site_url`` is the site URL the page was requested as (``https://asianlite.com/...``)
    when it was fetched from elsewhere (a mirror, a staging copy, the replica): the host it
    came from is then the site on this page.
    """

    def __init__(self, response: TextResponse, site_url: str | None = None) -> None:
        self.response = response
        self.root: etree._Element = parse_html(response)
        self.selector = Selector(root=self.root)
        #: what a reader sees: ``<body>`` (the head holds no article text or links)
        body = self.root.find("body")
        self.visible: etree._Element = body if body is not None else self.root
        self.aliases = urls.aliases_for(response.url, site_url) if site_url else ()
        self.data: StructuredData = read_structured(self.selector)
        self.layers: dict[str, str] = {}
        articles = first_match(self.visible, SELECTORS["article"])
        self.scope: etree._Element = articles[0] if articles else self.visible
        #: the body container once ``body()`` found one in the page
        self.body_element: etree._Element | None = None
        #: the theme table's answer per (field, scope): several fields ask the same question
        self._matches: dict[tuple[str, etree._Element], list[etree._Element]] = {}
        self._texts: dict[etree._Element, anchors.OwnTexts] = {}

    def canonical(self, href: str) -> str:
        """A URL read from this page in its canonical form (relative to the page, this page's
        host being the site)."""
        return urls.canonical_url(href, base=self.response.url, aliases=self.aliases)

    def _theme(self, field: str, scope: etree._Element | None = None) -> list[etree._Element]:
        """The elements of the first selector of the field's table that matches in scope."""
        key = (field, self.visible if scope is None else scope)
        if key not in self._matches:
            self._matches[key] = first_match(key[1], SELECTORS[field])
        return self._matches[key]

    def _own_texts(self, scope: etree._Element) -> anchors.OwnTexts:
        """The text anchors' reading of a scope, shared by every label looked for in it."""
        if scope not in self._texts:
            self._texts[scope] = anchors.OwnTexts(scope)
        return self._texts[scope]

    def _found(self, field: str, layer: str, value: T) -> T:
        """``value``, noting ``layer`` as the field's layer when the value is not empty."""
        if value:
            self.layers[field] = layer
        return value

    # --- what kind of page -----------------------------------------------------------
    def is_article(self) -> bool:
        """True for a single post; False for listings, 404 pages and the like."""
        if self.response.status >= 400:
            return False
        classes = self.data.body_classes
        if classes & NOT_ARTICLE_BODY_CLASSES and not classes & ARTICLE_BODY_CLASSES:
            return False
        if classes & ARTICLE_BODY_CLASSES or self.data.body_post_id is not None:
            return True
        if self.data.json_ld or (self.data.first_meta("og:type") or "").lower() == "article":
            return True
        if len(self.data.article_post_ids) == 1:
            return True
        # No markers left (a redesign): an article URL with exactly one main heading.
        return urls.is_article_url(self.url()) and len(select(self.visible, "h1")) == 1

    # --- identity ----------------------------------------------------------------------
    def url(self) -> str:
        for candidate in (
            self.data.links.get("canonical"),
            self.data.first_meta("og:url"),
            _ld_id(self.data.ld("mainEntityOfPage")),
        ):
            if candidate:
                return self._found("url", "structured", self.canonical(candidate))
        self.layers["url"] = "response"
        return self.canonical(self.response.url)

    def shortlink(self) -> str | None:
        href = self.data.links.get("shortlink")
        return self._found("shortlink", "structured", self.canonical(href)) if href else None

    def post_id(self) -> int | None:
        shortlink = self.data.links.get("shortlink")
        for layer, value in (
            ("shortlink", urls.post_id_from_url(shortlink) if shortlink else None),
            ("body_class", self.data.body_post_id),
            ("article_id", _only(self.data.article_post_ids)),
            ("wp_json", self.data.wp_json_post_id),
            ("fetched_url", urls.post_id_from_url(self.response.url)),
        ):
            if value is not None:
                self.layers["post_id"] = layer
                return value
        return None

    # --- header fields -------------------------------------------------------------------
    def title(self) -> str | None:
        structured = self.data.ld_text("headline") or self.data.first_meta("og:title")
        if structured:
            return self._found("title", "structured", structured)
        for element in self._theme("title", self.scope) or self._theme("title"):
            if text := inner_text(element):
                return self._found("title", "theme", text)
        if self.data.html_title:
            return self._found("title", "html_title", rules.strip_title_suffix(self.data.html_title))
        return None

    def standfirst(self) -> list[str]:
        """The standfirst's lines as written (its opener and credit still in them)."""
        for element in self._theme("standfirst", self.scope):
            return self._found("summary", "theme", _opener_apart(element, text_lines(element)))
        titles = self._theme("title", self.scope)
        element = anchors.standfirst_after_title(titles[0], self.body_element) if titles else None
        if element is not None:
            return self._found("summary", "anchor", _opener_apart(element, text_lines(element)))
        return []

    def description(self) -> str | None:
        return self.data.first_meta("og:description", "description", "twitter:description")

    def published_at(self) -> str | None:
        return self._date("published_at", "datePublished", ("article:published_time",))

    def modified_at(self) -> str | None:
        return self._date("modified_at", "dateModified", ("article:modified_time", "og:updated_time"))

    def _date(self, field: str, ld_key: str, meta_keys: tuple[str, ...]) -> str | None:
        value = self.data.ld_text(ld_key) or self.data.first_meta(*meta_keys)
        if value:
            return self._found(field, "structured", value)
        for element in self._theme(field, self.scope):
            value = element.get("datetime") or element.get("title")
            # a time marked both published and updated (hAtom, Twenty Twenty-One) is the publication
            if value and not (field == "modified_at" and element in self._theme("published_at", self.scope)):
                return self._found(field, "theme", value)
        times = select(self.scope, "time[datetime]")
        if field == "published_at" and times:
            return self._found(field, "time", times[0].get("datetime"))
        # a second time next to the first is the modification (WordPress's "posted-on" pair)
        if field == "modified_at" and len(times) > 1 and times[1].getparent() is times[0].getparent():
            return self._found(field, "time", times[1].get("datetime"))
        if field == "published_at" and (visible := anchors.first_visible_date(self.visible)):
            return self._found(field, "anchor", visible.replace(tzinfo=UTC).isoformat())
        return None

    def reading_minutes(self) -> int | None:
        for element in self._theme("reading_minutes", self.scope):
            if (minutes := rules.reading_minutes(inner_text(element))) is not None:
                return self._found("reading_minutes", "theme", minutes)
        minutes = anchors.reading_minutes(self._own_texts(self.scope))
        if minutes is not None:
            self.layers["reading_minutes"] = "anchor"
        return minutes

    def authors(self) -> list[str]:
        author = self.data.ld("author")
        refs = author if isinstance(author, list) else [author]
        names = ld_names(author) or [n for ref in refs for n in ld_names(self.data.ld_node(ref))]
        if names:
            return self._found("authors", "structured", names)
        elements = self._theme("authors", self.scope)
        if elements:
            return self._found("authors", "theme", [inner_text(e) for e in elements])
        meta = self.data.all_meta("author") or self.data.all_meta("article:author")
        byline = anchors.byline_names(self._own_texts(self.scope))
        if byline and (not meta or meta[0] in byline):
            return self._found("authors", "anchor", byline)
        return self._found("authors", "structured", meta)

    def language(self) -> str | None:
        value = self.data.ld("inLanguage") or self.data.html_lang or self.data.first_meta("og:locale")
        return value if isinstance(value, str) and value.strip() else None

    # --- taxonomy --------------------------------------------------------------------------
    def category_links(self) -> list[CategoryLink]:
        """The category links shown on the page (display name, slug path)."""
        elements = self._theme("category_links", self.scope)
        if not elements:
            elements = anchors.labelled_links(self._own_texts(self.scope), rules.CATEGORY_LABELS)
        pairs = []
        for element in elements:
            slug = urls.category_path(self.canonical(element.get("href") or ""))
            if slug and (name := inner_text(element)):
                pairs.append(CategoryLink(name, slug))
        return pairs

    def categories(self, links: list[CategoryLink]) -> list[str]:
        names = ld_names(self.data.ld("articleSection"))
        if names:
            return self._found("categories", "structured", names)
        meta = self.data.all_meta("article:section")
        if links and len(links) >= len(meta):
            return self._found("categories", "theme", [link.name for link in links])
        return self._found("categories", "structured", meta)

    def tags(self) -> list[str]:
        keywords = self.data.ld("keywords")
        names = ld_names(keywords.split(",") if isinstance(keywords, str) else keywords)
        if names:
            return self._found("tags", "structured", names)
        if meta := self.data.all_meta("article:tag"):
            return self._found("tags", "structured", meta)
        if elements := self._not_categories(self._theme("tags", self.scope)):
            return self._found("tags", "theme", [inner_text(e) for e in elements])
        links = self._not_categories(anchors.labelled_links(self._own_texts(self.scope), rules.TAG_LABELS))
        return self._found("tags", "anchor", [inner_text(e) for e in links])

    def _not_categories(self, links: list[etree._Element]) -> list[etree._Element]:
        """Tag links without the category links some themes also mark ``rel=tag``."""
        return [link for link in links if urls.category_path(self.canonical(link.get("href") or "")) is None]

    # --- body --------------------------------------------------------------------------------
    def body(self) -> tuple[str | None, str]:
        """The article container's HTML and its layer (``theme`` | ``structured`` | ``fallback``)."""
        for element in self._theme("body", self.scope) or self._theme("body"):
            if has_text(element):
                self.layers["body"], self.body_element = "theme", element
                return _html(element), "theme"
        article_body = self.data.ld_text("articleBody")
        if article_body:
            self.layers["body"] = "structured"
            return _paragraphs_html(article_body), "structured"
        element, self.layers["body"] = generic.densest_container(self.visible), "generic"
        self.body_element = element
        if element is None:
            element = generic.trafilatura_body(self.response.body, self.response.url)
            self.layers["body"] = "trafilatura"
        return (_html(element) if element is not None else None), "fallback"

    # --- links around the body -----------------------------------------------------------------
    def story_links(self) -> list[LinkItem]:
        """Previous/Next Story, Latest from, Don't Miss: links in page order of kinds."""
        links: list[LinkItem] = []
        for kind in ("previous_story", "next_story"):
            found = self._theme(kind)
            link = found[0] if found else anchors.navigation_link(self._own_texts(self.visible), kind, self._is_story)
            if link is not None:
                self.layers[kind] = "theme" if found else "anchor"
                links.append(LinkItem(kind, self.canonical(link.get("href", "")), _nav_title(link)))
        for kind in ("latest_from", "dont_miss"):
            found = self._theme(kind)
            section = found[0] if found else anchors.story_section(self._own_texts(self.visible), kind)
            if section is not None:
                self.layers[kind] = "theme" if found else "anchor"
                links.extend(self._section_links(kind, section))
        return links

    def _is_story(self, href: str) -> bool:
        return urls.classify_url(self.canonical(href)) in (urls.UrlKind.ARTICLE, urls.UrlKind.SHORTLINK)

    def _section_links(self, kind: str, section: etree._Element) -> list[LinkItem]:
        """Each story a section links to, once, with the first text a link to it shows (a
        thumbnail's link has none)."""
        found: dict[str, str] = {}
        for element in section.iter("a"):
            url = self.canonical(element.get("href") or "")
            if urls.is_article_url(url) and not found.get(url) and not _in_heading(element, section):
                found[url] = inner_text(element)
        return [LinkItem(kind, url, text or None) for url, text in found.items()]

    def article_links(self) -> list[str]:
        """Every article URL the page links to (canonical, page order, each once): what the
        spider follows."""
        seen: dict[str, None] = {}
        for href in _HREFS(self.root):
            url = self.canonical(href)
            if url not in seen and urls.classify_url(url) in (urls.UrlKind.ARTICLE, urls.UrlKind.SHORTLINK):
                seen[url] = None
        return list(seen)

    # --- the item ----------------------------------------------------------------------------------
    def to_item(self) -> ArticleItem:
        body_html, extraction = self.body()
        category_links = self.category_links()
        item = ArticleItem(
            url=self.url(),
            title=self.title(),
            post_id=self.post_id(),
            shortlink=self.shortlink(),
            published_at=self.published_at(),
            modified_at=self.modified_at(),
            authors=self.authors(),
            categories=self.categories(category_links),
            tags=self.tags(),
            reading_minutes=self.reading_minutes(),
            language=self.language(),
            links=self.story_links(),
            extraction=extraction,
            body_html=body_html,
            standfirst=self.standfirst(),
            description=self.description(),
            category_links=category_links,
            warnings=list(self.data.warnings),
            site_aliases=self.aliases,
            **provenance(self.response),
        )
        item.layers = self.layers
        return item


def provenance(response: Response) -> dict[str, Any]:
    """fetched_url (the spider puts the site URL requested there), page_url, fetched_at (now,
    UTC), http_status, etag, last_modified of a response."""
    return {
        "fetched_url": response.url,
        "page_url": response.url,
        "fetched_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "http_status": response.status,
        "etag": _header(response, b"ETag"),
        "last_modified": _header(response, b"Last-Modified"),
    }


def _header(response: Response, name: bytes) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None


def _ld_id(value: Any) -> str | None:
    if isinstance(value, dict):
        found = value.get("@id") or value.get("url")
        return found if isinstance(found, str) else None
    return value if isinstance(value, str) else None


def _only(values: tuple[int, ...]) -> int | None:
    return values[0] if len(values) == 1 else None


def _html(element: etree._Element) -> str:
    return etree.tostring(element, encoding="unicode", method="html", with_tail=False)


def _paragraphs_html(text: str) -> str:
    """Plain text with blank lines between paragraphs (JSON-LD ``articleBody``) as HTML."""
    container = etree.Element("div")
    for block in text.replace("\r\n", "\n").split("\n\n"):
        if block.strip():
            etree.SubElement(container, "p").text = block.strip()
    return _html(container)


def _opener_apart(standfirst: etree._Element, lines: list[str]) -> list[str]:
    """The standfirst's lines with a "By NAME" opener set in an element of its own
    (``<strong>By NAME</strong> The story...``) on a line of its own: the markup tells where
    the name ends."""
    if not lines:
        return lines
    gapped = rules.byline_opener(raw_text(standfirst))
    if gapped is not None:  # a wide gap ends the name: "BY NAME &nbsp;The story..."
        name, rest = gapped
        return [f"{rules.BYLINE_WORDS[0]} {name}", rest]
    for element in standfirst.iterdescendants("strong", "b", "em", "span"):
        opener = inner_text(element)
        first = lines[0]
        if opener and first.startswith(opener) and first != opener and _is_byline_word(opener):
            return [opener, first[len(opener) :].strip(), *lines[1:]]
    return lines


def _is_byline_word(text: str) -> bool:
    words = text.split()
    return len(words) <= 7 and any(word.lower() in {w.lower() for w in rules.BYLINE_WORDS} for word in words[:4])


def _nav_title(link: etree._Element) -> str | None:
    """A navigation link's story title: its title element, else its text without the label."""
    for node in link.iter():
        if rules.has_name(node.get("class"), NAV_TITLE_CLASSES):
            return inner_text(node) or None
    return rules.strip_navigation_label(inner_text(link)) or None


def _in_heading(link: etree._Element, section: etree._Element) -> bool:
    """True for a link in the section's own heading ("Latest from <a>-Top News</a>")."""
    node = link.getparent()
    while node is not None and node is not section:
        if node.tag in anchors.HEADING_TAGS and rules.section_kind(inner_text(node)):
            return True
        node = node.getparent()
    return False


def parse_article(response: Response, site_url: str | None = None) -> ArticlePage | None:
    """The page object of an article page, or None for other pages (and non-HTML)."""
    if not isinstance(response, TextResponse):
        return None
    page = ArticlePage(response, site_url)
    if not page.is_article():
        logger.debug("not an article page: %s", response.url)
        return None
    return page

