"""Real renderers: drafts printed to PDF by headless Chromium (HTML) and headless LibreOffice (DOCX), read with
pdftotext and pdfplumber.

- Each PDF holds the title, every section heading and table 3's first and last row labels.
- DOCX pages: a table that crosses a page repeats its heading rows and breaks only between its groups, so no
  page starts with rows whose label cell (表三's 三、本年度办理结果) is on the page before; the body keeps the
  GB/T 9704 grid, 28 characters to a full line and 22 lines to a full page.
- Printed drafts import back (``narrative import``, pdfplumber) with every figure of tables 2–4 equal to the
  input, including a table 3 that breaks across a page.

Every conversion is made once per module (one LibreOffice run for all the DOCX files). Without the tools the
tests skip, unless ``CI`` is set: CI installs them (.ci/run) and these tests must run there.
"""

from __future__ import annotations

import dataclasses
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from narrative import generate, load
from narrative.cli import main
from narrative.draft import Draft, Paragraph, Part, Section, Sentence
from narrative.render import docx as render_docx
from narrative.tables_layout import official_tables

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "qingshan-county-2024.yaml"
SECTION_HEADINGS = ["一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                    "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"]
T3_FIRST, T3_LAST = "一、本年新收政府信息公开申请数量", "四、结转下年度继续办理"
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def need(*tools: str) -> None:
    """Skip when a tool is missing, but fail under CI, where the tools are installed before the tests run."""
    missing = [t for t in tools if (SOFFICE if t == "soffice" else shutil.which(t)) is None]
    if missing:
        message = (f"real-renderer PDF checks need {', '.join(missing)} (Debian: chromium, "
                   "libreoffice-writer-nogui, poppler-utils)")
        if os.environ.get("CI"):
            pytest.fail(f"{message}; under CI they must be installed (.ci/run installs them)")
        pytest.skip(message)


# ---------------------------------------------------------------- the documents, converted once

def _para(text: str) -> Paragraph:
    return Paragraph((Sentence(text, None, None, None, "test"),))


ONE_LINE = "测" * 25 + "。"  # with the two-character indent, exactly one full line of 28
GRID_CHARS = "测" * (28 * 60)  # one paragraph of 60 lines: a page all of its own full lines


def pages_draft(draft: Draft) -> Draft:
    """Table 3 after 0, 3, … 21 lines of text (so that it breaks at every height of a page), tables 2 and 4
    after text that leaves them little room, and a paragraph of only CJK characters for the grid."""
    t2, t3, t4 = (s.tables[0] for s in draft.sections[1:4])
    sections = []
    for n, lines in enumerate((0, 3, 6, 9, 12, 15, 18, 21), start=1):
        parts = (Part(None, f"t3-{n}", tuple(_para(ONE_LINE) for _ in range(lines))),) if lines else ()
        sections.append(Section(str(n), f"表三前{lines}行", f"t3-{n}", parts, (t3,)))
    for n, (table, lines) in enumerate(((t2, 14), (t2, 17), (t4, 18), (t4, 20)), start=len(sections) + 1):
        parts = (Part(None, f"t-{n}", tuple(_para(ONE_LINE) for _ in range(lines))),)
        sections.append(Section(str(n), f"{table.key}前{lines}行", f"t-{n}", parts, (table,)))
    sections.append(Section(str(len(sections) + 1), "版心", "grid", (Part(None, "grid", (_para(GRID_CHARS),)),)))
    return dataclasses.replace(draft, sections=tuple(sections), preface=())


def broken_draft(draft: Draft, lines: int) -> Draft:
    """The example with ``lines`` lines of text before table 3, which then may no longer fit on the page of its
    heading and break across two pages."""
    third = draft.sections[2]
    words = "本机关依法受理政府信息公开申请，办理情况统计如下表。"  # one line of 28 with its indent
    third = dataclasses.replace(third, parts=(Part(None, "extra", tuple(_para(words) for _ in range(lines))),))
    return dataclasses.replace(draft, sections=(*draft.sections[:2], third, *draft.sections[3:]))


#: Lines of text before table 3 in the "broken" documents: at least one of them breaks the table, whatever the
#: fonts of the machine.
BROKEN = (4, 10, 16)


@pytest.fixture(scope="module")
def draft() -> Draft:
    return generate(EXAMPLE, full=True)


@pytest.fixture(scope="module")
def lo_pdfs(draft, tmp_path_factory) -> dict[str, Path]:
    """The example (report), the page-layout document (pages) and the example with text before table 3
    (broken-N), written as DOCX and converted to PDF by one LibreOffice run."""
    need("soffice")
    work = tmp_path_factory.mktemp("libreoffice")
    docs = {"report": draft, "pages": pages_draft(draft),
            **{f"broken-{lines}": broken_draft(draft, lines) for lines in BROKEN}}
    for name, each in docs.items():
        each.to_docx(work / f"{name}.docx")
    out = work / "out"
    result = subprocess.run(
        [SOFFICE, "--headless", "--norestore", f"-env:UserInstallation=file://{work}/profile", "--convert-to",
         "pdf", "--outdir", str(out), *(str(work / f"{name}.docx") for name in docs)],
        capture_output=True, text=True, timeout=300, env={**os.environ, "HOME": str(work)})
    pdfs = {name: out / f"{name}.pdf" for name in docs}
    for pdf in pdfs.values():
        assert pdf.is_file() and pdf.stat().st_size > 0, result.stdout[-3000:] + result.stderr[-3000:]
    return pdfs


@pytest.fixture(scope="module")
def html_pdf(draft, tmp_path_factory) -> Path:
    need("chromium")
    work = tmp_path_factory.mktemp("chromium")
    page = work / "report.html"
    page.write_text(draft.to_html(), encoding="utf-8")
    pdf = work / "html.pdf"
    (work / "profile").mkdir()
    result = subprocess.run(
        ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage", "--no-pdf-header-footer", f"--user-data-dir={work / 'profile'}",
         f"--print-to-pdf={pdf}", page.as_uri()],
        capture_output=True, text=True, timeout=300)
    assert pdf.is_file() and pdf.stat().st_size > 0, result.stderr[-3000:]
    return pdf


