"""Which site a Host header selects, and how in-page links are written for it.

* ``archive.asianlite.com``: the old site (2014-2015 posts, old theme);
* ``asianlite.uk`` / ``asianlite.ae`` (also ``www.``): mirrors of the main site; links use the
  mirror host; on .uk about half of the internal links carry a trailing slash;
* anything else (``asianlite.com``, ``127.0.0.1:PORT``, ...): the main site, links on
  ``https://asianlite.com``.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass

MAIN_HOST = "asianlite.com"
OLD_HOST = "archive.asianlite.com"
MIRRORS = ("asianlite.uk", "asianlite.ae")


@dataclass(frozen=True)
class HostView:
    """The site as seen through one host name."""

    name: str  # host written in links: asianlite.com | asianlite.uk | ... | archive.asianlite.com

    @property
    def old_site(self) -> bool:
        return self.name == OLD_HOST

    @property
    def slash_variation(self) -> bool:
        return self.name == "asianlite.uk"

    def url(self, path: str) -> str:
        """Absolute in-page URL for a site path (trailing slash varies on .uk)."""
        if (
            self.slash_variation
            and path not in ("", "/")
            and not path.endswith("/")
            and "?" not in path
            and not path.startswith("/wp-content/")
            and zlib.crc32(path.encode()) % 2 == 0
        ):
            path += "/"
        return f"https://{self.name}{path}"


def host_view(host_header: str | None) -> HostView:
    """The HostView selected by a request's Host header."""
    host = (host_header or "").strip().lower().rstrip(".")
    if host.startswith("["):
        host = host.split("]", 1)[0] + "]"
    else:
        host = host.split(":", 1)[0]
    if host.startswith("www."):
        host = host[4:]
    if host == OLD_HOST or host in MIRRORS:
        return HostView(host)
    return HostView(MAIN_HOST)
