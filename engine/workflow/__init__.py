"""The life of a document after drafting: states and roles (data), the register's numbers,
drafting, review and signing, three-step issuance, the audit trail and the printed register.

May import: errors, base, decree, db, campaign, document, word, pdf, output.
"""

from engine.workflow.actions import act
from engine.workflow.drafting import document_id, draft
from engine.workflow.issuance import issue, reserve_number
from engine.workflow.store import Actor, history, pending_issues, rows, verify

__all__ = ["Actor", "act", "document_id", "draft", "history", "issue", "pending_issues",
           "reserve_number", "rows", "verify"]
