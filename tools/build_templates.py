"""Build the starting DOCX templates in templates/ (lean WordprocessingML, as Word writes it).

The templates are data: once built, a clerk may open and edit them in Word, and vanban renders
whatever they then contain. This script only makes the first versions consistent with Decree 30
(Phụ lục I): A4, margins 20/20/30/15 mm, Times New Roman, the two-column header, sizes per
component, page numbers at the top centre hidden on page 1. Run it again only to start over:
    python tools/build_templates.py
"""

from __future__ import annotations

import re
import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent / "templates"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"

# Page geometry in twips (1 mm = 56.7 twips). NĐ 30/2020, Phụ lục I, I.1–I.3.
PAGE_W, PAGE_H = 11906, 16838
TOP, BOTTOM, LEFT, RIGHT = 1134, 1134, 1701, 851
TEXT_W = PAGE_W - LEFT - RIGHT
HEADER_LEFT = 3685  # 65 mm: ô 2, ô 3 (the decree gives no widths: Phụ lục I, IV.2)
HEADER_RIGHT = TEXT_W - HEADER_LEFT
SIGN_LEFT = 4253  # 75 mm: Nơi nhận
SIGN_RIGHT = TEXT_W - SIGN_LEFT
GREETING_LEFT = 2835  # 50 mm: "Kính gửi:"
TEXT_W_LANDSCAPE = PAGE_H - LEFT - RIGHT
# The empty paragraph before a signature block keeps with it; the engine ties the last line of
# the content to that paragraph (engine/word/flow.py), so the block never starts a page alone.
KEEP_NEXT = "<w:keepNext/>"


@dataclass(frozen=True)
class Style:
    """A paragraph style: id, size in points, bold, italic, alignment, indents and spacing."""

    id: str
    name: str
    size: float = 14
    bold: bool = False
    italic: bool = False
    align: str = "center"
    first_line: int = 0
    before: int = 0
    after: int = 0
    line: int = 240
    keep_next: bool = False
    border_top: bool = False


STYLES = [
    # ô 1, ô 2, ô 3, ô 4, ô 5b (Phụ lục I, II.1–II.5; V rows 1–5)
    Style("VBQuocHieu", "VB Quốc hiệu", 12, bold=True),
    Style("VBTieuNgu", "VB Tiêu ngữ", 13, bold=True),
    Style("VBChuQuan", "VB Cơ quan chủ quản", 12),
    Style("VBCoQuan", "VB Cơ quan ban hành", 12, bold=True),
    Style("VBSo", "VB Số ký hiệu", 13, before=120),
    Style("VBVv", "VB Trích yếu công văn", 12, before=120),
    # 13 pt as the Số (the decree's own size, V row 4): both on one baseline in row 2.
    Style("VBNgay", "VB Địa danh ngày", 13, italic=True, before=120),
    # Lines under Tiêu ngữ, body name and trích yếu; their length is set by the engine.
    Style("VBDuongKe", "VB Đường kẻ 1/3-1/2", 2, border_top=True, line=40, before=60,
          after=120),
    Style("VBDuongKeDai", "VB Đường kẻ dài", 2, border_top=True, line=40, before=60),
    Style("VBCach", "VB Khoảng cách", 6, line=160),
    # ô 5a (II.5.b), thẩm quyền, căn cứ (II.6.a), QUYẾT ĐỊNH:
    Style("VBTenLoai", "VB Tên loại", 14, bold=True, before=360),
    Style("VBTrichYeu", "VB Trích yếu", 14, bold=True),
    Style("VBKemTheo", "VB Kèm theo", 14, italic=True),
    Style("VBThamQuyen", "VB Thẩm quyền ban hành", 14, bold=True),
    Style("VBCanCu", "VB Căn cứ", 14, italic=True, align="both", first_line=720, after=120,
          line=288),
    Style("VBLenh", "VB Quyết định", 14, bold=True, before=120, after=120, keep_next=True),
    Style("VBKinhGui", "VB Kính gửi", 14, align="left", after=60),
    # ô 6 (II.6.e): justified, first line 1.27 cm, ≥ 6 pt after, 1.2 lines.
    Style("VBNoiDung", "VB Nội dung", 14, align="both", first_line=720, after=120, line=288),
    Style("VBTieuDe", "VB Đề mục", 14, bold=True, align="both", first_line=720, after=120,
          line=288, keep_next=True),
    Style("VBTieuDeNghieng", "VB Đề mục nghiêng", 14, italic=True, align="both",
          first_line=720, after=120, line=288, keep_next=True),
    Style("VBBang", "VB Bảng", 13, align="left"),
    Style("VBBangTieuDe", "VB Bảng tiêu đề", 13, bold=True),
    # ô 7a–7c, ô 9b (II.7, II.9.d)
    Style("VBChucVu", "VB Chức vụ người ký", 14, bold=True),
    Style("VBHoTen", "VB Họ tên người ký", 14, bold=True, before=1440),
    Style("VBNoiNhanTieuDe", "VB Nơi nhận", 12, bold=True, italic=True, align="left"),
    Style("VBNoiNhan", "VB Nơi nhận dòng", 11, align="left"),
    # Phụ lục (Phụ lục I, III.1)
    Style("VBPhuLuc", "VB Phụ lục", 14, bold=True),
    Style("VBPhuLucTieuDe", "VB Phụ lục tên", 14, bold=True),
    Style("VBMau", "VB Mẫu biểu", 12, italic=True, align="right", after=120),
    # Page number (I.7): 14, upright, top centre.
    Style("VBTrang", "VB Số trang", 14),
    # Giấy khen (legal-rules.md §4.8)
    Style("VBGiayKhenCoQuan", "VB Giấy khen cơ quan", 16, bold=True, before=240),
    Style("VBGiayKhenTang", "VB Giấy khen TẶNG", 16, bold=True, before=240),
    Style("VBGiayKhenTen", "VB Giấy khen tên", 36, bold=True, before=120, after=240),
    Style("VBGiayKhenNguoi", "VB Giấy khen người nhận", 20, bold=True, after=120),
    Style("VBGiayKhenDong", "VB Giấy khen dòng", 15, after=60),
    Style("VBGiayKhenGhiChu", "VB Giấy khen số", 13, bold=True, italic=True, align="left",
          before=240),
]


