"""The workbook input (.xlsx): layout, formulas, round trip, workbooks filled by a person, convert, CLI."""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from openpyxl import load_workbook

from narrative import NarrativeError, check, load
from narrative.cli import main
from narrative.convert import convert
from narrative.tables_layout import T3_NOTE
from narrative.testing import raw_reports
from narrative.workbook import cell_of, document, write_workbook

from helpers import minimal

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "qingshan-county-2024.yaml"


def _strip_totals(value: Any) -> Any:
    """A report's dump without stated totals: a workbook's totals are formulas (a valid input's stated totals
    equal the sums, so nothing is lost)."""
    if isinstance(value, dict):
        return {k: _strip_totals(v) for k, v in value.items() if k != "total"}
    if isinstance(value, list):
        return [_strip_totals(v) for v in value]
    return value


def same(a, b) -> bool:
    return _strip_totals(a.model_dump()) == _strip_totals(b.model_dump())


def workbook_for(tmp_path: Path, doc: dict[str, Any] | None = None, name: str = "in.xlsx") -> Path:
    report = load(doc if doc is not None else EXAMPLE)
    path = tmp_path / name
    path.write_bytes(write_workbook(document(report)))
    return path


def edit(path: Path, **cells: Any) -> Path:
    """Set cells given as sheet__coord=value (the sheet's protection does not bind a program)."""
    wb = load_workbook(path)
    for key, value in cells.items():
        sheet, coord = key.split("__")
        wb[sheet][coord] = value
    wb.save(path)
    return path


def errors_of(path: Path) -> list:
    with pytest.raises(NarrativeError) as info:
        load(path)
    return info.value.findings


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# ---------------------------------------------------------------- layout


def test_sheets_and_official_labels(tmp_path):
    wb = load_workbook(workbook_for(tmp_path))
    assert wb.sheetnames[:8] == ["说明", "机关和年度", "表二", "表三", "表四", "事实", "问题", "六"]
    t3 = wb["表三"]
    assert t3["A3"].value == T3_NOTE
    assert (t3["D3"].value, t3["D4"].value, t3["E4"].value, t3["J4"].value) == ("申请人情况", "自然人", "法人或其他组织", "总计")
    assert [t3.cell(5, c).value for c in range(5, 10)] == ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
    assert t3["A6"].value == "一、本年新收政府信息公开申请数量"
    assert t3["A8"].value == "三、本年度办理结果"
    merged = {str(r) for r in t3.merged_cells.ranges}
    assert {"A3:C5", "D3:J3", "E4:I4", "D4:D5", "J4:J5", "A6:C6", "A8:A29"} <= merged
    t4 = wb["表四"]
    assert {"A3:E3", "F3:O3", "F4:J4", "K4:O4", "A4:A5"} <= {str(r) for r in t4.merged_cells.ranges}
    t2 = wb["表二"]
    assert t2["A3"].value == "第二十条第（一）项" and t2["B4"].value == "本年制发件数"
    assert cell_of("active_disclosure.administrative_fees") == "表二!B16" and t2["A16"].value == "行政事业性收费"


def test_protection_and_validation(tmp_path):
    wb = load_workbook(workbook_for(tmp_path))
    t3 = wb["表三"]
    assert t3.protection.sheet and not t3.protection.password
    assert t3["D6"].protection.locked is False  # an input cell
    assert t3["A6"].protection.locked is True and t3["J6"].protection.locked is True  # a label and a formula
    whole = [dv for dv in t3.data_validations.dataValidation if dv.type == "whole"]
    assert whole and whole[0].operator == "greaterThanOrEqual" and whole[0].formula1 == "0"
    assert "D6" in str(whole[0].sqref) and "J6" not in str(whole[0].sqref)
    fee = cell_of("active_disclosure.administrative_fees").split("!")[1]
    decimals = [dv for dv in wb["表二"].data_validations.dataValidation if dv.type == "decimal"]
    assert decimals and fee in str(decimals[0].sqref)
    lists = [dv for dv in wb["机关和年度"].data_validations.dataValidation if dv.type == "list"]
    assert len(lists) == 3 and all("选项" in dv.formula1 for dv in lists)
    assert wb["选项"].sheet_state == "hidden"
    topics = [dv for dv in wb["问题"].data_validations.dataValidation if dv.type == "list" and "$D$" in dv.formula1]
    assert topics and wb["选项"]["D1"].value.startswith("staff_capacity（")
    assert t3.freeze_panes == "D6"


