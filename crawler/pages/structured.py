"""Layer 1: what the page states about itself in machine-readable form.

JSON-LD (a NewsArticle/Article node, in an ``@graph`` or alone), OpenGraph and ``article:*``
meta, ``<link rel=canonical|shortlink>``, ``body.postid-N``, ``article#post-N``. Read from the
``<head>`` and the body's attributes only, so it costs little. Broken JSON-LD is logged and
ignored: the other layers still run.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from crawler.pages.scan import PageScan

logger = logging.getLogger(__name__)

ARTICLE_TYPES = frozenset({"NewsArticle", "Article", "BlogPosting", "ReportageNewsArticle"})
_POSTID_CLASS_RE = re.compile(r"(?:^|\s)postid-(\d+)(?:\s|$)")
#: _POSTID_CLASS_RE without its leading alternative, so the pattern starts with a literal
#: (found by a fast scan); the character before is checked apart.
_POSTID_TOKEN_RE = re.compile(r"postid-(\d+)(?:\s|$)")
_POST_ID_RE = re.compile(r"^post-(\d+)$")
_WP_JSON_POST_RE = re.compile(r"/wp-json/wp/v2/posts/(\d+)")


@dataclass
class StructuredData:
    """Everything layer 1 found; empty fields when the page says nothing."""

    meta: dict[str, list[str]] = field(default_factory=dict)  # property/name -> contents
    links: dict[str, str] = field(default_factory=dict)  # rel -> href (first seen)
    json_ld: dict[str, Any] = field(default_factory=dict)  # the article node
    json_ld_graph: list[dict[str, Any]] = field(default_factory=list)
    json_ld_error: str | None = None
    html_title: str | None = None
    html_lang: str | None = None
    body_classes: frozenset[str] = frozenset()
    body_post_id: int | None = None
    article_post_ids: tuple[int, ...] = ()
    wp_json_post_id: int | None = None

    def first_meta(self, *names: str) -> str | None:
        for name in names:
            for value in self.meta.get(name, ()):
                if value.strip():
                    return value.strip()
        return None

    def all_meta(self, name: str) -> list[str]:
        return [value.strip() for value in self.meta.get(name, ()) if value.strip()]

    def ld(self, key: str) -> Any:
        return self.json_ld.get(key)

    def ld_node(self, ref: Any) -> dict[str, Any] | None:
        """Resolve an ``{"@id": ...}`` reference against the graph."""
        if not isinstance(ref, dict):
            return None
        if len(ref) > 1 or "@id" not in ref:
            return ref
        for node in self.json_ld_graph:
            if node.get("@id") == ref["@id"]:
                return node
        return None


def read_structured(scan: PageScan) -> StructuredData:
    """Collect layer-1 data from the page walk (crawler.pages.scan) and ``<head>``."""
    data = StructuredData()
    if scan.head is not None:
        for element in scan.head.iter("meta", "link", "title"):
            tag = element.tag
            if tag == "meta":
                _read_meta(element, data)
            elif tag == "link":
                _read_link(element, data)
            elif data.html_title is None and element.getparent() is scan.head:
                data.html_title = (element.text or "").strip() or None
    for text in scan.ld_json:
        _read_json_ld(text, data)
    data.html_lang = scan.root.get("lang")
    if scan.body is not None:
        classes = scan.body.get("class", "")
        data.body_classes = frozenset(classes.split())
        data.body_post_id = body_post_id(classes)
    data.article_post_ids = tuple(
        int(m.group(1))
        for article in scan.articles
        if (m := _POST_ID_RE.match(article.get("id") or ""))
    )
    return data


def body_post_id(classes: str) -> int | None:
    """The N of a ``postid-N`` token of a class attribute (``_POSTID_CLASS_RE``)."""
    for match in _POSTID_TOKEN_RE.finditer(classes):
        start = match.start()
        if start == 0 or classes[start - 1].isspace():
            return int(match.group(1))
    return None


def _read_meta(element: etree._Element, data: StructuredData) -> None:
    content = element.get("content")
    if content is None:  # <meta charset>, http-equiv without content: nothing to read
        return
    key = element.get("property") or element.get("name") or element.get("itemprop")
    if key:
        key = key.strip().lower()
        values = data.meta.get(key)
        if values is None:
            data.meta[key] = [content]
        else:
            values.append(content)


def _read_link(element: etree._Element, data: StructuredData) -> None:
    href = (element.get("href") or "").strip()
    if not href:
        return
    for rel in (element.get("rel") or "").lower().split():
        data.links.setdefault(rel, href)
    match = _WP_JSON_POST_RE.search(href) if "/wp-json/" in href else None
    if match and data.wp_json_post_id is None:
        data.wp_json_post_id = int(match.group(1))


def _read_json_ld(text: str, data: StructuredData) -> None:
    try:
        parsed = json.loads(text)
    except ValueError as exc:
        data.json_ld_error = f"invalid JSON-LD: {exc}"
        logger.debug("ignoring invalid JSON-LD: %s", exc)
        return
    nodes = _flatten_ld(parsed)
    data.json_ld_graph.extend(nodes)
    if not data.json_ld:
        for node in nodes:
            if ARTICLE_TYPES & _types(node):
                data.json_ld = node
                break


def _flatten_ld(parsed: Any) -> list[dict[str, Any]]:
    if isinstance(parsed, list):
        return [node for item in parsed for node in _flatten_ld(item)]
    if not isinstance(parsed, dict):
        return []
    graph = parsed.get("@graph")
    if isinstance(graph, list):
        return [node for node in graph if isinstance(node, dict)]
    return [parsed]


def _types(node: dict[str, Any]) -> set[str]:
    value = node.get("@type")
    if isinstance(value, str):
        return {value}
    if isinstance(value, list):
        return {item for item in value if isinstance(item, str)}
    return set()


def ld_names(value: Any) -> list[str]:
    """Names from a JSON-LD value that may be a string, an object with ``name`` or a list."""
    if isinstance(value, str):
        return [value.strip()] if value.strip() else []
    if isinstance(value, dict):
        name = value.get("name")
        return [name.strip()] if isinstance(name, str) and name.strip() else []
    if isinstance(value, list):
        return [name for item in value for name in ld_names(item)]
    return []
