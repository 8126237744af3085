"""Readable SQL for researchers: the views ``article_text`` and ``article_links``.

``article_text``: one row per article with its taxonomy flattened (primary category, all
categories, tags and authors as JSON arrays in page order) and its date split into
``published_date`` (UTC day), ``month`` ('YYYY-MM') and ``year``.

``article_links``: one row per link with the source article's and (when archived) the target
article's title and publication time, the kind and the anchor text.

Views only: no data is changed. SQLite note for later migrations: a batch (table-recreating)
migration of ``articles``, ``links`` or the taxonomy tables must drop these views first and
create them again afterwards.

Revision ID: 0003
Revises: 0002
Create Date: 2025-01-03
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

#: Per dialect: (published_date, month, year) expressions and a JSON array of names template.
_DATES = {
    "sqlite": ("date(a.published_at)", "strftime('%Y-%m', a.published_at)",
               "CAST(strftime('%Y', a.published_at) AS INTEGER)"),
    "postgresql": ("CAST(a.published_at AT TIME ZONE 'UTC' AS DATE)",
                   "to_char(a.published_at AT TIME ZONE 'UTC', 'YYYY-MM')",
                   "CAST(EXTRACT(YEAR FROM a.published_at AT TIME ZONE 'UTC') AS INTEGER)"),
}
_NAMES = {
    "sqlite": """(SELECT json_group_array(name) FROM (
            SELECT n.name AS name FROM {link} AS l JOIN {names} AS n ON n.id = l.{key}
            WHERE l.article_id = a.id ORDER BY l.position))""",
    "postgresql": """(SELECT CAST(coalesce(json_agg(n.name ORDER BY l.position), '[]') AS TEXT)
            FROM {link} AS l JOIN {names} AS n ON n.id = l.{key} WHERE l.article_id = a.id)""",
}

ARTICLE_TEXT = """
CREATE VIEW article_text AS
SELECT
    a.id,
    a.post_id,
    a.url,
    a.title,
    a.published_at,
    {published_date} AS published_date,
    {month} AS month,
    {year} AS year,
    c.name AS category,
    {categories} AS categories,
    {tags} AS tags,
    {authors} AS authors,
    a.source,
    a.language,
    a.word_count,
    a.reading_minutes,
    a.summary,
    a.body,
    a.extraction,
    a.version
FROM articles AS a
LEFT JOIN categories AS c ON c.id = a.category_id
"""

ARTICLE_LINKS = """
CREATE VIEW article_links AS
SELECT
    l.id AS link_id,
    l.kind,
    l.text AS anchor_text,
    l.article_id AS source_id,
    s.url AS source_url,
    s.title AS source_title,
    s.published_at AS source_published_at,
    l.target_url,
    l.target_article_id AS target_id,
    t.title AS target_title,
    t.published_at AS target_published_at,
    l.current,
    l.position
FROM links AS l
JOIN articles AS s ON s.id = l.article_id
LEFT JOIN articles AS t ON t.id = l.target_article_id
"""


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect not in _DATES:
        raise NotImplementedError(f"the research views are not implemented for {dialect}")
    published_date, month, year = _DATES[dialect]
    names = _NAMES[dialect]
    op.execute(ARTICLE_TEXT.format(
        published_date=published_date, month=month, year=year,
        categories=names.format(link="article_categories", names="categories", key="category_id"),
        tags=names.format(link="article_tags", names="tags", key="tag_id"),
        authors=names.format(link="article_authors", names="authors", key="author_id"),
    ))
    op.execute(ARTICLE_LINKS)


def downgrade() -> None:
    op.execute("DROP VIEW IF EXISTS article_links")
    op.execute("DROP VIEW IF EXISTS article_text")
