"""Hypothesis strategies for valid report inputs, for this project's tests and for integrators' own.

``raw_reports()`` draws input documents (plain dicts, as a YAML/JSON file would hold them) that load and
check clean: no error and no warning. ``reports()`` draws the loaded :class:`ReportInput`. Shapes cover
all-zero tables, sparse and dense ones, huge counts, rows given as lists, with and without stated totals,
absent rows and tables, optional facts and problems, and a consistent ``previous_year``.
"""

from __future__ import annotations

import os
from typing import Any

from hypothesis import strategies as st

from .model import ReportInput
from .tables import APPLICANT_COLUMNS, Applications, NotDisclosed, CannotProvide, NotProcessed, OtherHandling

PROFILES = ("zero", "sparse", "dense", "huge")
_GROUPS = {
    "not_disclosed": tuple(NotDisclosed.model_fields),
    "cannot_provide": tuple(CannotProvide.model_fields),
    "not_processed": tuple(NotProcessed.model_fields),
    "other": tuple(OtherHandling.model_fields),
}
LEAF_PATHS: tuple[tuple[str, ...], ...] = (("disclosed",), ("partially_disclosed",)) + tuple(
    (group, name) for group, names in _GROUPS.items() for name in names
)
TOPICS = ("staff_capacity", "content_depth", "policy_interpretation", "timeliness", "platform_maintenance",
          "application_handling", "review_litigation", "not_held_share", "backlog", "training",
          "normative_documents")

_PLACES = ("辛集", "青山", "临河", "东湖", "白石", "柳营", "南坪", "金水", "红星", "长乐", "石桥", "云岭")
_GOVERNMENT_SUFFIX = {"township": ("镇", "乡", "街道办事处"), "county": ("县", "区", "市"), "city": ("市", "州"),
                      "province": ("省",)}
_DEPARTMENTS = ("自然资源局", "教育局", "卫生健康委员会", "市场监督管理局", "人民政府办公室", "住房和城乡建设局",
                "生态环境局", "财政局", "医疗保障局")
_TEXTS = ("政务公开栏更新不够及时", "部分栏目内容更新滞后", "政策解读形式较为单一", "业务人员调整较频繁",
          "依申请公开答复文书格式有待统一", "基层公开事项目录需进一步细化")


_COUNTS: dict[str, st.SearchStrategy[int]] = {
    "zero": st.just(0),
    "sparse": st.one_of(st.just(0), st.just(0), st.just(0), st.integers(1, 5)),
    "dense": st.integers(0, 60),
    "huge": st.one_of(st.integers(0, 3), st.integers(10**6, 10**9)),
}
# Strategies are built once: building them per draw costs more than the draw itself.
_SIX = {p: st.lists(c, min_size=len(APPLICANT_COLUMNS), max_size=len(APPLICANT_COLUMNS)) for p, c in _COUNTS.items()}
_ACTIVE = {"sparse": st.sampled_from((False, False, False, True)), "dense": st.booleans(), "huge": st.booleans()}
_BOOL = st.booleans()
_FORMS = st.sampled_from(("map", "sparse_map", "list"))
_TABLE_FORMS = st.sampled_from(("map", "sparse_map", "list", None))
_TOTALS = st.sampled_from((True, False, None))


def counts(profile: str) -> st.SearchStrategy[int]:
    """One table cell under a shape profile: all zero, mostly zero, small numbers, or occasionally huge."""
    return _COUNTS[profile]


@st.composite
def _row(draw: st.DrawFn, values: list[int], totals: bool | None, form: str | None = None) -> Any:
    """A row as a mapping (zero cells may be left out), a 6-list, or a 7-list with its total."""
    give_total = draw(_BOOL) if totals is None else totals
    form = form or draw(_FORMS)
    if form == "list":
        return values + [sum(values)] if give_total else list(values)
    row = {c: v for c, v in zip(APPLICANT_COLUMNS, values) if v or form == "map"}
    if give_total:
        row["total"] = sum(values)
    return row


def _cells(draw: st.DrawFn, profile: str) -> list[int]:
    """Six cells of one row; most rows of a report are empty, so an empty row costs a single draw."""
    if profile == "zero" or not draw(_ACTIVE[profile]):
        return [0] * len(APPLICANT_COLUMNS)
    return draw(_SIX[profile])


