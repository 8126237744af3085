"""The export record: the data contract shared by the crawler, the archive and researchers.

`archive export --format jsonl` writes exactly these keys per article, in this order
(see docs/design.md, "The export record (contract)"). Change it only by adding keys.
"""

from __future__ import annotations

from typing import Any, Final

RECORD_KEYS: Final[tuple[str, ...]] = (
    "post_id",
    "url",
    "shortlink",
    "title",
    "summary",
    "body",
    "published_at",
    "modified_at",
    "authors",
    "category",
    "categories",
    "tags",
    "source",
    "reading_minutes",
    "language",
    "images",
    "links",
)

IMAGE_KEYS: Final[tuple[str, ...]] = ("url", "caption", "alt")
LINK_KEYS: Final[tuple[str, ...]] = ("kind", "url", "text")

#: Link kinds, in the order they appear on a page.
LINK_KINDS: Final[tuple[str, ...]] = (
    "body",
    "also_read",
    "embed",
    "previous_story",
    "next_story",
    "latest_from",
    "dont_miss",
)

#: Kinds whose targets change between two fetches of the same page (chrome shown at fetch time).
PAGE_TIME_KINDS: Final[frozenset[str]] = frozenset({"latest_from", "dont_miss"})

#: Which layer produced an article's body.
EXTRACTION_LAYERS: Final[tuple[str, ...]] = ("theme", "structured", "fallback")


def to_record(data: dict[str, Any]) -> dict[str, Any]:
    """Return the contract record (exactly RECORD_KEYS, in order) from a wider mapping."""
    record = {key: data.get(key) for key in RECORD_KEYS}
    for key in ("authors", "categories", "tags", "images", "links"):
        if record[key] is None:
            record[key] = []
    record["images"] = [{k: img.get(k) for k in IMAGE_KEYS} for img in record["images"] or ()]
    record["links"] = [{k: link.get(k) for k in LINK_KEYS} for link in record["links"] or ()]
    return record
