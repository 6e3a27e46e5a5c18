"""Example tests of the input model: every error message shape, defaults and derived values."""

from __future__ import annotations

from decimal import Decimal

import pytest

from helpers import codes, load_error, minimal, only
from narrative import load
from narrative.model import derive_self_reference


def test_absent_tables_are_zero_and_totals_are_computed():
    report = load(minimal())
    assert report.applications.results.sum == 0
    assert report.review_litigation.litigation_total == 0
    assert report.active_disclosure.administrative_fees == Decimal(0)
    report = load(minimal(applications={"new_received": {"natural_person": 3, "other_org": 2},
                                        "results": {"disclosed": [3, 0, 0, 0, 0, 2]}}))
    assert report.applications.new_received.sum == 5
    assert report.applications.new_received.total is None  # not stated: computed, not invented
    assert report.applications.results.column_sums() == (3, 0, 0, 0, 0, 2)


def test_row_as_list_of_seven_keeps_the_stated_total():
    report = load(minimal(applications={"new_received": [1, 2, 3, 4, 5, 6, 21]}))
    row = report.applications.new_received
    assert row.cells() == (1, 2, 3, 4, 5, 6) and row.total == 21


@pytest.mark.parametrize("row", [[1, 2, 3], [1] * 8, []])
def test_row_list_of_wrong_length(row):
    finding = only(load_error(minimal(applications={"carried_over": row})).findings, "S-ROW-LENGTH")
    assert finding.location.dotted == "applications.carried_over"
    assert "二、上年结转政府信息公开申请数量" in finding.location.label
    assert finding.actual == f"{len(row)}个"


@pytest.mark.parametrize("bad", ["12", 3.0, 2.5, True, False, -1, None, [1], {"a": 1}])
def test_counts_are_strict_non_negative_integers(bad):
    exc = load_error(minimal(applications={"results": {"not_disclosed": {"state_secret": {"natural_person": bad}}}}))
    finding = exc.findings[0]
    assert len(exc.findings) == 1
    assert finding.code == "T2-NONNEG"
    assert finding.location.path == ("applications", "results", "not_disclosed", "state_secret", "natural_person")
    assert finding.location.labels[-2:] == ("1.属于国家秘密", "自然人")
    assert finding.location.table == "applications" and finding.location.column == "natural_person"
    assert finding.location.row == "applications.results.not_disclosed.state_secret"
    assert finding.expected == "非负整数" and finding.actual == repr(bad)
    assert "非负整数" in finding.message


def test_table2_and_table4_counts_name_their_labels():
    exc = load_error(minimal(active_disclosure={"regulations": {"issued": -2}},
                             review_litigation={"litigation_after_review": {"corrected": "1"}}))
    assert codes(exc.findings) == ["T2-NONNEG", "T2-NONNEG"]
    first, second = exc.findings
    assert first.location.labels == ("表二 主动公开政府信息情况", "规章", "本年制发件数")
    assert first.location.row == "active_disclosure.regulations" and first.location.column == "issued"
    assert second.location.labels[-2:] == ("行政诉讼·复议后起诉", "结果纠正")


@pytest.mark.parametrize("value,expected", [(0, "0"), (12.3456, "12.3456"), ("0.1230", "0.1230"), (5, "5"),
                                            (Decimal("7.5"), "7.5")])
def test_fee_amounts_are_decimals(value, expected):
    report = load(minimal(active_disclosure={"administrative_fees": value}, fees={"information_processing_fee_yuan": value}))
    assert isinstance(report.active_disclosure.administrative_fees, Decimal)
    assert str(report.active_disclosure.administrative_fees) == expected
    assert str(report.fees.information_processing_fee_yuan) == expected


@pytest.mark.parametrize("value", [-0.5, "abc", "1e3", float("nan"), float("inf"), True, Decimal("-1"), "-3"])
def test_bad_fee_amounts(value):
    finding = only(load_error(minimal(fees={"information_processing_fee_yuan": value})).findings, "T2-NONNEG")
    assert finding.location.labels[-1] == "信息处理费（元）"


def test_unknown_key_suggests_the_nearest_valid_key():
    exc = load_error(minimal(applications={"new_recieved": {"natural_person": 1}}))
    finding = only(exc.findings, "S-UNKNOWN-KEY")
    assert finding.location.dotted == "applications.new_recieved"
    assert "new_received" in finding.hint and "一、本年新收政府信息公开申请数量" in finding.hint
    assert finding.actual == "new_recieved"


