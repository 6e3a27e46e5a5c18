"""The ``narrative`` command: thin argument parsing over the public API, errors mapped to exit codes.

Exit codes: 0 success (warnings allowed), 1 an input has errors, 2 usage errors (bad flag, missing file).
No command prints a traceback for a user's mistake.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace
from collections.abc import Sequence
from typing import Any

from . import __version__
from .checks import check
from .findings import Finding, NarrativeError
from .loader import load
from .model import input_schema
from .skeleton import skeleton

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


def _cmd_schema(args: argparse.Namespace) -> int:
    schema = input_schema()
    print(json.dumps(schema, ensure_ascii=False, indent=2))
    return EXIT_OK


def _cmd_init(args: argparse.Namespace) -> int:
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
