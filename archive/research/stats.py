"""What ``archive stats`` reports: counts of everything archived, articles per year and month, by
category, author and source, and the crawl's health (which extraction layer produced the bodies,
rejects by reason, the last runs)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import extract, func, select
from sqlalchemy.orm import Session

from archive.schema.models import (
    Article,
    ArticleAuthor,
    ArticleCategory,
    ArticleRevision,
    Author,
    Category,
    CrawlRun,
    Fetch,
    Image,
    Link,
    Reject,
    Tag,
)
from archive.times import iso_utc

NO_SOURCE = "(none)"
NOT_RECORDED = "(not recorded)"


def archive_stats(session: Session, *, top: int = 10) -> dict[str, Any]:
    """Counts of everything archived, the published range, articles per year, top primary
    categories, the last run, and the breakdowns of :func:`archive_breakdown` (months,
    categories, authors, sources, extraction layers, rejects by reason, last runs)."""
    newest = last_runs(session, 1)
    return {
        **table_counts(session),
        **published_range(session),
        "articles_per_year": articles_per_year(session),
        "top_categories": _counted(session, select(Category.name, func.count())
                                   .join(Article, Article.category_id == Category.id)
                                   .group_by(Category.name), top),
        "last_run": {key: newest[0][key] for key in ("id", "mode", "status", "started_at")}
        if newest else None,
        **archive_breakdown(session, top=top),
    }


#: What ``archive stats`` counts, in the order it prints them.
_COUNTED = {"articles": Article, "revisions": ArticleRevision, "authors": Author,
            "categories": Category, "tags": Tag, "images": Image, "links": Link}
_COUNTED_CRAWL = {"fetches": Fetch, "rejects": Reject, "crawl_runs": CrawlRun}


def table_counts(session: Session) -> dict[str, int]:
    """Rows per table, and how many links point at an archived article (``links_resolved``)."""
    def count(model: Any) -> int:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)

    counts = {name: count(model) for name, model in _COUNTED.items()}
    counts["links_resolved"] = count(select(Link).where(Link.target_article_id.is_not(None))
                                     .subquery())
    counts.update({name: count(model) for name, model in _COUNTED_CRAWL.items()})
    return counts


def published_range(session: Session) -> dict[str, str | None]:
    """The first and last publication time in the archive (UTC ISO 8601; None when empty)."""
    first, last = session.execute(
        select(func.min(Article.published_at), func.max(Article.published_at))).one()
    return {"first_published": iso_utc(first), "last_published": iso_utc(last)}


def articles_per_year(session: Session) -> dict[str, int]:
    """``{"2022": 480, ...}`` in time order (UTC years; undated articles left out)."""
    year = extract("year", Article.published_at)
    rows = session.execute(select(year, func.count()).where(Article.published_at.is_not(None))
                           .group_by(year).order_by(year))
    return {str(int(y)): n for y, n in rows}


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
        "field_layers": field_layers(session),
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


def field_layers(session: Session) -> dict[str, dict[str, int]]:
    """Per field, how many archived articles got it from each layer (``articles.layers``;
    articles stored before layers were recorded are left out)."""
    counts: dict[str, dict[str, int]] = {}
    for layers in session.scalars(select(Article.layers).where(Article.layers.is_not(None))
                                  .execution_options(yield_per=2000)):
        for field, layer in (layers or {}).items():
            counts.setdefault(field, {})
            counts[field][layer] = counts[field].get(layer, 0) + 1
    return {field: dict(sorted(counts[field].items())) for field in sorted(counts)}


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
