"""The reading room's URLs: one place that knows how an article, a listing or a search is addressed.

Every href goes through Datasette's ``urls.path`` so a ``base_url`` setting is honoured. Names in
paths are percent-encoded whole (a tag ``A/B`` is ``/tag/A%2FB``); Datasette routes on the raw
path, so views decode them with :func:`urllib.parse.unquote`.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, urlencode

#: The listings a facet value links to: the path segment for each kind of value.
FACETS = ("day", "month", "year", "category", "tag", "author", "source")


class Hrefs:
    """Builds reading-room and Datasette links for one Datasette instance and database."""

    def __init__(self, datasette: Any, database: str) -> None:
        self._urls = datasette.urls
        self.database = database

    def path(self, path: str) -> str:
        """``path`` under Datasette's base URL."""
        return str(self._urls.path(path))

    def article(self, post_id: int | None, url: str | None = None) -> str:
        """An archived article's page: by post id when it has one, else by its canonical URL."""
        if post_id is not None:
            return self.path(f"/article/{int(post_id)}")
        return self.path("/article?" + urlencode({"url": url or ""}))

    def facet(self, kind: str, value: Any) -> str:
        """The listing of one facet value, e.g. ``facet("tag", "China")`` -> ``/tag/China``."""
        if kind not in FACETS:
            raise ValueError(f"no listing for {kind!r}")
        return self.path(f"/{kind}/{quote(str(value), safe='')}")

    def search(self, query: str, page: int = 1) -> str:
        """Search results for ``query`` (FTS5 syntax), page ``page``."""
        params: dict[str, Any] = {"q": query}
        if page > 1:
            params["page"] = page
        return self.path("/search?" + urlencode(params))

    def table(self, table: str, **params: str) -> str:
        """A Datasette table page of the archive database, with query-string ``params``."""
        query = ("?" + urlencode(params)) if params else ""
        return str(self._urls.table(self.database, table)) + query

    def row(self, table: str, pk: int) -> str:
        """A Datasette row page (the raw columns of one row)."""
        return f"{self._urls.table(self.database, table)}/{int(pk)}"
