"""The 勾稽 consistency rules of ``domain.md``, each with a stable code, as functions returning findings.

Errors (T3-ROW-TOTAL, T3-RESULTS-SUM, T3-BALANCE, T4-SUM; T2-NONNEG is enforced by the model) mean the
report is wrong and no draft is made from it. Warnings (X-CARRY, X-IN-FORCE, X-PREV-AGENCY) compare with
last year's input and never block. Rules are written so that one wrong cell yields findings that point at
that cell's row or column, without cascading: T3-BALANCE uses the computed sums, not stated totals, and
the findings one wrong cell still causes are merged into one at that cell (:mod:`narrative.attribution`).
"""

from __future__ import annotations

from typing import Any

from .attribution import attribute
from .findings import Finding, sort_findings
from .loader import load, place
from .labels import column_location, labels_for, location
from .model import ReportInput
from .tables import APPLICANT_COLUMNS, ApplicantRow, OutcomeGroup

_T3 = ("applications",)
_T4_GROUPS = ("review", "litigation_direct", "litigation_after_review")


def _column_label(column: str) -> str:
    return labels_for(_T3 + ("new_received", column))[-1]


def _row_label(path: tuple[str, ...]) -> str:
    return " › ".join(labels_for(path)[1:])


def table3_rows(report: ReportInput) -> list[tuple[tuple[str, ...], ApplicantRow]]:
    """Every data row of table 3 in official order with its key path (24 rows, with （七）总计 when given)."""
    apps = report.applications
    rows: list[tuple[tuple[str, ...], ApplicantRow]] = [
        (_T3 + ("new_received",), apps.new_received),
        (_T3 + ("carried_over",), apps.carried_over),
    ]
    rows.extend((_T3 + ("results",) + path, row) for path, row in apps.results.leaves())
    if apps.results.total is not None:
        rows.append((_T3 + ("results", "total"), apps.results.total))
    rows.append((_T3 + ("carried_forward",), apps.carried_forward))
    return rows


def check_row_totals(report: ReportInput) -> list[Finding]:
    """T3-ROW-TOTAL: a stated 总计 equals the sum of the six applicant columns."""
    out = []
    for path, row in table3_rows(report):
        if row.total is not None and row.total != row.sum:
            out.append(Finding(
                "T3-ROW-TOTAL", "error", location(path + ("total",)),
                f"“{_row_label(path)}”一行的总计应等于六类申请人之和{row.sum}，实际填写{row.total}",
                expected=str(row.sum), actual=str(row.total),
            ))
    return out


def check_results_sum(report: ReportInput) -> list[Finding]:
    """T3-RESULTS-SUM: a stated （七）总计 equals, per column, the sum of the 21 result leaves."""
    stated = report.applications.results.total
    if stated is None:
        return []
    out = []
    for column, computed, given in zip(APPLICANT_COLUMNS, report.applications.results.column_sums(), stated.cells()):
        if computed != given:
            out.append(Finding(
                "T3-RESULTS-SUM", "error", location(_T3 + ("results", "total", column)),
                f"“{_column_label(column)}”列：（七）总计应等于21项办理结果之和{computed}，实际填写{given}",
                expected=str(computed), actual=str(given),
            ))
    return out


def check_balance(report: ReportInput) -> list[Finding]:
    """T3-BALANCE: per column, 一 + 二 = 三（七） + 四 (三 computed from the leaves)."""
    apps = report.applications
    news, carrieds = apps.new_received.cells(), apps.carried_over.cells()
    handleds, forwards = apps.results.column_sums(), apps.carried_forward.cells()
    out = []
    for column, new, carried, handled, forward in zip(APPLICANT_COLUMNS, news, carrieds, handleds, forwards):
        if new + carried != handled + forward:
            out.append(Finding(
                "T3-BALANCE", "error", column_location("applications", column, _column_label(column)),
                f"“{_column_label(column)}”列：本年新收{new}加上年结转{carried}，共{new + carried}；"
                f"应等于办理结果总计{handled}加结转下年度{forward}，即{handled + forward}",
                expected=f"一+二={new + carried}", actual=f"三+四={handled + forward}",
            ))
    return out


