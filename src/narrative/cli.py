"""The ``narrative`` command: thin argument parsing over the public API, errors mapped to exit codes.

Exit codes: 0 success (warnings allowed), 1 an input has errors, 2 usage errors (bad flag, missing file),
130 interrupted (Ctrl-C; no temporary file is left behind). No command prints a traceback for a user's
mistake, and no control character from a file name or key reaches the terminal unescaped.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from dataclasses import replace
from collections.abc import Callable, Sequence
from typing import Any

from . import __version__
from .checks import check
from .findings import Finding, NarrativeError
from .generate import generate
from .loader import load

EXIT_OK, EXIT_INVALID, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130
#: At most this many batch workers (``--jobs``).
MAX_JOBS = 256

# C0 and C1 controls, DEL, and the line/paragraph separators: printed as escapes, never raw (an ANSI
# sequence in a key or a file name must not drive the terminal; a newline must not fake a line).
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def terminal_safe(text: str) -> str:
    """``text`` with control characters shown as ``\\xNN`` / ``\\uNNNN`` escapes."""
    return _CONTROL.sub(lambda m: m.group(0).encode("unicode_escape").decode("ascii"), text)


def _say(text: str, stream: Any = None) -> None:
    print(terminal_safe(text), file=stream or sys.stdout)


def _integer(text: str) -> int:
    """An integer option of at most 20 digits (``int()`` of thousands of digits is slow, then refused
    with an error argparse itself cannot print)."""
    digits = text.strip().lstrip("+-")
    if not digits.isdigit() or len(digits) > 20:
        raise argparse.ArgumentTypeError(f"应为20位以内的整数：{text[:24]}{'…' if len(text) > 24 else ''}")
    return int(text)


class _Formatter(argparse.HelpFormatter):
    """Help in Chinese: 用法：, and every option's default said (never for a switch or an unset option)."""

    def add_usage(self, usage: Any, actions: Any, groups: Any, prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, prefix="用法：" if prefix is None else prefix)

    def _get_help_string(self, action: argparse.Action) -> str | None:
        text = action.help or ""
        if action.default not in (None, False, argparse.SUPPRESS) and "默认" not in text and action.option_strings:
            text += "（默认：%(default)s）"
        return text


_ARGPARSE_MESSAGES = (
    (re.compile(r"the following arguments are required: (.+)"), r"缺少必需的参数：\1"),
    (re.compile(r"argument (\S+): invalid choice: '(.*)' \(choose from (.*)\)"), r"参数 \1 的值“\2”无效，可选：\3"),
    (re.compile(r"argument (\S+): expected one argument"), r"参数 \1 需要一个值"),
    (re.compile(r"argument (\S+): (.*)"), r"参数 \1：\2"),
    (re.compile(r"unrecognized arguments: (.+)"), r"不认识的参数：\1"),
)


