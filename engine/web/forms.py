"""The web forms (WTForms through Flask-WTF: every one carries the CSRF token)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length

from engine.web.compose import AUTHORITIES, KINDS

_REQUIRED = "Trường này không được để trống."


def choices(pairs: object) -> list[SelectChoice]:
    """Options of a select from (value, label) pairs."""
    return [SelectChoice(value, label) for value, label in pairs]  # type: ignore[attr-defined]


class DocumentForm(FlaskForm):  # type: ignore[misc]
    """One document: what the form writes into its campaign file."""

    co_quan = SelectField("Cơ quan ban hành", validators=[DataRequired(_REQUIRED)])
    loai = SelectField("Loại văn bản", choices=choices(KINDS.items()),
                       validators=[DataRequired(_REQUIRED)])
    trich_yeu = StringField("Trích yếu", validators=[
        DataRequired("Nhập trích yếu nội dung văn bản."), Length(max=500)])
    don_vi_soan_thao = SelectField("Đơn vị soạn thảo (ký hiệu công văn)", validate_choice=False)
    kinh_gui = TextAreaField("Kính gửi (mỗi dòng một nơi)", validators=[Length(max=5000)])
    # Quyết định and Nghị quyết: the authority, the proposal (the passing sentence below).
    tham_quyen_ban_hanh = TextAreaField(
        "Thẩm quyền ban hành (mỗi dòng một dòng, ví dụ «CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ …»)",
        validators=[Length(max=1000)])
    can_cu = TextAreaField("Căn cứ (mỗi dòng một căn cứ)", validators=[Length(max=10000)])
    theo_de_nghi = StringField("Theo đề nghị của (Quyết định)", validators=[Length(max=500)])
    xet = TextAreaField("Xét (Nghị quyết; mỗi dòng một ý)", validators=[Length(max=5000)])
    nguoi_ky = SelectField("Người ký", validators=[DataRequired(_REQUIRED)])
    quyen_han = SelectField("Thẩm quyền ký", choices=choices(AUTHORITIES.items()),
                            validate_choice=True)
    noi_nhan = TextAreaField("Nơi nhận (mỗi dòng một nơi; dòng cuối «Lưu: VT, …» tự thêm)",
                             validators=[Length(max=5000)])
    thong_qua_co_quan = StringField("Hội đồng thông qua", validators=[Length(max=200)])
    thong_qua_khoa = StringField("Khóa (ví dụ III)", validators=[Length(max=20)])
    thong_qua_ky_hop = StringField("Kỳ họp (ví dụ thứ mười bốn)", validators=[Length(max=100)])
    thong_qua_ngay = StringField("Ngày thông qua (2025-12-23)", validators=[Length(max=20)])
    thong_qua_hieu_luc = StringField("Hiệu lực (ví dụ kể từ ngày thông qua)",
                                     validators=[Length(max=200)])


class UploadForm(FlaskForm):  # type: ignore[misc]
    """A campaign file (YAML) whose `co_quan:` names bodies already imported."""

    tep = FileField("Tệp chiến dịch (YAML)", validators=[
        FileRequired("Chọn tệp."), FileAllowed(["yaml", "yml"], "Chỉ nhận tệp .yaml/.yml.")])
