"""Reading a report input from YAML, JSON, TOML or a Python mapping, with errors that name file and line.

YAML is read with PyYAML's safe loader only. Duplicate keys (which YAML and JSON parsers silently resolve
to the last value) are errors, because a typo must never be silently ignored. ``previous_year`` paths are
resolved relative to the file that names them; a cycle or a missing file is a finding, not a traceback.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from . import limits
from .findings import RULES, Finding, Location, NarrativeError
from .labels import english_keys, from_validation_error, location
from .limits import MAX_FILE_BYTES, LimitError, SpecialFile, TooLarge, check_tree, read_regular
from .model import ReportInput

LinePath = tuple[str | int, ...]
#: Expanding YAML aliases past this many nodes is refused (a "billion laughs" document): L-TOO-MANY.
MAX_NODES = limits.MAX_NODES
#: libyaml's safe loader when available (same safety, several times faster), else the pure-Python one.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
SUFFIXES = {".yaml": "yaml", ".yml": "yaml", ".json": "json", ".toml": "toml", ".xlsx": "xlsx", ".docx": "docx"}


@dataclass
class _Sources:
    """Which file (and line map) each part of the merged raw input came from."""

    spans: list[tuple[LinePath, str | None, Any]] = field(default_factory=list)

    def place(self, path: LinePath) -> tuple[str | None, int | None]:
        best: tuple[int, str | None, int | None] = (-1, None, None)
        for i, (prefix, file, lines) in enumerate(self.spans):
            if path[: len(prefix)] != prefix or len(prefix) <= best[0]:
                continue
            if callable(lines):  # built on first use
                lines = lines()
                self.spans[i] = (prefix, file, lines)
            rel = path[len(prefix):]
            line = None
            for cut in range(len(rel), -1, -1):
                line = lines.get(rel[:cut])
                if line is not None:
                    break
            best = (len(prefix), file, line)
        return best[1], best[2]


def _at(loc: Location, file: str | None, line: int | str | None) -> Location:
    """``loc`` in ``file``: a YAML line, or a workbook cell (``表三!D12``, which the workbook reader records
    in place of a line)."""
    if isinstance(line, str):
        return replace(loc, file=file, line=None, cell=line)
    return replace(loc, file=file, line=line)


def _fail(code: str, message: str, file: str | None = None, line: int | str | None = None,
          path: LinePath = (), **kw: Any) -> NarrativeError:
    return NarrativeError([Finding(code, "error", _at(location(path) if path else Location(), file, line),
                                   message, **kw)])


# ---------------------------------------------------------------- parsing


class _DuplicateKey(Exception):
    """Raised by the fast loader; the slow path then finds the key's path and line for the message."""


_INT_TAG = "tag:yaml.org,2002:int"


def _plain_decimal(value: str) -> bool:
    """ASCII digits without a leading zero: YAML 1.1 reads them as a decimal int, whatever else it tries."""
    return value.isdigit() and value.isascii() and (value == "0" or value[0] != "0")


class _FastLoader(_YAML_LOADER):  # type: ignore[misc, valid-type]
    """The safe loader, refusing duplicate keys (which YAML would silently resolve to the last value), with a
    fast path for the plain digit strings that make up most of a report (same results as YAML 1.1: a
    leading zero still means octal and takes the usual path)."""

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        if kind is yaml.ScalarNode and implicit[0] and _plain_decimal(value):
            return _INT_TAG
        return super().resolve(kind, value, implicit)

    def construct_yaml_int(self, node: yaml.ScalarNode) -> int:
        if len(node.value) > limits.MAX_DIGITS * 4 + 2:  # int() of thousands of digits is slow, then refused
            raise LimitError("S-DIGITS", (), f"整数位数过多（{len(node.value)} 个字符，第{node.start_mark.line + 1}行），"
                             f"上限 {limits.MAX_DIGITS} 位", f"至多 {limits.MAX_DIGITS} 位", f"{len(node.value)} 个字符")
        if _plain_decimal(node.value):
            return int(node.value)
        return super().construct_yaml_int(node)

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        keys: set[Any] = set()
        for key_node, _ in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                continue  # a sequence or mapping as a key: the constructor reports it (found unhashable key)
            if key_node.value in keys and key_node.value != "<<":
                raise _DuplicateKey
            keys.add(key_node.value)
        mapping = super().construct_mapping(node, deep)
        if all(type(key) is str for key in mapping):
            return mapping
        return {str(key): value for key, value in mapping.items()}  # YAML allows ``2022:``; keep it a key


