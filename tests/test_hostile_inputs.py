"""Campaign files and templates strangers or careless hands write: a clear typed error naming
the place, never a traceback, nothing written, and no template can ask for unbounded work
(issue 14, 1-2, 7)."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from engine.cli import main
from engine.errors import TemplateError
from engine.word.render import render_docx
from tests.conftest import ROOT

SAMPLE = ROOT / "samples" / "kinh-mon-ct-05-2023.yaml"


def _campaign(tmp_path: Path, text: str) -> Path:
    shutil.copytree(ROOT / "samples" / "co-quan", tmp_path / "co-quan")
    path = tmp_path / "c.yaml"
    path.write_text(text, "utf-8")
    return path


@pytest.mark.parametrize(("inserted", "named"), [
    ("\x00", "U+0000"), ("\x85", "U+0085"), ("\x9b", "U+009B"),
    ("\u2028", "U+2028 LINE SEPARATOR"), ("\u2029", "U+2029 PARAGRAPH SEPARATOR")])
def test_a_control_or_separator_character_is_named_with_its_place(
        tmp_path: Path, inserted: str, named: str) -> None:
    source = SAMPLE.read_text("utf-8")
    line = source.splitlines().index(next(x for x in source.splitlines() if "trich_yeu" in x))
    lines = source.splitlines()
    lines[line] = lines[line] + inserted
    path = _campaign(tmp_path, "\n".join(lines) + "\n")
    result = CliRunner().invoke(main, ["generate", str(path), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2, result.output
    assert f"c.yaml:{line + 1}: cột {len(lines[line])}: ký tự {named}" in result.output
    assert "[bad-character]" in result.output and not (tmp_path / "out").exists()


@pytest.mark.parametrize("inserted", ["\u202e", "\u2066", "\u061c"])
def test_a_bidi_control_is_refused_with_its_field(tmp_path: Path, inserted: str) -> None:
    source = SAMPLE.read_text("utf-8").replace("Về việc", f"Về{inserted} việc", 1)
    path = _campaign(tmp_path, source)
    result = CliRunner().invoke(main, ["generate", str(path), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2, result.output
    assert f"chứa ký tự đảo chiều văn bản U+{ord(inserted):04X}" in result.output
    assert "«van_ban[0]." in result.output and not (tmp_path / "out").exists()


def test_a_document_id_longer_than_a_file_name_allows_is_refused_before_writing(
        tmp_path: Path) -> None:
    source = SAMPLE.read_text("utf-8").replace("  - ma: ct-05", "  - ma: " + "a" * 245, 1)
    path = _campaign(tmp_path, source)
    result = CliRunner().invoke(main, ["generate", str(path), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2 and "dài quá 100 ký tự [too-long]" in result.output
    assert not (tmp_path / "out").exists()


def _template(tmp_path: Path, expression: str) -> Path:
    source = ROOT / "templates" / "letters" / "cong_van.docx"
    with zipfile.ZipFile(source) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    parts["word/document.xml"] = parts["word/document.xml"].replace(
        b"<w:body>", b"<w:body><w:p><w:r><w:t>" + expression.encode() + b"</w:t></w:r></w:p>", 1)
    path = tmp_path / "mau.docx"
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


@pytest.mark.parametrize(("expression", "said"), [
    ("{% include 'x.xml' %}", "{% include %}"),
    ("{% import 'x' as y %}", "{% import %}"),
    ("{{ '{0:>999999999}'.format(1) }}", "format/format_map"),
    ("{{ '{0}'.format_map({}) }}", "format/format_map"),
    ("{{ 1/0 }}", "ZeroDivisionError"),
    ("{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
     "vòng lặp quá lớn"),
    ("{% for i in range(60000) %}{% endfor %}{% for i in range(60000) %}{% endfor %}",
     "vòng lặp quá lớn"),  # the budget is per document, not per loop
    ("{{ 'x' * 1000000000 }}", "phép nhân tạo chuỗi"),
    ("{{ 10 ** 100000000 }}", "lũy thừa quá lớn"),
    ("{{ '%999999999d' % 1 }}", "định dạng chuỗi bằng «%»"),
    ("{{ '%999999999d'|format(1) }}", "No filter named 'format'"),
    ("{{ 'a'|center(1000000000) }}", "No filter named 'center'"),
])
def test_a_template_cannot_reach_other_files_or_ask_for_unbounded_work(
        tmp_path: Path, expression: str, said: str) -> None:
    with pytest.raises(TemplateError) as caught:
        render_docx(_template(tmp_path, expression), {})
    assert said in caught.value.message


@pytest.mark.parametrize(("expression", "said"), [
    ("{% include 'x.xml' %}", "{% include %}"),
    ("{{ '{0:>999999999}'.format(1) }}", "format/format_map"),
    ("{{ 1/0 }}", "ZeroDivisionError")])
def test_a_hostile_template_stops_generate_exit_5_nothing_written(
        tmp_path: Path, expression: str, said: str) -> None:
    """The same refusals through the command line: exit 5, the template named, no file."""
    from tests.helpers import copy_templates

    templates = copy_templates(tmp_path, "decisions/chi_thi.docx", b"{{ trich_yeu }}",
                               expression.replace("'", "&apos;").encode())
    path = _campaign(tmp_path, SAMPLE.read_text("utf-8"))
    result = CliRunner().invoke(main, ["generate", str(path), "--out", str(tmp_path / "out"),
                                       "--templates", str(templates), "--workers", "1"])
    assert result.exit_code == 5, result.output
    assert "[template-error]" in result.output and "chi_thi.docx" in result.output
    assert said in " ".join(result.output.split()) and "Traceback" not in result.output
    assert not list((tmp_path / "out").rglob("*.docx"))


@pytest.mark.parametrize("ref", ["../ngoai/ubnd-tx-kinh-mon.yaml", "/etc/passwd", "lien-ket.yaml",
                                 "/proc/self/environ"])
def test_a_campaign_cannot_read_a_profile_outside_its_folder(tmp_path: Path, ref: str) -> None:
    (tmp_path / "ngoai").mkdir()
    shutil.copy(ROOT / "samples" / "co-quan" / "ubnd-tx-kinh-mon.yaml", tmp_path / "ngoai")
    folder = tmp_path / "mau"
    folder.mkdir()
    (folder / "lien-ket.yaml").symlink_to(tmp_path / "ngoai" / "ubnd-tx-kinh-mon.yaml")
    source = SAMPLE.read_text("utf-8").replace("co_quan: co-quan/ubnd-tx-kinh-mon.yaml",
                                               f"co_quan: {ref}", 1)
    assert f"co_quan: {ref}" in source
    (folder / "c.yaml").write_text(source, "utf-8")
    result = CliRunner().invoke(main, ["generate", str(folder / "c.yaml"),
                                       "--out", str(tmp_path / "out")])
    assert result.exit_code == 2, result.output
    assert f"«{ref}»: hồ sơ cơ quan phải nằm trong thư mục" in result.output
    assert "[bad-path]" in result.output and not (tmp_path / "out").exists()
    assert "PATH" not in result.output and "HOME" not in result.output  # nothing of it read


@pytest.mark.parametrize(("line", "said"), [
    ("    trich_yeu: V/v: thi đua", "cột 19: có dấu «:» trong giá trị (ở giữa hoặc ở cuối); "
                                   "đặt cả giá trị trong ngoặc kép"),
    ("    trich_yeu: Về việc triển khai như sau:", "c.yaml:6: cột 42: có dấu «:» trong"),
    ("\ttrich_yeu: thi đua", "có ký tự Tab"),
    ('    trich_yeu: "thi đua', "ngoặc kép hoặc ngoặc vuông chưa đóng"),
])
def test_a_yaml_mistake_is_explained_in_vietnamese_with_its_place(
        tmp_path: Path, line: str, said: str) -> None:
    path = _campaign(tmp_path, "co_quan: co-quan/ubnd-tx-kinh-mon.yaml\nchien_dich:\n  ten: a\n"
                               f"van_ban:\n  - ma: x\n{line}\n")
    result = CliRunner().invoke(main, ["generate", str(path), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2 and "[yaml-syntax]" in result.output, result.output
    assert said in result.output and "c.yaml:" in result.output


def test_a_sentence_ending_in_a_colon_is_not_taken_for_a_field(tmp_path: Path) -> None:
    """Issue 14, 8: "- Chủ tịch yêu cầu như sau:" in a list became an unknown field named after
    the sentence; the clerk is told to quote it, at its line."""
    source = SAMPLE.read_text("utf-8")
    source = source.replace("noi_dung:\n      - >-", "noi_dung:\n      - Chủ tịch Ủy ban nhân "
                            "dân thị xã yêu cầu như sau:\n      - >-", 1)
    path = _campaign(tmp_path, source)
    line = source.splitlines().index("      - Chủ tịch Ủy ban nhân dân thị xã yêu cầu như sau:")
    result = CliRunner().invoke(main, ["generate", str(path), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2, result.output
    assert f"c.yaml:{line + 1}: «van_ban[0].noi_dung[0]» câu «Chủ tịch Ủy ban nhân dân thị xã " \
        "yêu cầu như sau:» kết thúc bằng dấu «:»" in result.output
    assert '("Chủ tịch Ủy ban nhân dân thị xã yêu cầu như sau:")' in result.output
    assert "[text-ends-with-colon]" in result.output and "[unknown-field]" not in result.output
    assert not (tmp_path / "out").exists()


def test_a_campaign_file_whose_name_makes_its_folder_dot_dot_is_refused(tmp_path: Path) -> None:
    """`...yaml` has the stem "..": its output folder would be the parent of --out."""
    work = tmp_path / "work"
    work.mkdir()
    path = _campaign(work, SAMPLE.read_text("utf-8")).rename(work / "...yaml")
    result = CliRunner().invoke(main, ["generate", str(path), "--out", str(work / "out")])
    assert result.exit_code == 2 and "[bad-file-name]" in result.output, result.output
    assert not list(tmp_path.rglob("*.docx"))


def test_a_journal_planted_as_a_link_is_never_written_through(tmp_path: Path) -> None:
    from engine.output.manifest import JOURNAL

    path = _campaign(tmp_path, SAMPLE.read_text("utf-8"))
    out = tmp_path / "out"
    assert CliRunner().invoke(main, ["generate", str(path), "--out", str(out)]).exit_code == 0
    victim = tmp_path / "khong-duoc-ghi.txt"
    victim.write_text("giữ nguyên", "utf-8")
    (out / "c" / JOURNAL).symlink_to(victim)  # regenerate journals each document it redoes
    path.write_text(path.read_text("utf-8").replace("Về việc", "V/v", 1), "utf-8")
    result = CliRunner().invoke(main, ["regenerate", str(path), "--out", str(out)])
    assert victim.read_text("utf-8") == "giữ nguyên"
    assert result.exit_code == 6 and "liên kết" in result.output, result.output
    assert "[output-error]" in result.output and "Traceback" not in result.output



def test_codes_are_read_in_any_case_where_the_case_means_nothing(tmp_path: Path) -> None:
    """`loai: Chi_Thi`, `don_vi_soan_thao: vp`, `quyen_han: [tm]` are what the clerk meant
    (issue 14: "case-insensitive codes where no meaning is lost")."""
    from engine.output.generate import generate
    from engine.word.reader import Docx
    from tests.helpers import document, write_campaign

    path = write_campaign(tmp_path, document(loai="Chi_Thi", don_vi_soan_thao="vp",
                                             ky={"nguoi_ky": "ct-a", "quyen_han": ["tm"]}))
    docx = next(p for p in generate([path], tmp_path / "out").files if p.suffix == ".docx")
    text = Docx(docx.read_bytes()).text()
    assert "CHỈ THỊ" in text and "TM. ỦY BAN NHÂN DÂN" in text and "Lưu: VT, VP." in text


def test_a_character_the_font_cannot_print_is_warned_about(tmp_path: Path) -> None:
    source = SAMPLE.read_text("utf-8").replace("Về việc", "Về việc ☎", 1)
    path = _campaign(tmp_path, source)
    result = CliRunner().invoke(main, ["generate", str(path), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert ("Cảnh báo: ct-05.docx: phông Times New Roman không có ký tự «☎» (U+260E BLACK "
            "TELEPHONE)") in result.output
    clean = CliRunner().invoke(main, ["generate", str(SAMPLE), "--out", str(tmp_path / "o2")])
    assert "phông Times New Roman không có" not in clean.output  # the samples print whole


def test_every_problem_of_every_file_comes_in_one_run(tmp_path: Path) -> None:
    """Issue 14, 8: a schema mistake no longer hides a document's bad date, unknown unit or
    unknown signer until the next run, and a second file's problems come in the same run."""
    first = SAMPLE.read_text("utf-8").replace("ngay: 2023-03-30", "ngay: 2023-02-30", 1)
    first = first.replace("don_vi_soan_thao: NV", "don_vi_soan_thao: KHONGCO", 1)
    first = first.replace("nguoi_ky: ct-truong-duc-san", "nguoi_ky: ai-do", 1)
    first = first.replace("    loai: chi_thi\n", "    loai: chi_thi\n    mau_la: 1\n", 1)
    second_sample = ROOT / "samples" / "uong-bi-cv-2219-2023.yaml"
    second = second_sample.read_text("utf-8").replace("    ngay: 2023-07-20", "    ngay: 20-07",
                                                     1)
    second = second.replace("nguoi_ky: pct-nguyen-manh-ha", "nguoi_ky: pct-khong-co", 1)
    path = _campaign(tmp_path, first)
    other = tmp_path / "b.yaml"
    other.write_text(second, "utf-8")
    result = CliRunner().invoke(main, ["generate", str(path), str(other),
                                       "--out", str(tmp_path / "out")])
    assert result.exit_code == 2, result.output
    said = [line.strip() for line in result.output.splitlines() if line.startswith("  - ")]
    found = sorted((Path(line[2:].split(":")[0]).name, line.rsplit("[", 1)[1][:-1])
                   for line in said)
    assert found == [("b.yaml", "bad-format"), ("b.yaml", "bad-reference"),
                     ("c.yaml", "bad-date"), ("c.yaml", "bad-reference"),
                     ("c.yaml", "bad-reference"), ("c.yaml", "unknown-field")]
    assert all(any(name in line for line in said) for name in ("«KHONGCO»", "«ai-do»",
                                                               "«pct-khong-co»", "«2023-02-30»"))
    assert "có 6 lỗi, chưa tạo văn bản nào" in result.output and not (tmp_path / "out").exists()
