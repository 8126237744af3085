"""pytest fixtures for real PostgreSQL / Redis servers and fresh databases.

- ``postgres_server`` (session): a PostgreSQL server on a free 127.0.0.1 port, stopped at the end.
- ``postgres_url`` / ``sqlite_url``: a fresh, empty database per test.
- ``db_url``: parametrized ``sqlite`` / ``postgres``: an empty database per test.
- ``archive_url``: parametrized ``sqlite`` / ``postgres``: a fresh database already migrated to
  the current archive schema (cloned from a template migrated once per session: fast).
- ``sessions``: a session factory on ``archive_url`` (``with sessions.begin() as session``).
- ``redis_server`` (session) / ``redis_url``: a Redis server on a free 127.0.0.1 port.
- ``free_port``: a TCP port on 127.0.0.1 that nothing listens on right now.

Servers are skipped with a reason only when their binaries are not installed.
"""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from tests.servers.postgres import PostgresServer, start_postgres
from tests.servers.postgres import free_port as pick_free_port
from tests.servers.redis import RedisServer, start_redis

BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
TEMPLATE_DB = "archive_template"


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    server = start_postgres()
    if server is None:
        pytest.skip("PostgreSQL is not installed (no initdb in /usr/lib/postgresql/*/bin or PATH)")
    try:
        yield server
    finally:
        server.stop()
        shutil.rmtree(server.root, ignore_errors=True)


def _fresh_database(server: PostgresServer, template: str | None = None) -> str:
    name = f"test_{uuid.uuid4().hex[:12]}"
    clause = f" TEMPLATE {template}" if template else ""
    server.execute(f"CREATE DATABASE {name}{clause}")
    return name


@pytest.fixture
def postgres_url(postgres_server: PostgresServer) -> Iterator[str]:
    name = _fresh_database(postgres_server)
    yield postgres_server.url(name)
    postgres_server.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'archive.db'}"


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest) -> str:
    """An empty database per test, on SQLite and on PostgreSQL."""
    return str(request.getfixturevalue(f"{request.param}_url"))


@pytest.fixture(scope="session")
def _postgres_archive_template(postgres_server: PostgresServer) -> str:
    from archive.schema.engine import open_archive_engine

    postgres_server.execute(f"CREATE DATABASE {TEMPLATE_DB}")
    open_archive_engine(postgres_server.url(TEMPLATE_DB)).dispose()
    return TEMPLATE_DB


@pytest.fixture(scope="session")
def _sqlite_archive_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from archive.schema.engine import open_archive_engine

    path = tmp_path_factory.mktemp("archive-template") / "archive.db"
    open_archive_engine(f"sqlite:///{path}").dispose()
    return path


@pytest.fixture(params=BACKENDS)
def archive_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh database at the current archive schema, on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        template: Path = request.getfixturevalue("_sqlite_archive_template")
        target = tmp_path / "archive.db"
        shutil.copyfile(template, target)
        yield f"sqlite:///{target}"
        return
    server: PostgresServer = request.getfixturevalue("postgres_server")
    name = _fresh_database(server, request.getfixturevalue("_postgres_archive_template"))
    yield server.url(name)
    server.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture
def sessions(archive_url: str) -> Iterator[sessionmaker[Session]]:
    """Sessions on a fresh archive (SQLite and PostgreSQL); the engine is disposed after."""
    from archive.schema.engine import open_archive_engine, session_factory

    engine = open_archive_engine(archive_url)
    yield session_factory(engine)
    engine.dispose()


@pytest.fixture
def free_port() -> int:
    return pick_free_port()


@pytest.fixture(scope="session")
def redis_server() -> Iterator[RedisServer]:
    server = start_redis()
    if server is None:
        pytest.skip("redis-server is not installed")
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def redis_url(redis_server: RedisServer) -> str:
    return redis_server.url