_FastLoader.add_constructor(_INT_TAG, _FastLoader.construct_yaml_int)


class _Fallback(Exception):
    """The document uses what :func:`_plain_yaml` leaves to PyYAML's own composer and constructor."""


_STR_TAG = "tag:yaml.org,2002:str"
_SEQ_TAG = "tag:yaml.org,2002:seq"
_MAP_TAG = "tag:yaml.org,2002:map"
_MERGE_TAG = "tag:yaml.org,2002:merge"


def _plain_yaml(text: str) -> Any:
    """``yaml.load(text, Loader=_FastLoader)`` for a document of plain scalars, lists and mappings, built
    straight from libyaml's events: PyYAML's composer makes a node object per value and its constructor
    walks them again, which costs more than drafting. An alias gives the very object its anchor made, as
    PyYAML's constructor does (a dumper writes one for every mapping a document holds twice). Anything
    else — an alias to a mapping or list not yet closed (a self-reference), an alias as a key, a repeated
    anchor, explicit tags, merge keys, a second document, a mapping or list as a key, an over-long
    integer, any error — raises :class:`_Fallback` (or _DuplicateKey), and the usual path then gives the
    usual result or message."""
    loader = _FastLoader(text)
    try:
        loader.get_event()  # StreamStart
        if not loader.check_event(yaml.DocumentStartEvent):
            return None  # an empty stream (comments only)
        loader.get_event()
        get_event, scalar_event, alias_event, mapping_start = loader.get_event, yaml.ScalarEvent, yaml.AliasEvent, \
            yaml.MappingStartEvent
        root: list[Any] = []
        # The open container in locals: the container, its pending key (_NO_KEY while a mapping awaits a key,
        # None in a list), its raw keys (None for a list) and its anchor; the enclosing ones on the stack.
        container: Any = root
        key: Any = None
        raw: set[str] | None = None
        anchor: Any = None
        stack: list[tuple[Any, Any, set[str] | None, Any]] = []
        anchors: dict[str, Any] = {}  # only closed values: an alias to an open one falls back
        while True:
            event = get_event()
            kind = type(event)
            if kind is scalar_event:
                tag = event.tag
                if tag is not None and tag != "!":
                    raise _Fallback
                value = event.value
                plain_int = False
                if not event.implicit[0]:
                    tag = _STR_TAG  # quoted: a string (the resolver's answer, without asking it)
                elif _plain_decimal(value):
                    tag, plain_int = _INT_TAG, True
                elif _IMPLICIT_FIRST is not None and value[:1] not in _IMPLICIT_FIRST:
                    tag = _STR_TAG  # no implicit type starts with this character
                else:
                    tag = loader.resolve(yaml.ScalarNode, value, event.implicit)
                if key is _NO_KEY:  # a mapping's key
                    if tag == _MERGE_TAG:
                        raise _Fallback
                    if value in raw and value != "<<":  # type: ignore[operator]
                        raise _DuplicateKey
                    raw.add(value)  # type: ignore[union-attr]
                if plain_int:
                    value = int(value) if len(value) <= _LONGEST_INT else _plain_scalar(loader, tag, event)
                elif tag != _STR_TAG:
                    value = _plain_scalar(loader, tag, event)
                if event.anchor is not None:
                    if event.anchor in anchors:
                        raise _Fallback  # the composer's own message
                    anchors[event.anchor] = value
            elif kind is mapping_start or kind is yaml.SequenceStartEvent:
                if (event.tag is not None and event.tag != "!") or (event.anchor is not None and event.anchor in anchors):
                    raise _Fallback
                if key is _NO_KEY:
                    raise _Fallback  # a mapping or list as a key: the constructor's own error
                stack.append((container, key, raw, anchor))
                anchor = event.anchor
                if kind is mapping_start:
                    container, key, raw = {}, _NO_KEY, set()
                else:
                    container, key, raw = [], None, None
                continue
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                value = container
                if kind is yaml.MappingEndEvent and not all(type(k) is str for k in value):
                    value = {str(k): item for k, item in value.items()}
                if anchor is not None:
                    anchors[anchor] = value
                container, key, raw, anchor = stack.pop()
            elif kind is alias_event:
                if event.anchor not in anchors or key is _NO_KEY:
                    raise _Fallback  # undefined, still open (a self-reference), or a key
                value = anchors[event.anchor]
            elif kind is yaml.DocumentEndEvent:
                break
            else:  # anything unforeseen
                raise _Fallback
            if raw is None:
                container.append(value)
            elif key is _NO_KEY:
                key = value
            else:
                container[key] = value
                key = _NO_KEY
        if not loader.check_event(yaml.StreamEndEvent):
            raise _Fallback  # a second document: the composer's message
        return root[0] if root else None
    except (yaml.YAMLError, RecursionError, LimitError):
        raise _Fallback from None
    finally:
        loader.dispose()