def run(text: str, *, bold: bool = False, italic: bool = False, preserve: bool = True) -> str:
    """Return a run; `text` may hold Jinja tags, which are left as they are."""
    props = ("<w:b/>" if bold else "") + ("<w:i/>" if italic else "")
    rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
    space = ' xml:space="preserve"' if preserve else ""
    return f"<w:r>{rpr}<w:t{space}>{escape(text)}</w:t></w:r>"


def para(style: str, *runs: str, extra_ppr: str = "") -> str:
    """Return a paragraph of `style` made of `runs` (plain strings become plain runs)."""
    body = "".join(r if r.startswith("<w:") else run(r) for r in runs)
    return f'<w:p><w:pPr><w:pStyle w:val="{style}"/>{extra_ppr}</w:pPr>{body}</w:p>'


def tag(text: str) -> str:
    """Return a paragraph that holds only a docxtpl paragraph tag ({%p … %})."""
    return f"<w:p>{run(text)}</w:p>"


def cell(width: int, *paragraphs: str) -> str:
    return (f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>'
            f'{"".join(paragraphs) or "<w:p/>"}</w:tc>')


def table(widths: list[int], *rows: list[str]) -> str:
    """Return a borderless layout table with fixed column widths."""
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    # A row is never split across pages: a signature block stays whole (cantSplit).
    body = "".join("<w:tr><w:trPr><w:cantSplit/></w:trPr>"
                   f"{''.join(cell(w, c) for w, c in zip(widths, row, strict=True))}</w:tr>"
                   for row in rows)
    return (f'<w:tbl><w:tblPr><w:tblW w:w="{sum(widths)}" w:type="dxa"/>'
            '<w:tblLayout w:type="fixed"/>'
            '<w:tblCellMar><w:left w:w="0" w:type="dxa"/><w:right w:w="0" w:type="dxa"/>'
            '</w:tblCellMar><w:tblLook w:val="0000"/></w:tblPr>'
            f"<w:tblGrid>{grid}</w:tblGrid>{body}</w:tbl>")


