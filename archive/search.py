"""Full-text search: FTS5 on SQLite, tsvector on PostgreSQL, one function for both.

Query syntax (like a web search box): words are all required, ``"quoted phrases"`` match
exactly, ``OR`` between words accepts either, a leading ``-`` excludes a word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Float, Integer, Text, text
from sqlalchemy.orm import Session

from archive.errors import ArchiveError
from archive.models import UTCDateTime

MARK_START = "["
MARK_END = "]"

_TOKEN = re.compile(r'(-?)"([^"]*)"|(\S+)')
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class SearchHit:
    article_id: int
    url: str
    title: str
    published_at: datetime | None
    score: float
    snippet: str


def search(session: Session, query: str, limit: int = 20) -> list[SearchHit]:
    """Articles matching ``query``, best first, each with a snippet (matches in ``[...]``)."""
    if limit < 1:
        raise ArchiveError(f"search limit must be at least 1, got {limit}")
    dialect = session.get_bind().dialect.name
    if dialect == "sqlite":
        match = fts5_query(query)
        if not match:
            return []
        rows = session.execute(_SQLITE_SEARCH, {"q": match, "limit": limit})
    elif dialect == "postgresql":
        if not _WORD.search(query):
            return []
        rows = session.execute(_PG_SEARCH, {"q": query, "limit": limit})
    else:
        raise ArchiveError(f"full-text search is not available on {dialect}")
    return [_hit(row) for row in rows]


def _hit(row: Any) -> SearchHit:
    return SearchHit(row.id, row.url, row.title, row.published_at, float(row.score), row.snippet or "")


def fts5_query(query: str) -> str:
    """Translate the search-box syntax into a safe FTS5 MATCH expression ('' if nothing to find)."""
    include: list[str] = []
    exclude: list[str] = []
    pending_or = False
    for match in _TOKEN.finditer(query):
        negate, phrase, word = match.group(1), match.group(2), match.group(3)
        if word == "OR":
            pending_or = bool(include)
            continue
        if word and word.startswith("-") and len(word) > 1:
            negate, word = "-", word[1:]
        words = _WORD.findall(phrase if phrase is not None else word)
        if not words:
            continue
        term = '"' + " ".join(words) + '"'
        if negate:
            exclude.append(term)
        elif pending_or:
            include[-1] = f"({include[-1]} OR {term})"
        else:
            include.append(term)
        pending_or = False
    if not include:
        return ""
    expression = " AND ".join(include)
    for term in exclude:
        expression = f"({expression}) NOT {term}"
    return expression


_SQLITE_SEARCH = text(
    f"""
    SELECT a.id, a.url, a.title, a.published_at,
           -bm25(articles_fts, 10.0, 4.0, 1.0) AS score,
           snippet(articles_fts, 2, '{MARK_START}', '{MARK_END}', '…', 24) AS snippet
    FROM articles_fts JOIN articles AS a ON a.id = articles_fts.rowid
    WHERE articles_fts MATCH :q
    ORDER BY bm25(articles_fts, 10.0, 4.0, 1.0)
    LIMIT :limit
    """
).columns(id=Integer, url=Text, title=Text, published_at=UTCDateTime, score=Float, snippet=Text)

_PG_SEARCH = text(
    f"""
    WITH q AS (SELECT websearch_to_tsquery('english', :q) AS query),
    hits AS (
        SELECT a.id, ts_rank_cd(a.search_vector, q.query) AS score
        FROM articles AS a, q
        WHERE a.search_vector @@ q.query
        ORDER BY score DESC, a.id
        LIMIT :limit
    )
    SELECT a.id, a.url, a.title, a.published_at, hits.score,
           ts_headline('english', a.body, q.query,
                       'StartSel={MARK_START}, StopSel={MARK_END}, MaxWords=30, MinWords=12,
                        MaxFragments=1, FragmentDelimiter=" … "') AS snippet
    FROM hits JOIN articles AS a ON a.id = hits.id, q
    ORDER BY hits.score DESC, a.id
    """
).columns(id=Integer, url=Text, title=Text, published_at=UTCDateTime, score=Float, snippet=Text)
