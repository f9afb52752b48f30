"""A body profile's Quốc huy (`quoc_huy`): a PNG beside the profile file, read through the
campaign's Sources so that a stored snapshot carries it and a changed picture is a changed input.

The path is the profile's own data, so it is confined: relative, inside the profile's folder,
not a link, a PNG of at most 2 MB.
"""

from __future__ import annotations

from pathlib import Path

from engine.base.images import MAX_BYTES, png_size
from engine.campaign.paths import confined
from engine.campaign.yaml_reader import Sources, YamlDocument


def load_emblem(profile: Path, doc: YamlDocument, sources: Sources) -> bytes | None:
    """Return the profile's Quốc huy, or None (none named, or a problem recorded in `doc`)."""
    ref = doc.data.get("quoc_huy") if isinstance(doc.data, dict) else None
    if not ref:
        return None
    file = confined(profile, ref, on_disk=sources.stored is None)
    if file is None:
        doc.problems.append(doc.problem(("quoc_huy",), "bad-path",
                                        f"«{ref}»: ảnh Quốc huy phải nằm trong thư mục của "
                                        "hồ sơ cơ quan (đường dẫn tương đối, không «..»)"))
        return None
    try:
        data = sources.read(file)
    except OSError:
        doc.problems.append(doc.problem(("quoc_huy",), "missing-file",
                                        f"không tìm thấy ảnh Quốc huy «{ref}»"))
        return None
    if len(data) > MAX_BYTES or png_size(data) is None:
        doc.problems.append(doc.problem(("quoc_huy",), "bad-image",
                                        f"«{ref}» không phải ảnh PNG hợp lệ (tối đa "
                                        f"{MAX_BYTES // 1024 // 1024} MB)"))
        return None
    return data