def header_block(*, numbered: bool, letter: bool, dated: bool | None = None) -> str:
    """Ô 1–4 (and 5b for a công văn) as the two-row, two-column table of Phụ lục I, IV.2.

    Row 1: the bodies' names (left) beside the Quốc hiệu and Tiêu ngữ (right), each with its
    line; row 2: Số (and "V/v …") beside the place and date. However many lines the names take,
    Số and the date stay on one line (the samples of Phụ lục III). `dated` defaults to
    `numbered`; a biên bản (Mẫu 1.9) is numbered but has no date line, an achievement report is
    dated but not numbered; a document issued with a decision has neither, and no row 2.
    """
    dated = numbered if dated is None else dated
    names = "".join([
        tag("{%p for dong in co_quan_chu_quan %}"), para("VBChuQuan", "{{ dong }}"),
        tag("{%p endfor %}"),
        tag("{%p for dong in co_quan_ban_hanh %}"), para("VBCoQuan", "{{ dong }}"),
        tag("{%p endfor %}"),
        para("VBDuongKe"),
    ])
    motto = "".join([para("VBQuocHieu", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
                     para("VBTieuNgu", "Độc lập - Tự do - Hạnh phúc"), para("VBDuongKeDai")])
    rows = [[names, motto]]
    if numbered or dated:
        number = para("VBSo", "{{ so_ky_hieu }}") if numbered else ""
        if letter:
            number += para("VBVv", "V/v {{ trich_yeu }}")
        rows.append([number, para("VBNgay", "{{ dia_danh_ngay }}") if dated else ""])
    return table([HEADER_LEFT, HEADER_RIGHT], *rows)


def title_block(*, attached: bool) -> str:
    """Ô 5a: tên loại, trích yếu, (Kèm theo …) and the short line under them."""
    parts = [para("VBTenLoai", "{{ ten_loai }}"), para("VBTrichYeu", "{{ trich_yeu }}")]
    if attached:
        parts.append(para("VBKemTheo", "{{ kem_theo }}"))
    parts.append(para("VBDuongKe"))
    return "".join(parts)


def authority_block(*, command: str) -> str:
    """Thẩm quyền ban hành, căn cứ, "QUYẾT ĐỊNH:"/"QUYẾT NGHỊ:" (Mẫu 1.1–1.3)."""
    return "".join([
        para("VBCach"),
        tag("{%p for dong in tham_quyen %}"), para("VBThamQuyen", "{{ dong }}"),
        tag("{%p endfor %}"), para("VBCach"),
        tag("{%p for dong in can_cu %}"), para("VBCanCu", "{{ dong }}"), tag("{%p endfor %}"),
        para("VBLenh", command),
    ])


def greeting_block() -> str:
    """Ô 9a: "Kính gửi:" with one recipient on its line; with several, "Kính gửi:" alone and
    each "- …;" on its own line under it, the dashes aligned under the colon (Phụ lục I, II.9.d;
    Mẫu 1.5)."""
    listed = '<w:ind w:left="278" w:hanging="165"/>'  # wrapped lines start after "- "
    recipients = "".join([
        tag("{%p if kinh_gui|length == 1 %}"),
        para("VBKinhGui", "{{ kinh_gui[0] }}", extra_ppr='<w:ind w:left="113"/>'),
        tag("{%p else %}"), para("VBKinhGui"),
        tag("{%p for dong in kinh_gui %}"), para("VBKinhGui", "{{ dong }}", extra_ppr=listed),
        tag("{%p endfor %}"), tag("{%p endif %}"),
    ])
    return para("VBCach") + table([GREETING_LEFT, TEXT_W - GREETING_LEFT], [
        para("VBKinhGui", "Kính gửi:", extra_ppr='<w:jc w:val="right"/>'), recipients,
    ]) + para("VBCach")


def body_block() -> str:
    """Ô 6: the body's paragraphs, one template paragraph per kind."""
    return "".join([
        tag("{%p for p in noi_dung %}"),
        tag('{%p if p.kieu == "doan" %}'), para("VBNoiDung", "{{ p.van_ban }}"),
        tag('{%p elif p.kieu == "dong" %}'),
        para("VBNoiDung", "{{ p.nhan }}{{ p.tieu_de }}{{ p.van_ban }}"),
        tag('{%p elif p.kieu == "tieu_de" %}'), para("VBTieuDe", "{{ p.nhan }}{{ p.tieu_de }}"),
        tag('{%p elif p.kieu == "tieu_de_nghieng" %}'),
        para("VBTieuDeNghieng", "{{ p.nhan }}{{ p.tieu_de }}"),
        tag('{%p elif p.kieu == "dieu" %}'),
        para("VBNoiDung", run("{{ p.nhan }}{{ p.tieu_de }}", bold=True), "{{ p.van_ban }}"),
        tag('{%p elif p.kieu == "bang" %}'), tag("{{p p.bang }}"),
        tag("{%p endif %}"),
        tag("{%p endfor %}"),
    ])


def signature_block() -> str:
    """Ô 9b (Nơi nhận) on the left, ô 7a–7c on the right (Phụ lục I, IV.2)."""
    left = "".join([
        tag("{%p if noi_nhan %}"), para("VBNoiNhanTieuDe", "Nơi nhận:"),
        tag("{%p for dong in noi_nhan %}"), para("VBNoiNhan", "{{ dong }}"),
        tag("{%p endfor %}"), tag("{%p endif %}"),
    ])
    right = "".join([
        tag("{%p if chu_ky %}"),
        tag("{%p for dong in chu_ky.dong %}"), para("VBChucVu", "{{ dong }}"),
        tag("{%p endfor %}"),
        para("VBHoTen", "{{ chu_ky.ho_ten }}"),
        tag("{%p endif %}"),
    ])
    return "".join([
        tag("{%p if chu_ky or noi_nhan %}"),
        para("VBNoiDung", extra_ppr=KEEP_NEXT),
        table([SIGN_LEFT, SIGN_RIGHT], [left, right]),
        tag("{%p endif %}"),
    ])


def appendix_block() -> str:
    """Phụ lục (Phụ lục I, III.1): each on a new section numbered from 1."""
    return "".join([
        tag("{%p for pl in phu_luc %}"),
        # The section break's own paragraph is one twip high: a page that the content fills to
        # its last line does not push it, alone, onto a blank page before the Phụ lục.
        '<w:p><w:pPr><w:spacing w:before="0" w:after="0" w:line="20" w:lineRule="exact"/>'
        f'<w:rPr><w:sz w:val="2"/><w:szCs w:val="2"/></w:rPr>{section_properties()}</w:pPr></w:p>',
        para("VBPhuLuc", "{{ pl.so }}"), para("VBPhuLucTieuDe", "{{ pl.tieu_de }}"),
        para("VBKemTheo", "{{ pl.kem_theo }}"), para("VBDuongKe"),
        tag("{%p for p in pl.noi_dung %}"),
        tag('{%p if p.kieu == "bang" %}'), tag("{{p p.bang }}"),
        tag('{%p elif p.kieu == "doan" %}'), para("VBNoiDung", "{{ p.van_ban }}"),
        tag("{%p else %}"), para("VBNoiDung", "{{ p.nhan }}{{ p.tieu_de }}{{ p.van_ban }}"),
        tag("{%p endif %}"),
        tag("{%p endfor %}"),
        tag("{%p endfor %}"),
    ])


def section_properties() -> str:
    """A4 portrait, Decree 30 margins, page numbers from 1, none on the first page."""
    return (
        '<w:sectPr><w:headerReference w:type="default" r:id="rIdHeader"/>'
        '<w:headerReference w:type="first" r:id="rIdHeaderFirst"/>'
        f'<w:pgSz w:w="{PAGE_W}" w:h="{PAGE_H}"/>'
        f'<w:pgMar w:top="{TOP}" w:right="{RIGHT}" w:bottom="{BOTTOM}" w:left="{LEFT}" '
        'w:header="567" w:footer="567" w:gutter="0"/>'
        '<w:pgNumType w:start="1"/><w:titlePg/></w:sectPr>'
    )


def document_xml(body: str) -> str:
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<w:document xmlns:w="{W}" xmlns:r="{R}"'
            + (f' xmlns:wp="{WP}"' if EMBLEM in body else "") + f'><w:body>{body}'
            f"{section_properties()}</w:body></w:document>")


