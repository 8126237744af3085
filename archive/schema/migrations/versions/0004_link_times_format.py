"""SQLite: link times written without microseconds get the format every other time has.

Up to this revision, links inserted in bulk had ``first_seen``/``last_seen`` stored by the
sqlite3 driver's own datetime adapter, which writes ``2025-01-02 03:04:05`` when the time has no
microseconds, while SQLAlchemy writes ``2025-01-02 03:04:05.000000``. Times are text on SQLite,
so the two compare unequal (and sort wrongly) although they are the same moment. This pads the
short ones. PostgreSQL stores real timestamps: nothing to do. No data is lost either way.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28
"""

from __future__ import annotations

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for column in ("first_seen", "last_seen"):
        op.execute(
            f"UPDATE links SET {column} = {column} || '.000000' WHERE length({column}) = 19"
        )


def downgrade() -> None:
    """Nothing to undo: both formats read back as the same time."""
