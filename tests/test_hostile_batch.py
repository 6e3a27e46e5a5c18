"""Issue 8: batches and outputs under attack — special files, dead and stuck workers, Ctrl-C, name
clashes, modes, --force, globs, and what the terminal is shown. A batch must always end, list every
failure, and leave nothing half-written behind."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import EXAMPLES, ROOT
from narrative import batch
from narrative.batch import Job, expand, plan_outputs, run
from narrative.cli import main

EXAMPLE = EXAMPLES / "xinji-2022.yaml"
CLI = [sys.executable, "-m", "narrative.cli"]


def _cli(*argv: str, timeout: float = 120, **kw) -> subprocess.CompletedProcess:
    """The CLI in a child process (a hang fails the test by its timeout, instead of stalling the suite)."""
    return subprocess.run([*CLI, *argv], capture_output=True, text=True, timeout=timeout, cwd=kw.pop("cwd", ROOT),
                          **kw)


def _copies(directory: Path, n: int) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    text = EXAMPLE.read_text(encoding="utf-8")
    for i in range(n):
        (directory / f"r{i:03d}.yaml").write_text(text, encoding="utf-8")
    return directory


def _leftovers(directory: Path) -> list[str]:
    return [p.name for p in directory.rglob(".narrative-*")]


# ---------------------------------------------------------------- special files never hang a batch


def test_fifo_and_dev_zero_inputs_are_failures_not_hangs(tmp_path):
    src = _copies(tmp_path / "in", 2)
    os.mkfifo(src / "pipe.yaml")
    os.symlink("/dev/zero", src / "zero.yaml")
    done = _cli("draft", str(src), "-o", str(tmp_path / "out"), "--jobs", "2", timeout=60)
    assert done.returncode == 1, done.stderr
    assert "pipe.yaml：L-SPECIAL" in done.stderr and "zero.yaml：L-SPECIAL" in done.stderr
    assert "已起草2份，失败2份" in done.stderr


def test_fifo_previous_year_does_not_hang_check(tmp_path):
    os.mkfifo(tmp_path / "2023.yaml")
    this = tmp_path / "2024.yaml"
    this.write_text(EXAMPLE.read_text(encoding="utf-8") + "previous_year: 2023.yaml\n", encoding="utf-8")
    done = _cli("check", str(this), timeout=60)
    assert done.returncode == 1 and "L-PREVIOUS" in done.stdout


# ---------------------------------------------------------------- dead, stuck and greedy workers


def _patched_generate(real):
    def generate(source, **kw):
        name = os.path.basename(source)
        if name.startswith("hang"):
            time.sleep(3600)
        if name.startswith("die"):
            os.kill(os.getpid(), signal.SIGKILL)  # as the OOM killer would
        if name.startswith("greedy"):
            hog = bytearray(4 * 1024 * 1024 * 1024)  # over the worker's address-space limit
            return hog
        return real(source, **kw)
    return generate


def test_a_dead_a_stuck_and_a_greedy_worker_are_that_input_s_failure(tmp_path, monkeypatch):
    monkeypatch.setattr(batch, "generate", _patched_generate(batch.generate))  # forked workers inherit it
    src = _copies(tmp_path / "in", 3)
    for name in ("hang.yaml", "die.yaml", "greedy.yaml"):
        (src / name).write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    files, _ = expand([str(src)])
    out = tmp_path / "out"
    out.mkdir()
    jobs = [Job(f, str(out / (Path(f).stem + ".txt")), "text", False, None, None, False) for f in files]
    outcomes = {Path(o.source).name: o for o in run(jobs, workers=2, seconds=3, memory=512 * 1024 * 1024)}
    assert len(outcomes) == 6
    assert "时限" in outcomes["hang.yaml"].reason and not outcomes["hang.yaml"].ok
    assert "意外结束" in outcomes["die.yaml"].reason and "9" in outcomes["die.yaml"].reason
    assert "内存" in outcomes["greedy.yaml"].reason
    assert all(outcomes[f"r{i:03d}.yaml"].ok for i in range(3))
    assert _leftovers(out) == []


# ---------------------------------------------------------------- Ctrl-C


@pytest.mark.parametrize("delay", [0.0, 0.1, 0.3, 0.6, 1.0, 1.5])
def test_ctrl_c_leaves_no_temporary_file_and_exits_130(tmp_path, delay):
    src = _copies(tmp_path / "in", 400)
    out = tmp_path / "out"
    child = subprocess.Popen([*CLI, "draft", str(src), "-o", str(out), "--jobs", "2", "--full",
                              "--format", "docx"], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True)
    deadline = time.monotonic() + 60
    while not out.exists() and child.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)  # the batch has started (Ctrl-C while Python is still importing is another matter)
    time.sleep(delay)
    child.send_signal(signal.SIGINT)
    try:
        _, err = child.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        child.kill()
        raise
    if child.returncode == 0:
        pytest.skip("the batch finished before the signal")
    assert child.returncode == 130, err
    assert _leftovers(tmp_path) == []
    for made in out.glob("*.docx") if out.exists() else []:
        assert made.stat().st_size > 0


# ---------------------------------------------------------------- outputs


def test_same_stem_in_two_folders_mirrors_the_folders(tmp_path):
    for region in ("东区", "西区"):
        _copies(tmp_path / "in" / region, 1)
    inputs, _ = expand([str(tmp_path / "in")])
    targets, clashes = plan_outputs(inputs, str(tmp_path / "out"), "text")
    assert clashes == []
    assert sorted(os.path.relpath(t, tmp_path / "out") for t in targets) == ["东区/r000.txt", "西区/r000.txt"]
    done = _cli("draft", str(tmp_path / "in"), "-o", str(tmp_path / "out"))
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "out" / "东区" / "r000.txt").is_file() and (tmp_path / "out" / "西区" / "r000.txt").is_file()


def test_outputs_follow_the_umask(tmp_path):
    out = tmp_path / "one.txt"
    done = subprocess.run(["sh", "-c", 'umask 027 && exec "$@"', "sh", *CLI, "draft", str(EXAMPLE), "-o", str(out)],
                          capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert stat.S_IMODE(out.stat().st_mode) == 0o640
    done = subprocess.run(["sh", "-c", 'umask 022 && exec "$@"', "sh", *CLI, "draft", str(EXAMPLE), str(EXAMPLE),
                           "-o", str(tmp_path / "batch")], capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o644 for p in (tmp_path / "batch").iterdir())


def test_force_replaces_only_regular_files_and_symlinks(tmp_path, capsys):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    assert main(["draft", str(EXAMPLE), "-o", str(fifo), "--force"]) == 2
    assert stat.S_ISFIFO(fifo.lstat().st_mode) and "不是普通文件" in capsys.readouterr().err
    link = tmp_path / "link.txt"
    os.symlink(tmp_path / "elsewhere.txt", link)
    assert main(["draft", str(EXAMPLE), "-o", str(link), "--force"]) == 0
    assert link.is_file() and not link.is_symlink() and not (tmp_path / "elsewhere.txt").exists()
    if os.geteuid() == 0:  # a device node, as in the issue (mknod needs root)
        node = tmp_path / "null.txt"
        os.mknod(node, stat.S_IFCHR | 0o666, os.makedev(1, 3))
        assert main(["draft", str(EXAMPLE), "-o", str(node), "--force"]) == 2
        assert stat.S_ISCHR(node.lstat().st_mode)


def test_a_quoted_glob_that_matches_one_file(tmp_path, capsys):
    assert main(["draft", str(EXAMPLES / "xinji-*.yaml")]) == 0
    assert "一、总体情况" in capsys.readouterr().out


def test_double_star_does_not_follow_a_symlink_loop(tmp_path):
    src = _copies(tmp_path / "in" / "a", 2)
    os.symlink(tmp_path / "in", src / "loop")
    files, _ = expand([str(tmp_path / "in" / "**" / "*.yaml")])
    assert sorted(Path(f).name for f in files) == ["r000.yaml", "r001.yaml"]
    files, _ = expand([str(tmp_path / "in" / "**")])
    assert len(files) == 2


def test_an_outdir_that_cannot_be_created(tmp_path, capsys):
    (tmp_path / "file").write_text("x", encoding="utf-8")
    code = main(["draft", str(EXAMPLE), str(EXAMPLE), "-o", str(tmp_path / "file" / "sub")])
    assert code == 2 and "无法创建输出目录" in capsys.readouterr().err


@pytest.mark.parametrize("jobs", ["-1", "0", "100000"])
def test_jobs_out_of_range_is_a_usage_error(tmp_path, capsys, jobs):
    assert main(["draft", str(EXAMPLE), str(EXAMPLE), "-o", str(tmp_path / "o"), "--jobs", jobs]) == 2
    assert "--jobs" in capsys.readouterr().err


# ---------------------------------------------------------------- check and init


def test_check_a_directory_is_not_found(tmp_path, capsys):
    assert main(["check", str(tmp_path)]) == 2
    assert "L-NOT-FOUND" in capsys.readouterr().out


@pytest.mark.parametrize("name", ["yes", "no", "null", "on", "True", "2024", "a: b", "#x"])
def test_init_writes_a_skeleton_that_checks(tmp_path, capsys, name):
    assert main(["init", "--name", name, "--year", "2024"]) == 0
    skeleton = tmp_path / "2024.yaml"
    skeleton.write_text(capsys.readouterr().out, encoding="utf-8")
    from narrative import load
    assert load(skeleton).agency.name == name
    assert main(["check", str(skeleton)]) == 0


def _usage(argv) -> int:
    """The exit code of a command line that argparse or the command refuses."""
    try:
        return main(argv)
    except SystemExit as exc:  # argparse's own usage errors
        return int(exc.code)


def test_init_refuses_an_empty_name_and_an_odd_year(capsys):
    assert _usage(["init", "--name", "  "]) == 2
    assert _usage(["init", "--year", "1900"]) == 2
    assert _usage(["init", "--year", "9" * 4000]) == 2
    assert _usage(["init", "--year", "9" * 5000]) == 2  # once a ValueError inside argparse's own message


def test_a_huge_seed_on_the_command_line_is_a_usage_error(capsys):
    assert _usage(["draft", str(EXAMPLE), "--seed", "9" * 5000]) == 2
    assert _usage(["draft", str(EXAMPLE), "--seed", str(2**70)]) == 2
    assert "--seed" in capsys.readouterr().err


def test_check_escapes_control_characters_from_keys_and_file_names(tmp_path, capsys):
    evil = tmp_path / "a\x1b[31mred\nfake.yaml"
    evil.write_text(EXAMPLE.read_text(encoding="utf-8") + '"\x1b[2J\x07key\\u009b": 1\n', encoding="utf-8")
    code = main(["check", str(evil)])
    out = capsys.readouterr().out
    assert code == 1
    assert "\x1b" not in out and "\x07" not in out and "\x9b" not in out
    assert "\\x1b[31mred\\nfake.yaml" in out
    assert main(["check", str(evil), "--format", "json"]) == 1
    assert "\x9b" not in capsys.readouterr().out


def test_a_non_utf8_file_name_in_a_batch(tmp_path):
    src = _copies(tmp_path / "in", 1)
    bad = os.path.join(os.fsencode(src), b"bad-\xff.yaml")
    with open(bad, "wb") as handle:
        handle.write(b"year: [")
    done = subprocess.run([*CLI, "draft", str(src), "-o", str(tmp_path / "out")], capture_output=True,
                          timeout=120, cwd=ROOT)
    err = done.stderr.decode("utf-8")
    assert done.returncode == 1 and "L-SYNTAX" in err and "已起草1份，失败1份" in err


def test_jobs_queued_behind_a_stuck_one_are_drafted_elsewhere(tmp_path, monkeypatch):
    monkeypatch.setattr(batch, "generate", _patched_generate(batch.generate))
    src = _copies(tmp_path / "in", 3)
    (src / "hang.yaml").write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    order = [src / "hang.yaml"] + sorted(src.glob("r*.yaml"))
    jobs = [Job(str(f), str(out / (f.stem + ".txt")), "text", False, None, None, False) for f in order]
    outcomes = {Path(o.source).name: o for o in run(jobs, workers=1, seconds=2)}
    assert not outcomes["hang.yaml"].ok and "时限" in outcomes["hang.yaml"].reason
    assert all(outcomes[f"r{i:03d}.yaml"].ok for i in range(3)), outcomes


def test_an_output_path_with_a_nul_byte(tmp_path, capsys):
    assert main(["draft", str(EXAMPLE), "-o", "a\x00b.txt"]) == 2
    assert main(["draft", str(EXAMPLE), str(EXAMPLE), "-o", "a\x00b"]) == 2