def styles_xml() -> str:
    fonts = ('<w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" '
             'w:eastAsia="Times New Roman" w:cs="Times New Roman"/>')
    defaults = (f"<w:docDefaults><w:rPrDefault><w:rPr>{fonts}<w:color w:val=\"000000\"/>"
                '<w:sz w:val="28"/><w:szCs w:val="28"/><w:lang w:val="vi-VN"/></w:rPr>'
                "</w:rPrDefault><w:pPrDefault><w:pPr>"
                '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
                "</w:pPrDefault></w:docDefaults>")
    normal = ('<w:style w:type="paragraph" w:default="1" w:styleId="Normal">'
              '<w:name w:val="Normal"/><w:qFormat/></w:style>'
              '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">'
              '<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/>'
              "<w:semiHidden/></w:style>"
              '<w:style w:type="table" w:default="1" w:styleId="TableNormal">'
              '<w:name w:val="Normal Table"/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/>'
              '<w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>'
              '<w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/>'
              "</w:tblCellMar></w:tblPr></w:style>")
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:styles xmlns:w="{W}">'
            f"{defaults}{normal}{''.join(_style(s) for s in STYLES)}</w:styles>")


def _style(s: Style) -> str:
    ppr = "<w:keepNext/>" if s.keep_next else ""
    if s.border_top:
        ppr += '<w:pBdr><w:top w:val="single" w:sz="6" w:space="0" w:color="000000"/></w:pBdr>'
    rule = "exact" if s.line < 240 else "auto"  # lines and spacers have a fixed height
    ppr += f'<w:spacing w:before="{s.before}" w:after="{s.after}" w:line="{s.line}" ' \
           f'w:lineRule="{rule}"/>'
    if s.first_line:
        ppr += f'<w:ind w:firstLine="{s.first_line}"/>'
    ppr += f'<w:jc w:val="{s.align}"/>'
    half = int(s.size * 2)
    rpr = ("<w:b/><w:bCs/>" if s.bold else "") + ("<w:i/><w:iCs/>" if s.italic else "")
    rpr += f'<w:sz w:val="{half}"/><w:szCs w:val="{half}"/>'
    return (f'<w:style w:type="paragraph" w:customStyle="1" w:styleId="{s.id}">'
            f'<w:name w:val="{s.name}"/><w:basedOn w:val="Normal"/><w:qFormat/>'
            f"<w:pPr>{ppr}</w:pPr><w:rPr>{rpr}</w:rPr></w:style>")


