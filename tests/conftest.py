"""Shared pytest configuration: fixtures live next to what they serve."""

pytest_plugins = [
    "tests.replica.fixtures",
    "tests.servers.fixtures",
    "tests.wordpress.fixtures",
]