class _Parser(argparse.ArgumentParser):
    """argparse in Chinese: section titles, the help option, usage and the usage errors argparse writes."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = "参数"
        self._optionals.title = "选项"
        self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS, help="显示本帮助并退出")

    def error(self, message: str) -> None:  # argparse exits 2 on usage errors; keep that, in Chinese too
        for pattern, chinese in _ARGPARSE_MESSAGES:
            if pattern.fullmatch(message):
                message = pattern.sub(chinese, message)
                break
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"narrative: 用法错误：{message}\n")


def _build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="narrative", description="政府信息公开工作年度报告：输入核对与文稿起草")
    parser.add_argument("--version", action="version", version=f"narrative {__version__}", help="显示版本号并退出")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser, title="命令")

    p = sub.add_parser("check", help="核对输入文件（勾稽关系等），列出全部错误和警告")
    p.add_argument("files", nargs="+", metavar="FILE", help="输入文件（.yaml/.yml/.json/.toml），可给多个")
    p.add_argument("--format", choices=("text", "json"), default="text", help="输出格式：text=文字，json=供程序读取")
    p.add_argument("--strict", action="store_true", help="警告也按错误处理（退出码1）")
    p.set_defaults(func=_cmd_check)

    p = sub.add_parser("draft", help="起草报告文字（一、五、六部分；--full 为完整报告）")
    p.add_argument("files", nargs="+", metavar="FILE", help="输入文件；可给多个文件、目录或通配符（批量起草）")
    p.add_argument("-o", "--output", metavar="OUT",
                   help="写入文件（原子写入；已存在时需 --force）；批量起草时为输出目录")
    p.add_argument("--format", choices=("text", "markdown", "json", "html", "docx"), default=None,
                   help="输出格式；不给时按 -o 文件的扩展名（.txt .md .json .html .docx）决定，否则为 text")
    p.add_argument("--full", action="store_true", help="完整报告：标题、开头部分、六个部分和三张表")
    p.add_argument("--jobs", type=_integer, metavar="N", help="批量起草的并行进程数（默认全部核心）")
    p.add_argument("--seed", type=_integer, help="改变措辞（不改变事实）；默认由机关名称和年度决定")
    p.add_argument("--phrasebank", metavar="DIR", help="叠加在默认短语库之上的自定义短语库目录")
    p.add_argument("--explain", action="store_true", help="逐句标出短语 id、选用规则和所用输入字段")
    p.add_argument("--force", action="store_true", help="允许覆盖已存在的输出文件")
    p.add_argument("--strict", action="store_true",
                   help="草稿仍有【待补充：…】标记时不写入、退出码1（定稿前用）")
    p.add_argument("--against", metavar="LAST",
                   help="与上年度已发布的报告（.html/.txt/.docx/.pdf）比较：报告正文与上年重复的5字片段所占比例（评估以50%%为限）")
    p.set_defaults(func=_cmd_draft)

    p = sub.add_parser("phrasebank", help="短语库工具")
    bank_sub = p.add_subparsers(dest="bank_command", required=True, parser_class=_Parser)
    q = bank_sub.add_parser("lint", help="检查短语库（默认库，或叠加了 DIR 的库）")
    q.add_argument("dir", nargs="?", metavar="DIR")
    q.set_defaults(func=_cmd_lint)

    p = sub.add_parser("schema", help="输出输入格式的 JSON Schema（--output：草稿 JSON 输出的 Schema）")
    p.add_argument("--output", action="store_true", help="输出 narrative draft --format json 的 JSON Schema")
    p.set_defaults(func=_cmd_schema)

    p = sub.add_parser("init", help="输出一份带中文注释的输入模板（YAML），或按官方表格式填报的 Excel 工作簿")
    p.add_argument("--kind", choices=("government", "department", "authorized_org"), default="government",
                   help="机关类别：government=人民政府（含乡镇、街道），department=政府部门，authorized_org=法律法规授权组织")
    p.add_argument("--level", choices=("province", "city", "county", "township"), default="township",
                   help="行政层级：province=省级，city=市级，county=县级，township=乡镇（街道）级")
    p.add_argument("--name", help="机关全称")
    p.add_argument("--year", type=_integer, help="报告年度")
    p.add_argument("--format", choices=("yaml", "xlsx"), default=None,
                   help="yaml：带注释的 YAML 模板（默认）；xlsx：Excel 工作簿（表二、表三、表四按官方格式，需 -o）；"
                        "不给时按 -o 的后缀决定")
    p.add_argument("--from", dest="source", metavar="LAST",
                   help="由上年度的输入文件（.yaml/.json/.toml/.xlsx/.docx）或已发布的报告（.html/.txt/.pdf）生成下一年度的输入"
                        "（YAML，或 -o 某.xlsx 时为工作簿）：沿用机关信息，链接上年度，上年度的问题及其措施列入 problems.previous"
                        "（措施作为 planned 供对照），表格留空")
    p.add_argument("-o", "--output", metavar="OUT", help="写入文件（原子写入；已存在时需 --force）；不给则输出到屏幕")
    p.add_argument("--force", action="store_true", help="允许覆盖已存在的输出文件")
    p.set_defaults(func=_cmd_init)

    p = sub.add_parser("convert", help="在 YAML、JSON、TOML 和 Excel 工作簿（.xlsx）之间转换输入文件",
                       description="读取并核对 FILE，按 OUT 的后缀（.yaml/.yml、.json、.toml、.xlsx）写出同一份输入。"
                                   "上年度文件（previous_year）保持为相对路径；转成工作簿时，内嵌的上年度输入另存为"
                                   "“OUT名-年度.xlsx”并链接。")
    p.add_argument("file", metavar="FILE", help="输入文件（.yaml/.yml、.json、.toml 或 .xlsx）")
    p.add_argument("-o", "--output", metavar="OUT", required=True, help="输出文件，格式由后缀决定")
    p.add_argument("--force", action="store_true", help="允许覆盖已存在的输出文件")
    p.set_defaults(func=_cmd_convert)

    p = sub.add_parser("import", help="读取已发布的年度报告（网页、抓取文本、Word、PDF），转为输入文件（YAML；--format json 附每个数值的出处）")
    p.add_argument("report", metavar="REPORT", help="已发布的年度报告：网页（.html/.htm）、抓取文本（.txt）、Word（.docx）或 PDF（.pdf）")
    p.add_argument("-o", "--output", metavar="OUT", help="写入文件（原子写入；已存在时需 --force）；不给则输出到屏幕")
    p.add_argument("--format", choices=("yaml", "json"), default="yaml",
                   help="yaml：输入文件（默认）；json：读到的数值及其出处（表、行、列或句子）和发现的问题")
    p.add_argument("--force", action="store_true", help="允许覆盖已存在的输出文件")
    p.set_defaults(func=_cmd_import)

    p = sub.add_parser("audit", help="审查已发布的年度报告（结构、勾稽关系、正文与表格、与上年和其他单位的重复、发布期限）",
                       description="逐份审查年度报告：六个部分的标题和顺序、一的五个方面、各级序号、六的信息处理费说明；"
                                   "表格的勾稽关系（有上年度报告时也核对跨年度关系）；正文中的数字与表格；"
                                   "上年度问题是否逐项说明、措施是否照抄、与上年度报告的重复率；目录中各单位之间的重复（雷同）；"
                                   "页面上有发布日期时核对法定期限。有错误时退出码为1。")
    p.add_argument("reports", nargs="+", metavar="REPORT",
                   help="已发布的报告（.html/.htm/.txt/.docx/.pdf），或包含报告的目录，可给多个")
    p.add_argument("--previous", action="append", metavar="LAST",
                   help="上年度的报告或目录（按单位名称和年度对应）；同时审查的报告中有上一年度的，也自动对应")
    p.add_argument("--input", metavar="FILE",
                   help="审查本工具起草的草稿：REPORT 为草稿（.txt/.md/.html/.docx），表格取自这份输入文件")
    p.add_argument("--format", choices=("text", "json", "html"), default=None,
                   help="text=文字（默认），json=供程序读取，html=供打印的审查页面；不给时按 -o 的后缀决定")
    p.add_argument("-o", "--output", metavar="OUT", help="写入文件（原子写入；已存在时需 --force）；不给则输出到屏幕")
    p.add_argument("--force", action="store_true", help="允许覆盖已存在的输出文件")
    p.set_defaults(func=_cmd_audit)
    return parser


def _cmd_audit(args: argparse.Namespace) -> int:
    """Audit published reports (or one draft against its input): findings as text, JSON or an HTML page;
    exit 1 when any error."""
    from .audit import AuditRun, audit_paths

    fmt = args.format
    suffix = os.path.splitext(args.output or "")[1].lower()
    by_suffix = {".json": "json", ".html": "html", ".htm": "html", ".txt": "text"}.get(suffix)
    if fmt and by_suffix and fmt != by_suffix:
        _say(f"narrative: 用法错误：--format {fmt} 与输出文件后缀 {suffix} 不一致", sys.stderr)
        return EXIT_USAGE
    fmt = fmt or by_suffix or "text"
    for path in args.reports + (args.previous or []) + ([args.input] if args.input else []):
        if not os.path.exists(path):
            _say(f"narrative: 找不到：{terminal_safe(path)}", sys.stderr)
            return EXIT_USAGE
    if args.output and not args.force and os.path.exists(args.output):
        return _exists(args.output)
    try:
        if args.input:
            if len(args.reports) != 1:
                _say("narrative: 用法错误：--input 只能和一份草稿一起审查", sys.stderr)
                return EXIT_USAGE
            from .audit import audit_draft_file

            run = AuditRun([audit_draft_file(args.input, args.reports[0])])
        else:
            run = audit_paths(args.reports, args.previous)
    except NarrativeError as exc:
        _print_findings(exc.findings, sys.stderr)
        return EXIT_INVALID
    if not run.audits and not run.unread:
        _say("narrative: 没有找到可以审查的报告（.html/.htm/.txt/.docx/.pdf）", sys.stderr)
        return EXIT_USAGE
    from .auditreport import to_html, to_json, to_text

    text = {"json": to_json, "html": to_html}[fmt](run) if fmt != "text" else to_text(run, terminal_safe)
    status = EXIT_INVALID if run.errors else EXIT_OK
    if not args.output:
        sys.stdout.write(text)
        return status
    from .output import write_atomic

    written = _written(args.output, lambda: write_atomic(args.output, text, overwrite=args.force))
    if written == EXIT_OK:
        _say(f"narrative: 审查{len(run.audits)}份报告，{run.errors}处错误；结果写入 {terminal_safe(args.output)}",
             sys.stderr)
    return written if written != EXIT_OK else status


def _cmd_import(args: argparse.Namespace) -> int:
    """A published report → an input: written even when its tables break a 勾稽 rule (the findings say
    where), never when a figure cannot be read."""
    import json

    from .importer import read_report, to_yaml

    if args.output and not args.force and os.path.exists(args.output):
        _say(f"narrative: 输出文件已存在，未覆盖：{args.output}（确需覆盖请加 --force）", sys.stderr)
        return EXIT_USAGE
    try:
        reading = read_report(args.report)
    except NarrativeError as exc:
        _print_findings(exc.findings, sys.stderr)
        missing = any(f.code in ("L-NOT-FOUND", "L-FORMAT") for f in exc.findings)
        _say(f"narrative: 未导入：{args.report} 有无法确定的内容，未写入任何文件", sys.stderr)
        return EXIT_USAGE if missing else EXIT_INVALID
    findings = reading.findings + reading.check()
    _print_findings(findings, sys.stderr)
    text = json.dumps({**reading.to_dict(), "findings": [f.to_dict() for f in findings]}, ensure_ascii=False,
                      indent=2) + "\n" if args.format == "json" else to_yaml(reading, args.report, findings)
    if not args.output:
        sys.stdout.write(text)
        return EXIT_OK
    from .output import write_atomic

    return _written(args.output, lambda: write_atomic(args.output, text, overwrite=args.force))


def _written(path: str, write: Callable[[], None]) -> int:
    """Run one output write and map its failures to messages and exit codes (nothing partial is left)."""
    from .output import NotReplaceable

    try:
        write()
    except NotReplaceable:
        _say(f"narrative: 未覆盖：{path} 不是普通文件或符号链接（目录、设备、管道等），--force 也不替换", sys.stderr)
        return EXIT_USAGE
    except FileExistsError as exc:  # a writer that checks several targets first names the one that exists
        return _exists(exc.args[0] if len(exc.args) == 1 and isinstance(exc.args[0], str) else path)
    except OSError as exc:
        _say(f"narrative: 无法写入 {path}：{exc.strerror}", sys.stderr)
        return EXIT_USAGE
    return EXIT_OK


def _check_one(path: str) -> tuple[list[Finding], bool]:
    """Findings for one file, and whether the file was missing (a usage error)."""
    try:
        report = load(path)
    except NarrativeError as exc:
        missing = any(f.code == "L-NOT-FOUND" and f.location.file == path for f in exc.findings)
        return exc.findings, missing
    findings = check(report)
    located = [f if f.location.file else replace(f, location=replace(f.location, file=path)) for f in findings]
    return located, False


def _cmd_check(args: argparse.Namespace) -> int:
    status = EXIT_OK
    results: list[dict[str, Any]] = []
    for path in args.files:
        findings, missing = _check_one(path)
        errors = [f for f in findings if f.is_error or args.strict]
        if missing:
            status = EXIT_USAGE
        elif errors and status == EXIT_OK:
            status = EXIT_INVALID
        if args.format == "json":
            results.append({"file": path, "ok": not errors, "findings": [f.to_dict() for f in findings]})
            continue
        for f in findings:
            _say(f.format())
        n_err = sum(f.is_error for f in findings)
        n_warn = len(findings) - n_err
        verdict = "未通过" if errors else "通过"
        _say(f"{path}：{verdict}（{n_err}个错误，{n_warn}个警告）")
    if args.format == "json":
        text = json.dumps(results, ensure_ascii=False, indent=2)  # C0 controls are escaped; C1 and DEL too:
        print(re.sub("[\x7f-\x9f\u2028\u2029]", lambda m: f"\\u{ord(m.group(0)):04x}", text))
    return status


def _print_findings(findings: list[Finding], stream: Any) -> None:
    for finding in findings:
        _say(finding.format(), stream)


#: An output file's extension → the format it is written in (``-o 报告.docx`` needs no --format).
FORMAT_BY_SUFFIX = {".txt": "text", ".md": "markdown", ".markdown": "markdown", ".json": "json", ".html": "html",
                    ".htm": "html", ".docx": "docx"}


def _draft_format(args: argparse.Namespace) -> str | None:
    """The output format: --format, else the -o file's extension, else text; None (a usage error, said) when
    the two disagree — never a text file named .docx."""
    suffix = os.path.splitext(args.output)[1].lower() if args.output and not os.path.isdir(args.output) else ""
    by_suffix = FORMAT_BY_SUFFIX.get(suffix)
    if args.format and by_suffix and args.format != by_suffix:
        print(f"narrative: 用法错误：--format {args.format} 与输出文件的扩展名 {suffix} 不符"
              f"（{suffix} 应为 --format {by_suffix}）", file=sys.stderr)
        return None
    return args.format or by_suffix or "text"


def _cmd_draft(args: argparse.Namespace) -> int:
    fmt = _draft_format(args)
    if fmt is None:
        return EXIT_USAGE
    args.format = fmt
    if args.explain and args.format != "text":
        print("narrative: 用法错误：--explain 只用于 --format text（json 输出本身带有出处）", file=sys.stderr)
        return EXIT_USAGE
    from .batch import expand

    inputs, unmatched = expand(args.files)
    if args.output is not None and "\x00" in args.output:
        print("narrative: 用法错误：-o 的路径含空字符", file=sys.stderr)
        return EXIT_USAGE
    if args.seed is not None and args.seed.bit_length() > 64:
        print("narrative: 用法错误：--seed 应为 64 位以内的整数", file=sys.stderr)
        return EXIT_USAGE
    if args.jobs is not None and not 1 <= args.jobs <= MAX_JOBS:
        print(f"narrative: 用法错误：--jobs 应为 1 到 {MAX_JOBS} 之间的整数，实际为 {args.jobs}", file=sys.stderr)
        return EXIT_USAGE
    for arg in unmatched:
        _say(f"{arg}: error L-NOT-FOUND：找不到输入文件（或通配符没有匹配到 .yaml/.yml/.json/.toml/.xlsx 文件）",
             sys.stderr)
    if unmatched:
        if not inputs:
            return EXIT_USAGE
    is_batch = len(args.files) > 1 or len(inputs) > 1 or any(os.path.isdir(f) for f in args.files) \
        or (args.output is not None and os.path.isdir(args.output))
    if is_batch:
        return _draft_batch(args, inputs, EXIT_INVALID if unmatched else EXIT_OK)
    if args.format == "docx" and not args.output:
        print("narrative: 用法错误：--format docx 需要用 -o 指定输出文件", file=sys.stderr)
        return EXIT_USAGE
    if args.output and not args.force and os.path.lexists(args.output):
        _say(f"narrative: 输出文件已存在，未覆盖：{args.output}（确需覆盖请加 --force）", sys.stderr)
        return EXIT_USAGE
    source = inputs[0] if inputs else args.files[0]  # a quoted glob that matched one file: that file
    try:
        draft = generate(source, seed=args.seed, phrasebank=args.phrasebank, full=args.full)
    except NarrativeError as exc:
        _print_findings(exc.findings, sys.stderr)
        missing = any(f.code in ("L-NOT-FOUND", "P-NOT-FOUND") for f in exc.findings)
        _say(f"narrative: 未起草：{source} 有错误，未写入任何文件", sys.stderr)
        return EXIT_USAGE if missing else EXIT_INVALID
    _print_findings(list(draft.warnings), sys.stderr)
    if args.against:
        from .overlap import against_published

        try:
            share, finding = against_published(draft, args.against)
        except NarrativeError as exc:
            _print_findings(exc.findings, sys.stderr)
            return EXIT_USAGE
        _say(f"与上年度已发布报告（{args.against}）的正文相比，草稿正文的5字片段有{share:.1%}重复（评估以50%为限）",
             sys.stderr)
        if finding is not None:
            _print_findings([finding], sys.stderr)
    if args.strict and draft.todos():
        print(f"{args.files[0]}: error D-STRICT：草稿仍有{len(draft.todos())}处【待补充：…】标记（见上方 D-TODO），"
              "--strict 下未输出、未写入任何文件", file=sys.stderr)
        return EXIT_INVALID
    if not args.output:
        sys.stdout.write(draft.to_text(explain=args.explain) if args.format == "text" else _render(draft, args.format))
        return EXIT_OK
    from .batch import render_to

    return _written(args.output, lambda: render_to(draft, args.format, args.output, args.force))


def _render(draft: Any, fmt: str) -> str:
    return {"markdown": draft.to_markdown, "json": draft.to_json, "html": draft.to_html, "text": draft.to_text}[fmt]()


def _draft_batch(args: argparse.Namespace, inputs: list[Any], status: int) -> int:
    """Several inputs into an output directory: all cores, never stops on a bad input, lists failures."""
    from .batch import Job, Progress, plan_outputs, run

    if not args.output:
        print("narrative: 用法错误：批量起草需要用 -o 指定输出目录", file=sys.stderr)
        return EXIT_USAGE
    if args.explain:
        print("narrative: 用法错误：--explain 只用于单个输入", file=sys.stderr)
        return EXIT_USAGE
    outdir = args.output
    if os.path.exists(outdir) and not os.path.isdir(outdir):
        _say(f"narrative: 用法错误：{outdir} 不是目录", sys.stderr)
        return EXIT_USAGE
    targets, clashes = plan_outputs(inputs, outdir, args.format)
    if clashes:
        _say("narrative: 用法错误：输出文件名冲突：\n  " + "\n  ".join(clashes), sys.stderr)
        return EXIT_USAGE
    try:
        os.makedirs(outdir, exist_ok=True)
    except OSError as exc:
        _say(f"narrative: 无法创建输出目录 {outdir}：{exc.strerror}", sys.stderr)
        return EXIT_USAGE
    jobs = (Job(src, dst, args.format, args.full, args.seed, args.phrasebank, args.force, args.strict)
            for src, dst in zip(inputs, targets))  # made one at a time as the workers take them
    progress = Progress(len(inputs))
    failures = []
    drafted = 0
    for outcome in run(jobs, workers=args.jobs, progress=progress, count=len(inputs)):
        if outcome.ok:
            drafted += 1
        else:
            failures.append(outcome)
    progress.close()
    if drafted:
        os.sync()  # one flush for the whole batch instead of one per file
    for failure in sorted(failures, key=lambda o: o.source):
        _say(f"{failure.source}：{failure.reason}", sys.stderr)
    _say(f"narrative: 已起草{drafted}份，失败{len(failures)}份，输出目录 {outdir}", sys.stderr)
    return EXIT_INVALID if failures else status


def _cmd_lint(args: argparse.Namespace) -> int:
    from .lint import lint  # only this command needs the linter

    try:
        findings = lint(args.dir)
    except NarrativeError as exc:
        findings = exc.findings
    _print_findings(findings, sys.stdout)
    errors = sum(f.is_error for f in findings)
    print(f"短语库检查：{errors}个错误，{len(findings) - errors}个警告")
    if any(f.code == "P-NOT-FOUND" for f in findings):
        return EXIT_USAGE
    return EXIT_INVALID if errors else EXIT_OK


def _cmd_schema(args: argparse.Namespace) -> int:
    if args.output:
        from .output_schema import output_schema

        schema = output_schema()
    else:
        from .model import input_schema

        schema = input_schema()
    print(json.dumps(schema, ensure_ascii=False, indent=2))
    return EXIT_OK


def _exists(path: str) -> int:
    print(f"narrative: 输出文件已存在，未覆盖：{path}（确需覆盖请加 --force）", file=sys.stderr)
    return EXIT_USAGE


def _cmd_init(args: argparse.Namespace) -> int:
    from .output import write_atomic_bytes

    if args.name is not None and (not args.name.strip() or _CONTROL.search(args.name)):
        print("narrative: 用法错误：--name 应为机关全称，不能为空，也不能含控制字符", file=sys.stderr)
        return EXIT_USAGE
    if args.year is not None and not 2008 <= args.year <= 2100:
        print("narrative: 用法错误：--year 应为 2008 至 2100 之间的年份", file=sys.stderr)
        return EXIT_USAGE
    fmt = args.format
    suffix = os.path.splitext(args.output or "")[1].lower()
    if fmt is None:
        fmt = "xlsx" if suffix == ".xlsx" else "yaml"
    if fmt == "xlsx" and not args.output:
        print("narrative: 用法错误：--format xlsx 需要用 -o 指定输出文件（如 -o 2025.xlsx）", file=sys.stderr)
        return EXIT_USAGE
    expected = (".xlsx",) if fmt == "xlsx" else (".yaml", ".yml")
    if args.output and suffix not in expected:
        print(f"narrative: 用法错误：--format {fmt} 的输出文件后缀应为 {' 或 '.join(expected)}，实际为“{suffix or '无后缀'}”",
              file=sys.stderr)
        return EXIT_USAGE
    if args.output and not args.force and os.path.exists(args.output):
        return _exists(args.output)
    extra: list[tuple[str, bytes]] = []  # files written beside the output (last year's workbook)
    if args.source is not None:  # next year's input from last year's
        from .skeleton import next_year, next_year_workbook

        try:
            if fmt == "xlsx":
                (_, data), *extra = next_year_workbook(args.source, args.output)
            else:
                text = next_year(args.source, args.output)
        except NarrativeError as exc:
            _print_findings(exc.findings, sys.stderr)
            _say(f"narrative: 未生成：上年度的 {args.source} 无法读取，未写入任何文件", sys.stderr)
            return EXIT_INVALID if not any(f.code in ("L-NOT-FOUND", "L-FORMAT") for f in exc.findings) \
                else EXIT_USAGE
        if fmt != "xlsx":
            if not args.output:
                sys.stdout.write(text)
                return EXIT_OK
            data = text.encode("utf-8")
        if not args.force:
            for path, _ in extra:
                if os.path.exists(path):
                    return _exists(path)
    elif fmt == "xlsx":
        from .workbook import write_workbook

        doc = {"agency": {"name": args.name, "kind": args.kind, "level": args.level}, "year": args.year}
        data = write_workbook(doc, blank_zeros=True)
    else:
        from .skeleton import skeleton

        text = skeleton(kind=args.kind, level=args.level, name=args.name, year=args.year)
        if not args.output:
            sys.stdout.write(text)
            return EXIT_OK
        data = text.encode("utf-8")
    for path, content in extra:
        status = _written(path, lambda: write_atomic_bytes(path, content, overwrite=args.force))
        if status != EXIT_OK:
            return status
        _say(f"narrative: 已写入 {path}（上年度报告，由本年度的工作簿链接）", sys.stderr)
    status = _written(args.output, lambda: write_atomic_bytes(args.output, data, overwrite=args.force))
    if status != EXIT_OK:
        return status
    _say(f"narrative: 已写入 {args.output}；填好后运行 narrative check {args.output} 核对", sys.stderr)
    return EXIT_OK


def _cmd_convert(args: argparse.Namespace) -> int:
    from .convert import convert, output_format

    if output_format(args.output) is None:
        print(f"narrative: 用法错误：无法识别的输出格式“{os.path.splitext(args.output)[1] or '无后缀'}”，"
              "应为 .yaml、.yml、.json、.toml 或 .xlsx", file=sys.stderr)
        return EXIT_USAGE
    if os.path.abspath(args.output) == os.path.abspath(args.file):
        print("narrative: 用法错误：输出文件不能是输入文件本身", file=sys.stderr)
        return EXIT_USAGE
    written: list[str] = []
    try:
        status = _written(args.output, lambda: written.extend(convert(args.file, args.output, force=args.force)))
    except NarrativeError as exc:
        _print_findings(exc.findings, sys.stderr)
        missing = any(f.code == "L-NOT-FOUND" and f.location.file == args.file for f in exc.findings)
        print(f"narrative: 未转换：{args.file} 有错误，未写入任何文件", file=sys.stderr)
        return EXIT_USAGE if missing else EXIT_INVALID
    if status != EXIT_OK:
        return status
    for path in written:
        print(f"narrative: 已写入 {path}", file=sys.stderr)
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script; returns the exit code."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(encoding="utf-8", errors="backslashreplace")  # a non-UTF-8 file name still prints
    args = _build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except BrokenPipeError:  # e.g. `narrative init | head`
        return EXIT_OK
    except KeyboardInterrupt:  # workers are stopped and temporary files removed on the way out
        print("\nnarrative: 已中断", file=sys.stderr)
        return EXIT_INTERRUPTED


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
