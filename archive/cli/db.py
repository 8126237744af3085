"""``archive db ...``: schema maintenance."""

from __future__ import annotations

import click

from archive.cli.common import db_option, db_url, open_engine
from archive.schema.engine import create_archive_engine, parse_url, safe_url, sqlite_path
from archive.schema.migrate import current_revision, head_revision


@click.group("db")
@db_option
def db_group() -> None:
    """Create or upgrade the archive database schema.

    Example:

        archive db upgrade --db postgresql+psycopg://archive@dbhost/archive
    """


@db_group.command("upgrade")
@db_option
def upgrade_command() -> None:
    """Create the schema in an empty database or upgrade an older one to the current revision.

    Example:

        archive db upgrade --db sqlite:///archive.db
    """
    engine = open_engine(upgrade=True, write=True)
    try:
        with engine.connect() as conn:
            revision = current_revision(conn)
    finally:
        engine.dispose()
    click.echo(f"{safe_url(db_url())} is at schema revision {revision} (current)")


@db_group.command("current")
@db_option
def current_command() -> None:
    """Print the schema revision of the database and the one this code needs.

    Example:

        archive db current
    """
    url = parse_url(db_url())
    path = sqlite_path(url)
    if path is not None and not path.exists():
        raise click.ClickException(f"no archive file at {path}")
    engine = create_archive_engine(db_url(), read_only=True)  # an empty file stays empty
    try:
        with engine.connect() as conn:
            revision = current_revision(conn)
    finally:
        engine.dispose()
    click.echo(f"database: {revision or 'empty'}\ncode:     {head_revision()}")


def register(group: click.Group) -> None:
    group.add_command(db_group)
