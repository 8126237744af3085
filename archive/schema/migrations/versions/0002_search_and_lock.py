"""Full-text search over title, summary and body; the crawl lock table.

SQLite: an FTS5 external-content table ``articles_fts`` over ``articles`` kept in sync by
triggers (only changes to title/summary/body touch the index). PostgreSQL: a weighted
``tsvector`` column ``articles.search_vector`` maintained by a trigger, with a GIN index.
Existing articles are indexed by the upgrade.

Revision ID: 0002
Revises: 0001
Create Date: 2025-01-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

SQLITE_UP = [
    """CREATE VIRTUAL TABLE articles_fts USING fts5(
        title, summary, body,
        content='articles', content_rowid='id',
        tokenize='porter unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
        INSERT INTO articles_fts(rowid, title, summary, body)
        VALUES (new.id, new.title, new.summary, new.body);
    END""",
    """CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, summary, body)
        VALUES ('delete', old.id, old.title, old.summary, old.body);
    END""",
    """CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, summary, body ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, summary, body)
        VALUES ('delete', old.id, old.title, old.summary, old.body);
        INSERT INTO articles_fts(rowid, title, summary, body)
        VALUES (new.id, new.title, new.summary, new.body);
    END""",
    "INSERT INTO articles_fts(articles_fts) VALUES ('rebuild')",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS articles_fts_update",
    "DROP TRIGGER IF EXISTS articles_fts_delete",
    "DROP TRIGGER IF EXISTS articles_fts_insert",
    "DROP TABLE IF EXISTS articles_fts",
]

PG_VECTOR = """
    setweight(to_tsvector('english', coalesce({p}title, '')), 'A') ||
    setweight(to_tsvector('english', coalesce({p}summary, '')), 'B') ||
    setweight(to_tsvector('english', coalesce({p}body, '')), 'C')"""
PG_UP = [
    "ALTER TABLE articles ADD COLUMN search_vector tsvector",
    f"""CREATE FUNCTION articles_search_vector_update() RETURNS trigger AS $$
    BEGIN
        NEW.search_vector := {PG_VECTOR.format(p="NEW.")};
        RETURN NEW;
    END
    $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER articles_search_vector_trigger
        BEFORE INSERT OR UPDATE OF title, summary, body ON articles
        FOR EACH ROW EXECUTE FUNCTION articles_search_vector_update()""",
    f"UPDATE articles SET search_vector = {PG_VECTOR.format(p='')}",
    "CREATE INDEX ix_articles_search_vector ON articles USING gin (search_vector)",
]
PG_DOWN = [
    "DROP INDEX IF EXISTS ix_articles_search_vector",
    "DROP TRIGGER IF EXISTS articles_search_vector_trigger ON articles",
    "DROP FUNCTION IF EXISTS articles_search_vector_update()",
    "ALTER TABLE articles DROP COLUMN IF EXISTS search_vector",
]


def _statements(up: bool) -> list[str]:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        return SQLITE_UP if up else SQLITE_DOWN
    if dialect == "postgresql":
        return PG_UP if up else PG_DOWN
    raise NotImplementedError(f"full-text search is not implemented for {dialect}")


def upgrade() -> None:
    op.create_table(
        "crawl_lock",
        sa.Column("name", sa.String(length=128), nullable=False),
        sa.Column("holder", sa.Text(), nullable=False),
        sa.Column("acquired_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("heartbeat_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_crawl_lock")),
    )
    for statement in _statements(up=True):
        op.execute(statement)


def downgrade() -> None:
    for statement in _statements(up=False):
        op.execute(statement)
    op.drop_table("crawl_lock")
