"""Raw capture: each article knows the WARC record its text came from; revisions say why.

``articles.warc_file/warc_offset/warc_length`` locate the response record (NULL for articles
archived without capture); ``article_revisions.reason`` is NULL when a later fetch replaced the
version and says so when ``archive reprocess`` did. Existing rows keep working unchanged.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("articles", sa.Column(
        "warc_file", sa.Text(), nullable=True,
        comment="WARC file of the page this text came from"))
    op.add_column("articles", sa.Column(
        "warc_offset", sa.BigInteger(), nullable=True, comment="its record's byte offset"))
    op.add_column("articles", sa.Column(
        "warc_length", sa.BigInteger(), nullable=True, comment="its record's length in bytes"))
    op.add_column("article_revisions", sa.Column(
        "reason", sa.Text(), nullable=True,
        comment="what replaced it when not a fetch, e.g. reprocess with code version X"))


def downgrade() -> None:
    """Plain DROP COLUMN (SQLite >= 3.35, PostgreSQL): no table rebuild under the FTS triggers."""
    op.execute("ALTER TABLE article_revisions DROP COLUMN reason")
    for column in ("warc_length", "warc_offset", "warc_file"):
        op.execute(f"ALTER TABLE articles DROP COLUMN {column}")
