"""The input as an Excel workbook (.xlsx) that a clerk fills in Excel or WPS, and reading it back.

One sheet per official table (表二, 表三, 表四) laid out from :mod:`narrative.tables_layout`, so labels and
merged headers are those of the report; input cells are unlocked (the sheets are protected without a
password, so a label cannot be overwritten by accident) and validated as whole numbers ≥ 0; totals and the
表三 勾稽 balance are formulas with a visible 一致/不一致 cell per column. The agency and year, the narrative
facts, the problems and section 六 are rows of label, value and key (the key is what is read).

Reading never trusts a formula: a total cell holding a formula is ignored (the total is computed), a number
typed over it is a stated total and is checked like one in YAML. Every finding names the sheet and cell
(``表三!D12``) through the loader's source map; a value that cannot be read exactly is an error naming the
cell (全角 digits, thousands separators, units typed after a number), never a guess.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from .findings import Finding, Location, NarrativeError
from .labels import location
from .model import KIND_LABELS, LEVEL_LABELS, Facts, Publication, ReportInput
from .tables import APPLICANT_COLUMNS
from .tables_layout import Table, official_tables

Path_ = tuple[str | int, ...]

README_SHEET = "说明"
AGENCY_SHEET = "机关和年度"
FACTS_SHEET = "事实"
PROBLEMS_SHEET = "问题"
SIX_SHEET = "六"
OPTIONS_SHEET = "选项"
TABLE_SHEETS = {"active_disclosure": "表二", "applications": "表三", "review_litigation": "表四"}
#: The first row of a table's grid (row 1: the title, row 2: the unit and how to fill in).
TOP = 3
CONSISTENT, INCONSISTENT = "一致", "不一致"
SCOPE_LABELS = {"self": "本机关", "aggregate": "区域汇总（本地区各级行政机关）"}
CHOICES: dict[str, dict[str, str]] = {"kind": KIND_LABELS, "level": LEVEL_LABELS, "scope": SCOPE_LABELS}
PROBLEM_KINDS = {"previous": "上年度", "current": "本年度"}
SPARE_ROWS = 3  # blank rows offered under each list of the fact sheets
SPARE_PROBLEMS = 10
YES = "是"

_FULLWIDTH = str.maketrans("０１２３４５６７８９．，－", "0123456789.,-")
_THOUSANDS = re.compile(r"\d{1,3}([,，]\d{3})+(\.\d+)?")
_APPROX = re.compile(r"(\d+)(余|多)")


# ---------------------------------------------------------------- the table sheets' geometry


@dataclass(frozen=True)
class Slot:
    """A cell of a table sheet: a label (``text``), an input (``path``) or a formula over other slots."""

    coord: str
    row: int
    col: int
    text: str | None = None
    path: Path_ | None = None
    formula: bool = False
    amount: bool = False
    merge: str | None = None  # the merged range this slot starts, e.g. "A3:C5"


def _letter(col: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(col)


def _key_path(key: str) -> Path_:
    return tuple(key.split("."))


def _is_total(path: Path_) -> bool:
    return path[-1] == "total" or path[:3] == ("applications", "results", "total")


def table_slots(table: Table) -> list[Slot]:
    """Every cell of ``table`` placed on its sheet from row :data:`TOP`, column A."""
    slots = []
    for r, row in enumerate(table.grid()):
        for c, cell in enumerate(row):
            if cell is None:
                continue
            sheet_row, sheet_col = TOP + r, c + 1
            coord = f"{_letter(sheet_col)}{sheet_row}"
            merge = None
            if cell.rowspan > 1 or cell.colspan > 1:
                merge = f"{coord}:{_letter(sheet_col + cell.colspan - 1)}{sheet_row + cell.rowspan - 1}"
            if cell.key is None:
                slots.append(Slot(coord, sheet_row, sheet_col, text=cell.text, merge=merge))
            else:
                path = _key_path(cell.key)
                slots.append(Slot(coord, sheet_row, sheet_col, path=path, formula=_is_total(path),
                                  amount=path[-1] == "administrative_fees", merge=merge))
    return slots


def _geometry_report() -> ReportInput:
    return ReportInput.model_validate({"agency": {"name": "样例", "kind": "government", "level": "county"},
                                       "year": 2020})


_GEOMETRY: dict[str, tuple[Table, list[Slot]]] = {}
_LAYOUT_KEYS = {"table2": "active_disclosure", "table3": "applications", "table4": "review_litigation"}


def geometry() -> dict[str, tuple[Table, list[Slot]]]:
    """Input table key → (layout, slots); the same for every report (values do not change the layout)."""
    if not _GEOMETRY:
        _GEOMETRY.update({_LAYOUT_KEYS[t.key]: (t, table_slots(t)) for t in official_tables(_geometry_report())})
    return _GEOMETRY


def _sum_formula(coords: list[tuple[int, int]]) -> str:
    rows = sorted({r for r, _ in coords})
    cols = sorted({c for _, c in coords})
    if len(rows) * len(cols) == len(coords) and rows == list(range(rows[0], rows[-1] + 1)) \
            and cols == list(range(cols[0], cols[-1] + 1)):
        return f"=SUM({_letter(cols[0])}{rows[0]}:{_letter(cols[-1])}{rows[-1]})"
    return "=SUM(" + ",".join(f"{_letter(c)}{r}" for r, c in coords) + ")"


def formulas(slots: list[Slot]) -> dict[str, str]:
    """The formula of each total slot: a row's 总计 sums its row, （七）总计 sums the 21 leaf rows."""
    inputs = [s for s in slots if s.path is not None and not s.formula]
    out = {}
    for slot in slots:
        if not slot.formula or slot.path is None:
            continue
        if slot.path[:3] == ("applications", "results", "total") and slot.path[-1] != "total":
            parts = [(s.row, s.col) for s in inputs if s.path[:2] == ("applications", "results") and s.col == slot.col]
        else:
            parts = [(s.row, s.col) for s in inputs if s.path[:-1] == slot.path[:-1] and s.row == slot.row]
            if not parts:  # （七）总计's own 总计: the row of column totals
                parts = [(s.row, s.col) for s in slots if s.formula and s.row == slot.row and s is not slot]
        out[slot.coord] = _sum_formula(parts)
    return out


