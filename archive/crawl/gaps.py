"""Completeness: the article URLs the site publishes or links to that the archive lacks or
holds in an older version, each with the reason.

Candidates are the post sitemaps and the feed as last read (``site_urls``), Previous/Next
chain links to an article the archive does not have, and rejected items. Reasons:

* ``never fetched``: no fetch of the URL is recorded;
* ``failed``: the last fetch failed for good (HTTP status or network error);
* ``rejected``: fetched, but the item was refused (see ``rejects``);
* ``lost``: fetched and archived once, no longer in the archive;
* ``changed since``: archived, but the sitemap's lastmod is newer than the last fetch.

Reads only.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from archive.schema.models import Article, ArticleUrl, Fetch, Link, Reject, SiteUrl

CHAIN_KINDS = ("previous_story", "next_story")
REASONS = ("never fetched", "failed", "rejected", "lost", "changed since")
_CHUNK = 500


@dataclass(frozen=True, slots=True)
class Gap:
    """An article the archive lacks (or holds stale), why, and where the site shows it."""

    url: str
    reason: str
    source: str  # sitemap | feed | chain | rejects
    detail: str | None = None


def find_gaps(session: Session) -> list[Gap]:
    """Every gap, missing ones first (by URL), then stale ones."""
    candidates = _candidates(session)
    archived = _archived(session, candidates)
    missing = sorted(url for url in candidates if url not in archived)
    gaps = [_explain(session, url, candidates[url]) for url in missing]
    return gaps + _stale(session)


def _candidates(session: Session) -> dict[str, str]:
    """URL -> where it was seen (the first source wins: sitemap/feed, chain, rejects)."""
    found: dict[str, str] = {}
    for url, source in session.execute(select(SiteUrl.url, SiteUrl.source)):
        found.setdefault(url, source)
    chain = select(Link.target_url).where(
        Link.kind.in_(CHAIN_KINDS), Link.target_article_id.is_(None)
    ).distinct()
    for url in session.scalars(chain):
        found.setdefault(url, "chain")
    rejected = select(Reject.url).where(Reject.url.is_not(None)).distinct()
    for reject_url in session.scalars(rejected):
        found.setdefault(str(reject_url), "rejects")
    return found


def _archived(session: Session, urls: Iterable[str]) -> set[str]:
    """The subset of ``urls`` that lead to an archived article."""
    wanted, known = sorted(urls), set()
    for start in range(0, len(wanted), _CHUNK):
        chunk = wanted[start:start + _CHUNK]
        known |= set(session.scalars(select(ArticleUrl.url).where(ArticleUrl.url.in_(chunk))))
        known |= set(session.scalars(select(Article.url).where(Article.url.in_(chunk))))
    return known


def _explain(session: Session, url: str, source: str) -> Gap:
    last = session.execute(
        select(Fetch.status, Fetch.error).where(Fetch.url == url)
        .order_by(Fetch.fetched_at.desc(), Fetch.id.desc()).limit(1)
    ).first()
    if last is not None and (last.error or (last.status or 0) >= 400):
        return Gap(url, "failed", source, last.error or f"HTTP {last.status}")
    reject = session.scalars(
        select(Reject.reason).where(Reject.url == url).order_by(Reject.id.desc()).limit(1)
    ).first()
    if reject is not None:
        return Gap(url, "rejected", source, reject)
    if last is not None:
        return Gap(url, "lost", source, f"fetched with HTTP {last.status}, not in the archive")
    return Gap(url, "never fetched", source)


def _stale(session: Session) -> list[Gap]:
    """Archived articles whose sitemap lastmod is newer than their last fetch."""
    query = (
        select(SiteUrl.url, SiteUrl.source, SiteUrl.lastmod, Article.last_fetched)
        .join(ArticleUrl, ArticleUrl.url == SiteUrl.url)
        .join(Article, Article.id == ArticleUrl.article_id)
        .where(SiteUrl.lastmod.is_not(None), SiteUrl.lastmod > Article.last_fetched)
        .order_by(SiteUrl.url)
    )
    return [
        Gap(row.url, "changed since", row.source,
            f"lastmod {row.lastmod:%Y-%m-%d %H:%M} after the last fetch {row.last_fetched:%Y-%m-%d %H:%M}")
        for row in session.execute(query)
    ]


def gap_counts(gaps: Iterable[Gap]) -> dict[str, int]:
    """Gaps per reason, every reason present (0 when none)."""
    counts = dict.fromkeys(REASONS, 0)
    for gap in gaps:
        counts[gap.reason] = counts.get(gap.reason, 0) + 1
    return counts


def count_site_urls(session: Session) -> int:
    """How many article URLs the site's sitemaps and feed listed when last read."""
    return int(session.scalar(select(func.count()).select_from(SiteUrl)) or 0)
