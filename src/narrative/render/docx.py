"""Word (DOCX): the report laid out after the conventions of 党政机关公文 (GB/T 9704) with python-docx.

A4 with the standard's margins (top 37 mm, bottom 35 mm, left 28 mm, right 26 mm: a 156 mm × 225 mm type
area); the title in 小标宋 at 二号 (22 pt), 一、 headings in 黑体, （一） headings in 楷体 and body text in 仿宋, all at
三号 (16 pt) on a fixed 28.95 pt line (22 lines to the type area), 28 characters to the line (the document grid:
:func:`_grid`), with a two-character first-line indent; page
numbers "— 1 —" in 四号 宋体 below the type area, right on odd pages and left on even ones. Every look lives in a
named paragraph style (``STYLES``), so a clerk restyles the whole report from Word's style pane. Fonts are named
for the East Asian and the Latin range alike; a machine without them substitutes (the font table names the
common fallback of each).

The three official tables keep the form's merged cells (``w:gridSpan`` across, ``w:vMerge`` down: what
python-docx's ``cell.merge`` writes), with table text in 五号 (10.5 pt) 仿宋, column headings centred, row headings
left and figures right; heading rows repeat on each page a table runs over, and a table breaks only between
its groups (:func:`row_keeps`), so a continuation page never starts with rows whose label cell is on the page
before.

Speed: styles, page set-up, footers and font table are built once with python-docx into a template kept in
memory as bytes; each document opens that template, receives its body as one parsed XML fragment (building
table 3 cell by cell through python-docx costs far more), and is saved by python-docx.
"""

from __future__ import annotations

import math
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from io import BytesIO
from typing import IO, TYPE_CHECKING, Any
from xml.sax.saxutils import escape

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm

from ..draft import TODO_RE
from ..tables_layout import T3_NOTE, Cell, Table

if TYPE_CHECKING:
    from docx.document import Document

    from ..draft import Draft

# ---------------------------------------------------------------- layout (GB/T 9704)

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEI_FONT = "黑体"
KAI_FONT = "楷体_GB2312"
PAGE_FONT = "宋体"
#: What a machine without a font should use instead (written to the font table as its alternate name).
FALLBACK = {TITLE_FONT: "宋体", BODY_FONT: "仿宋", HEI_FONT: "SimHei", KAI_FONT: "楷体", PAGE_FONT: "SimSun"}

PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
MARGINS = {"top": Mm(37), "bottom": Mm(35), "left": Mm(28), "right": Mm(26)}
FOOTER_DISTANCE = Mm(25)  # the page number's 一字线 sits about 7 mm below the type area
TYPE_WIDTH = 8844  # twips: 156 mm
LINE = 579  # twips: 28.95 pt, 22 lines to the 225 mm type area
TITLE_LINE = 720  # twips: 36 pt for a title that runs to two lines
CHARS_PER_LINE, LINES_PER_PAGE = 28, 22  # the grid of body text
CONDENSE = 5  # twips: body characters are set 0.25 pt narrower (15.75 pt): 28 of them to the 156 mm line


@dataclass(frozen=True)
class Style:
    """A paragraph style: its name (what Word shows), its id, and its look."""

    name: str
    style_id: str
    font: str
    size: float  # pt
    align: str = "both"
    indent_chars: int = 0  # first-line indent in characters
    line: int | None = LINE  # exact line height in twips; None: single spacing
    after: int = 0  # space after, twips
    keep_next: bool = False
    outline: int | None = None
    based_on: str = "Normal"
    grid: bool = True  # snaps to the document grid (body text); False for the title, tables and page numbers


TITLE = Style("报告标题", "ReportTitle", TITLE_FONT, 22, align="center", line=TITLE_LINE, after=LINE, keep_next=True,
              grid=False)
BODY = Style("报告正文", "ReportBody", BODY_FONT, 16, indent_chars=2)
SECTION_HEADING = Style("一级标题", "SectionHeading", HEI_FONT, 16, indent_chars=2, keep_next=True, outline=0,
                        based_on="ReportBody")
PART_HEADING = Style("二级标题", "PartHeading", KAI_FONT, 16, indent_chars=2, keep_next=True, outline=1,
                     based_on="ReportBody")
