"""Attribution: the findings one wrong cell of table 3 causes, merged into one finding at that cell.

A cell of table 3 takes part in up to three rules: its row's T3-ROW-TOTAL, its column's T3-RESULTS-SUM and
its column's T3-BALANCE. A cell printed ``e`` too high breaks them in a pattern that names it (deltas as
computed − stated): a result leaf gives row +e, results +e, balance +e; a （七）总计 cell gives row +e,
results −e; a 新收 or 上年结转 cell gives row +e, balance −e; a 结转下年度 cell gives row +e, balance +e.

:func:`attribute` explains the broken table-3 rules with as few wrong cells as it can and, when that
explanation is unique, replaces the findings each cell explains by one finding located at that cell
(expected = the value that makes every one of those rules hold, actual = the printed value), under the
code of the most specific rule it breaks (T3-RESULTS-SUM, then T3-BALANCE). When only a column is
identified (its （七）总计 and its 一+二−四 agree, but its leaves do not add up to them, and no row total
points at a row) the two column findings become one T3-RESULTS-SUM finding for the column. When two
explanations are equally simple, every original finding is kept. A merged finding never hides a rule: its
``extra["merged"]`` lists every rule it stands for, and its message names them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .findings import Finding
from .labels import column_location, labels_for, location
from .tables import APPLICANT_COLUMNS

_T3 = ("applications",)
_ROW, _RES, _BAL = "T3-ROW-TOTAL", "T3-RESULTS-SUM", "T3-BALANCE"
#: Above this many broken table-3 rules the search for an explanation is skipped (the findings are kept).
MAX_RULES = 14

RuleKey = tuple[str, tuple[str, ...]]  # (code, row path for T3-ROW-TOTAL, (column,) for the column rules)


@dataclass(frozen=True)
class _Hypothesis:
    """One wrong cell (``path`` of the cell, printed ``value``, ``error`` = printed − correct), or a whole
    column's leaves (``path`` = ("applications", column), ``value`` None), and the rules it explains."""

    kind: str  # "cell", "leaves" or "self" (a rule explained by nothing else: its finding stays)
    path: tuple[str, ...]
    value: int | None
    error: int
    explains: frozenset[RuleKey]


def _rows(report: Any) -> list[tuple[tuple[str, ...], Any]]:
    apps = report.applications
    rows = [(_T3 + ("new_received",), apps.new_received), (_T3 + ("carried_over",), apps.carried_over)]
    rows.extend((_T3 + ("results",) + path, row) for path, row in apps.results.leaves())
    if apps.results.total is not None:
        rows.append((_T3 + ("results", "total"), apps.results.total))
    rows.append((_T3 + ("carried_forward",), apps.carried_forward))
    return rows


def broken_rules(report: Any) -> dict[RuleKey, int]:
    """Every broken table-3 rule with its delta: row sum − stated total; leaves − stated （七）总计;
    (leaves + 结转下年度) − (新收 + 上年结转)."""
    apps = report.applications
    out: dict[RuleKey, int] = {}
    for path, row in _rows(report):
        if row.total is not None and row.sum != row.total:
            out[(_ROW, path)] = row.sum - row.total
    leaves = apps.results.column_sums()
    stated = apps.results.total.cells() if apps.results.total is not None else None
    for i, column in enumerate(APPLICANT_COLUMNS):
        if stated is not None and leaves[i] != stated[i]:
            out[(_RES, (column,))] = leaves[i] - stated[i]
        balance = leaves[i] + apps.carried_forward.cells()[i] - apps.new_received.cells()[i] - apps.carried_over.cells()[i]
        if balance:
            out[(_BAL, (column,))] = balance
    return out


def rule_key(finding: Finding) -> RuleKey | None:
    """The table-3 rule a checker finding reports, or None for any other finding."""
    path = tuple(map(str, finding.location.path))
    if finding.code == _ROW and path[:1] == _T3:
        return (_ROW, path[:-1])
    if finding.code == _RES:
        return (_RES, path[-1:])
    if finding.code == _BAL:
        return (_BAL, path[-1:])
    return None


def _hypotheses(report: Any, broken: dict[RuleKey, int]) -> list[_Hypothesis]:
    apps = report.applications
    has_results_total = apps.results.total is not None
    out = [_Hypothesis("self", key[1], None, 0, frozenset([key])) for key in broken]

    def cell(path: tuple[str, ...], value: int, error: int, predicted: dict[RuleKey, int]) -> None:
        if value - error >= 0 and all(broken.get(k) == d for k, d in predicted.items()):
            out.append(_Hypothesis("cell", path, value, error, frozenset(predicted)))

    for (code, row_path), delta in broken.items():
        if code != _ROW:
            continue
        row = _row_at(report, row_path)
        for column, value in zip(APPLICANT_COLUMNS, row.cells()):
            predicted = {(_ROW, row_path): delta}
            if row_path == _T3 + ("results", "total"):
                predicted[(_RES, (column,))] = -delta
            elif row_path[1] == "results":
                predicted[(_BAL, (column,))] = delta
                if has_results_total:
                    predicted[(_RES, (column,))] = delta
            elif row_path[1] == "carried_forward":
                predicted[(_BAL, (column,))] = delta
            else:  # 新收 or 上年结转
                predicted[(_BAL, (column,))] = -delta
            cell(row_path + (column,), value, delta, predicted)
    for column in APPLICANT_COLUMNS:
        res, bal = broken.get((_RES, (column,))), broken.get((_BAL, (column,)))
        if res is not None and res == bal:
            out.append(_Hypothesis("leaves", _T3 + (column,), None, res,
                                   frozenset([(_RES, (column,)), (_BAL, (column,))])))
    return out


