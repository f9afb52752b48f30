"""The roles an account holds in an issuing body (the values are stored, the labels shown)."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    """What someone may do for a body."""

    DRAFTER = "soan_thao"
    REVIEWER = "lanh_dao_don_vi"
    SIGNER = "nguoi_ky"
    CLERK = "van_thu"
    ADMIN = "quan_tri"
    UNIT_HEAD = "thu_truong_don_vi"          # files a unit's award dossier
    COUNCIL_SECRETARY = "thuong_truc_hoi_dong"  # the award council's standing member

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    Role.DRAFTER: "soạn thảo", Role.REVIEWER: "lãnh đạo đơn vị duyệt",
    Role.SIGNER: "người ký", Role.CLERK: "văn thư", Role.ADMIN: "quản trị",
    Role.UNIT_HEAD: "thủ trưởng đơn vị đề nghị", Role.COUNCIL_SECRETARY: "thường trực hội đồng",
}
