"""The JSON output of a draft (``narrative draft --format json``) as pydantic models: the JSON Schema that
``narrative schema --output`` prints is generated from them, and the tests validate real drafts with them,
so the documentation cannot drift from what is written."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SentenceOut(_Out):
    text: str = Field(title="句子（已排版）")
    slot: str | None = Field(title="槽位；原文照录时为空")
    phrase_id: str | None = Field(title="短语 id；原文照录时为空")
    variant: int | None = Field(title="所用变体（从0起）")
    rule: str = Field(title="选用该句的规则")
    fields: list[str] = Field(title="所依据的输入字段（* 表示所有申请人列）")
    values: dict[str, Any] = Field(title="模板用到的数值")
    todo: bool = Field(title="是否为待补充标记（【待补充：…】）")
    prefix: str = Field(title="列表条目的引导语（如“问题：”），已含在 text 中")


class ParagraphOut(_Out):
    number: int | None = Field(title="编号（1. 2. …），无编号时为空")
    text: str = Field(title="段落全文")
    sentences: list[SentenceOut]


class CellOut(_Out):
    text: str
    rowspan: int = Field(ge=1)
    colspan: int = Field(ge=1)
    header: bool
    key: str | None = Field(title="数据单元格对应的输入字段")


class TableOut(_Out):
    key: Literal["table2", "table3", "table4"]
    caption: str
    columns: int
    header_rows: int
    rows: list[list[CellOut]] = Field(title="各行中从该行开始的单元格（HTML 的合并规则）")


class PartOut(_Out):
    heading: str | None = Field(title="（一）…小标题；部分开头段为空")
    key: str
    paragraphs: list[ParagraphOut]


class SectionOut(_Out):
    number: Literal["一", "二", "三", "四", "五", "六"]
    title: str
    key: str
    heading: str
    parts: list[PartOut]
    tables: list[TableOut]


class LocationOut(_Out):
    path: list[str | int]
    labels: list[str]
    table: str | None
    table_label: str | None
    row: str | None
    row_label: str | None
    column: str | None
    column_label: str | None
    file: str | None
    line: int | None
    cell: str | None = Field(None, description="工作簿输入中的工作表和单元格，如“表三!D12”")
    dotted: str
    label: str


class FindingOut(_Out):
    code: str
    severity: Literal["error", "warning"]
    location: LocationOut
    message: str
    expected: str | None
    actual: str | None
    hint: str | None


class DraftOut(_Out):
    """政府信息公开工作年度报告草稿（narrative 的 JSON 输出）."""

    model_config = ConfigDict(extra="forbid", title="政府信息公开工作年度报告草稿")
    format: Literal["narrative-draft"]
    version: Literal[1]
    agency: str
    year: int
    seed: int | None
    full: bool = Field(title="是否为完整报告（含标题、开头部分和三张表）")
    title: str | None
    preface: list[ParagraphOut]
    sections: list[SectionOut]
    warnings: list[FindingOut]


def output_schema() -> dict[str, Any]:
    """JSON Schema (draft 2020-12) of ``Draft.to_json()``."""
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **DraftOut.model_json_schema()}