_NO_KEY = object()
#: The first characters of every implicit type of the safe loader (null, bool, int, float, timestamp, merge,
#: value); a plain scalar starting otherwise is a string. The shortcut is off if a resolver has no first
#: character or a path resolver is registered (then every scalar asks the resolver).
_IMPLICIT_FIRST: frozenset[str] | None = (
    frozenset(_FastLoader.yaml_implicit_resolvers)
    if None not in _FastLoader.yaml_implicit_resolvers and not _FastLoader.yaml_path_resolvers else None
)


#: The longest plain integer read directly (a longer one goes to the constructor, which refuses it).
_LONGEST_INT = limits.MAX_DIGITS * 4 + 2


def _plain_scalar(loader: Any, tag: str, event: Any) -> Any:
    value = event.value
    if tag == _STR_TAG:
        return value
    if tag == _INT_TAG and _plain_decimal(value) and len(value) <= _LONGEST_INT:
        return int(value)
    node = yaml.ScalarNode(tag, value, event.start_mark, event.end_mark, event.style)
    return loader.construct_object(node, deep=True)


def _yaml(text: str, file: str) -> tuple[Any, Any]:
    """Parse YAML; return the data and a function that maps key paths to lines (built only when a
    finding needs a line, since most inputs have none)."""
    if len(text) > _PRESCAN_CHARS:
        _count_events(text, file)
    try:
        try:
            data = _plain_yaml(text)
        except _Fallback:
            data = yaml.load(text, Loader=_FastLoader)  # noqa: S506 - a safe loader
    except _DuplicateKey:
        _line_map(text, file)  # raises S-DUPLICATE-KEY with the key's path and line
        raise AssertionError("unreachable") from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = str(exc.problem or exc.context)
        raise _fail("L-SYNTAX", f"YAML 语法错误：{_YAML_PROBLEMS.get(problem, problem)}{_yaml_cause(text, line)}", file,
                    line) from None
    except yaml.YAMLError as exc:
        raise _fail("L-SYNTAX", f"YAML 语法错误：{exc}", file) from None
    except RecursionError:
        raise _fail("L-TOO-DEEP", f"YAML 嵌套过深（上限 {limits.MAX_DEPTH} 层）", file) from None
    except LimitError as exc:
        raise _limit_error(exc, file) from None
    if data is None:
        raise _fail("L-EMPTY", "文件没有内容", file, 1)
    _checked(data, file)  # aliases (*name) expanded, nesting, sizes: before anything walks the data
    return data, lambda: _line_map(text, file)


