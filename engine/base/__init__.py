"""Foundations with no rules of their own: text hygiene (NFC, invisible and control
characters), crash-safe files and hashes, the version. May import: errors.
"""
