"""``archive search QUERY``: full-text search with snippets, ranking and the research filters."""

from __future__ import annotations

import csv
import io
import textwrap
from typing import Any

import click

from archive.cli.common import db_option, output_file, read_session
from archive.cli.filters import article_filter, filter_options
from archive.cli.output import force_option
from archive.cli.terminal import json_text, printable
from archive.research.csv_safety import safe_row
from archive.research.search import (
    MAX_LIMIT,
    MAX_OFFSET,
    RESULT_FIELDS,
    SearchResult,
    search_articles,
)


@click.command("search")
@db_option
@click.argument("query")
@filter_options
@click.option("--limit", type=click.IntRange(min=1, max=MAX_LIMIT), default=20,
              show_default=True, help=f"How many hits (at most {MAX_LIMIT:,}).")
@click.option("--offset", type=click.IntRange(min=0, max=MAX_OFFSET), default=0,
              help="Skip this many hits.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array instead of a table.")
@click.option("--csv", "as_csv", is_flag=True, help="Print CSV instead of a table.")
@click.option("--out", type=click.Path(dir_okay=False),
              help="Write the --json or --csv output to FILE (atomically) instead of stdout.")
@force_option
def search_command(query: str, limit: int, offset: int, as_json: bool, as_csv: bool,
                   out: str | None, force: bool, **filters: Any) -> None:
    """Search titles, summaries and bodies, best match first, with a snippet per hit.

    QUERY: words are all required, "quoted phrases" match exactly, OR between words accepts
    either, a leading - (or NOT) excludes a word; AND is implied. A query with nothing but
    exclusions finds nothing. Matches are marked [like this] in the snippet. The query means
    the same on SQLite and PostgreSQL (archive.research.query_syntax).

    Example:

        archive search '"Lavrov" sanctions -oil' --since 2022-01-01 --category "Top News"
        archive search monsoon --source ANI --json --limit 100 > monsoon.json
        archive search monsoon --csv --out monsoon.csv --force
    """
    if as_json and as_csv:
        raise click.UsageError("choose one of --json and --csv")
    if out is not None and not (as_json or as_csv):
        raise click.UsageError("--out writes --json or --csv output: give one of them")
    with read_session() as session:
        hits = search_articles(session, query, article_filter(filters), limit=limit, offset=offset)
    if not (as_json or as_csv):
        _write_table(hits)
        return
    data = json_text([hit.as_dict() for hit in hits]) + "\n" if as_json else _csv_text(hits)
    if out is None:
        click.echo(data, nl=False)
        return
    with output_file(out, force=force) as path:
        path.write_text(data, encoding="utf-8")


def _csv_text(hits: list[SearchResult]) -> str:
    stream = io.StringIO()
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(RESULT_FIELDS)
    for hit in hits:
        writer.writerow(safe_row(list(hit.as_dict().values())))
    return stream.getvalue()


def _write_table(hits: list[SearchResult]) -> None:
    if not hits:
        click.echo("no matching articles", err=True)
        return
    for hit in hits:
        day = hit.published_at.date().isoformat() if hit.published_at else "????-??-??"
        meta = ", ".join(part for part in (hit.category, hit.source) if part)
        title = printable(f"{hit.title}" + (f"  ({meta})" if meta else ""))
        click.echo(f"{hit.rank:>3}. {day}  {title}")
        click.echo(f"     {printable(hit.url)}")
        snippet = " ".join(printable(hit.snippet).split())
        click.echo(textwrap.fill(snippet, width=96, initial_indent="     ",
                                 subsequent_indent="     "))


def register(group: click.Group) -> None:
    group.add_command(search_command)
