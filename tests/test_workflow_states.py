"""A stateful property test of the workflow and register (reliability.md D11).

Hypothesis drives random sequences of actions, legal and not, by any of the office's accounts,
with crashes in the middle of an issuance; after every step: per sequence the numbers are
exactly 1..n, the stored states are the model's, issued content never changes, and every
transition has exactly one audit row (drafting: one "tao" and one "phien_ban" row each).
"""

from __future__ import annotations

import shutil
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import sqlalchemy
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from engine.accounts.users import Account
from engine.db.connect import open_engine
from engine.db.tables import audit, documents
from engine.errors import AccessDenied, TransitionNotAllowed
from engine.word.archive import content_hash
from engine.workflow import act, draft, issue
from engine.workflow.states import TRANSITIONS, Role, State
from tests.crashes import SimulatedCrash, crash_at
from tests.helpers import document, write_campaign
from tests.office import office

DOCS = [f"chien-dich/ct-{i}" for i in range(4)]
ACTIONS = sorted({t.action for t in TRANSITIONS} - {"cap_so", "ban_hanh", "thay_the",
                                                     "dinh_chinh"}) + ["issue"]
# The office's accounts (attributes of tests.office.Office), and who acts in each role.
ACCOUNTS = ["admin", "drafter", "reviewer", "signer", "clerk"]
BY_ROLE = {Role.DRAFTER: "drafter", Role.REVIEWER: "reviewer", Role.SIGNER: "signer",
           Role.CLERK: "clerk"}


class Workflow(RuleBasedStateMachine):
    """The register as a model: expected states, numbers, hashes and audit counts."""

    @initialize()
    def start(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="vanban-sm-"))
        docs = []
        for i in range(len(DOCS)):
            doc = document(ma=f"ct-{i}")
            doc.pop("so")
            docs.append(doc)
        path = write_campaign(self.folder, *docs)
        self.engine = open_engine(f"sqlite:///{self.folder / 'v.db'}")
        self.staff = office(self.engine, self.folder / "co-quan.yaml")
        draft(self.engine, path, self.folder / "out", self.staff.drafter)
        self.states = dict.fromkeys(DOCS, State.DRAFT)
        self.transitions = dict.fromkeys(DOCS, 2)  # "tao", then "phien_ban" (the first version)
        self.hashes: dict[str, str] = {}
        self.clock = datetime(2025, 1, 2, 3, tzinfo=UTC)

    def teardown(self) -> None:
        if hasattr(self, "engine"):
            self.engine.dispose()
            shutil.rmtree(self.folder, ignore_errors=True)

    def _legal(self, doc: str) -> list[tuple[str, str]]:
        """The (action, account) pairs the model allows on `doc` now."""
        state = self.states[doc]
        options = [(t.action, BY_ROLE[t.role]) for t in TRANSITIONS if t.source is state
                   and t.action in ACTIONS]
        if state in (State.SIGNED, State.ISSUING):
            options.append(("issue", "clerk"))
        return options

    def _do(self, doc: str, action: str, who: str, crash: str | None) -> None:
        actor: Account = getattr(self.staff, who)
        if action == "issue":
            self.clock += timedelta(days=1)
            was = self.states[doc]
            try:
                with crash_at(crash):
                    row = issue(self.engine, doc, actor, self.clock)
            except SimulatedCrash:
                if crash in ("before-files", "before-issued") and was is State.SIGNED:
                    self.states[doc] = State.ISSUING
                    self.transitions[doc] += 1
                return
            self.transitions[doc] += 2 if was is State.SIGNED else 1
            self.states[doc] = State.ISSUED
            self.hashes[doc] = row.content_hash
            return
        comment = "ý kiến" if action in ("tra_lai", "thu_hoi") else None
        target = act(self.engine, doc, action, actor, comment)
        self.states[doc] = target
        self.transitions[doc] += 1

    @rule(data=st.data())
    def legal_step(self, data: st.DataObject) -> None:
        doc = data.draw(st.sampled_from(DOCS))
        options = self._legal(doc)
        if options:
            action, who = data.draw(st.sampled_from(options))
            crash = data.draw(st.sampled_from([None, None, "after-number", "before-files"]))
            self._do(doc, action, who, crash)

    @rule(data=st.data())
    def advance(self, data: st.DataObject) -> None:
        """The happy path: move a document one step towards issuance (reaches deep states)."""
        doc = data.draw(st.sampled_from(DOCS))
        forward = [(a, r) for a, r in self._legal(doc) if a in ("trinh", "duyet", "ky", "issue")]
        if forward:
            crash = data.draw(st.sampled_from([None, None, None, "after-number", "before-files",
                                               "before-issued"]))
            self._do(doc, *forward[0], crash)

    @rule(doc=st.sampled_from(DOCS), action=st.sampled_from(ACTIONS),
          who=st.sampled_from(ACCOUNTS))
    def any_step(self, doc: str, action: str, who: str) -> None:
        if (action, who) in self._legal(doc):
            self._do(doc, action, who, None)
            return
        before = self.states[doc]
        try:
            self._do(doc, action, who, None)
        except (TransitionNotAllowed, AccessDenied):
            pass  # the invariants check that nothing changed (state, number, audit rows)
        else:
            raise AssertionError(f"{action} by {who} accepted in {before}")
        assert self.states[doc] is before

    @invariant()
    def numbers_are_1_to_n(self) -> None:
        with self.engine.connect() as conn:
            numbers = sorted(conn.execute(sqlalchemy.select(documents.c.number).where(
                documents.c.number.is_not(None))).scalars())
        assert numbers == list(range(1, len(numbers) + 1))

    @invariant()
    def states_match_the_model(self) -> None:
        with self.engine.connect() as conn:
            stored = {r.id: State(r.state) for r in conn.execute(sqlalchemy.select(documents))}
        assert stored == self.states

    @invariant()
    def issued_content_never_changes(self) -> None:
        with self.engine.connect() as conn:
            for row in conn.execute(sqlalchemy.select(documents).where(
                    documents.c.id.in_(list(self.hashes)))):
                assert row.content_hash == self.hashes[row.id]
                assert content_hash(Path(row.docx).read_bytes()) == self.hashes[row.id]

    @invariant()
    def one_audit_row_per_transition(self) -> None:
        with self.engine.connect() as conn:
            counts = dict(conn.execute(sqlalchemy.select(
                audit.c.document, sqlalchemy.func.count()).where(
                audit.c.document.is_not(None)).group_by(audit.c.document)).all())
        assert counts == self.transitions


Workflow.TestCase.settings = settings(max_examples=30, stateful_step_count=40, deadline=None,
                                      suppress_health_check=[HealthCheck.too_slow])
test_workflow_state_machine = Workflow.TestCase
