"""The archive's database: models (tables), engines and sessions, and the Alembic migrations."""