@st.composite
def applications(draw: st.DrawFn, profile: str, carried_over: list[int] | None = None,
                 totals: bool | None = None) -> tuple[dict[str, Any], list[int]]:
    """Table 3 that balances in every column; returns the table and its 结转下年度 row.

    Row form and stated totals are drawn once per table (as real files are consistent) or, in a "mixed"
    table, row by row.
    """
    form = draw(_TABLE_FORMS)
    if totals is None:
        totals = draw(_TOTALS)
    leaves = {path: _cells(draw, profile) for path in LEAF_PATHS}
    forward = _cells(draw, profile)
    over, new = [], []
    for i in range(len(APPLICANT_COLUMNS)):
        out = sum(v[i] for v in leaves.values()) + forward[i]
        if carried_over is not None:
            o = carried_over[i]
            if o > out:  # last year's backlog must be handled somewhere: this year it is carried forward
                forward[i] += o - out
                out = o
        else:
            o = draw(st.integers(0, out)) if out and draw(_BOOL) else 0
        over.append(o)
        new.append(out - o)
    results: dict[str, Any] = {}
    for path, values in leaves.items():
        if not any(values) and draw(_BOOL):
            continue  # an absent row is zero
        target = results
        for key in path[:-1]:
            target = target.setdefault(key, {})
        target[path[-1]] = draw(_row(values, totals, form))
    if draw(_BOOL) if totals is None else totals:
        sums = [sum(v[i] for v in leaves.values()) for i in range(len(APPLICANT_COLUMNS))]
        results["total"] = draw(_row(sums, totals, form))
    table = {"new_received": draw(_row(new, totals, form)), "carried_over": draw(_row(over, totals, form)),
             "results": results, "carried_forward": draw(_row(forward, totals, form))}
    return table, forward


@st.composite
def review_litigation(draw: st.DrawFn, profile: str, totals: bool | None = None) -> dict[str, Any]:
    """Table 4 with correct totals when totals are given."""
    cell = counts(profile)
    out = {}
    for group in ("review", "litigation_direct", "litigation_after_review"):
        values = {k: draw(cell) for k in ("upheld", "corrected", "other", "pending")}
        if draw(_BOOL) if totals is None else totals:
            values["total"] = sum(values.values())
        out[group] = values
    return out


@st.composite
def _amount(draw: st.DrawFn) -> Any:
    value = draw(st.decimals(min_value=0, max_value=10**6, places=draw(st.integers(0, 4)),
                             allow_nan=False, allow_infinity=False))
    return draw(st.sampled_from((value, str(value), int(value), float(value) if value < 10**5 else value)))


@st.composite
def active_disclosure(draw: st.DrawFn, profile: str, in_force_before: dict[str, int] | None = None
                      ) -> dict[str, Any]:
    """Table 2; with last year's 现行有效 given, this year's 现行有效 follows X-IN-FORCE."""
    cell = counts(profile)
    table: dict[str, Any] = {}
    for kind in ("regulations", "normative_documents"):
        issued = draw(cell)
        base = in_force_before[kind] if in_force_before else draw(cell)
        repealed = draw(st.integers(0, base)) if base and profile != "zero" else 0
        in_force = base + issued - repealed if in_force_before else draw(cell) + issued
        table[kind] = {"issued": issued, "repealed": repealed, "in_force": in_force}
    for key in ("licensing", "punishment", "coercion"):
        table[key] = draw(cell)
    table["administrative_fees"] = draw(_amount()) if profile != "zero" else 0
    return table


def _texts() -> st.SearchStrategy[list[str]]:
    return st.lists(st.sampled_from(_TEXTS), max_size=3, unique=True)


_MAYBE_COUNT = st.one_of(st.none(), st.integers(0, 5000))
#: A fact count that may be approximate ("5500余"): approximate counts are stated with their 余 and never compared.
_MAYBE_APPROX = st.one_of(_MAYBE_COUNT, st.integers(10, 90000).map(lambda n: f"{n}余"))
_LABELS = ("办理12345热线工单", "公开重大建设项目信息", "发布疫情防控信息", "开展政策宣讲", "更新办事指南")
_UNITS = ("件", "条", "次", "期", "个")


def _counted() -> st.SearchStrategy[list[dict[str, Any]]]:
    item = st.fixed_dictionaries({"label": st.sampled_from(_LABELS), "value": st.integers(1, 5000),
                                  "unit": st.sampled_from(_UNITS)}, optional={"approx": st.booleans()})
    return st.lists(item, max_size=3, unique_by=lambda c: c["label"])


