"""Which contract fields differ between a stored record and a re-extracted one.

Both sides go through :func:`archive.write.prepare.prepare_article`, the normalisation the store
applies, so a difference here is a difference the archive would store. Page-time links
(``latest_from``, ``dont_miss``) are the site's chrome at fetch time, not content: like the
content hash, the comparison leaves them out.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from archive.contract import RECORD_KEYS
from archive.write.prepare import PreparedArticle, prepare_article


def changed_fields(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[str]:
    """The contract keys whose values differ, in contract order."""
    before, after = prepare_article(old), prepare_article(new)
    return [key for key in RECORD_KEYS if _value(before, key) != _value(after, key)]


def _value(record: PreparedArticle, key: str) -> Any:
    if key == "links":
        return [link for _, link in record.content_links()]
    return getattr(record, key)
