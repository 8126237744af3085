"""pytest fixtures for the replica site."""

from __future__ import annotations

import pytest

from tests.replica.site import Site


@pytest.fixture
def replica_site() -> Site:
    """A 20-article replica Site (seed 1) that includes the specimen article (post 226758)."""
    return Site(articles=20, seed=1, include_specimen=True)
