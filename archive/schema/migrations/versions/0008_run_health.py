"""Crawl health: the monitors' verdict per run and the extraction layer of every field.

``crawl_runs.health`` holds the run's health report (every monitor with its outcome, the
field profile, drift alarms) as JSON; ``articles.layers`` the layer that produced each field of
the stored version (field -> ``structured``/``theme``/``anchor``/...). Both start empty (NULL):
no earlier data is changed or lost.

Revision ID: 0008
Revises: 0007
``site_urls`` is new: the article URLs the site publishes (post sitemaps with lastmod, the
feed) as the crawler last read them; completeness compares the archive with it.

Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("crawl_runs", sa.Column(
        "health", sa.JSON(), nullable=True,
        comment="the monitors' report: outcome of every monitor, field profile, drift alarms",
    ))
    op.add_column("articles", sa.Column(
        "layers", sa.JSON(), nullable=True,
        comment="field -> extraction layer that produced it (structured, theme, anchor, ...)",
    ))

    op.create_table(
        "site_urls",
        sa.Column("url", sa.Text(), nullable=False, comment="canonical article URL"),
        sa.Column("source", sa.String(length=16), nullable=False, comment="sitemap|feed"),
        sa.Column("lastmod", sa.DateTime(timezone=True), nullable=True, comment="lastmod the site gave, if any"),
        sa.Column("first_seen", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen", sa.DateTime(timezone=True), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["run_id"], ["crawl_runs.id"],
                                name=op.f("fk_site_urls_run_id_crawl_runs"), ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("url", name=op.f("pk_site_urls")),
    )


def downgrade() -> None:
    op.drop_table("site_urls")
    op.drop_column("articles", "layers")
    op.drop_column("crawl_runs", "health")
