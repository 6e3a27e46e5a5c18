"""Official Chinese labels for key paths, and pydantic validation errors turned into findings.

The labels come from the models' field titles, so the schema, the error messages and the tables can never
disagree about what a field is called.
"""

from __future__ import annotations

import re
import types
import typing
from functools import lru_cache
from typing import Any

from pydantic import BaseModel, ValidationError

from .findings import Finding, Location
from .model import ReportInput
from .tables import ApplicantRow, OutcomeGroup, fields_of

TABLES = {
    "active_disclosure": "表二",
    "applications": "表三",
    "review_litigation": "表四",
}
_ROW_MODELS = (ApplicantRow, OutcomeGroup)


def _submodel(annotation: Any) -> type[BaseModel] | None:
    """The pydantic model inside an annotation such as ``X | None``, ``list[X]`` or ``Annotated[X, …]``."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType, list, typing.Annotated):
        for arg in typing.get_args(annotation):
            found = _submodel(arg)
            if found is not None:
                return found
    return None


def walk(path: tuple[str | int, ...], root: type[BaseModel] = ReportInput) -> list[tuple[str, type[BaseModel] | None]]:
    """For each key of ``path``, its label and the model it leads into (None past a leaf or unknown key)."""
    path = tuple(path)
    if all(type(key) is str or type(key) is int for key in path):
        return list(_walk(path, root))
    return list(_walk.__wrapped__(path, root))  # other keys (True == 1 …) are walked without the cache


@lru_cache(maxsize=4096)
def _walk(path: tuple[str | int, ...], root: type[BaseModel]) -> Any:
    """:func:`walk`, remembered: the labels of a path depend only on the path (a draft's warnings name the
    same few dozen paths in every report)."""
    out: list[tuple[str, type[BaseModel] | None]] = []
    model: type[BaseModel] | None = root
    for key in path:
        if isinstance(key, int):
            out.append((f"第{key + 1}项", model))
            continue
        field = model.model_fields.get(key) if model is not None else None
        if field is None:
            out.append((str(key), None))
            model = None
            continue
        model = _submodel(field.annotation)
        out.append((field.title or key, model))
    return tuple(out)


def labels_for(path: tuple[str | int, ...]) -> tuple[str, ...]:
    """Official labels along a key path, e.g. ('表三 收到和处理…', '一、本年新收…', '自然人')."""
    return tuple(label for label, _ in walk(path))


def location(path: tuple[str | int, ...], **extra: Any) -> Location:
    """A location for a key path, with table, row and column filled in when the path points into a table."""
    steps = walk(path)
    labels = tuple(label for label, _ in steps)
    fields: dict[str, Any] = {}
    if path and path[0] in TABLES:
        fields["table"] = path[0]
        fields["table_label"] = labels[0]
        # A row is the longest prefix whose model is a table row; what follows it is the column.
        for i, (_, model) in enumerate(steps):
            if model in _ROW_MODELS or (path[0] == "active_disclosure" and i == 1):
                fields["row"] = ".".join(map(str, path[: i + 1]))
                fields["row_label"] = " › ".join(labels[1 : i + 1])
                if i + 1 < len(path):
                    fields["column"] = str(path[i + 1])
                    fields["column_label"] = labels[i + 1]
                break
    fields.update(extra)
    return Location(path=tuple(path), labels=labels, **fields)


def column_location(table: str, column: str, column_label: str) -> Location:
    """A location for a whole column of a table (column rules such as T3-BALANCE)."""
    table_label = labels_for((table,))[0]
    return Location(
        path=(table, column), labels=(table_label, column_label), table=table, table_label=table_label,
        column=column, column_label=column_label,
    )


def suggest(key: str, model: type[BaseModel] | None) -> str | None:
    """The valid key nearest to a mistyped one, matched by spelling or by its Chinese label."""
    if model is None:
        return None
    fields = model.model_fields
    for name, field in fields.items():
        title = field.title or ""
        if key and (key == title or key in title.split("·") or (len(key) >= 2 and key in title)):
            return name
    from difflib import get_close_matches  # here: only a key that fits no field needs it

    close = get_close_matches(key, list(fields), n=1, cutoff=0.6)
    return close[0] if close else None


def _field_hint(name: str | None, model: type[BaseModel] | None) -> str:
    if name is None or model is None:
        return ""
    title = model.model_fields[name].title
    return f"“{name}”（{title}）" if title else f"“{name}”"


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "…"


_COUNT_ERRORS = {"int_type", "int_parsing", "int_from_float", "greater_than_equal", "less_than_equal"}
_MAPPING_ERRORS = {"model_type", "dict_type", "model_attributes_type"}


def from_validation_error(exc: ValidationError) -> list[Finding]:
    """Turn every pydantic error into a finding with a rule code, location and a Chinese message."""
    findings: list[Finding] = []
    for err in exc.errors():
        path = tuple(err["loc"])
        kind, ctx, given = err["type"], err.get("ctx") or {}, err.get("input")
        steps = walk(path)
        parent = steps[-2][1] if len(steps) >= 2 else (ReportInput if len(path) == 1 else None)
        here = "、".join(label for label, _ in steps[:-1]) or "输入顶层"
        expected = actual = hint = None
        if kind == "extra_forbidden":
            code, key = "S-UNKNOWN-KEY", str(path[-1])
            message = f"不认识的字段“{key}”（位于{here}）"
            near = suggest(key, parent)
            hint = f"是否应为{_field_hint(near, parent)}？" if near else None
            if parent is not None:
                expected = "、".join(parent.model_fields)
            actual = key
        elif kind == "missing":
            code, message = "S-REQUIRED", f"缺少必填字段“{path[-1]}”（{steps[-1][0]}）"
            expected, actual = "填写该字段", "未填写"
        elif kind.startswith("narrative_"):
            code, message = ctx.get("code", "S-VALUE"), err["msg"]
            expected, actual = ctx.get("expected"), ctx.get("actual")
        elif kind == "literal_error":
            code = "S-CHOICE"
            allowed = [a.strip(" '") for a in str(ctx.get("expected", "")).replace(" or ", ",").split(",")]
            allowed = [a for a in allowed if a]
            message = f"“{steps[-1][0]}”的取值应为 {'、'.join(allowed)} 之一"
            expected, actual = " | ".join(allowed), _show(given)
            from difflib import get_close_matches

            near = get_close_matches(str(given), allowed, n=1, cutoff=0.6)
            hint = f"是否应为“{near[0]}”？" if near else None
        elif kind in _COUNT_ERRORS and path[-1] not in ("year", "schema_version"):
            code = "T2-NONNEG"
            message = f"“{steps[-1][0]}”应为非负整数（不加引号、不带小数），实际为 {_show(given)}"
            expected, actual = "非负整数", _show(given)
        elif kind in _COUNT_ERRORS:
            code, message = "S-VALUE", f"“{steps[-1][0]}”应为{'2008至2100之间的整数年份' if path[-1] == 'year' else '1'}"
            expected, actual = ("2008–2100" if path[-1] == "year" else "1"), _show(given)
        elif kind in _MAPPING_ERRORS:
            code, message = "S-TYPE", f"“{steps[-1][0] if steps else '输入'}”应为映射（键值对），实际为 {_show(given)}"
            expected, actual = "映射", type(given).__name__
        elif kind in ("list_type",):
            code, message = "S-TYPE", f"“{steps[-1][0]}”应为列表，实际为 {_show(given)}"
            expected, actual = "列表", type(given).__name__
        elif kind in ("string_type", "string_too_short"):
            code = "S-TYPE" if kind == "string_type" else "S-VALUE"
            message = f"“{steps[-1][0]}”应为非空文字，实际为 {_show(given)}"
            expected, actual = "非空文字", _show(given)
        else:
            code, message = "S-VALUE", f"“{steps[-1][0] if steps else '输入'}”无效：{err['msg']}"
            actual = _show(given)
        hint = hint or value_hint(given, code)
        findings.append(Finding(code, "error", location(path), message, expected, actual, hint))
    return findings


_FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９．", "0123456789.")


def value_hint(given: Any, code: str) -> str | None:
    """What to change when a value was typed the way spreadsheets and Chinese keyboards type it."""
    if code not in ("T2-NONNEG", "S-VALUE", "S-TYPE"):
        return None
    if given is None:
        return "空白处请填0（没有发生的也要填0）"
    if isinstance(given, int) and not isinstance(given, bool) and code == "S-TYPE":
        return "邮编、电话等文字请加引号，如 \"000100\"（不加引号时开头的0会丢失，以0开头的数还会被当作八进制）"
    if not isinstance(given, str):
        return None
    text = given.strip()
    if re.fullmatch(r"[０-９．]+", text):
        return f"这是全角数字，请改为半角：{text.translate(_FULL_WIDTH_DIGITS)}"
    if re.fullmatch(r"\d{1,3}(?:[,，]\d{3})+", text):
        return f"不要用千分位分隔符，写作 {re.sub('[,，]', '', text)}"
    if re.fullmatch(r"\d+", text):
        return f"数字不要加引号，写作 {text}"
    if re.fullmatch(r"\d+(?:\s+\d+){5,6}", text):
        return "这一行像是从表格粘贴的（用空格或 Tab 分隔）：请写成列表 [" + ", ".join(text.split()) + "]"
    return None


_ORDINAL_PREFIX = re.compile(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+[.．、])")


def _names_for(title: str) -> set[str]:
    """The ways a clerk may write a field's official label: the label itself, without its ordinal (一、 （三）
    1.), the part after · (法人或其他组织·商业企业 → 商业企业), the table's number (表三)."""
    names = {title, _ORDINAL_PREFIX.sub("", title)}
    if "·" in title:
        names.add(title.rsplit("·", 1)[1])
    if title.startswith("表") and " " in title:
        names.add(title.split(" ", 1)[0])
    return {n for n in names if n}


