"""Real servers (PostgreSQL, Redis) started by the tests."""
