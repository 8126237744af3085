"""``archive export``: stream contract records as JSON lines or CSV."""

from __future__ import annotations

import sys
from datetime import datetime

import click

from archive.cli.common import db_option, read_session
from archive.export import EXPORT_FORMATS, ExportFilter, iter_records, write_records


@click.command("export")
@db_option
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS), default="jsonl",
              show_default=True, help="jsonl: one JSON object per line; csv: lists as JSON cells.")
@click.option("--since", type=click.DateTime(["%Y-%m-%d", "%Y-%m-%dT%H:%M:%S"]),
              help="Published on or after (UTC).")
@click.option("--until", type=click.DateTime(["%Y-%m-%d", "%Y-%m-%dT%H:%M:%S"]),
              help="Published on or before (UTC; a date includes the whole day).")
@click.option("--category", help="Only articles in this category (display name or slug).")
@click.option("--tag", help="Only articles with this tag (name or slug).")
@click.option("--out", type=click.Path(dir_okay=False, writable=True),
              help="Write to FILE instead of standard output.")
def export_command(fmt: str, since: datetime | None, until: datetime | None,
                   category: str | None, tag: str | None, out: str | None) -> None:
    """Export articles as contract records (exactly the keys of archive.contract.RECORD_KEYS).

    Example:

        archive export --format jsonl --since 2022-03-01 --category "Top News" --out march.jsonl
    """
    filters = ExportFilter(
        since=since, until=until.date() if until and until.time() == datetime.min.time() else until,
        category=category, tag=tag,
    )
    with read_session() as session:
        records = iter_records(session, filters)
        if out is None:
            count = write_records(records, sys.stdout, fmt)
        else:
            with open(out, "w", encoding="utf-8", newline="") as handle:
                count = write_records(records, handle, fmt)
    click.echo(f"exported {count} articles", err=True)


def register(group: click.Group) -> None:
    group.add_command(export_command)
