"""Plots of the archive with matplotlib (Agg, no display): timeline, category mix, wire-agency
share, link-degree distribution.

Each ``*_figure`` function reads what it needs and returns a :class:`matplotlib.figure.Figure`
(no pyplot state), so tests and notebooks can inspect it; :func:`save_png` writes it.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

import matplotlib

matplotlib.use("Agg")

from matplotlib.figure import Figure  # noqa: E402
from sqlalchemy import extract, func, select  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

from archive.research.filters import ArticleFilter, apply_filters  # noqa: E402
from archive.research.stats import NO_SOURCE  # noqa: E402
from archive.schema.models import Article, Category, Link  # noqa: E402

OTHER = "other"


def timeline_figure(session: Session, filters: ArticleFilter | None = None) -> Figure:
    """Articles per month."""
    year = extract("year", Article.published_at)
    month = extract("month", Article.published_at)
    rows = session.execute(apply_filters(
        select(year, month, func.count()).where(Article.published_at.is_not(None)), filters,
    ).group_by(year, month).order_by(year, month)).all()
    fig, ax = _figure()
    positions = [int(y) + (int(m) - 1) / 12 for y, m, _ in rows]
    ax.bar(positions, [n for _, _, n in rows], width=1 / 12, align="edge", color="#35618f")
    ax.set(title="Articles per month", xlabel="month", ylabel="articles")
    return fig


def categories_figure(session: Session, filters: ArticleFilter | None = None,
                      top: int = 8) -> Figure:
    """Share of each primary category per year (the ``top`` largest, the rest as 'other')."""
    year = extract("year", Article.published_at)
    rows = session.execute(apply_filters(
        select(year, Category.name, func.count())
        .outerjoin(Category, Category.id == Article.category_id)
        .where(Article.published_at.is_not(None)), filters,
    ).group_by(year, Category.name)).all()
    years, shares = _shares([(int(y), name or "(none)", n) for y, name, n in rows], top)
    fig, ax = _figure()
    if years:
        ax.stackplot(years, list(shares.values()), labels=list(shares), alpha=0.9)
        ax.legend(loc="upper left", fontsize="small", ncols=2)
    ax.set(title="Category mix per year", xlabel="year", ylabel="share of articles",
           ylim=(0, 1))
    return fig


def sources_figure(session: Session, filters: ArticleFilter | None = None,
                   top: int = 6) -> Figure:
    """Share of articles per wire agency (ANI, IANS, ...; '(none)': the paper's own) per year."""
    year = extract("year", Article.published_at)
    rows = session.execute(apply_filters(
        select(year, Article.source, func.count()).where(Article.published_at.is_not(None)),
        filters,
    ).group_by(year, Article.source)).all()
    years, shares = _shares([(int(y), name or NO_SOURCE, n) for y, name, n in rows], top)
    fig, ax = _figure()
    bottom = [0.0] * len(years)
    for name, values in shares.items():
        ax.bar(years, values, bottom=bottom, label=name)
        bottom = [b + v for b, v in zip(bottom, values, strict=True)]
    if years:
        ax.legend(loc="upper left", fontsize="small", ncols=2)
    ax.set(title="Wire-agency share per year", xlabel="year", ylabel="share of articles",
           ylim=(0, 1))
    return fig


def degree_figure(session: Session, filters: ArticleFilter | None = None) -> Figure:
    """How many articles have each number of incoming and outgoing links (log-log)."""
    ids = apply_filters(select(Article.id), filters)
    out_degree = Counter(n for (n,) in session.execute(
        select(func.count()).where(Link.article_id.in_(ids), Link.current.is_(True))
        .group_by(Link.article_id)))
    in_degree = Counter(n for (n,) in session.execute(
        select(func.count()).where(Link.target_article_id.in_(ids), Link.current.is_(True))
        .group_by(Link.target_article_id)))
    fig, ax = _figure()
    for label, counts, marker in (("incoming", in_degree, "o"), ("outgoing", out_degree, "s")):
        degrees = sorted(counts)
        ax.plot(degrees, [counts[d] for d in degrees], marker, label=label, alpha=0.8)
    if in_degree or out_degree:
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.legend()
    ax.set(title="Link-degree distribution", xlabel="links per article (degree)",
           ylabel="articles")
    return fig


PLOTS: dict[str, Callable[..., Figure]] = {
    "timeline": timeline_figure,
    "categories": categories_figure,
    "sources": sources_figure,
    "degree": degree_figure,
}


def save_png(fig: Figure, out: str | Path | IO[bytes], *, dpi: int = 120) -> None:
    fig.savefig(out, format="png", dpi=dpi)


def _figure() -> tuple[Figure, Any]:
    fig = Figure(figsize=(10, 5), layout="constrained")
    return fig, fig.add_subplot()


def _shares(rows: list[tuple[int, str, int]], top: int) -> tuple[list[int], dict[str, list[float]]]:
    """(years, {name: share per year}) keeping the ``top`` names by total, others as 'other'."""
    totals: Counter[str] = Counter()
    for _, name, n in rows:
        totals[name] += n
    kept = [name for name, _ in sorted(totals.items(), key=lambda kv: (-kv[1], kv[0]))[:top]]
    per_year: dict[int, Counter[str]] = defaultdict(Counter)
    for y, name, n in rows:
        per_year[y][name if name in kept else OTHER] += n
    years = sorted(per_year)
    names = kept + ([OTHER] if any(OTHER in per_year[y] for y in years) else [])
    shares = {name: [per_year[y][name] / sum(per_year[y].values()) for y in years]
              for name in names}
    return years, shares