#: A YAML file longer than this is first scanned for its number of events (ten times cheaper than loading
#: it), so that a megabyte of list items is refused in a fraction of a second.
_PRESCAN_CHARS = 64 * 1024


def _count_events(text: str, file: str) -> None:
    if limits.yaml_too_many(text, _YAML_LOADER):
        raise _fail("L-TOO-MANY", f"输入的值超过 {MAX_NODES} 个", file, expected=f"至多 {MAX_NODES} 个值",
                    actual=f"超过 {MAX_NODES} 个")


def _limit_error(exc: LimitError, file: str | None) -> NarrativeError:
    return _fail(exc.code, exc.message, file, None, exc.path, expected=exc.expected, actual=exc.actual)


def _checked(data: Any, file: str | None) -> None:
    try:
        check_tree(data)
    except LimitError as exc:
        raise _limit_error(exc, file) from None


def _line_map(text: str, file: str) -> dict[LinePath, int]:
    """Each key path's line, from the YAML node tree; raises S-DUPLICATE-KEY at a repeated key."""
    loader = _YAML_LOADER(text)
    try:
        node = loader.get_single_node()
        lines: dict[LinePath, int] = {}
        if node is not None:
            _index_yaml(node, (), lines, file, [0])
        return lines
    finally:
        loader.dispose()


def _index_yaml(node: yaml.Node, path: LinePath, lines: dict[LinePath, int], file: str, count: list[int]) -> None:
    """Record each key path's line; refuse duplicate keys and alias bombs."""
    count[0] += 1
    if count[0] > MAX_NODES:
        raise _fail("L-SYNTAX", f"文件展开后超过{MAX_NODES}个节点（别名嵌套过深？）", file, node.start_mark.line + 1)
    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value)
            if key == "<<":
                continue  # merge keys are resolved by the constructor
            line = key_node.start_mark.line + 1
            if key in seen:
                raise _fail("S-DUPLICATE-KEY", f"字段“{key}”在同一映射中出现两次（第{seen[key]}行和第{line}行）",
                            file, line, path + (key,), expected="只出现一次", actual="出现两次")
            seen[key] = line
            lines[path + (key,)] = line
            _index_yaml(value_node, path + (key,), lines, file, count)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _index_yaml(item, path + (i,), lines, file, count)


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise ValueError(f"字段“{key}”在同一对象中出现两次")
        out[key] = value
    return out


def _json(text: str, file: str) -> Any:
    try:
        data = json.loads(text, object_pairs_hook=_no_duplicates, parse_int=_json_int)
    except LimitError as exc:
        raise _limit_error(exc, file) from None
    except RecursionError:
        raise _fail("L-TOO-DEEP", f"JSON 嵌套过深（上限 {limits.MAX_DEPTH} 层）", file) from None
    except json.JSONDecodeError as exc:
        raise _fail("L-SYNTAX", f"JSON 语法错误：{exc.msg}（第{exc.colno}列）", file, exc.lineno) from None
    except ValueError as exc:
        raise _fail("S-DUPLICATE-KEY", str(exc), file) from None
    _checked(data, file)
    return data


def _json_int(text: str) -> int:
    if len(text) > limits.MAX_DIGITS + 1:
        raise LimitError("S-DIGITS", (), f"整数位数过多（{len(text)} 位），上限 {limits.MAX_DIGITS} 位",
                         f"至多 {limits.MAX_DIGITS} 位", f"{len(text)} 位")
    return int(text)