TABLE_TEXT = Style("表格文字", "TableText", BODY_FONT, 10.5, align="center", line=None, grid=False)
TABLE_ROW_HEADING = Style("表格行标题", "TableRowHeading", BODY_FONT, 10.5, align="left", line=None,
                          based_on="TableText", grid=False)
TABLE_FIGURE = Style("表格数字", "TableFigure", BODY_FONT, 10.5, align="right", line=None, based_on="TableText",
                     grid=False)
PAGE_NUMBER = Style("页码", "PageNumber", PAGE_FONT, 14, align="right", line=None, based_on="Footer", grid=False)
#: Every style the renderer defines, by role. "报告正文" rather than "正文": Chinese Word shows its built-in
#: Normal style as 正文, and a second style of that name would be confused with it.
STYLES = {"title": TITLE, "body": BODY, "section_heading": SECTION_HEADING, "part_heading": PART_HEADING,
          "table_text": TABLE_TEXT, "table_row_heading": TABLE_ROW_HEADING, "table_figure": TABLE_FIGURE,
          "page_number": PAGE_NUMBER}

#: Column widths in twips (summing to the type area's width); other tables share the width evenly.
COLUMN_WIDTHS = {
    "table2": (2844, 2000, 2000, 2000),
    "table3": (500, 960, 2764) + (660,) * 7,
}
CELL_MARGIN = 57  # twips (1 mm) left and right of a cell's text
ROW_HEIGHT = 340  # twips (6 mm): the least height of a table row

_W = nsdecls("w")
STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"
_KEEP_STYLES = {"Normal", "DefaultParagraphFont", "TableNormal", "NoList", "TableGrid", "Header", "HeaderChar",
                "Footer", "FooterChar"}


# ---------------------------------------------------------------- the template, built once

def _fonts(font: str) -> str:
    return (f'<w:rFonts w:ascii="{font}" w:hAnsi="{font}" w:eastAsia="{font}" w:cs="{font}" '
            f'w:hint="eastAsia"/>')


def _style_xml(style: Style) -> str:
    # wordWrap off: Latin text (a web address, an e-mail address) may break anywhere, as Chinese text does,
    # instead of leaving the line before it stretched full of gaps
    ppr = ["<w:keepNext/>" if style.keep_next else "", '<w:wordWrap w:val="0"/>']
    if not style.grid:
        ppr.append('<w:snapToGrid w:val="0"/>')
    if style.line is None:
        ppr.append(f'<w:spacing w:before="0" w:after="{style.after}" w:line="240" w:lineRule="auto"/>')
    else:
        ppr.append(f'<w:spacing w:before="0" w:after="{style.after}" w:line="{style.line}" w:lineRule="exact"/>')
    first = round(style.size * 20 * style.indent_chars)
    ppr.append(f'<w:ind w:left="0" w:right="0" w:firstLineChars="{style.indent_chars * 100}" w:firstLine="{first}"/>'
               if style.indent_chars else '<w:ind w:left="0" w:right="0" w:firstLine="0"/>')
    ppr.append(f'<w:jc w:val="{style.align}"/>')
    if style.outline is not None:
        ppr.append(f'<w:outlineLvl w:val="{style.outline}"/>')
    size = round(style.size * 2)
    condense = f'<w:spacing w:val="{-CONDENSE}"/>' if style.grid else ""
    return (f'<w:style {_W} w:type="paragraph" w:customStyle="1" w:styleId="{style.style_id}">'
            f'<w:name w:val="{style.name}"/><w:basedOn w:val="{style.based_on}"/>'
            f'<w:next w:val="{BODY.style_id if style.keep_next else style.style_id}"/><w:qFormat/>'
            f'<w:pPr>{"".join(ppr)}</w:pPr>'
            f'<w:rPr>{_fonts(style.font)}<w:b w:val="0"/><w:bCs w:val="0"/>{condense}<w:kern w:val="0"/>'
            f'<w:sz w:val="{size}"/><w:szCs w:val="{size}"/></w:rPr></w:style>')


