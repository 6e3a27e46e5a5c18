"""HTML: one self-contained page (inline CSS, nothing fetched) laid out after the conventions of 党政机关公文
(GB/T 9704): a centred 小标宋 title, 黑体 一、 headings, 楷体 （一） headings, 仿宋 body text with a
two-character first-line indent, and an A4 print stylesheet with the standard's margins. The three official
tables keep the form's merged cells; each figure carries ``data-key``, the input key path it shows.

Every text goes through :func:`html.escape`; paragraphs are the draft's paragraph texts unchanged.
"""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING

from ..draft import TODO_RE
from ..tables_layout import T3_NOTE, Cell, Table

if TYPE_CHECKING:
    from ..draft import Draft

# Font stacks: the fonts a Chinese office machine has (Windows, macOS, WPS), then free CJK fonts, then generic.
_FREE_SERIF = '"Noto Serif CJK SC", "Source Han Serif SC", "Noto Serif SC"'
_FREE_SANS = '"Noto Sans CJK SC", "Source Han Sans SC", "Noto Sans SC", "WenQuanYi Micro Hei", "WenQuanYi Zen Hei"'
TITLE_FONT = (f'"方正小标宋简体", "方正小标宋_GBK", "FZXiaoBiaoSong-B05S", "华文中宋", "STZhongsong", {_FREE_SERIF}, '
              '"宋体", "SimSun", serif')
HEI_FONT = f'"黑体", "SimHei", "Heiti SC", "STHeiti", {_FREE_SANS}, sans-serif'
KAI_FONT = (f'"楷体_GB2312", "楷体", "KaiTi_GB2312", "KaiTi", "STKaiti", "Kaiti SC", "AR PL UKai CN", {_FREE_SERIF}, '
            'serif')
FANG_FONT = f'"仿宋_GB2312", "仿宋", "FangSong_GB2312", "FangSong", "STFangsong", {_FREE_SERIF}, serif'

# GB/T 9704: A4, type area 156 mm × 225 mm (top 37 mm, left 28 mm); title 2号 (22pt); body 3号 (16pt) at 22
# lines of 28 characters; page numbers 4号 (14pt) as “— 1 —”, odd pages right and even pages left, one character
# in from the edge of the type area; tables 5号 (10.5pt), table 4's fifteen columns 小五 (9pt).
CSS = f"""
@page {{ size: A4; margin: 37mm 26mm 35mm 28mm; }}
@page :right {{ @bottom-right {{ content: "— " counter(page) " —"; font: 14pt {FANG_FONT}; padding-right: 1em; }} }}
@page :left {{ @bottom-left {{ content: "— " counter(page) " —"; font: 14pt {FANG_FONT}; padding-left: 1em; }} }}
html {{ background: #fff; color: #000; }}
body {{ margin: 0; }}
.report {{ box-sizing: content-box; max-width: 156mm; margin: 0 auto; padding: 20mm 16mm;
  font: 16pt/1.8 {FANG_FONT}; text-align: justify; overflow-wrap: anywhere; }}
h1, h2, h3, p {{ margin: 0; font-size: 16pt; font-weight: normal; line-height: 1.8; }}
h1 {{ font: 22pt/1.6 {TITLE_FONT}; text-align: center; margin: 0 0 1.6em; text-wrap: balance; }}
h1 span {{ display: inline-block; }}
h2 {{ font-family: {HEI_FONT}; text-indent: 2em; }}
h3 {{ font-family: {KAI_FONT}; text-indent: 2em; }}
p {{ text-indent: 2em; }}
.url {{ word-break: break-all; }}
mark.todo {{ background: #fff200; color: inherit; }}
h1, h2, h3 {{ break-after: avoid; page-break-after: avoid; }}
p {{ orphans: 2; widows: 2; }}
table {{ width: 100%; border-collapse: collapse; margin: 0.6em 0 1em; font: 10.5pt/1.35 {FANG_FONT};
  text-align: center; text-indent: 0; }}
table.t3, table.t4 {{ table-layout: fixed; }}
table.t3 col.l1 {{ width: 7%; }}
table.t3 col.l2 {{ width: 11%; }}
table.t3 col.fig {{ width: 7%; }}
table.t4 {{ font-size: 9pt; }}
table.t4 col.fig {{ width: 6.66%; }}
th, td {{ border: 0.75pt solid #000; padding: 0.25em 0.2em; vertical-align: middle; overflow-wrap: anywhere; }}
th {{ font-weight: normal; }}
tbody th[scope="row"] {{ text-align: left; }}
td.num {{ text-align: right; font-variant-numeric: tabular-nums; }}
th.note {{ font-size: 0.9em; text-align: left; }}
thead {{ display: table-header-group; }}
th:not([rowspan]), td {{ break-inside: avoid; page-break-inside: avoid; }}
@media print {{
  .report {{ max-width: none; padding: 0; }}
}}
"""


