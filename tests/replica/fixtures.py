"""pytest fixtures for the replica site (registered as a plugin by tests/conftest.py).

* ``replica_site``: a 20-article :class:`Site` (seed 1) including the specimen (post 226758);
* ``replica``: a started :class:`ReplicaServer` for ``replica_site`` on an ephemeral port;
* ``make_replica(articles=N, seed=S, include_specimen=True, robots_disallow=..., site=None,
  **server_kwargs)``: more servers, each stopped after the test.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any

import pytest

from tests.replica.server import ReplicaServer
from tests.replica.site import Site


@pytest.fixture
def replica_site() -> Site:
    """A 20-article replica Site (seed 1) that includes the specimen article (post 226758)."""
    return Site(articles=20, seed=1, include_specimen=True)


@pytest.fixture
def replica(replica_site: Site) -> Iterator[ReplicaServer]:
    """The replica_site served on 127.0.0.1 (ephemeral port), stopped after the test."""
    with ReplicaServer(replica_site) as server:
        yield server


@pytest.fixture
def make_replica() -> Iterator[Callable[..., ReplicaServer]]:
    """Factory for started replica servers: ``make_replica(articles=500, seed=3)``."""
    servers: list[ReplicaServer] = []

    def factory(
        articles: int = 20,
        seed: int = 1,
        include_specimen: bool = True,
        robots_disallow: Sequence[str] = ("/wp-admin/",),
        site: Site | None = None,
        **server_kwargs: Any,
    ) -> ReplicaServer:
        if site is None:
            site = Site(articles, seed, include_specimen, robots_disallow)
        server = ReplicaServer(site, **server_kwargs).start()
        servers.append(server)
        return server

    yield factory
    for server in servers:
        server.stop()