def _toml(text: str, file: str) -> Any:
    import tomllib  # here: only a TOML input needs it

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"line (\d+)", str(exc))
        raise _fail("L-SYNTAX", f"TOML 语法错误：{exc}", file, int(found.group(1)) if found else None) from None
    except RecursionError:
        raise _fail("L-TOO-DEEP", f"TOML 嵌套过深（上限 {limits.MAX_DEPTH} 层）", file) from None
    except ValueError:  # an integer of more than 4,300 digits
        raise _fail("S-DIGITS", f"整数位数过多，上限 {limits.MAX_DIGITS} 位", file,
                    expected=f"至多 {limits.MAX_DIGITS} 位", actual="超过 4300 位") from None
    _checked(data, file)
    return data


_CJK = re.compile(r"[\u4e00-\u9fff]")


#: PyYAML's commonest complaints, in Chinese.
_YAML_PROBLEMS = {
    "could not find expected ':'": "找不到应有的冒号“:”",
    "found character that cannot start any token": "这里出现了不能开头的字符",
    "mapping values are not allowed here": "这里不能出现“键: 值”（多半是冒号后缺少空格，或缩进不对）",
    "did not find expected key": "缩进不一致，找不到应有的键",
    "did not find expected '-' indicator": "列表项的缩进不一致",
    "expected <block end>, but found '<block mapping start>'": "缩进不一致：这一行比上面的同级项多缩进了",
    "found unexpected end of stream": "文件在引号或括号闭合之前就结束了",
    "found undefined alias": "引用了未定义的别名（*）",
}


def _yaml_cause(text: str, line: int | None) -> str:
    """The likely cause of a YAML syntax error, said in Chinese: a full-width colon or a Tab near the line."""
    lines = text.splitlines()
    near = [(n, lines[n - 1]) for n in (line or 0, (line or 0) - 1) if 0 < n <= len(lines)]
    for n, content in near:
        if "\t" in content[: len(content) - len(content.lstrip())] or content.startswith("\t"):
            return f"（可能的原因：第{n}行用 Tab 缩进，YAML 只能用空格缩进）"
    for n, content in near:
        if "：" in content and ":" not in content.split("#")[0]:
            return f"（可能的原因：第{n}行用了全角冒号“：”，应为半角冒号加空格“: ”）"
    return ""


