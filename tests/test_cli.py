"""The ``narrative`` command for inputs: check (exit codes 0/1/2, text and JSON), schema, init."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml

from conftest import EXAMPLES
from narrative import load
from narrative.cli import main
from narrative.tables import ApplicantRow, NotDisclosed

EXAMPLE_FILES = sorted(EXAMPLES.glob("*.yaml"))


def run(capsys, *argv: str) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as exc:  # argparse usage errors and --version
        code = exc.code
    out, err = capsys.readouterr()
    return code, out, err


def test_there_are_enough_examples():
    assert len(EXAMPLE_FILES) >= 5


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.name)
def test_every_example_checks_clean(capsys, path):
    code, out, _ = run(capsys, "check", str(path))
    assert code == 0, out
    assert out.strip().endswith("通过（0个错误，0个警告）")


def test_examples_cover_what_the_issue_asks_for():
    reports = [load(p) for p in EXAMPLE_FILES]
    apps = [r.applications for r in reports]
    assert any(sum(1 for v in a.new_received.cells() if v) >= 3 for a in apps)
    for group in ("disclosed", "partially_disclosed", "not_disclosed", "cannot_provide", "not_processed", "other"):
        assert any(a.results.group_sum(group) for a in apps), group
    assert any(a.carried_over.sum for a in apps) and any(a.carried_forward.sum for a in apps)
    t4 = [r.review_litigation for r in reports]
    assert any(t.review.sum for t in t4) and any(t.litigation_direct.sum for t in t4)
    assert any(t.litigation_after_review.sum for t in t4)
    assert any(r.agency.kind == "department" for r in reports)
    assert any(r.previous_year is not None and r.previous_year.year == r.year - 1 for r in reports)
    assert any(r.agency.name == "辛集镇人民政府" and r.year == 2022 for r in reports)


def _corrupt(tmp_path: Path, mutate) -> Path:
    source = EXAMPLES / "qingshan-county-2024.yaml"
    doc = yaml.safe_load(source.read_text(encoding="utf-8"))
    mutate(doc)
    shutil.copy(EXAMPLES / "qingshan-county-2023.yaml", tmp_path / "qingshan-county-2023.yaml")
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    return path


def _bump(doc, *path):
    node = doc
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] += 1


@pytest.mark.parametrize("path,code", [
    (("applications", "new_received", "natural_person"), "T3-BALANCE"),
    (("applications", "results", "disclosed", "natural_person"), "T3-RESULTS-SUM"),
    (("applications", "new_received", "total"), "T3-ROW-TOTAL"),
    (("applications", "results", "total", "commercial_enterprise"), "T3-RESULTS-SUM"),
    (("review_litigation", "review", "upheld"), "T4-SUM"),
])
def test_corrupted_example_is_rejected_with_the_rule_code(capsys, tmp_path, path, code):
    bad = _corrupt(tmp_path, lambda doc: _bump(doc, *path))
    status, out, _ = run(capsys, "check", str(bad))
    assert status == 1
    assert re.search(rf"bad\.yaml:\d+: error {code} ", out), out
    assert out.count(" error ") == 1, out  # one changed figure, one finding
    if path[0] == "applications":  # at the changed cell: every row of the example states its total
        assert f" {'.'.join(path)}（" in out, out
    assert "未通过" in out


def test_check_json_output(capsys, tmp_path):
    bad = _corrupt(tmp_path, lambda doc: _bump(doc, "review_litigation", "review", "upheld"))
    status, out, _ = run(capsys, "check", "--format", "json", str(bad), str(EXAMPLE_FILES[0]))
    assert status == 1
    data = json.loads(out)
    assert [d["ok"] for d in data] == [False, True]
    finding = data[0]["findings"][0]
    assert finding["code"] == "T4-SUM" and finding["location"]["dotted"] == "review_litigation.review.total"
    assert finding["location"]["labels"][-2:] == ["行政复议", "总计"]
    assert finding["expected"] != finding["actual"]


def test_warnings_pass_unless_strict(capsys, tmp_path):
    bad = _corrupt(tmp_path, lambda doc: doc["active_disclosure"]["normative_documents"].update(in_force=99))
    assert run(capsys, "check", str(bad))[0] == 0
    status, out, _ = run(capsys, "check", "--strict", str(bad))
    assert status == 1 and "warning X-IN-FORCE" in out


def test_missing_file_is_a_usage_error(capsys, tmp_path):
    status, out, _ = run(capsys, "check", str(tmp_path / "nope.yaml"), str(EXAMPLE_FILES[0]))
    assert status == 2 and "L-NOT-FOUND" in out


def test_bad_flag_is_a_usage_error(capsys):
    status, _, err = run(capsys, "check", "--frobnicate", str(EXAMPLE_FILES[0]))
    assert status == 2 and "用法错误" in err
    assert run(capsys)[0] == 2


def test_syntax_error_is_exit_1_with_line(capsys, tmp_path):
    bad = tmp_path / "broken.yaml"
    bad.write_text("agency: [\n", encoding="utf-8")
    status, out, _ = run(capsys, "check", str(bad))
    assert status == 1 and re.search(r"broken\.yaml:\d+: error L-SYNTAX", out)


def test_schema_is_json_schema_with_official_titles(capsys):
    status, out, _ = run(capsys, "schema")
    schema = json.loads(out)
    assert status == 0 and schema["title"] == "政府信息公开工作年度报告输入"
    assert schema["properties"]["applications"]["title"] == "表三 收到和处理政府信息公开申请情况"
    assert schema["$defs"]["ApplicantRow"]["properties"]["natural_person"]["title"] == "自然人"
    assert schema["$defs"]["ApplicantRow"]["additionalProperties"] is False


@pytest.mark.parametrize("kind,level", [("government", "township"), ("department", "county"),
                                        ("authorized_org", "city")])
def test_init_skeleton_loads_once_filled_in(capsys, tmp_path, kind, level):
    status, out, _ = run(capsys, "init", "--kind", kind, "--level", level)
    assert status == 0
    doc = yaml.safe_load(out)
    assert doc["agency"]["name"] is None and doc["year"] is None  # must be filled in, never a made-up default
    doc["agency"]["name"], doc["year"] = "青山县自然资源局", 2025
    report = load(doc)
    assert report.agency.kind == kind and report.applications.results.sum == 0


def test_init_names_every_row_and_column(capsys):
    _, out, _ = run(capsys, "init", "--name", "辛集镇人民政府", "--year", "2025")
    for field in list(ApplicantRow.model_fields.values())[:6] + list(NotDisclosed.model_fields.values()):
        assert f"# {field.title}" in out
    for label in ("一、本年新收政府信息公开申请数量", "（七）总计", "结果维持", "行政诉讼·复议后起诉", "信息处理费（元）",
                  "工作考核结果", "四、结转下年度继续办理"):
        assert label in out
    assert load(yaml.safe_load(out)).agency.self_ref == "我镇"


def test_output_schema_documents_the_draft_json(capsys):
    status, out, _ = run(capsys, "schema", "--output")
    schema = json.loads(out)
    assert status == 0 and schema["title"] == "政府信息公开工作年度报告草稿"
    assert set(schema["required"]) >= {"sections", "warnings", "preface", "full"}
    assert schema["$defs"]["SentenceOut"]["additionalProperties"] is False


def test_every_subpackage_is_declared_for_the_wheel():
    """A non-editable install ships only the packages pyproject lists (the editable one hides a miss)."""
    import tomllib

    from conftest import ROOT

    declared = set(tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["packages"])
    found = {"narrative." + ".".join(p.parent.relative_to(ROOT / "src" / "narrative").parts)
             for p in (ROOT / "src" / "narrative").rglob("__init__.py")}
    found = {name.rstrip(".") for name in found}
    assert found <= declared, found - declared


def test_help_and_usage_errors_are_in_chinese(capsys):
    import pytest

    from narrative.cli import main

    with pytest.raises(SystemExit) as done:
        main(["init", "--help"])
    out = capsys.readouterr().out
    assert done.value.code == 0 and out.startswith("用法：") and "显示本帮助并退出" in out
    flat = "".join(out.split())  # the help wraps lines
    assert "government=人民政府" in flat and "（默认：township）" in flat
    assert "show this help" not in out and "usage:" not in out
    with pytest.raises(SystemExit) as done:
        main(["init", "--kind", "bureau"])
    err = capsys.readouterr().err
    assert done.value.code == 2 and "参数 --kind 的值“bureau”无效" in err