def balance_rows(slots: list[Slot]) -> tuple[int, dict[str, int]]:
    """表三: the first row below the grid, and the rows of 一、二、三（七）、四 by key."""
    rows = {}
    for s in slots:
        if s.path is not None and s.path[-1] == "natural_person":
            key = s.path[1] if s.path[1] != "results" else ".".join(map(str, s.path[1:3]))
            rows[key] = s.row
    last = max(s.row for s in slots)
    return last + 2, rows


# ---------------------------------------------------------------- key–value sheets (agency, facts, 六)


@dataclass(frozen=True)
class Field:
    """A row kind of a key–value sheet: its key path, official label, value kind and unit."""

    path: Path_
    label: str
    kind: str  # text | count | amount | year | choice | path | texts | counts
    unit: str = ""
    note: str = ""


_UNIT = re.compile(r"（([^（）]{1,3})）$")


def _fact_kind(annotation: Any) -> str:
    text = str(annotation)
    if "CountedFact" in text:
        return "counts"
    if text.startswith("list["):
        return "texts"
    if "Annotated[int" in text:
        return "count"
    return "text"


def _model_fields(model: Any, prefix: Path_) -> list[Field]:
    out = []
    for name, field in model.model_fields.items():
        title = field.title or name
        unit = _UNIT.search(title)
        kind = _fact_kind(field.annotation)
        out.append(Field(prefix + (name,), title, kind, unit.group(1) if unit and kind == "count" else ""))
    return out


def _choice_note(name: str) -> str:
    return "下拉选择：" + "；".join(f"{label}（{key}）" for key, label in CHOICES[name].items())


AGENCY_FIELDS: list[Field] = [
    Field(("agency", "name"), "机关全称（必填）", "text", note="用于报告标题，如“辛集镇人民政府”"),
    Field(("agency", "short_name"), "机关简称", "text"),
    Field(("agency", "self_reference"), "自称", "text", note="如“我镇”“我县”“我局”；不填时按机关名称推定"),
    Field(("agency", "kind"), "机关类别（必填）", "choice", note=_choice_note("kind")),
    Field(("agency", "level"), "行政层级（必填）", "choice", note=_choice_note("level")),
    Field(("agency", "scope"), "统计范围", "choice", note=_choice_note("scope") + "；不填为本机关"),
    Field(("year",), "报告年度（必填）", "year", note="如 2025"),
    Field(("previous_year",), "上年度报告输入文件", "path",
          note="上年度的 .xlsx/.yaml/.json/.toml 文件路径（相对本工作簿所在目录），用于同比和核对结转；可不填"),
] + [Field(f.path, f.label, "text") for f in _model_fields(Publication, ("publication",))]

_ASPECTS = ("active_disclosure", "application_handling", "information_management", "platforms", "oversight")
FACT_SECTIONS: list[tuple[str, list[Field]]] = [
    (Facts.model_fields[a].title or a, _model_fields(Facts.model_fields[a].annotation, ("facts", a)))
    for a in _ASPECTS
]
SIX_FIELDS: list[Field] = [
    Field(("fees", "information_processing_fee_yuan"), "信息处理费（元）", "amount", "元",
          note="本年度实际收取的信息处理费，未收取填0"),
    *_model_fields(Facts.model_fields["proposals"].annotation, ("facts", "proposals")),
    Field(("facts", "key_points"), "落实年度政务公开工作要点情况", "text"),
    Field(("facts", "other_matters"), "其他需要报告的事项", "texts", note="每行一项"),
]
KV_SHEETS: dict[str, list[Field]] = {
    AGENCY_SHEET: AGENCY_FIELDS,
    FACTS_SHEET: [f for _, fields in FACT_SECTIONS for f in fields],
    SIX_SHEET: SIX_FIELDS,
}
_VALUE_WIDTH = 44
KV_HEADERS = ("事项", "名称", "值", "单位", "约数", "说明", "键")
AGENCY_HEADERS = ("事项", "值", "说明", "键")
PROBLEM_HEADERS = ("类别", "问题表述", "问题类别（短语库主题）", "上年度报告提出的改进措施",
                   "整改措施（上年度问题：本年度已做的工作；本年度问题：拟采取的改进措施）")
PROBLEM_KEYS = ("kind", "text", "topic", "planned", "actions")
EMPTY_MARKS = {"previous": ("B2", "上年度报告未列问题（确认为空列表时填“是”）"),
               "current": ("B3", "本年度确认不另列问题（填“是”；草稿只列数据显示的问题）")}


def _key_text(path: Path_) -> str:
    return ".".join(map(str, path))


FIELDS_BY_KEY: dict[str, tuple[str, Field]] = {
    _key_text(f.path): (sheet, f) for sheet, fields in KV_SHEETS.items() for f in fields
}


# ---------------------------------------------------------------- writing


def _topics() -> list[tuple[str, str]]:
    from .phrasebank import load_bank

    return [(t.id, t.label) for t in load_bank().topics.values()]


def _get(doc: Any, path: Path_) -> Any:
    for key in path:
        if isinstance(doc, dict):
            doc = doc.get(key)
        else:
            return None
    return doc


def document(report: ReportInput) -> dict[str, Any]:
    """The report as a plain document (ApproxInt as "5500余", Decimal kept), without ``previous_year``."""
    return report.model_dump(exclude={"previous_year"})


def write_workbook(doc: dict[str, Any], previous: str | None = None, blank_zeros: bool = False) -> bytes:
    """The workbook for ``doc`` (a document as :func:`document` returns, or a partial one for ``init``);
    ``previous`` is the path of last year's input relative to the workbook. Returns the .xlsx bytes."""
    from openpyxl import Workbook

    wb = Workbook()
    st = _Styles()
    _write_readme(wb.active, st)
    _write_kv(wb.create_sheet(AGENCY_SHEET), AGENCY_FIELDS, {**doc, "previous_year": previous}, st,
              "机关和年度（带“必填”的必须填写）", agency=True)
    for table, (layout, slots) in geometry().items():
        _write_table(wb.create_sheet(TABLE_SHEETS[table]), table, layout, slots, doc, st, blank_zeros)
    facts_rows: list[Field | str] = []
    for title, fields in FACT_SECTIONS:
        facts_rows.append(title)
        facts_rows.extend(fields)
    _write_kv(wb.create_sheet(FACTS_SHEET), facts_rows, doc, st,
              "一、总体情况可引用的事实（均可不填；不填的报告不提及，而在该处留下【待补充：…】）")
    _write_problems(wb.create_sheet(PROBLEMS_SHEET), doc.get("problems") or {}, st)
    _write_kv(wb.create_sheet(SIX_SHEET), SIX_FIELDS, doc, st, "六、其他需要报告的事项")
    _write_options(wb.create_sheet(OPTIONS_SHEET))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