# ---------------------------------------------------------------- reading PDFs

def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def pdf_texts(pdf: Path) -> list[str]:
    """The PDF's text in pdftotext's reading order and in content-stream order, every space removed (PDF text
    may break a line, or insert spaces, anywhere in CJK text)."""
    need("pdftotext")
    return [flat(subprocess.run(["pdftotext", "-enc", "UTF-8", *mode, str(pdf), "-"], check=True,
                                capture_output=True, text=True, timeout=60).stdout) for mode in ([], ["-raw"])]


def page_texts(pdf: Path) -> list[str]:
    """Each page's text (pdftotext -layout), spaces removed."""
    need("pdftotext")
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", "-layout", str(pdf), "-"], check=True,
                          capture_output=True, text=True, timeout=60).stdout
    return [flat(page) for page in text.split("\f")[:-1]]


def missing_texts(pdf: Path, wanted: list[str]) -> list[str]:
    texts = pdf_texts(pdf)
    return [w for w in wanted if not any(w in t for t in texts)]


def pdfinfo(pdf: Path) -> str:
    need("pdfinfo")
    return subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True, timeout=60).stdout


def expected(draft) -> list[str]:
    assert draft.title == "青山县人民政府2024年政府信息公开工作年度报告"
    return [draft.title, *SECTION_HEADINGS, T3_FIRST, T3_LAST]


# ---------------------------------------------------------------- the drafts as printed

def test_html_printed_by_chromium(draft, html_pdf):
    assert missing_texts(html_pdf, expected(draft)) == []
    info = pdfinfo(html_pdf)
    assert re.search(r"Page size:.*\(A4\)", info), info  # the print stylesheet's @page size was honoured
    assert int(re.search(r"Pages:\s+(\d+)", info).group(1)) >= 3


def test_docx_converted_by_libreoffice(draft, lo_pdfs):
    pdf = lo_pdfs["report"]
    assert missing_texts(pdf, expected(draft)) == []
    info = pdfinfo(pdf)
    assert re.search(r"Page size:.*\(A4\)", info), info
    assert int(re.search(r"Pages:\s+(\d+)", info).group(1)) >= 3


# ---------------------------------------------------------------- DOCX pages: tables across a page break

#: Rows of 三、本年度办理结果, first to last: the merged label cell starts in the first.
GROUP_3 = ("（一）予以公开", "1.属于国家秘密", "8.属于行政查询事项", "2.重复申请", "（七）总计")
T3_ROWS = (T3_FIRST, "二、上年结转政府信息公开申请数量", *GROUP_3, T3_LAST)