def test_totals_and_balance_are_formulas(tmp_path):
    t3 = load_workbook(workbook_for(tmp_path))["表三"]
    assert t3["J6"].value == "=SUM(D6:I6)"  # a row's 总计
    assert t3["D29"].value == "=SUM(D8:D28)"  # （七）总计 over the 21 leaves
    assert t3["J29"].value == "=SUM(D29:I29)"
    assert t3["B29"].value == "（七）总计" and t3["A30"].value == "四、结转下年度继续办理"
    assert t3["D32"].value == "=D6+D7" and t3["D33"].value == "=D29+D30"
    assert [t3.cell(34, c).value for c in (4, 10)] == ['=IF(D32=D33,"一致","不一致")', '=IF(J32=J33,"一致","不一致")']
    t4 = load_workbook(workbook_for(tmp_path, name="b.xlsx"))["表四"]
    assert (t4["E6"].value, t4["J6"].value, t4["O6"].value) == ("=SUM(A6:D6)", "=SUM(F6:I6)", "=SUM(K6:N6)")


# ---------------------------------------------------------------- round trip


@settings(max_examples=60 if os.environ.get("CI") else 20, suppress_health_check=list(HealthCheck),
          deadline=None)
@given(raw=raw_reports())
def test_round_trip_any_valid_input(raw, tmp_path_factory):
    folder = tmp_path_factory.mktemp("rt")
    source = folder / "in.json"
    source.write_text(json.dumps(raw, ensure_ascii=False, default=str), encoding="utf-8")
    written = convert(str(source), str(folder / "out.xlsx"))
    assert len(written) == (2 if "previous_year" in raw else 1)  # inline last year → a linked sibling workbook
    assert same(load(folder / "out.xlsx"), load(source))


@settings(max_examples=60 if os.environ.get("CI") else 20, suppress_health_check=list(HealthCheck), deadline=None)
@given(raw=raw_reports())
def test_text_formats_round_trip_exactly(raw, tmp_path_factory):
    folder = tmp_path_factory.mktemp("txt")
    source = folder / "in.json"
    source.write_text(json.dumps(raw, ensure_ascii=False, default=str), encoding="utf-8")
    original = load(source)
    for suffix in ("yaml", "toml", "json"):
        convert(str(source), str(folder / f"out.{suffix}"))
        assert load(folder / f"out.{suffix}") == original, suffix


def test_example_round_trip_keeps_previous_year_link(tmp_path):
    shutil.copy(EXAMPLE.with_name("qingshan-county-2023.yaml"), tmp_path)
    out = tmp_path / "sub" / "2024.xlsx"
    out.parent.mkdir()
    convert(str(EXAMPLE), str(out))
    assert load_workbook(out)["机关和年度"]["B10"].value == os.path.relpath(
        EXAMPLE.with_name("qingshan-county-2023.yaml"), out.parent)
    report = load(out)
    assert same(report, load(EXAMPLE)) and report.previous_year is not None
    assert report.previous_year.year == 2023


def test_draft_from_workbook_equals_draft_from_yaml(tmp_path):
    from narrative import generate

    path = workbook_for(tmp_path, minimal(applications={"new_received": [3, 1, 0, 0, 0, 0],
                                                        "results": {"disclosed": [3, 1, 0, 0, 0, 0]}}))
    assert generate(path, full=True).to_text() == generate(load(path), full=True).to_text()
    assert "4件" in generate(path).to_text()


# ---------------------------------------------------------------- filled by a person


def test_text_numbers_and_blanks_load(tmp_path):
    path = edit(workbook_for(tmp_path, minimal()), 表三__D6="12", 表三__E6=" 3 ", 表三__D8=12, 表三__E8=3.0,
                表三__F6=None, 表二__B6="4")
    report = load(path)
    assert report.applications.new_received.natural_person == 12
    assert report.applications.new_received.commercial_enterprise == 3
    assert report.applications.new_received.research_institution == 0
    assert report.active_disclosure.regulations.issued == 0
    assert report.active_disclosure.normative_documents.issued == 4
    assert check(report) == []