class _Styles:
    def __init__(self) -> None:
        from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side

        thin = Side(style="thin", color="808080")
        self.border = Border(left=thin, right=thin, top=thin, bottom=thin)
        self.header_fill = PatternFill("solid", fgColor="EDEDED")
        self.input_fill = PatternFill("solid", fgColor="FFF9DB")
        self.formula_fill = PatternFill("solid", fgColor="E2EFDA")
        self.bold = Font(bold=True)
        self.title = Font(bold=True, size=14)
        self.grey = Font(color="808080", size=9)
        self.center = Alignment(horizontal="center", vertical="center", wrap_text=True)
        self.left = Alignment(horizontal="left", vertical="center", wrap_text=True)
        self.unlocked = Protection(locked=False)


def _print_wide(ws: Any) -> None:
    """Landscape A4, one page wide (as the official tables are printed), as many pages long as needed."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0


def _protect(ws: Any, rows: bool = False) -> None:
    """Protect the sheet without a password; column widths may change, rows may be added where lists grow."""
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.protection.formatRows = False
    if rows:
        ws.protection.insertRows = False
        ws.protection.deleteRows = False


def _count_validation(sqref: list[str], amount: bool = False) -> Any:
    from openpyxl.worksheet.datavalidation import DataValidation

    kind = "decimal" if amount else "whole"
    what = "非负数额（可带小数）" if amount else "非负整数"
    dv = DataValidation(type=kind, operator="greaterThanOrEqual", formula1="0", allow_blank=True,
                        showErrorMessage=True, errorTitle="请填写" + what,
                        error=f"此处应填写{what}，不加单位、不加千位分隔符，使用半角数字；没有的填0或留空。",
                        promptTitle="填写说明", prompt=f"{what}；空格按0计")
    dv.showInputMessage = True
    for ref in sqref:
        dv.add(ref)
    return dv


def _write_readme(ws: Any, st: _Styles) -> None:
    ws.title = README_SHEET
    lines = [
        "政府信息公开工作年度报告 填报工作簿（narrative 输入格式第1版）",
        "",
        "怎样填写：",
        "1. 在“机关和年度”填写机关全称、类别、层级和报告年度（带“必填”的必须填写）。",
        "2. 在“表二”“表三”“表四”的黄色单元格填写统计数字：只填半角数字，不加单位、不加千位分隔符（1234，不写1,234）；"
        "空格按0计。",
        "3. 绿色单元格是公式（总计和勾稽核对），自动计算，不要改写；表三下方“核对结果”应全部显示“一致”。",
        "4. “事实”“六”按行填写“值”列：计数填整数，可写约数如“5500余”；文字事项每行一项，行不够可在该项下方插入行"
        "（插入的行“事项”“键”两列留空，即接续上一行的列表）。不填的事实报告不提及。",
        "5. “问题”每行一个问题：类别选“上年度”或“本年度”；措施可在一个单元格内分行填写（Alt+Enter），每行一条。",
        "6. 工作表已保护（无密码），只防止误改标签；请勿插入或删除表二至表四的行列、勿合并单元格。",
        "",
        "填好后在命令行运行：narrative check 本文件.xlsx（核对），narrative draft 本文件.xlsx -o 报告.docx（起草）。",
        "核对结果中的位置写作“表三!D12”，即工作表“表三”的 D12 单元格。",
    ]
    for i, line in enumerate(lines, start=1):
        ws.cell(i, 1, line).alignment = st.left
    ws["A1"].font = st.title
    ws.column_dimensions["A"].width = 110
    _protect(ws)


def _write_options(ws: Any) -> None:
    """A hidden sheet holding the drop-down lists (lists longer than 255 characters cannot be inline)."""
    columns = [[f"{label}（{key}）" for key, label in CHOICES[name].items()] for name in ("kind", "level", "scope")]
    columns.append([f"{key}（{label}）" for key, label in _topics()])
    columns.append(list(PROBLEM_KINDS.values()))
    columns.append([YES])
    for c, values in enumerate(columns, start=1):
        for r, value in enumerate(values, start=1):
            ws.cell(r, c, value)
    ws.sheet_state = "hidden"
    _protect(ws)


def _option_range(col: int, n: int) -> str:
    return f"'{OPTIONS_SHEET}'!${_letter(col)}$1:${_letter(col)}${n}"


def _list_validation(ref: str, source: str) -> Any:
    from openpyxl.worksheet.datavalidation import DataValidation

    dv = DataValidation(type="list", formula1=source, allow_blank=True, showErrorMessage=True,
                        errorTitle="请从下拉列表中选择", error="请从下拉列表中选择")
    dv.add(ref)
    return dv


def _write_table(ws: Any, table: str, layout: Table, slots: list[Slot], doc: dict[str, Any], st: _Styles,
                 blank_zeros: bool) -> None:
    from openpyxl.formatting.rule import CellIsRule
    from openpyxl.styles import PatternFill

    title = TABLE_SHEETS[table]
    width = layout.columns
    ws["A1"] = f"{title}  {layout.caption}"
    ws["A1"].font = st.title
    ws.merge_cells(f"A1:{_letter(width)}1")
    ws["A2"] = ("黄色单元格填写数字（半角、非负整数，空格按0计）；绿色单元格为公式，自动计算。"
                + ("收费金额单位：万元，可带小数。" if table == "active_disclosure" else ""))
    ws["A2"].font = st.grey
    ws.merge_cells(f"A2:{_letter(width)}2")
    forms = formulas(slots)
    counts, amounts = [], []
    for slot in slots:
        cell = ws[slot.coord]
        if slot.merge:
            ws.merge_cells(slot.merge)
            for row in ws[slot.merge]:
                for part in row:
                    part.border = st.border
        cell.border = st.border
        if slot.text is not None:
            cell.value = slot.text
            cell.font, cell.alignment, cell.fill = st.bold, st.center, st.header_fill
        elif slot.formula:
            cell.value = forms[slot.coord]  # a stated total is not written: it was checked equal to the sum
            cell.fill, cell.alignment, cell.font = st.formula_fill, st.center, st.bold
        else:
            value = _get(doc, slot.path)
            if isinstance(value, Decimal):
                value = _number(value)
            cell.value = None if value is None or (blank_zeros and value == 0) else value
            cell.protection, cell.fill, cell.alignment = st.unlocked, st.input_fill, st.center
            (amounts if slot.amount else counts).append(slot.merge or slot.coord)
    if counts:
        ws.add_data_validation(_count_validation(counts))
    if amounts:
        ws.add_data_validation(_count_validation(amounts, amount=True))
    if table == "applications":
        first, rows = balance_rows(slots)
        labels = ("勾稽核对：一＋二（本年新收＋上年结转）", "三（七）总计＋四（结转下年度继续办理）", "核对结果")
        for i, label in enumerate(labels):
            r = first + i
            ws.cell(r, 1, label).font = st.bold
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=3)
            for c in range(4, 11):
                col = _letter(c)
                if i == 0:
                    value = f"={col}{rows['new_received']}+{col}{rows['carried_over']}"
                elif i == 1:
                    value = f"={col}{rows['results.total']}+{col}{rows['carried_forward']}"
                else:
                    value = f'=IF({col}{first}={col}{first + 1},"{CONSISTENT}","{INCONSISTENT}")'
                cell = ws.cell(r, c, value)
                cell.fill, cell.alignment, cell.border = st.formula_fill, st.center, st.border
        check = f"D{first + 2}:J{first + 2}"
        red = PatternFill("solid", fgColor="F8CBAD")
        ws.conditional_formatting.add(check, CellIsRule(operator="equal", formula=[f'"{INCONSISTENT}"'], fill=red))
        ws.cell(first + 3, 1, "核对结果出现“不一致”时，请检查该列：一＋二应等于三（七）总计＋四。").font = st.grey
    widths = {"active_disclosure": [26, 16, 16, 16], "applications": [8, 14, 34] + [10] * 7,
              "review_litigation": [9] * 15}[table]
    for c, w in enumerate(widths, start=1):
        ws.column_dimensions[_letter(c)].width = w
    for r in range(TOP, TOP + len(layout.rows)):
        ws.row_dimensions[r].height = 30 if table != "applications" else 22
    ws.freeze_panes = {"active_disclosure": "A3", "applications": "D6", "review_litigation": "A6"}[table]
    _print_wide(ws)
    _protect(ws)


def _write_kv(ws: Any, rows: list[Field | str], doc: dict[str, Any], st: _Styles, title: str,
              agency: bool = False) -> None:
    headers = AGENCY_HEADERS if agency else KV_HEADERS
    col = {h: i + 1 for i, h in enumerate(headers)}
    ws["A1"] = title
    ws["A1"].font = st.title
    for h, c in col.items():
        cell = ws.cell(2, c, h)
        cell.font, cell.fill, cell.border, cell.alignment = st.bold, st.header_fill, st.border, st.center
    r = 3
    counts, amounts, choices = [], [], []
    for item in rows:
        if isinstance(item, str):  # a section heading
            ws.cell(r, 1, item).font = st.bold
            r += 1
            continue
        value = _get(doc, item.path)
        if item.kind == "texts":
            entries: list[Any] = list(value or []) + [None] * SPARE_ROWS
        elif item.kind == "counts":
            entries = list(value or []) + [None] * SPARE_ROWS
        else:
            entries = [value]
        for entry in entries:
            ws.cell(r, col["事项"], item.label).alignment = st.left
            ws.cell(r, col["键"], _key_text(item.path)).font = st.grey
            if "说明" in col and item.note:
                ws.cell(r, col["说明"], item.note).font = st.grey
            value_cell = ws.cell(r, col["值"])
            unlocked = [value_cell]
            if item.kind == "counts":
                entry = entry or {}
                ws.cell(r, col["名称"], entry.get("label"))
                value_cell.value = entry.get("value")
                ws.cell(r, col["单位"], entry.get("unit"))
                ws.cell(r, col["约数"], YES if entry.get("approx") else None)
                unlocked += [ws.cell(r, col[h]) for h in ("名称", "单位", "约数")]
                counts.append(value_cell.coordinate)
                choices.append(ws.cell(r, col["约数"]).coordinate)
            else:
                value_cell.value = _cell_value(item, entry)
                if "单位" in col and item.unit:
                    ws.cell(r, col["单位"], item.unit)
                if item.kind in ("count", "year"):
                    counts.append(value_cell.coordinate)
                elif item.kind == "amount":
                    amounts.append(value_cell.coordinate)
                elif item.kind in ("text", "texts", "path"):
                    value_cell.number_format = "@"  # a postcode or phone typed as digits stays text
            for cell in unlocked:
                cell.protection, cell.fill, cell.border, cell.alignment = st.unlocked, st.input_fill, st.border, st.left
            if isinstance(value_cell.value, str) and len(value_cell.value) > _VALUE_WIDTH // 2:
                lines = -(-len(value_cell.value) // (_VALUE_WIDTH // 2 - 1))  # Chinese characters are two wide
                ws.row_dimensions[r].height = 15 * min(lines, 12)
            if item.kind == "choice":
                name = item.path[-1]
                n = len(CHOICES[name])
                ws.add_data_validation(_list_validation(value_cell.coordinate,
                                                        _option_range(("kind", "level", "scope").index(name) + 1, n)))
            r += 1
    if counts:
        ws.add_data_validation(_count_validation(counts))
    if amounts:
        ws.add_data_validation(_count_validation(amounts, amount=True))
    if choices:
        dv = _list_validation(choices[0], _option_range(6, 1))
        for ref in choices[1:]:
            dv.add(ref)
        ws.add_data_validation(dv)
    widths = {"事项": 36, "名称": 22, "值": _VALUE_WIDTH, "单位": 6, "约数": 6, "说明": 48, "键": 34}
    for h, c in col.items():
        ws.column_dimensions[_letter(c)].width = widths[h]
    ws.freeze_panes = "A3"
    _print_wide(ws)
    _protect(ws, rows=True)


def _cell_value(item: Field, value: Any) -> Any:
    if value is None:
        return None
    if item.kind == "choice":
        return f"{CHOICES[item.path[-1]].get(value, value)}（{value}）"
    if item.kind == "amount":
        return _number(value)
    return value


def _number(value: Decimal | int) -> int | float | str:
    """An amount as a spreadsheet number, or as decimal text when a float would not keep every digit."""
    if isinstance(value, Decimal):
        if value == value.to_integral_value() and abs(value) < 10**15:
            return int(value)
        if Decimal(repr(float(value))) == value:
            return float(value)
        return str(value)
    return value


def _write_problems(ws: Any, problems: dict[str, Any], st: _Styles) -> None:
    ws["A1"] = "五、存在的主要问题及改进情况（每行一个问题；措施可在单元格内分行填写，每行一条）"
    ws["A1"].font = st.title
    for kind, (coord, label) in EMPTY_MARKS.items():
        row = int(coord[1:])
        ws.cell(row, 1, label).font = st.grey
        cell = ws[coord]
        cell.value = YES if problems.get(kind) == [] else None
        cell.protection, cell.fill, cell.border = st.unlocked, st.input_fill, st.border
        ws.add_data_validation(_list_validation(coord, _option_range(6, 1)))
    head = 5
    for c, h in enumerate(PROBLEM_HEADERS, start=1):
        cell = ws.cell(head, c, h)
        cell.font, cell.fill, cell.border, cell.alignment = st.bold, st.header_fill, st.border, st.center
    r = head + 1
    items = [(kind, item) for kind in PROBLEM_KINDS for item in problems.get(kind) or []]
    for kind, item in items + [(None, None)] * SPARE_PROBLEMS:
        item = item or {}
        values = (PROBLEM_KINDS[kind] if kind else None, item.get("text"), _topic_cell(item.get("topic")),
                  "\n".join(item.get("planned") or []) or None, "\n".join(item.get("actions") or []) or None)
        for c, value in enumerate(values, start=1):
            cell = ws.cell(r, c, value)
            cell.protection, cell.fill, cell.border, cell.alignment = st.unlocked, st.input_fill, st.border, st.left
        lines = max((sum(-(-len(line) // 19) for line in str(v).split("\n")) for v in values[1:] if v), default=1)
        if lines > 1:
            ws.row_dimensions[r].height = 15 * min(lines, 15)
        r += 1
    topics = len(_topics())
    ws.add_data_validation(_list_validation(f"A{head + 1}:A{r + 200}", _option_range(5, len(PROBLEM_KINDS))))
    dv = _list_validation(f"C{head + 1}:C{r + 200}", _option_range(4, topics))
    dv.showErrorMessage = False  # a topic is optional and the bank may be extended; check reports S-TOPIC
    ws.add_data_validation(dv)
    for c, w in enumerate((10, 40, 30, 40, 50), start=1):
        ws.column_dimensions[_letter(c)].width = w
    ws.freeze_panes = f"A{head + 1}"
    _print_wide(ws)
    _protect(ws, rows=True)


def _topic_cell(topic: str | None) -> str | None:
    if topic is None:
        return None
    labels = dict(_topics())
    return f"{topic}（{labels[topic]}）" if topic in labels else topic


# ---------------------------------------------------------------- reading


class _Reader:
    """Collects the raw document, each key path's cell, and every finding (all of them, not the first)."""

    def __init__(self, file: str, data: bytes) -> None:
        self.file = file
        self.data = data
        self.raw: dict[str, Any] = {}
        self.cells: dict[Path_, str] = {}
        self.findings: list[Finding] = []
        self._values: Any = None

    def computed(self, where: str) -> Any:
        """The value a spreadsheet program computed and saved for a formula cell (None if never computed:
        a file written by a program and not yet opened and saved in Excel, WPS or LibreOffice)."""
        if self._values is None:
            from openpyxl import load_workbook

            self._values = load_workbook(io.BytesIO(self.data), data_only=True)
        sheet, coord = where.split("!")
        return self._values[sheet][coord].value

    def fail(self, code: str, path: Path_, cell: str, message: str, expected: Any = None, actual: Any = None,
             hint: str | None = None) -> None:
        loc = replace(location(path), file=self.file, cell=cell)
        self.findings.append(Finding(code, "error", loc, message,
                                     None if expected is None else str(expected),
                                     None if actual is None else str(actual), hint))

    def put(self, path: Path_, value: Any, cell: str) -> None:
        target = self.raw
        for key in path[:-1]:
            target = target.setdefault(key, {})  # type: ignore[assignment]
        target[path[-1]] = value  # type: ignore[index]
        self.cells[path] = cell


