"""Anyone logged in checks the digital signatures of a received PDF (engine.esign.verify), with
the trust roots the server is configured with ($VANBAN_TRUST_ROOTS). The upload is read into a
private temporary folder and removed after the check; nothing is stored."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from flask import Blueprint, render_template
from flask_login import login_required
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired

from engine.errors import SigningError
from engine.esign.verify import describe, trust_roots, verify

blueprint = Blueprint("verify_page", __name__)


class VerifyForm(FlaskForm):  # type: ignore[misc]
    tep = FileField("Tệp PDF đã ký số", validators=[
        FileRequired("Chọn tệp."), FileAllowed(["pdf"], "Chỉ nhận tệp .pdf.")])


@blueprint.route("/kiem-tra-chu-ky", methods=["GET", "POST"])
@login_required
def verify_signatures() -> Any:
    """The form, and on a valid upload each signature's report."""
    form = VerifyForm()
    if not form.validate_on_submit():
        return render_template("verify.html", form=form, reports=None), \
            400 if form.errors else 200
    with tempfile.TemporaryDirectory(prefix="vanban-verify-") as folder:
        path = Path(folder) / "van-ban.pdf"
        form.tep.data.save(str(path))
        try:
            reports = verify(path, trust_roots([]))
        except SigningError as exc:
            form.tep.errors = [exc.message]
            return render_template("verify.html", form=form, reports=None), 400
    return render_template("verify.html", form=form, name=form.tep.data.filename,
                           reports=[(r, describe(r)) for r in reports],
                           good=bool(reports) and all(r.good for r in reports))
