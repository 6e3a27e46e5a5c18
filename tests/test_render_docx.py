"""The Word document, read back with python-docx: GB/T 9704 page and styles, the draft's headings and
paragraphs unchanged and in order, and the three official tables with the form's merged cells (read from the
XML: ``w:gridSpan`` across, ``w:vMerge`` down) showing exactly the input's figures."""

from __future__ import annotations

import io
import re
from decimal import Decimal
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Pt
from docx.table import _Cell
from docx.text.paragraph import Paragraph as DocxParagraph
from hypothesis import given, settings

from narrative import generate, load
from narrative.draft import Draft, Paragraph, Part, Section, Sentence
from narrative.model import ReportInput
from narrative.render import docx as render_docx
from narrative.tables import APPLICANT_COLUMNS, OutcomeGroup
from narrative.tables_layout import Table
from narrative.testing import raw_reports

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "qingshan-county-2024.yaml"
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
SECTION_HEADINGS = ["一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                    "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"]
T3_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
TITLE, H1, H2, BODY = "报告标题", "一级标题", "二级标题", "报告正文"
TABLE_STYLES = {"表格文字", "表格行标题", "表格数字"}


def to_docx(draft: Draft) -> bytes:
    out = io.BytesIO()
    draft.to_docx(out)
    return out.getvalue()


def read(data: bytes):
    assert data[:2] == b"PK", "not a zip package"
    return docx.Document(io.BytesIO(data))


@pytest.fixture(scope="module")
def report() -> ReportInput:
    return load(EXAMPLE)


@pytest.fixture(scope="module")
def draft(report) -> Draft:
    return generate(report, full=True)


@pytest.fixture(scope="module")
def doc(draft):
    return read(to_docx(draft))


# ---------------------------------------------------------------- reading order

def content(document) -> list[tuple[str, str]]:
    """The body in document order: (style name, text) for a paragraph, ("table", "") for a table."""
    out = []
    for item in document.iter_inner_content():
        if isinstance(item, DocxParagraph):
            out.append((item.style.name, item.text))
        else:
            out.append(("table", ""))
    return out


def expected_content(draft: Draft) -> list[tuple[str, str]]:
    """What the body must hold: the title, the preface of a full report, then every section's heading,
    sub-heads, paragraphs and tables, with the draft's own texts."""
    out = [(TITLE, draft.title)]
    if draft.full:
        out.extend((BODY, p.text) for p in draft.preface)
    for section in draft.sections:
        out.append((H1, section.heading))
        for part in section.parts:
            if part.heading:
                out.append((H2, part.heading))
            out.extend((BODY, p.text) for p in part.paragraphs)
        out.extend(("table", "") for _ in section.tables)
    if out[-1][0] == "table":
        out.append((BODY, ""))
    return out


def normalised(items: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The title may break onto two lines (a ``w:br``); every other text is compared exactly."""
    return [(style, text.replace("\n", "") if style == TITLE else text) for style, text in items]


def test_title_paragraph(doc, draft):
    title = doc.paragraphs[0]
    assert title.style.name == TITLE
    assert title.text.replace("\n", "") == draft.title == "青山县人民政府2024年政府信息公开工作年度报告"
    # too wide for one line of 二号: broken after the agency's name, never inside a word
    assert title.text == "青山县人民政府\n2024年政府信息公开工作年度报告"
    assert doc.core_properties.title == draft.title
    assert doc.core_properties.author == draft.agency


def test_short_title_stays_on_one_line(draft):
    short = Draft("某镇", 2024, None, draft.sections[:1], title="某镇2024年政府信息公开工作年度报告", full=False)
    assert read(to_docx(short)).paragraphs[0].text == "某镇2024年政府信息公开工作年度报告"


def test_reading_order_is_the_drafts(doc, draft):
    assert normalised(content(doc)) == expected_content(draft)


def test_section_headings(doc):
    assert [p.text for p in doc.paragraphs if p.style.name == H1] == SECTION_HEADINGS


def test_sub_heads(doc, draft):
    heads = [p.text for p in doc.paragraphs if p.style.name == H2]
    assert heads == [part.heading for s in draft.sections for part in s.parts if part.heading]
    assert heads[:5] == ["（一）主动公开", "（二）依申请公开", "（三）政府信息管理", "（四）政府信息公开平台建设",
                         "（五）监督保障"]
    assert all(re.match(r"（[一二三四五六七八九十]+）", h) for h in heads)


def test_body_paragraphs_are_the_drafts_texts(doc, draft):
    body = [p.text for p in doc.paragraphs if p.style.name == BODY]
    assert body == [p.text for p in draft.paragraphs()]
    numbered = [p for p in draft.paragraphs() if p.number is not None]
    assert numbered, "the example has numbered problem paragraphs"
    for p in numbered:
        assert f"{p.number}." + "".join(s.text for s in p.sentences) in body


def test_no_direct_formatting(doc):
    """The look lives in the named styles: no run carries its own properties, no paragraph more than its style
    (and, in a table row, keep-with-next: pagination, not look)."""
    body = doc.element.body
    assert not body.findall(".//" + qn("w:rPr"))
    for ppr in body.iter(qn("w:pPr")):
        assert [child.tag for child in ppr] in ([qn("w:pStyle")], [qn("w:pStyle"), qn("w:keepNext")])


# ---------------------------------------------------------------- page and styles

def test_page_is_a4_with_gbt9704_margins(doc):
    (section,) = doc.sections
    size = section._sectPr.find(qn("w:pgSz"))
    assert (size.get(qn("w:w")), size.get(qn("w:h"))) == ("11906", "16838")  # Word's A4, in twips
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    margins = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    assert [round(m.mm, 1) for m in margins] == [37.0, 35.0, 28.0, 26.0]
    assert section.orientation == 0  # portrait


def test_page_numbers_in_the_footer(doc):
    """A PAGE field between 一字线, right on odd pages and left on even ones."""
    (section,) = doc.sections
    assert doc.settings.odd_and_even_pages_header_footer
    for footer, align in ((section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
                          (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)):
        (paragraph,) = footer.paragraphs
        assert paragraph.style.name == "页码" and paragraph.alignment == align
        instructions = [i.text.strip() for i in paragraph._p.iter(qn("w:instrText"))]
        assert instructions == ["PAGE"]
        assert paragraph.text == "— 1 —"


def fonts(style) -> tuple[str, str]:
    rfonts = style.element.rPr.find(qn("w:rFonts"))
    return rfonts.get(qn("w:eastAsia")), rfonts.get(qn("w:ascii"))


@pytest.mark.parametrize("name, font, size", [
    (TITLE, "方正小标宋简体", 22), (BODY, "仿宋_GB2312", 16), (H1, "黑体", 16), (H2, "楷体_GB2312", 16),
    ("表格文字", "仿宋_GB2312", 10.5), ("表格行标题", "仿宋_GB2312", 10.5), ("表格数字", "仿宋_GB2312", 10.5),
    ("页码", "宋体", 14),
])
def test_style_fonts(doc, name, font, size):
    style = doc.styles[name]
    assert fonts(style) == (font, font)
    assert style.font.size == Pt(size)
    assert style.font.bold is False


def test_body_and_heading_layout(doc):
    for name in (BODY, H1, H2):
        fmt = doc.styles[name].paragraph_format
        ind = doc.styles[name].element.pPr.find(qn("w:ind"))
        assert ind.get(qn("w:firstLineChars")) == "200"  # two characters, whatever the font size
        assert fmt.first_line_indent == Pt(32)
        assert fmt.line_spacing_rule == WD_LINE_SPACING.EXACTLY
        assert 28 <= fmt.line_spacing.pt <= 29
    assert doc.styles[H1].paragraph_format.keep_with_next
    assert doc.styles[H2].paragraph_format.keep_with_next
    title = doc.styles[TITLE].paragraph_format
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER and not title.first_line_indent


def test_document_defaults_are_chinese(doc):
    """No theme font (the stock template's are Japanese): 仿宋 三号, East Asian language zh-CN."""
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rfonts = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:rFonts')}")
    assert rfonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    assert not [a for a in rfonts.attrib if "Theme" in a or "theme" in a]
    lang = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}")
    assert lang.get(qn("w:eastAsia")) == "zh-CN"


# ---------------------------------------------------------------- tables: spans from the XML

def spans(table) -> dict[tuple[int, int], tuple[int, int, str]]:
    """Each cell that starts at (row, column) → (rowspan, colspan, text), rebuilt from ``w:gridSpan`` and
    ``w:vMerge``; fails on a ragged row, a continuation that does not line up with the cell above, or a merge
    down that is not opened by ``w:vMerge w:val="restart"``."""
    width = len(table._tbl.tblGrid.findall(qn("w:gridCol")))
    starts: dict[tuple[int, int], list] = {}
    owner: dict[tuple[int, int], tuple[int, int]] = {}
    restarts: dict[tuple[int, int], bool] = {}
    for r, tr in enumerate(table._tbl.findall(qn("w:tr"))):
        c = 0
        for tc in tr.findall(qn("w:tc")):
            tcpr = tc.find(qn("w:tcPr"))
            span_el = tcpr.find(qn("w:gridSpan")) if tcpr is not None else None
            span = int(span_el.get(qn("w:val"))) if span_el is not None else 1
            merge = tcpr.find(qn("w:vMerge")) if tcpr is not None else None
            text = _Cell(tc, table).text
            if merge is not None and merge.get(qn("w:val"), "continue") == "continue":
                top = owner[(r - 1, c)]
                assert top[1] == c and starts[top][1] == span, f"continuation at {(r, c)} does not line up"
                assert text == "", f"continuation at {(r, c)} holds text"
                starts[top][0] += 1
            else:
                top = (r, c)
                starts[top] = [1, span, text]
                restarts[top] = merge is not None
            for dc in range(span):
                owner[(r, c + dc)] = top
            c += span
        assert c == width, f"row {r} is {c} wide, the grid {width}"
    for top, (rowspan, _, _) in starts.items():
        assert restarts[top] == (rowspan > 1), f"cell at {top}: w:vMerge restart must open exactly a merge down"
    return {k: tuple(v) for k, v in starts.items()}


def model_spans(table: Table) -> dict[tuple[int, int], tuple[int, int, str]]:
    return {(r, c): (cell.rowspan, cell.colspan, cell.text)
            for r, row in enumerate(table.grid()) for c, cell in enumerate(row) if cell is not None}


def test_three_tables_of_the_official_shapes(doc, draft):
    assert len(doc.tables) == 3
    assert [(len(t.rows), len(t.columns)) for t in doc.tables] == [(14, 4), (28, 10), (4, 15)]
    models = [t for s in draft.sections for t in s.tables]
    assert [(len(t.rows), t.columns) for t in models] == [(14, 4), (28, 10), (4, 15)]


def test_every_cell_and_merge_is_the_models(doc, draft):
    models = [t for s in draft.sections for t in s.tables]
    for table, model in zip(doc.tables, models):
        assert spans(table) == model_spans(model)


def test_merged_cells_as_on_the_official_form(doc):
    t2, t3, t4 = (spans(t) for t in doc.tables)
    for r in (0, 4, 7, 11):
        assert t2[(r, 0)][:2] == (1, 4) and t2[(r, 0)][2].startswith("第二十条第（")
    assert t2[(5, 1)] == (1, 3, "本年处理决定数量") and t2[(12, 1)] == (1, 3, "本年收费金额（单位：万元）")
    assert t3[(0, 0)] == (3, 3, T3_NOTE)
    assert t3[(0, 3)] == (1, 7, "申请人情况")
    assert t3[(1, 3)] == (2, 1, "自然人")
    assert t3[(1, 4)] == (1, 5, "法人或其他组织")
    assert t3[(1, 9)] == (2, 1, "总计")
    assert t3[(5, 0)] == (22, 1, "三、本年度办理结果")
    assert t3[(7, 1)] == (8, 1, "（三）不予公开")
    assert t3[(15, 1)] == (3, 1, "（四）无法提供")
    assert t3[(18, 1)] == (5, 1, "（五）不予处理")
    assert t3[(23, 1)] == (3, 1, "（六）其他处理")
    assert t3[(26, 1)] == (1, 2, "（七）总计")
    assert t3[(27, 0)] == (1, 3, "四、结转下年度继续办理")
    assert t4[(0, 0)] == (1, 5, "行政复议")
    assert t4[(0, 5)] == (1, 10, "行政诉讼")
    assert t4[(1, 5)] == (1, 5, "未经复议直接起诉") and t4[(1, 10)] == (1, 5, "复议后起诉")
    assert all(t4[(1, c)][:2] == (2, 1) for c in range(5))


def test_merges_seen_through_python_docx(doc):
    """python-docx itself sees one cell wherever the form merges: the same ``w:tc`` at every covered position."""
    t3, t4 = doc.tables[1], doc.tables[2]
    note = t3.cell(0, 0)
    assert all(t3.cell(r, c)._tc is note._tc for r in range(3) for c in range(3))
    assert t3.cell(3, 0)._tc is not note._tc
    group = t3.cell(5, 0)
    assert all(t3.cell(r, 0)._tc is group._tc for r in range(5, 27)) and t3.cell(27, 0)._tc is not group._tc
    assert len({t3.cell(0, c)._tc for c in range(3, 10)}) == 1
    assert len({t3.cell(1, c)._tc for c in range(4, 9)}) == 1
    assert len({t4.cell(0, c)._tc for c in range(5)}) == 1 and len({t4.cell(0, c)._tc for c in range(5, 15)}) == 1
    assert t4.cell(0, 4)._tc is not t4.cell(0, 5)._tc


def test_table_borders_and_styles(doc):
    for table in doc.tables:
        assert table.style.name == "Table Grid"
        borders = table._tbl.tblPr.find(qn("w:tblBorders"))
        assert {b.tag.split("}")[1]: b.get(qn("w:val")) for b in borders} == {
            side: "single" for side in ("top", "left", "bottom", "right", "insideH", "insideV")}
        assert sum(int(g.get(qn("w:w"))) for g in table._tbl.tblGrid.findall(qn("w:gridCol"))) == 8844  # 156 mm
        for row in table._tbl.findall(qn("w:tr")):
            for tc in row.findall(qn("w:tc")):
                for p in tc.findall(qn("w:p")):
                    assert DocxParagraph(p, table).style.name in TABLE_STYLES
    t3 = doc.tables[1]
    assert t3.cell(3, 3).paragraphs[0].style.name == "表格数字"  # a figure
    assert t3.cell(3, 0).paragraphs[0].style.name == "表格行标题"  # the heading of its row
    assert t3.cell(2, 4).paragraphs[0].style.name == "表格文字"  # a column heading
    assert doc.styles["表格数字"].paragraph_format.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert doc.styles["表格文字"].paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    # heading rows repeat on every page the table runs over
    assert [r.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None
            for r in t3._tbl.findall(qn("w:tr"))[:4]] == [True, True, True, False]


# ---------------------------------------------------------------- tables: figures from the input

def figure_text(value: int | Decimal) -> str:
    return str(value)


def expected_figures(report: ReportInput) -> list[dict[tuple[int, int], int | Decimal]]:
    """Every figure of the three tables at its grid position, computed from the input alone."""
    t2 = report.active_disclosure
    table2: dict[tuple[int, int], int | Decimal] = {}
    for r, kind in ((2, t2.regulations), (3, t2.normative_documents)):
        for c, value in enumerate((kind.issued, kind.repealed, kind.in_force), start=1):
            table2[(r, c)] = value
    for r, value in ((6, t2.licensing), (9, t2.punishment), (10, t2.coercion), (13, t2.administrative_fees)):
        table2[(r, 1)] = value

    apps = report.applications
    leaves = [row for _, row in apps.results.leaves()]
    totals = [sum(getattr(row, col) for row in leaves) for col in APPLICANT_COLUMNS]
    rows = [apps.new_received.cells(), apps.carried_over.cells(), *(row.cells() for row in leaves), tuple(totals),
            apps.carried_forward.cells()]
    table3 = {}
    for r, cells in enumerate(rows, start=3):
        for c, value in enumerate((*cells, sum(cells)), start=3):
            table3[(r, c)] = value

    t4 = report.review_litigation
    table4 = {}
    groups: tuple[OutcomeGroup, ...] = (t4.review, t4.litigation_direct, t4.litigation_after_review)
    for g, group in enumerate(groups):
        outcomes = (group.upheld, group.corrected, group.other, group.pending)
        for i, value in enumerate((*outcomes, sum(outcomes))):
            table4[(3, 5 * g + i)] = value
    return [table2, table3, table4]


def check_figures(document, report: ReportInput, draft: Draft) -> None:
    """Every figure cell shows exactly the input's figure, at the form's position; every other cell is a
    heading from the model (no figure anywhere else)."""
    models = [t for s in draft.sections for t in s.tables]
    expected = expected_figures(report)
    for table, model, figures in zip(document.tables, models, expected):
        shown = spans(table)
        for (r, c), value in figures.items():
            text = shown[(r, c)][2]
            assert re.fullmatch(r"\d+(\.\d+)?", text), f"{model.key} {(r, c)}: not a plain figure: {text!r}"
            assert Decimal(text) == value, f"{model.key} {(r, c)}: shows {text}, the input has {value}"
            if not isinstance(value, Decimal):
                assert text == figure_text(value)
        data = {(r, c) for r, row in enumerate(model.grid()) for c, cell in enumerate(row)
                if cell is not None and cell.key is not None}
        assert data == set(figures), f"{model.key}: figure cells are not the form's"
        assert len(model.data_cells()) == len(figures)
        for (r, c), (_, _, text) in shown.items():
            if (r, c) not in figures:
                assert text and not re.fullmatch(r"[\d.]+", text), f"{model.key} {(r, c)}: {text!r}"


def test_every_figure_is_the_inputs(doc, report, draft):
    check_figures(doc, report, draft)
    assert doc.tables[0].cell(13, 1).text == "173.965"  # 万元, the user's precision kept
    assert doc.tables[1].cell(3, 9).text == "86"


# ---------------------------------------------------------------- other drafts and targets

def test_narrative_only_draft(report):
    draft = generate(report)
    document = read(to_docx(draft))
    assert normalised(content(document)) == expected_content(draft)
    assert document.paragraphs[0].style.name == TITLE
    assert [p.text for p in document.paragraphs if p.style.name == H1] == \
        ["一、总体情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"]
    assert not document.tables
    assert document.core_properties.title == draft.title


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_every_example(path):
    report = load(path)
    for full in (True, False):
        draft = generate(report, full=full)
        document = read(to_docx(draft))
        assert normalised(content(document)) == expected_content(draft)
        if full:
            check_figures(document, report, draft)
            models = [t for s in draft.sections for t in s.tables]
            assert [spans(t) for t in document.tables] == [model_spans(m) for m in models]


def test_targets_path_pathlike_and_file(draft, tmp_path):
    as_str, as_path = tmp_path / "a.docx", tmp_path / "b.docx"
    render_docx.write(draft, str(as_str))
    draft.to_docx(as_path)
    stream = io.BytesIO()
    render_docx.write(draft, stream)
    for data in (as_str.read_bytes(), as_path.read_bytes(), stream.getvalue()):
        assert [p.text for p in read(data).paragraphs if p.style.name == H1] == SECTION_HEADINGS


def test_special_characters_survive(draft):
    """Text is escaped, tabs and line breaks become Word's own, and characters XML cannot hold are dropped."""
    text = "甲&乙<丙>“丁”\t戊\n己 'x' \"y\"\x01。"
    sentence = Sentence(text, None, None, None, "test")
    section = Section("六", "其他需要报告的事项", "other", (Part(None, "other", (Paragraph((sentence,)),)),))
    odd = Draft("A&B<局>", 2024, None, (section,), title="A&B<局>2024年政府信息公开工作年度报告")
    document = read(to_docx(odd))
    assert document.paragraphs[0].text == "A&B<局>2024年政府信息公开工作年度报告"
    assert [p.text for p in document.paragraphs if p.style.name == BODY] == [text.replace("\x01", "")]


def test_draft_without_title_gets_the_usual_one(draft):
    untitled = Draft("某县人民政府", 2023, None, draft.sections[-1:])
    document = read(to_docx(untitled))
    assert document.paragraphs[0].text.replace("\n", "") == "某县人民政府2023年政府信息公开工作年度报告"


# ---------------------------------------------------------------- every valid report

@settings(max_examples=25)
@given(raw_reports())
def test_every_report_renders(raw):
    report = load(raw)
    draft = generate(report, full=True)
    document = read(to_docx(draft))
    assert normalised(content(document)) == expected_content(draft)
    assert [(len(t.rows), len(t.columns)) for t in document.tables] == [(14, 4), (28, 10), (4, 15)]
    models = [t for s in draft.sections for t in s.tables]
    assert [spans(t) for t in document.tables] == [model_spans(m) for m in models]
    check_figures(document, report, draft)


def test_a_table_breaks_only_between_its_groups_and_its_last_row_never_stands_alone():
    """表二 and 表四 keep whole; 表三 may break only before 二、, before （一）予以公开 (where the merged
    三、本年度办理结果 starts) and never before its last row; heading rows repeat. (Pages: tests/test_pdf.py.)"""
    import io
    import re
    import zipfile

    from narrative import generate

    draft = generate(ROOT / "examples" / "qingshan-county-2024.yaml", full=True)
    buffer = io.BytesIO()
    draft.to_docx(buffer)
    xml = zipfile.ZipFile(buffer).read("word/document.xml").decode("utf-8")
    tables = re.findall(r"<w:tbl>.*?</w:tbl>", xml, re.S)
    keeps = [[("<w:keepNext/>" in row) for row in re.findall(r"<w:tr>.*?</w:tr>", t, re.S)] for t in tables]
    headers = [[("<w:tblHeader/>" in row) for row in re.findall(r"<w:tr>.*?</w:tr>", t, re.S)] for t in tables]
    assert keeps[0] == [True] * 13 + [False] and keeps[2] == [True] * 3 + [False]
    breaks = [r + 1 for r, keep in enumerate(keeps[1][:-1]) if not keep]  # rows a page may start with
    assert breaks == [4, 5]  # 二、上年结转 and （一）予以公开, the first row of 三、本年度办理结果
    assert keeps[1][-1] is False
    assert headers == [[False] * 14, [True] * 3 + [False] * 25, [True] * 3 + [False]]


def test_body_styles_keep_the_grid_and_the_title_and_tables_do_not(draft):
    """28 body characters to the line: 三号 set 0.25 pt narrower; the title (二号) and the tables (五号) would be
    spread over the grid's cells if they snapped to it."""
    import zipfile

    styles = zipfile.ZipFile(io.BytesIO(to_docx(draft))).read("word/styles.xml").decode("utf-8")
    by_id = dict(re.findall(r'<w:style [^>]*w:styleId="(\w+)"[^>]*>(.*?)</w:style>', styles, re.S))
    for style_id in ("ReportBody", "SectionHeading", "PartHeading"):
        assert '<w:spacing w:val="-5"/>' in by_id[style_id] and "snapToGrid" not in by_id[style_id]
    for style_id in ("ReportTitle", "TableText", "TableRowHeading", "TableFigure", "PageNumber"):
        assert '<w:snapToGrid w:val="0"/>' in by_id[style_id] and 'w:spacing w:val="-5"' not in by_id[style_id]
    assert '<w:sz w:val="32"/>' in by_id["Normal"]  # LibreOffice sizes the grid from Normal