def test_a_table_breaks_only_between_groups_and_repeats_its_heading_rows(lo_pdfs):
    pages = page_texts(lo_pdfs["pages"])
    t3_pages = [p for p in pages if any(row in p for row in T3_ROWS)]
    assert len(t3_pages) >= 9  # eight tables 3, some of them across two pages
    for n, page in enumerate(pages, start=1):
        present = [row for row in GROUP_3 if row in page]
        # a group is on one page, starting with the row that holds its label cell
        assert present in ([], list(GROUP_3)), (n, present)
        if any(row in page for row in T3_ROWS):  # heading rows on every page a table 3 reaches
            assert "申请人情况" in page and "法人或其他组织" in page, n
        assert ("（七）总计" in page) == (T3_LAST in page), n  # the last row never alone
        assert ("第二十条第（一）项" in page) == ("行政事业性收费" in page), n  # 表二 whole
        assert ("行政复议" in page) == ("复议后起诉" in page), n  # 表四 whole
    # the document did break tables 3 (or the test proves nothing): a page with row 一 but not group 三
    assert sum(T3_FIRST in p and GROUP_3[0] not in p for p in pages) >= 3


# ---------------------------------------------------------------- DOCX pages: the GB/T 9704 grid

def test_the_body_holds_28_characters_a_line_and_22_lines_a_page(lo_pdfs):
    import pdfplumber

    with pdfplumber.open(str(lo_pdfs["pages"])) as pdf:
        grid_pages = []
        for page in pdf.pages:
            lines: dict[int, list[str]] = {}
            for ch in page.chars:
                if ch["size"] > 15:  # body text (16 pt), not the page number (14 pt)
                    lines.setdefault(round(ch["top"]), []).append(ch["text"])
            if lines and all(set(chars) == {"测"} for chars in lines.values()):
                grid_pages.append([len(chars) for _, chars in sorted(lines.items())])
    # the 60-line paragraph fills at least one page on its own: 22 lines of 28 characters
    assert [28] * 22 in grid_pages, grid_pages
    # and every line of that paragraph on those pages but its last holds exactly 28
    counts = [n for page in grid_pages for n in page]
    assert set(counts[:-1]) == {28} and 0 < counts[-1] <= 28, grid_pages