def check_table4(report: ReportInput) -> list[Finding]:
    """T4-SUM: in each group of table 4, 总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结."""
    out = []
    for group in _T4_GROUPS:
        node: OutcomeGroup = getattr(report.review_litigation, group)
        if node.total is not None and node.total != node.sum:
            path = ("review_litigation", group, "total")
            out.append(Finding(
                "T4-SUM", "error", location(path),
                f"“{labels_for(path)[1]}”的总计应等于结果维持、结果纠正、其他结果、尚未审结之和{node.sum}，"
                f"实际填写{node.total}",
                expected=str(node.sum), actual=str(node.total),
            ))
    return out


def check_against_previous(report: ReportInput) -> list[Finding]:
    """X-CARRY, X-IN-FORCE, X-PREV-YEAR and X-PREV-AGENCY: this year's input against last year's."""
    prev = report.previous_year
    if prev is None:
        return []
    out: list[Finding] = []
    if prev.year != report.year - 1:
        out.append(Finding(
            "X-PREV-YEAR", "error", location(("previous_year", "year")),
            f"上年度输入的年份应为{report.year - 1}，实际为{prev.year}；同比表述将出错",
            expected=str(report.year - 1), actual=str(prev.year),
        ))
    if prev.agency.name != report.agency.name:
        out.append(Finding(
            "X-PREV-AGENCY", "warning", location(("previous_year", "agency", "name")),
            f"上年度输入的机关为“{prev.agency.name}”，与本年度“{report.agency.name}”不同（机构改革时属正常）",
            expected=report.agency.name, actual=prev.agency.name,
        ))
    for i, column in enumerate(APPLICANT_COLUMNS):
        this, last = report.applications.carried_over.cells()[i], prev.applications.carried_forward.cells()[i]
        if this != last:
            out.append(Finding(
                "X-CARRY", "warning", location(_T3 + ("carried_over", column)),
                f"“{_column_label(column)}”列：上年结转{this}件，与上年度报告结转下年度继续办理{last}件不一致",
                expected=str(last), actual=str(this),
            ))
    for kind in ("regulations", "normative_documents"):
        now, before = getattr(report.active_disclosure, kind), getattr(prev.active_disclosure, kind)
        expected = before.in_force + now.issued - now.repealed
        if now.in_force != expected:
            path = ("active_disclosure", kind, "in_force")
            out.append(Finding(
                "X-IN-FORCE", "warning", location(path),
                f"“{labels_for(path)[1]}”现行有效件数按上年现行有效{before.in_force}加本年制发{now.issued}"
                f"减本年废止{now.repealed}应为{expected}，实际填写{now.in_force}（修订或自然失效可致差异，请核对）",
                expected=str(expected), actual=str(now.in_force),
            ))
    return out


TABLE_RULES = (check_row_totals, check_results_sum, check_balance, check_table4)


def check(report: ReportInput | Any, phrasebank: Any = None) -> list[Finding]:
    """All findings for a validated input (or for a mapping or path, read with :func:`narrative.load`
    first): this year's errors, then warnings, then last year's.

    Every rule drafting applies is applied here too, including S-TOPIC (a problem topic the phrase bank
    does not know; ``phrasebank`` is a directory layered over the default bank, or a loaded bank).
    Last year's own table findings are reported as warnings under ``previous_year``: a published report
    may carry its errors, and the clerk cannot change it, only this year's.
    """
    from .phrasebank import PhraseBank, load_bank
    from .plan import check_topics

    if not isinstance(report, ReportInput):  # a mapping or a path: read it first (NarrativeError if unreadable)
        report = load(report)
    bank = phrasebank if isinstance(phrasebank, PhraseBank) else load_bank(phrasebank)
    findings = _check(report)
    findings += check_topics(report, bank)
    if report.previous_year is not None:
        label = labels_for(("previous_year",))[0]
        findings += [f.with_prefix(("previous_year",), label, severity="warning")
                     for f in _check(report.previous_year) + check_topics(report.previous_year, bank)]
    return sort_findings(place(findings, report))


def _check(report: ReportInput) -> list[Finding]:
    """This year's table and cross-year rules (no recursion into older years: each year is checked once)."""
    return attribute(report, [f for rule in TABLE_RULES for f in rule(report)]) + check_against_previous(report)
