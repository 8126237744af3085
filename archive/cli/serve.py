"""``archive serve``: browse a SQLite archive in Datasette."""

from __future__ import annotations

import importlib.util

import click

from archive.cli.common import db_option, db_url, open_engine
from archive.errors import ArchiveError


@click.command("serve")
@db_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Interface to listen on (0.0.0.0 exposes the archive to the network).")
@click.option("--port", type=click.IntRange(0, 65535), default=8001, show_default=True)
def serve_command(host: str, port: int) -> None:
    """Browse the archive in Datasette: the reading room (article pages, listings, search at
    /read) and the tables with full-text search, facets (category, tag, source, year) and canned
    queries (most-linked articles, articles of a day, an article's neighbourhood) at /archive.

    Needs a SQLite archive (Datasette reads SQLite only) and the `ui` extra. Stop with Ctrl-C.

    Example:

        archive serve --db sqlite:///archive.db --port 8001
        # then open http://127.0.0.1:8001/read, e.g. http://127.0.0.1:8001/search?q=lavrov
    """
    from archive.research.serve import archive_file, serve

    try:
        path = archive_file(db_url())
    except ArchiveError as exc:
        raise click.ClickException(str(exc)) from exc
    open_engine().dispose()  # refuses an out-of-date schema, clearly
    if importlib.util.find_spec("datasette") is None:
        raise click.ClickException("archive serve needs Datasette: pip install 'asianlite-archive[ui]'")
    click.echo(f"serving {path}: open http://{host}:{port}/read (Ctrl-C stops)", err=True)
    try:
        serve(path, host=host, port=port)
    except ArchiveError as exc:
        raise click.ClickException(str(exc)) from exc


def register(group: click.Group) -> None:
    group.add_command(serve_command)