@pytest.mark.parametrize("value,code,needle", [
    ("１２", "W-FULLWIDTH", "全角"),
    ("1,234", "W-THOUSANDS", "千位分隔符"),
    ("1，234", "W-THOUSANDS", "“1234”"),
    ("12件", "W-TEXT", "请只填数字“12”"),
    ("无", "W-TEXT", "文字"),
    (-1, "T2-NONNEG", "负数"),
    ("3.5", "T2-NONNEG", "非负整数"),
    (2.5, "T2-NONNEG", "不带小数"),
    (True, "W-TEXT", "逻辑值"),
])
def test_bad_cells_name_the_cell(tmp_path, value, code, needle):
    path = edit(workbook_for(tmp_path, minimal()), 表三__E7=value)
    (finding,) = errors_of(path)
    assert finding.code == code
    assert finding.location.cell == "表三!E7"
    assert finding.location.dotted == "applications.carried_over.commercial_enterprise"
    assert "法人或其他组织·商业企业" in finding.location.label
    assert needle in finding.message + (finding.hint or "")
    assert f"{path} 表三!E7: error {code}" in finding.format()


def test_formula_without_a_computed_value_fails(tmp_path):
    path = edit(workbook_for(tmp_path, minimal()), 表三__D6="=2+3")
    (finding,) = errors_of(path)
    assert (finding.code, finding.location.cell) == ("W-TEXT", "表三!D6") and "保存" in finding.hint


def test_all_bad_cells_reported_at_once(tmp_path):
    path = edit(workbook_for(tmp_path, minimal()), 表三__D6="１", 表四__A6="2,000", 表二__B4="x")
    assert sorted(f.location.cell for f in errors_of(path)) == ["表三!D6", "表二!B4", "表四!A6"]


def test_merged_input_cells_fail(tmp_path):
    path = workbook_for(tmp_path, minimal())
    wb = load_workbook(path)
    wb["表三"].merge_cells("D6:E6")
    wb.save(path)
    findings = errors_of(path)
    assert [(f.code, f.location.cell) for f in findings] == [("W-MERGED", "表三!E6")]
    assert "D6:E6" in findings[0].message


def test_changed_label_or_inserted_row_fails_once(tmp_path):
    path = workbook_for(tmp_path, minimal())
    wb = load_workbook(path)
    wb["表三"].insert_rows(8)
    wb.save(path)
    findings = errors_of(path)
    assert [f.code for f in findings] == ["W-LAYOUT"]
    assert findings[0].location.cell == "表三!A8" and "三、本年度办理结果" in findings[0].message


def test_missing_sheet_fails(tmp_path):
    path = workbook_for(tmp_path, minimal())
    wb = load_workbook(path)
    del wb["表四"]
    wb.save(path)
    (finding,) = errors_of(path)
    assert finding.code == "W-LAYOUT" and "表四" in finding.message


def test_number_outside_the_table_fails(tmp_path):
    path = edit(workbook_for(tmp_path, minimal()), 表四__A9=5)
    (finding,) = errors_of(path)
    assert (finding.code, finding.location.cell) == ("W-EXTRA", "表四!A9")


def test_number_right_of_the_table_fails(tmp_path):
    path = edit(workbook_for(tmp_path, minimal()), 表三__K7="3")
    (finding,) = errors_of(path)
    assert (finding.code, finding.location.cell) == ("W-EXTRA", "表三!K7")


def test_amount_digits_survive(tmp_path):
    doc = minimal(active_disclosure={"administrative_fees": "123456.12345678901"},
                  fees={"information_processing_fee_yuan": "12.5"})
    path = workbook_for(tmp_path, doc)
    report = load(path)
    assert report.active_disclosure.administrative_fees == Decimal("123456.12345678901")
    assert report.fees.information_processing_fee_yuan == Decimal("12.5")
    edit(path, 表二__B16="1234567890.1234567890123")  # past the digit limit: refused, at its cell
    (finding,) = errors_of(path)
    assert (finding.code, finding.location.cell) == ("S-DIGITS", "表二!B16")