def test_unknown_key_matched_by_its_chinese_label():
    """A full label is a key (自然人 → natural_person); part of one is not, and gets the field as a hint."""
    assert load(minimal(applications={"new_received": {"自然人": 1}})).applications.new_received.natural_person == 1
    exc = load_error(minimal(applications={"new_received": {"自然": 1}}))
    assert "natural_person" in only(exc.findings, "S-UNKNOWN-KEY").hint


def test_unknown_key_without_any_near_match_still_names_the_valid_keys():
    finding = only(load_error(minimal(zzz=1)).findings, "S-UNKNOWN-KEY")
    assert finding.hint is None and "applications" in finding.expected


def test_typo_in_kind_is_a_choice_error_with_suggestion():
    finding = only(load_error({"agency": {"name": "某局", "kind": "goverment", "level": "county"}, "year": 2024}
                              ).findings, "S-CHOICE")
    assert "government" in finding.hint and finding.location.labels == ("机关信息", "机关类别")


def test_missing_required_fields_are_all_reported():
    exc = load_error({"agency": {"kind": "department"}})
    assert sorted(f.location.dotted for f in exc.findings) == ["agency.level", "agency.name", "year"]
    assert set(codes(exc.findings)) == {"S-REQUIRED"}


@pytest.mark.parametrize("year", [2007, 2101, "2024", 2024.0])
def test_year_range_and_type(year):
    assert only(load_error(minimal(year=year)).findings, "S-VALUE").location.dotted == "year"


def test_problem_items_need_text_or_topic():
    report = load(minimal(problems={"previous": ["政策解读不够", {"topic": "training", "actions": ["组织培训2次"]}]}))
    assert report.problems.previous[0].text == "政策解读不够"
    assert report.problems.previous[1].actions == ["组织培训2次"]
    assert report.problems.current is None  # absent: rules will derive this year's problems
    finding = only(load_error(minimal(problems={"current": [{"actions": ["x"]}]})).findings, "S-REQUIRED")
    assert finding.location.dotted == "problems.current[0]"
    assert "第1项" in finding.location.label


def test_facts_keep_absent_apart_from_zero():
    report = load(minimal(facts={"oversight": {"trainings": 0}}))
    assert report.facts.oversight.trainings == 0
    assert report.facts.oversight.inspections is None


@pytest.mark.parametrize("name,kind,level,ref", [
    ("辛集镇人民政府", "government", "township", "我镇"),
    ("城关街道办事处", "government", "township", "我街道"),
    ("青山县人民政府城关街道办事处", "government", "township", "我街道"),
    ("白石乡人民政府", "government", "township", "我乡"),
    ("青山县人民政府", "government", "county", "我县"),
    ("东湖区人民政府", "government", "county", "我区"),
    ("临河市人民政府", "government", "city", "我市"),
    ("某某自治州人民政府", "government", "city", "我州"),
    ("某某省人民政府", "government", "province", "我省"),
    ("禾丰县自然资源局", "department", "county", "我局"),
    ("临河市卫生健康委员会", "department", "city", "我委"),
    ("临河市人民政府办公室", "department", "city", "我办"),
    ("临河市住房公积金管理中心", "authorized_org", "city", "我中心"),
    ("某某研究所", "authorized_org", "city", "本机关"),
])
def test_self_reference_fits_the_body(name, kind, level, ref):
    assert derive_self_reference(name, kind, level) == ref


def test_explicit_self_reference_wins():
    report = load(minimal(agency={"name": "青山县人民政府", "kind": "government", "level": "county",
                                  "self_reference": "本县"}))
    assert report.agency.self_ref == "本县"


def test_schema_version_must_be_1():
    assert only(load_error(minimal(schema_version=2)).findings, "S-CHOICE").location.dotted == "schema_version"


def test_all_errors_are_reported_at_once():
    exc = load_error(minimal(applications={"new_received": {"natural_person": -1, "other_org": "2"}},
                             review_litigation={"review": {"upheld": 1.5}}, facts={"oversight": {"trainng": 2}}))
    assert codes(exc.findings).count("T2-NONNEG") == 3 and "S-UNKNOWN-KEY" in codes(exc.findings)
    assert str(exc).startswith("输入有4处错误")
