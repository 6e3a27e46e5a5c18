"""``narrative draft``: stdout, atomic -o with --force, formats, --explain, --seed, invalid input."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
import yaml

from conftest import EXAMPLES
from narrative.cli import main
from narrative.output import write_atomic

EXAMPLE = str(EXAMPLES / "qingshan-county-2024.yaml")


def run(capsys, *argv):
    try:
        code = main(list(argv))
    except SystemExit as exc:
        code = exc.code
    out, err = capsys.readouterr()
    return code, out, err


def test_draft_prints_the_three_sections(capsys):
    code, out, _ = run(capsys, "draft", EXAMPLE)
    assert code == 0
    lines = out.splitlines()
    for heading in ("一、总体情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"):
        assert heading in lines
    assert lines.index("一、总体情况") < lines.index("五、存在的主要问题及改进情况") < lines.index("六、其他需要报告的事项")


def test_output_file_is_written_and_not_replaced_without_force(capsys, tmp_path):
    out = tmp_path / "draft.txt"
    assert run(capsys, "draft", EXAMPLE, "-o", str(out))[0] == 0
    first = out.read_text(encoding="utf-8")
    assert "一、总体情况" in first
    out.write_text("我写的稿子", encoding="utf-8")
    code, _, err = run(capsys, "draft", EXAMPLE, "-o", str(out), "--seed", "3")
    assert code == 2 and "--force" in err
    assert out.read_text(encoding="utf-8") == "我写的稿子"
    assert run(capsys, "draft", EXAMPLE, "-o", str(out), "--force")[0] == 0
    assert out.read_text(encoding="utf-8") == first
    assert [p.name for p in tmp_path.iterdir()] == ["draft.txt"]  # no temporary file left behind


def test_invalid_input_exits_1_and_writes_nothing(capsys, tmp_path):
    doc = yaml.safe_load(Path(EXAMPLE).read_text(encoding="utf-8"))
    doc["applications"]["new_received"]["natural_person"] += 1
    doc.pop("previous_year")
    bad = tmp_path / "bad.yaml"
    bad.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    out = tmp_path / "out.md"
    code, stdout, err = run(capsys, "draft", str(bad), "-o", str(out), "--format", "markdown")
    assert code == 1 and not out.exists() and stdout == ""
    # the one wrong cell is named, not its row's total and its column's balance separately
    assert re.search(r"bad\.yaml:\d+: error T3-BALANCE applications\.new_received\.natural_person", err)
    assert err.count(" error ") == 1 and "未写入" in err
    assert "Traceback" not in err


def test_missing_input_is_a_usage_error(capsys, tmp_path):
    code, _, err = run(capsys, "draft", str(tmp_path / "nope.yaml"))
    assert code == 2 and "L-NOT-FOUND" in err


def test_json_and_markdown_formats(capsys):
    code, out, _ = run(capsys, "draft", EXAMPLE, "--format", "json")
    data = json.loads(out)
    assert code == 0 and [s["number"] for s in data["sections"]] == ["一", "五", "六"]
    sentence = data["sections"][0]["parts"][2]["paragraphs"][0]["sentences"][1]
    assert sentence["phrase_id"] and sentence["fields"] and sentence["rule"]
    code, out, _ = run(capsys, "draft", EXAMPLE, "--format", "markdown")
    assert "## 一、总体情况" in out and "### （一）主动公开" in out


def test_explain_names_phrase_rule_and_fields(capsys):
    code, out, _ = run(capsys, "draft", EXAMPLE, "--explain")
    assert code == 0
    assert re.search(r"\[apply\.received[\w.]*#\d+｜规则 always｜字段 [^\]]*applications\.new_received", out)
    assert "（原文照录）" in out
    assert run(capsys, "draft", EXAMPLE, "--explain", "--format", "json")[0] == 2


def test_seed_changes_wording_not_facts(capsys):
    from grounding import allowed_figures, stated_figures
    from narrative import load

    _, a, _ = run(capsys, "draft", EXAMPLE, "--seed", "1")
    _, b, _ = run(capsys, "draft", EXAMPLE, "--seed", "2")
    assert a != b
    allowed = allowed_figures(load(EXAMPLE), extra=(4,))
    for text in (a, b):
        assert {n for line in text.splitlines() for n in stated_figures(line)} <= allowed


def test_warnings_go_to_stderr(capsys):
    code, out, err = run(capsys, "draft", str(EXAMPLES / "xinji-2022.yaml"))
    assert code == 0 and "D-TODO" in err and "D-TODO" not in out


def test_atomic_write_never_clobbers(tmp_path):
    target = tmp_path / "x.txt"
    write_atomic(str(target), "一")
    with pytest.raises(FileExistsError):
        write_atomic(str(target), "二")
    assert target.read_text(encoding="utf-8") == "一"
    write_atomic(str(target), "三", overwrite=True)
    assert target.read_text(encoding="utf-8") == "三"
    assert os.listdir(tmp_path) == ["x.txt"]


def test_a_planted_template_cache_is_never_read(tmp_path):
    """Compiled templates are not kept on disk: files planted where the old bytecode cache lived (marshal
    data that ran code when loaded) are neither read nor written, and the draft is unchanged."""
    import subprocess
    import sys

    cache = tmp_path / "cache"
    cmd = [sys.executable, "-m", "narrative.cli", "draft", EXAMPLE, "--full"]
    env = {**os.environ, "NARRATIVE_CACHE_DIR": str(cache)}
    env.pop("NARRATIVE_NO_CACHE", None)
    clean = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True).stdout
    assert not cache.exists()
    marker = tmp_path / "pwned"
    planted = cache / "jinja-3.1.6-0.1.0"
    planted.mkdir(parents=True)
    for i in range(3):
        (planted / f"__jinja2_{i:040x}.cache").write_bytes(b"j2" + os.urandom(64))
        (planted / f"{i:040x}.vars").write_text("", encoding="utf-8")
    (planted / "evil.py").write_text(f"open({str(marker)!r}, 'w')\n", encoding="utf-8")
    before = sorted((p.name, p.stat().st_mtime_ns) for p in planted.iterdir())
    again = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True).stdout
    assert again == clean and "一、总体情况" in clean
    assert not marker.exists()
    assert sorted((p.name, p.stat().st_mtime_ns) for p in planted.iterdir()) == before


def test_the_output_extension_decides_the_format_and_a_mismatch_is_refused(tmp_path, capsys):
    target = tmp_path / "报告.docx"
    assert main(["draft", str(EXAMPLES / "xinji-2022.yaml"), "-o", str(target)]) == 0
    assert target.read_bytes()[:2] == b"PK"  # a Word document, not text named .docx
    md = tmp_path / "草稿.md"
    assert main(["draft", str(EXAMPLES / "xinji-2022.yaml"), "-o", str(md)]) == 0
    assert md.read_text(encoding="utf-8").startswith("## 一、总体情况")
    wrong = tmp_path / "x.docx"
    assert main(["draft", str(EXAMPLES / "xinji-2022.yaml"), "-o", str(wrong), "--format", "text"]) == 2
    assert not wrong.exists() and "扩展名" in capsys.readouterr().err
