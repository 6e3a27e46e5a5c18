"""Benchmark (#10): the cost of a draft, every measure a ratio against a baseline timed in the same run (these
machines are shared and noisy, 2 cores; timings never go into tests).

a. Per draft: warm ``generate(report).to_text()`` over the bundled examples and N derandomized generated
   reports, against the FLOOR: the same final text rendered by one precompiled Jinja2 template per report in
   which every number is a variable. Target <= 10x, bar 15x (all; also examples only, generated only).
b. Cost per output character against RosaeNLG 3.2.6 (Node, zh_CN): a pug template compiled once, fed the same
   reports' key figures, rendered for every report in a long-lived node process driven pass by pass,
   interleaved with our passes. Target <= 1x, bar 1.5x. Skipped (not failed) without node/npm.
   Compromises: the template states ~10 sentences (290 characters) to our ~1,400, so the cost is per
   character; RosaeNLG's zh_CN filter puts spaces around interpolated values and after a decimal point
   ("173. 965 万元"), so characters are counted without whitespace (and tags) on both sides.
c. Cold command: ``narrative draft examples/qingshan-county-2024.yaml`` against a bare
   ``python -c "import jinja2, pydantic, yaml"``, interleaved. Target <= 1.5x, bar 2x. Then the ten imports of
   the cold command with the highest cumulative time (``python -X importtime``).

Run: ``python benchmarks/bench_generate.py [--quick] [--reports N] [--repeat R] [--runs K] [--skip-rosaenlg]``
(default about 1-2 minutes; ``--quick`` under 40 s).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import jinja2

import narrative
from narrative.testing import sample_documents

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _bench import EXAMPLES, ROOT, narrative_exe, ratio_line, span, stamp  # noqa: E402

NUMBER = re.compile(r"\d+(?:\.\d+)?")
SPACE = re.compile(r"\s+")
ROSAE_VERSION = "3.2.6"
ROSAE_DIR = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "narrative-bench" / f"rosaenlg-{ROSAE_VERSION}"


# ---------------------------------------------------------------- a. generate against the template floor

def floor_template(text: str) -> tuple[jinja2.Template, dict[str, str]]:
    """The draft's final text as one template whose numbers are variables (the cheapest possible render)."""
    values: dict[str, str] = {}

    def var(match: re.Match[str]) -> str:
        name = f"n{len(values)}"
        values[name] = match.group(0)
        return "{{ " + name + " }}"

    source = NUMBER.sub(var, text.replace("{", "{{ '{' }}"))
    env = jinja2.Environment(autoescape=False, keep_trailing_newline=True)
    return env.from_string(source), values


def gen_pass(reports: list[Any]) -> float:
    start = time.perf_counter()
    for report in reports:
        narrative.generate(report).to_text()
    return time.perf_counter() - start


def floor_pass(floors: list[tuple[jinja2.Template, dict[str, str]]]) -> float:
    start = time.perf_counter()
    for template, values in floors:
        template.render(**values)
    return time.perf_counter() - start


def per_draft(groups: dict[str, list[Any]], repeat: int) -> dict[str, list[float]]:
    """Per repeat and group: seconds of one generate pass and one floor pass, interleaved."""
    floors = {}
    for name, reports in groups.items():
        texts = [narrative.generate(r).to_text() for r in reports]  # warm: bank, compiled phrases
        again = [narrative.generate(r).to_text() for r in reports]
        if texts != again:
            print(f"  NOTE: generate is not deterministic on {sum(a != b for a, b in zip(texts, again))} "
                  f"of the {name} reports")
        floors[name] = [floor_template(t) for t in texts]
        for (template, values), text in zip(floors[name], texts):
            assert template.render(**values) == text, "the floor must render the very same text"
    times: dict[str, list[float]] = {f"{n}:{k}": [] for n in groups for k in ("gen", "floor")}
    for _ in range(repeat):
        for name, reports in groups.items():
            times[f"{name}:gen"].append(gen_pass(reports))
            times[f"{name}:floor"].append(floor_pass(floors[name]))
    return times