def english_keys(value: Any, model: type[BaseModel] | None = ReportInput) -> Any:
    """The official Chinese labels accepted as keys (自然人 → natural_person, 本年新收… → new_received, 表三 →
    applications): each key that is not a field of its model but names exactly one field's label — in full,
    without its ordinal, or as the unique field whose label starts with it (four characters at least) — is
    renamed to that field. Anything else stays as written, to be reported with the nearest key."""
    if isinstance(value, list):
        return [english_keys(v, model) for v in value]
    if not isinstance(value, dict) or model is None:
        return value
    fields = fields_of(model)
    out: dict[Any, Any] = {}
    for key, item in value.items():
        name = key
        if isinstance(key, str) and key not in fields:
            exact = [n for n, f in fields.items() if key in _names_for(f.title or "")]
            prefix = [n for n, f in fields.items()
                      if len(key) >= 4 and any(x.startswith(key) for x in _names_for(f.title or ""))]
            found = exact or prefix
            if len(found) == 1 and found[0] not in value and found[0] not in out:
                name = found[0]
        sub = _field_model(model, name)
        out[name] = item if sub is None and not isinstance(item, list) else english_keys(item, sub)
    return out


@lru_cache(maxsize=1024)
def _field_model(model: type[BaseModel], name: Any) -> type[BaseModel] | None:
    """The model a field of ``model`` leads into (None for a leaf or an unknown key)."""
    field = model.model_fields.get(name) if isinstance(name, str) else None
    return _submodel(field.annotation) if field is not None else None
