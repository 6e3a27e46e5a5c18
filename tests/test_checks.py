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


# ---------------------------------------------------------------- one wrong cell, one finding (attribution)

TOTALLED = {  # BALANCED with every total stated, as a printed table has them
    "new_received": [5, 2, 0, 0, 0, 0, 7],
    "carried_over": [1, 0, 0, 0, 0, 0, 1],
    "results": {"disclosed": [3, 1, 0, 0, 0, 0, 4], "cannot_provide": {"not_held": [2, 1, 0, 0, 0, 0, 3]},
                "total": [5, 2, 0, 0, 0, 0, 7]},
    "carried_forward": [1, 0, 0, 0, 0, 0, 1],
}


def _totalled(*changes):
    """TOTALLED with cells changed: (row path, column index, value)."""
    import copy

    apps = copy.deepcopy(TOTALLED)
    for path, i, value in changes:
        node = apps
        for key in path:
            node = node[key]
        node[i] = value
    return _check(applications=apps)


def _merged_codes(finding):
    return [m["code"] for m in finding.extra["merged"]]


def test_totalled_table_is_clean():
    assert _totalled() == []


def test_a_wrong_leaf_is_one_finding_at_its_cell():
    (finding,) = _totalled((("results", "disclosed"), 0, 4))  # 予以公开·自然人 4 where its row total says 3
    assert finding.code == "T3-RESULTS-SUM" and finding.severity == "error"
    assert finding.location.path == ("applications", "results", "disclosed", "natural_person")
    assert finding.location.labels[-2:] == ("（一）予以公开", "自然人")
    assert (finding.expected, finding.actual) == ("3", "4")
    assert _merged_codes(finding) == ["T3-ROW-TOTAL", "T3-RESULTS-SUM", "T3-BALANCE"]
    for said in ("填写4", "应为3", "多填了1", "T3-ROW-TOTAL", "T3-RESULTS-SUM", "T3-BALANCE"):
        assert said in finding.message, finding.message


def test_a_wrong_leaf_without_a_stated_results_total_is_named_as_balance():
    findings = _check(applications=_apps(results={"disclosed": [3, 1, 0, 0, 0, 0, 4],
                                                  "cannot_provide": {"not_held": [2, 0, 0, 0, 0, 0, 3]}}))
    (finding,) = findings  # 无法提供·不掌握·商业企业 0 where the row total says 3: the leaf, not a total
    assert finding.code == "T3-BALANCE"  # T3-RESULTS-SUM cannot be broken: no （七）总计 is stated
    assert finding.location.path == ("applications", "results", "cannot_provide", "not_held", "commercial_enterprise")
    assert (finding.expected, finding.actual) == ("1", "0") and "少填了1" in finding.message
    assert _merged_codes(finding) == ["T3-ROW-TOTAL", "T3-BALANCE"]


def test_a_wrong_results_total_cell_is_one_finding_at_that_cell():
    (finding,) = _totalled((("results", "total"), 1, 5))
    assert finding.code == "T3-RESULTS-SUM"
    assert finding.location.path == ("applications", "results", "total", "commercial_enterprise")
    assert (finding.expected, finding.actual) == ("2", "5")
    assert _merged_codes(finding) == ["T3-ROW-TOTAL", "T3-RESULTS-SUM"]


def test_wrong_new_carried_and_forward_cells_are_one_balance_finding_each():
    for row, i, value, wanted in ((("new_received",), 0, 6, "5"), (("carried_over",), 0, 0, "1"),
                                  (("carried_forward",), 0, 3, "1")):
        (finding,) = _totalled((row, i, value))
        assert finding.code == "T3-BALANCE"
        assert finding.location.path == ("applications",) + row + ("natural_person",)
        assert (finding.expected, finding.actual) == (wanted, str(value))
        assert _merged_codes(finding) == ["T3-ROW-TOTAL", "T3-BALANCE"]


def test_a_wrong_column_of_results_without_row_evidence_is_one_finding_for_the_column():
    results = dict(BALANCED["results"], disclosed={"natural_person": 9, "commercial_enterprise": 1},
                   total=[5, 2, 0, 0, 0, 0])  # 予以公开 has no stated total: its row cannot be named
    (finding,) = _check(applications=_apps(results=results))
    assert finding.code == "T3-RESULTS-SUM"
    assert finding.location.path == ("applications", "natural_person") and finding.location.row is None
    assert _merged_codes(finding) == ["T3-RESULTS-SUM", "T3-BALANCE"]
    assert "11" in finding.message and "多出6件" in finding.message


def test_two_wrong_cells_that_can_be_told_apart_are_two_findings():
    findings = _totalled((("results", "disclosed"), 0, 4), (("results", "cannot_provide", "not_held"), 1, 3))
    assert [(f.code, f.location.path[-2:], f.expected, f.actual) for f in findings] == [
        ("T3-RESULTS-SUM", ("disclosed", "natural_person"), "3", "4"),
        ("T3-RESULTS-SUM", ("not_held", "commercial_enterprise"), "1", "3"),
    ]


def test_ambiguous_cells_keep_every_original_finding():
    # two leaves one too high, in different rows and columns: (予以公开, 自然人) and (不掌握, 商业企业) explain
    # it exactly as well as (予以公开, 商业企业) and (不掌握, 自然人); no cell is named
    findings = _totalled((("results", "disclosed"), 0, 4), (("results", "cannot_provide", "not_held"), 1, 2))
    assert codes(findings) == ["T3-ROW-TOTAL", "T3-ROW-TOTAL", "T3-RESULTS-SUM", "T3-RESULTS-SUM",
                               "T3-BALANCE", "T3-BALANCE"]
    assert all("merged" not in f.extra for f in findings)


def test_last_years_wrong_cell_is_one_warning_at_its_cell():
    import copy

    apps = copy.deepcopy(TOTALLED)
    apps["results"]["disclosed"][0] = 4
    prev = minimal(year=2023, applications=apps)
    this = {"carried_over": [1, 0, 0, 0, 0, 0], "results": {"disclosed": [1, 0, 0, 0, 0, 0]}}
    (finding,) = [f for f in check(load(minimal(applications=this, previous_year=prev))) if f.code.startswith("T3")]
    assert finding.severity == "warning" and finding.code == "T3-RESULTS-SUM"
    assert finding.location.path == ("previous_year", "applications", "results", "disclosed", "natural_person")
    assert {m["path"][0] for m in finding.extra["merged"]} == {"previous_year"}
