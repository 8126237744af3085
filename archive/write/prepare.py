"""Validate an incoming article mapping and turn it into typed, normalised values for storage."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from archive.contract import LINK_KINDS, PAGE_TIME_KINDS, RECORD_KEYS
from archive.errors import InvalidRecord
from archive.times import iso_utc, parse_time, utcnow


@dataclass(frozen=True)
class PreparedArticle:
    """An article record checked and normalised: what :func:`archive.write.store.store_article` writes."""

    post_id: int | None
    url: str
    shortlink: str | None
    title: str
    summary: str | None
    body: str
    body_html: str | None
    published_at: datetime | None
    modified_at: datetime | None
    authors: tuple[str, ...]
    category: str | None
    categories: tuple[str, ...]
    tags: tuple[str, ...]
    source: str | None
    reading_minutes: int | None
    language: str | None
    images: tuple[dict[str, str | None], ...]
    links: tuple[dict[str, str | None], ...]
    extraction: str | None
    layers: dict[str, str] | None
    fetched_url: str | None
    fetched_at: datetime
    etag: str | None
    last_modified: str | None
    content_hash: str
    #: the WARC record the page was read from (file name, offset, length), when captured
    warc_file: str | None = None
    warc_offset: int | None = None
    warc_length: int | None = None
    #: why this version replaces the stored one when not a fetch (``archive reprocess``)
    revision_reason: str | None = None

    @property
    def slug(self) -> str | None:
        path = urlsplit(self.url).path.rstrip("/")
        return path.rsplit("/", 1)[-1] or None

    @property
    def word_count(self) -> int:
        return len(self.body.split())

    def content_links(self) -> list[tuple[int, dict[str, str | None]]]:
        """(position, link) of links that belong to the content (replaced when it changes)."""
        return [(i, link) for i, link in enumerate(self.links) if link["kind"] not in PAGE_TIME_KINDS]

    def page_time_links(self) -> list[tuple[int, dict[str, str | None]]]:
        """(position, link) of links that show the site's chrome at fetch time."""
        return [(i, link) for i, link in enumerate(self.links) if link["kind"] in PAGE_TIME_KINDS]


def prepare_article(article: Mapping[str, Any]) -> PreparedArticle:
    """Check ``article`` (contract keys plus provenance) and normalise it, or raise InvalidRecord."""
    if not isinstance(article, Mapping):
        raise InvalidRecord(f"an article must be a mapping, got {type(article).__name__}")
    values: dict[str, Any] = {
        "post_id": _optional_int(article.get("post_id"), "post_id"),
        "url": _http_url(article.get("url"), "url"),
        "shortlink": _optional_text(article.get("shortlink"), "shortlink"),
        "title": _required_text(article.get("title"), "title"),
        "summary": _optional_text(article.get("summary"), "summary"),
        "body": _body(article.get("body")),
        "body_html": _optional_text(article.get("body_html"), "body_html"),
        "published_at": parse_time(article.get("published_at"), "published_at"),
        "modified_at": parse_time(article.get("modified_at"), "modified_at"),
        "authors": _names(article.get("authors"), "authors"),
        "category": _optional_text(article.get("category"), "category"),
        "categories": _names(article.get("categories"), "categories"),
        "tags": _names(article.get("tags"), "tags"),
        "source": _optional_text(article.get("source"), "source"),
        "reading_minutes": _optional_int(article.get("reading_minutes"), "reading_minutes"),
        "language": _optional_text(article.get("language"), "language"),
        "images": tuple(_image(img, i) for i, img in enumerate(_list(article.get("images"), "images"))),
        "links": tuple(_link(link, i) for i, link in enumerate(_list(article.get("links"), "links"))),
        "extraction": _optional_text(article.get("extraction"), "extraction"),
        "layers": _layers(article.get("layers")),
        "fetched_url": _optional_text(article.get("fetched_url"), "fetched_url"),
        "fetched_at": parse_time(article.get("fetched_at"), "fetched_at") or utcnow(),
        "etag": _optional_text(article.get("etag"), "etag"),
        "last_modified": _optional_text(article.get("last_modified"), "last_modified"),
    }
    values["content_hash"] = content_hash(values)
    values["warc_file"] = _optional_text(article.get("warc_file"), "warc_file")
    values["warc_offset"] = _optional_int(article.get("warc_offset"), "warc_offset")
    values["warc_length"] = _optional_int(article.get("warc_length"), "warc_length")
    values["revision_reason"] = _optional_text(article.get("revision_reason"), "revision_reason")
    return PreparedArticle(**values)


