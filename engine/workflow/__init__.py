"""The life of a document after drafting: states and roles (data), who may act (separation of
duties), content versions, the register's numbers, drafting, review and signing, three-step
issuance, the hash-chained audit trail and its verification, the printed register.

May import: errors, base, decree, db, campaign, document, word, pdf, output, accounts.
"""

from engine.workflow.actions import act
from engine.workflow.drafting import Drafted, draft
from engine.workflow.integrity import audit_problems
from engine.workflow.issuance import issue, reserve_number
from engine.workflow.store import Actor, history, pending_issues, rows, verify

__all__ = ["Actor", "Drafted", "act", "audit_problems", "draft", "history", "issue",
           "pending_issues", "reserve_number", "rows", "verify"]
