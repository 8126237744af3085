"""Idempotent writes with the dialect's ``INSERT ... ON CONFLICT`` (SQLite and PostgreSQL)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from sqlalchemy import Connection, Table
from sqlalchemy.dialects import postgresql, sqlite


def dialect_insert(conn: Connection, table: Any) -> Any:
    """``INSERT`` for ``table`` that supports ``on_conflict_do_update`` on this connection."""
    if conn.dialect.name == "postgresql":
        return postgresql.insert(table)
    if conn.dialect.name == "sqlite":
        return sqlite.insert(table)
    raise NotImplementedError(f"the archive supports SQLite and PostgreSQL, not {conn.dialect.name}")


def upsert_names(
    conn: Connection,
    table: Table | Any,
    names: Iterable[str],
    slug: Callable[[str], str] | None = None,
) -> dict[str, int]:
    """Ensure a row per name in a ``(id, name unique[, slug])`` table; return ``{name: id}``.

    One statement: ``ON CONFLICT (name) DO UPDATE ... RETURNING`` yields the ids of new and
    existing rows alike. Names are sorted so concurrent writers lock rows in the same order.
    """
    unique = sorted(set(names))
    if not unique:
        return {}
    rows = [{"name": name, "slug": slug(name)} if slug else {"name": name} for name in unique]
    stmt = dialect_insert(conn, table).values(rows)
    stmt = stmt.on_conflict_do_update(
        index_elements=[table.c.name], set_={"name": stmt.excluded.name}
    ).returning(table.c.id, table.c.name)
    return {row.name: row.id for row in conn.execute(stmt)}
