"""Frozen data of a validated campaign: issuing bodies, signers, documents."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any


@dataclass(frozen=True)
class Signer:
    """A person who signs documents for a body."""

    ma: str
    ho_ten: str
    chuc_vu: str


@dataclass(frozen=True)
class Profile:
    """An issuing body (cơ quan ban hành) as its profile file describes it."""

    ma: str
    ten: str
    ten_in: tuple[str, ...]
    chu_quan: tuple[str, ...]
    viet_tat: str
    dia_danh: str
    tap_the: str
    nguoi_dung_dau: str
    danh_so: str
    don_vi: dict[str, str]
    nguoi_ky: dict[str, Signer]
    # The days the body existed (a district UBND ends on 30/6/2025): documents dated outside
    # them are refused. None: no limit declared.
    hieu_luc_tu: date | None = None
    hieu_luc_den: date | None = None
    # The Quốc huy its Giấy khen print (a PNG, `quoc_huy` in the profile); None: not given.
    quoc_huy: bytes | None = field(default=None, repr=False)


@dataclass(frozen=True)
class Document:
    """One document of a campaign, with its raw body tree and its issuing body resolved."""

    ma: str
    loai: str
    profile: Profile
    trich_yeu: str
    noi_dung: list[Any]
    path: tuple[str | int, ...]
    so: str | None = None
    ngay: date | None = None
    cho_so: int = 2          # digits the blank of an unnumbered rendering holds (never in YAML)
    dia_danh: str | None = None
    don_vi_soan_thao: str | None = None
    kem_theo: str | None = None
    do_mat: str | None = None
    hoi_dong: str | None = None
    kem_theo_cua: str | None = None
    tham_quyen_ban_hanh: tuple[str, ...] = ()
    can_cu: tuple[str, ...] = ()
    xet: tuple[str, ...] = ()
    theo_de_nghi: str | None = None
    kinh_gui: tuple[str, ...] = ()
    danh_so: tuple[str, ...] = ()
    thong_qua: dict[str, Any] | None = None
    ky: dict[str, Any] | None = None
    noi_nhan: tuple[Any, ...] = ()
    luu: tuple[str, ...] = ()
    phu_luc: tuple[dict[str, Any], ...] = ()


@dataclass(frozen=True)
class Campaign:
    """A validated campaign: its structured sections and its documents, in order."""

    file: str
    ten: str
    sections: dict[str, list[Any]]
    documents: tuple[Document, ...]
    giai_doan: str | None = None
    khau_hieu: str | None = None
    inputs: dict[str, str] = field(default_factory=dict)
    khen_thuong: dict[str, Any] | None = None
    ma: str | None = None          # the campaign's id in the workflow, when the file gives one

    def document(self, ma: str) -> Document:
        """Return the document whose id is `ma`."""
        return next(doc for doc in self.documents if doc.ma == ma)
