"""What every command shares: the --db option and opening the archive with clear errors."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import click
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from archive.cli.exits import from_archive_error
from archive.cli.output import safe_output
from archive.errors import ArchiveError
from archive.schema.engine import open_archive_engine, resolve_url, session_factory

F = TypeVar("F", bound=Callable[..., Any])


def _remember_db(ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    if value:
        ctx.find_root().ensure_object(dict)["db"] = value
    return value


def db_option(func: F) -> F:
    """``--db URL`` on the group and on every command (the innermost one given wins)."""
    return click.option(
        "--db", "db", metavar="URL", expose_value=False, callback=_remember_db,
        help="Archive database URL (default: $ARCHIVE_DB_URL or sqlite:///archive.db).",
    )(func)


def db_url() -> str:
    """The database URL chosen by --db, $ARCHIVE_DB_URL or the default."""
    ctx = click.get_current_context()
    return resolve_url(ctx.find_root().ensure_object(dict).get("db"))


@contextmanager
def output_file(target: str, *, force: bool) -> Iterator[Path]:
    """:func:`~archive.cli.output.safe_output` for the current archive: a temporary path that
    becomes ``target`` once written completely."""
    with safe_output(target, force=force, db_url=db_url()) as path:
        yield path


def open_engine(*, upgrade: bool = False, write: bool = False) -> Engine:
    """Open the archive, turning archive errors into a one-line CLI error."""
    try:
        return open_archive_engine(db_url(), upgrade=upgrade, write=write)
    except ArchiveError as exc:
        raise from_archive_error(exc) from exc


@contextmanager
def read_session() -> Iterator[Session]:
    """A read-only session on the current archive (refuses an out-of-date schema)."""
    engine = open_engine()
    try:
        with session_factory(engine)() as session:
            try:
                yield session
            except ArchiveError as exc:
                raise from_archive_error(exc) from exc
    finally:
        engine.dispose()
