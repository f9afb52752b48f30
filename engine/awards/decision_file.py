"""The Quyết định khen thưởng as a campaign of its own, so that it enters the workflow like any
other document (`vanban draft`, submit, approve, sign, issue with the register's number).

`write_decision_campaign` writes `<folder>/quyet-dinh-khen-thuong.yaml` with the decision as
its one document, every line it prints written out (căn cứ by the decision date, the awarded
list and prizes), and `<folder>/co-quan/<body>.yaml`, the awarding body as the round read it.
What is approved is then this file, frozen in the version's snapshot: a later change of the
nominations reaches it only through a new dossier and a new draft, which sends it back to
review.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from engine.awards import documents
from engine.base.files import write_atomic
from engine.campaign.models import Campaign, Document, Profile


class _Dumper(yaml.SafeDumper):
    """Plain YAML: no anchors or aliases (the loader refuses them), every scalar a string."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def campaign_id(campaign: Campaign) -> str:
    """The decision campaign's id in the workflow: the round's campaign and the round.

    >>> from engine.campaign.models import Campaign
    >>> campaign_id(Campaign("a/cao-bang.yaml", "T", {}, (), khen_thuong={"ma": "tk-2025"}))
    'cao-bang-tk-2025'
    """
    base = campaign.ma or documents.slug(Path(campaign.file).stem)
    return f"{base}-{(campaign.khen_thuong or {})['ma']}"[:80].strip("-")


def _profile(body: Profile) -> dict[str, Any]:
    data: dict[str, Any] = {
        "ma": body.ma, "ten": body.ten, "ten_in": list(body.ten_in),
        "chu_quan": list(body.chu_quan), "viet_tat": body.viet_tat, "dia_danh": body.dia_danh,
        "tap_the": body.tap_the, "nguoi_dung_dau": body.nguoi_dung_dau, "danh_so": body.danh_so,
        "don_vi": [{"ma": code, "ten": name} for code, name in body.don_vi.items()],
        "nguoi_ky": [{"ma": s.ma, "ho_ten": s.ho_ten, "chuc_vu": s.chuc_vu}
                     for s in body.nguoi_ky.values()],
    }
    for key in ("hieu_luc_tu", "hieu_luc_den"):
        if getattr(body, key) is not None:
            data[key] = getattr(body, key).isoformat()
    return data


def _document(doc: Document) -> dict[str, Any]:
    data: dict[str, Any] = {"ma": doc.ma, "loai": doc.loai, "trich_yeu": doc.trich_yeu}
    if doc.ngay is not None:
        data["ngay"] = doc.ngay.isoformat()
    if doc.don_vi_soan_thao:
        data["don_vi_soan_thao"] = doc.don_vi_soan_thao
    data.update({"tham_quyen_ban_hanh": list(doc.tham_quyen_ban_hanh),
                 "can_cu": list(doc.can_cu), "theo_de_nghi": doc.theo_de_nghi,
                 "noi_dung": doc.noi_dung, "ky": doc.ky, "noi_nhan": list(doc.noi_nhan),
                 "phu_luc": [dict(item) for item in doc.phu_luc]})
    return {key: value for key, value in data.items() if value not in (None, [], "")}


def definition(campaign: Campaign, doc: Document) -> dict[str, Any]:
    """Return the decision campaign's definition (what the YAML file holds)."""
    return {
        "ma": campaign_id(campaign),
        "co_quan": f"co-quan/{doc.profile.ma}.yaml",
        "chien_dich": {"ten": campaign.ten, **({"giai_doan": campaign.giai_doan}
                                               if campaign.giai_doan else {})},
        "van_ban": [_document(doc)],
    }


def _yaml(data: dict[str, Any], comment: str) -> bytes:
    text = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)
    return f"# {comment}\n{text}".encode()


def write_decision_campaign(campaign: Campaign, doc: Document, folder: Path) -> list[Path]:
    """Write the campaign of the decision `doc` (documents.decision_document) into `folder`;
    return its files (the campaign first)."""
    data = definition(campaign, doc)
    comment = (f"Tạo từ đợt khen thưởng «{(campaign.khen_thuong or {}).get('ma')}» của "
               f"{campaign.file} (vanban awards dossier): sửa đợt khen thưởng rồi tạo lại.")
    target = folder / f"{documents.DECISION}.yaml"
    profile = folder / "co-quan" / f"{doc.profile.ma}.yaml"
    write_atomic(profile, _yaml(_profile(doc.profile), "Hồ sơ cơ quan như đợt khen thưởng đã đọc."))
    write_atomic(target, _yaml(data, comment))
    return [target, profile]
