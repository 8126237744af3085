"""Full-text search, the one implementation behind the CLI, the Python API and the bench: FTS5 on
SQLite, tsvector on PostgreSQL, with the research filters (dates, category, tag, author, source)
and an offset for paging; each hit carries its category and wire agency.

Query syntax (like a web search box; one parser, :mod:`archive.research.query_syntax`, for
both databases): words are all required, ``"quoted phrases"`` match exactly, ``OR`` between
words accepts either, a leading ``-`` excludes a word. Ranking: FTS5
bm25 weighted title > summary > body on SQLite, ``ts_rank_cd`` over the weighted tsvector on
PostgreSQL; ties go to the newest article id.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Float, Select, bindparam, column, func, literal_column, select, table, text
from sqlalchemy.orm import Session

from archive.errors import ArchiveError, BadInput
from archive.research import query_syntax
from archive.research.filters import ArticleFilter, apply_filters
from archive.schema.models import Article, Category
from archive.times import iso_utc

MARK_START = "["
MARK_END = "]"

#: Bounds of paging: beyond them a database integer would overflow (and no archive is that big).
MAX_LIMIT = 10_000
MAX_OFFSET = 1_000_000_000


@dataclass(frozen=True)
class SearchResult:
    """One hit: the article, its rank (higher is better) and a snippet with matches in [...]."""

    rank: int
    score: float
    article_id: int
    post_id: int | None
    url: str
    title: str
    published_at: datetime | None
    category: str | None
    source: str | None
    snippet: str

    def as_dict(self) -> dict[str, Any]:
        values = asdict(self)
        values["published_at"] = iso_utc(self.published_at)
        return values


RESULT_FIELDS = tuple(SearchResult.__dataclass_fields__)


def search_articles(
    session: Session, query: str, filters: ArticleFilter | None = None, *,
    limit: int = 20, offset: int = 0,
) -> list[SearchResult]:
    """Articles matching ``query`` and ``filters``, best first (ties: newest id first)."""
    if limit < 1:
        raise ArchiveError(f"search limit must be at least 1, got {limit}")
    if offset < 0:
        raise ArchiveError(f"search offset must not be negative, got {offset}")
    if limit > MAX_LIMIT or offset > MAX_OFFSET:
        raise BadInput(f"search limit must be at most {MAX_LIMIT} and offset at most "
                       f"{MAX_OFFSET}, got {limit} and {offset}")
    dialect = session.get_bind().dialect.name
    parsed = query_syntax.parse(query)
    if parsed.empty:
        return []
    if dialect == "sqlite":
        statement, params = _sqlite(filters), {"q": query_syntax.to_fts5(parsed)}
    elif dialect == "postgresql":
        statement, params = _postgres(filters), {"q": query_syntax.to_tsquery(parsed)}
    else:
        raise ArchiveError(f"full-text search is not available on {dialect}")
    rows = session.execute(statement.limit(limit).offset(offset), params).all()
    return [_result(offset + i + 1, row) for i, row in enumerate(rows)]


def fts5_query(query: str) -> str:
    """The search-box syntax as a safe FTS5 MATCH expression ('' if nothing to find)."""
    return query_syntax.to_fts5(query_syntax.parse(query))


def _columns(score: Any, snippet: Any) -> Select[Any]:
    return select(
        Article.id, Article.post_id, Article.url, Article.title, Article.published_at,
        Category.name.label("category"), Article.source, score.label("score"),
        snippet.label("snippet"),
    )


_FTS = table("articles_fts", column("rowid"))


def _sqlite(filters: ArticleFilter | None) -> Select[Any]:
    bm25 = literal_column("bm25(articles_fts, 10.0, 4.0, 1.0)", Float)
    snippet: Any = literal_column(
        f"snippet(articles_fts, 2, '{MARK_START}', '{MARK_END}', '…', 24)")
    statement = (
        _columns(-bm25, snippet)
        .select_from(_FTS)
        .join(Article, Article.id == _FTS.c.rowid)
        .outerjoin(Category, Category.id == Article.category_id)
        .where(text("articles_fts MATCH :q"))
        .order_by(bm25, Article.id.desc())
    )
    return apply_filters(statement, filters)


def _postgres(filters: ArticleFilter | None) -> Select[Any]:
    tsquery = func.to_tsquery("english", bindparam("q"))
    vector: Any = literal_column("articles.search_vector")
    score = func.ts_rank_cd(vector, tsquery, type_=Float)
    snippet = func.ts_headline(
        "english", Article.body, tsquery,
        f"StartSel={MARK_START}, StopSel={MARK_END}, MaxWords=30, MinWords=12, "
        'MaxFragments=1, FragmentDelimiter=" … "')
    statement = (
        _columns(score, snippet)
        .outerjoin(Category, Category.id == Article.category_id)
        .where(vector.op("@@")(tsquery))
        .order_by(score.desc(), Article.id.desc())
    )
    return apply_filters(statement, filters)


def _result(rank: int, row: Any) -> SearchResult:
    return SearchResult(
        rank=rank, score=float(row.score), article_id=row.id, post_id=row.post_id,
        url=row.url, title=row.title, published_at=row.published_at, category=row.category,
        source=row.source, snippet=row.snippet or "",
    )
