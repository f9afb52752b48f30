"""The quản trị's view of the work done off the request: the latest batches of document jobs
(`vanban generate`/`regenerate` as batches, on the Celery workers or in a local pool) with their
progress and each failed job's error, and the web's own latest tasks; what `vanban batch status`
prints, from the same rows. A batch still running is polled (htmx) until it ends."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import login_required

from engine.accounts.roles import Role
from engine.errors import JobError
from engine.jobs import records, task_state
from engine.web.access import account, engine, refuse

blueprint = Blueprint("batches", __name__)
TASK_LABELS = {"finish-issuance": "Ban hành (tạo tệp, PDF)", "preview": "Bản xem trước",
               "register-pdf": "PDF của sổ đăng ký", "unit-dossier": "Hồ sơ khen thưởng",
               "award-decision": "Quyết định khen thưởng"}
STATE_LABELS = {task_state.QUEUED: "chờ", task_state.RUNNING: "đang chạy",
                task_state.DONE: "xong", task_state.FAILED: "thất bại"}


def _administrator() -> None:
    if not any(grant.role is Role.ADMIN for grant in account().grants):
        refuse(403, "Trang này dành cho quản trị.")


@blueprint.route("/quan-tri/lo-viec")
@login_required
def batches_page() -> str:
    """The latest batches and tasks."""
    _administrator()
    return render_template("batches.html", batches=records.recent_batches(engine()),
                           tasks=task_state.recent(engine()), labels=records.LABELS,
                           task_labels=TASK_LABELS, state_labels=STATE_LABELS)


@blueprint.route("/quan-tri/lo-viec/<batch_id>")
@login_required
def batch_page(batch_id: str) -> str:
    """One batch: its jobs per state and each failed job with its error (polled while it
    runs)."""
    _administrator()
    try:
        status = records.batch_status(engine(), batch_id)
    except JobError:
        refuse(404, "Không có lô việc này.")
    return render_template("batch.html", status=status, labels=records.LABELS)
