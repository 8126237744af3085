"""Where a canonical site URL is fetched from: the real site, a mirror, or the local replica.

Stored URLs are always canonical (``https://asianlite.com/...``); only the address the request
goes to changes. With ``base_url`` every main-site URL (asianlite.com, .uk, .ae) is fetched from
base_url. The old site (archive.asianlite.com) is fetched from ``old_base_url`` if given, else
from base_url with a ``Host: archive.asianlite.com`` header (a proxy or the replica serving
every site host), else from the old site itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from crawler.urls import MAIN_HOST, OLD_SITE_HOST, canonical_url, rebase_url, site_host


@dataclass(frozen=True)
class FetchTarget:
    url: str
    host_header: str | None = None

    @property
    def headers(self) -> dict[str, str]:
        return {"Host": self.host_header} if self.host_header else {}


@dataclass(frozen=True)
class Router:
    base_url: str | None = None
    old_base_url: str | None = None

    def target(self, url: str) -> FetchTarget:
        """The address to request for a site URL (any variant; it is canonicalised first)."""
        canonical = canonical_url(url)
        host = site_host(urlsplit(canonical).hostname)
        if host == OLD_SITE_HOST:
            return self._old_site_target(canonical)
        if self.base_url:
            return FetchTarget(rebase_url(canonical, self.base_url))
        return FetchTarget(canonical)

    def _old_site_target(self, canonical: str) -> FetchTarget:
        if self.old_base_url:
            return FetchTarget(rebase_url(canonical, self.old_base_url), OLD_SITE_HOST)
        if self.base_url:
            return FetchTarget(rebase_url(canonical, self.base_url), OLD_SITE_HOST)
        return FetchTarget(canonical)

    def main_site(self, path: str) -> FetchTarget:
        return self.target(f"https://{MAIN_HOST}{path}")

    def old_site(self, path: str) -> FetchTarget:
        return self.target(f"https://{OLD_SITE_HOST}{path}")

    def site_url_of(self, fetched_url: str, host_header: str | None = None) -> str:
        """The canonical site URL of an address this router produced (inverse of target)."""
        parts = urlsplit(fetched_url)
        if self._is_proxy(parts.scheme, parts.netloc):
            host = host_header or MAIN_HOST
            path = parts.path
            for base in (self.old_base_url, self.base_url):
                prefix = urlsplit(base).path if base else ""
                if prefix and path.startswith(prefix):
                    path = path[len(prefix):] or "/"
                    break
            query = f"?{parts.query}" if parts.query else ""
            return canonical_url(f"https://{host}{path}{query}")
        return canonical_url(fetched_url)

    def _is_proxy(self, scheme: str, netloc: str) -> bool:
        for base in (self.base_url, self.old_base_url):
            if base:
                parts = urlsplit(base)
                if (parts.scheme, parts.netloc) == (scheme, netloc):
                    return True
        return False

    def allowed_domains(self) -> list[str]:
        domains = [MAIN_HOST, OLD_SITE_HOST, "asianlite.uk", "asianlite.ae"]
        for base in (self.base_url, self.old_base_url):
            if base:
                host = urlsplit(base).hostname
                if host and host not in domains:
                    domains.append(host)
        return domains
