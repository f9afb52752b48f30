"""Broken campaign files (reliability.md C1–C6): every problem reported at once, nothing written."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from click.testing import CliRunner

from engine.campaign.loader import load_campaign
from engine.cli import main
from engine.errors import InputError
from tests.helpers import document, dump, write_campaign

VALID_HEAD = 'co_quan: co-quan.yaml\nchien_dich:\n  ten: Phong trào\nvan_ban:\n'
VALID_DOC = ('  - ma: ct-01\n    loai: chi_thi\n    trich_yeu: Về cải cách\n'
             '    noi_dung:\n      - Đoạn một.\n    ky:\n      nguoi_ky: ct-a\n')


def problems(path: Path) -> list[tuple[int | None, str, str]]:
    with pytest.raises(InputError) as caught:
        load_campaign(path)
    return [(p.line, p.field, p.code) for p in caught.value.problems]


def run_generate(path: Path, out: Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["generate", str(path), "--out", str(out)])
    return result.exit_code, result.output


def test_python_tags_are_refused(tmp_path: Path) -> None:  # C1
    raw = VALID_HEAD + VALID_DOC + '    so: !!python/object/apply:os.system ["touch pwned"]\n'
    path = write_campaign(tmp_path, raw=raw)
    assert (12, "van_ban[0].so", "yaml-tag") in problems(path)
    assert not (tmp_path / "pwned").exists()


@pytest.mark.parametrize(("written", "kept"), [
    ("05", "05"), ("08", "08"), ("2219", "2219")])
def test_numbers_keep_their_leading_zero(tmp_path: Path, written: str, kept: str) -> None:  # C2
    path = write_campaign(tmp_path, raw=VALID_HEAD + VALID_DOC + f"    so: {written}\n")
    assert load_campaign(path).documents[0].so == kept


@pytest.mark.parametrize("written", ["010", "0", "1:30", "no", "5.0"])
def test_numbers_that_yaml_would_retype_are_errors(tmp_path: Path, written: str) -> None:  # C2
    path = write_campaign(tmp_path, raw=VALID_HEAD + VALID_DOC + f"    so: {written}\n")
    assert problems(path) == [(12, "van_ban[0].so", "bad-format")]


@pytest.mark.parametrize("written", ["no", "ON", "yes", "1:30", "2025-03-05", "~x"])
def test_text_values_stay_text(tmp_path: Path, written: str) -> None:  # C2
    raw = VALID_HEAD + VALID_DOC.replace("Về cải cách", written)
    assert load_campaign(write_campaign(tmp_path, raw=raw)).documents[0].trich_yeu == written


def test_dates_are_validated(tmp_path: Path) -> None:  # C2
    path = write_campaign(tmp_path, document(ngay="2025-02-30"), document(ma="b", ngay="5/2"))
    found = problems(path)
    assert [(f, c) for _, f, c in found] == [("van_ban[0].ngay", "bad-date"),
                                             ("van_ban[1].ngay", "bad-format")]


def test_an_unquoted_date_is_read_as_text_and_parsed(tmp_path: Path) -> None:  # C2
    path = write_campaign(tmp_path, raw=VALID_HEAD + VALID_DOC + "    ngay: 2025-03-05\n")
    assert str(load_campaign(path).documents[0].ngay) == "2025-03-05"


def test_aliases_are_refused(tmp_path: Path) -> None:  # C3
    bomb = 'a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n'
    codes = {code for _, _, code in problems(write_campaign(tmp_path, raw=bomb))}
    assert codes == {"yaml-alias"}


def test_duplicate_keys_are_reported_with_their_line(tmp_path: Path) -> None:  # C4
    raw = VALID_HEAD + VALID_DOC + "    trich_yeu: Lần hai\n"
    assert (12, "van_ban[0].trich_yeu", "duplicate-key") in problems(write_campaign(tmp_path,
                                                                                  raw=raw))


def test_bom_and_crlf_are_accepted(tmp_path: Path) -> None:  # C4
    path = write_campaign(tmp_path, raw="")
    path.write_bytes(codecs.BOM_UTF8 + (VALID_HEAD + VALID_DOC).replace("\n", "\r\n").encode())
    assert load_campaign(path).documents[0].trich_yeu == "Về cải cách"


@pytest.mark.parametrize("encoding", ["utf-16", "cp1258"])
def test_other_encodings_get_a_clear_error(tmp_path: Path, encoding: str) -> None:  # C4
    path = write_campaign(tmp_path, raw="")
    path.write_bytes(VALID_HEAD.encode(encoding))  # "Phong trào": à is 0xE0 in cp1258
    assert [code for _, _, code in problems(path)] == ["not-utf8"]


def test_tabs_give_a_syntax_error_with_its_line(tmp_path: Path) -> None:  # C4
    raw = VALID_HEAD + VALID_DOC + "\tso: 5\n"
    assert problems(write_campaign(tmp_path, raw=raw)) == [(12, "", "yaml-syntax")]


def test_misspelt_keys_are_named_with_a_suggestion(tmp_path: Path) -> None:  # C5
    doc = document()
    doc["trich_yue"] = doc.pop("trich_yeu")
    path = write_campaign(tmp_path, doc)
    with pytest.raises(InputError) as caught:
        load_campaign(path)
    messages = {p.field: p.message for p in caught.value.problems}
    assert "có phải «trich_yeu»?" in messages["van_ban[0].trich_yue"]
    assert "thiếu trường bắt buộc «trich_yeu»" in messages["van_ban[0]"]


def test_wrong_nesting_is_reported(tmp_path: Path) -> None:  # C5
    path = write_campaign(tmp_path, document(noi_dung="Một đoạn", ky="ct-a"))
    found = {(f, c) for _, f, c in problems(path)}
    assert found == {("van_ban[0].noi_dung", "wrong-type"), ("van_ban[0].ky", "wrong-type")}


def test_references_to_missing_things_are_errors(tmp_path: Path) -> None:  # C6
    docs = [document(ky={"nguoi_ky": "khong-co"}, kem_theo="qd-99",
                     don_vi_soan_thao="XX", noi_dung=[{"chen": "chi_tieu"}]),
            document(ma="ct-01", ky={"nguoi_ky": "ct-a", "quyen_han": ["KT", "TM"]})]
    found = {(f, c) for _, f, c in problems(write_campaign(tmp_path, *docs))}
    assert found >= {
        ("van_ban[0].ky.nguoi_ky", "bad-reference"), ("van_ban[0].kem_theo", "bad-reference"),
        ("van_ban[0].don_vi_soan_thao", "bad-reference"), ("van_ban[1].ma", "duplicate-id"),
        ("van_ban[1].ky.quyen_han", "bad-authority"), ("van_ban[0].noi_dung[0].chen",
                                                       "bad-reference")}


def test_a_missing_profile_is_an_error(tmp_path: Path) -> None:  # C6
    raw = VALID_HEAD.replace("co-quan.yaml", "khong-co.yaml") + VALID_DOC
    assert problems(write_campaign(tmp_path, raw=raw)) == [(1, "co_quan", "missing-profile")]


def test_profile_problems_name_the_profile_file(tmp_path: Path) -> None:
    path = write_campaign(tmp_path)
    (tmp_path / "co-quan.yaml").write_text(dump({"ma": "x", "ten": "A"}), "utf-8")
    with pytest.raises(InputError) as caught:
        load_campaign(path)
    assert {p.file for p in caught.value.problems} == {str(tmp_path / "co-quan.yaml")}


def test_structured_numbers_must_match_their_wording(tmp_path: Path) -> None:
    sections = {"so_luong": [{"van_ban": "không quá 03 tập thể",
                              "gioi_han": [{"nhom": "xa", "toi_da": "5"}]}]}
    found = problems(write_campaign(tmp_path, sections=sections))
    assert [(f, c) for _, f, c in found] == [("chien_dich.so_luong[0].gioi_han",
                                             "inconsistent-wording")]


def test_every_problem_is_reported_at_once_and_nothing_is_written(tmp_path: Path) -> None:
    doc = document(so="abc", ngay="31/02/2025", loai="chi_thi_x")
    doc["thua"] = "?"
    path = write_campaign(tmp_path, doc)
    out = tmp_path / "out"
    code, output = run_generate(path, out)
    assert code == 2
    for field in ("van_ban[0].so", "van_ban[0].loai", "van_ban[0].thua"):
        assert field in output
    assert "chien-dich.yaml:" in output and "[unknown-field]" in output
    assert not out.exists()


def test_one_bad_campaign_stops_the_whole_batch(tmp_path: Path) -> None:
    good = write_campaign(tmp_path / "good" if (tmp_path / "good").mkdir() is None else tmp_path)
    (tmp_path / "bad").mkdir()
    bad = write_campaign(tmp_path / "bad", document(so="x"))
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["generate", str(good), str(bad), "--out", str(out)])
    assert result.exit_code == 2 and not out.exists()


def test_a_missing_template_is_reported_before_anything_is_written(tmp_path: Path) -> None:
    path = write_campaign(tmp_path)
    (tmp_path / "mau").mkdir()
    result = CliRunner().invoke(main, ["generate", str(path), "--out", str(tmp_path / "out"),
                                       "--templates", str(tmp_path / "mau")])
    assert result.exit_code == 2 and "[missing-template]" in result.output
    assert not (tmp_path / "out").exists()


def test_an_empty_value_is_an_error_not_a_blank(tmp_path: Path) -> None:  # A8
    raw = VALID_HEAD + VALID_DOC.replace("trich_yeu: Về cải cách", "trich_yeu:")
    assert problems(write_campaign(tmp_path, raw=raw)) == [(7, "van_ban[0].trich_yeu",
                                                            "empty-value")]
