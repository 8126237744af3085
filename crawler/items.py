"""Typed items handed from extraction to the pipelines (via itemadapter)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from archive.contract import to_record


@dataclass
class ImageItem:
    url: str
    caption: str | None = None
    alt: str | None = None


@dataclass
class LinkItem:
    kind: str
    url: str
    text: str | None = None


@dataclass
class ArticleItem:
    """One article as extracted from one fetched page.

    The contract fields (archive.contract.RECORD_KEYS) are filled by extraction and cleaned by
    the pipelines; the rest is provenance and the material the pipelines work on.
    """

    # --- the export record -------------------------------------------------------------
    url: str
    title: str | None = None
    post_id: int | None = None
    shortlink: str | None = None
    summary: str | None = None
    body: str | None = None
    published_at: str | None = None
    modified_at: str | None = None
    authors: list[str] = field(default_factory=list)
    category: str | None = None
    categories: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    source: str | None = None
    reading_minutes: int | None = None
    language: str | None = None
    images: list[dict[str, Any]] = field(default_factory=list)
    links: list[dict[str, Any]] = field(default_factory=list)
    # --- how it was extracted ----------------------------------------------------------
    extraction: str | None = None  # theme | structured | fallback
    body_html: str | None = None  # cleaned body HTML once the chrome pipeline ran
    # --- provenance ----------------------------------------------------------------------
    fetched_url: str | None = None
    fetched_at: str | None = None  # ISO 8601 UTC
    http_status: int | None = None
    etag: str | None = None
    last_modified: str | None = None
    warc_file: str | None = None  # the WARC response record this page was read from
    warc_offset: int | None = None
    warc_length: int | None = None
    # --- working material for the pipelines (not stored as such) -----------------------
    raw: dict[str, Any] = field(default_factory=dict)

    def to_record(self) -> dict[str, Any]:
        """The export record of this item (exactly the contract's keys)."""
        return to_record(asdict(self))
