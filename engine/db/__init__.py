"""Storage of the workflow and the register: tables (SQLAlchemy Core) and Alembic migrations,
SQLite by default, PostgreSQL by URL, the audit's hash chain and the application role's
privileges; no rules. May import: errors.
"""
