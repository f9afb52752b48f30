"""Storage of the workflow and the register: tables (SQLAlchemy Core) and Alembic migrations,
SQLite by default, PostgreSQL by URL; no rules. May import: nothing of the engine.
"""