def read_workbook(data: bytes, file: str) -> tuple[dict[str, Any], dict[Path_, str]]:
    """Read a workbook into a raw input mapping and a map from key paths to cells (``表三!D12``)."""
    from openpyxl import load_workbook

    _within_bounds(data, file)
    try:
        wb = load_workbook(io.BytesIO(data), data_only=False)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as exc:
        raise NarrativeError([Finding("L-SYNTAX", "error", Location(file=file),
                                      f"无法读取 Excel 工作簿（文件损坏，或不是 .xlsx 格式）：{type(exc).__name__}",
                                      "Excel 工作簿（.xlsx）", "无法打开")]) from None
    for ws in wb.worksheets:
        if ws.max_row > MAX_ROWS or ws.max_column > MAX_COLUMNS:
            raise NarrativeError([Finding(
                "L-TOO-MANY", "error", Location(file=file, cell=f"{ws.title}!{_letter(ws.max_column)}{ws.max_row}"),
                f"工作表“{ws.title}”用到了第{ws.max_row}行、第{ws.max_column}列，超过上限（{MAX_ROWS}行、{MAX_COLUMNS}列）",
                f"至多{MAX_ROWS}行、{MAX_COLUMNS}列", f"{ws.max_row}行、{ws.max_column}列",
                "请删除表格下方或右侧多余的内容（全选多余的行，右键删除）")])
    reader = _Reader(file, data)
    missing = [name for name in (AGENCY_SHEET, *TABLE_SHEETS.values()) if name not in wb.sheetnames]
    if missing:
        for name in missing:
            reader.fail("W-LAYOUT", (), f"{name}!A1", f"工作簿缺少工作表“{name}”（工作表被删除或改名？）",
                        f"工作表“{name}”", "没有", "请用 narrative init --format xlsx 生成的工作簿填写")
        raise NarrativeError(reader.findings)
    _read_kv(wb[AGENCY_SHEET], AGENCY_SHEET, reader)
    for table, (_, slots) in geometry().items():
        _read_table(wb[TABLE_SHEETS[table]], TABLE_SHEETS[table], slots, reader)
    for name in (FACTS_SHEET, SIX_SHEET):
        if name in wb.sheetnames:
            _read_kv(wb[name], name, reader)
    if PROBLEMS_SHEET in wb.sheetnames:
        _read_problems(wb[PROBLEMS_SHEET], reader)
    if reader.findings:
        raise NarrativeError(reader.findings)
    reader.raw.setdefault("schema_version", 1)
    return reader.raw, reader.cells


