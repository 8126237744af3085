"""The researcher CLI: ``archive COMMAND``, one thin module per command over :mod:`archive.research`
(and :mod:`archive.schema` for ``archive db``).

Command groups live in their own modules and register themselves here; add new ones to
``COMMAND_MODULES``.
"""

from __future__ import annotations

import importlib
from typing import Any

import click

from archive.cli.common import db_option
from archive.cli.exits import EXIT_INTERRUPTED, from_archive_error
from archive.errors import ArchiveError

COMMAND_MODULES = (
    "archive.cli.export",
    "archive.cli.show",
    "archive.cli.stats",
    "archive.cli.db",
    "archive.cli.search",
    "archive.cli.graph",
    "archive.cli.plots",
    "archive.cli.serve",
    "archive.cli.health",
)


class ArchiveGroup(click.Group):
    """The ``archive`` group: an archive error is one line (exit 1, or 2 for bad input), and
    Ctrl-C exits 130 with one line (click's default is 1)."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ArchiveError as exc:
            raise from_archive_error(exc) from exc
        except KeyboardInterrupt:
            click.echo("\ninterrupted", err=True)
            raise click.exceptions.Exit(EXIT_INTERRUPTED) from None


@click.group(cls=ArchiveGroup, context_settings={"help_option_names": ["-h", "--help"]})
@db_option
def main() -> None:
    """Query and export the Asian Lite News archive.

    The database is --db URL, else $ARCHIVE_DB_URL, else sqlite:///archive.db. Read
    commands open a SQLite archive read-only. Exit codes: 0 done, 1 failed, 2 bad input,
    73 refused to write (output exists without --force, or is the archive), 74 output could
    not be written, 130 interrupted.

    Example:

        archive --db sqlite:///archive.db stats
    """


for _module in COMMAND_MODULES:
    importlib.import_module(_module).register(main)
