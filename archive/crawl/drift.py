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

import math
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
        return (f"{self.field}: {self.layer} layer found {self.now:.0%} of it "
                f"(was {self.before:.0%}){where}")

    def as_dict(self) -> dict[str, Any]:
        return {"field": self.field, "kind": self.kind, "layer": self.layer, "before": self.before,
                "now": self.now, "examples": list(self.examples), "message": self.message()}


def shares(profile: Profile) -> dict[str, dict[str, float]]:
    """Field -> layer -> share of the run's articles (``missing`` included)."""
    items = int(profile.get("items") or 0)
    if not items:
        return {}
    return {field: {layer: count / items for layer, count in layers.items()}
            for field, layers in (profile.get("fields") or {}).items()}


def present_shares(profile: Profile, *, min_present: int = 1) -> dict[str, dict[str, float]]:
    """Field -> layer -> share among the articles that have the field (fields present in
    fewer than ``min_present`` articles are left out): how a field is found, whatever how
    often it is missing."""
    found: dict[str, dict[str, float]] = {}
    for field, layers in (profile.get("fields") or {}).items():
        present = {layer: n for layer, n in layers.items() if layer != MISSING}
        total = sum(present.values())
        if total >= min_present:
            found[field] = {layer: n / total for layer, n in present.items()}
    return found


def drift_alarms(
    current: Profile,
    previous: Sequence[Profile],
    *,
    share_drop: float = 0.25,
    missing_rise: float = 0.25,
    min_items: int = 5,
) -> list[DriftAlarm]:
    """Alarms for ``current`` against the mean of ``previous`` (runs with at least
    ``min_items`` articles count; none -> no alarm).

    Two rules per field: the layer that usually finds it (among the articles that have it)
    lost ``share_drop`` of its share; or the field, usually present (missing in at most half
    the articles), went missing in ``missing_rise`` more of them. Optional fields that new
    posts lack (``modified_at``) thus raise nothing."""
    baseline = [p for p in previous if int(p.get("items") or 0) >= min_items]
    if int(current.get("items") or 0) < min_items or not baseline:
        return []
    examples = current.get("examples") or {}
    layers_now = present_shares(current, min_present=min_items)
    layers_before = _mean_shares([present_shares(p) for p in baseline])
    missing_now, missing_before = _missing(shares(current)), _missing(_mean_shares([shares(p) for p in baseline]))
    items = int(current.get("items") or 0)
    alarms: list[DriftAlarm] = []
    for field in sorted(set(layers_before) | set(missing_before)):
        field_examples = examples.get(field) or {}
        if field in layers_now:
            alarms += _layer_alarm(field, layers_before.get(field, {}), layers_now[field], field_examples,
                                   share_drop, items)
        before = missing_before.get(field, 0.0)
        rise = missing_now.get(field, 0.0) - before
        if before <= 0.5 and rise >= max(missing_rise, sampling_noise(before, items)):
            alarms.append(DriftAlarm(field, "missing rate rose", MISSING, missing_before.get(field, 0.0),
                                     missing_now[field], tuple(field_examples.get(MISSING, ())[:3])))
    return alarms


def sampling_noise(share: float, items: int) -> float:
    """How far a share seen in ``items`` articles may wander by chance alone: three standard
    errors of a proportion. A small run (the hourly crawl's five new posts) must move a lot
    before it counts as drift; a backfill's shares are near exact."""
    return 3 * math.sqrt(share * (1 - share) / items) if items else 1.0


def _layer_alarm(
    field: str, before: dict[str, float], now: dict[str, float], examples: Mapping[str, Any],
    share_drop: float, items: int,
) -> list[DriftAlarm]:
    usual = max(before, key=before.__getitem__, default=None)
    if usual is None:
        return []
    fall = before[usual] - now.get(usual, 0.0)
    if fall < max(share_drop, sampling_noise(before[usual], items)):
        return []
    others = [url for layer, urls in examples.items() if layer not in (usual, MISSING) for url in urls]
    return [DriftAlarm(field, "layer share fell", usual, before[usual], now.get(usual, 0.0),
                       tuple(others[:3]))]


def _missing(field_shares: dict[str, dict[str, float]]) -> dict[str, float]:
    return {field: layers.get(MISSING, 0.0) for field, layers in field_shares.items()}


def _mean_shares(runs: Sequence[dict[str, dict[str, float]]]) -> dict[str, dict[str, float]]:
    fields = {field for run in runs for field in run}
    mean: dict[str, dict[str, float]] = {}
    for field in fields:
        layers = {layer for run in runs for layer in run.get(field, {})}
        mean[field] = {layer: sum(run.get(field, {}).get(layer, 0.0) for run in runs) / len(runs)
                       for layer in layers}
    return mean


def previous_profiles(session: Session, *, before_run: int | None, runs: int = 5) -> list[Profile]:
    """The field profiles of the last ``runs`` finished runs (before run id ``before_run``):
    a cancelled or failed run saw an unusual part of the site and is no baseline."""
    query = (select(CrawlRun.health)
             .where(CrawlRun.health.is_not(None), CrawlRun.status == "finished")
             .order_by(CrawlRun.id.desc()))
    if before_run is not None:
        query = query.where(CrawlRun.id < before_run)
    found: list[Profile] = []
    for health in session.scalars(query.limit(runs * 4)):
        profile = (health or {}).get("profile")
        if profile and len(found) < runs:
            found.append(profile)
    return found
