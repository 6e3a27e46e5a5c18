"""The three statutory tables in the official layout of 国办公开办函〔2021〕30号, as a grid of cells
with row and column spans, from which every renderer (text, Markdown, HTML, DOCX) draws.

The grid follows HTML semantics: each row lists only the cells that start in it; a cell spanning rows or
columns occupies the positions below and to its right. Data cells carry the key path of the figure they
show, so tests can compare every shown cell with the input.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from .model import ReportInput
from .tables import APPLICANT_COLUMNS, ApplicantRow, OutcomeGroup
from .typography import format_decimal

T3_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
ORG_COLUMNS = ("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")
OUTCOMES = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")


@dataclass(frozen=True)
class Cell:
    """One cell: its text, spans, whether it is a header, and for a figure the input key path it shows."""

    text: str
    rowspan: int = 1
    colspan: int = 1
    header: bool = False
    key: str | None = None

    def __hash__(self) -> int:
        """Hashed once: cells are immutable, shared between reports, and every renderer looks them up."""
        try:
            return self.__dict__["_hash"]  # type: ignore[no-any-return]
        except KeyError:
            value = hash((self.text, self.rowspan, self.colspan, self.header, self.key))
            object.__setattr__(self, "_hash", value)
            return value

    def __getstate__(self) -> dict[str, object]:
        """The fields only: a string's hash differs from one process to the next."""
        return {name: value for name, value in self.__dict__.items() if name != "_hash"}


@dataclass(frozen=True)
class Table:
    """A table: ``rows`` of cells (HTML semantics), ``columns`` the grid width, ``header_rows`` how many
    leading rows are headings."""

    key: str
    caption: str
    columns: int
    rows: tuple[tuple[Cell, ...], ...]
    header_rows: int = 0

    def grid(self) -> list[list[Cell | None]]:
        """The table as a full rectangle: each position holds the cell that starts there, or None where a
        span from above or the left covers it (what a renderer without spans needs)."""
        height = len(self.rows)
        grid: list[list[Cell | None]] = [[None] * self.columns for _ in range(height)]
        covered = [[False] * self.columns for _ in range(height)]
        for r, row in enumerate(self.rows):
            c = 0
            for cell in row:
                while c < self.columns and covered[r][c]:
                    c += 1
                if c + cell.colspan > self.columns or r + cell.rowspan > height:
                    raise ValueError(f"{self.key}: cell {cell.text!r} at row {r}, column {c} does not fit the grid")
                grid[r][c] = cell
                for dr in range(cell.rowspan):
                    for dc in range(cell.colspan):
                        covered[r + dr][c + dc] = True
                c += cell.colspan
            if not all(covered[r]):
                raise ValueError(f"{self.key}: row {r} leaves a gap")
        return grid

    def data_cells(self) -> list[Cell]:
        return [cell for row in self.rows for cell in row if cell.key is not None]


@lru_cache(maxsize=1024)
def _h(text: str, rowspan: int = 1, colspan: int = 1) -> Cell:
    """A heading cell (the same few dozen in every report: one immutable object each)."""
    return Cell(text, rowspan, colspan, header=True)


def _n(value: int | Decimal, key: str, colspan: int = 1) -> Cell:
    if type(value) is int:
        return _figure(value, key, colspan)
    text = format_decimal(value) if isinstance(value, Decimal) else str(value)
    return Cell(text, colspan=colspan, key=key)


@lru_cache(maxsize=16384)
def _figure(value: int, key: str, colspan: int) -> Cell:
    """An integer figure's cell: most cells of most reports are the same small numbers at the same keys
    (zeros above all), and cells are immutable."""
    return Cell(str(value), colspan=colspan, key=key)


def table2(report: ReportInput) -> Table:
    """表二 主动公开政府信息情况."""
    t2, base = report.active_disclosure, "active_disclosure"
    rows: list[tuple[Cell, ...]] = [
        (_h("第二十条第（一）项", colspan=4),),
        (_h("信息内容"), _h("本年制发件数"), _h("本年废止件数"), _h("现行有效件数")),
    ]
    for key, label in (("regulations", "规章"), ("normative_documents", "行政规范性文件")):
        doc = getattr(t2, key)
        rows.append((_h(label),) + tuple(_n(getattr(doc, f), f"{base}.{key}.{f}")
                                         for f in ("issued", "repealed", "in_force")))
    for item, entries, head in (("第二十条第（五）项", (("licensing", "行政许可"),), "本年处理决定数量"),
                                ("第二十条第（六）项", (("punishment", "行政处罚"), ("coercion", "行政强制")),
                                 "本年处理决定数量"),
                                ("第二十条第（八）项", (("administrative_fees", "行政事业性收费"),),
                                 "本年收费金额（单位：万元）")):
        rows.append((_h(item, colspan=4),))
        rows.append((_h("信息内容"), _h(head, colspan=3)))
        for key, label in entries:
            rows.append((_h(label), _n(getattr(t2, key), f"{base}.{key}", colspan=3)))
    return Table("table2", "主动公开政府信息情况", 4, tuple(rows), header_rows=0)


