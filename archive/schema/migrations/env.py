"""Alembic environment: the archive's models are the target; the connection comes from code.

Run through :mod:`archive.schema.migrate` (``archive db upgrade``), which passes an open connection in
``config.attributes["connection"]``; a URL in the config is used otherwise.
"""

from __future__ import annotations

from typing import Any

from alembic import context
from sqlalchemy.engine import Connection

from archive.schema.models import Base

#: Schema objects made by hand in the migrations, unknown to the models (full-text search).
HAND_MADE_PREFIXES = ("articles_fts", "search_vector", "ix_articles_search_vector")


def include_object(obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any) -> bool:
    """Leave the hand-made full-text objects out of autogenerate comparisons."""
    return not (name or "").startswith(HAND_MADE_PREFIXES)


def _configure_and_run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        include_object=include_object,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = context.config.attributes.get("connection")
    if connection is not None:
        _configure_and_run(connection)
        return
    from archive.schema.engine import create_archive_engine

    engine = create_archive_engine(context.config.get_main_option("sqlalchemy.url"), write=True)
    try:
        with engine.begin() as conn:
            _configure_and_run(conn)
    finally:
        engine.dispose()


def run_migrations_offline() -> None:
    context.configure(
        url=context.config.get_main_option("sqlalchemy.url"),
        target_metadata=Base.metadata,
        literal_binds=True,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