#: A workbook's sheets may use at most this many rows and columns; its parts may unpack to at most this many
#: bytes (a small .xlsx that unpacks to gigabytes is refused before it is parsed).
MAX_ROWS, MAX_COLUMNS, MAX_UNPACKED = 5000, 60, 64 * 1024 * 1024


def _within_bounds(data: bytes, file: str) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError):
        return  # not a zip at all: openpyxl's error below says the file is not a workbook
    if unpacked > MAX_UNPACKED:
        raise NarrativeError([Finding("L-TOO-LARGE", "error", Location(file=file),
                                      f"工作簿解压后超过 {MAX_UNPACKED} 字节，未解析",
                                      f"解压后至多 {MAX_UNPACKED} 字节", f"{unpacked} 字节")])


def _text(value: Any) -> str:
    return str(value).replace("\u3000", " ").strip()


def _merged_parts(ws: Any) -> dict[str, str]:
    """Cell → the merged range covering it (for every merged range of the sheet)."""
    out = {}
    for rng in ws.merged_cells.ranges:
        for row in rng.rows:
            for r, c in row:
                out[f"{_letter(c)}{r}"] = str(rng)
    return out


def _read_table(ws: Any, sheet: str, slots: list[Slot], reader: _Reader) -> None:
    merged = _merged_parts(ws)
    expected_merges = {s.merge for s in slots if s.merge}
    table = next(s.path[0] for s in slots if s.path)
    reader.cells[(table,)] = f"{sheet}!A1"
    layout_broken = False
    for slot in slots:
        where = f"{sheet}!{slot.coord}"
        if slot.text is not None:
            actual = ws[slot.coord].value
            if _squash(actual) != _squash(slot.text) and not layout_broken:
                layout_broken = True
                reader.fail("W-LAYOUT", (table,), where,
                            f"{where} 应为标签“{slot.text}”，实际为“{'' if actual is None else actual}”："
                            "表格的行列被插入、删除或改动，无法确定各数字所在的行列",
                            slot.text, actual, "请勿在表二至表四中插入或删除行列、改写标签；"
                            "可用 narrative init --format xlsx 重新生成，再把数字填回")
            continue
        assert slot.path is not None
        row_path = slot.path[:-1]
        if row_path not in reader.cells:
            reader.cells[row_path] = where
        if layout_broken:
            continue
        cover = merged.get(slot.coord)
        if cover is not None and cover not in expected_merges and not cover.startswith(f"{slot.coord}:"):
            reader.fail("W-MERGED", slot.path, where,
                        f"{where} 被合并进了单元格区域 {cover}：合并后只有左上角的数字能被读取，其余的会丢失",
                        "未合并的单元格", f"合并区域 {cover}", "请取消合并（开始 › 合并居中 › 取消合并），每格填一个数")
            continue
        value = ws[slot.coord].value
        if slot.formula:
            if value is None or (isinstance(value, str) and value.startswith("=")) \
                    or not isinstance(value, (int, float, str)):
                continue  # the formula (plain, shared or array) is not read: the total is computed
            number = _parse_number(value, slot.path, where, reader, amount=False)
            if number is not None:
                reader.put(slot.path, number, where)
            continue
        number = _parse_number(value, slot.path, where, reader, amount=slot.amount)
        if number is not None:
            reader.put(slot.path, number, where)
        else:
            reader.cells[slot.path] = where
    if table == "applications" and not layout_broken:
        first, _ = balance_rows(slots)
        for c, column in enumerate(APPLICANT_COLUMNS + ("total",)):
            reader.cells[(table, column)] = f"{sheet}!{_letter(4 + c)}{first + 2}"
    if not layout_broken:
        width = max(s.col for s in slots)
        _extra_numbers(ws, sheet, {s.coord for s in slots}, max(s.row for s in slots), width, reader, table)