def _scope(cell: Cell, row: tuple[Cell, ...]) -> str:
    """A heading beside figures names its row; a heading in a row of headings names the column(s) below it."""
    if any(c.key is not None for c in row):
        return "row"
    return "colgroup" if cell.colspan > 1 else "col"


def _cell(cell: Cell, row: tuple[Cell, ...], note: bool) -> str:
    attrs = (f' rowspan="{cell.rowspan}"' if cell.rowspan > 1 else "") + (
        f' colspan="{cell.colspan}"' if cell.colspan > 1 else "")
    text = html.escape(cell.text)
    if cell.header:
        cls = ' class="note"' if note else ""
        return f'<th scope="{_scope(cell, row)}"{attrs}{cls}>{text}</th>'
    key = f' data-key="{html.escape(cell.key)}"' if cell.key is not None else ""
    cls = ' class="num"' if cell.key is not None else ""
    return f"<td{attrs}{cls}{key}>{text}</td>"


# Column widths of the wide tables (fixed layout): table 3's three label columns and seven figures, table 4's
# fifteen figures; the widths themselves are in the stylesheet.
_COLUMNS = {
    "table3": '<colgroup><col class="l1"><col class="l2"><col class="l3"><col span="7" class="fig"></colgroup>',
    "table4": '<colgroup><col span="15" class="fig"></colgroup>',
}
_CLASSES = {"table2": "official t2", "table3": "official t3", "table4": "official t4"}


def html_table(table: Table) -> str:
    """One official table with its merged cells: heading rows in <thead>, the rest in <tbody>."""
    table.grid()  # raises if the spans do not tile the grid
    out = [f'<table class="{_CLASSES.get(table.key, "official")}" data-table="{html.escape(table.key)}" '
           f'aria-label="{html.escape(table.caption)}">']
    if table.key in _COLUMNS:
        out.append(_COLUMNS[table.key])
    head, body = table.rows[:table.header_rows], table.rows[table.header_rows:]
    for group, rows in (("thead", head), ("tbody", body)):
        if not rows:
            continue
        out.append(f"<{group}>")
        for row in rows:
            # table 3's top-left cell is the form's note on its 勾稽关系 rather than a column heading
            cells = "".join(_cell(cell, row, note=cell.text == T3_NOTE) for cell in row)
            out.append(f"<tr>{cells}</tr>")
        out.append(f"</{group}>")
    out.append("</table>")
    return "\n".join(out)


# A web address or an e-mail address: one long unbreakable word that would leave the line before it stretched
# full of gaps in justified text; marked so that it may break anywhere, as Chinese typesetting does.
_ADDRESS = re.compile(r"(?:https?://|www\.)[!-~]+|[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")


def _paragraph(text: str) -> str:
    """A paragraph's text, escaped, with addresses marked breakable and every 【待补充：…】 highlighted as a
    ``<mark class="todo">`` (the text itself is unchanged)."""
    if TODO_RE.search(text):
        out, last = [], 0
        for match in TODO_RE.finditer(text):
            out.append(_paragraph(text[last:match.start()]))
            out.append(f'<mark class="todo">{html.escape(match.group())}</mark>')
            last = match.end()
        out.append(_paragraph(text[last:]))
        return "".join(out)
    out, last = [], 0
    for match in _ADDRESS.finditer(text):
        out.append(html.escape(text[last:match.start()]))
        out.append(f'<span class="url">{html.escape(match.group())}</span>')
        last = match.end()
    out.append(html.escape(text[last:]))
    return "".join(out)


def _title(draft: Draft, title: str) -> str:
    """The title, broken (when it must be) between the agency's name and the rest, never inside a word."""
    agency = draft.agency
    if agency and title.startswith(agency) and title != agency:
        return f"<span>{html.escape(agency)}</span><span>{html.escape(title[len(agency):])}</span>"
    return html.escape(title)


def render(draft: Draft) -> str:
    """The draft as one HTML5 page: title and preface when ``draft.full``, then each section's headings,
    paragraphs and tables."""
    esc = html.escape
    title = draft.title or f"{draft.agency}{draft.year}年政府信息公开工作年度报告"
    body: list[str] = []
    if draft.full:
        body.append(f"<h1>{_title(draft, title)}</h1>")
        body.extend(f"<p>{_paragraph(p.text)}</p>" for p in draft.preface)
    for section in draft.sections:
        body.append(f'<section data-section="{esc(section.key)}">')
        body.append(f"<h2>{esc(section.heading)}</h2>")
        for part in section.parts:
            if part.heading:
                body.append(f"<h3>{esc(part.heading)}</h3>")
            body.extend(f"<p>{_paragraph(p.text)}</p>" for p in part.paragraphs)
        body.extend(html_table(t) for t in section.tables)
        body.append("</section>")
    return "\n".join([
        "<!DOCTYPE html>",
        '<html lang="zh-CN">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(title)}</title>",
        f"<style>{CSS}</style>",
        "</head>",
        "<body>",
        '<main class="report">',
        *body,
        "</main>",
        "</body>",
        "</html>",
    ]) + "\n"
