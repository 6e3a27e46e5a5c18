"""``narrative convert``: an input moved between YAML, JSON, TOML and the workbook, facts unchanged.

The input is loaded (so only a valid input is converted, and its findings are reported otherwise), then
written in the format its output suffix names. ``previous_year`` stays a link: a path is rebased to the
output's directory; an inline last year is kept inline in YAML/JSON/TOML and, since a workbook cannot hold
last year, written next to a workbook output as ``<name>-<year>.xlsx`` and linked.

Stated totals are kept in YAML/JSON/TOML; in a workbook every total is a formula (a valid input's stated
totals equal the sums, so nothing is lost).
"""

from __future__ import annotations

import json
import os
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel

from .findings import Finding, Location, NarrativeError
from .loader import SUFFIXES, load, read_file
from .model import ReportInput

FORMATS = {".yaml": "yaml", ".yml": "yaml", ".json": "json", ".toml": "toml", ".xlsx": "xlsx"}


def output_format(path: str | os.PathLike[str]) -> str | None:
    """The format an output path's suffix names, or None."""
    return FORMATS.get(Path(path).suffix.lower())


def compact(report: ReportInput) -> dict[str, Any]:
    """The report as a document without defaults (absent is zero or not given), ``schema_version`` first."""
    doc = report.model_dump(exclude_defaults=True, exclude={"previous_year"})
    return {"schema_version": 1, **{k: v for k, v in doc.items() if k != "schema_version"}}


def _plain(value: Any) -> Any:
    """Decimals as text (exact, and the loader accepts decimal text), recursively."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


# ---------------------------------------------------------------- writers


def to_json(doc: dict[str, Any]) -> str:
    return json.dumps(_plain(doc), ensure_ascii=False, indent=2) + "\n"


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{k} = {_toml_value(v)}" for k, v in value.items() if v is not None) + " }"
    raise TypeError(f"cannot write {type(value).__name__} to TOML")  # pragma: no cover - documents are plain


def to_toml(doc: dict[str, Any]) -> str:
    """TOML (tables for mappings, inline tables inside lists; TOML has no null, so None is left out)."""
    lines: list[str] = []

    def emit(table: dict[str, Any], prefix: tuple[str, ...]) -> None:
        scalars = {k: v for k, v in table.items() if not isinstance(v, dict) and v is not None}
        tables = {k: v for k, v in table.items() if isinstance(v, dict)}
        if prefix and (scalars or not tables):
            lines.append("")
            lines.append(f"[{'.'.join(prefix)}]")
        for key, value in scalars.items():
            lines.append(f"{key} = {_toml_value(value)}")
        for key, value in tables.items():
            emit(value, prefix + (key,))

    emit(_plain(doc), ())
    return "\n".join(lines).lstrip("\n") + "\n"


def to_yaml(report: ReportInput, doc: dict[str, Any]) -> str:
    """YAML with the official label of every key as a comment (like ``narrative init``), values from ``doc``."""
    from .skeleton import _line, _NOTES
    from .labels import _submodel

    out = ["# 政府信息公开工作年度报告输入（narrative 输入格式第1版），由 narrative convert 生成",
           "# 表格中未写出的行、列均按0计；未写出的文字事实表示未提供。"]
    plain = _plain(doc)

    def emit(model: type[BaseModel], values: dict[str, Any], indent: int) -> None:
        for name, field in model.model_fields.items():
            if name not in values:
                continue
            value = values[name]
            sub = _submodel(field.annotation)
            if indent == 0 and name in _NOTES:
                out.append(f"# {_NOTES[name]}")
            if isinstance(value, dict) and sub is not None and value:
                out.append(_line(indent, f"{name}:", field.title))
                emit(sub, value, indent + 1)
            elif isinstance(value, list) and value and any(isinstance(v, dict) for v in value):
                out.append(_line(indent, f"{name}:", field.title))
                block = yaml.safe_dump(value, allow_unicode=True, sort_keys=False, default_flow_style=False, width=1000)
                out.extend("  " * (indent + 1) + line for line in block.rstrip("\n").split("\n"))
            else:
                text = yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=1000).strip()
                text = text.removesuffix("\n...").removesuffix("...").strip()
                out.append(_line(indent, f"{name}: {text}", field.title))

    emit(ReportInput, plain, 0)
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------- convert


def _fail(code: str, message: str, file: str) -> NarrativeError:
    return NarrativeError([Finding(code, "error", Location(file=file), message)])


def render(report: ReportInput, fmt: str, previous: str | dict[str, Any] | None) -> bytes:
    """The bytes of ``report`` in ``fmt`` with ``previous_year`` as a path or (not for xlsx) a document."""
    if fmt == "xlsx":
        from .workbook import document, write_workbook

        assert not isinstance(previous, dict)
        return write_workbook(document(report), previous=previous)
    doc = compact(report)
    if previous is not None:
        doc["previous_year"] = previous
    if fmt == "json":
        return to_json(doc).encode("utf-8")
    if fmt == "toml":
        return to_toml(doc).encode("utf-8")
    return to_yaml(report, doc).encode("utf-8")


def _inline(report: ReportInput) -> dict[str, Any]:
    doc = compact(report)
    if report.previous_year is not None:
        doc["previous_year"] = _inline(report.previous_year)
    return doc


def convert(source: str, target: str, force: bool = False) -> list[str]:
    """Convert the input ``source`` into ``target`` (format by suffix); returns the files written.

    Raises NarrativeError for an unreadable or invalid input, FileExistsError when a target exists and
    ``force`` is not given, ValueError for an unknown output suffix.
    """
    from .output import write_atomic_bytes

    fmt = output_format(target)
    if fmt is None:
        raise ValueError(f"无法识别的输出格式“{Path(target).suffix or '（无后缀）'}”，应为 .yaml、.yml、.json、.toml 或 .xlsx")
    report = load(source)
    src = Path(source)
    raw, _ = read_file(src) if src.suffix.lower() in SUFFIXES else ({}, None)
    out = Path(target)
    writes: list[tuple[Path, bytes]] = []
    previous: str | dict[str, Any] | None = None
    link = raw.get("previous_year")
    if isinstance(link, str):
        previous = os.path.relpath((src.resolve().parent / link).resolve(), out.resolve().parent)
    elif report.previous_year is not None:
        if fmt == "xlsx":
            chain: list[tuple[Path, ReportInput]] = []
            here, prev = out, report.previous_year
            while prev is not None:
                sibling = out.with_name(f"{out.stem}-{prev.year}{out.suffix}")
                chain.append((sibling, prev))
                here, prev = sibling, prev.previous_year
            for i, (path, prev_report) in enumerate(chain):
                link_next = chain[i + 1][0].name if i + 1 < len(chain) else None
                writes.append((path, render(prev_report, "xlsx", link_next)))
            previous = chain[0][0].name
        else:
            previous = _inline(report.previous_year)
    writes.insert(0, (out, render(report, fmt, previous)))
    if not force:
        for path, _ in writes:
            if path.exists():
                raise FileExistsError(str(path))
    for path, data in writes:
        write_atomic_bytes(str(path), data, overwrite=force)
    return [str(path) for path, _ in writes]