def test_number_in_an_unmerged_label_area_fails(tmp_path):
    path = workbook_for(tmp_path, minimal())
    wb = load_workbook(path)
    wb["表三"].unmerge_cells("A7:C7")  # 二、上年结转's label, unmerged and a figure typed beside it
    wb["表三"]["C7"] = 4
    wb.save(path)
    (finding,) = errors_of(path)
    assert (finding.code, finding.location.cell) == ("W-EXTRA", "表三!C7")
    wb["表三"]["C7"] = None
    wb.save(path)
    assert load(path).applications.carried_over.sum == 0  # unmerged but unchanged: loads


def test_typed_total_is_checked_with_its_cell(tmp_path):
    path = edit(workbook_for(tmp_path, minimal()), 表三__D6=2, 表三__J6=5, 表三__D8=2)
    findings = check(load(path))
    assert [(f.code, f.location.cell) for f in findings] == [("T3-ROW-TOTAL", "表三!J6")]


def test_balance_finding_points_at_the_check_cell(tmp_path):
    path = edit(workbook_for(tmp_path, minimal()), 表三__E6=2)
    (finding,) = check(load(path))
    assert (finding.code, finding.location.cell) == ("T3-BALANCE", "表三!E34")


# A balanced table 3 typed as printed (totals typed over their formulas), 自然人: 新收 3 = 予以公开 1 + 危及“三安全
# 一稳定” 2; then 危及“三安全一稳定”·自然人 (D12) mistyped as 5.
_TYPED = dict(表三__D6=3, 表三__J6=3, 表三__D8=1, 表三__J8=1, 表三__D12=2, 表三__J12=2, 表三__D29=3, 表三__J29=3)


def test_one_wrong_leaf_cell_is_one_finding_at_that_cell(tmp_path):
    path = edit(workbook_for(tmp_path, minimal()), **_TYPED)
    assert check(load(path)) == []
    edit(path, 表三__D12=5)  # its row total J12 still says 2: the row and the column meet at D12
    (finding,) = check(load(path))
    assert (finding.code, finding.location.cell) == ("T3-RESULTS-SUM", "表三!D12")
    assert (finding.expected, finding.actual) == ("2", "5")
    assert [m["code"] for m in finding.extra["merged"]] == ["T3-ROW-TOTAL", "T3-RESULTS-SUM", "T3-BALANCE"]
    assert finding.format().startswith(f"{path} 表三!D12: error T3-RESULTS-SUM")


def test_a_wrong_leaf_whose_row_gives_no_evidence_is_one_finding_at_the_column(tmp_path):
    cells = dict(_TYPED, 表三__J12="=SUM(D12:I12)")  # the row's total a formula again: no row total is stated
    path = edit(workbook_for(tmp_path, minimal()), **cells)
    edit(path, 表三__D12=5)
    (finding,) = check(load(path))  # （七）总计 and 一+二 agree on 3, the leaves say 6: the column's results
    assert (finding.code, finding.location.cell) == ("T3-RESULTS-SUM", "表三!D34")


def test_required_agency_field_names_its_cell(tmp_path):
    path = edit(workbook_for(tmp_path, minimal()), 机关和年度__B3=None)
    (finding,) = errors_of(path)
    assert (finding.code, finding.location.cell, finding.location.dotted) == ("S-REQUIRED", "机关和年度!B3", "agency.name")


def test_choices_accept_label_or_key_and_refuse_others(tmp_path):
    path = edit(workbook_for(tmp_path, minimal()), 机关和年度__B6="部门", 机关和年度__B7="county")
    assert errors_of(path)[0].code == "S-CHOICE"
    edit(path, 机关和年度__B6="政府部门")
    report = load(path)
    assert (report.agency.kind, report.agency.level) == ("department", "county")