def _squash(value: Any) -> str:
    return re.sub(r"\s+", "", str(value or ""))


def _extra_numbers(ws: Any, sheet: str, known: set[str], last_row: int, width: int, reader: _Reader,
                   table: str) -> None:
    """A number outside the input cells (in a cell a merged label used to cover, in a column to the table's right,
    in a row added below) is never read silently."""
    checks = 4 if table == "applications" else 0  # 表三's balance rows and their note
    for row in ws.iter_rows(min_row=TOP):
        for cell in row:
            value = cell.value
            if value is None or cell.coordinate in known:
                continue
            if cell.column <= width and last_row < cell.row <= last_row + checks:
                continue  # 表三's balance rows (labels and formulas)
            if isinstance(value, (int, float)) or (isinstance(value, str) and re.search(r"\d", value)
                                                     and not value.startswith("=")):
                where = f"{sheet}!{cell.coordinate}"
                reader.fail("W-EXTRA", (table,), where,
                            f"{where} 在表格之外填了“{value}”：不属于任何统计项，不会被读取",
                            "表格内的黄色单元格", value, "请把数字填入表格中对应的单元格，或删除它")


def _parse_number(value: Any, path: Path_, where: str, reader: _Reader, amount: bool = False,
                  approx: bool = False, blank: Any = 0) -> Any:
    """A cell's number, or None after recording a finding; a blank cell is ``blank`` (0 in the tables)."""
    label = location(path).labels[-1] if path else where
    what = "非负数额" if amount else "非负整数"
    if value is None:
        return blank
    if isinstance(value, bool):
        reader.fail("W-TEXT", path, where, f"{where}（{label}）应为{what}，实际为逻辑值 {value}", what, value)
        return None
    if isinstance(value, int):
        if value < 0:
            reader.fail("T2-NONNEG", path, where, f"{where}（{label}）应为{what}，实际为负数 {value}", what, value)
            return None
        return Decimal(value) if amount else value
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")) or value < 0:
            reader.fail("T2-NONNEG", path, where, f"{where}（{label}）应为{what}，实际为 {value}", what, value)
            return None
        if amount:
            return Decimal(repr(value))
        if value.is_integer():
            return int(value)
        reader.fail("T2-NONNEG", path, where, f"{where}（{label}）应为{what}（不带小数），实际为 {value}", what, value)
        return None
    if not isinstance(value, str):  # a date or time: the cell is formatted as a date
        reader.fail("W-TEXT", path, where, f"{where}（{label}）应为{what}，实际为日期或时间 {value}"
                    "（单元格被设置成了日期格式）", what, value, "请把单元格格式改为“常规”后重新填写数字")
        return None
    text = _text(value)
    if not text:
        return blank
    if text.startswith("="):  # a clerk's own formula (=12+3, a sum of sub-units): what the program computed
        shown = reader.computed(where)
        if isinstance(shown, (int, float)) and not isinstance(shown, bool):
            return _parse_number(shown, path, where, reader, amount, approx, blank)
        reader.fail("W-TEXT", path, where, f"{where}（{label}）是公式 {text}，文件中没有它的计算结果", what, text,
                    "请在 Excel、WPS 或 LibreOffice 中打开并保存一次（保存计算结果），或直接填写数字")
        return None
    plain = text.translate(_FULLWIDTH)
    if _THOUSANDS.fullmatch(plain):
        bare = plain.replace(",", "")
        reader.fail("W-THOUSANDS", path, where,
                    f"{where}（{label}）的“{text}”带有千位分隔符，应直接填写“{bare}”", bare, text,
                    "请去掉逗号（半角、全角逗号都不要）；单元格显示的逗号若是数字格式造成的，无需修改")
        return None
    if plain != text:
        reader.fail("W-FULLWIDTH", path, where,
                    f"{where}（{label}）的“{text}”使用了全角字符，应为半角数字“{plain}”", plain, text,
                    "请切换到半角输入（Shift+空格）后重新输入，或直接填写半角数字")
        return None
    if approx and _APPROX.fullmatch(text):
        return text
    if re.fullmatch(r"\d+", text):
        return Decimal(text) if amount else int(text)
    if amount and re.fullmatch(r"\d+\.\d+", text):
        return Decimal(text)
    if re.fullmatch(r"-\s*\d+(\.\d+)?", text) or re.fullmatch(r"\d+\.\d+", text):
        reader.fail("T2-NONNEG", path, where, f"{where}（{label}）应为{what}，实际为“{text}”", what, text)
        return None
    digits = re.match(r"\d+(\.\d+)?", text)
    hint = f"请只填数字“{digits.group(0)}”，单位已在表中给出" if digits else "没有的请填0或留空"
    reader.fail("W-TEXT", path, where, f"{where}（{label}）应为{what}，实际为文字“{text}”", what, text, hint)
    return None


