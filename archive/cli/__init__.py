"""The researcher CLI: ``archive COMMAND``, one thin module per command over :mod:`archive.research`
(and :mod:`archive.schema` for ``archive db``).

Command groups live in their own modules and register themselves here; add new ones to
``COMMAND_MODULES``.
"""

from __future__ import annotations

import importlib

import click

from archive.cli.common import db_option

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


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@db_option
def main() -> None:
    """Query and export the Asian Lite News archive.

    The database is --db URL, else $ARCHIVE_DB_URL, else sqlite:///archive.db.

    Example:

        archive --db sqlite:///archive.db stats
    """


for _module in COMMAND_MODULES:
    importlib.import_module(_module).register(main)