def test_fact_rows_lists_and_inserted_rows(tmp_path):
    doc = minimal(facts={"active_disclosure": {"items_published": "5500余", "highlights": ["甲"]},
                         "platforms": {"website": "门户网站"}},
                  publication={"postcode": "030001"})
    path = workbook_for(tmp_path, doc)
    wb = load_workbook(path)
    ws = wb["事实"]
    row = max(r for r in range(1, ws.max_row + 1) if ws.cell(r, 7).value == "facts.active_disclosure.highlights")
    ws.insert_rows(row + 1)
    ws.cell(row + 1, 3, "乙（插入的行，键留空）")
    ws.cell(row, 3, "丙")
    rows = {ws.cell(r, 7).value: r for r in range(1, ws.max_row + 1) if ws.cell(r, 7).value}
    ws.cell(rows["facts.oversight.trainings"], 3, "12")
    wb.save(path)
    report = load(path)
    facts = report.facts
    assert str(facts.active_disclosure.items_published) == "5500余"
    assert facts.active_disclosure.highlights == ["甲", "丙", "乙（插入的行，键留空）"]
    assert facts.oversight.trainings == 12 and facts.platforms.website == "门户网站"
    assert report.publication.postcode == "030001"


def test_fact_errors_name_their_cells(tmp_path):
    path = workbook_for(tmp_path, minimal())
    wb = load_workbook(path)
    ws = wb["事实"]
    row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 7).value == "facts.oversight.trainings")
    ws.cell(row, 3, "１２次")
    other = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 7).value == "facts.oversight.counts")
    ws.cell(other, 3, 5)  # a counted fact without its 名称 and 单位
    wb.save(path)
    findings = errors_of(path)
    assert ("W-FULLWIDTH", f"事实!C{row}") in [(f.code, f.location.cell) for f in findings]
    path2 = tmp_path / "b.xlsx"
    wb = load_workbook(path)
    wb["事实"].cell(row, 3, 12)
    wb.save(path2)
    findings = errors_of(path2)
    assert {(f.code, f.location.cell) for f in findings} == {("S-REQUIRED", f"事实!B{other}"),
                                                             ("S-REQUIRED", f"事实!D{other}")}


def test_problems_sheet(tmp_path):
    doc = minimal(problems={"previous": [{"text": "栏目更新滞后", "planned": ["建立更新台账"], "actions": ["已建立台账", "按月通报"]}],
                            "current": [{"text": "解读形式单一", "topic": "policy_interpretation", "actions": ["增加图解"]}]})
    path = workbook_for(tmp_path, doc)
    ws = load_workbook(path)["问题"]
    assert ws["A6"].value == "上年度" and ws["E6"].value == "已建立台账\n按月通报"
    assert ws["C7"].value.startswith("policy_interpretation（")
    assert load(path) == load(doc)
    edit(path, 问题__A8="明年", 问题__B8="x")
    (finding,) = errors_of(path)
    assert (finding.code, finding.location.cell) == ("S-CHOICE", "问题!A8")


def test_problems_empty_list_marker(tmp_path):
    path = workbook_for(tmp_path, minimal(problems={"current": []}))
    assert load(path).problems.current == []
    edit(path, 问题__A6="本年度", 问题__B6="x")
    (finding,) = errors_of(path)
    assert (finding.code, finding.location.cell) == ("S-VALUE", "问题!B3")


def test_missing_previous_year_names_the_cell(tmp_path):
    path = edit(workbook_for(tmp_path, minimal()), 机关和年度__B10="2023.xlsx")
    (finding,) = errors_of(path)
    assert (finding.code, finding.location.file, finding.location.cell) == ("L-PREVIOUS", str(path), "机关和年度!B10")
    assert finding.actual == "L-NOT-FOUND" and "2023.xlsx" in finding.message


def test_a_sheet_used_far_below_is_refused(tmp_path):
    path = edit(workbook_for(tmp_path, minimal()), 事实__C9000="x")
    (finding,) = errors_of(path)
    assert (finding.code, finding.location.cell) == ("L-TOO-MANY", "事实!G9000")


def test_not_a_workbook(tmp_path):
    path = tmp_path / "x.xlsx"
    path.write_bytes(b"not a zip")
    (finding,) = errors_of(path)
    assert finding.code == "L-SYNTAX" and "工作簿" in finding.message
    old = tmp_path / "x.xls"
    old.write_bytes(b"x")
    (finding,) = errors_of(old)
    assert finding.code == "L-FORMAT" and ".xlsx" in finding.message


# ---------------------------------------------------------------- convert and CLI