def _header_columns(ws: Any, required: tuple[str, ...]) -> tuple[int, dict[str, int]] | None:
    for r in range(1, 8):
        names = {_text(c.value): c.column for c in ws[r] if c.value is not None}
        if all(h in names for h in required):
            return r, names
    return None


def _read_kv(ws: Any, sheet: str, reader: _Reader) -> None:
    found = _header_columns(ws, ("事项", "值", "键"))
    if found is None:
        reader.fail("W-LAYOUT", (), f"{sheet}!A2", f"工作表“{sheet}”找不到标题行（事项、值、键）",
                    "事项、值、键", "没有", "请勿删除标题行")
        return
    head, col = found
    lists: dict[Path_, int] = {}
    seen: dict[Path_, str] = {}
    previous_list: tuple[Path_, Field] | None = None
    for r in range(head + 1, ws.max_row + 1):
        def at(h: str) -> tuple[Any, str]:
            c = col.get(h)
            return (ws.cell(r, c).value, f"{sheet}!{_letter(c)}{r}") if c else (None, "")

        key, key_at = at("键")
        value, value_at = at("值")
        label_value, label_at = at("名称")
        unit, unit_at = at("单位")
        approx, approx_at = at("约数")
        item_given = any(v is not None and _text(v) for v in (value, label_value, unit, approx))
        if key is None or not _text(key):
            title, _ = at("事项")
            if previous_list is not None and (title is None or not _text(title)):
                path, field = previous_list
            else:
                if item_given:
                    reader.fail("W-EXTRA", (), value_at or key_at,
                                f"{sheet} 第{r}行填了内容，但“键”列为空，无法确定是哪一项",
                                "“键”列写明字段", "空", "请在已有的行中填写，或复制带“键”的一行再改")
                previous_list = None
                continue
        else:
            key_text = _text(key)
            entry = FIELDS_BY_KEY.get(key_text)
            if entry is None or entry[0] != sheet:
                reader.fail("S-UNKNOWN-KEY", (), key_at, f"{key_at} 的键“{key_text}”不是本工作表的填报项",
                            "本工作表原有的键", key_text, "请勿改动“键”列")
                previous_list = None
                continue
            field = entry[1]
            path = field.path
            previous_list = (path, field) if field.kind in ("texts", "counts") else None
        if field.kind == "texts":
            if value is None or not _text(value):
                continue
            i = lists.get(path, 0)
            lists[path] = i + 1
            _append(reader, path, _text(value) if not isinstance(value, (int, float)) else _plain(value),
                    value_at, i)
            continue
        if field.kind == "counts":
            if not item_given:
                continue
            i = lists.get(path, 0)
            lists[path] = i + 1
            item: dict[str, Any] = {}
            number = _parse_number(value, path + (i, "value"), value_at, reader, approx=True, blank=None)
            if number is not None:
                item["value"] = number
            for name, v in (("label", label_value), ("unit", unit)):
                if v is not None and _text(v):
                    item[name] = _text(v) if not isinstance(v, (int, float)) else _plain(v)
            if approx is not None and _text(approx):
                if _text(approx) in (YES, "否"):
                    item["approx"] = _text(approx) == YES
                else:
                    reader.fail("S-CHOICE", path + (i, "approx"), approx_at,
                                f"{approx_at}（约数）应填“是”或留空，实际为“{approx}”", "是 或 空", approx)
            _append(reader, path, item, value_at, i)
            for name, where in (("label", label_at), ("value", value_at), ("unit", unit_at), ("approx", approx_at)):
                reader.cells[path + (i, name)] = where
            continue
        if path in seen:
            reader.fail("S-DUPLICATE-KEY", path, key_at, f"“{_key_text(path)}”出现两次（{seen[path]} 和 {key_at}）",
                        "只出现一次", "出现两次")
            continue
        seen[path] = key_at
        reader.cells[path] = value_at
        if value is None or (isinstance(value, str) and not _text(value)):
            continue  # not given
        parsed = _kv_value(field, value, value_at, reader)
        if parsed is not None:
            reader.put(path, parsed, value_at)


