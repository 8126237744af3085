"""Typed items handed from the page objects to the pipelines (via itemadapter).

An ``ArticleItem`` leaves the page object with the fields the page states and the material the
pipelines clean (the article container's HTML as it is, the standfirst's lines); each pipeline
fills or rewrites typed fields. Nothing travels in an untyped side channel.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from archive.contract import RECORD_KEYS, to_record
from crawler.urls import Aliases


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
class CategoryLink:
    """A category link shown on the page: display name and slug path (``arab-news/saudi-arabia``)."""

    name: str
    slug: str


@dataclass
class ArticleItem:
    """One article as extracted from one fetched page.

    The contract fields (archive.contract.RECORD_KEYS) come first; then how they were
    extracted, what the pipelines work on, and where the page came from.
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
    images: list[ImageItem] = field(default_factory=list)
    links: list[LinkItem] = field(default_factory=list)
    # --- how it was extracted ----------------------------------------------------------
    extraction: str | None = None  # the body's layer: theme | structured | fallback
    #: the layer of every field the page object filled (field -> layer)
    layers: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    #: the article container's HTML as the page has it; the chrome pipeline replaces it with
    #: the cleaned, sanitised body HTML
    body_html: str | None = None
    #: the standfirst's text lines (its "By NAME" opener and credit still in it)
    standfirst: list[str] = field(default_factory=list)
    #: the page's meta description (a standfirst when the theme shows none)
    description: str | None = None
    category_links: list[CategoryLink] = field(default_factory=list)
    # --- provenance ----------------------------------------------------------------------
    fetched_url: str | None = None  # the site URL requested (canonical)
    page_url: str | None = None  # the address the page came from (resolves relative links)
    #: hosts that are the site on this page (a mirror, a staging copy, the replica)
    site_aliases: Aliases = ()
    fetched_at: str | None = None  # ISO 8601 UTC
    http_status: int | None = None
    etag: str | None = None
    last_modified: str | None = None
    warc_file: str | None = None  # the WARC response record this page was read from
    warc_offset: int | None = None
    warc_length: int | None = None

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> ArticleItem:
        """An item holding an export record (its images and links typed)."""
        fields = {**record}
        fields["images"] = [ImageItem(**image) for image in record.get("images") or ()]
        fields["links"] = [LinkItem(**link) for link in record.get("links") or ()]
        return cls(**fields)

    def to_record(self) -> dict[str, Any]:
        """The export record of this item (exactly the contract's keys)."""
        fields = {key: getattr(self, key) for key in RECORD_KEYS}
        fields["images"] = [vars(image) for image in self.images]  # to_record copies them
        fields["links"] = [vars(link) for link in self.links]
        return to_record(fields)