def header_xml(with_number: bool) -> str:
    field = ('<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
             '<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
             '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>2</w:t></w:r>'
             '<w:r><w:fldChar w:fldCharType="end"/></w:r>') if with_number else ""
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:hdr xmlns:w="{W}" '
            f'xmlns:r="{R}"><w:p><w:pPr><w:pStyle w:val="VBTrang"/></w:pPr>{field}</w:p></w:hdr>')


def package(document: str) -> dict[str, str | bytes]:
    """Return the parts of a minimal DOCX package around `document`."""
    ct = "application/vnd.openxmlformats-officedocument.wordprocessingml"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    return {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns='
            '"http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            + ('<Default Extension="png" ContentType="image/png"/>' if EMBLEM in document
               else "") +
            f'<Override PartName="/word/document.xml" ContentType="{ct}.document.main+xml"/>'
            f'<Override PartName="/word/styles.xml" ContentType="{ct}.styles+xml"/>'
            f'<Override PartName="/word/settings.xml" ContentType="{ct}.settings+xml"/>'
            f'<Override PartName="/word/header1.xml" ContentType="{ct}.header+xml"/>'
            f'<Override PartName="/word/header2.xml" ContentType="{ct}.header+xml"/>'
            '<Override PartName="/docProps/core.xml" ContentType="application/vnd.'
            'openxmlformats-package.core-properties+xml"/></Types>'),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns='
            '"http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="word/document.xml"/>'
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/'
            'relationships/metadata/core-properties" Target="docProps/core.xml"/>'
            "</Relationships>"),
        "word/_rels/document.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns='
            '"http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rIdStyles" Type="{rel}/styles" Target="styles.xml"/>'
            f'<Relationship Id="rIdSettings" Type="{rel}/settings" Target="settings.xml"/>'
            f'<Relationship Id="rIdHeader" Type="{rel}/header" Target="header1.xml"/>'
            f'<Relationship Id="rIdHeaderFirst" Type="{rel}/header" Target="header2.xml"/>'
            + (f'<Relationship Id="rIdQuocHuy" Type="{rel}/image" Target="media/quoc-huy.png"/>'
               if EMBLEM in document else "")
            + "</Relationships>"),
        "word/document.xml": document,
        "word/styles.xml": styles_xml(),
        "word/settings.xml": (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:settings xmlns:w="{W}">'
            '<w:defaultTabStop w:val="720"/><w:characterSpacingControl w:val="doNotCompress"/>'
            '<w:compat><w:compatSetting w:name="compatibilityMode" '
            'w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>'
            "</w:settings>"),
        "word/header1.xml": header_xml(True),
        "word/header2.xml": header_xml(False),
        "docProps/core.xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<cp:coreProperties '
            'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>vanban</dc:title>'
            "<dc:creator>vanban</dc:creator></cp:coreProperties>"),
        **({EMBLEM_PART: EMBLEM_STANDIN} if EMBLEM in document else {}),
    }


