"""pytest fixtures for real PostgreSQL / Redis servers."""
