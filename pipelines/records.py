"""Items as plain records for storage."""

from __future__ import annotations

from dataclasses import fields, is_dataclass
from typing import Any

from itemadapter import ItemAdapter


def item_record(item: Any) -> dict[str, Any]:
    """The item as a plain dict, nested items (links, images) as dicts too: what
    ``ItemAdapter(item).asdict()`` gives, without its adapter search for every value of a
    dataclass item (3 ms an article in a 2,000-article backfill profile)."""
    if not is_dataclass(item) or isinstance(item, type):
        return ItemAdapter(item).asdict()
    return {field.name: _plain(getattr(item, field.name)) for field in fields(item)}


def _plain(value: Any) -> Any:
    if is_dataclass(value) and not isinstance(value, type):
        return item_record(value)
    if isinstance(value, list | tuple):
        return type(value)(_plain(part) for part in value)
    if isinstance(value, dict):
        return {key: _plain(part) for key, part in value.items()}
    return value
