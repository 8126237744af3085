"""The exit codes of ``archive`` (documented in README.md) and the one-line error carrying one.

0 done; 1 failed (archive unavailable or out of date, nothing found); 2 bad input (options,
database URL, search query); 73 refused to write (the target exists without --force, or it is
the archive); 74 the output could not be written (missing or unwritable folder, disk full);
130 interrupted (Ctrl-C), 143 terminated (SIGTERM). Interrupted or failed writes never leave a
partial file at the target.
"""

from __future__ import annotations

import click

from archive.errors import ArchiveError, BadInput

EXIT_FAILED = 1
EXIT_BAD_INPUT = 2
EXIT_REFUSED = 73
EXIT_IO = 74
EXIT_INTERRUPTED = 130


class CliError(click.ClickException):
    """A one-line error (``Error: ...`` on stderr); exit code 1."""

    exit_code = EXIT_FAILED


class BadInputError(CliError):
    """Bad input (database URL, search query): exit code 2, as for a bad option."""

    exit_code = EXIT_BAD_INPUT


class OutputRefused(CliError):
    """The output target exists (without --force) or is the archive: exit code 73."""

    exit_code = EXIT_REFUSED


class OutputFailed(CliError):
    """The output could not be written (no such folder, not writable, disk full): exit code 74."""

    exit_code = EXIT_IO


def from_archive_error(exc: ArchiveError) -> CliError:
    """The CLI error for an archive error: bad input exits 2, anything else 1."""
    return BadInputError(str(exc)) if isinstance(exc, BadInput) else CliError(str(exc))
