"""``archive export``: stream contract records as JSON lines, CSV or Parquet."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from archive.cli.common import db_option, output_file, read_session
from archive.cli.filters import article_filter, filter_options
from archive.cli.output import force_option
from archive.cli.progress import Progress, progress_wanted
from archive.contract import RECORD_KEYS
from archive.errors import ArchiveError
from archive.research.export import (
    EXPORT_FORMATS,
    check_fields,
    count_records,
    iter_record_batches,
    write_parquet,
    write_records,
)


@click.command("export")
@db_option
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS), default="jsonl",
              show_default=True,
              help="jsonl: one JSON object per line; csv: lists as JSON cells; parquet: typed "
                   "columns with nested lists (needs --out).")
@filter_options
@click.option("--fields", metavar="A,B,...",
              help=f"Only these columns, in this order (from: {', '.join(RECORD_KEYS)}).")
@click.option("--out", type=click.Path(dir_okay=False),
              help="Write to FILE instead of standard output (atomically: a complete file or "
                   "none).")
@force_option
@click.option("--progress/--no-progress", default=None,
              help="Progress bar on stderr (default: only when stderr is a terminal).")
def export_command(fmt: str, fields: str | None, out: str | None, progress: bool | None,
                   force: bool, **filters: Any) -> None:
    """Export articles as contract records (the keys of archive.contract.RECORD_KEYS).

    Records stream in archive order a batch at a time, so memory stays flat. --out FILE is
    written beside the target and renamed into place when complete: an interrupted export
    leaves no partial file and the previous FILE untouched; an existing FILE needs --force.
    CSV text cells starting with = + - @ (or tab, CR) get a leading ' so that spreadsheets do
    not run them as formulas.

    Example:

        archive export --format parquet --since 2022-03-01 --category "Top News" --out march.parquet
        archive export --format csv --fields url,title,published_at,tags --tag China
    """
    chosen = _fields(fields)
    if fmt == "parquet" and out is None:
        raise click.UsageError("--format parquet writes a binary file: give --out FILE.parquet")
    selection = article_filter(filters)
    with read_session() as session:
        total = count_records(session, selection) if progress_wanted(progress) else None
        bar = Progress(total, label="exported", enabled=total is not None)
        batches = bar.track(iter_record_batches(session, selection, fields=chosen))
        if out is None:
            count = write_records(_flatten(batches), sys.stdout, fmt, chosen)
        else:
            with output_file(out, force=force) as path:
                count = _write_file(batches, path, fmt, chosen)
        bar.finish()
    click.echo(f"exported {count} articles", err=True)


def _write_file(batches: Any, path: Path, fmt: str, fields: tuple[str, ...]) -> int:
    if fmt == "parquet":
        return write_parquet(batches, path, fields)
    with open(path, "w", encoding="utf-8", newline="") as handle:
        return write_records(_flatten(batches), handle, fmt, fields)


def _fields(value: str | None) -> tuple[str, ...]:
    names = [name.strip() for name in (value or "").split(",") if name.strip()]
    try:
        return check_fields(names)
    except ArchiveError as exc:
        raise click.BadParameter(str(exc), param_hint="--fields") from exc


def _flatten(batches: Any) -> Any:
    for batch in batches:
        yield from batch


def register(group: click.Group) -> None:
    group.add_command(export_command)
