"""Schema migrations (Alembic, packaged in ``archive/schema/migrations``), driven from code.

No alembic.ini and no dependence on the working directory: the configuration is built here.
"""

from __future__ import annotations

import logging
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine

from archive.errors import SchemaOutOfDate, SchemaTooNew
from archive.schema.engine import safe_url

logger = logging.getLogger(__name__)

SCRIPT_LOCATION = str(Path(__file__).resolve().parent / "migrations")


def alembic_config(connection: Connection | None = None) -> Config:
    """An Alembic config for the packaged migrations, bound to ``connection`` if given."""
    config = Config()
    config.set_main_option("script_location", SCRIPT_LOCATION)
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None, "the archive has no migrations"
    return head


def known_revisions() -> set[str]:
    script = ScriptDirectory.from_config(alembic_config())
    return {rev.revision for rev in script.walk_revisions()}


def current_revision(connection: Connection) -> str | None:
    """The schema revision of the database behind ``connection`` (None when empty)."""
    return MigrationContext.configure(connection).get_current_revision()


def upgrade_schema(engine: Engine, revision: str = "head") -> None:
    """Migrate the database to ``revision`` (default: the newest) in one transaction."""
    with engine.begin() as conn:
        before = current_revision(conn)
        command.upgrade(alembic_config(conn), revision)
        after = current_revision(conn)
    if before != after:
        logger.info("archive schema of %s upgraded from %s to %s",
                    safe_url(engine.url), before or "empty", after)


def ensure_schema(engine: Engine, *, upgrade: bool) -> None:
    """Check the schema is current; migrate it when ``upgrade`` is true, else refuse clearly."""
    head = head_revision()
    with engine.connect() as conn:
        current = current_revision(conn)
    if current == head:
        return
    if current is not None and current not in known_revisions():
        raise SchemaTooNew(safe_url(engine.url), current)
    if not upgrade:
        raise SchemaOutOfDate(safe_url(engine.url), current, head)
    upgrade_schema(engine)
