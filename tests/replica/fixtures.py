"""pytest fixtures for the replica site."""