def _styles(document: Document) -> None:
    """Prune the default styles to the few in use, set the document defaults to 仿宋 三号 in Chinese (the stock
    template's theme fonts are Japanese), and add the report's own styles."""
    root = document.styles.element
    for style in root.findall(qn("w:style")):
        if style.get(qn("w:styleId")) not in _KEEP_STYLES:
            root.remove(style)
    defaults = root.find(qn("w:docDefaults"))
    root.remove(defaults)
    root.insert(0, parse_xml(
        f'<w:docDefaults {_W}><w:rPrDefault><w:rPr>{_fonts(BODY_FONT)}<w:kern w:val="2"/>'
        f'<w:sz w:val="32"/><w:szCs w:val="32"/><w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/>'
        f'</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:widowControl w:val="0"/><w:jc w:val="both"/></w:pPr>'
        f'</w:pPrDefault></w:docDefaults>'))
    for style in STYLES.values():
        root.append(parse_xml(_style_xml(style)))
    # Normal states its size too: LibreOffice sizes the character grid from it, not from the defaults
    normal = next(s for s in root.findall(qn("w:style")) if s.get(qn("w:styleId")) == "Normal")
    normal.append(parse_xml(f'<w:rPr {_W}><w:sz w:val="{BODY.size * 2:.0f}"/><w:szCs w:val="{BODY.size * 2:.0f}"/>'
                            '</w:rPr>'))


def _footer(paragraph: Any, align: str) -> None:
    """A footer paragraph holding the page number between 一字线: "— PAGE —", one character in from the edge."""
    p = paragraph._p
    for child in list(p):
        p.remove(child)
    side = "right" if align == "right" else "left"
    p.append(parse_xml(f'<w:pPr {_W}><w:pStyle w:val="{PAGE_NUMBER.style_id}"/>'
                       f'<w:ind w:{side}Chars="100" w:{side}="280"/><w:jc w:val="{align}"/></w:pPr>'))

    def run(inner: str) -> None:
        p.append(parse_xml(f"<w:r {_W}>{inner}</w:r>"))

    run('<w:t xml:space="preserve">— </w:t>')
    run('<w:fldChar w:fldCharType="begin"/>')
    run('<w:instrText xml:space="preserve"> PAGE </w:instrText>')
    run('<w:fldChar w:fldCharType="separate"/>')
    run("<w:t>1</w:t>")
    run('<w:fldChar w:fldCharType="end"/>')
    run('<w:t xml:space="preserve"> —</w:t>')


def _font_table() -> bytes:
    entries = "".join(
        f'<w:font w:name="{name}"><w:altName w:val="{alt}"/><w:charset w:val="86"/><w:family w:val="auto"/>'
        f'<w:pitch w:val="variable"/></w:font>' for name, alt in FALLBACK.items())
    return (f"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n<w:fonts {_W}>{entries}"
            '<w:font w:name="Times New Roman"><w:charset w:val="00"/><w:family w:val="roman"/>'
            '<w:pitch w:val="variable"/></w:font></w:fonts>').encode()


def char_space(type_width: int, size: float = BODY.size, chars: int = CHARS_PER_LINE) -> int:
    """``w:charSpace`` of a character grid that puts ``chars`` characters of ``size`` pt on a line ``type_width``
    twips wide: the pitch less the font size, in 4096ths of a point, rounded down so that the last character
    still fits."""
    return math.floor((type_width / chars / 20 - size) * 4096)


def _grid(section: Any) -> None:
    """The document grid of GB/T 9704: 22 lines of 28 characters of 三号 in the type area.

    28 characters of 16 pt are 448 pt, wider than the 442 pt line: Word's usual "lines and characters" grid
    squeezes them onto its 15.79 pt pitch, but LibreOffice (7.4) lays a character wider than its cell over two
    cells, which leaves lines of 14 characters stretched across the page. So the grid is of lines (the 28.95 pt
    pitch of the body's exact spacing), and the body styles set their characters 0.25 pt narrower (``w:spacing``,
    ``CONDENSE``): 28 × 15.75 pt fill the line and a 29th does not fit, in Word, WPS and LibreOffice alike.
    ``w:charSpace`` still holds the 28-character pitch, which Word's page set-up shows if the grid is changed
    to characters. The title, the tables and the page numbers do not snap to the grid.
    """
    sect = section._sectPr
    for old in sect.findall(qn("w:docGrid")):
        sect.remove(old)
    width = section.page_width.twips - section.left_margin.twips - section.right_margin.twips
    sect.append(parse_xml(f'<w:docGrid {_W} w:type="lines" w:linePitch="{LINE}" w:charSpace="{char_space(width)}"/>'))