def test_grid_values_in_the_section_properties():
    """Without LibreOffice: the page and grid as written compute to 28 characters and 22 lines."""
    import io
    import zipfile

    buffer = io.BytesIO()
    generate(EXAMPLE, full=True).to_docx(buffer)
    xml = zipfile.ZipFile(buffer).read("word/document.xml").decode("utf-8")
    page = dict(re.findall(r'w:(w|h)="(\d+)"', re.search(r"<w:pgSz [^>]*/>", xml).group()))
    margins = dict(re.findall(r'w:(top|bottom|left|right)="(\d+)"', re.search(r"<w:pgMar [^>]*/>", xml).group()))
    grid = dict(re.findall(r'w:(type|linePitch|charSpace)="(-?\w+)"', re.search(r"<w:docGrid [^>]*/>", xml).group()))
    width = int(page["w"]) - int(margins["left"]) - int(margins["right"])  # twips
    height = int(page["h"]) - int(margins["top"]) - int(margins["bottom"])
    assert (round(width / 56.7), round(height / 56.7)) == (156, 225)  # mm
    assert grid["type"] == "lines" and height // int(grid["linePitch"]) == 22
    pitch = 16 + int(grid["charSpace"]) / 4096  # pt: Word's pitch for a grid of characters
    assert int(width / 20 // pitch) == 28
    condensed = 16 - render_docx.CONDENSE / 20  # pt: what a body character takes on the line of lines grid
    assert int(width / 20 // condensed) == 28


# ---------------------------------------------------------------- printed drafts import back

def figures(report) -> dict[str, str]:
    """Every figure of tables 2–4, by key path, as the official tables show it."""
    return {cell.key: cell.text for table in official_tables(report) for cell in table.data_cells()}


def imported(pdf: Path, tmp_path: Path, capsys) -> dict[str, str]:
    out = tmp_path / f"{pdf.stem}.yaml"
    code = main(["import", str(pdf), "-o", str(out)])
    assert code == 0, capsys.readouterr().err
    return figures(load(out))


def test_html_printed_by_chromium_imports_back(html_pdf, tmp_path, capsys):
    want = figures(load(EXAMPLE))
    assert len(want) == 200
    assert imported(html_pdf, tmp_path, capsys) == want


def test_docx_converted_by_libreoffice_imports_back(lo_pdfs, tmp_path, capsys):
    assert imported(lo_pdfs["report"], tmp_path, capsys) == figures(load(EXAMPLE))


def test_docx_with_table_3_across_a_page_break_imports_back(lo_pdfs, tmp_path, capsys):
    want = figures(load(EXAMPLE))
    broke = 0
    for lines in BROKEN:
        pdf = lo_pdfs[f"broken-{lines}"]
        broke += any(T3_FIRST in p and GROUP_3[0] not in p for p in page_texts(pdf))
        assert imported(pdf, tmp_path, capsys) == want, lines
    assert broke  # table 3 did break in one of them: its repeated heading rows are not read as rows


PUBLISHED = Path(__file__).resolve().parent.parent.parent / "shared" / "published"
PAGES = ("pingtan-gaj-2022", "pingtan-jinjing-2021", "pingtan-jinjing-2022")


@pytest.fixture(scope="module")
def printed_pages(tmp_path_factory) -> dict[str, Path]:
    """The three real published pages of ../shared/published printed by Chromium."""
    if not PUBLISHED.is_dir():
        pytest.skip("../shared/published is not beside the checkout")
    need("chromium")
    work = tmp_path_factory.mktemp("pages")
    (work / "profile").mkdir()
    pdfs = {}
    for name in PAGES:
        pdf = pdfs[name] = work / f"{name}.pdf"
        subprocess.run(
            ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--disable-dev-shm-usage", "--no-pdf-header-footer", f"--user-data-dir={work / 'profile'}",
             "--host-resolver-rules=MAP * ~NOTFOUND",  # the page as saved: its site's scripts are not fetched
             f"--print-to-pdf={pdf}", (PUBLISHED / f"{name}.html").as_uri()],
            capture_output=True, text=True, timeout=300)
        assert pdf.is_file() and pdf.stat().st_size > 0, name
    return pdfs


def test_published_pages_printed_by_chromium_import_as_the_pages_do(printed_pages, tmp_path, capsys):
    """Table 3 of these pages breaks across pages without repeating its heading and without a rule above
    the first row of the next page (and 金井 2021 cuts a row's label in two): every figure still reads as
    the HTML page gives it."""
    from narrative.importer import read_report

    for name, pdf in printed_pages.items():
        page = figures(load(read_report(PUBLISHED / f"{name}.html").document))
        assert imported(pdf, tmp_path, capsys) == page, name


def test_joining_a_continuation_drops_its_repeated_heading_and_aligns_the_figures():
    """What the printed-draft tests meet, without the renderers: Chromium's thead repeated over a table 3
    whose first page has one label column (rows 一 and 二 span all three) and whose second page has three."""
    from narrative.pdfreport import _join

    heading = [["（本列数据…）", "申请人情况"], ["", "自然人"]]
    first = heading + [["一、本年新收", "1", "2"], ["二、上年结转", "0", "0"]]
    second = [["（本列数据…）", "", "", "申请人情况"], ["", "", "", "自然人"], ["三、本年度办理结果", "（一）予以公开", "", "5", "6"]]
    wider = [["（本列数据…）", "", "", "申请人情况"], ["", "", "", "自然人"], ["三、本年度办理结果", "（一）予以公开", "", "5"]]
    (grid,) = _join([first, wider])
    assert [row[-1] for row in grid.rows] == ["申请人情况", "自然人", "2", "0", "5"]
    assert grid.rows[2] == ["一、本年新收", "", "1", "2"] and all(len(row) == 4 for row in grid.rows)
    assert len(_join([first, second])) == 1  # the repeated heading marks a continuation, whatever its width


def test_a_row_cut_by_the_page_break_is_joined_again():
    from narrative.pdfreport import _join

    first = [["（本列数据…）", "申请人情况"], ["一、本年新收", "0"], ["2.申请人逾期未按收", "1"]]
    rest = [["费通知要求缴纳费用", ""], ["3.其他", "0"], ["四、结转下年度继续办理", "0"]]
    (grid,) = _join([first, rest])
    assert grid.rows[2] == ["2.申请人逾期未按收费通知要求缴纳费用", "1"] and len(grid.rows) == 5
