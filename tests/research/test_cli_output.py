"""Issue 16, findings 1 and 4: files the CLI writes never replace the archive, need --force to
replace anything else, and appear complete or not at all (interrupted or failed writes leave
the previous file untouched and no temporary file behind)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from archive.cli import main
from tests.servers.records import fill_archive

PREVIOUS = b"the previous export\n"


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    path = tmp_path / "archive.db"
    fill_archive(f"sqlite:///{path}", count=20)
    return path


def run(archive: Path, *args: str):
    return CliRunner().invoke(main, ["--db", f"sqlite:///{archive}", *args])


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".part"))


WRITERS = [
    ["export", "--format", "jsonl"], ["export", "--format", "csv"],
    ["export", "--format", "parquet"], ["graph", "--format", "gexf"],
    ["graph", "--format", "graphml"], ["plot", "timeline"], ["search", "minister", "--json"],
    ["search", "minister", "--csv"],
]


@pytest.mark.parametrize("command", WRITERS, ids=lambda c: "-".join(c[:3]))
@pytest.mark.parametrize("spelling", ["same", "wal", "shm", "journal", "symlink", "dotted"])
def test_the_archive_is_never_a_target(archive: Path, command: list[str], spelling: str) -> None:
    before = archive.read_bytes()
    (archive.parent / "sub").mkdir()
    target = {
        "same": str(archive), "wal": f"{archive}-wal", "shm": f"{archive}-shm",
        "journal": f"{archive}-journal", "symlink": str(archive.parent / "link.db"),
        "dotted": str(archive.parent / "sub" / ".." / archive.name),
    }[spelling]
    if spelling == "symlink":
        os.symlink(archive, target)
    result = run(archive, *command, "--out", target, "--force")
    assert result.exit_code == 73, result.output
    assert "it is the archive database" in result.output
    assert "Traceback" not in result.output
    assert archive.read_bytes() == before
    assert leftovers(archive.parent) == []


@pytest.mark.parametrize("command", WRITERS, ids=lambda c: "-".join(c[:3]))
def test_an_existing_file_needs_force(archive: Path, tmp_path: Path, command: list[str]) -> None:
    target = tmp_path / "out.bin"
    target.write_bytes(PREVIOUS)
    refused = run(archive, *command, "--out", str(target))
    assert refused.exit_code == 73, refused.output
    assert "exists; give --force" in refused.output
    assert target.read_bytes() == PREVIOUS
    replaced = run(archive, *command, "--out", str(target), "--force")
    assert replaced.exit_code == 0, replaced.output
    assert target.read_bytes() != PREVIOUS and target.stat().st_size > 100
    assert oct(target.stat().st_mode & 0o777) == oct(0o666 & ~_umask())
    assert leftovers(tmp_path) == []


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def test_graph_csv_folder_needs_force_per_file(archive: Path, tmp_path: Path) -> None:
    folder = tmp_path / "graph"
    assert run(archive, "graph", "--format", "csv", "--out", str(folder)).exit_code == 0
    again = run(archive, "graph", "--format", "csv", "--out", str(folder))
    assert again.exit_code == 73 and "nodes.csv exists" in again.output
    assert run(archive, "graph", "--format", "csv", "--out", str(folder), "--force").exit_code == 0


@pytest.mark.parametrize("target, message", [
    ("missing/folder/out.jsonl", "does not exist"),
    ("/dev/full", "No space left on device"),
])
def test_unwritable_targets_are_one_line_errors(archive: Path, tmp_path: Path, target: str,
                                                message: str) -> None:
    path = target if target.startswith("/") else str(tmp_path / target)
    result = run(archive, "export", "--out", path)
    assert result.exit_code == 74, result.output
    assert message in result.output
    assert result.output.strip().count("\n") <= 1 and "Traceback" not in result.output
    assert not isinstance(result.exception, OSError)


def test_an_error_midway_leaves_the_previous_file(archive: Path, tmp_path: Path) -> None:
    """The writer fails after half a file is written: the target keeps its old bytes."""
    target = tmp_path / "march.parquet"
    target.write_bytes(PREVIOUS)
    script = (
        "import sys\n"
        "from archive.cli.output import safe_output\n"
        "with safe_output(sys.argv[1], force=True, db_url='sqlite:///x.db') as path:\n"
        "    path.write_bytes(b'PAR1 half a file')\n"
        "    raise RuntimeError('the database went away')\n"
    )
    done = subprocess.run([sys.executable, "-c", script, str(target)], capture_output=True,
                          timeout=60, cwd=tmp_path)
    assert done.returncode == 1 and b"the database went away" in done.stderr
    assert target.read_bytes() == PREVIOUS
    assert leftovers(tmp_path) == []


INTERRUPTED_EXPORT = """
import os, signal, sys
from archive.cli import main
from archive.research import export

real = export.write_jsonl

def write_then_signal(records, out):
    count = 0
    for record in records:
        out.write(export._JSON.encode(record) + "\\n")
        count += 1
        if count == 5:
            out.flush()
            os.kill(os.getpid(), getattr(signal, sys.argv[1]))
    return count

export.write_jsonl = write_then_signal
main(["--db", sys.argv[2], "export", "--out", sys.argv[3], "--force"])
"""


@pytest.mark.parametrize("signame, exit_code", [("SIGINT", 130), ("SIGTERM", 143)])
def test_an_interrupted_export_leaves_the_previous_file(archive: Path, tmp_path: Path,
                                                        signame: str, exit_code: int) -> None:
    """A real signal arrives after five records are written (the writer sends it to itself)."""
    target = tmp_path / "export.jsonl"
    target.write_bytes(PREVIOUS)
    done = subprocess.run(
        [sys.executable, "-c", INTERRUPTED_EXPORT, signame, f"sqlite:///{archive}", str(target)],
        capture_output=True, timeout=120, cwd=tmp_path,
    )
    assert done.returncode == exit_code, done.stderr.decode()
    assert b"Traceback" not in done.stderr
    assert target.read_bytes() == PREVIOUS
    assert leftovers(tmp_path) == []


def test_an_uninterrupted_export_is_complete(archive: Path, tmp_path: Path) -> None:
    target = tmp_path / "export.jsonl"
    result = run(archive, "export", "--out", str(target))
    assert result.exit_code == 0, result.output
    assert len(target.read_text("utf-8").splitlines()) == 20

