"""A report as a PDF with a text layer: its text and its tables (through pdfplumber), read into the same
page the web-page reader gives. A table that runs over a page break is joined again: consecutive tables of
the same width, a continuation that starts with the table's heading rows repeated (which are dropped), and
any block until table 3's last row; rows of different widths are widened to the widest, and a label cut by
the break is joined to its row. Table 2, whose blocks differ in width and often break across pages, is
joined from the block that holds 第二十条 to the one that holds 行政事业性收费. A page background printed
behind the type area is not a table's frame, and a rule a browser leaves out at a page break is supplied.
A merged cell is blank in every position but its first, which the readers allow for in label columns and
single-figure rows."""

from __future__ import annotations

import re
from pathlib import Path

from .findings import Finding, Location, NarrativeError
from .htmlreport import MAX_PAGE, Grid, Page

MAX_PAGES = 60


def read_pdf(path: Path) -> Page:
    try:
        import pdfplumber
    except ImportError:  # pragma: no cover - a dependency of the package
        raise NarrativeError([Finding("L-FORMAT", "error", Location(file=str(path)),
                                      "读取 PDF 需要 pdfplumber（pip install pdfplumber）")]) from None
    if path.stat().st_size > MAX_PAGE:
        raise NarrativeError([Finding("L-TOO-LARGE", "error", Location(file=str(path)),
                                      f"PDF 超过{MAX_PAGE // 1024 // 1024}MB，未读取")])
    texts: list[str] = []
    blocks: list[list[list[str]]] = []
    try:
        with pdfplumber.open(str(path)) as pdf:
            if len(pdf.pages) > MAX_PAGES:
                raise NarrativeError([Finding("L-TOO-LARGE", "error", Location(file=str(path)),
                                              f"PDF 超过{MAX_PAGES}页，未读取")])
            for page in pdf.pages:
                texts.append(page.extract_text() or "")
                visible = _background(page)
                for table in visible.extract_tables({"explicit_horizontal_lines": _open_ends(visible)}):
                    rows = [[re.sub(r"\s+", "", cell or "") for cell in row] for row in table]
                    if rows and len(rows[0]) > 1:  # one-column boxes are framed text, not tables
                        blocks.append(rows)
    except NarrativeError:
        raise
    except Exception as exc:  # noqa: BLE001 - pdfminer raises many kinds for a damaged file
        raise NarrativeError([Finding("L-SYNTAX", "error", Location(file=str(path)),
                                      f"不是可以读取的 PDF：{type(exc).__name__}")]) from None
    text = "\n".join(texts)
    text = re.sub(r"(?m)^\s*-\s*\d+\s*-\s*$", "", text)  # page numbers (- 5 -)
    text = re.sub(r"[ \t\u3000]+", "", text)  # the text layer spaces out figures (2023 年, 处理费 0 元)
    text = re.sub(r"(?<![。：:；;！？])\n(?!\s*(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）))", "", text)  # wrapped lines
    if not re.search(r"[\u4e00-\u9fff]", text):
        raise NarrativeError([Finding("I-TITLE", "error", Location(file=str(path)),
                                      "PDF 没有文字层（扫描件），无法读取；请用原始文档或网页")])
    first = [line.strip() for line in "\n".join(texts).splitlines() if line.strip()][:3]
    title = re.sub(r"\s+", "", "".join(first))  # often on two lines: the body, then the year and the report
    return Page(title, text, _join(blocks))


def _white(color: object) -> bool:
    """A fill colour that paints white: gray 1, RGB (1, 1, 1), or CMYK (0, 0, 0, 0)."""
    if not isinstance(color, (tuple, list)) or not color:
        return False
    if len(color) == 4:
        return all(v == 0 for v in color)
    return all(v == 1 for v in color)


def _background(page: object) -> object:
    """The page without its background: a rectangle filled white, not stroked, covering at least half the
    page each way. A browser prints one behind the whole type area (Chromium does), and its edges would frame
    every table and paragraph of the page into one table. Smaller white fills stay: some PDFs draw their
    cells' rules from them."""
    width, height = page.width, page.height  # type: ignore[attr-defined]

    def keep(obj: dict) -> bool:
        return not (obj.get("object_type") == "rect" and obj.get("fill") and not obj.get("stroke")
                    and _white(obj.get("non_stroking_color"))
                    and obj["x1"] - obj["x0"] >= width / 2 and obj["bottom"] - obj["top"] >= height / 2)

    return page.filter(keep)  # type: ignore[attr-defined]


