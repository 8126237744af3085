"""Breakdowns of the archive for ``archive stats``: per month, category, author, source, and
the crawl's health (which extraction layer produced the bodies, rejects by reason, last runs)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import extract, func, select
from sqlalchemy.orm import Session

from archive.models import (
    Article,
    ArticleAuthor,
    ArticleCategory,
    Author,
    Category,
    CrawlRun,
    Reject,
)
from archive.record import iso_utc

NO_SOURCE = "(none)"
NOT_RECORDED = "(not recorded)"


def archive_breakdown(session: Session, *, top: int = 10, runs: int = 5) -> dict[str, Any]:
    """Per-month counts, the ``top`` categories/authors/sources (0: all) and crawl health."""
    return {
        "articles_per_month": articles_per_month(session),
        "by_category": _counted(session, select(Category.name, func.count())
                                .join(ArticleCategory, ArticleCategory.category_id == Category.id)
                                .group_by(Category.name), top),
        "by_author": _counted(session, select(Author.name, func.count())
                              .join(ArticleAuthor, ArticleAuthor.author_id == Author.id)
                              .group_by(Author.name), top),
        "by_source": _counted(session, select(Article.source, func.count())
                              .group_by(Article.source), top, none=NO_SOURCE),
        "extraction_layers": extraction_layers(session),
        "rejects_by_reason": dict(_counted(session, select(Reject.reason, func.count())
                                           .group_by(Reject.reason), 0)),
        "last_runs": last_runs(session, runs),
    }


def articles_per_month(session: Session) -> dict[str, int]:
    """``{"2022-03": 41, ...}`` in time order (UTC months; undated articles left out)."""
    year = extract("year", Article.published_at)
    month = extract("month", Article.published_at)
    rows = session.execute(
        select(year, month, func.count()).where(Article.published_at.is_not(None))
        .group_by(year, month).order_by(year, month)
    )
    return {f"{int(y):04d}-{int(m):02d}": n for y, m, n in rows}


def extraction_layers(session: Session) -> dict[str, dict[str, float | int]]:
    """Per extraction layer (theme, structured, fallback): article count and share."""
    rows = session.execute(select(Article.extraction, func.count())
                           .group_by(Article.extraction)).all()
    total = sum(n for _, n in rows) or 1
    return {name or NOT_RECORDED: {"articles": n, "share": round(n / total, 4)}
            for name, n in sorted(rows, key=lambda row: (row[0] is None, row[0] or ""))}


def last_runs(session: Session, limit: int = 5) -> list[dict[str, Any]]:
    """The newest crawl runs with their outcome and counts, newest first."""
    rows = session.scalars(
        select(CrawlRun).order_by(CrawlRun.started_at.desc(), CrawlRun.id.desc()).limit(limit)
    )
    return [{
        "id": run.id, "mode": run.mode, "status": run.status,
        "started_at": iso_utc(run.started_at), "finished_at": iso_utc(run.finished_at),
        "new": run.new_count, "updated": run.updated_count, "unchanged": run.unchanged_count,
        "rejected": run.rejected_count,
    } for run in rows]


def _counted(session: Session, query: Any, top: int, none: str = "") -> dict[str, int]:
    """``query`` selects (name, count): largest first, ties by name, at most ``top`` (0: all);
    a NULL name is reported as ``none``."""
    ordered = query.order_by(func.count().desc(), query.selected_columns[0])
    if top:
        ordered = ordered.limit(top)
    return {none if name is None else str(name): n for name, n in session.execute(ordered)}
