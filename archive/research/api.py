"""The archive for notebooks: ``from archive import open_archive``.

    with open_archive("sqlite:///archive.db") as archive:
        hits = archive.search("lavrov sanctions", since="2022-01-01", category="Top News")
        frame = to_dataframe(archive.articles(tag="China"))
        graph = archive.graph(kinds=["next_story", "also_read", "body"])

The same queries as the CLI, as functions returning plain Python values (dicts, lists, a
networkx graph). Filters are keyword arguments: ``since``, ``until``, ``category``, ``tag``,
``author``, ``source``. The archive is opened read-only and never migrated from here.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from sqlalchemy import column, select, table, text
from sqlalchemy.orm import Session

from archive.research.export import iter_records
from archive.research.filters import ArticleFilter, apply_filters
from archive.research.search import SearchResult, search_articles
from archive.research.stats import archive_stats
from archive.schema.engine import open_archive_engine, session_factory
from archive.schema.models import Article

_ARTICLE_TEXT = table("article_text", column("id"))


class Archive:
    """A read-only handle on one archive database; close it (or use ``with``) when done."""

    def __init__(self, url: str | None = None) -> None:
        self.engine = open_archive_engine(url, upgrade=False, write=False)
        self._sessions = session_factory(self.engine)

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.engine.dispose()

    def session(self) -> Session:
        """A new session for your own SQLAlchemy queries (close it, or use ``with``)."""
        return self._sessions()

    def search(self, query: str, *, limit: int = 20, offset: int = 0,
               **filters: Any) -> list[dict[str, Any]]:
        """Full-text hits, best first: rank, score, url, title, published_at, snippet, ..."""
        with self._sessions() as session:
            hits = search_articles(session, query, ArticleFilter(**filters), limit=limit,
                                   offset=offset)
        return [hit.as_dict() for hit in hits]

    def records(self, *, fields: Sequence[str] | None = None,
                **filters: Any) -> Iterator[dict[str, Any]]:
        """Contract records (as ``archive export`` writes them), streamed in archive order."""
        with self._sessions() as session:
            yield from iter_records(session, ArticleFilter(**filters), fields=fields)

    def articles(self, *, limit: int | None = None, **filters: Any) -> list[dict[str, Any]]:
        """Rows of the ``article_text`` view (one per article, taxonomy flattened), by id."""
        ids = apply_filters(select(Article.id), ArticleFilter(**filters))
        query = (select(text("*")).select_from(_ARTICLE_TEXT)
                 .where(_ARTICLE_TEXT.c.id.in_(ids)).order_by(_ARTICLE_TEXT.c.id).limit(limit))
        with self._sessions() as session:
            return [dict(row) for row in session.execute(query).mappings()]

    def graph(self, *, kinds: Iterable[str] | None = None, include_external: bool = False,
              **filters: Any) -> Any:
        """The link graph as a networkx MultiDiGraph (see :mod:`archive.research.graph`)."""
        from archive.research.graph import link_graph

        with self._sessions() as session:
            return link_graph(session, kinds=kinds, include_external=include_external,
                              filters=ArticleFilter(**filters))

    def stats(self, *, top: int = 10) -> dict[str, Any]:
        """What ``archive stats --json`` prints."""
        with self._sessions() as session:
            return archive_stats(session, top=top)

    def sql(self, query: str, **params: Any) -> list[dict[str, Any]]:
        """Rows of a read-only SQL query with named parameters (``:name``), as dicts."""
        with self._sessions() as session:
            return [dict(row) for row in session.execute(text(query), params).mappings()]


def open_archive(url: str | None = None) -> Archive:
    """Open the archive at ``url`` (default: $ARCHIVE_DB_URL, else sqlite:///archive.db)."""
    return Archive(url)


def to_dataframe(rows: Iterable[Mapping[str, Any] | SearchResult]) -> Any:
    """A pandas DataFrame of rows (dicts, records, search hits); needs the ``research`` extra."""
    try:
        import pandas as pd
    except ImportError as exc:
        raise ImportError("to_dataframe needs pandas: pip install 'asianlite-archive[research]'"
                          ) from exc
    return pd.DataFrame.from_records(
        [row.as_dict() if isinstance(row, SearchResult) else dict(row) for row in rows])
