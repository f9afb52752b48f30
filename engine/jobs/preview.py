"""Page images of a document: its DOCX to PDF (LibreOffice, as everywhere) and every page to a
PNG (poppler's pdftoppm), stored under a key of the content, so a preview is made once per
version and any worker can make it."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from engine.errors import ConversionError
from engine.jobs.folders import finish, is_done, start

RESOLUTION = 70  # dpi: an A4 page is 579 × 819 pixels


def folder(data_dir: Path, key: str) -> Path:
    """Where the preview of content `key` (a version or file hash) lives."""
    return data_dir / "xem-truoc" / key


def pages(data_dir: Path, key: str) -> list[Path]:
    """The page images made so far, in order (empty until the job is done)."""
    if not is_done(folder(data_dir, key)):
        return []
    return sorted(folder(data_dir, key).glob("trang-*.png"))


def make(docx: Path, data_dir: Path, key: str) -> None:
    """Convert `docx` and cut it into page images (the job); idempotent."""
    from engine.pdf import convert_all

    target = folder(data_dir, key)
    work = start(target)
    if work is None:
        return
    shutil.copyfile(docx, work / "van-ban.docx")
    converted = convert_all([work / "van-ban.docx"], workers=1)[0]
    try:
        subprocess.run(["pdftoppm", "-png", "-r", str(RESOLUTION), str(converted.pdf),
                        str(work / "trang")], check=True, capture_output=True, timeout=120)
    except (OSError, subprocess.SubprocessError) as exc:
        raise ConversionError(docx.name, f"không tạo được ảnh trang ({exc})") from exc
    for image in work.glob("trang-*.png"):  # pdftoppm pads the number by the page count
        image.rename(work / f"trang-{int(image.stem.split('-')[-1]):03d}.png")
    finish(work, target)