@pytest.mark.parametrize("first", ["yaml", "json", "toml", "xlsx"])
@pytest.mark.parametrize("second", ["yaml", "json", "toml", "xlsx"])
def test_convert_between_all_formats(tmp_path, first, second):
    shutil.copy(EXAMPLE.with_name("qingshan-county-2023.yaml"), tmp_path)
    a, b = tmp_path / f"a.{first}", tmp_path / f"b.{second}"
    convert(str(EXAMPLE), str(a))
    convert(str(a), str(b))
    original, converted = load(EXAMPLE), load(b)
    assert same(converted, original)
    if "xlsx" not in (first, second):
        assert converted == original  # stated totals too
    assert converted.previous_year is not None and converted.previous_year.year == 2023


@pytest.mark.parametrize("suffix", ["yaml", "toml", "json"])
def test_stated_zero_total_row_survives_text_formats(tmp_path, suffix):
    source = tmp_path / "in.json"
    source.write_text(json.dumps(minimal(applications={"results": {"total": [0] * 6}})), encoding="utf-8")
    convert(str(source), str(tmp_path / f"out.{suffix}"))
    converted = load(tmp_path / f"out.{suffix}")
    assert converted.applications.results.total is not None and converted == load(source)


def test_yaml_output_has_chinese_comments(tmp_path):
    out = tmp_path / "a.yaml"
    convert(str(EXAMPLE), str(out))
    text = out.read_text(encoding="utf-8")
    assert "# 机关全称" in text and "# 一、本年新收政府信息公开申请数量" in text


def test_cli_convert_exit_codes(tmp_path, capsys):
    out = tmp_path / "a.xlsx"
    assert run(capsys, "convert", str(EXAMPLE), "-o", str(out))[0] == 0
    code, _, err = run(capsys, "convert", str(EXAMPLE), "-o", str(out))
    assert code == 2 and "--force" in err
    assert run(capsys, "convert", str(EXAMPLE), "-o", str(out), "--force")[0] == 0
    assert run(capsys, "convert", str(EXAMPLE), "-o", str(tmp_path / "a.txt"))[0] == 2
    assert run(capsys, "convert", str(tmp_path / "missing.yaml"), "-o", str(tmp_path / "m.json"))[0] == 2
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(minimal(applications={"new_received": [1, 0, 0, 0, 0, 0]}, year="2024")), encoding="utf-8")
    code, _, err = run(capsys, "convert", str(bad), "-o", str(tmp_path / "bad.xlsx"))
    assert code == 1 and "S-VALUE" in err or "T2-NONNEG" in err
    assert not (tmp_path / "bad.xlsx").exists()


def test_cli_init_xlsx(tmp_path, capsys):
    out = tmp_path / "2025.xlsx"
    assert run(capsys, "init", "--format", "xlsx")[0] == 2  # a workbook needs -o
    assert run(capsys, "init", "--format", "xlsx", "-o", str(tmp_path / "x.yaml"))[0] == 2
    code, _, _ = run(capsys, "init", "--format", "xlsx", "--name", "青山县人民政府", "--level", "county",
                     "--year", "2025", "-o", str(out))
    assert code == 0
    ws = load_workbook(out)["机关和年度"]
    assert (ws["B3"].value, ws["B6"].value, ws["B7"].value, ws["B9"].value) == (
        "青山县人民政府", "人民政府（government）", "县级（county）", 2025)
    assert load_workbook(out)["表三"]["D6"].value is None  # blank: 空格按0计
    assert run(capsys, "init", "--format", "xlsx", "-o", str(out))[0] == 2
    assert run(capsys, "init", "--format", "xlsx", "-o", str(out), "--force")[0] == 0
    code, out_text, _ = run(capsys, "check", str(out))
    assert code == 1 and "S-REQUIRED" in out_text and "机关和年度!B3" in out_text


def test_cli_init_from_last_year_to_a_workbook_equals_yaml_then_convert(tmp_path, capsys):
    shutil.copy(EXAMPLE, tmp_path)
    shutil.copy(EXAMPLE.with_name("qingshan-county-2023.yaml"), tmp_path)
    last = str(tmp_path / EXAMPLE.name)
    assert run(capsys, "init", "--from", last, "-o", str(tmp_path / "2025.xlsx"))[0] == 0
    assert run(capsys, "init", "--from", last, "-o", str(tmp_path / "2025.yaml"))[0] == 0
    assert run(capsys, "convert", str(tmp_path / "2025.yaml"), "-o", str(tmp_path / "converted.xlsx"))[0] == 0
    direct, converted = load(tmp_path / "2025.xlsx"), load(tmp_path / "converted.xlsx")
    assert direct.agency.name == load(EXAMPLE).agency.name and direct.year == 2025
    assert same(direct, converted) and direct.previous_year.year == 2024


