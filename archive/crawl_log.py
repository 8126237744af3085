"""What a crawl did: its runs, every fetch and every rejected page or item."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from archive.errors import ArchiveError
from archive.models import CrawlRun, Fetch, Reject, utcnow

#: ``crashed``: the run died without closing its row (found so when its lock was taken over)
RUN_STATUSES = ("running", "finished", "failed", "cancelled", "refused", "crashed")


def record_fetch(
    session: Session,
    url: str,
    status: int | None,
    *,
    fetched_at: datetime | None = None,
    size: int | None = None,
    etag: str | None = None,
    last_modified: str | None = None,
    error: str | None = None,
    run_id: int | None = None,
) -> int:
    """Record one HTTP fetch (``status`` None when no response came, with ``error``)."""
    result = session.execute(
        insert(Fetch).values(
            url=url, status=status, fetched_at=fetched_at or utcnow(), bytes=size, etag=etag,
            last_modified=last_modified, error=error, run_id=run_id,
        ).returning(Fetch.id)
    )
    return int(result.scalar_one())


def record_reject(
    session: Session,
    url: str | None,
    reason: str,
    *,
    detail: str | None = None,
    run_id: int | None = None,
    rejected_at: datetime | None = None,
) -> int:
    """Record that ``url`` could not be archived, and why (``reason`` is short and specific)."""
    result = session.execute(
        insert(Reject).values(
            url=url, reason=reason or "unknown reason", detail=detail, run_id=run_id,
            rejected_at=rejected_at or utcnow(),
        ).returning(Reject.id)
    )
    return int(result.scalar_one())


def start_run(session: Session, mode: str, *, started_at: datetime | None = None) -> int:
    """Open a crawl run (status ``running``) and return its id."""
    result = session.execute(
        insert(CrawlRun).values(mode=mode, started_at=started_at or utcnow(), status="running")
        .returning(CrawlRun.id)
    )
    return int(result.scalar_one())


def finish_run(
    session: Session,
    run_id: int,
    status: str,
    *,
    counts: Mapping[str, int] | None = None,
    stats: Mapping[str, Any] | None = None,
    finished_at: datetime | None = None,
) -> None:
    """Close a run with its final status, outcome counts (new/updated/unchanged/rejected), stats."""
    if status not in RUN_STATUSES:
        raise ArchiveError(f"run status {status!r} is not one of {', '.join(RUN_STATUSES)}")
    counts = counts or {}
    values: dict[str, Any] = {
        "status": status,
        "finished_at": finished_at or utcnow(),
        "stats": json.loads(json.dumps(dict(stats), default=str)) if stats is not None else None,
    }
    for name in ("new", "updated", "unchanged", "rejected"):
        if name in counts:
            values[f"{name}_count"] = int(counts[name])
    result = session.execute(update(CrawlRun).where(CrawlRun.id == run_id).values(values))
    if result.rowcount == 0:  # type: ignore[attr-defined]
        raise ArchiveError(f"no crawl run with id {run_id}")


def mark_crashed(session: Session, run_id: int, *, at: datetime | None = None) -> bool:
    """Close a run that died while ``running`` as ``crashed``; False if it was not running."""
    result = session.execute(
        update(CrawlRun)
        .where(CrawlRun.id == run_id, CrawlRun.status == "running")
        .values(status="crashed", finished_at=at or utcnow())
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


def last_good_fetch_size(session: Session, url: str) -> int | None:
    """Bytes of the last fetch of ``url`` that answered 200 without error (None: never)."""
    return session.scalar(
        select(Fetch.bytes)
        .where(Fetch.url == url, Fetch.status == 200, Fetch.error.is_(None))
        .order_by(Fetch.id.desc())
        .limit(1)
    )


def last_run(session: Session, *, status: str | None = "finished", mode: str | None = None) -> CrawlRun | None:
    """The most recently started run (by default the last one that finished successfully)."""
    query = select(CrawlRun).order_by(CrawlRun.started_at.desc(), CrawlRun.id.desc()).limit(1)
    if status is not None:
        query = query.where(CrawlRun.status == status)
    if mode is not None:
        query = query.where(CrawlRun.mode == mode)
    return session.scalars(query).first()
