"""``narrative import`` on real published pages (../shared/published): every figure as printed, the slips
the pages really have, and each kind of unreadable cell planted into a real page."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from narrative import NarrativeError, check, load
from narrative.cli import main
from narrative.importer import read_report

PUBLISHED = Path(__file__).resolve().parent.parent.parent / "shared" / "published"
pytestmark = pytest.mark.skipif(not PUBLISHED.is_dir(), reason="../shared/published is not beside the checkout")

ZERO = {"natural_person": 0, "commercial_enterprise": 0, "research_institution": 0, "social_welfare_org": 0,
        "legal_service_org": 0, "other_org": 0, "total": 0}


def row(natural: int = 0, total: int | None = None) -> dict:
    return {**ZERO, "natural_person": natural, "total": natural if total is None else total}


def zeros(**rows: dict) -> dict:
    """Table 3 all zero except ``rows`` (key paths with dots as __)."""
    table: dict = {"new_received": ZERO, "carried_over": ZERO, "carried_forward": ZERO,
                   "results": {"disclosed": ZERO, "partially_disclosed": ZERO, "total": ZERO,
                               "not_disclosed": {k: ZERO for k in ("state_secret", "prohibited_by_law",
                                                                   "three_safeties_one_stability", "third_party_rights",
                                                                   "internal_affairs", "process_information",
                                                                   "enforcement_files", "administrative_query")},
                               "cannot_provide": {k: ZERO for k in ("not_held", "needs_compilation",
                                                                    "unclear_after_supplement")},
                               "not_processed": {k: ZERO for k in ("complaint_petition", "repeated_request",
                                                                   "public_publication", "excessive_requests",
                                                                   "confirm_or_reissue")},
                               "other": {k: ZERO for k in ("overdue_supplement", "overdue_fee", "other")}}}
    for path, value in rows.items():
        node = table
        parts = path.split("__")
        for part in parts[:-1]:
            node = node[part]
        node[parts[-1]] = value
    return table


NONE = {"upheld": 0, "corrected": 0, "other": 0, "pending": 0, "total": 0}


def test_public_security_bureau_2022_every_figure_as_printed():
    """平潭综合实验区公安局 2022, compared cell by cell with the page (table 2: 4/1/7, 处罚 157; table 3: one
    new and one carried-over application of a natural person, one 部分公开, one 逾期不补正)."""
    doc = read_report(PUBLISHED / "pingtan-gaj-2022.html").document
    assert doc["agency"]["name"] == "平潭综合实验区公安局" and doc["year"] == 2022
    assert doc["active_disclosure"] == {
        "regulations": {"issued": 0, "repealed": 0, "in_force": 0},
        "normative_documents": {"issued": 4, "repealed": 1, "in_force": 7},
        "licensing": 0, "punishment": 157, "coercion": 0, "administrative_fees": 0}
    assert doc["applications"] == zeros(new_received=row(1), carried_over=row(1),
                                        results__partially_disclosed=row(1), results__other__overdue_supplement=row(1),
                                        results__total=row(2))
    assert doc["review_litigation"] == {"review": NONE, "litigation_direct": NONE, "litigation_after_review": NONE}
    assert doc["fees"] == {"information_processing_fee_yuan": 0}  # “2022年，无收取信息处理费情况。”
    problems = doc["problems"]["current"]
    assert len(problems) == 1 and problems[0]["text"].startswith("信息的公开面还不够广")
    assert [a[:8] for a in problems[0]["actions"]] == ["公开范围力求“全", "政策解读力求“新", "监督保障力求“细"]
    assert not [f for f in check(load(doc)) if f.is_error]


def test_jinjing_2022_a_blank_cell_is_read_from_its_row_total_and_said():
    reading = read_report(PUBLISHED / "pingtan-jinjing-2022.html")
    doc = reading.document
    assert doc["applications"] == zeros()
    assert doc["active_disclosure"]["normative_documents"] == {"issued": 1, "repealed": 0, "in_force": 7}
    blank = [f for f in reading.findings if f.code == "I-BLANK"]
    assert len(blank) == 1 and "表三第28行第5列" in blank[0].message and "商业企业" in blank[0].message
    assert [p["text"][:6] for p in doc["problems"]["current"]] == ["对政府信息公", "公开范围不够", "对信息的收集"]
    assert all(len(p["actions"]) == 1 for p in doc["problems"]["current"])


def test_jinjing_two_consecutive_years_link_and_carry():
    last = read_report(PUBLISHED / "pingtan-jinjing-2021.html").document
    this = read_report(PUBLISHED / "pingtan-jinjing-2022.html").document
    assert last["active_disclosure"]["normative_documents"] == {"issued": 1, "repealed": 0, "in_force": 6}
    assert last["fees"] == {"information_processing_fee_yuan": 0}  # “本年度没有产生信息公开处理费”
    report = load({**this, "previous_year": last})
    assert not [f for f in check(report) if f.is_error]  # X-CARRY 0→0, X-IN-FORCE 6 + 1 − 0 = 7


def _planted(tmp_path: Path, old: str, new: str, count: int = 1) -> Path:
    page = (PUBLISHED / "pingtan-gaj-2022.html").read_text(encoding="utf-8")
    assert old in page
    target = tmp_path / "page.html"
    target.write_text(page.replace(old, new, count), encoding="utf-8")
    return target


def test_an_unreadable_figure_is_an_error_naming_its_cell(tmp_path):
    page = _planted(tmp_path, ">157<", ">15七<")
    with pytest.raises(NarrativeError) as caught:
        read_report(page)
    numbers = [f for f in caught.value.findings if f.code == "I-NUMBER"]
    assert len(numbers) == 1 and "表二" in numbers[0].message and "行政处罚" in numbers[0].message
    assert numbers[0].actual == "15七"


def test_tables_that_break_a_rule_are_still_imported_with_the_finding(tmp_path, capsys):
    source = PUBLISHED / "pingtan-gaj-2022.html"
    page = source.read_text(encoding="utf-8")
    marker = "四、结转下年度继续办理"
    head, tail = page.split(marker, 1)
    tail = tail.replace(">0<", ">3<", 1)  # the first figure after the label: 结转下年度 · 自然人
    planted = tmp_path / "page.html"
    planted.write_text(head + marker + tail, encoding="utf-8")
    out = tmp_path / "in.yaml"
    assert main(["import", str(planted), "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert "T3-BALANCE" in err or "T3-ROW-TOTAL" in err
    assert out.is_file() and "T3-" in out.read_text(encoding="utf-8")


def test_cli_import_writes_once_and_refuses_formats_it_cannot_read_yet(tmp_path, capsys):
    out = tmp_path / "2022.yaml"
    assert main(["import", str(PUBLISHED / "pingtan-jinjing-2022.html"), "-o", str(out)]) == 0
    assert load(out).agency.name == "平潭综合实验区金井片区管理局"
    assert main(["import", str(PUBLISHED / "pingtan-jinjing-2022.html"), "-o", str(out)]) == 2
    odt = tmp_path / "x.odt"
    shutil.copy(PUBLISHED / "pingtan-jinjing-2022.txt", odt)
    assert main(["import", str(odt)]) == 2
    assert "L-FORMAT" in capsys.readouterr().err
    fake = tmp_path / "x.pdf"  # text that only calls itself a PDF
    shutil.copy(PUBLISHED / "pingtan-jinjing-2022.txt", fake)
    assert main(["import", str(fake)]) == 1
    assert "L-SYNTAX" in capsys.readouterr().err


# ---------------------------------------------------------------- crawled text pages (cells run together)

from narrative.textreport import splits  # noqa: E402


def test_a_run_of_digits_is_split_only_when_one_split_fits():
    assert splits("4000004", (7,), totals=True) == [[4, 0, 0, 0, 0, 0, 4]]
    assert splits("101", (3,), totals=False) == [[1, 0, 1]]
    assert len(splits("2025", (3,), totals=False)) == 2  # 2、0、25 or 20、2、5: say so, never guess
    assert splits("000000", (7,), totals=True) == []  # six digits for seven cells: a blank cell
    assert splits("000000000000000", (5, 5, 5), totals=True) == [[0] * 15]


@pytest.mark.parametrize("name", ["pingtan-gaj-2022", "pingtan-jinjing-2021"])
def test_the_text_and_the_html_of_one_page_read_the_same_tables(name):
    text = read_report(PUBLISHED / f"{name}.txt").document
    html = read_report(PUBLISHED / f"{name}.html").document
    for key in ("agency", "year", "active_disclosure", "applications", "review_litigation", "fees"):
        assert text[key] == html[key], key


def test_six_of_eight_crawled_pages_import_and_the_two_slips_are_named():
    imported = {p.stem: read_report(p).document for p in sorted(PUBLISHED.glob("*.txt"))
                if p.stem not in ("pingtan-hzs-2022", "pingtan-jinjing-2022")}
    assert len(imported) == 6
    assert all(not [f for f in check(load(doc)) if f.is_error] for doc in imported.values())
    with pytest.raises(NarrativeError) as caught:
        read_report(PUBLISHED / "pingtan-hzs-2022.txt")  # 行政规范性文件 printed “2025” for three cells
    ambiguous = [f for f in caught.value.findings if f.code == "I-AMBIGUOUS"]
    assert [f.actual for f in ambiguous] == ["2025"]  # 行政许可 “7677” is one cell: read as 7677
    with pytest.raises(NarrativeError) as caught:
        read_report(PUBLISHED / "pingtan-jinjing-2022.txt")  # a blank cell: six digits for seven cells
    assert [(f.code, f.actual) for f in caught.value.findings if f.is_error] == [("I-NUMBER", "000000")]


def test_section_five_problems_and_measures_from_a_crawled_page():
    doc = read_report(PUBLISHED / "pingtan-gyz-2021.txt").document
    problems = doc["problems"]["current"]
    assert [p["text"][:7] for p in problems] == ["我局人员流动较", "政府信息公开内", "政务公开制度在"]
    assert all(len(p["actions"]) == 1 for p in problems)
    assert read_report(PUBLISHED / "pingtan-czj-2021.txt").findings[-1].code == "I-FEE"  # no section 六


# ---------------------------------------------------------------- our own full reports read back (DOCX, HTML)

from conftest import EXAMPLES  # noqa: E402
from narrative import generate  # noqa: E402
from narrative.tables_layout import official_tables  # noqa: E402

EXAMPLE_FILES = sorted(EXAMPLES.glob("*.yaml"))


def _cells(report) -> list[list[str]]:
    return [[cell.text for cell in table.data_cells()] for table in official_tables(report)]


@pytest.mark.parametrize("fmt", ["docx", "html"])
@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.stem)
def test_our_full_report_reads_back_with_every_figure_and_the_clerks_problems(tmp_path, path, fmt):
    source = load(path)
    draft = generate(source, full=True)
    target = tmp_path / f"report.{fmt}"
    if fmt == "docx":
        draft.to_docx(target)
    else:
        target.write_text(draft.to_html(), encoding="utf-8")
    doc = read_report(target).document
    imported = load(doc)
    assert (imported.agency.name, imported.year) == (source.agency.name, source.year)
    assert _cells(imported) == _cells(source)
    given = [p for p in source.problems.current or [] if p.text]
    if given and len(given) == len(source.problems.current or []):
        read = doc["problems"]["current"]
        assert [p["text"] for p in read] == [p.text.rstrip("。") for p in given]
        for item, original in zip(read, given):  # a measure the bank proposed is read back as printed
            if original.actions:
                assert item["actions"] == [a.rstrip("。；") for a in original.actions]


def test_the_blank_official_template_is_refused_cell_by_cell():
    with pytest.raises(NarrativeError) as caught:
        read_report(PUBLISHED / "template-zfxxgknb-format2021.docx")
    codes = {f.code for f in caught.value.findings if f.is_error}
    assert "I-TITLE" in codes and "I-BLANK" in codes  # no body, no year, and no figure guessed for a blank


# ---------------------------------------------------------------- PDF (a text layer; tables across page breaks)


def test_hongze_2024_pdf_every_figure_as_printed():
    """淮安市洪泽区人民政府 2024 (PDF): tables 2 and 3 break across pages and are joined again; （六）其他处理 is
    printed as one row and read as 3.其他 with a warning; the figures compared with the page by hand."""
    reading = read_report(PUBLISHED / "huaian-hongze-2024.pdf")
    doc = reading.document
    assert (doc["agency"]["name"], doc["year"]) == ("淮安市洪泽区人民政府", 2024)
    assert doc["active_disclosure"] == {
        "regulations": {"issued": 0, "repealed": 0, "in_force": 0},
        "normative_documents": {"issued": 3, "repealed": 0, "in_force": 8},
        "licensing": 9487, "punishment": 2776, "coercion": 84, "administrative_fees": 7545}
    apps = load(doc).applications
    assert (apps.new_received.sum, apps.results.disclosed.sum, apps.results.partially_disclosed.sum) == (95, 50, 9)
    assert (apps.results.cannot_provide.not_held.sum, apps.results.not_processed.complaint_petition.sum) == (31, 1)
    assert doc["review_litigation"]["litigation_after_review"] == {"upheld": 2, "corrected": 0, "other": 1,
                                                                  "pending": 0, "total": 3}
    assert doc["fees"] == {"information_processing_fee_yuan": "0"}  # “全年收取政府信息公开信息处理费 0 元”
    assert "I-LAYOUT" in {f.code for f in reading.findings}
    assert not [f for f in check(load(doc)) if f.is_error]


def test_hongze_2023_pdf_is_imported_with_its_table_4_slips_named(tmp_path, capsys):
    """The 2023 report prints 行政复议 10+1+0+0 with 总计 0 and 复议后起诉 5+0+0+0 with 总计 0: the input is
    still written, and the two T4-SUM findings say where."""
    out = tmp_path / "2023.yaml"
    assert main(["import", str(PUBLISHED / "huaian-hongze-2023.pdf"), "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert err.count("T4-SUM") == 2
    problems = load(out).problems.current
    assert len(problems) == 1 and problems[0].text.startswith("依申请公开工作规范性") and len(problems[0].actions) == 3


def test_facts_of_section_one_are_read_with_their_sentence():
    gaj = read_report(PUBLISHED / "pingtan-gaj-2022.html")
    assert gaj.document["facts"] == {"active_disclosure": {"press_conferences": 2}}
    assert "召开新闻发布会2场" in gaj.sources["facts.active_disclosure.press_conferences"]
    assert read_report(PUBLISHED / "huaian-hongze-2024.pdf").document["facts"] == {
        "active_disclosure": {"items_published": 2428}}  # “主动发布各类政府信息2428条”
    assert read_report(PUBLISHED / "pingtan-jinjing-2022.html").document["facts"] == {
        "active_disclosure": {"items_published": 90}}


def test_a_filled_official_word_template_is_an_input_for_check_and_draft(tmp_path, capsys):
    """The official template (../shared/published), its tables filled as an office fills them: check and
    draft read it directly, agency and year from its title, every figure from its cell."""
    import docx

    source = load(EXAMPLES / "qingshan-county-2023.yaml")
    document = docx.Document(str(PUBLISHED / "template-zfxxgknb-format2021.docx"))
    document.paragraphs[0].text = "青山县人民政府2023年政府信息公开工作年度报告"
    for table, layout in zip(document.tables, official_tables(source)):
        for r, row in enumerate(layout.grid()):
            for c, cell in enumerate(row):
                if cell is not None and cell.key is not None:
                    table.rows[r].cells[c].text = cell.text
    filled = tmp_path / "填好的模板.docx"
    document.save(str(filled))
    assert main(["check", str(filled)]) == 0
    report = load(filled)
    assert (report.agency.name, report.year) == ("青山县人民政府", 2023) and _cells(report) == _cells(source)
    out = tmp_path / "报告.docx"
    assert main(["draft", str(filled), "--full", "-o", str(out)]) == 0 and out.read_bytes()[:2] == b"PK"


CORPUS = PUBLISHED.parent / "corpus"


@pytest.mark.skipif(not (CORPUS / "xinji-2022-report.txt").is_file(), reason="../shared/corpus is not beside the checkout")
def test_a_text_copied_out_of_word_with_ascii_numbering_is_imported():
    """辛集镇 2022 numbers table 3's labels "(一) 予以公开" (ASCII parentheses, a space): read as （一）予以公开.
    Every figure of the page is 0 (tab-separated cells), and so is every figure imported."""
    reading = read_report(CORPUS / "xinji-2022-report.txt")
    assert not [f for f in reading.findings if f.is_error]
    report = load(reading.document)
    assert report.agency.name == "辛集镇" and report.year == 2022  # as its title names it
    from narrative.tables_layout import official_tables
    assert {cell.text for table in official_tables(report) for cell in table.data_cells()} == {"0"}


def test_official_numbering_changes_labels_not_figures():
    from narrative.textreport import official_numbering

    assert official_numbering("(一) 予以公开\t0\t(七)总计 (12) 件") == "（一）予以公开\t0\t（七）总计 (12) 件"
