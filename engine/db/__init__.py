"""Storage of the workflow and the register: SQLite by default, PostgreSQL by URL."""
