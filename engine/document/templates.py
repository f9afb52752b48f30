"""Which DOCX template each document uses, and where the templates live."""

from __future__ import annotations

import os
from pathlib import Path

from engine.campaign.models import Document

# Templates by document type; an attached document uses the attached-document layout.
TEMPLATES = {
    "ke_hoach": "plans/ke_hoach.docx",
    "quyet_dinh": "decisions/quyet_dinh.docx",
    "chi_thi": "decisions/chi_thi.docx",
    "nghi_quyet": "decisions/nghi_quyet.docx",
    "cong_van": "letters/cong_van.docx",
    "to_trinh": "letters/to_trinh.docx",
}
ATTACHED_TEMPLATE = "plans/ke_hoach_kem_theo.docx"


def template_for(doc: Document) -> str:
    """Return the template path (relative to templates/) used for `doc`."""
    return ATTACHED_TEMPLATE if doc.kem_theo else TEMPLATES[doc.loai]


def installed_templates() -> Path:
    """Return the installation's own templates folder (templates/ beside the engine)."""
    return Path(__file__).resolve().parents[2] / "templates"


def default_templates() -> Path:
    """Return the templates folder: $VANBAN_TEMPLATES, or the installation's."""
    env = os.environ.get("VANBAN_TEMPLATES")
    return Path(env) if env else installed_templates()