_FACTS: dict[str, dict[str, st.SearchStrategy[Any]]] = {
    "active_disclosure": {"items_published": _MAYBE_APPROX, "policy_interpretations": _MAYBE_COUNT,
                          "press_conferences": _MAYBE_COUNT, "gazette_issues": _MAYBE_COUNT,
                          "items_by_category": _counted(), "key_areas": _counted(),
                          "new_columns": st.lists(st.sampled_from(("惠企政策", "乡村振兴", "重点项目")), max_size=2,
                                                  unique=True),
                          "consultations": _MAYBE_COUNT, "opinions_received": _MAYBE_COUNT,
                          "surveys": _MAYBE_COUNT, "counts": _counted(), "highlights": _texts()},
    "application_handling": {"replied_on_time": _MAYBE_COUNT, "counts": _counted()},
    "information_management": {"documents_reviewed": _MAYBE_COUNT, "normative_documents_cleaned": _MAYBE_COUNT},
    "platforms": {"website": st.sampled_from((None, "门户网站")), "new_media_accounts": _MAYBE_COUNT,
                  "new_media_posts": _MAYBE_APPROX, "bulletin_boards": _MAYBE_COUNT,
                  "new_media_opened": _MAYBE_COUNT, "new_media_closed": _MAYBE_COUNT,
                  "online_interviews": _MAYBE_COUNT, "messages_handled": _MAYBE_APPROX},
    "oversight": {"trainings": _MAYBE_COUNT, "trainees": _MAYBE_COUNT, "inspections": _MAYBE_COUNT,
                  "monitoring_rounds": _MAYBE_COUNT, "notices": _MAYBE_COUNT,
                  "assessment": st.sampled_from((None, "考核结果为优秀", "考核结果为良好")),
                  "public_evaluation": st.sampled_from((None, "群众满意度测评结果为满意")),
                  "accountability_cases": st.one_of(st.none(), st.integers(0, 3))},
    "proposals": {"npc_suggestions": _MAYBE_COUNT, "cppcc_proposals": _MAYBE_COUNT,
                  "results_published": _MAYBE_COUNT},
}


@st.composite
def facts(draw: st.DrawFn) -> dict[str, Any]:
    """A random subset of the optional narrative facts (possibly none)."""
    out: dict[str, Any] = {}
    for section in sorted(draw(st.sets(st.sampled_from(sorted(_FACTS) + ["other_matters", "key_points"])))):
        if section == "other_matters":
            out[section] = draw(_texts())
            continue
        if section == "key_points":
            out[section] = draw(st.sampled_from(_TEXTS))
            continue
        values = {key: draw(strategy) for key, strategy in _FACTS[section].items()}
        out[section] = {k: v for k, v in values.items() if v is not None and v != []}
    return out


def _problem(previous: bool = False) -> st.SearchStrategy[Any]:
    optional: dict[str, st.SearchStrategy[Any]] = {"text": st.sampled_from(_TEXTS), "actions": _texts()}
    if previous:  # last year's plans, reported as plans (never as this year's results)
        optional["planned"] = _texts()
    item = st.fixed_dictionaries({"topic": st.sampled_from(TOPICS)}, optional=optional)
    return st.one_of(st.sampled_from(_TEXTS), item)


@st.composite
def agencies(draw: st.DrawFn) -> dict[str, Any]:
    """An agency whose name fits its kind and level."""
    kind = draw(st.sampled_from(("government", "government", "department", "authorized_org")))
    level = draw(st.sampled_from(("province", "city", "county", "township") if kind == "government"
                                 else ("province", "city", "county")))
    place = draw(st.sampled_from(_PLACES))
    if kind == "government":
        suffix = draw(st.sampled_from(_GOVERNMENT_SUFFIX[level]))
        name = f"{place}{suffix}" + ("" if suffix == "街道办事处" else "人民政府")
    elif kind == "department":
        name = f"{place}{'县' if level == 'county' else '市'}{draw(st.sampled_from(_DEPARTMENTS))}"
    else:
        name = f"{place}市住房公积金管理中心"
    agency = {"name": name, "kind": kind, "level": level}
    if kind == "government" and level != "township" and draw(st.integers(0, 4)) == 0:
        agency["scope"] = "aggregate"  # an area report summing all its bodies (全市…)
    return agency


