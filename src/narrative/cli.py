"""The ``narrative`` command: thin argument parsing over the public API, errors mapped to exit codes.

Exit codes: 0 success (warnings allowed), 1 an input has errors, 2 usage errors (bad flag, missing file).
No command prints a traceback for a user's mistake.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from dataclasses import replace
from collections.abc import Sequence
from typing import Any

from . import __version__
from .checks import check
from .findings import Finding, NarrativeError
from .generate import generate
from .loader import load

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse exits 2 on usage errors; keep that, in Chinese too
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"narrative: 用法错误：{message}\n")


def _build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="narrative", description="政府信息公开工作年度报告：输入核对与文稿起草")
    parser.add_argument("--version", action="version", version=f"narrative {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    p = sub.add_parser("check", help="核对输入文件（勾稽关系等），列出全部错误和警告")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--strict", action="store_true", help="警告也按错误处理（退出码1）")
    p.set_defaults(func=_cmd_check)

    p = sub.add_parser("draft", help="起草报告文字（一、五、六部分）")
    p.add_argument("file", metavar="FILE")
    p.add_argument("-o", "--output", metavar="OUT", help="写入文件（原子写入；已存在时需 --force）")
    p.add_argument("--format", choices=("text", "markdown", "json"), default="text")
    p.add_argument("--seed", type=int, help="改变措辞（不改变事实）；默认由机关名称和年度决定")
    p.add_argument("--phrasebank", metavar="DIR", help="叠加在默认短语库之上的自定义短语库目录")
    p.add_argument("--explain", action="store_true", help="逐句标出短语 id、选用规则和所用输入字段")
    p.add_argument("--force", action="store_true", help="允许覆盖已存在的输出文件")
    p.set_defaults(func=_cmd_draft)

    p = sub.add_parser("phrasebank", help="短语库工具")
    bank_sub = p.add_subparsers(dest="bank_command", required=True, parser_class=_Parser)
    q = bank_sub.add_parser("lint", help="检查短语库（默认库，或叠加了 DIR 的库）")
    q.add_argument("dir", nargs="?", metavar="DIR")
    q.set_defaults(func=_cmd_lint)

    p = sub.add_parser("schema", help="输出输入格式的 JSON Schema")
    p.set_defaults(func=_cmd_schema)

    p = sub.add_parser("init", help="输出一份带中文注释的输入模板（YAML）")
    p.add_argument("--kind", choices=("government", "department", "authorized_org"), default="government")
    p.add_argument("--level", choices=("province", "city", "county", "township"), default="township")
    p.add_argument("--name", help="机关全称")
    p.add_argument("--year", type=int, help="报告年度")
    p.set_defaults(func=_cmd_init)
    return parser


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
            print(f.format())
        n_err = sum(f.is_error for f in findings)
        n_warn = len(findings) - n_err
        verdict = "未通过" if errors else "通过"
        print(f"{path}：{verdict}（{n_err}个错误，{n_warn}个警告）")
    if args.format == "json":
        print(json.dumps(results, ensure_ascii=False, indent=2))
    return status


def _print_findings(findings: list[Finding], stream: Any) -> None:
    for finding in findings:
        print(finding.format(), file=stream)


def _cmd_draft(args: argparse.Namespace) -> int:
    if args.explain and args.format != "text":
        print("narrative: 用法错误：--explain 只用于 --format text（json 输出本身带有出处）", file=sys.stderr)
        return EXIT_USAGE
    if args.output and not args.force and os.path.exists(args.output):
        print(f"narrative: 输出文件已存在，未覆盖：{args.output}（确需覆盖请加 --force）", file=sys.stderr)
        return EXIT_USAGE
    try:
        draft = generate(args.file, seed=args.seed, phrasebank=args.phrasebank)
    except NarrativeError as exc:
        _print_findings(exc.findings, sys.stderr)
        missing = any(f.code in ("L-NOT-FOUND", "P-NOT-FOUND") for f in exc.findings)
        print(f"narrative: 未起草：{args.file} 有错误，未写入任何文件", file=sys.stderr)
        return EXIT_USAGE if missing else EXIT_INVALID
    _print_findings(list(draft.warnings), sys.stderr)
    if args.format == "json":
        text = draft.to_json()
    elif args.format == "markdown":
        text = draft.to_markdown()
    else:
        text = draft.to_text(explain=args.explain)
    if not args.output:
        sys.stdout.write(text)
        return EXIT_OK
    try:
        write_atomic(args.output, text, overwrite=args.force)
    except FileExistsError:
        print(f"narrative: 输出文件已存在，未覆盖：{args.output}（确需覆盖请加 --force）", file=sys.stderr)
        return EXIT_USAGE
    except OSError as exc:
        print(f"narrative: 无法写入 {args.output}：{exc.strerror}", file=sys.stderr)
        return EXIT_USAGE
    return EXIT_OK


def write_atomic(path: str, text: str, overwrite: bool = False) -> None:
    """Write ``text`` so that ``path`` is either untouched or complete: a temporary file in the same
    directory, then a rename (``overwrite``) or a hard link that fails if ``path`` exists (no clobbering,
    even against a file created meanwhile)."""
    directory = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".narrative-", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        if overwrite:
            os.replace(tmp, path)
        else:
            os.link(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


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
    from .model import input_schema

    schema = input_schema()
    print(json.dumps(schema, ensure_ascii=False, indent=2))
    return EXIT_OK


def _cmd_init(args: argparse.Namespace) -> int:
    from .skeleton import skeleton

    sys.stdout.write(skeleton(kind=args.kind, level=args.level, name=args.name, year=args.year))
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script; returns the exit code."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(encoding="utf-8")
    args = _build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except BrokenPipeError:  # e.g. `narrative init | head`
        return EXIT_OK
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
