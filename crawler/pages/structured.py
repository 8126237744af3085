"""Layer 1: what the page states about itself in machine-readable form.

JSON-LD (a NewsArticle/Article node, in an ``@graph`` or alone), OpenGraph and ``article:*``
meta, ``<link rel=canonical|shortlink>``, ``body.postid-N``, ``article#post-N``. Broken JSON-LD
is noted as a warning and ignored: the other layers still run.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass, field
from typing import Any

from lxml import etree
from parsel import Selector

logger = logging.getLogger(__name__)

ARTICLE_TYPES = frozenset({"NewsArticle", "Article", "BlogPosting", "ReportageNewsArticle"})
_POSTID_CLASS_RE = re.compile(r"(?:^|\s)postid-(\d+)(?:\s|$)")
_POST_ID_RE = re.compile(r"^post-(\d+)$")
_WP_JSON_POST_RE = re.compile(r"/wp-json/wp/v2/posts/(\d+)")
_META = etree.XPath("/html/head//meta[@content]", regexp=False)
_LINKS = etree.XPath("/html/head//link[@href]", regexp=False)


@dataclass
class StructuredData:
    """Everything layer 1 found; empty fields when the page says nothing."""

    meta: dict[str, list[str]] = field(default_factory=dict)  # property/name -> contents
    links: dict[str, str] = field(default_factory=dict)  # rel -> href (first seen)
    json_ld: dict[str, Any] = field(default_factory=dict)  # the article node
    json_ld_graph: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
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

    def ld_text(self, key: str) -> str | None:
        value = self.json_ld.get(key)
        return value.strip() if isinstance(value, str) and value.strip() else None

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


def read_structured(page: Selector) -> StructuredData:
    """Collect layer-1 data from a parsed page (read from its lxml tree: one pass per kind)."""
    data = StructuredData()
    root = page.root
    for meta in _META(root):
        key = meta.get("property") or meta.get("name") or meta.get("itemprop")
        if key:
            data.meta.setdefault(key.strip().lower(), []).append(meta.get("content"))
    for link in _LINKS(root):
        _read_link(link.get("rel", ""), link.get("href").strip(), data)
    article_ids = []
    for element in root.iter("script", "article"):  # one walk of the page for both
        if element.tag == "article":
            if match := _POST_ID_RE.match(element.get("id") or ""):
                article_ids.append(int(match.group(1)))
        elif element.get("type") == "application/ld+json":
            _read_json_ld(element.text or "", data)
    data.article_post_ids = tuple(article_ids)
    title = root.find("head/title")
    data.html_title = " ".join((title.text or "").split()) or None if title is not None else None
    data.html_lang = root.get("lang")
    body = root.find("body")
    classes = (body.get("class") if body is not None else None) or ""
    data.body_classes = frozenset(classes.split())
    match = _POSTID_CLASS_RE.search(classes)
    data.body_post_id = int(match.group(1)) if match else None
    return data


def _read_link(rel: str, href: str, data: StructuredData) -> None:
    if not href:
        return
    for name in rel.lower().split():
        data.links.setdefault(name, href)
    match = _WP_JSON_POST_RE.search(href)
    if match and data.wp_json_post_id is None:
        data.wp_json_post_id = int(match.group(1))


def _read_json_ld(text: str, data: StructuredData) -> None:
    try:
        parsed = json.loads(text)
    except ValueError as exc:
        data.warnings.append(f"invalid JSON-LD: {exc}")
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
