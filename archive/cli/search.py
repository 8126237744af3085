"""``archive search QUERY``: full-text search with snippets, ranking and the research filters."""

from __future__ import annotations

import csv
import io
import json
import textwrap
from typing import Any

import click

from archive.cli.common import db_option, read_session
from archive.cli.filters import article_filter, filter_options
from archive.research.search import RESULT_FIELDS, SearchResult, search_articles


@click.command("search")
@db_option
@click.argument("query")
@filter_options
@click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True,
              help="How many hits.")
@click.option("--offset", type=click.IntRange(min=0), default=0, help="Skip this many hits.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array instead of a table.")
@click.option("--csv", "as_csv", is_flag=True, help="Print CSV instead of a table.")
def search_command(query: str, limit: int, offset: int, as_json: bool, as_csv: bool,
                   **filters: Any) -> None:
    """Search titles, summaries and bodies, best match first, with a snippet per hit.

    QUERY: words are all required, "quoted phrases" match exactly, OR between words accepts
    either, a leading - excludes a word. Matches are marked [like this] in the snippet.

    Example:

        archive search '"Lavrov" sanctions -oil' --since 2022-01-01 --category "Top News"
        archive search monsoon --source ANI --json --limit 100 > monsoon.json
    """
    if as_json and as_csv:
        raise click.UsageError("choose one of --json and --csv")
    with read_session() as session:
        hits = search_articles(session, query, article_filter(filters), limit=limit, offset=offset)
    if as_json:
        click.echo(json.dumps([hit.as_dict() for hit in hits], ensure_ascii=False, indent=2))
    elif as_csv:
        _write_csv(hits)
    else:
        _write_table(hits)


def _write_csv(hits: list[SearchResult]) -> None:
    stream = io.StringIO()
    writer = csv.DictWriter(stream, fieldnames=list(RESULT_FIELDS), lineterminator="\n")
    writer.writeheader()
    writer.writerows(hit.as_dict() for hit in hits)
    click.echo(stream.getvalue(), nl=False)


def _write_table(hits: list[SearchResult]) -> None:
    if not hits:
        click.echo("no matching articles", err=True)
        return
    for hit in hits:
        day = hit.published_at.date().isoformat() if hit.published_at else "????-??-??"
        meta = ", ".join(part for part in (hit.category, hit.source) if part)
        click.echo(f"{hit.rank:>3}. {day}  {hit.title}" + (f"  ({meta})" if meta else ""))
        click.echo(f"     {hit.url}")
        snippet = " ".join(hit.snippet.split())
        click.echo(textwrap.fill(snippet, width=96, initial_indent="     ",
                                 subsequent_indent="     "))


def register(group: click.Group) -> None:
    group.add_command(search_command)
