"""Line endings the decree prescribes: căn cứ, Kính gửi, Nơi nhận (";" then "."), and the
"/." that ends the content (NĐ 30/2020/NĐ-CP, Phụ lục I, II.6.a, II.9; Phụ lục III)."""

from __future__ import annotations

from collections.abc import Sequence


def end_with(text: str, mark: str) -> str:
    """Return `text` ending with `mark` (";" or "."), replacing a final ";", "." or ",".

    >>> end_with("Căn cứ Luật Tổ chức chính quyền địa phương", ";")
    'Căn cứ Luật Tổ chức chính quyền địa phương;'
    >>> end_with("Theo đề nghị của Trưởng phòng Nội vụ;", ".")
    'Theo đề nghị của Trưởng phòng Nội vụ.'
    """
    return text.rstrip().rstrip(";.,") + mark


def list_punctuation(lines: Sequence[str]) -> list[str]:
    """Return lines ended with ";" and the last with "." (căn cứ, Kính gửi, Nơi nhận).

    NĐ 30/2020/NĐ-CP, Phụ lục I, II.6.a (căn cứ) and II.9.b, d (Kính gửi, Nơi nhận).

    >>> list_punctuation(["Căn cứ A", "Căn cứ B;", "Căn cứ C;"])
    ['Căn cứ A;', 'Căn cứ B;', 'Căn cứ C.']
    """
    return [end_with(line, "." if i == len(lines) - 1 else ";") for i, line in enumerate(lines)]


def ket_thuc(text: str) -> str:
    """Return the last paragraph of a body ending with the decree's "/." mark.

    NĐ 30/2020/NĐ-CP, Phụ lục III: every sample's content ends with "/.".

    >>> ket_thuc("nghiêm túc triển khai thực hiện.")
    'nghiêm túc triển khai thực hiện./.'
    >>> ket_thuc("có hiệu lực kể từ ngày ký./.")
    'có hiệu lực kể từ ngày ký./.'
    >>> ket_thuc("Kế hoạch này")
    'Kế hoạch này./.'
    """
    text = text.rstrip()
    if text.endswith("/."):
        return text
    return f"{text}/." if text.endswith(".") else f"{text}./."
