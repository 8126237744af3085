"""The crawl's health over its last runs: counts, monitors, drift alarms (from
``crawl_runs``), for ``archive health`` and ``archive plot health``. Reads only."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from archive.schema.models import CrawlRun


@dataclass(frozen=True, slots=True)
class RunHealth:
    """One run as ``archive health`` shows it."""

    id: int
    mode: str
    status: str
    started_at: datetime
    new: int
    updated: int
    rejected: int
    failed: int
    items: int
    monitors_failed: tuple[str, ...] = ()
    monitors: int = 0
    drift: tuple[str, ...] = field(default=())
    theme_share: float | None = None

    @property
    def healthy(self) -> bool | None:
        """None when the run has no monitor report (an older run, or monitors disabled)."""
        return None if not self.monitors else not self.monitors_failed


def recent_runs(session: Session, runs: int = 10) -> list[RunHealth]:
    """The last ``runs`` runs, newest first."""
    rows = session.scalars(select(CrawlRun).order_by(CrawlRun.id.desc()).limit(runs))
    return [_run_health(run) for run in rows]


def _run_health(run: CrawlRun) -> RunHealth:
    health: dict[str, Any] = run.health or {}
    stats: dict[str, Any] = run.stats or {}
    monitors = health.get("monitors") or []
    profile = health.get("profile") or {}
    return RunHealth(
        id=run.id, mode=run.mode, status=run.status, started_at=run.started_at,
        new=run.new_count, updated=run.updated_count, rejected=run.rejected_count,
        failed=int(stats.get("fetch/failed", 0) or 0), items=int(profile.get("items") or 0),
        monitors_failed=tuple(m["name"] for m in monitors if m.get("status") in ("failed", "error")),
        monitors=len(monitors),
        drift=tuple(alarm.get("message", "") for alarm in health.get("drift") or ()),
        theme_share=theme_share(profile),
    )


def theme_share(profile: dict[str, Any]) -> float | None:
    """Share of (article, field) pairs the theme layer produced: one number per run to plot."""
    fields = profile.get("fields") or {}
    total = sum(sum(layers.values()) for layers in fields.values())
    if not total:
        return None
    return sum(layers.get("theme", 0) for layers in fields.values()) / total
