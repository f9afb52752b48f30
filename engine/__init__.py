"""vanban: Vietnamese administrative documents (Decree 30/2020/NĐ-CP) from campaign definitions.

The package is layered; a module imports only from its own sub-package and from the layers
below it (tests/test_architecture.py enforces it). From the bottom up:

    errors          the one error family: code, exit code, Vietnamese message
    base            text hygiene (NFC), crash-safe files and hashes
    decree          the rules of Decree 30/2020/NĐ-CP, one home each (numbers, dates, types, …)
    db              the tables and migrations (SQLAlchemy Core + Alembic), the audit's hash
                    chain, the application role's privileges; no rules
    campaign        reading and validating campaign and body-profile files into models
    document        what a document prints: the template context, built from the models
    word            DOCX files: safe archives, rendering templates, reading documents back
    pdf             DOCX -> PDF through LibreOffice
    check, output, accounts
                    `vanban check`; generate / regenerate: one render -> write -> manifest path;
                    users, roles per body, passwords, sessions
    workflow        states, who may act, content versions, numbering, issuance, the audit
                    and its verification, the printed register
    awards          award rounds: the emulation law's tables, rules and dossiers
    cli             the command line (the top; nothing imports it)

The version comes from the installed package's metadata.
"""

from __future__ import annotations

from engine.base.version import VERSION as __version__

__all__ = ["__version__"]
