"""A CDXJ index (cdxj-indexer) beside each complete WARC file: ``NAME.warc.gz`` -> ``NAME.cdxj``.

Indexing reads the whole file again (about 0.5 ms per record), so the crawl does not wait for
it: when a file completes, ``python -m crawler.warc.cdxj FILE`` runs as a detached process and
writes the index (through a temporary file, so an index is complete or absent); its messages
go to ``cdxj-indexer.log`` in the WARC directory. A missing index is rebuilt by running the
same command, or ``cdxj-indexer``. pywb reads CDXJ files from a collection's ``indexes/``
folder; ``wb-manager add`` builds its own as well (README, "Raw capture").
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

LOG_NAME = "cdxj-indexer.log"


def index_path(warc: Path) -> Path:
    name = warc.name.removesuffix(".gz").removesuffix(".warc")
    return warc.with_name(f"{name}.cdxj")


def write_cdxj(warc: Path) -> Path:
    """Index ``warc`` (sorted CDXJ lines, one per response/revisit record); the index's path."""
    # imported here: cdxj-indexer's imports take 0.4 s, which the crawl process never needs
    from cdxj_indexer.main import write_cdx_index

    out = index_path(warc)
    tmp = out.with_name(out.name + ".tmp")
    with open(tmp, "w", encoding="utf-8") as handle:
        write_cdx_index(handle, [str(warc)], {"sort": True})
    tmp.replace(out)
    return out


def index_in_background(warc: Path) -> subprocess.Popen[bytes]:
    """Start indexing ``warc`` in a detached process (it outlives the crawl if need be)."""
    with open(warc.parent / LOG_NAME, "ab") as log:
        return subprocess.Popen(
            [sys.executable, "-m", "crawler.warc.cdxj", str(warc)],
            stdin=subprocess.DEVNULL, stdout=log, stderr=log, start_new_session=True,
        )


if __name__ == "__main__":
    for argument in sys.argv[1:]:
        write_cdxj(Path(argument))