@st.composite
def raw_reports(draw: st.DrawFn, *, totals: bool | None = None, previous: bool | None = None,
                profile: str | None = None, _prev: dict[str, Any] | None = None) -> dict[str, Any]:
    """A raw input document (dict) that loads and checks with no finding at all.

    ``totals`` forces stated totals on (True) or off (False); ``previous`` forces a ``previous_year``;
    ``profile`` forces one of :data:`PROFILES`.
    """
    shape = profile or draw(st.sampled_from(PROFILES))
    prev = _prev
    if prev is None and (draw(_BOOL) if previous is None else previous):
        prev = draw(raw_reports(totals=totals, previous=False))
    carried_over = _forward_row(prev) if prev else None
    apps, _ = draw(applications(shape, carried_over, totals))
    doc: dict[str, Any] = {
        "schema_version": 1,
        "agency": dict(prev["agency"]) if prev else draw(agencies()),
        "year": prev["year"] + 1 if prev else draw(st.integers(2019, 2030)),
    }
    in_force = None
    if prev is not None:
        before = ReportInput.model_validate(prev).active_disclosure
        in_force = {k: getattr(before, k).in_force for k in ("regulations", "normative_documents")}
    optional = {
        "active_disclosure": active_disclosure(shape, in_force),
        "review_litigation": review_litigation(shape, totals),
        "facts": facts(),
        "problems": st.fixed_dictionaries({}, optional={"previous": st.lists(_problem(previous=True), max_size=4),
                                                       "current": st.lists(_problem(), max_size=4)}),
        "fees": st.fixed_dictionaries({"information_processing_fee_yuan": st.one_of(st.just(0), _amount())}),
    }
    if shape != "zero" or carried_over or draw(_BOOL):
        doc["applications"] = apps
    for key, strategy in optional.items():
        if key == "active_disclosure" and prev is not None or draw(_BOOL):
            doc[key] = draw(strategy)
    if prev is not None:
        doc["previous_year"] = prev
    return doc


def _forward_row(doc: dict[str, Any]) -> list[int]:
    """Last year's 结转下年度继续办理 per column, read back through the model (rows may be lists or maps)."""
    table = doc.get("applications")
    if not table:
        return [0] * len(APPLICANT_COLUMNS)
    return list(Applications.model_validate(table).carried_forward.cells())


def reports(**kwargs: Any) -> st.SearchStrategy[ReportInput]:
    """Loaded :class:`ReportInput` values drawn from :func:`raw_reports` (same keyword arguments)."""
    from .loader import load

    return raw_reports(**kwargs).map(load)


def sample_documents(n: int, derandomize: bool = False, **kwargs: Any) -> list[dict[str, Any]]:
    """``n`` input documents drawn from :func:`raw_reports` outside a test (for benchmarks, fixtures and
    notebooks); ``kwargs`` as for raw_reports. ``derandomize`` draws the same documents on every run (for
    measurements that must be repeatable)."""
    from hypothesis import HealthCheck, given, settings

    docs: list[dict[str, Any]] = []

    @settings(max_examples=n, database=None, deadline=None, suppress_health_check=list(HealthCheck),
              derandomize=derandomize)
    @given(raw_reports(**kwargs))
    def collect(doc: dict[str, Any]) -> None:
        docs.append(doc)

    collect()
    return docs[:n]


def preview(report: Any, *, seed: int | None = None, phrasebank: Any = None, format: str = "text",
            full: bool = False) -> str:
    """The rendered draft of a report (a ReportInput, a dict or a path) as text, Markdown, JSON or HTML,
    for integrators' own tests and notebooks; ``full`` for the whole report with its tables."""
    from .generate import generate

    draft = generate(report, seed=seed, phrasebank=phrasebank, full=full)
    renderers = {"text": draft.to_text, "markdown": draft.to_markdown, "json": draft.to_json, "html": draft.to_html}
    if format not in renderers:
        raise ValueError(f"format must be one of {', '.join(renderers)}")
    return renderers[format]()


def snapshot(text: str, path: str | os.PathLike[str], *, update: bool | None = None) -> None:
    """Compare ``text`` with the snapshot file at ``path``; raise AssertionError with a diff on change.

    A missing snapshot is written (and the test fails once, so that a person reads it before it counts).
    With ``update`` (or NARRATIVE_UPDATE_SNAPSHOTS=1) the file is rewritten instead of compared.
    """
    import difflib
    from pathlib import Path

    target = Path(path)
    if update is None:
        update = os.environ.get("NARRATIVE_UPDATE_SNAPSHOTS") == "1"
    if update or not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        if not update:
            raise AssertionError(f"snapshot {target} was missing and has been written: read it, then re-run")
        return
    expected = target.read_text(encoding="utf-8")
    if expected != text:
        diff = "".join(difflib.unified_diff(expected.splitlines(True), text.splitlines(True),
                                            str(target), "generated"))
        raise AssertionError(f"draft differs from snapshot {target} (NARRATIVE_UPDATE_SNAPSHOTS=1 to accept):\n{diff}")


__all__ = ["PROFILES", "LEAF_PATHS", "TOPICS", "active_disclosure", "agencies", "applications", "counts", "facts",
           "preview", "raw_reports", "reports", "review_litigation", "sample_documents", "snapshot"]
