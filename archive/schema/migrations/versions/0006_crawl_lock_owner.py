"""The crawl lock says which process holds it: host, PID and the holder's crawl run.

With these a crawl that finds the lock held by a dead process on its own host takes it over at
once (instead of waiting for the heartbeat to go stale) and marks the dead run ``crashed``.
Locks written before this revision have NULLs here: only the heartbeat rule applies to them.

Revision ID: 0006
Revises: 0004
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0004"
branch_labels = None
depends_on = None

COLUMNS = (
    ("host", sa.String(length=255), "holder's host name"),
    ("pid", sa.Integer(), "holder's process id on that host"),
    ("run_id", sa.Integer(), "the holder's crawl_runs row"),
)


def upgrade() -> None:
    for name, type_, comment in COLUMNS:
        op.add_column("crawl_lock", sa.Column(name, type_, nullable=True, comment=comment))


def downgrade() -> None:
    with op.batch_alter_table("crawl_lock") as batch:
        for name, _type, _comment in reversed(COLUMNS):
            batch.drop_column(name)