def report_per_draft(groups: dict[str, list[Any]], repeat: int) -> None:
    times = per_draft(groups, repeat)
    n = {name: len(r) for name, r in groups.items()}
    print(f"a. generate(report).to_text(), warm, against one precompiled Jinja2 template per report "
          f"({n['examples']} examples + {n['generated']} generated, {repeat} interleaved repeats)")
    for name in groups:
        g, f = times[f"{name}:gen"], times[f"{name}:floor"]
        print(f"  {name}: generate {span([x / n[name] for x in g])} per draft; "
              f"floor {span([x / n[name] for x in f], 1e6, 'µs')} per draft")
    rows = [("all", list(groups))] + [(f"{name} only", [name]) for name in groups]
    for label, names in rows:
        ratios = [sum(times[f"{k}:gen"][i] for k in names) / sum(times[f"{k}:floor"][i] for k in names)
                  for i in range(repeat)]
        print(ratio_line(f"generate / floor, {label}", ratios, 10, 15))


def report_unseen(reports: list[Any], chunks: int) -> None:
    """a'. The first draft of reports this process has never drafted: what a batch pays per input. The
    warm passes above repeat the same reports, and a rendered variant is remembered by its exact values, so
    they show the best case; here every chunk is timed on its first and only generate pass."""
    size = max(1, len(reports) // chunks)
    ratios, per = [], []
    for i in range(chunks):
        chunk = reports[i * size:(i + 1) * size]
        if not chunk:
            break
        start = time.perf_counter()
        texts = [narrative.generate(r).to_text() for r in chunk]
        first = time.perf_counter() - start
        floors = [floor_template(t) for t in texts]
        floor = min(floor_pass(floors) for _ in range(3))
        ratios.append(first / floor)
        per.append(first / len(chunk))
    print(f"a'. generate on reports never drafted before in this process ({len(reports)} generated, "
          f"{len(ratios)} chunks, each timed on its first pass)")
    print(f"  generate {span(per)} per draft")
    print(ratio_line("generate (first draft of a report) / floor", ratios, 10, 15))


# ---------------------------------------------------------------- b. RosaeNLG per output character

ROSAE_TEMPLATE = """\
p
  | 本年度，#{d.agency}
  synz
    syn
      | 认真贯彻落实《中华人民共和国政府信息公开条例》
    syn
      | 严格执行《中华人民共和国政府信息公开条例》
  | ，现将#{d.year}年度政府信息公开工作情况报告如下。
  if d.nd_issued > 0 || d.nd_repealed > 0
    | 全年制发行政规范性文件#{d.nd_issued}件，废止#{d.nd_repealed}件，现行有效#{d.nd_in_force}件。
  else if d.nd_in_force > 0
    | 本年度未制发或废止行政规范性文件，现行有效#{d.nd_in_force}件。
  else
    | 本年度未制发行政规范性文件。
  if d.decisions.length > 0
    | 全年作出
    eachz x in d.decisions with { separator: '、', last_separator: '和' }
      | #{x.label}决定#{x.n}件
    | 。
  else
    | 本年度未作出行政许可、行政处罚和行政强制决定。
  if d.fees != '0'
    | 收取行政事业性收费#{d.fees}万元。
p
  if d.new_total > 0
    | 本年度共收到政府信息公开申请#{d.new_total}件，其中
    eachz a in d.applicants with { separator: '、', last_separator: '和' }
      | #{a.label}#{a.n}件
    | 。
  else
    | 本年度未收到政府信息公开申请。
  if d.carried_over > 0
    | 另有上年结转申请#{d.carried_over}件。
  if d.done_total > 0
    | 本年度办结#{d.done_total}件，其中
    eachz r in d.results with { separator: '、', last_separator: '和' }
      | #{r.label}#{r.n}件
    | 。
  if d.carried_forward > 0
    | 结转下年度继续办理#{d.carried_forward}件。
p
  if d.review_total > 0
    | 因政府信息公开工作被申请行政复议#{d.review_total}件
    if d.review_corrected > 0
      | ，其中结果纠正#{d.review_corrected}件
    | 。
  else
    | 本年度未发生政府信息公开行政复议案件。
  if d.litigation_total > 0
    | 被提起行政诉讼#{d.litigation_total}件
    if d.litigation_corrected > 0
      | ，其中结果纠正#{d.litigation_corrected}件
    | 。
  else
    | 本年度未发生政府信息公开行政诉讼案件。
  synz
    syn
      | 下一步，将持续提升政府信息公开工作质量。
    syn
      | 今后将进一步规范政府信息公开工作。
"""

ROSAE_DRIVER = """\
// Compiles the template once, then on each stdin line "run" renders every report once and prints the
// nanoseconds of that pass; "chars" prints the characters of one pass's outputs (tags and whitespace removed).
const rosaenlg = require(process.argv[2] + '/node_modules/rosaenlg');
const fs = require('fs');
const readline = require('readline');
const data = JSON.parse(fs.readFileSync(process.argv[4], 'utf8'));
const fn = rosaenlg.compileFile(process.argv[3], {language: 'zh_CN'});
const render = (d) => fn({util: new rosaenlg.NlgLib({language: 'zh_CN'}), d});
for (let i = 0; i < 20; i++) for (const d of data) render(d);  // JIT warm-up
console.log('ready');
readline.createInterface({input: process.stdin}).on('line', (line) => {
  if (line === 'run') {
    const t = process.hrtime.bigint();
    for (const d of data) render(d);
    console.log(String(process.hrtime.bigint() - t));
  } else if (line === 'chars') {
    const texts = data.map(render).map((s) => s.replace(/<[^>]*>/g, '').replace(/\\s+/g, ''));
    console.log(JSON.stringify({chars: texts.reduce((a, s) => a + s.length, 0), sample: texts[0]}));
  } else {
    process.exit(0);
  }
});
"""

COLUMNS = {"natural_person": "自然人", "commercial_enterprise": "商业企业", "research_institution": "科研机构",
           "social_welfare_org": "社会公益组织", "legal_service_org": "法律服务机构", "other_org": "其他组织"}
RESULTS = {"disclosed": "予以公开", "partially_disclosed": "部分公开", "not_disclosed": "不予公开",
           "cannot_provide": "无法提供", "not_processed": "不予处理", "other": "其他处理"}


def _sum(row: Any) -> int:
    """A table-3 row's total, or a group's (sum over its rows); stated totals may be absent."""
    if all(hasattr(row, c) for c in COLUMNS):
        return sum(getattr(row, c) for c in COLUMNS)
    return sum(_sum(getattr(row, f)) for f in type(row).model_fields)


def _outcome(group: Any) -> tuple[int, int]:
    return group.upheld + group.corrected + group.other + group.pending, group.corrected


def _fees(amount: Any) -> str:
    try:
        from narrative.typography import format_decimal
        return format_decimal(amount)
    except Exception:  # the src is changing under this benchmark
        return str(amount)


def key_figures(report: Any) -> dict[str, Any]:
    """The figures the RosaeNLG template states, from a loaded report."""
    ad, apps, rl = report.active_disclosure, report.applications, report.review_litigation
    results = {k: _sum(getattr(apps.results, k)) for k in RESULTS}
    review, review_corrected = _outcome(rl.review)
    direct, direct_corrected = _outcome(rl.litigation_direct)
    after, after_corrected = _outcome(rl.litigation_after_review)
    decisions = [("行政许可", ad.licensing), ("行政处罚", ad.punishment), ("行政强制", ad.coercion)]
    return {
        "agency": report.agency.name, "year": report.year,
        "nd_issued": ad.normative_documents.issued, "nd_repealed": ad.normative_documents.repealed,
        "nd_in_force": ad.normative_documents.in_force,
        "decisions": [{"label": k, "n": v} for k, v in decisions if v],
        "fees": _fees(ad.administrative_fees),
        "new_total": _sum(apps.new_received),
        "applicants": [{"label": v, "n": getattr(apps.new_received, k)} for k, v in COLUMNS.items()
                       if getattr(apps.new_received, k)],
        "carried_over": _sum(apps.carried_over), "done_total": sum(results.values()),
        "results": [{"label": RESULTS[k], "n": v} for k, v in results.items() if v],
        "carried_forward": _sum(apps.carried_forward),
        "review_total": review, "review_corrected": review_corrected,
        "litigation_total": direct + after, "litigation_corrected": direct_corrected + after_corrected,
    }


def rosaenlg_install() -> tuple[Path | None, str]:
    """The cached RosaeNLG install, installing it first if needed; (None, why) when it cannot be had."""
    if (ROSAE_DIR / "node_modules" / "rosaenlg" / "package.json").exists():
        return ROSAE_DIR, f"cached at {ROSAE_DIR}"
    missing = [tool for tool in ("node", "npm") if shutil.which(tool) is None]
    if missing:
        return None, f"{' and '.join(missing)} not found"
    ROSAE_DIR.mkdir(parents=True, exist_ok=True)
    print(f"  installing rosaenlg@{ROSAE_VERSION} into {ROSAE_DIR} (once) …", flush=True)
    try:
        result = subprocess.run(["npm", "install", "--prefix", str(ROSAE_DIR), f"rosaenlg@{ROSAE_VERSION}",
                                 "--no-audit", "--no-fund"], capture_output=True, text=True, timeout=600)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return None, f"npm install failed: {exc}"
    if result.returncode or not (ROSAE_DIR / "node_modules" / "rosaenlg").exists():
        return None, f"npm install failed: {(result.stderr or result.stdout).strip()[-300:]}"
    return ROSAE_DIR, f"installed into {ROSAE_DIR}"


def report_rosaenlg(reports: list[Any], repeat: int) -> None:
    print(f"b. µs per output character against RosaeNLG {ROSAE_VERSION} (zh_CN, template compiled once, "
          f"{len(reports)} reports, {repeat} interleaved passes)")
    where, why = rosaenlg_install()
    if where is None:
        print(f"  SKIPPED: {why}")
        return
    work = Path(tempfile.mkdtemp(prefix="narrative-rosae-"))
    proc = None
    try:
        (work / "report.pug").write_text(ROSAE_TEMPLATE, encoding="utf-8")
        (work / "driver.js").write_text(ROSAE_DRIVER, encoding="utf-8")
        (work / "data.json").write_text(json.dumps([key_figures(r) for r in reports], ensure_ascii=False),
                                        encoding="utf-8")
        proc = subprocess.Popen(["node", str(work / "driver.js"), str(where), str(work / "report.pug"),
                                 str(work / "data.json")], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True, encoding="utf-8")
        assert proc.stdin and proc.stdout
        if proc.stdout.readline().strip() != "ready":
            print(f"  SKIPPED: the RosaeNLG driver failed: {proc.stderr.read()[-500:] if proc.stderr else ''}")
            return

        def ask(command: str) -> str:
            proc.stdin.write(command + "\n")
            proc.stdin.flush()
            return proc.stdout.readline().strip()

        theirs_chars = json.loads(ask("chars"))
        ours_chars = sum(len(SPACE.sub("", narrative.generate(r).to_text())) for r in reports)
        for r in reports:  # warm
            narrative.generate(r).to_text()
        ours, theirs = [], []
        for _ in range(repeat):
            ours.append(gen_pass(reports))
            theirs.append(int(ask("run")) / 1e9)
        n = len(reports)
        print(f"  RosaeNLG: {span([t / n for t in theirs], 1e6, 'µs')} per render, "
              f"{theirs_chars['chars'] / n:.0f} characters per output; e.g. {theirs_chars['sample'][:60]}…")
        print(f"  narrative: {span([t / n for t in ours], 1e6, 'µs')} per draft, {ours_chars / n:.0f} characters "
              f"per output (characters counted without whitespace or tags on both sides)")
        per_char = [(o / ours_chars) / (t / theirs_chars["chars"]) for o, t in zip(ours, theirs)]
        print(ratio_line("µs per character, narrative / RosaeNLG", per_char, 1, 1.5))
    finally:
        if proc is not None:
            try:
                proc.stdin.close()  # type: ignore[union-attr]
                proc.wait(timeout=10)
            except Exception:
                proc.kill()
        shutil.rmtree(work, ignore_errors=True)


# ---------------------------------------------------------------- c. the cold command

def once(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def report_cold(runs: int) -> None:
    example = str(ROOT / "examples" / "qingshan-county-2024.yaml")
    cli = [narrative_exe(), "draft", example]
    bare = [sys.executable, "-c", "import jinja2, pydantic, yaml"]
    print(f"c. cold `narrative draft examples/qingshan-county-2024.yaml` against bare "
          f"`python -c \"import jinja2, pydantic, yaml\"` ({runs} interleaved pairs)")
    import compileall

    # the package's bytecode, as `pip install` writes it (a checkout run with PYTHONDONTWRITEBYTECODE=1, as on
    # these machines, would otherwise compile every module on every cold run, and the bare import would not)
    compileall.compile_dir(str(Path(narrative.__file__).parent), quiet=1)
    once(cli), once(bare)  # the OS cache, not the interpreter, is warmed
    pairs = [(once(bare), once(cli)) for _ in range(runs)]
    print(f"  narrative draft: {span([c for _, c in pairs])}; bare import: {span([b for b, _ in pairs])}")
    print(ratio_line("cold draft / bare import (per pair)", [c / b for b, c in pairs], 1.5, 2))
    print(f"  ratio of the minima {min(c for _, c in pairs) / min(b for b, _ in pairs):.2f}x, of the medians "
          f"{statistics.median(c for _, c in pairs) / statistics.median(b for b, _ in pairs):.2f}x")
    code = f"import sys; sys.argv = ['narrative', 'draft', {example!r}]; from narrative.cli import main; sys.exit(main())"
    result = subprocess.run([sys.executable, "-X", "importtime", "-c", code], stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)
    rows = []
    for line in result.stderr.splitlines():
        if line.startswith("import time:") and "|" in line and "cumulative" not in line:
            self_us, cumulative, name = (part.strip() for part in line[len("import time:"):].split("|"))
            rows.append((int(cumulative), int(self_us), name))
    total = sum(s for _, s, _ in rows)
    print(f"  -X importtime of the cold draft: {len(rows)} modules, {total / 1e3:.0f} ms of imports in all; "
          f"top 10 by cumulative (self) ms:")
    for cumulative, self_us, name in sorted(rows, reverse=True)[:10]:
        print(f"    {cumulative / 1e3:7.1f} ({self_us / 1e3:5.1f})  {name}")
    heavy = sorted(((s, n) for _, s, n in rows), reverse=True)[:10]
    print("  top 10 by self ms: " + ", ".join(f"{n.strip()} {s / 1e3:.1f}" for s, n in heavy))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="fewer reports, repeats and runs (< 40 s)")
    parser.add_argument("--reports", type=int, help="generated reports besides the examples (default 300, quick 40)")
    parser.add_argument("--repeat", type=int, help="interleaved repeats of a and b (default 9, quick 5)")
    parser.add_argument("--runs", type=int, help="pairs of cold runs in c (default 20, quick 15)")
    parser.add_argument("--skip-rosaenlg", action="store_true")
    args = parser.parse_args()
    n = args.reports if args.reports is not None else 40 if args.quick else 300
    repeat = args.repeat or (5 if args.quick else 9)
    runs = args.runs or (15 if args.quick else 20)

    started = time.perf_counter()
    stamp("bench_generate" + (" --quick" if args.quick else ""))
    groups = {"examples": [narrative.load(p) for p in EXAMPLES],
              "generated": [narrative.load(d) for d in sample_documents(n, derandomize=True)]}
    report_per_draft(groups, repeat)
    unseen = [narrative.load(d) for d in sample_documents(n + 200, derandomize=True)[n:]]
    report_unseen(unseen, 5 if args.quick else 9)
    if args.skip_rosaenlg:
        print("b. RosaeNLG comparison SKIPPED (--skip-rosaenlg)")
    else:
        report_rosaenlg(groups["examples"] + groups["generated"], repeat)
    report_cold(runs)
    print(f"# done in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