def build_template() -> Document:
    """The empty report: styles, A4 page with GB/T 9704 margins, page-number footers, Chinese settings."""
    document = docx.Document()
    package, main = document.part.package, document.part
    # parts no report needs: the thumbnail, the custom XML and Word 2010's duplicate style sheet
    for rel_id, rel in list(package.rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            del package.rels[rel_id]
    for rel_id, rel in list(main.rels.items()):
        if rel.reltype in (RT.CUSTOM_XML, STYLES_WITH_EFFECTS):
            main.drop_rel(rel_id)
        elif rel.reltype == RT.FONT_TABLE:  # a plain part in python-docx: its bytes are what is saved
            part = rel.target_part
            if hasattr(part, "_element"):
                part._element = parse_xml(_font_table())
            else:
                part._blob = _font_table()
    _styles(document)

    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    section = document.sections[0]
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.top_margin, section.bottom_margin = MARGINS["top"], MARGINS["bottom"]
    section.left_margin, section.right_margin = MARGINS["left"], MARGINS["right"]
    section.gutter, section.header_distance, section.footer_distance = 0, Mm(15), FOOTER_DISTANCE
    _grid(section)

    document.settings.odd_and_even_pages_header_footer = True
    _footer(section.footer.paragraphs[0], "right")
    _footer(section.even_page_footer.paragraphs[0], "left")
    settings = document.settings.element
    lang = settings.find(qn("w:themeFontLang"))
    if lang is not None:
        lang.set(qn("w:eastAsia"), "zh-CN")

    props = document.core_properties
    props.author = props.comments = props.keywords = props.last_modified_by = props.subject = ""
    props.language = "zh-CN"
    props.revision = 1
    return document


@lru_cache(maxsize=1)
def template_bytes() -> bytes:
    out = BytesIO()
    build_template().save(out)
    return out.getvalue()


# ---------------------------------------------------------------- the body, as one XML fragment

# Characters XML 1.0 cannot hold (C0 controls other than tab, newline and carriage return; lone surrogates).
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_BREAKS = re.compile(r"(\t|\r\n|\r|\n)")


def _runs(text: str) -> str:
    """The text as runs: a tab becomes ``w:tab`` and a line break ``w:br`` (as python-docx writes them);
    every 【待补充：…】 is its own run, highlighted yellow, so the clerk sees what is left to fill in."""
    text = _ILLEGAL.sub("", text)
    if TODO_RE.search(text):
        out, last = [], 0
        for match in TODO_RE.finditer(text):
            out.append(_plain_runs(text[last:match.start()]))
            run = _plain_runs(match.group())
            out.append(run.replace("<w:r>", '<w:r><w:rPr><w:highlight w:val="yellow"/></w:rPr>', 1))
            last = match.end()
        out.append(_plain_runs(text[last:]))
        return "".join(out)
    return _plain_runs(text)


def _plain_runs(text: str) -> str:
    if not text:
        return ""
    out = []
    for piece in _BREAKS.split(text):
        if piece == "\t":
            out.append("<w:tab/>")
        elif piece in ("\n", "\r", "\r\n"):
            out.append("<w:br/>")
        elif piece:
            out.append(f'<w:t xml:space="preserve">{escape(piece)}</w:t>')
    return f"<w:r>{''.join(out)}</w:r>"


def _paragraph(style: Style, text: str, keep_next: bool = False) -> str:
    keep = "<w:keepNext/>" if keep_next else ""
    return f'<w:p><w:pPr><w:pStyle w:val="{style.style_id}"/>{keep}</w:pPr>{_runs(text)}</w:p>'


# A title wider than the line (20 characters of 二号 in 156 mm) breaks after the agency's name, so that no
# word is split across the lines (GB/T 9704: 回行时，要做到词意完整).
_TITLE_CHARS = 20


def _width(text: str) -> float:
    return sum(0.5 if ord(ch) < 0x2E80 else 1.0 for ch in text)


def report_title(draft: Draft) -> str:
    """The draft's title; a draft without one (never from :func:`narrative.generate`) gets the usual one."""
    return draft.title or f"{draft.agency}{draft.year}年政府信息公开工作年度报告"


def title_lines(draft: Draft) -> list[str]:
    """The title's lines: one, or the agency's name and the rest when the whole does not fit one line."""
    title = report_title(draft)
    agency = draft.agency
    if _width(title) > _TITLE_CHARS and agency and title.startswith(agency) and title != agency:
        return [agency, title[len(agency):]]
    return [title]


def _widths(table: Table) -> list[int]:
    widths = COLUMN_WIDTHS.get(table.key)
    if widths is not None and len(widths) == table.columns:
        return list(widths)
    share, extra = divmod(TYPE_WIDTH, table.columns)
    return [share + (1 if c < extra else 0) for c in range(table.columns)]


_BORDERS = "".join(f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="auto"/>'
                   for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
_TBL_PR = (f'<w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="{TYPE_WIDTH}" w:type="dxa"/>'
           f'<w:jc w:val="center"/><w:tblInd w:w="0" w:type="dxa"/><w:tblBorders>{_BORDERS}</w:tblBorders>'
           f'<w:tblLayout w:type="fixed"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/>'
           f'<w:left w:w="{CELL_MARGIN}" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/>'
           f'<w:right w:w="{CELL_MARGIN}" w:type="dxa"/></w:tblCellMar>'
           f'<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0" '
           f'w:noHBand="0" w:noVBand="1"/></w:tblPr>')


def _cell_style(cell: Cell, row: tuple[Cell, ...]) -> Style:
    """Figures right; a heading beside figures (it names its row) and the form's note left; others centred."""
    if cell.key is not None:
        return TABLE_FIGURE
    if cell.text == T3_NOTE or any(c.key is not None for c in row):
        return TABLE_ROW_HEADING
    return TABLE_TEXT


def row_keeps(table: Table) -> list[bool]:
    """Whether each row keeps with the next (``w:keepNext`` on its paragraphs): where a table may break.

    A table without repeated heading rows (表二: each 第二十条 block carries its own heading) is short and keeps
    whole. A table with heading rows (表三, 表四) may break only between its groups: the heading rows keep with
    the first row, every row keeps with a next row that a label cell above still spans (表三's
    三、本年度办理结果 and its （三）–（六）), and the last row with the one before it. A continuation page thus starts
    with the repeated heading rows (``w:tblHeader``) and then a group's first row, whose label cell it is: Word
    and LibreOffice print a merged cell's text only where the cell starts, so a break inside a group would
    leave its rows without their label.
    """
    grid = table.grid()
    last = len(grid) - 1
    if table.header_rows == 0:
        return [r < last for r in range(len(grid))]
    continued = {r + dr for r, cells in enumerate(grid) for cell in cells if cell is not None
                 for dr in range(1, cell.rowspan)}
    return [r < table.header_rows or r + 1 in continued or r + 1 == last for r in range(last)] + [False]


def table_xml(table: Table) -> str:
    """One official table as ``w:tbl``: a cell spanning columns carries ``w:gridSpan``; one spanning rows
    starts a ``w:vMerge`` that the rows below continue with empty cells of the same span."""
    grid = table.grid()  # raises if the spans do not tile the rectangle
    widths = _widths(table)
    above: dict[tuple[int, int], Cell] = {}  # positions covered by a cell from a row above → that cell
    for r, cells in enumerate(grid):
        for c, cell in enumerate(cells):
            if cell is not None:
                for dr in range(1, cell.rowspan):
                    above[(r + dr, c)] = cell
    out = [f"<w:tbl>{_TBL_PR}<w:tblGrid>", "".join(f'<w:gridCol w:w="{w}"/>' for w in widths), "</w:tblGrid>"]
    keeps = row_keeps(table)
    for r, (cells, row) in enumerate(zip(grid, table.rows)):
        header = "<w:tblHeader/>" if r < table.header_rows else ""
        keep = keeps[r]
        out.append(f'<w:tr><w:trPr><w:cantSplit/><w:trHeight w:val="{ROW_HEIGHT}" w:hRule="atLeast"/>{header}'
                   "</w:trPr>")
        c = 0
        while c < table.columns:
            cell = cells[c]
            if cell is None:
                cell = above[(r, c)]  # the continuation of a cell that starts in a row above
                text, merge = "", "<w:vMerge/>"
            else:
                text, merge = cell.text, '<w:vMerge w:val="restart"/>' if cell.rowspan > 1 else ""
            span = f'<w:gridSpan w:val="{cell.colspan}"/>' if cell.colspan > 1 else ""
            width = sum(widths[c:c + cell.colspan])
            style = _cell_style(cell, row)
            out.append(f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{span}{merge}<w:vAlign w:val="center"/>'
                       f'</w:tcPr>{_paragraph(style, text, keep)}</w:tc>')
            c += cell.colspan
        out.append("</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


def body_xml(draft: Draft) -> str:
    """The report's body: title (and preface when ``draft.full``), then each section's heading, sub-heads,
    paragraphs and tables: the draft's texts unchanged."""
    out: list[str] = []
    lines = title_lines(draft)
    out.append(f'<w:p><w:pPr><w:pStyle w:val="{TITLE.style_id}"/></w:pPr>'
               + "<w:r><w:br/></w:r>".join(_runs(line) for line in lines) + "</w:p>")
    if draft.full:
        out.extend(_paragraph(BODY, p.text) for p in draft.preface)
    for section in draft.sections:
        out.append(_paragraph(SECTION_HEADING, section.heading))
        for part in section.parts:
            if part.heading:
                out.append(_paragraph(PART_HEADING, part.heading))
            out.extend(_paragraph(BODY, p.text) for p in part.paragraphs)
        for table in section.tables:
            if out[-1].startswith("<w:tbl>"):  # two tables in a row would run together into one
                out.append(_paragraph(BODY, ""))
            out.append(table_xml(table))
    if out[-1].startswith("<w:tbl>"):  # Word wants a paragraph between the last table and the section properties
        out.append(_paragraph(BODY, ""))
    return f"<w:body {_W}>{''.join(out)}</w:body>"


# ---------------------------------------------------------------- API

def document(draft: Draft) -> Document:
    """The report as a python-docx Document (to adjust before saving); :func:`write` saves it."""
    doc = docx.Document(BytesIO(template_bytes()))
    old = doc.element.body
    body = parse_xml(body_xml(draft))
    body.append(old.find(qn("w:sectPr")))
    old.getparent().replace(old, body)  # one move of the whole body: far cheaper than element by element
    doc.core_properties.title = clean_xml_text(report_title(draft))  # metadata too: XML 1.0 forbids controls
    doc.core_properties.author = clean_xml_text(draft.agency)
    return doc


def clean_xml_text(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot hold (what every string written to the package goes
    through)."""
    return _ILLEGAL.sub("", text)


#: Every member of the package is stamped with this time (the zip format's earliest), so the same draft
#: gives the same bytes.
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def docx_bytes(doc: Document) -> bytes:
    """The saved package with fixed member timestamps and order: byte-identical for the same document."""
    import zipfile

    raw = BytesIO()
    doc.save(raw)
    out = BytesIO()
    with zipfile.ZipFile(BytesIO(raw.getvalue())) as src, \
            zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            member.compress_type, member.external_attr = zipfile.ZIP_DEFLATED, 0o644 << 16
            dst.writestr(member, src.read(info.filename))
    return out.getvalue()


def write(draft: Draft, target: str | os.PathLike[str] | IO[bytes]) -> None:
    """Write the report as a Word document to ``target``: a path or a binary file object. The same draft
    gives the same bytes."""
    data = docx_bytes(document(draft))
    if isinstance(target, (str, os.PathLike)):
        with open(os.fspath(target), "wb") as handle:
            handle.write(data)
    else:
        target.write(data)
