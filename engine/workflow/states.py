"""A document's life: states, roles and transitions as data, and one pure function to move.

Decree 30/2020/NĐ-CP, Arts. 10–18: drafted, reviewed (returned with comments), approved by the
signer-to-be, signed, then issued by the văn thư with the register's next number; an issued
document is never edited: it can only be replaced, corrected by a công văn đính chính, or
recalled (Art. 18(3)–(4)).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from engine.accounts.roles import Role
from engine.errors import TransitionNotAllowed

__all__ = ["ACTION_LABELS", "FROZEN", "TRANSITIONS", "Role", "State", "Transition",
           "allowed_actions", "next_state", "transition_for"]


class State(StrEnum):
    """Where a document stands; the value is stored, the label is shown."""

    DRAFT = "du_thao"
    IN_REVIEW = "cho_duyet"
    RETURNED = "tra_lai"
    APPROVED = "da_duyet"
    SIGNED = "da_ky"
    ISSUING = "dang_ban_hanh"
    ISSUED = "da_ban_hanh"
    REPLACED = "bi_thay_the"
    CORRECTED = "da_dinh_chinh"
    RECALLED = "bi_thu_hoi"

    @property
    def label(self) -> str:
        return _STATE_LABELS[self]


_STATE_LABELS = {
    State.DRAFT: "Dự thảo", State.IN_REVIEW: "Chờ duyệt", State.RETURNED: "Trả lại",
    State.APPROVED: "Đã duyệt", State.SIGNED: "Đã ký", State.ISSUING: "Đang ban hành",
    State.ISSUED: "Đã ban hành", State.REPLACED: "Bị thay thế",
    State.CORRECTED: "Đã đính chính", State.RECALLED: "Bị thu hồi",
}
# Issued documents and what became of them: their content never changes again.
FROZEN = frozenset({State.ISSUED, State.REPLACED, State.CORRECTED, State.RECALLED})


@dataclass(frozen=True)
class Transition:
    """An action that moves a document from one state to another, and who may do it."""

    action: str
    label: str
    source: State
    target: State
    role: Role


TRANSITIONS: tuple[Transition, ...] = (
    Transition("trinh", "trình duyệt", State.DRAFT, State.IN_REVIEW, Role.DRAFTER),
    Transition("trinh", "trình duyệt lại", State.RETURNED, State.IN_REVIEW, Role.DRAFTER),
    Transition("tra_lai", "trả lại (kèm ý kiến)", State.IN_REVIEW, State.RETURNED,
               Role.REVIEWER),
    Transition("duyet", "duyệt", State.IN_REVIEW, State.APPROVED, Role.REVIEWER),
    Transition("sua", "sửa nội dung sau khi duyệt (trình lại)", State.APPROVED,
               State.IN_REVIEW, Role.DRAFTER),
    Transition("ky", "ký", State.APPROVED, State.SIGNED, Role.SIGNER),
    Transition("cap_so", "cấp số, ngày ban hành", State.SIGNED, State.ISSUING, Role.CLERK),
    Transition("ban_hanh", "ban hành", State.ISSUING, State.ISSUED, Role.CLERK),
    Transition("thay_the", "bị thay thế bởi văn bản mới", State.ISSUED, State.REPLACED,
               Role.CLERK),
    Transition("dinh_chinh", "được đính chính bằng công văn", State.ISSUED, State.CORRECTED,
               Role.CLERK),
    Transition("thu_hoi", "thu hồi", State.ISSUED, State.RECALLED, Role.CLERK),
)


# What each audit action is called when shown: the transitions' own labels, and the rows that
# are not transitions (a draft registered, a new content version, a migration's row).
ACTION_LABELS = {"tao": "tạo dự thảo", "phien_ban": "lưu phiên bản nội dung mới",
                 "chuyen_doi": "chuyển đổi dữ liệu",
                 **{t.action: t.label for t in TRANSITIONS}}


def allowed_actions(state: State) -> list[str]:
    """Return the actions possible from `state`, in table order.

    >>> allowed_actions(State.IN_REVIEW)
    ['tra_lai', 'duyet']
    """
    return [t.action for t in TRANSITIONS if t.source is state]


def transition_for(state: State, action: str) -> Transition:
    """Return the transition `action` makes from `state`; refuse an action not allowed there.

    >>> transition_for(State.SIGNED, "cap_so").role.label
    'văn thư'
    """
    for transition in TRANSITIONS:
        if transition.source is state and transition.action == action:
            return transition
    raise TransitionNotAllowed(action, state.label, allowed_actions(state))


def next_state(state: State, action: str, role: Role) -> State:
    """Return the state reached by `action` done by someone in `role`; refuse anything else.

    >>> next_state(State.DRAFT, "trinh", Role.DRAFTER)
    <State.IN_REVIEW: 'cho_duyet'>
    >>> try:
    ...     next_state(State.DRAFT, "cap_so", Role.CLERK)
    ... except TransitionNotAllowed as exc:
    ...     print(exc)
    [transition-not-allowed] Không thể «cap_so» khi văn bản đang ở trạng thái «Dự thảo».
    Gợi ý: Các thao tác hợp lệ lúc này: trinh.
    >>> try:
    ...     next_state(State.IN_REVIEW, "duyet", Role.DRAFTER)
    ... except TransitionNotAllowed as exc:
    ...     print(exc.message.split(" với ")[1])
    vai trò «soạn thảo» (cần vai trò «lãnh đạo đơn vị duyệt»).
    """
    for transition in TRANSITIONS:
        if transition.source is state and transition.action == action:
            if transition.role is not role:
                raise TransitionNotAllowed(
                    action, state.label, allowed_actions(state),
                    f" với vai trò «{role.label}» (cần vai trò «{transition.role.label}»)")
            return transition.target
    raise TransitionNotAllowed(action, state.label, allowed_actions(state))