def write(path: Path, document: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in package(document).items():
            info = zipfile.ZipInfo(name, date_time=(2025, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, data)
    print(f"wrote {path.relative_to(ROOT.parent)}")


def title_greeting_block() -> str:
    """Tờ trình: tên loại, trích yếu, the line, then "Kính gửi:" (Phụ lục I, II.9.b)."""
    return title_block(attached=False) + greeting_block()


def minutes_signature_block() -> str:
    """Mẫu 1.9: THƯ KÝ on the left, CHỦ TỌA on the right, Nơi nhận below."""
    def block(title: str, name: str) -> str:
        # Keep-with-next in every paragraph of the row keeps the row with "Nơi nhận:".
        return "".join([para("VBChucVu", title, extra_ppr=KEEP_NEXT),
                        para("VBHoTen", name, extra_ppr=KEEP_NEXT)])

    return "".join([
        para("VBNoiDung", extra_ppr=KEEP_NEXT),
        table([TEXT_W // 2, TEXT_W - TEXT_W // 2],
              [block("THƯ KÝ", "{{ thu_ky }}"), block("CHỦ TỌA", "{{ chu_toa }}")]),
        para("VBNoiNhanTieuDe", "Nơi nhận:", extra_ppr=KEEP_NEXT),
        tag("{%p for dong in noi_nhan %}"), para("VBNoiNhan", "{{ dong }}", extra_ppr=KEEP_NEXT),
        tag("{%p endfor %}"),
    ])


def report_signature_block() -> str:
    """Báo cáo thành tích: "có xác nhận của cấp trình khen thưởng" (left; NĐ 98/2023 and NĐ
    152/2025 ask for it, legal-rules.md §4.7), the reporter (right)."""
    left = "".join([para("VBChucVu", "XÁC NHẬN CỦA CẤP TRÌNH KHEN THƯỞNG"),
                    para("VBKemTheo", "(Ký, đóng dấu)")])
    right = "".join([tag("{%p for dong in chu_ky.dong %}"), para("VBChucVu", "{{ dong }}"),
                     tag("{%p endfor %}"), para("VBHoTen", "{{ chu_ky.ho_ten }}")])
    return para("VBNoiDung", extra_ppr=KEEP_NEXT) + table([SIGN_LEFT, SIGN_RIGHT], [left, right])


def certificate_block() -> str:
    """Giấy khen (NĐ 98/2023, Art. 104, legal-rules.md §4.8): one page per awardee."""
    red = '<w:color w:val="C00000"/>'

    def line(style: str, text: str, color: str = "") -> str:
        return (f'<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr><w:r><w:rPr>{color}</w:rPr>'
                f'<w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>')

    foot_left = "".join([para("VBGiayKhenGhiChu", "Số quyết định: {{ g.quyet_dinh }}"),
                         para("VBGiayKhenGhiChu", "Số sổ vàng: {{ g.so_vang }}")])
    # NĐ 98/2023, Art. 104: the place and date in italic bold.
    foot_right = "".join([para("VBNgay", run("{{ dia_danh_ngay }}", bold=True)),
                          tag("{%p for dong in chu_ky_dong %}"), para("VBChucVu", "{{ dong }}"),
                          tag("{%p endfor %}"), para("VBHoTen", "{{ ho_ten_ky }}")])
    return "".join([
        tag("{%p for g in giay_khen %}"),
        emblem_block(),
        para("VBQuocHieu", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
        para("VBTieuNgu", "Độc lập - Tự do - Hạnh phúc"), para("VBDuongKeDai"),
        line("VBGiayKhenCoQuan", "{{ tham_quyen }}", red),
        para("VBGiayKhenTang", "TẶNG"),
        line("VBGiayKhenTen", "GIẤY KHEN", red),
        para("VBGiayKhenNguoi", "{{ g.ten }}"),
        para("VBGiayKhenDong", "{{ g.chi_tiet }}"),
        para("VBGiayKhenDong", "{{ g.thanh_tich }}"),
        table([TEXT_W_LANDSCAPE // 2, TEXT_W_LANDSCAPE - TEXT_W_LANDSCAPE // 2],
              [foot_left, foot_right]),
        tag("{%p if not loop.last %}"),
        '<w:p><w:r><w:br w:type="page"/></w:r></w:p>',
        tag("{%p endif %}"),
        tag("{%p endfor %}"),
    ])


EMBLEM_PART = "word/media/quoc-huy.png"
# The template's stand-in for the Quốc huy: a 1x1 transparent PNG; the body profile's picture
# replaces the part at rendering (engine/word/render.py, `media`).
EMBLEM_STANDIN = (
    b"\x89PNG\r\n\x1a\n" + b"".join(
        struct.pack(">I", len(data)) + kind + data
        + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        for kind, data in ((b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 6, 0, 0, 0)),
                           (b"IDAT", zlib.compress(b"\x00\x00\x00\x00\x00")),
                           (b"IEND", b""))))


EMBLEM = 'r:embed="rIdQuocHuy"'


def emblem_block() -> str:
    """The Quốc huy at the top centre (NĐ 98/2023, Art. 104): the profile's picture, its size
    from the context; a marked frame when the profile has none."""
    a, pic = ("http://schemas.openxmlformats.org/drawingml/2006/main",
              "http://schemas.openxmlformats.org/drawingml/2006/picture")
    size = 'cx="{{ quoc_huy.cx }}" cy="{{ quoc_huy.cy }}"'
    centred = '<w:spacing w:before="0" w:after="60"/><w:jc w:val="center"/>'
    picture = (
        f'<w:p><w:pPr>{centred}</w:pPr><w:r><w:drawing>'
        f'<wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent {size}/>'
        '<wp:docPr id="1" name="Quốc huy"/><wp:cNvGraphicFramePr>'
        f'<a:graphicFrameLocks xmlns:a="{a}" noChangeAspect="1"/></wp:cNvGraphicFramePr>'
        f'<a:graphic xmlns:a="{a}"><a:graphicData uri="{pic}"><pic:pic xmlns:pic="{pic}">'
        '<pic:nvPicPr><pic:cNvPr id="0" name="quoc-huy.png"/><pic:cNvPicPr/></pic:nvPicPr>'
        '<pic:blipFill><a:blip r:embed="rIdQuocHuy"/><a:stretch><a:fillRect/></a:stretch>'
        f'</pic:blipFill><pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext {size}/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic>'
        "</a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>")
    box = "".join(f'<w:{side} w:val="dashed" w:sz="8" w:space="4" w:color="808080"/>'
                  for side in ("top", "left", "bottom", "right"))
    side = (TEXT_W_LANDSCAPE - 2400) // 2
    frame = (f'<w:p><w:pPr><w:pBdr>{box}</w:pBdr><w:spacing w:before="0" w:after="60"/>'
             f'<w:ind w:left="{side}" w:right="{side}"/><w:jc w:val="center"/>'
             '<w:rPr><w:sz w:val="18"/></w:rPr></w:pPr>'
             f'<w:r><w:rPr><w:b/><w:sz w:val="18"/></w:rPr><w:t>QUỐC HUY</w:t><w:br/></w:r>'
             '<w:r><w:rPr><w:i/><w:sz w:val="18"/></w:rPr><w:t xml:space="preserve">(chưa có '
             "ảnh: ghi «quoc_huy» trong hồ sơ cơ quan)</w:t></w:r></w:p>")
    return "".join([tag("{%p if quoc_huy %}"), picture, tag("{%p else %}"), frame,
                    tag("{%p endif %}")])


def register_block() -> str:
    """Sổ đăng ký văn bản đi (NĐ 30/2020, Phụ lục IV, I): cover fields, then the 10 columns."""
    # 14286 twips: landscape; the date columns (2) and (8) hold "28/12/2026" at 13 pt unbroken
    widths = [1350, 1450, 2700, 1350, 2150, 1150, 950, 1450, 850, 886]
    heads = ["Số, ký hiệu văn bản", "Ngày tháng văn bản", "Tên loại và trích yếu nội dung "
             "văn bản", "Người ký", "Nơi nhận văn bản", "Đơn vị, người nhận bản lưu",
             "Số lượng bản", "Ngày chuyển", "Ký nhận", "Ghi chú"]
    keys = ["so_ky_hieu", "ngay", "trich_yeu", "nguoi_ky", "noi_nhan", "ban_luu", "so_ban",
            "ngay_chuyen", "ky_nhan", "ghi_chu"]
    border = "".join(f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
                     for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)

    def row(cells: list[str], style: str, header: bool = False) -> str:
        tcs = "".join(cell(w, para(style, text)) for w, text in zip(widths, cells, strict=True))
        props = "<w:trPr><w:tblHeader/></w:trPr>" if header else ""
        return f"<w:tr>{props}{tcs}</w:tr>"

    loop_row = (f"<w:tr>{cell(widths[0], para('VBBang', '{%tr for r in dong %}'))}</w:tr>"
                + row([f"{{{{ r.{k} }}}}" for k in keys], "VBBang")
                + f"<w:tr>{cell(widths[0], para('VBBang', '{%tr endfor %}'))}</w:tr>")
    table_xml = (f'<w:tbl><w:tblPr><w:tblW w:w="{sum(widths)}" w:type="dxa"/>'
                 f'<w:tblBorders>{border}</w:tblBorders><w:tblLayout w:type="fixed"/></w:tblPr>'
                 f"<w:tblGrid>{grid}</w:tblGrid>"
                 + row(heads, "VBBangTieuDe", header=True)
                 + row([f"({i})" for i in range(1, 11)], "VBBangTieuDe", header=True)
                 + loop_row + "</w:tbl>")
    return "".join([
        tag("{%p for dong in co_quan_chu_quan %}"), para("VBChuQuan", "{{ dong }}"),
        tag("{%p endfor %}"),
        tag("{%p for dong in co_quan_ban_hanh %}"), para("VBCoQuan", "{{ dong }}"),
        tag("{%p endfor %}"),
        para("VBTenLoai", "SỔ ĐĂNG KÝ VĂN BẢN ĐI"),
        para("VBSo", "Năm: {{ nam }}"),
        para("VBSo", "Từ ngày {{ tu_ngay }} đến ngày {{ den_ngay }}"),
        para("VBSo", "Từ số {{ tu_so }} đến số {{ den_so }}"),
        para("VBSo", "Quyển số: {{ quyen_so }}"),
        para("VBCach"),
        table_xml,
    ])


def certificate(document: str) -> str:
    """The Giấy khen's section: landscape, a drawn double border in red, no page numbers (each
    sheet is a certificate of its own, NĐ 98/2023, Art. 104)."""
    border = "".join(f'<w:{side} w:val="double" w:sz="18" w:space="20" w:color="C00000"/>'
                     for side in ("top", "left", "bottom", "right"))
    section = landscape(document).replace(
        '<w:headerReference w:type="default" r:id="rIdHeader"/>', "")
    return re.sub(r"(<w:pgMar [^>]*/>)", rf'\1<w:pgBorders w:offsetFrom="page">{border}'
                  "</w:pgBorders>", section, count=1)


def landscape(document: str) -> str:
    """Turn the section of `document` to A4 landscape (Phụ lục I, I.2: tables may need it)."""
    return document.replace(f'<w:pgSz w:w="{PAGE_W}" w:h="{PAGE_H}"/>',
                            f'<w:pgSz w:w="{PAGE_H}" w:h="{PAGE_W}" w:orient="landscape"/>')


TEMPLATES = {
    # Mẫu 1.4: văn bản có tên loại (kế hoạch, chỉ thị)
    "plans/ke_hoach.docx": lambda: header_block(numbered=True, letter=False)
    + title_block(attached=False) + body_block() + signature_block() + appendix_block(),
    # Mẫu 1.3, văn bản ban hành kèm theo: no Số, no date; "(Kèm theo …)"
    "plans/ke_hoach_kem_theo.docx": lambda: header_block(numbered=False, letter=False)
    + title_block(attached=True) + body_block() + signature_block() + appendix_block(),
    "decisions/chi_thi.docx": lambda: header_block(numbered=True, letter=False)
    + title_block(attached=False) + body_block() + signature_block() + appendix_block(),
    # Mẫu 1.2 and 1.3: the same layout; 1.3's Điều 1 issues the attached document.
    "decisions/quyet_dinh.docx": lambda: header_block(numbered=True, letter=False)
    + title_block(attached=False) + authority_block(command="QUYẾT ĐỊNH:") + body_block()
    + signature_block() + appendix_block(),
    # Mẫu 1.1
    "decisions/nghi_quyet.docx": lambda: header_block(numbered=True, letter=False)
    + title_block(attached=False) + authority_block(command="QUYẾT NGHỊ:") + body_block()
    + signature_block() + appendix_block(),
    # Mẫu 1.5
    "letters/cong_van.docx": lambda: header_block(numbered=True, letter=True)
    + greeting_block() + body_block() + signature_block() + appendix_block(),
    # Tờ trình: Mẫu 1.4 with "Kính gửi:" under the trích yếu (Phụ lục I, II.9.b); the award
    # dossier's Tờ trình (awards/to_trinh.docx) is built the same way.
    "letters/to_trinh.docx": lambda: header_block(numbered=True, letter=False)
    + title_greeting_block() + body_block() + signature_block() + appendix_block(),
}


def main() -> None:
    for name, build in TEMPLATES.items():
        write(ROOT / name, document_xml(build()))
    # Award dossiers (issue 5): Tờ trình (Mẫu 1.4 with Kính gửi), biên bản họp xét (Mẫu 1.9),
    # báo cáo thành tích (form wording here, its version from engine/awards/data/khen_thuong.json),
    # and the Giấy khen certificates.
    write(ROOT / "awards/to_trinh.docx", document_xml(
        header_block(numbered=True, letter=False) + title_greeting_block() + body_block()
        + signature_block() + appendix_block()))
    write(ROOT / "awards/bien_ban_hop_xet.docx", document_xml(
        header_block(numbered=True, letter=False, dated=False) + title_block(attached=False)
        + body_block() + minutes_signature_block()))
    write(ROOT / "awards/bao_cao_thanh_tich.docx", document_xml(
        para("VBMau", "{{ mau }}")
        + header_block(numbered=False, letter=False, dated=True) + title_block(attached=False)
        + para("VBGiayKhenNguoi", "{{ doi_tuong }}") + para("VBDuongKe") + body_block()
        + report_signature_block()))
    write(ROOT / "awards/giay_khen.docx", certificate(document_xml(certificate_block())))
    write(ROOT / "registers/so_dang_ky_van_ban_di.docx", landscape(document_xml(register_block())))


if __name__ == "__main__":
    main()
