"""Crawl runs (mode, times, outcome counts, the crawler's stats) and the pages or items a run
could not archive (rejects)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from archive.errors import ArchiveError
from archive.schema.models import CrawlRun, Reject
from archive.times import utcnow

#: ``crashed``: the run died without closing its row (found so when its lock was taken over)
RUN_STATUSES = ("running", "finished", "failed", "cancelled", "refused", "crashed")


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


def last_run(session: Session, *, status: str | None = "finished", mode: str | None = None) -> CrawlRun | None:
    """The most recently started run (by default the last one that finished successfully)."""
    query = select(CrawlRun).order_by(CrawlRun.started_at.desc(), CrawlRun.id.desc()).limit(1)
    if status is not None:
        query = query.where(CrawlRun.status == status)
    if mode is not None:
        query = query.where(CrawlRun.mode == mode)
    return session.scalars(query).first()


def record_health(session: Session, run_id: int, report: Mapping[str, Any]) -> None:
    """Store the monitors' report of run ``run_id`` in ``crawl_runs.health``."""
    value = json.loads(json.dumps(dict(report), default=str))
    result = session.execute(update(CrawlRun).where(CrawlRun.id == run_id).values(health=value))
    if result.rowcount == 0:  # type: ignore[attr-defined]
        raise ArchiveError(f"no crawl run with id {run_id}")


def rejects_by_reason(session: Session, run_id: int) -> dict[str, int]:
    """How many items run ``run_id`` rejected, per reason."""
    rows = session.execute(
        select(Reject.reason, func.count()).where(Reject.run_id == run_id).group_by(Reject.reason)
    )
    return {reason: int(count) for reason, count in rows}