def _row_at(report: Any, path: tuple[str, ...]) -> Any:
    node = report
    for key in path:
        node = getattr(node, key)
    return node


def _min_covers(rules: list[RuleKey], hypotheses: list[_Hypothesis]) -> list[frozenset[_Hypothesis]]:
    """The ways of explaining all ``rules`` with the fewest hypotheses, no rule explained twice: one, or two
    when the fewest is not unique (a third is never needed to say so)."""
    by_rule: dict[RuleKey, list[_Hypothesis]] = {k: [] for k in rules}
    for h in sorted(hypotheses, key=lambda h: -len(h.explains)):  # the widest first: small covers early
        for k in h.explains:
            by_rule[k].append(h)
    best: list[frozenset[_Hypothesis]] = []
    cap = [len(rules)]  # the largest cover still worth finding

    def search(left: frozenset[RuleKey], chosen: tuple[_Hypothesis, ...]) -> None:
        if not left:
            cover = frozenset(chosen)
            if not best or len(cover) < len(best[0]):
                best[:] = [cover]
                cap[0] = len(cover)
            elif len(cover) == len(best[0]) and cover not in best:
                best.append(cover)
                cap[0] = len(cover) - 1  # ambiguous at this size: only a smaller cover could change that
            return
        if len(chosen) >= cap[0]:
            return
        first = next(k for k in rules if k in left)
        for h in by_rule[first]:
            if h.explains <= left:
                search(left - h.explains, chosen + (h,))

    search(frozenset(rules), ())
    return best


def attribute(report: Any, findings: list[Finding]) -> list[Finding]:
    """``findings`` of the table rules with the table-3 findings one wrong cell causes merged into one
    finding at that cell (see the module's docstring); every other finding is returned unchanged."""
    keyed = {k: f for f in findings if (k := rule_key(f)) is not None}
    if len(keyed) < 2 or len(keyed) > MAX_RULES:
        return findings
    broken = broken_rules(report)
    if set(broken) != set(keyed):  # not the checker's own findings: leave them as they are
        return findings
    covers = _min_covers(list(broken), _hypotheses(report, broken))
    if len(covers) != 1:
        return findings  # two equally simple explanations: which cell is wrong cannot be said
    merged: dict[RuleKey, Finding | None] = {}
    for h in covers[0]:
        if len(h.explains) < 2:
            continue
        order = [k for k in broken if k in h.explains]
        finding = _merged(report, h, order, broken, [keyed[k] for k in order])
        merged[order[0]] = finding
        merged.update((k, None) for k in order[1:])
    out = []
    for f in findings:
        key = rule_key(f)
        if key in merged:
            if merged[key] is not None:
                out.append(merged[key])
        else:
            out.append(f)
    return out


# ---------------------------------------------------------------- messages


def _column_label(column: str) -> str:
    return labels_for(_T3 + ("new_received", column))[-1]


def _amount(error: int) -> str:
    return f"多填了{error}" if error > 0 else f"少填了{-error}"


def _rule_text(report: Any, key: RuleKey, same_row: bool) -> str:
    code, where = key
    apps = report.applications
    if code == _ROW:
        row = _row_at(report, where)
        name = "本行" if same_row else f"“{' › '.join(labels_for(where)[1:])}”一行"
        return f"{name}总计{row.total}而六类申请人之和为{row.sum}（{_ROW}）"
    i = APPLICANT_COLUMNS.index(where[0])
    leaves = apps.results.column_sums()[i]
    if code == _RES:
        stated = apps.results.total.cells()[i]
        return f"该列（七）总计{stated}而21项办理结果之和为{leaves}（{_RES}）"
    income = apps.new_received.cells()[i] + apps.carried_over.cells()[i]
    return f"该列一+二={income}而三+四={leaves + apps.carried_forward.cells()[i]}（{_BAL}）"


def _merged(report: Any, h: _Hypothesis, order: list[RuleKey], broken: dict[RuleKey, int],
            originals: list[Finding]) -> Finding:
    codes = [k[0] for k in order]
    code = next(c for c in (_RES, _BAL, _ROW) if c in codes)
    extra = {"merged": [{"code": k[0], "path": o.location.path, "delta": broken[k]} for k, o in zip(order, originals)],
             "attributed_to": "cell" if h.kind == "cell" else "column"}
    if h.kind == "cell":
        row_path, column = h.path[:-1], h.path[-1]
        row_label = " › ".join(labels_for(row_path)[1:])
        correct = h.value - h.error
        details = "；".join(_rule_text(report, k, k == (_ROW, row_path)) for k in order)
        message = (f"“{row_label}”一行“{_column_label(column)}”列填写{h.value}，很可能应为{correct}"
                   f"（{_amount(h.error)}）。这一格使{len(order)}条勾稽关系不成立：{details}。改为{correct}后都成立")
        return Finding(code, "error", location(h.path), message, expected=str(correct), actual=str(h.value),
                       extra=extra)
    column = h.path[-1]
    i = APPLICANT_COLUMNS.index(column)
    apps = report.applications
    leaves, stated = apps.results.column_sums()[i], apps.results.total.cells()[i]
    message = (f"“{_column_label(column)}”列：21项办理结果之和为{leaves}，而（七）总计填写{stated}（{_RES}），"
               f"一+二−四也是{stated}（{_BAL}）：该列办理结果{'多出' if h.error > 0 else '少了'}{abs(h.error)}件，"
               f"各行总计不能确定是哪一行，请逐行核对该列")
    return Finding(code, "error", column_location("applications", column, _column_label(column)), message,
                   expected=f"三（一）至（六）之和={stated}", actual=f"三（一）至（六）之和={leaves}", extra=extra)
