"""The ``archive`` console script: ``archive.cli.main`` plus ``archive reprocess``.

``[project.scripts] archive`` points here. The research commands live in :mod:`archive.cli`;
``reprocess`` needs the crawler's extraction code (scrapy), and the ``archive`` package never
imports scrapy or crawler, so the two are put together on the crawler's side. ``python -m
archive`` stays the research commands alone.
"""

from __future__ import annotations

from archive.cli import main
from crawler.reprocess import reprocess_command

main.add_command(reprocess_command)

__all__ = ["main"]
