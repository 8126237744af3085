"""The Asian Lite News archive: database, storage and research queries. Never imports scrapy.

For notebooks: ``from archive import open_archive, to_dataframe`` (see :mod:`archive.research.api`).
"""

from __future__ import annotations

from typing import Any

__all__ = ["open_archive", "to_dataframe"]


def __getattr__(name: str) -> Any:
    """Import the notebook API on first use, so ``import archive.x`` stays light."""
    if name in __all__:
        from archive.research import api

        return getattr(api, name)
    raise AttributeError(f"module 'archive' has no attribute {name!r}")