def _plain(value: int | float) -> str:
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)


def _append(reader: _Reader, path: Path_, value: Any, cell: str, i: int) -> None:
    target = reader.raw
    for key in path[:-1]:
        target = target.setdefault(key, {})  # type: ignore[assignment]
    target.setdefault(path[-1], []).append(value)  # type: ignore[union-attr]
    reader.cells.setdefault(path, cell)
    reader.cells[path + (i,)] = cell


def _kv_value(field: Field, value: Any, where: str, reader: _Reader) -> Any:
    if field.kind in ("count", "year"):
        return _parse_number(value, field.path, where, reader, approx=field.kind == "count", blank=None)
    if field.kind == "amount":
        return _parse_number(value, field.path, where, reader, amount=True, blank=None)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = _plain(value)
    text = _text(value)
    if field.kind == "choice":
        return _choice(field, text, where, reader)
    return text


def _choice(field: Field, text: str, where: str, reader: _Reader) -> str | None:
    """A drop-down value: ``人民政府（government）``, the Chinese label alone, or the key alone."""
    options = CHOICES[field.path[-1]]
    match = re.fullmatch(r"(.*)（(\w+)）", text)
    for candidate in ((match.group(2), match.group(1)) if match else (text,)):
        if candidate in options:
            return candidate
        for key, label in options.items():
            if candidate == label:
                return key
    allowed = "、".join(f"{label}（{key}）" for key, label in options.items())
    reader.fail("S-CHOICE", field.path, where, f"{where}（{field.label}）应从下拉列表中选择：{allowed}；实际为“{text}”",
                allowed, text)
    return None


def _lines(value: Any) -> list[str]:
    if value is None:
        return []
    text = _plain(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else str(value)
    return [line.strip() for line in text.replace("\r", "\n").split("\n") if line.strip()]


def _read_problems(ws: Any, reader: _Reader) -> None:
    found = _header_columns(ws, ("类别", "问题表述"))
    if found is None:
        reader.fail("W-LAYOUT", ("problems",), f"{PROBLEMS_SHEET}!A5", "工作表“问题”找不到标题行（类别、问题表述……）",
                    "、".join(PROBLEM_HEADERS[:2]), "没有", "请勿删除标题行")
        return
    head, names = found
    col = {key: names.get(h) for key, h in zip(PROBLEM_KEYS, PROBLEM_HEADERS)}
    if col["actions"] is None:  # the long header may have been shortened; take the column after planned
        col["actions"] = names.get("整改措施")
    by_label = {label: kind for kind, label in PROBLEM_KINDS.items()}
    lists: dict[str, list[dict[str, Any]]] = {}
    for r in range(head + 1, ws.max_row + 1):
        cells = {k: (ws.cell(r, c).value if c else None, f"{PROBLEMS_SHEET}!{_letter(c)}{r}" if c else "")
                 for k, c in col.items()}
        given = {k: v for k, (v, _) in cells.items() if v is not None and _text(v)}
        if not given:
            continue
        kind_text = _text(given.get("kind", ""))
        kind = by_label.get(kind_text) or (kind_text if kind_text in PROBLEM_KINDS else None)
        if kind is None:
            where = cells["kind"][1]
            reader.fail("S-CHOICE", ("problems",), where,
                        f"{where}（类别）应选“上年度”或“本年度”，实际为“{kind_text or '空'}”", "上年度 或 本年度",
                        kind_text or "空", "每个问题都要选择类别")
            continue
        i = len(lists.setdefault(kind, []))
        item: dict[str, Any] = {}
        path = ("problems", kind, i)
        reader.cells[path] = cells["text"][1]
        if "text" in given:
            item["text"] = _text(given["text"]) if isinstance(given["text"], str) else _plain(given["text"])
        if "topic" in given:
            topic = _text(given["topic"])
            match = re.fullmatch(r"(\w+)（.*）", topic)
            labels = {label: key for key, label in _topics()}
            item["topic"] = match.group(1) if match else labels.get(topic, topic)
        for name in ("actions", "planned"):
            entries = _lines(given.get(name))
            if entries:
                item[name] = entries
                for j, _ in enumerate(entries):
                    reader.cells[path + (name, j)] = cells[name][1]
        for name, (_, where) in cells.items():
            if name != "kind":
                reader.cells[path + (name,)] = where
        lists[kind].append(item)
    for kind, (coord, _) in EMPTY_MARKS.items():
        mark = ws[coord].value
        where = f"{PROBLEMS_SHEET}!{coord}"
        if mark is not None and _text(mark) and _text(mark) != "否":
            if _text(mark) != YES:
                reader.fail("S-CHOICE", ("problems", kind), where, f"{where} 应填“是”或留空，实际为“{mark}”", "是 或 空",
                            mark)
            elif lists.get(kind):
                reader.fail("S-VALUE", ("problems", kind), where,
                            f"{where} 确认{PROBLEM_KINDS[kind]}不列问题，但下表列了{len(lists[kind])}个{PROBLEM_KINDS[kind]}问题",
                            "二者取一", "都填了", f"请清空 {where}，或删除下表中的{PROBLEM_KINDS[kind]}问题")
            else:
                lists[kind] = []
        reader.cells.setdefault(("problems", kind), where)
    if lists:
        reader.raw["problems"] = lists


def iter_input_cells() -> Iterator[tuple[str, str, Path_]]:
    """(sheet, coordinate, key path) of every table input cell: for tests and tools that fill a workbook."""
    for table, (_, slots) in geometry().items():
        for slot in slots:
            if slot.path is not None and not slot.formula:
                yield TABLE_SHEETS[table], slot.coord, slot.path


def cell_of(path: str) -> str:
    """``表三!D6`` for a table key path such as ``applications.new_received.natural_person``."""
    parts = _key_path(path)
    for table, (_, slots) in geometry().items():
        for slot in slots:
            if slot.path == parts:
                return f"{TABLE_SHEETS[table]}!{slot.coord}"
    raise KeyError(path)


__all__ = ["document", "read_workbook", "write_workbook", "cell_of", "geometry", "TABLE_SHEETS"]
