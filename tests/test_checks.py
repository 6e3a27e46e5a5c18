"""Example tests for each 勾稽 rule: code, severity, location (keys and labels), expected and actual."""

from __future__ import annotations

from helpers import codes, minimal, only
from narrative import check, load

BALANCED = {
    "new_received": {"natural_person": 5, "commercial_enterprise": 2},
    "carried_over": {"natural_person": 1},
    "results": {"disclosed": {"natural_person": 3, "commercial_enterprise": 1},
                "cannot_provide": {"not_held": {"natural_person": 2, "commercial_enterprise": 1}}},
    "carried_forward": {"natural_person": 1},
}


def _check(**extra):
    return check(load(minimal(**extra)))


def _apps(**changes):
    apps = {k: (dict(v) if isinstance(v, dict) else v) for k, v in BALANCED.items()}
    apps.update(changes)
    return apps


def test_balanced_table_is_clean():
    assert _check(applications=_apps()) == []


def test_row_total():
    finding = only(_check(applications=_apps(new_received={"natural_person": 5, "commercial_enterprise": 2,
                                                            "total": 8})), "T3-ROW-TOTAL")
    assert finding.severity == "error"
    assert finding.location.path == ("applications", "new_received", "total")
    assert finding.location.row == "applications.new_received" and finding.location.column == "total"
    assert finding.location.row_label == "一、本年新收政府信息公开申请数量"
    assert (finding.expected, finding.actual) == ("7", "8")
    assert "总计" in finding.message and "7" in finding.message and "8" in finding.message


def test_results_sum_per_column():
    results = dict(BALANCED["results"], total=[3, 2, 0, 0, 0, 0])
    findings = _check(applications=_apps(results=results))
    finding = only(findings, "T3-RESULTS-SUM")
    assert finding.location.path == ("applications", "results", "total", "natural_person")
    assert finding.location.column_label == "自然人"
    assert (finding.expected, finding.actual) == ("5", "3")
    assert codes(findings) == ["T3-RESULTS-SUM"]  # the balance uses the leaves, so no cascade


def test_balance_per_column():
    findings = _check(applications=_apps(carried_forward={"natural_person": 1, "research_institution": 4}))
    finding = only(findings, "T3-BALANCE")
    assert finding.location.path == ("applications", "research_institution")
    assert finding.location.column == "research_institution" and finding.location.row is None
    assert finding.location.labels == ("表三 收到和处理政府信息公开申请情况", "法人或其他组织·科研机构")
    assert (finding.expected, finding.actual) == ("一+二=0", "三+四=4")


def test_table4_sum():
    finding = only(_check(review_litigation={"litigation_direct": {"upheld": 1, "corrected": 1, "total": 3}}), "T4-SUM")
    assert finding.location.path == ("review_litigation", "litigation_direct", "total")
    assert finding.location.row_label == "行政诉讼·未经复议直接起诉"
    assert (finding.expected, finding.actual) == ("2", "3")


def test_all_findings_at_once():
    findings = _check(applications=_apps(new_received=[5, 2, 0, 0, 0, 0, 9], carried_forward=[2, 0, 0, 0, 0, 0]),
                      review_litigation={"review": {"pending": 1, "total": 0}})
    assert codes(findings) == ["T3-ROW-TOTAL", "T3-BALANCE", "T4-SUM"]


def _pair(this_apps=None, prev_apps=None, this_t2=None, prev_t2=None, **prev_extra):
    prev = minimal(year=2023, applications=prev_apps or {}, active_disclosure=prev_t2 or {}, **prev_extra)
    return check(load(minimal(applications=this_apps or {}, active_disclosure=this_t2 or {}, previous_year=prev)))


def test_carry_warning_per_column():
    prev = {"new_received": [3, 0, 0, 0, 0, 0], "carried_forward": [1, 2, 0, 0, 0, 0],
            "results": {"disclosed": [2, 0, 0, 0, 0, 0]}}
    prev["new_received"] = [3, 2, 0, 0, 0, 0]
    this = {"carried_over": [1, 0, 0, 0, 0, 0], "results": {"disclosed": [1, 0, 0, 0, 0, 0]}}
    findings = _pair(this, prev)
    finding = only(findings, "X-CARRY")
    assert finding.severity == "warning"
    assert finding.location.path == ("applications", "carried_over", "commercial_enterprise")
    assert (finding.expected, finding.actual) == ("2", "0")


def test_in_force_warning():
    findings = _pair(this_t2={"normative_documents": {"issued": 3, "repealed": 1, "in_force": 10}},
                     prev_t2={"normative_documents": {"issued": 0, "repealed": 0, "in_force": 7}})
    finding = only(findings, "X-IN-FORCE")
    assert finding.severity == "warning"
    assert (finding.expected, finding.actual) == ("9", "10")
    assert finding.location.row_label == "行政规范性文件" and finding.location.column == "in_force"


def test_consistent_pair_is_clean():
    assert _pair(this_t2={"regulations": {"issued": 1, "in_force": 5}}, prev_t2={"regulations": {"in_force": 4}}) == []


def test_previous_year_must_be_the_year_before():
    findings = check(load(minimal(previous_year=minimal(year=2021))))
    finding = only(findings, "X-PREV-YEAR")
    assert finding.severity == "error" and (finding.expected, finding.actual) == ("2023", "2021")


def test_previous_agency_name_change_is_a_warning():
    prev = minimal(year=2023, agency={"name": "青山县人民政府办公室", "kind": "department", "level": "county"})
    assert only(check(load(minimal(previous_year=prev))), "X-PREV-AGENCY").severity == "warning"


def test_last_years_own_table_errors_are_warnings_under_previous_year():
    prev = minimal(year=2023, review_litigation={"review": {"upheld": 1, "total": 2}})
    finding = only(check(load(minimal(previous_year=prev))), "T4-SUM")
    assert finding.severity == "warning"
    assert finding.location.path == ("previous_year", "review_litigation", "review", "total")
    assert finding.location.row == "previous_year.review_litigation.review"
    assert finding.location.labels[0] == "上年度报告输入"


def test_errors_come_before_warnings():
    prev = minimal(year=2023, applications={"carried_forward": [1, 0, 0, 0, 0, 0],
                                            "new_received": [1, 0, 0, 0, 0, 0]})
    findings = check(load(minimal(previous_year=prev, review_litigation={"review": {"total": 1}})))
    assert [f.severity for f in findings] == ["error", "warning"]


def test_every_rule_code_is_documented():
    from pathlib import Path

    from narrative.findings import RULES

    doc = (Path(__file__).resolve().parent.parent / "docs" / "rules.md").read_text(encoding="utf-8")
    assert [code for code in RULES if f"`{code}`" not in doc] == []
