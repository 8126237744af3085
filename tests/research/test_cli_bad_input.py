"""Issue 16, finding 6: every bad input from the audit is one line on stderr with a documented
exit code, never a traceback; read commands open SQLite read-only."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from archive.cli import main
from archive.errors import ArchiveUnavailable, BadInput
from archive.schema.engine import open_archive_engine
from tests.servers.records import fill_archive


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("bad-input") / "archive.db"
    fill_archive(f"sqlite:///{path}", count=20)
    return path


def invoke(*args: str):
    result = CliRunner().invoke(main, list(args))
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def one_line_error(result) -> str:
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 or lines[-1].startswith("Error:"), result.output
    return lines[-1]


@pytest.mark.parametrize("url", ["foo://x", "mysql://user@127.0.0.1/archive",
                                 "mysql+pymysql://user@127.0.0.1/archive", "sqlite+aiosqlite:///x.db",
                                 "::not a url::"])
@pytest.mark.parametrize("command", [["stats"], ["search", "minister"], ["export"], ["show", "1"],
                                     ["db", "upgrade"], ["db", "current"]])
def test_unsupported_database_urls_exit_2(url: str, command: list[str]) -> None:
    result = invoke("--db", url, *command)
    assert result.exit_code == 2, result.output
    line = one_line_error(result)
    assert "database URL" in line


def test_a_driverless_postgresql_url_means_psycopg() -> None:
    from archive.schema.engine import parse_url

    assert parse_url("postgresql://u@127.0.0.1/a").drivername == "postgresql+psycopg"
    with pytest.raises(BadInput):
        parse_url("postgresql+psycopg2://u@127.0.0.1/a")


@pytest.mark.parametrize("args", [
    ["search", "minister", "--offset", "9" * 30], ["search", "minister", "--limit", "9" * 30],
    ["search", "minister", "--offset", str(2**63)],
])
def test_huge_paging_numbers_are_usage_errors(archive: Path, args: list[str]) -> None:
    result = invoke("--db", f"sqlite:///{archive}", *args)
    assert result.exit_code == 2, result.output
    assert "Invalid value" in result.output


@pytest.mark.parametrize("ref", ["9" * 30, str(2**63), str(2**63 - 1), "²", "١٢"])
def test_show_with_huge_or_odd_numbers_is_not_found(archive: Path, ref: str) -> None:
    result = invoke("--db", f"sqlite:///{archive}", "show", ref)
    assert result.exit_code == 1, result.output
    assert "no archived article" in one_line_error(result)


def test_a_hundred_or_terms_search(archive: Path) -> None:
    query = " OR ".join(["minister"] + [f"nosuchword{i}" for i in range(120)])
    result = invoke("--db", f"sqlite:///{archive}", "search", query, "--json")
    assert result.exit_code == 0, result.output
    assert '"url"' in result.output


def test_an_oversized_query_is_refused(archive: Path) -> None:
    query = " ".join(f"word{i}" for i in range(500))
    result = invoke("--db", f"sqlite:///{archive}", "search", query)
    assert result.exit_code == 2, result.output
    assert "at most 200" in one_line_error(result)


@pytest.mark.parametrize("command", [["stats"], ["search", "x"], ["export"], ["show", "1"]])
def test_an_empty_file_does_not_grow(tmp_path: Path, command: list[str]) -> None:
    empty = tmp_path / "empty.db"
    empty.touch()
    result = invoke("--db", f"sqlite:///{empty}", *command)
    assert result.exit_code == 1, result.output
    assert "empty file, not an archive" in one_line_error(result)
    assert empty.stat().st_size == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty.db"]


def test_read_commands_open_the_archive_read_only(archive: Path) -> None:
    engine = open_archive_engine(f"sqlite:///{archive}", upgrade=False, write=False)
    try:
        with engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM articles")).scalar() == 20
            with pytest.raises(OperationalError, match="readonly"):
                conn.execute(text("DELETE FROM articles"))
    finally:
        engine.dispose()


def test_a_read_only_copy_is_readable_and_stays_byte_identical(archive: Path,
                                                               tmp_path: Path) -> None:
    """A checkpointed copy made read-only: the read commands work and never write to it.

    (As root the permission bits do not bind; the read-only connection itself is what keeps
    the bytes identical here.)"""
    copy = tmp_path / "ro.db"
    with sqlite3.connect(archive) as source, sqlite3.connect(copy) as target:
        source.backup(target)
    before = copy.read_bytes()
    copy.chmod(0o444)
    url = f"sqlite:///{copy}"
    for args in (["stats"], ["search", "minister"], ["export"], ["show", "1"]):
        result = invoke("--db", url, *args)
        assert result.exit_code == 0, (args, result.output)
    assert copy.read_bytes() == before
    os.chmod(copy, 0o644)


def test_open_archive_engine_refuses_an_empty_file(tmp_path: Path) -> None:
    empty = tmp_path / "empty.db"
    empty.touch()
    with pytest.raises(ArchiveUnavailable, match="empty file"):
        open_archive_engine(f"sqlite:///{empty}", upgrade=False, write=False)


def test_db_current_reads_an_empty_file_without_growing_it(tmp_path: Path) -> None:
    empty = tmp_path / "empty.db"
    empty.touch()
    result = invoke("--db", f"sqlite:///{empty}", "db", "current")
    assert result.exit_code == 0 and "database: empty" in result.output
    assert empty.stat().st_size == 0
