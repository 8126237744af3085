"""``archive plot health``: the last runs at a glance, one PNG with two panels.

Top: articles per run (new, updated, rejected) and failed fetches; failed-monitor runs marked
with a red cross. Bottom: the theme layer's share of the run's fields and the number of drift
alarms, so a redesign shows as the share falling off a cliff.
"""

from __future__ import annotations

from typing import Any

import matplotlib

matplotlib.use("Agg")

from matplotlib.figure import Figure  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

from archive.crawl.health import RunHealth, recent_runs  # noqa: E402

RUNS = 30


def health_figure(session: Session, runs: int = RUNS) -> Figure:
    """The figure for the last ``runs`` runs."""
    history = list(reversed(recent_runs(session, runs)))
    fig = Figure(figsize=(10, 6), layout="constrained")
    top, bottom = fig.subplots(2, 1, sharex=True)
    ids = [run.id for run in history]
    _counts_panel(top, ids, history)
    _drift_panel(bottom, ids, history)
    bottom.set_xlabel("crawl run")
    fig.suptitle("Crawl health, last runs")
    return fig


def _counts_panel(ax: Any, ids: list[int], history: list[RunHealth]) -> None:
    for label, values in (
        ("new", [r.new for r in history]), ("updated", [r.updated for r in history]),
        ("rejected", [r.rejected for r in history]), ("failed fetches", [r.failed for r in history]),
    ):
        ax.plot(ids, values, marker="o", label=label)
    bad = [(r.id, r.new) for r in history if r.healthy is False]
    if bad:
        ax.scatter([i for i, _ in bad], [n for _, n in bad], marker="x", s=120, color="red",
                   label="a monitor failed", zorder=3)
    ax.set_ylabel("articles / fetches")
    ax.legend(loc="upper left", fontsize="small")


def _drift_panel(ax: Any, ids: list[int], history: list[RunHealth]) -> None:
    shares = [r.theme_share if r.theme_share is not None else float("nan") for r in history]
    ax.plot(ids, shares, marker="o", color="tab:green", label="theme layer share")
    ax.set_ylim(0, 1.05)
    ax.set_ylabel("theme share of fields")
    alarms = ax.twinx()
    alarms.bar(ids, [len(r.drift) for r in history], alpha=0.3, color="tab:red", label="drift alarms")
    alarms.set_ylabel("drift alarms")
    ax.legend(loc="lower left", fontsize="small")