def _layers(value: Any) -> dict[str, str] | None:
    """The field -> layer map of the page object (how each field was found), or None."""
    if value in (None, {}):
        return None
    if not isinstance(value, Mapping):
        raise InvalidRecord(f"layers must be a mapping of field to layer, got {type(value).__name__}")
    return {str(name): str(layer) for name, layer in value.items()}


def content_hash(values: Mapping[str, Any]) -> str:
    """SHA-256 of the record's content: every contract field except page-time links.

    The payload is the sorted-key JSON of the contract record (dates as UTC ISO strings); it is
    what archives store, so it must never change for unchanged content.
    """
    record = {key: values[key] for key in RECORD_KEYS}
    record["published_at"] = iso_utc(values["published_at"])
    record["modified_at"] = iso_utc(values["modified_at"])
    record["links"] = [link for link in values["links"] if link["kind"] not in PAGE_TIME_KINDS]
    payload = _HASH_JSON.encode(record)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


#: Images and links are prepared with exactly the contract's keys, so the record above needs no
#: copying; tuples encode as JSON lists.
_HASH_JSON = json.JSONEncoder(sort_keys=True, ensure_ascii=False, default=list)


def _list(value: Any, field: str) -> list[Any]:
    if value is None:
        return []
    if type(value) is list:
        return value
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise InvalidRecord(f"{field}: expected a list, got {type(value).__name__}")
    return list(value)


def _optional_text(value: Any, field: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise InvalidRecord(f"{field}: expected text, got {type(value).__name__}")
    return value.strip() or None


def _required_text(value: Any, field: str) -> str:
    text = _optional_text(value, field)
    if text is None:
        raise InvalidRecord(f"{field}: missing or empty")
    return text


def _body(value: Any) -> str:
    if value is None:
        raise InvalidRecord("body: missing")
    if not isinstance(value, str):
        raise InvalidRecord(f"body: expected text, got {type(value).__name__}")
    return value


def _http_url(value: Any, field: str) -> str:
    url = _required_text(value, field)
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise InvalidRecord(f"{field}: not an absolute http(s) URL: {url!r}")
    return url


def _optional_int(value: Any, field: str) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise InvalidRecord(f"{field}: expected an integer, got a boolean")
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    raise InvalidRecord(f"{field}: expected an integer, got {value!r}")


def _names(value: Any, field: str) -> tuple[str, ...]:
    """Non-empty, stripped, de-duplicated names in their original order."""
    names: dict[str, None] = {}
    for i, item in enumerate(_list(value, field)):
        if not isinstance(item, str):
            raise InvalidRecord(f"{field}[{i}]: expected text, got {type(item).__name__}")
        if item.strip():
            names.setdefault(item.strip(), None)
    return tuple(names)


def _image(value: Any, index: int) -> dict[str, str | None]:
    if type(value) is not dict and not isinstance(value, Mapping):
        raise InvalidRecord(f"images[{index}]: expected a mapping, got {type(value).__name__}")
    return {
        "url": _field_text(value, "url", "images", index, required=True),
        "caption": _field_text(value, "caption", "images", index),
        "alt": _field_text(value, "alt", "images", index),
    }


def _link(value: Any, index: int) -> dict[str, str | None]:
    if type(value) is not dict and not isinstance(value, Mapping):
        raise InvalidRecord(f"links[{index}]: expected a mapping, got {type(value).__name__}")
    kind = value.get("kind")
    if kind not in _LINK_KINDS:
        raise InvalidRecord(f"links[{index}].kind: {kind!r} is not one of {', '.join(LINK_KINDS)}")
    return {
        "kind": kind,
        "url": _field_text(value, "url", "links", index, required=True),
        "text": _field_text(value, "text", "links", index),
    }


_LINK_KINDS = frozenset(LINK_KINDS)


def _field_text(
    value: Mapping[str, Any], key: str, field: str, index: int, *, required: bool = False
) -> str | None:
    """``value[key]`` stripped (None when empty); the error names ``field[index].key``.

    The common case (a string) builds no field name: a record has dozens of links.
    """
    text = value.get(key)
    if type(text) is str:
        stripped = text.strip()
        if stripped or not required:
            return stripped or None
        text = None  # only spaces: reported as missing
    check = _required_text if required else _optional_text
    return check(text, f"{field}[{index}].{key}")
