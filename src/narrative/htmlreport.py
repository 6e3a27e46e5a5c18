"""A published report as a web page: its title, its text outside the tables, and its three official tables
read cell by cell (row and column spans expanded), each figure with its place."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from .findings import Finding, Location, NarrativeError
from .reading import COLUMN_LABELS, T2_ROWS, T2_SINGLE, T3_ROWS, T4_FIELDS, T4_GROUPS, Reader, clean, put
from .tables import APPLICANT_COLUMNS

MAX_PAGE = 20 * 1024 * 1024  # bytes: a report page is a few hundred KB

# ---------------------------------------------------------------- the page


@dataclass
class Grid:
    """A table as a rectangle of cell texts (spans expanded: a spanned position repeats the cell's text)."""

    rows: list[list[str]]

    def text(self) -> str:
        return "".join("".join(row) for row in self.rows)


@dataclass
class Page:
    title: str
    text: str  # the body text outside the tables, in reading order
    tables: list[Grid] = field(default_factory=list)


class _PageParser(HTMLParser):
    _SKIP = {"script", "style", "noscript"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.title, self.text_parts = "", []
        self.tables: list[list[list[tuple[str, int, int]]]] = []
        self._stack: list[list[list[tuple[str, int, int]]]] = []
        self._cell: list[Any] | None = None
        self._skip = 0
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._SKIP:
            self._skip += 1
        elif tag == "title":
            self._in_title = True
        elif tag == "table":
            self._stack.append([])
        elif tag == "tr" and self._stack:
            self._stack[-1].append([])
        elif tag in ("td", "th") and self._stack:
            if not self._stack[-1]:
                self._stack[-1].append([])
            values = dict(attrs)
            self._cell = ["", _span(values.get("rowspan")), _span(values.get("colspan"))]
        elif tag in ("br", "p", "div") and self._cell is None:
            self.text_parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP:
            self._skip = max(0, self._skip - 1)
        elif tag == "title":
            self._in_title = False
        elif tag in ("td", "th") and self._cell is not None and self._stack:
            self._stack[-1][-1].append((self._cell[0], self._cell[1], self._cell[2]))
            self._cell = None
        elif tag == "table" and self._stack:
            self.tables.append(self._stack.pop())
            self.text_parts.append("\n")
        elif tag in ("p", "div"):
            self.text_parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        if self._in_title:
            self.title += data
        elif self._cell is not None:
            self._cell[0] += data
        elif not self._stack:
            self.text_parts.append(data)


def _span(value: str | None) -> int:
    try:
        return max(1, min(int(value or 1), 200))
    except ValueError:
        return 1


def _expand(rows: list[list[tuple[str, int, int]]]) -> Grid:
    """HTML rows with spans → a full rectangle."""
    placed: dict[tuple[int, int], str] = {}
    width = 0
    for r, row in enumerate(rows):
        c = 0
        for text, rowspan, colspan in row:
            while (r, c) in placed:
                c += 1
            for dr in range(rowspan):
                for dc in range(colspan):
                    placed[(r + dr, c + dc)] = text
            c += colspan
            width = max(width, c)
    height = max((r for r, _ in placed), default=-1) + 1
    return Grid([[placed.get((r, c), "") for c in range(width)] for r in range(height)])


def read_html(path: Path) -> Page:
    data = path.read_bytes()
    if len(data) > MAX_PAGE:
        raise NarrativeError([Finding("L-TOO-LARGE", "error", Location(file=str(path)),
                                      f"网页超过{MAX_PAGE // 1024 // 1024}MB，未读取")])
    parser = _PageParser()
    parser.feed(data.decode("utf-8", errors="replace"))
    text = re.sub(r"[ \t\u3000\xa0]+", "", "".join(parser.text_parts))
    return Page(parser.title.strip(), text, [_expand(t) for t in parser.tables])


def _find(tables: list[Grid], *words: str) -> tuple[int, Grid] | None:
    for i, grid in enumerate(tables):
        text = clean(grid.text())
        if all(w in text for w in words):
            return i, grid
    return None


def _figures(row: list[str], labels: int) -> list[str]:
    """The figure cells of a row: everything after its ``labels`` label columns (by position, so that a
    figure printed with a stray character is still read as that figure's cell, and reported)."""
    return row[labels:]


def _table2(reader: Reader, grid: Grid) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for r, row in enumerate(grid.rows, start=1):
        label = clean(row[0]) if row else ""
        for word, key in T2_ROWS:
            if label.endswith(word) and len(label) <= len(word) + 2:
                cells = _figures(row, 1)
                if len(cells) != 3:
                    reader.error("I-TABLE", f"表二第{r}行“{label}”应有3个数字，实际读到{len(cells)}个")
                    continue
                values = {}
                for c, (name, text) in enumerate(zip(("issued", "repealed", "in_force"), cells), start=2):
                    value = reader.number(text, f"表二第{r}行第{c}列（{label}·{('本年制发件数', '本年废止件数', '现行有效件数')[c - 2]}）",
                                          f"active_disclosure.{key}.{name}")
                    if value is None and clean(text) == "":
                        reader.warn("I-BLANK", f"表二第{r}行第{c}列（{label}）为空，按0读取")
                        value = 0
                    values[name] = value
                out[key] = values
        for word, key in T2_SINGLE:
            if label == word:
                # a figure spanning three columns: repeated (HTML, Word) or blank after the first (PDF)
                figures = _figures(row, 1)
                distinct = list(dict.fromkeys(f for f in figures if clean(f))) or figures[:1]
                if len(distinct) != 1:
                    reader.error("I-TABLE", f"表二第{r}行“{label}”应有1个数字，实际读到{len(distinct)}个")
                    continue
                value = reader.number(distinct[0], f"表二第{r}行第2列（{label}）", f"active_disclosure.{key}",
                                      decimal=key == "administrative_fees")
                if value is None and clean(distinct[0]) == "":
                    reader.warn("I-BLANK", f"表二第{r}行第2列（{label}）为空，按0读取")
                    value = 0
                out[key] = value
    missing = [word for word, key in T2_ROWS + T2_SINGLE if key not in out]
    if missing:
        reader.error("I-TABLE", f"表二缺少以下行：{'、'.join(missing)}")
    return out


def _row7(reader: Reader, cells: list[str], r: int, label: str, key: str) -> list[int] | None:
    if len(cells) != 7:
        reader.error("I-TABLE", f"表三第{r}行“{label}”应有7个数字，实际读到{len(cells)}个")
        return None
    values: list[int | None] = []
    for c, text in enumerate(cells):
        column = APPLICANT_COLUMNS[c] if c < 6 else "total"
        values.append(reader.number(text, f"表三第{r}行第{c + 4}列（{label}·{COLUMN_LABELS[c]}）",
                                    f"applications.{key}.{column}"))  # type: ignore[arg-type]
    blanks = [c for c, text in enumerate(cells) if clean(text) == ""]
    bad = [c for c, v in enumerate(values) if v is None and c not in blanks]
    if bad:
        return None
    if len(blanks) == 1:
        c = blanks[0]
        known = [v for i, v in enumerate(values) if i != c and v is not None]
        if c == 6:
            value = sum(known)
        else:
            value = values[6] - (sum(known) - values[6])  # type: ignore[operator]
        if value < 0:
            reader.error("I-BLANK", f"表三第{r}行第{c + 4}列（{label}·{COLUMN_LABELS[c]}）为空，本行总计也无法推出它")
            return None
        reader.warn("I-BLANK", f"表三第{r}行第{c + 4}列（{label}·{COLUMN_LABELS[c]}）印为空白，按本行总计推出为{value}",
                    expected=str(value), actual="空白")
        values[c] = value
    elif blanks:
        reader.error("I-BLANK", f"表三第{r}行“{label}”有{len(blanks)}个空白单元格，无法确定",
                     actual="、".join(COLUMN_LABELS[c] for c in blanks))
        return None
    return [int(v) for v in values]  # type: ignore[arg-type]


def _table3(reader: Reader, grid: Grid) -> dict[str, Any]:
    first = next((i for i, row in enumerate(grid.rows) if "本年新收" in clean("".join(row))), None)
    width = len(grid.rows[0]) if grid.rows else 0
    if first is None or width < 8:
        reader.error("I-TABLE", "表三的结构与官方格式不符（找不到“一、本年新收…”一行，或不足8列）")
        return {}
    rows = [(r, row) for r, row in enumerate(grid.rows[first:], start=first + 1) if any(clean(t) for t in row)]
    spec = T3_ROWS
    if len(rows) == len(T3_ROWS) - 2 and any("其他处理" in clean("".join(row)) and "1." not in clean("".join(row))
                                            for _, row in rows):
        # （六）其他处理 printed as one row, as in the 2019 trial format: read as 3.其他, and say so
        spec = tuple(r for r in T3_ROWS if not r[0].startswith("results.other.") or r[0] == "results.other.other")
        spec = tuple(("results.other.other", "其他处理") if r[0] == "results.other.other" else r for r in spec)
        reader.warn("I-LAYOUT", "表三的“（六）其他处理”印为一行（没有1、2、3三个细项），按“3.其他”读取",
                    expected="三行细项", actual="一行")
    if len(rows) != len(spec):
        reader.error("I-TABLE", f"表三应有{len(T3_ROWS)}行数字，实际读到{len(rows)}行")
        return {}
    labels = width - 7
    out: dict[str, Any] = {}
    for (r, row), (key, word) in zip(rows, spec):
        label = clean("".join(dict.fromkeys(row[:labels])))
        leaf = clean(row[labels - 1]) or label  # a label spanning the label columns may sit in the first only
        if word not in leaf and word not in label:
            reader.error("I-TABLE", f"表三第{r}行的标签“{leaf}”与官方格式的第{spec.index((key, word)) + 1}行"
                         f"（应含“{word}”）不符", expected=word, actual=leaf)
            continue
        values = _row7(reader, _figures(row, labels), r, leaf, key)
        if values is None:
            continue
        put(out, key, {**dict(zip(APPLICANT_COLUMNS, values[:6])), "total": values[6]})
    return out


def _table4(reader: Reader, grid: Grid) -> dict[str, Any]:
    data = [(r, row) for r, row in enumerate(grid.rows, start=1)
            if row and all(re.fullmatch(r"\d*", clean(t)) for t in row) and any(clean(t) for t in row)]
    if len(data) != 1 or len(data[0][1]) != 15:
        reader.error("I-TABLE", "表四应有一行15个数字", actual=f"{len(data)}行")
        return {}
    r, row = data[0]
    out: dict[str, Any] = {}
    for g, group in enumerate(T4_GROUPS):
        values = {}
        for f, name in enumerate(T4_FIELDS):
            c = g * 5 + f
            value = reader.number(row[c], f"表四第{r}行第{c + 1}列", f"review_litigation.{group}.{name}")
            if value is None and clean(row[c]) == "":
                reader.warn("I-BLANK", f"表四第{r}行第{c + 1}列为空，按0读取")
                value = 0
            values[name] = value
        out[group] = values
    return out


def html_tables(reader: Reader, page: Page, doc: dict[str, Any]) -> None:
    found2, found3, found4 = (_find(page.tables, "第二十条"), _find(page.tables, "本年新收"),
                              _find(page.tables, "行政复议", "直接起诉"))
    for found, label in ((found2, "表二"), (found3, "表三"), (found4, "表四")):
        if found is None:
            reader.error("I-TABLE", f"页面中找不到{label}")
    if found2:
        doc["active_disclosure"] = _table2(reader, found2[1])
    if found3:
        doc["applications"] = _table3(reader, found3[1])
    if found4:
        doc["review_litigation"] = _table4(reader, found4[1])