def decode(data: bytes) -> str:
    """A file's text: UTF-8 (with or without BOM), UTF-16 with a BOM (Notepad's “Unicode”), or GB18030/GBK as
    Chinese Windows saves it — the last only when the text then holds Chinese and decodes without error.
    Raises UnicodeDecodeError (at UTF-8's first bad byte) otherwise."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as utf8_error:
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError:
            raise utf8_error from None
        if not _CJK.search(text):
            raise utf8_error from None
        return text


def read_file(path: Path) -> tuple[dict[str, Any], Any]:
    """Parse one input file into a raw mapping and its map from key paths to lines (or a function
    that builds it)."""
    file = str(path)
    if os.path.isdir(path):
        raise _fail("L-NOT-FOUND", "这是一个目录，不是文件（目录请用 narrative draft DIR -o OUTDIR 批量处理）", file)
    kind = SUFFIXES.get(path.suffix.lower())
    if kind is None:
        hint = "（WPS/Excel 中“另存为”Excel 工作簿 .xlsx）" if path.suffix.lower() in (".xls", ".et", ".ods") else ""
        raise _fail("L-FORMAT", f"无法识别的文件类型“{path.suffix or '（无后缀）'}”，"
                    f"应为 .yaml、.yml、.json、.toml、.xlsx 或填好的官方 Word 模板 .docx{hint}", file)
    try:
        data = read_regular(path, MAX_FILE_BYTES)
    except FileNotFoundError:
        raise _fail("L-NOT-FOUND", "找不到文件", file) from None
    except IsADirectoryError:
        raise _fail("L-NOT-FOUND", "这是一个目录，不是文件", file) from None
    except SpecialFile as exc:
        raise _fail("L-SPECIAL", f"这是{exc}，不是普通文件，未读取", file, expected="普通文件", actual=str(exc)) from None
    except TooLarge as exc:
        raise _fail("L-TOO-LARGE", f"文件超过 {MAX_FILE_BYTES} 字节，未解析", file,
                    expected=f"至多 {MAX_FILE_BYTES} 字节", actual=f"至少 {exc} 字节") from None
    except ValueError:
        raise _fail("L-NOT-FOUND", "文件路径无效（含空字符）", file) from None
    except OSError as exc:
        raise _fail("L-NOT-FOUND", f"无法读取文件：{exc.strerror}", file) from None
    if kind == "docx":  # a filled copy of the official Word template: read as narrative import reads it
        from .importer import read_report

        raw = read_report(path).document
        try:
            check_tree(raw)
        except LimitError as exc:
            raise _fail(exc.code, exc.message, file, None, exc.path, expected=exc.expected, actual=exc.actual) from None
        return raw, {}
    if kind == "xlsx":
        from .workbook import read_workbook  # openpyxl is imported only for workbooks

        raw, cells = read_workbook(data, file)
        try:
            check_tree(raw)  # the same bounds as a text input (a text's length, a list's items, digits)
        except LimitError as exc:
            raise _fail(exc.code, exc.message, file, cells.get(tuple(exc.path)), exc.path, expected=exc.expected,
                        actual=exc.actual) from None
        return raw, cells
    try:
        text = decode(data)
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise _fail("L-ENCODING", f"文件不是 UTF-8、GB18030（GBK）或带 BOM 的 UTF-16 编码（第{exc.start + 1}字节无法解码），"
                    "请另存为 UTF-8", file, line) from None
    if not text.strip():
        raise _fail("L-EMPTY", "文件没有内容", file)
    lines: Any = {}
    if kind == "yaml":
        raw, lines = _yaml(text, file)
    elif kind == "json":
        raw = _json(text, file)
    else:
        raw = _toml(text, file)
    if not isinstance(raw, dict):
        raise _fail("L-NOT-MAPPING", f"文件顶层应为映射（键值对），实际为{type(raw).__name__}", file, 1)
    return raw, lines  # keys are strings: JSON and TOML have no others, the YAML loader converts them


def _string_keys(value: Any) -> Any:
    """Mapping keys as strings (YAML allows ``2022:``), so an odd key is reported as an unknown key."""
    if isinstance(value, dict):
        return {str(k): _string_keys(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_string_keys(v) for v in value]
    return value


# ---------------------------------------------------------------- previous_year and validation


#: Top-level keys of a report input: a previous_year file with others is not a report input.
_REPORT_KEYS = frozenset(ReportInput.model_fields)


def _resolve_previous(raw: dict[str, Any], base: Path | None, prefix: LinePath, sources: _Sources,
                      chain: tuple[Path, ...], file: str | None) -> dict[str, Any]:
    """Replace a ``previous_year`` path by the parsed mapping it names, recursively. ``base`` is None
    when paths are not allowed (a mapping from a caller who gave no base directory)."""
    prev = raw.get("previous_year")
    here = prefix + ("previous_year",)
    if isinstance(prev, str):
        line = sources.place(here)[1]
        if base is None:
            raise _fail("L-PREVIOUS", "previous_year 是文件路径，但调用方没有允许读取文件（load(…, base_dir=…) 或 "
                        "allow_paths=True）；请直接给出上年度的映射", file, line, here,
                        expected="上年度输入的映射", actual="文件路径")
        try:
            target = (base / prev).resolve()
        except (OSError, RuntimeError, ValueError):  # a symlink loop, a NUL byte
            raise _fail("L-PREVIOUS", "上年度输入的路径无效（循环的符号链接或非法字符）", file, line, here,
                        expected="可读取的上年度输入", actual="无效路径") from None
        if target in chain:
            names = " → ".join(p.name for p in chain + (target,))
            raise _fail("L-CYCLE", f"previous_year 形成循环引用：{names}", file, line, here,
                        expected="不重复的上年度文件链", actual=names)
        try:
            prev_raw, lines = read_file(target)
        except NarrativeError as exc:
            finding = exc.findings[0]
            # the code only: a message about another file may quote its contents
            message = f"上年度输入“{prev}”无法读取（{finding.code}：{RULES.get(finding.code, '')}）"
            raise _fail("L-PREVIOUS", message, file, line, here, expected="可读取的上年度输入",
                        actual=finding.code) from None
        if not {"agency", "year"} <= set(prev_raw) or not set(prev_raw) <= _REPORT_KEYS:
            raise _fail("L-PREVIOUS", f"上年度输入“{prev}”不是报告输入文件（顶层应有 agency 和 year，且只含输入格式的字段）",
                        file, line, here, expected="报告输入文件", actual="其他文件")
        sources.spans.append((here, str(target), lines))
        raw = {**raw, "previous_year": _resolve_previous(prev_raw, target.parent, here, sources, chain + (target,),
                                                         str(target))}
    elif isinstance(prev, Mapping):
        raw = {**raw, "previous_year": _resolve_previous(dict(prev), base, here, sources, chain, file)}
    return raw


def load(source: str | os.PathLike[str] | Mapping[str, Any], *, base_dir: str | os.PathLike[str] | None = None,
         allow_paths: bool = False) -> ReportInput:
    """Read and validate a report input from a file path or a mapping.

    In a file, ``previous_year`` may name last year's file, relative to that file. In a mapping it is a
    path only when the caller gives ``base_dir`` (paths relative to it) or ``allow_paths=True`` (relative
    to the working directory); otherwise it must be a mapping, so a service passing users' mappings
    never reads its own disk. Raises :class:`NarrativeError` with every finding when the input cannot be
    read, exceeds the limits of docs/input.md or does not fit the contract. The 勾稽 rules are not
    applied here: call :func:`narrative.check` for them.
    """
    sources = _Sources()
    if isinstance(source, Mapping):
        _checked(source, None)  # before anything else walks it: self-references, depth, sizes, odd objects
        base = Path(base_dir) if base_dir is not None else (Path.cwd() if allow_paths else None)
        raw, file = _string_keys(dict(source)), None
        chain: tuple[Path, ...] = ()
    elif isinstance(source, (str, os.PathLike)):
        path = Path(source)
        raw, lines = read_file(path)
        try:
            resolved = path.resolve()
        except (OSError, RuntimeError):
            raise _fail("L-NOT-FOUND", "无法解析文件路径（循环的符号链接？）", str(path)) from None
        file, base, chain = str(path), resolved.parent, (resolved,)
        sources.spans.append(((), file, lines))
    else:
        raise _fail("L-NOT-MAPPING", f"load() 需要文件路径或映射（dict），实际为{limits._type(source)}")
    raw = english_keys(raw)  # 自然人 → natural_person …: the official labels are keys too
    raw = _resolve_previous(raw, base, (), sources, chain, file)
    if len(sources.spans) > 1:  # last years' files were read: one node budget for the whole chain
        _checked(raw, file)
    try:
        report = ReportInput.model_validate(raw)
    except ValidationError as exc:
        findings = []
        for finding in from_validation_error(exc):
            where, line = sources.place(finding.location.path)
            if where is not None and where != file:  # another file's values are never quoted
                finding = replace(finding, message=f"上年度输入中的该字段不符合输入格式（{RULES.get(finding.code, finding.code)}）",
                                  expected=None, actual=None, hint=None)
            findings.append(replace(finding, location=_at(finding.location, where, line)))
        raise NarrativeError(findings) from None
    report._sources = sources
    return report


def place(findings: list[Finding], report: ReportInput) -> list[Finding]:
    """Add file and line to findings about a loaded report, where the loader recorded them."""
    sources: _Sources | None = report._sources
    if sources is None:
        return findings
    out = []
    for finding in findings:
        if finding.location.file is None:
            where, line = sources.place(finding.location.path)
            if where is not None or line is not None or finding.location.line is not None:
                finding = replace(finding, location=_at(finding.location, where, line))
        out.append(finding)
    return out
