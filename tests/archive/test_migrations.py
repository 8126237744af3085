"""Migrations: from empty, from the previous revision (with data), models == migrations."""

from __future__ import annotations

import pytest
from alembic import command
from sqlalchemy import text

from archive.errors import SchemaOutOfDate, SchemaTooNew
from archive.research.search import search_articles
from archive.schema.engine import create_archive_engine, open_archive_engine, session_factory
from archive.schema.migrate import alembic_config, current_revision, head_revision, upgrade_schema
from archive.write.store import store_article

OLD_ARTICLE = """
INSERT INTO articles (id, post_id, url, title, summary, body, word_count, content_hash,
                      first_seen, last_fetched, last_changed, version)
VALUES (1, 7, 'https://asianlite.com/2021/uk-news/old-one', 'Monsoon reaches Kerala',
        'Rains arrived early', 'The monsoon reached Kerala on Sunday, forecasters said.', 8,
        'x', '2021-06-01 00:00:00', '2021-06-01 00:00:00', '2021-06-01 00:00:00', 1)
"""


def test_empty_database_is_migrated_to_head(db_url):
    engine = open_archive_engine(db_url)
    with engine.connect() as conn:
        assert current_revision(conn) == head_revision()
    with session_factory(engine).begin() as session:
        store_article(session, {"url": "https://asianlite.com/2022/x/y", "title": "Cricket final",
                                "body": "A cricket final in Dubai."})
        assert len(search_articles(session, "cricket")) == 1
    engine.dispose()


def test_history_has_an_earlier_revision():
    from alembic.script import ScriptDirectory

    revisions = list(ScriptDirectory.from_config(alembic_config()).walk_revisions())
    assert len(revisions) >= 2


def test_previous_version_database_is_upgraded_with_its_data(db_url):
    engine = create_archive_engine(db_url, write=True)
    upgrade_schema(engine, "0001")
    with engine.begin() as conn:
        conn.execute(text(OLD_ARTICLE))
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT setval('articles_id_seq', 1)"))
    engine.dispose()

    with pytest.raises(SchemaOutOfDate, match="archive db upgrade"):
        open_archive_engine(db_url, upgrade=False, write=False)

    engine = open_archive_engine(db_url, upgrade=True)
    with session_factory(engine).begin() as session:
        hits = search_articles(session, "monsoon")  # the old article is in the new full-text index
        assert [hit.article_id for hit in hits] == [1]
        store_article(session, {"url": "https://asianlite.com/2022/x/z", "title": "Monsoon again",
                                "body": "More monsoon rain."})
        assert len(search_articles(session, "monsoon")) == 2
    engine.dispose()


def test_models_match_the_migrations(archive_url):
    """Autogenerate finds nothing to add: the models and the migration history agree."""
    engine = create_archive_engine(archive_url)
    with engine.connect() as conn:
        command.check(alembic_config(conn))
    engine.dispose()


def test_database_from_newer_code_is_refused(archive_url):
    engine = create_archive_engine(archive_url, write=True)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    engine.dispose()
    with pytest.raises(SchemaTooNew, match="9999"):
        open_archive_engine(archive_url)


def test_downgrade_to_first_revision_and_back(archive_url):
    engine = create_archive_engine(archive_url, write=True)
    with engine.begin() as conn:
        command.downgrade(alembic_config(conn), "0001")
        assert current_revision(conn) == "0001"
    upgrade_schema(engine)
    with engine.connect() as conn:
        assert current_revision(conn) == head_revision()
    engine.dispose()


def test_link_times_without_microseconds_get_the_common_format(db_url):
    """0004: a link row stored by the sqlite3 adapter ('... 03:04:05') matches its article's
    time after the upgrade (on PostgreSQL the times are timestamps and equal already)."""
    engine = create_archive_engine(db_url, write=True)
    upgrade_schema(engine, "0003")
    with engine.begin() as conn:
        conn.execute(text(OLD_ARTICLE))
        conn.execute(text(
            "INSERT INTO links (article_id, target_url, kind, position, first_seen, last_seen,"
            " current) VALUES (1, 'https://asianlite.com/x', 'body', 0, :t, :t, true)"),
            {"t": "2021-06-01 00:00:00"})
        conn.execute(text("UPDATE articles SET first_seen = :t, last_fetched = :t"),
                     {"t": "2021-06-01 00:00:00.000000"})
    engine.dispose()
    engine = open_archive_engine(db_url, upgrade=True)
    with engine.connect() as conn:
        same = conn.execute(text(
            "SELECT count(*) FROM links l JOIN articles a ON a.id = l.article_id"
            " WHERE l.first_seen = a.first_seen AND l.last_seen = a.last_fetched")).scalar()
    engine.dispose()
    assert same == 1
