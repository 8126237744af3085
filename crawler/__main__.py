"""``python -m crawler``: see crawler.cli."""

from __future__ import annotations

from crawler.cli import main

if __name__ == "__main__":
    main(prog_name="python -m crawler")
