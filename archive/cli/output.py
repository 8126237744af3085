"""Every file the CLI writes goes through :func:`safe_output`: atomic, never over the archive.

The data is written to a temporary file beside the target (same folder, so same file
system) and renamed into place only once it is complete and flushed to disk; an interrupted
or failed write (Ctrl-C, SIGTERM, disk full, an error midway) removes the temporary file and
leaves the previous target untouched. An existing target is replaced only with ``--force``,
and a target that is the archive database itself (or its ``-wal``/``-shm``/``-journal``
files, under any spelling or through a symlink) is always refused.

A target that exists and is not a regular file (``/dev/stdout``, a named pipe) is written
in place: there is nothing to replace atomically.
"""

from __future__ import annotations

import logging
import os
import signal
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import Any, TypeVar

import click

from archive.cli.exits import OutputFailed, OutputRefused
from archive.errors import ArchiveError
from archive.schema.engine import parse_url, sqlite_path

logger = logging.getLogger(__name__)

F = TypeVar("F", bound=Callable[..., Any])

#: The files SQLite keeps next to a database while it is in use.
ARCHIVE_COMPANIONS = ("", "-wal", "-shm", "-journal")


def force_option(func: F) -> F:
    """``--force``: replace an existing output file (never the archive)."""
    return click.option("--force", is_flag=True,
                        help="Replace an existing output file (the archive itself never).")(func)


def archive_files(db_url: str) -> list[Path]:
    """The archive file and its SQLite companions, resolved (empty for PostgreSQL)."""
    try:
        path = sqlite_path(parse_url(db_url))
    except ArchiveError:
        return []
    if path is None:
        return []
    resolved = path.resolve()
    return [resolved.with_name(resolved.name + suffix) for suffix in ARCHIVE_COMPANIONS]


def check_target(target: Path, *, force: bool, db_url: str) -> None:
    """Refuse (one line, exit code 73) the archive's files and, without --force, existing files."""
    resolved = target.resolve()
    for archive_file in archive_files(db_url):
        if resolved == archive_file or _same_file(target, archive_file):
            raise OutputRefused(f"refusing to write to {target}: it is the archive database "
                           f"{archive_file.name}")
    if target.exists() and not force and target.is_file():
        raise OutputRefused(f"{target} exists; give --force to replace it")
    if target.is_dir():
        raise OutputRefused(f"{target} is a folder; give a file name")
    folder = resolved.parent
    if not folder.is_dir():
        raise OutputFailed(f"cannot write {target}: folder {folder} does not exist")


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


@contextmanager
def safe_output(target: str | Path, *, force: bool, db_url: str) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; on success it is renamed to ``target``.

    Any exception (or Ctrl-C, or SIGTERM, turned into SystemExit while writing) deletes the
    temporary file and re-raises; OS errors become a one-line :class:`~archive.cli.exits.OutputFailed`.
    """
    path = Path(target)
    check_target(path, force=force, db_url=db_url)
    if path.exists() and not path.is_file():  # a device or pipe: write in place
        with _io_errors(path):
            yield path
        return
    with _io_errors(path):
        handle, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part",
                                             dir=path.resolve().parent)
    os.close(handle)
    temp = Path(temp_name)
    temp.chmod(0o666 & ~_umask())  # mkstemp makes 0600; give the file the usual mode
    try:
        with _terminate_raises(), _io_errors(path):
            yield temp
            _fsync(temp)
            os.replace(temp, path)
    finally:
        temp.unlink(missing_ok=True)


@contextmanager
def _io_errors(path: Path) -> Iterator[None]:
    try:
        yield
    except OSError as exc:
        raise OutputFailed(f"cannot write {path}: {exc.strerror or exc}") from exc


@contextmanager
def _terminate_raises() -> Iterator[None]:
    """While writing, SIGTERM raises SystemExit(143) so that the temporary file is removed."""
    def _on_term(signum: int, _frame: FrameType | None) -> None:
        raise SystemExit(128 + signum)

    try:
        previous = signal.signal(signal.SIGTERM, _on_term)
    except ValueError:  # not the main thread: leave signals alone
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _fsync(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
