"""``archive health``: the last crawl runs (counts, monitors, drift) and the archive's gaps."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import TYPE_CHECKING

import click

from archive.cli.common import db_option, read_session

if TYPE_CHECKING:
    from archive.crawl.gaps import Gap
    from archive.crawl.health import RunHealth


@click.command("health")
@db_option
@click.option("--runs", type=click.IntRange(min=1, max=1000), default=10, show_default=True,
              help="How many of the last runs to show.")
@click.option("--gaps", "show_gaps", is_flag=True,
              help="List every missing or stale article with the reason instead of the runs.")
@click.option("--json", "as_json", is_flag=True, help="JSON instead of a table.")
def health_command(runs: int, show_gaps: bool, as_json: bool) -> None:
    """Show the crawl's health: the last runs as a table (articles, failed fetches, monitors,
    drift alarms) and the gaps per reason; with --gaps, every gap (URL, reason, where the site
    lists it, detail). `scrapy crawl asianlite -a mode=repair` fetches exactly the gaps.

    Reasons: never fetched, failed, rejected, lost (archived once, gone), changed since
    (the sitemap's lastmod is newer than the last fetch).

    Example:

        archive health --runs 5
        archive health --gaps --json > gaps.json
    """
    from archive.crawl.gaps import find_gaps, gap_counts
    from archive.crawl.health import recent_runs

    with read_session() as session:
        gaps = find_gaps(session)
        history = [] if show_gaps else recent_runs(session, runs)
    if show_gaps:
        _print_gaps(gaps, as_json)
        return
    counts = gap_counts(gaps)
    if as_json:
        rows = [{**asdict(run), "healthy": run.healthy} for run in history]
        click.echo(json.dumps({"runs": rows, "gaps": counts}, indent=2, default=str))
        return
    click.echo(_runs_table(history))
    click.echo("\ngaps: " + ", ".join(f"{n} {reason}" for reason, n in counts.items())
               + "  (archive health --gaps lists them)")


def _print_gaps(gaps: list[Gap], as_json: bool) -> None:
    if as_json:
        click.echo(json.dumps([asdict(gap) for gap in gaps], indent=2))
        return
    for gap in gaps:
        click.echo(f"{gap.reason:14} {gap.source:8} {gap.url}" + (f"  ({gap.detail})" if gap.detail else ""))
    click.echo(f"{len(gaps)} gaps", err=True)


def _runs_table(history: list[RunHealth]) -> str:
    lines = [f"{'run':>5} {'started (UTC)':16} {'mode':11} {'status':9} {'new':>6} {'upd':>5} "
             f"{'rej':>4} {'fail':>5}  monitors / drift"]
    for run in history:
        verdict = ("-" if run.healthy is None else "ok" if run.healthy
                   else "FAILED " + ", ".join(run.monitors_failed))
        lines.append(
            f"{run.id:>5} {run.started_at:%Y-%m-%d %H:%M} {run.mode:11} {run.status:9} "
            f"{run.new:>6} {run.updated:>5} {run.rejected:>4} {run.failed:>5}  {verdict}"
        )
        lines += [f"{'':>5} drift: {message}" for message in run.drift]
    return "\n".join(lines)


def register(group: click.Group) -> None:
    group.add_command(health_command)