def test_cli_init_yaml_to_a_file(tmp_path, capsys):
    out = tmp_path / "2025.yaml"
    assert run(capsys, "init", "--name", "青山县人民政府", "--year", "2025", "-o", str(out))[0] == 0
    assert "# 机关全称" in out.read_text(encoding="utf-8")
    assert run(capsys, "init", "-o", str(out))[0] == 2  # never overwritten unasked


def test_cli_check_and_draft_on_workbook(tmp_path, capsys):
    path = edit(workbook_for(tmp_path, minimal()), 表三__D6=3)
    code, out, _ = run(capsys, "check", str(path))
    assert code == 1 and f"{path} 表三!D34: error T3-BALANCE" in out
    code, out, _ = run(capsys, "check", "--format", "json", str(path))
    assert code == 1 and json.loads(out)[0]["findings"][0]["location"]["cell"] == "表三!D34"
    edit(path, 表三__D8=3)
    assert run(capsys, "check", str(path))[0] == 0
    code, out, _ = run(capsys, "draft", str(path))
    assert code == 0 and "3件" in out


def test_batch_drafts_workbooks_and_skips_lock_files(tmp_path, capsys):
    inputs = tmp_path / "in"
    inputs.mkdir()
    workbook_for(inputs, minimal(), name="a.xlsx")
    (inputs / "b.yaml").write_text(json.dumps(minimal(year=2023)), encoding="utf-8")
    (inputs / "~$a.xlsx").write_bytes(b"lock")  # Excel's lock file while a.xlsx is open
    code, _, err = run(capsys, "draft", str(inputs), "-o", str(tmp_path / "out"), "--jobs", "1")
    assert code == 0, err
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["a.txt", "b.txt"]


def test_libreoffice_evaluates_the_formulas(tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed")
    path = edit(workbook_for(tmp_path, name="q.xlsx"), 表二__B6="=1+3")  # a clerk's own formula
    sheets = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"
    result = subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/profile",
                             "--convert-to", sheets, "--outdir", str(tmp_path / "csv"), str(path)],
                            capture_output=True, text=True, timeout=120)
    table3 = tmp_path / "csv" / "q-表三.csv"
    if not table3.exists():
        pytest.skip(f"LibreOffice could not convert a workbook (is Calc installed?): {result.stderr.strip()[:200]}")
    rows = list(csv.reader(table3.open(encoding="utf-8")))
    report = load(EXAMPLE)
    assert report.active_disclosure.normative_documents.issued == 4
    apps = report.applications
    total = next(r for r in rows if r[1] == "（七）总计")
    assert [int(v) for v in total[3:10]] == list(apps.results.column_sums()) + [apps.results.sum]
    new = next(r for r in rows if r[0].startswith("一、本年新收"))
    assert int(new[9]) == apps.new_received.sum
    checks = next(r for r in rows if r[0] == "核对结果")
    assert checks[3:10] == ["一致"] * 7
    resaved = tmp_path / "resaved"  # a workbook saved by a real spreadsheet program still loads the same
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/profile", "--convert-to",
                    "xlsx:Calc Office Open XML", "--outdir", str(resaved), str(path)], capture_output=True, timeout=120)
    again = load(resaved / "q.xlsx")  # the formula's computed value is read once a program saved it
    assert again.active_disclosure.normative_documents.issued == 4
    assert same(again, load(workbook_for(tmp_path, name="plain.xlsx")))
    table4 = list(csv.reader((tmp_path / "csv" / "q-表四.csv").open(encoding="utf-8")))
    t4 = report.review_litigation
    assert [int(table4[-1][i]) for i in (4, 9, 14)] == [t4.review.sum, t4.litigation_direct.sum,
                                                        t4.litigation_after_review.sum]