def _row3(row: ApplicantRow, key: str) -> tuple[Cell, ...]:
    return tuple(map(_n, row.cells() + (row.sum,), _row3_keys(key)))


@lru_cache(maxsize=64)
def _row3_keys(key: str) -> tuple[str, ...]:
    """The key paths of a 表三 row's seven figures (the same 24 rows in every report)."""
    return tuple(f"{key}.{c}" for c in APPLICANT_COLUMNS) + (f"{key}.total",)


def table3(report: ReportInput) -> Table:
    """表三 收到和处理政府信息公开申请情况 (10 columns: three label columns and seven figures)."""
    apps, base = report.applications, "applications"
    res = apps.results
    rows: list[tuple[Cell, ...]] = [
        (_h(T3_NOTE, rowspan=3, colspan=3), _h("申请人情况", colspan=7)),
        (_h("自然人", rowspan=2), _h("法人或其他组织", colspan=5), _h("总计", rowspan=2)),
        tuple(_h(label) for label in ORG_COLUMNS),
        (_h("一、本年新收政府信息公开申请数量", colspan=3),) + _row3(apps.new_received, f"{base}.new_received"),
        (_h("二、上年结转政府信息公开申请数量", colspan=3),) + _row3(apps.carried_over, f"{base}.carried_over"),
    ]
    r = f"{base}.results"
    groups = [("not_disclosed", "（三）不予公开", res.not_disclosed), ("cannot_provide", "（四）无法提供", res.cannot_provide),
              ("not_processed", "（五）不予处理", res.not_processed), ("other", "（六）其他处理", res.other)]
    result_rows = 2 + sum(len(type(g).model_fields) for _, _, g in groups) + 1
    rows.append((_h("三、本年度办理结果", rowspan=result_rows), _h("（一）予以公开", colspan=2))
                + _row3(res.disclosed, f"{r}.disclosed"))
    rows.append((_h("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", colspan=2),)
                + _row3(res.partially_disclosed, f"{r}.partially_disclosed"))
    for key, label, group in groups:
        fields = type(group).model_fields
        for i, (name, field) in enumerate(fields.items()):
            lead = (_h(label, rowspan=len(fields)),) if i == 0 else ()
            rows.append(lead + (_h(field.title or name),) + _row3(getattr(group, name), f"{r}.{key}.{name}"))
    totals = res.column_sums()
    rows.append((_h("（七）总计", colspan=2),) + tuple(_n(v, f"{r}.total.{c}") for v, c in zip(totals, APPLICANT_COLUMNS))
                + (_n(sum(totals), f"{r}.total.total"),))
    rows.append((_h("四、结转下年度继续办理", colspan=3),) + _row3(apps.carried_forward, f"{base}.carried_forward"))
    return Table("table3", "收到和处理政府信息公开申请情况", 10, tuple(rows), header_rows=3)


def _group4(group: OutcomeGroup, key: str) -> tuple[Cell, ...]:
    values = (group.upheld, group.corrected, group.other, group.pending, group.sum)
    names = ("upheld", "corrected", "other", "pending", "total")
    return tuple(_n(v, f"{key}.{n}") for v, n in zip(values, names))


def table4(report: ReportInput) -> Table:
    """表四 政府信息公开行政复议、行政诉讼情况 (one row of 15 figures under a two-level header)."""
    t4, base = report.review_litigation, "review_litigation"
    rows = (
        (_h("行政复议", colspan=5), _h("行政诉讼", colspan=10)),
        tuple(_h(o, rowspan=2) for o in OUTCOMES) + (_h("未经复议直接起诉", colspan=5), _h("复议后起诉", colspan=5)),
        tuple(_h(o) for o in OUTCOMES * 2),
        _group4(t4.review, f"{base}.review") + _group4(t4.litigation_direct, f"{base}.litigation_direct")
        + _group4(t4.litigation_after_review, f"{base}.litigation_after_review"),
    )
    return Table("table4", "政府信息公开行政复议、行政诉讼情况", 15, rows, header_rows=3)


def official_tables(report: ReportInput) -> tuple[Table, Table, Table]:
    return table2(report), table3(report), table4(report)
