"""``archive stats``: counts and breakdowns of the whole archive, as a table or JSON."""

from __future__ import annotations

from typing import Any

import click

from archive.cli.common import db_option, read_session
from archive.cli.terminal import json_text, printable
from archive.research.stats import archive_stats


@click.command("stats")
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@click.option("--top", type=click.IntRange(min=0), default=10, show_default=True,
              help="How many categories, authors and sources to list (0: all).")
def stats_command(as_json: bool, top: int) -> None:
    """Show counts of articles, revisions, links and crawls; articles per year and month, by
    category, author and source; crawl health (bodies per extraction layer, the layer of every
    field, rejects by reason, the last runs).

    Example:

        archive stats --json --top 0 > stats.json
    """
    with read_session() as session:
        stats = archive_stats(session, top=top)
    if as_json:
        click.echo(json_text(stats))
        return
    for key, value in stats.items():
        click.echo(printable(_line(key, value)))


def _line(key: str, value: Any) -> str:
    if isinstance(value, list):
        rows = [", ".join(f"{k}: {v}" for k, v in item.items()) for item in value]
        return f"{key:<18} " + ("\n" + " " * 19).join(rows or ["-"])
    if isinstance(value, dict):
        inner = ", ".join(f"{k}: {_short(v)}" for k, v in value.items()) or "-"
        return f"{key:<18} {inner}"
    return f"{key:<18} {'-' if value is None else value}"


def _short(value: Any) -> str:
    if isinstance(value, dict) and "share" in value:
        return " ".join(f"{v:.1%}" if k == "share" else f"{v}" for k, v in value.items())
    if isinstance(value, dict):  # field_layers: layer=count
        return "(" + " ".join(f"{k}={v}" for k, v in value.items()) + ")"
    return str(value)


def register(group: click.Group) -> None:
    group.add_command(stats_command)
