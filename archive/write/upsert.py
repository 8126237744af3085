"""Idempotent writes with the dialect's ``INSERT ... ON CONFLICT`` (SQLite and PostgreSQL).

Statements are built once per dialect and table and executed with a list of parameter sets,
so SQLAlchemy's compiled cache and "insertmanyvalues" batching apply.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import cache
from typing import Any

from sqlalchemy import Connection, Table
from sqlalchemy.dialects import postgresql, sqlite


def dialect_insert(conn: Connection, table: Any) -> Any:
    """``INSERT`` for ``table`` that supports ``on_conflict_do_update`` on this connection."""
    return _insert_for(conn.dialect.name, table)


def _insert_for(dialect: str, table: Any) -> Any:
    if dialect == "postgresql":
        return postgresql.insert(table)
    if dialect == "sqlite":
        return sqlite.insert(table)
    raise NotImplementedError(f"the archive supports SQLite and PostgreSQL, not {dialect}")


@cache
def _name_upsert(dialect: str, table: Table) -> Any:
    stmt = _insert_for(dialect, table)
    return stmt.on_conflict_do_update(
        index_elements=[table.c.name], set_={"name": stmt.excluded.name}
    ).returning(table.c.id, table.c.name)


def upsert_names(
    conn: Connection,
    table: Table | Any,
    names: Iterable[str],
    slug: Callable[[str], str] | None = None,
) -> dict[str, int]:
    """Ensure a row per name in a ``(id, name unique[, slug])`` table; return ``{name: id}``.

    ``ON CONFLICT (name) DO UPDATE ... RETURNING`` yields the ids of new and existing rows
    alike. Names are sorted so concurrent writers lock rows in the same order.
    """
    unique = sorted(set(names))
    if not unique:
        return {}
    rows = [{"name": name, "slug": slug(name)} if slug else {"name": name} for name in unique]
    result = conn.execute(_name_upsert(conn.dialect.name, table), rows)
    return {row.name: row.id for row in result}


@cache
def url_upsert(dialect: str, table: Table) -> Any:
    """``article_urls`` upsert: a URL now leads to this article (rewritten only if it changed)."""
    stmt = _insert_for(dialect, table)
    return stmt.on_conflict_do_update(
        index_elements=[table.c.url],
        set_={"article_id": stmt.excluded.article_id, "kind": stmt.excluded.kind},
        where=(table.c.article_id != stmt.excluded.article_id) | (table.c.kind != stmt.excluded.kind),
    )
