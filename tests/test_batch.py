"""Batch drafting: directories, globs and several files; all cores; bad inputs listed, never fatal;
atomic outputs that are never overwritten without --force."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import yaml

from conftest import EXAMPLES
from narrative.batch import Job, Progress, expand, run
from narrative.cli import main


def _inputs(tmp_path: Path, copies: int = 1) -> Path:
    src = tmp_path / "in"
    src.mkdir()
    for path in EXAMPLES.glob("*.yaml"):
        for i in range(copies):
            shutil.copy(path, src / (path.name if i == 0 else f"{path.stem}-{i}.yaml"))
    return src


def _bad(directory: Path) -> Path:
    doc = yaml.safe_load((EXAMPLES / "linhe-city-2023.yaml").read_text(encoding="utf-8"))
    doc["review_litigation"]["review"]["total"] = 999
    bad = directory / "zz-bad.yaml"
    bad.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    return bad


def run_cli(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_directory_to_outdir_with_a_bad_input_that_does_not_stop_the_batch(tmp_path, capsys):
    src = _inputs(tmp_path)
    _bad(src)
    (src / "broken.json").write_text("{", encoding="utf-8")
    out = tmp_path / "out"
    code, stdout, err = run_cli(capsys, "draft", str(src), "-o", str(out), "--format", "markdown", "--full")
    assert code == 1 and stdout == ""
    made = sorted(p.name for p in out.iterdir())
    assert made == sorted(p.stem + ".md" for p in src.glob("*.yaml") if p.name != "zz-bad.yaml")
    assert "zz-bad.yaml：T4-SUM review_litigation.review.total" in err
    assert "broken.json：L-SYNTAX" in err
    assert "已起草7份，失败2份" in err
    assert not any(name.startswith(".narrative-") for name in made)
    assert "## 三、收到和处理政府信息公开申请情况" in (out / "xinji-2022.md").read_text(encoding="utf-8")


def test_existing_outputs_are_kept_without_force(tmp_path, capsys):
    src, out = _inputs(tmp_path), tmp_path / "out"
    out.mkdir()
    (out / "xinji-2022.txt").write_text("我改过的稿子", encoding="utf-8")
    code, _, err = run_cli(capsys, "draft", str(src), "-o", str(out))
    assert code == 1 and "xinji-2022.yaml：输出文件已存在" in err
    assert (out / "xinji-2022.txt").read_text(encoding="utf-8") == "我改过的稿子"
    assert (out / "linhe-city-2023.txt").exists()
    code, _, _ = run_cli(capsys, "draft", str(src), "-o", str(out), "--force")
    assert code == 0 and "一、总体情况" in (out / "xinji-2022.txt").read_text(encoding="utf-8")


def test_glob_and_several_files(tmp_path, capsys):
    out = tmp_path / "out"
    code, _, _ = run_cli(capsys, "draft", str(EXAMPLES / "qingshan-*.yaml"), str(EXAMPLES / "xinji-2022.yaml"),
                         "-o", str(out), "--format", "json", "--jobs", "2")
    assert code == 0
    assert sorted(p.name for p in out.iterdir()) == ["qingshan-county-2023.json", "qingshan-county-2024.json",
                                                     "xinji-2022.json"]


def test_usage_errors(tmp_path, capsys):
    assert run_cli(capsys, "draft", str(EXAMPLES), str(EXAMPLES / "xinji-2022.yaml"))[0] == 2  # no -o
    assert run_cli(capsys, "draft", str(tmp_path / "nothing-*.yaml"), "-o", str(tmp_path / "o"))[0] == 2
    clash = tmp_path / "clash"
    clash.mkdir()
    shutil.copy(EXAMPLES / "xinji-2022.yaml", clash / "a.yaml")
    (clash / "a.json").write_text('{"agency": {"name": "甲镇人民政府", "kind": "government", "level": "township"}, '
                                  '"year": 2024}', encoding="utf-8")
    code, _, err = run_cli(capsys, "draft", str(clash), "-o", str(tmp_path / "o"))
    assert code == 0  # one stem twice in one folder: each output keeps its input's suffix (issue 8)
    assert sorted(p.name for p in (tmp_path / "o").iterdir()) == ["a.json.txt", "a.yaml.txt"]
    assert run_cli(capsys, "draft", str(EXAMPLES / "xinji-2022.yaml"), "--format", "docx")[0] == 2


def test_worker_pool_gives_the_same_bytes_as_one_process(tmp_path):
    src = _inputs(tmp_path, copies=3)
    files, _ = expand([str(src)])
    jobs = [Job(p, str(tmp_path / "a" / (Path(p).stem + ".md")), "markdown", True, None, None, False) for p in files]
    (tmp_path / "a").mkdir()
    outcomes = list(run(jobs, workers=2))
    assert len(outcomes) == len(files) == 21 and all(o.ok for o in outcomes)
    serial = [Job(j.source, j.target.replace("/a/", "/b/"), j.format, j.full, None, None, False) for j in jobs]
    (tmp_path / "b").mkdir()
    assert all(o.ok for o in run(serial, workers=1))
    for job in jobs:
        assert Path(job.target).read_bytes() == Path(job.target.replace("/a/", "/b/")).read_bytes()


def test_progress_bar_only_on_a_terminal():
    quiet = io.StringIO()
    bar = Progress(3, quiet)
    for ok in (True, False, True):
        bar.step(ok)
    bar.close()
    assert quiet.getvalue() == ""
    loud = io.StringIO()
    bar = Progress(3, loud, enabled=True)
    for ok in (True, False, True):
        bar.step(ok)
    bar.close()
    assert "3/3" in loud.getvalue() and "失败1" in loud.getvalue()


def test_expand_deduplicates_and_reports_unmatched(tmp_path):
    files, unmatched = expand([str(EXAMPLES / "xinji-2022.yaml"), str(EXAMPLES / "xinji-*.yaml"),
                               str(tmp_path / "missing.yaml")])
    assert [Path(p).name for p in files] == ["xinji-2022.yaml"] and unmatched == [str(tmp_path / "missing.yaml")]
