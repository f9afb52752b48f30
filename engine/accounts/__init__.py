"""Accounts: users with a login, an Argon2id password and roles per issuing body; sessions.

May import: errors, base, db.
"""
