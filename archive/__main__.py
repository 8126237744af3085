"""``python -m archive``: the researcher CLI."""

from __future__ import annotations

from archive.cli import main

main()