def _open_ends(page: object) -> list[dict]:
    """Horizontal rules where a table's vertical rules end without one: a browser printing a table across a
    page break draws no border under the last row of a page nor over the first row of the next, and without
    those rules pdfplumber loses both rows. One rule per height at which two or more vertical rules end
    unclosed, from the leftmost to the rightmost of them."""
    edges = page.edges  # type: ignore[attr-defined]
    vertical = [e for e in edges if e["orientation"] == "v" and e["bottom"] - e["top"] > 2]
    horizontal = [e for e in edges if e["orientation"] == "h" and e["x1"] - e["x0"] > 3]  # not a thin rule's own ends
    ends: dict[int, list[float]] = {}
    for e in vertical:
        for y in (e["top"], e["bottom"]):
            if not any(abs(h["top"] - y) <= 1.5 and h["x0"] - 1.5 <= e["x0"] <= h["x1"] + 1.5 for h in horizontal):
                ends.setdefault(round(y), []).append(e["x0"])
    rules = []
    for y, xs in sorted(ends.items()):
        if len(xs) >= 2:
            rules.append({"x0": min(xs), "x1": max(xs), "top": y, "bottom": y, "width": max(xs) - min(xs),
                          "height": 0, "orientation": "h", "object_type": "line"})
    return rules


def _join(blocks: list[list[list[str]]]) -> list[Grid]:
    grids: list[Grid] = []
    flat = lambda rows: "".join("".join(r) for r in rows)  # noqa: E731
    i = 0
    while i < len(blocks):
        rows = list(blocks[i])
        if "第二十条" in flat(rows):  # table 2: up to the block that holds 行政事业性收费
            while "行政事业性收费" not in flat(rows) and i + 1 < len(blocks):
                i += 1
                rows += blocks[i]
            grids.append(Grid([_trim_text_rows(rows)][0]))
        else:
            while i + 1 < len(blocks) and "第二十条" not in flat(blocks[i + 1]) and (
                    len(blocks[i + 1][0]) == len(rows[0]) or _line(blocks[i + 1][0]) == _line(rows[0])
                    or _table3_open(rows) and "行政复议" not in flat(blocks[i + 1])):
                i += 1
                more = _without_repeated_heading(blocks[i], rows)
                if more and rows and _label_only(more[0]) and len(more[0]) == len(rows[-1]):
                    # a row cut by the page break: its label's end (no figures) runs on at the top of the page
                    rows[-1] = [a + b for a, b in zip(rows[-1], more[0])]
                    more = more[1:]
                rows += more
            grids.append(Grid(_same_width(rows)))
        i += 1
    return grids


def _table3_open(rows: list[list[str]]) -> bool:
    """Table 3 begun and not yet at its last row: the next block continues it, whatever its width (a page
    whose rows all sit under one merged label shows one column fewer)."""
    text = "".join("".join(r) for r in rows)
    return "本年新收" in text and "结转下年度" not in text


def _label_only(row: list[str]) -> bool:
    """Text in some cell and no digit in any: the rest of a label, not a row of the form."""
    return any(row) and not any(re.search(r"\d", cell) for cell in row)


def _line(row: list[str]) -> str:
    return "".join(row)


def _without_repeated_heading(block: list[list[str]], table: list[list[str]]) -> list[list[str]]:
    """A continuation without the heading rows the renderer repeated at the top of the page (Word's and
    LibreOffice's repeated header rows, a browser's ``thead``): the leading rows equal to the table's own
    first rows, cell text for cell text (the widths may differ, see :func:`_same_width`)."""
    k = 0
    while k < len(block) and k < len(table) and _line(block[k]) and _line(block[k]) == _line(table[k]):
        k += 1
    return block[k:]


def _same_width(rows: list[list[str]]) -> list[list[str]]:
    """The rows of a table joined from blocks of different widths, all as wide as the widest. pdfplumber
    finds only the columns a page's rules draw: a page holding only 表三's rows 一 and 二 (whose label spans
    the three label columns) gives one label column where the next page gives three. The figures are the
    right-hand columns, so a narrower row is widened after its first cell with blanks, as a merged label
    reads in a PDF."""
    width = max((len(row) for row in rows), default=0)
    return [row[:1] + [""] * (width - len(row)) + row[1:] if 0 < len(row) < width else row for row in rows]


def _trim_text_rows(rows: list[list[str]]) -> list[list[str]]:
    """Table 2's first block may start inside a framed page of text: keep its rows from 第二十条 on."""
    start = next((k for k, row in enumerate(rows) if "第二十条" in "".join(row)), 0)
    return rows[start:]
