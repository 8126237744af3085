"""Drift: how each field of a run's articles was extracted, compared with the runs before.

A run's *field profile* (made by the crawler's field-profile extension, stored in
``crawl_runs.health["profile"]``) counts, per contract field, the articles whose field came
from each extraction layer (``theme``, ``structured``, ``anchor``, ...) or was ``missing``,
with a few example URLs per layer::

    {"items": 120, "fields": {"authors": {"theme": 118, "missing": 2}},
     "examples": {"authors": {"missing": ["https://asianlite.com/..."]}}}

A redesign shows as the field's usual layer losing its share (the theme's selectors stop
matching) or the missing rate jumping. Reads only.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from archive.schema.models import CrawlRun

MISSING = "missing"
Profile = Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class DriftAlarm:
    """One field that drifted: which layer, its share before (mean of earlier runs) and now."""

    field: str
    kind: str  # "layer share fell" | "missing rate rose"
    layer: str
    before: float
    now: float
    examples: tuple[str, ...] = ()

    def message(self) -> str:
        where = f" e.g. {', '.join(self.examples)}" if self.examples else ""
        if self.kind == "missing rate rose":
            return f"{self.field}: missing in {self.now:.0%} of articles (was {self.before:.0%}){where}"
        return f"{self.field}: {self.layer} layer {self.now:.0%} of articles (was {self.before:.0%}){where}"

    def as_dict(self) -> dict[str, Any]:
        return {"field": self.field, "kind": self.kind, "layer": self.layer, "before": self.before,
                "now": self.now, "examples": list(self.examples), "message": self.message()}


def shares(profile: Profile) -> dict[str, dict[str, float]]:
    """Field -> layer -> share of the run's articles."""
    items = int(profile.get("items") or 0)
    if not items:
        return {}
    return {field: {layer: count / items for layer, count in layers.items()}
            for field, layers in (profile.get("fields") or {}).items()}


def drift_alarms(
    current: Profile,
    previous: Sequence[Profile],
    *,
    share_drop: float = 0.25,
    missing_rise: float = 0.25,
    min_items: int = 5,
) -> list[DriftAlarm]:
    """Alarms for ``current`` against the mean of ``previous`` (runs with at least
    ``min_items`` articles count; none -> no alarm)."""
    baseline = [p for p in previous if int(p.get("items") or 0) >= min_items]
    if int(current.get("items") or 0) < min_items or not baseline:
        return []
    now, before = shares(current), _mean_shares([shares(p) for p in baseline])
    examples = current.get("examples") or {}
    alarms: list[DriftAlarm] = []
    for field in sorted(before):
        alarms += _field_alarms(field, before[field], now.get(field, {}), examples.get(field) or {},
                                share_drop, missing_rise)
    return alarms


def _field_alarms(
    field: str, before: dict[str, float], now: dict[str, float], examples: Mapping[str, Any],
    share_drop: float, missing_rise: float,
) -> list[DriftAlarm]:
    alarms = []
    usual = max((layer for layer in before if layer != MISSING), key=before.__getitem__, default=None)
    if usual is not None and before[usual] - now.get(usual, 0.0) >= share_drop:
        others = [url for layer, urls in examples.items() if layer != usual for url in urls]
        alarms.append(DriftAlarm(field, "layer share fell", usual, before[usual],
                                 now.get(usual, 0.0), tuple(others[:3])))
    if now.get(MISSING, 0.0) - before.get(MISSING, 0.0) >= missing_rise:
        alarms.append(DriftAlarm(field, "missing rate rose", MISSING, before.get(MISSING, 0.0),
                                 now[MISSING], tuple(examples.get(MISSING, ())[:3])))
    return alarms


def _mean_shares(runs: Sequence[dict[str, dict[str, float]]]) -> dict[str, dict[str, float]]:
    fields = {field for run in runs for field in run}
    mean: dict[str, dict[str, float]] = {}
    for field in fields:
        layers = {layer for run in runs for layer in run.get(field, {})}
        mean[field] = {layer: sum(run.get(field, {}).get(layer, 0.0) for run in runs) / len(runs)
                       for layer in layers}
    return mean


def previous_profiles(session: Session, *, before_run: int | None, runs: int = 5) -> list[Profile]:
    """The field profiles of the last ``runs`` runs (before run id ``before_run``) that have one."""
    query = select(CrawlRun.health).where(CrawlRun.health.is_not(None)).order_by(CrawlRun.id.desc())
    if before_run is not None:
        query = query.where(CrawlRun.id < before_run)
    found: list[Profile] = []
    for health in session.scalars(query.limit(runs * 4)):
        profile = (health or {}).get("profile")
        if profile and len(found) < runs:
            found.append(profile)
    return found
