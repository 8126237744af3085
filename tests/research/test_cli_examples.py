"""Every example in the CLI's ``--help`` texts and every ``archive`` command of README's "For
researchers" runs as printed against a small replica archive (only ``--db`` and the port of
``archive serve`` are ours); output files appear and JSON output parses."""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click
import pytest

from archive.cli import main
from archive.schema.engine import open_archive_engine, session_factory
from archive.write.store import store_articles
from tests.replica.site import Site

ROOT = Path(__file__).resolve().parents[2]
SERVE_WAIT_SECONDS = 30


def _commands(group: click.Group) -> Iterator[click.Command]:
    yield group
    for command in group.commands.values():
        if isinstance(command, click.Group):
            yield from _commands(command)
        else:
            yield command


def help_examples() -> list[str]:
    """The ``archive ...`` lines of every command's help text (after "Example:")."""
    lines = []
    for command in _commands(main):
        text = (command.help or "").split("Example:", 1)[-1]
        lines += [line.strip() for line in text.splitlines() if line.strip().startswith("archive ")]
    return lines


def readme_commands() -> list[str]:
    """The ``archive ...`` lines of the first bash block under README's "For researchers"."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## For researchers", 1)[1]
    block = section.split("```bash", 1)[1].split("```", 1)[0]
    return [line.strip() for line in block.splitlines() if line.strip().startswith("archive ")]


@pytest.fixture(scope="module")
def replica_archive(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A SQLite archive named archive.db holding a 60-article replica with the specimen."""
    path = tmp_path_factory.mktemp("examples") / "archive.db"
    url = f"sqlite:///{path}"
    site = Site(articles=60, seed=1, include_specimen=True)
    engine = open_archive_engine(url)
    try:
        with session_factory(engine).begin() as session:
            store_articles(session, [site.truth(post_id) for post_id in site.post_ids])
    finally:
        engine.dispose()
    return url


def as_args(line: str, db_url: str) -> tuple[list[str], str | None]:
    """The arguments after ``archive`` with ``--db`` set to ``db_url``, and the file a ``>``
    redirects standard output to (None when there is none). Comments are dropped."""
    words = shlex.split(line, comments=True)[1:]
    redirect = None
    if ">" in words:
        at = words.index(">")
        words, redirect = words[:at], words[at + 1]
    while "--db" in words:
        at = words.index("--db")
        del words[at:at + 2]
    return ["--db", db_url, *words], redirect


def option(words: list[str], name: str) -> str | None:
    return words[words.index(name) + 1] if name in words else None


def run_example(line: str, db_url: str, cli: Any, workdir: Path, port: int) -> None:
    words, redirect = as_args(line, db_url)
    if words[2] == "serve":
        serve_and_ask(words, port)
        return
    result = cli(*words)
    assert result.exit_code == 0, (line, result.stdout, result.stderr)
    if redirect is not None:
        (workdir / redirect).write_text(result.stdout, encoding="utf-8")
        if redirect.endswith(".json"):
            json.loads(result.stdout)
    out = option(words, "--out")
    if out is not None:
        written = workdir / out
        files = list(written.iterdir()) if written.is_dir() else [written]
        assert files and all(f.stat().st_size > 0 for f in files), (line, files)


def serve_and_ask(words: list[str], port: int) -> None:
    """``archive serve`` in a subprocess on ``port``, until it answers the example's search."""
    if "--port" in words:
        words[words.index("--port") + 1] = str(port)
    else:
        words += ["--port", str(port)]
    process = subprocess.Popen(
        [sys.executable, "-m", "archive", *words], cwd=ROOT, stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    try:
        url = f"http://127.0.0.1:{port}/archive/article_text.json?_search=lavrov&_shape=objects"
        assert "rows" in json.loads(fetch_when_up(url, process))
    finally:
        process.terminate()
        process.wait(timeout=SERVE_WAIT_SECONDS)


def fetch_when_up(url: str, process: subprocess.Popen[str]) -> str:
    deadline = time.monotonic() + SERVE_WAIT_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"archive serve exited: {process.stderr.read() if process.stderr else ''}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return str(response.read().decode("utf-8"))
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"archive serve did not answer {url}")


def test_there_are_examples_for_every_command_and_in_the_readme() -> None:
    names = {shlex.split(line)[1] for line in help_examples() + readme_commands()}
    assert {"export", "search", "graph", "plot", "stats", "serve", "show", "db"} <= names
    assert len(readme_commands()) >= 10


@pytest.mark.parametrize("line", help_examples())
def test_help_example_runs(line: str, replica_archive: str, cli: Any, tmp_path: Path,
                           monkeypatch: pytest.MonkeyPatch, free_port: int) -> None:
    monkeypatch.chdir(tmp_path)
    run_example(line, replica_archive, cli, tmp_path, free_port)


@pytest.mark.parametrize("line", readme_commands())
def test_readme_command_runs(line: str, replica_archive: str, cli: Any, tmp_path: Path,
                             monkeypatch: pytest.MonkeyPatch, free_port: int) -> None:
    monkeypatch.chdir(tmp_path)
    run_example(line, replica_archive, cli, tmp_path, free_port)
