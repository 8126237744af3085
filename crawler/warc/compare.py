"""Which contract fields differ between a stored record and a re-extracted one.

Both sides are records prepared by :func:`archive.write.prepare.prepare_article`, the
normalisation the store applies, so a difference here is a difference the archive would store.
Page-time links (``latest_from``, ``dont_miss``) are the site's chrome at fetch time, not
content: like the content hash, the comparison leaves them out.
"""

from __future__ import annotations

from typing import Any

from archive.contract import RECORD_KEYS
from archive.write.prepare import PreparedArticle


def changed_fields(before: PreparedArticle, after: PreparedArticle) -> list[str]:
    """The contract keys whose values differ, in contract order."""
    return [key for key in RECORD_KEYS if _value(before, key) != _value(after, key)]


def _value(record: PreparedArticle, key: str) -> Any:
    if key == "links":
        return [link for _, link in record.content_links()]
    return getattr(record, key)
