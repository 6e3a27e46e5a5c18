"""Properties of reading and checking: valid reports are clean, every single-cell corruption of table 3 or
4 is caught with the right rule code and location, and malformed input only ever raises NarrativeError."""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import assume, given, note
from hypothesis import strategies as st

from helpers import COLUMNS7
from narrative import NarrativeError, check, load
from narrative.findings import RULES
from narrative.tables import APPLICANT_COLUMNS
from narrative.testing import raw_reports


@given(raw_reports())
def test_generated_reports_load_and_check_clean(doc):
    findings = check(load(doc))
    assert findings == [], [f.format() for f in findings]


def table_cells(doc: dict[str, Any]) -> list[tuple[tuple, tuple]]:
    """Every cell stated in this year's tables 3 and 4: (path in the raw doc, model path of the cell)."""
    cells = []

    def row(raw_path: tuple, model_path: tuple, value: Any) -> None:
        if isinstance(value, list):
            cells.extend((raw_path + (i,), model_path + (COLUMNS7[i],)) for i in range(len(value)))
        else:
            cells.extend((raw_path + (k,), model_path + (k,)) for k in value)

    def walk(node: dict, path: tuple) -> None:
        for key, value in node.items():
            here = path + (key,)
            if isinstance(value, list) or (isinstance(value, dict) and set(value) <= set(COLUMNS7)):
                row(here, here, value)
            elif isinstance(value, dict):
                walk(value, here)

    if "applications" in doc:
        walk(doc["applications"], ("applications",))
    for group, value in doc.get("review_litigation", {}).items():
        row(("review_litigation", group), ("review_litigation", group), value)
    return cells


def _get(doc, path):
    for key in path:
        doc = doc[key]
    return doc


def _has_total(doc, row_path) -> bool:
    try:
        raw = _get(doc, row_path)
    except (KeyError, IndexError):
        return False
    return (isinstance(raw, list) and len(raw) == 7) or (isinstance(raw, dict) and "total" in raw)


def expected_errors(doc, raw_path: tuple, model_path: tuple) -> set[tuple[str, tuple]]:
    """The one (code, location path) error that changing one cell must produce: at the cell when its row's
    stated total points at it, else at its column (see narrative.attribution)."""
    row_path, column = model_path[:-1], model_path[-1]
    raw_row = raw_path[:-1]
    if row_path[0] == "review_litigation":
        return {("T4-SUM", row_path + ("total",))} if _has_total(doc, raw_row) else set()
    if column == "total":
        return {("T3-ROW-TOTAL", row_path + ("total",))}
    if row_path == ("applications", "results", "total"):
        return {("T3-RESULTS-SUM", model_path)}
    where = model_path if _has_total(doc, raw_row) else ("applications", column)
    if row_path[1] == "results" and "total" in doc["applications"]["results"]:
        return {("T3-RESULTS-SUM", where)}
    return {("T3-BALANCE", where)}


def _perturb(doc, data, n: int):
    """A copy of ``doc`` with ``n`` distinct stated cells of tables 3 and 4 changed, and what was changed."""
    cells = table_cells(doc)
    assume(len(cells) >= n)
    chosen = data.draw(st.lists(st.sampled_from(cells), min_size=n, max_size=n, unique=True), label="cells")
    bad = copy.deepcopy(doc)
    for raw_path, model_path in chosen:
        old = _get(doc, raw_path)
        delta = data.draw(st.integers(-old, 50).filter(lambda d: d != 0), label="delta")
        _get(bad, raw_path[:-1])[raw_path[-1]] = old + delta
        note(f"changed {model_path} from {old} to {old + delta}")
    return bad, chosen


@given(raw_reports(), st.data())
def test_every_single_cell_change_is_caught_once_at_its_cell_or_column(doc, data):
    bad, [(raw_path, model_path)] = _perturb(doc, data, 1)
    errors = [f for f in check(load(bad)) if f.is_error]
    assert {(f.code, f.location.path) for f in errors} == expected_errors(doc, raw_path, model_path)
    assert len(errors) <= 1, [f.format() for f in errors]  # one slip, one finding
    if model_path[0] == "applications" and model_path[-1] in APPLICANT_COLUMNS:
        assert errors, "a changed table-3 cell is always caught (T3-BALANCE at least)"
    for f in errors:
        if f.location.path == model_path and model_path[-1] != "total":  # named the cell: its fix is given
            assert (f.actual, f.expected) == (str(_get(bad, raw_path)), str(_get(doc, raw_path)))


def _represented(findings) -> set[tuple[str, tuple]]:
    """The (code, location) of every rule the findings stand for, merged findings for all they merged."""
    out = set()
    for f in findings:
        merged = f.extra.get("merged")
        out |= {(m["code"], m["path"]) for m in merged} if merged else {(f.code, f.location.path)}
    return out


@given(raw_reports(), st.data(), st.integers(1, 4))
def test_no_broken_rule_is_hidden_however_many_cells_change(doc, data, n):
    from narrative.checks import TABLE_RULES

    bad, _ = _perturb(doc, data, n)
    report = load(bad)
    broken = {(f.code, f.location.path) for rule in TABLE_RULES for f in rule(report)}  # before attribution
    errors = [f for f in check(report) if f.is_error]
    assert _represented(errors) == broken
    assert len(errors) <= len(broken)


@given(raw_reports(totals=True), st.data())
def test_with_stated_totals_every_table4_change_is_caught(doc, data):
    cells = [c for c in table_cells(doc) if c[1][0] == "review_litigation"]
    assume(cells)
    raw_path, _ = data.draw(st.sampled_from(cells))
    group = _get(doc, raw_path[:-1])
    group[raw_path[-1]] += data.draw(st.integers(1, 9))
    assert [f.code for f in check(load(doc)) if f.is_error] == ["T4-SUM"]


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-10**12, 10**12) | st.floats() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=12,
)


def _assert_clean_rejection(value: Any) -> None:
    try:
        report = load(value)
    except NarrativeError as exc:
        assert exc.findings and str(exc)
        for finding in exc.findings:
            assert finding.code in RULES and finding.severity == "error" and finding.message
            assert finding.format()
        return
    check(report)  # a value that happens to be valid must check without raising


@given(json_values)
def test_random_values_are_rejected_with_findings_only(value):
    _assert_clean_rejection(value)


@given(raw_reports(), st.data())
def test_corrupting_any_node_raises_only_narrative_error(doc, data):
    paths = []

    def walk(node, path):
        paths.append(path)
        if isinstance(node, dict):
            for k, v in node.items():
                walk(v, path + (k,))
        elif isinstance(node, list):
            for i, v in enumerate(node):
                walk(v, path + (i,))

    walk(doc, ())
    path = data.draw(st.sampled_from(paths[1:]))
    how = data.draw(st.sampled_from(("replace", "negative", "unknown_key", "string")))
    parent = _get(doc, path[:-1])
    if how == "replace":
        parent[path[-1]] = data.draw(json_values)
    elif how == "negative":
        parent[path[-1]] = -data.draw(st.integers(1, 10**6))
    elif how == "string":
        parent[path[-1]] = str(parent[path[-1]])
    elif isinstance(parent, dict):
        parent[path[-1] + data.draw(st.sampled_from(("s", "_", "x")))] = parent.pop(path[-1])
    _assert_clean_rejection(doc)


def test_sample_documents_outside_a_test_are_valid():
    from narrative.testing import sample_documents

    docs = sample_documents(5, previous=True)
    assert len(docs) == 5 and all(check(load(doc)) == [] and "previous_year" in doc for doc in docs)
