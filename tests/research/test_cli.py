"""The archive CLI through click's CliRunner, a fresh database per test."""

from __future__ import annotations

import csv
import io
import json

import click
import pytest

from archive.cli import main
from archive.contract import RECORD_KEYS
from archive.schema.engine import open_archive_engine, session_factory
from archive.schema.migrate import head_revision
from archive.write.store import store_article


@pytest.fixture
def filled_url(archive_url, specimen):
    engine = open_archive_engine(archive_url)
    with session_factory(engine).begin() as session:
        store_article(session, specimen)
        store_article(session, {"post_id": 5, "url": "https://asianlite.com/2023/events/fair",
                                "title": "Book fair", "body": "A fair.", "category": "Events",
                                "categories": ["Events"], "tags": ["Books"],
                                "published_at": "2023-02-01T08:00:00+00:00"})
    engine.dispose()
    return archive_url




def all_commands(group: click.Group, prefix: str = ""):
    for name, command in group.commands.items():
        yield f"{prefix}{name}", command
        if isinstance(command, click.Group):
            yield from all_commands(command, f"{prefix}{name} ")


def test_every_command_has_a_docstring_with_an_example():
    commands = dict(all_commands(main))
    assert {"export", "show", "stats", "db", "db upgrade", "search", "graph", "plot",
            "serve"} <= set(commands)
    undocumented = [name for name, command in [("archive", main), *commands.items()]
                    if "Example:" not in (command.help or "")]
    assert undocumented == []


def test_export_jsonl_to_stdout(filled_url, specimen, cli):
    result = cli("export", "--db", filled_url)
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert lines[0] == specimen
    assert [list(line) for line in lines] == [list(RECORD_KEYS)] * 2
    assert "exported 2 articles" in result.stderr


def test_export_filters_and_out_file(filled_url, tmp_path, cli):
    out = tmp_path / "events.jsonl"
    result = cli("--db", filled_url, "export", "--category", "events", "--since", "2023-01-01",
                 "--out", str(out))
    assert result.exit_code == 0, result.output
    assert [json.loads(line)["post_id"] for line in out.read_text().splitlines()] == [5]
    result = cli("export", "--db", filled_url, "--tag", "China", "--until", "2022-03-20",
                 "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert result.stdout.splitlines()[0] == ",".join(RECORD_KEYS)
    assert [row["post_id"] for row in rows] == ["226758"]


def test_db_url_from_environment(filled_url, cli):
    result = cli("export", env={"ARCHIVE_DB_URL": filled_url})
    assert result.exit_code == 0 and len(result.stdout.splitlines()) == 2


@pytest.mark.parametrize("ref", ["226758", "https://asianlite.com/?p=226758", "1"])
def test_show_by_post_id_url_or_id(filled_url, specimen, ref, cli):
    result = cli("show", ref, "--db", filled_url)
    assert result.exit_code == 0, result.output
    shown = json.loads(result.stdout)
    assert {k: shown[k] for k in RECORD_KEYS} == specimen
    assert shown["archive"]["version"] == 1


def test_show_unknown_article_is_a_clear_error(filled_url, cli):
    result = cli("show", "https://asianlite.com/nope", "--db", filled_url)
    assert result.exit_code == 1
    assert "no archived article" in result.stderr


def test_stats(filled_url, cli):
    result = cli("stats", "--json", "--db", filled_url)
    stats = json.loads(result.stdout)
    assert stats["articles"] == 2 and stats["links"] == 8
    assert stats["articles_per_year"] == {"2022": 1, "2023": 1}
    table = cli("stats", "--db", filled_url).stdout
    assert "articles" in table and "2022: 1" in table


def test_db_upgrade_then_commands_work(db_url, cli):
    assert cli("export", "--db", db_url).exit_code == 1  # empty database: refused, clearly
    refused = cli("stats", "--db", db_url)
    assert "archive db upgrade" in refused.stderr
    result = cli("db", "upgrade", "--db", db_url)
    assert result.exit_code == 0 and "current" in result.stdout
    assert cli("stats", "--db", db_url).exit_code == 0
    assert f"database: {head_revision()}" in cli("db", "current", "--db", db_url).stdout


def test_missing_sqlite_file_is_named(tmp_path, cli):
    result = cli("stats", "--db", f"sqlite:///{tmp_path / 'none.db'}")
    assert result.exit_code == 1 and "no archive file" in result.stderr
    assert not (tmp_path / "none.db").exists()
