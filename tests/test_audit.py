"""``narrative audit``: the real published reports with the slips they really have, slips planted one at a time
into a clean real report (each gives exactly its finding), and every draft of ours passing our own audit."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from narrative import generate, load
from narrative.audit import audit_draft, audit_paths, draft_words
from narrative.cli import main
from narrative.testing import raw_reports

ROOT = Path(__file__).resolve().parent.parent
PUBLISHED = ROOT.parent / "shared" / "published"
CORPUS = ROOT.parent / "shared" / "corpus"
EXAMPLES = ROOT / "examples"
needs_shared = pytest.mark.skipif(not PUBLISHED.is_dir(), reason="../shared/published is not beside the repository")


def _codes(audit, severity=None):
    return sorted(f.code for f in audit.findings if severity is None or f.severity == severity)


def _by_file(run):
    return {Path(a.body.file).name: a for a in run.audits}


# ---------------------------------------------------------------- the real reports


@pytest.fixture(scope="module")
def real_run():
    if not PUBLISHED.is_dir():
        pytest.skip("../shared/published is not beside the repository")
    return audit_paths([str(PUBLISHED), str(CORPUS)])


@needs_shared
def test_real_reports_raise_exactly_the_slips_they_have(real_run):
    """Each figure, sum, heading and review finding on the real reports, after reading each report: the README's
    listed slips are found, and nothing else is called an error in the text."""
    audits = _by_file(real_run)
    text_errors = {name: sorted((f.code, f.actual) for f in a.findings
                                if f.is_error and f.code.startswith("A-") and f.code != "A-UNREAD")
                   for name, a in audits.items() if not name.startswith("template")}
    assert text_errors == {
        # the text says 17 applications, table 3 counts 95 (the README's slip)
        "huaian-hongze-2024.pdf": [("A-FIGURE", "17"), ("A-PREV-REVIEW", "（无）")],
        "huaian-hongze-2023.pdf": [],
        # section 六 is missing entirely; 198 + 142 + 137 = 477, not the stated 510
        "pingtan-czj-2021.txt": [("A-ARITH", "510"), ("A-HEADING-MISSING", "（缺）")],
        "pingtan-gaj-2022.html": [], "pingtan-gaj-2022.txt": [],
        "pingtan-gyz-2021.txt": [], "pingtan-hzs-2022.txt": [],
        "pingtan-jinjing-2021.html": [], "pingtan-jinjing-2021.txt": [],
        # 2022 does not review 2021's three problems at all (read: 五 goes straight to this year's)
        "pingtan-jinjing-2022.html": [("A-PREV-REVIEW", "（无）")],
        "pingtan-jinjing-2022.txt": [("A-PREV-REVIEW", "（无）")],
        "pingtan-jjf-2022.txt": [],
        # 1 + 3 + 9 + 24 + 97 = 134, not the stated 135 (a real slip the README does not list)
        "pingtan-suping-2021.txt": [("A-ARITH", "135")],
        # the corpus copy is shortened (……) where it skips 3. and 二是; its 2020 table 2 uses the trial format
        "pingtan-2020-report.txt": [("A-ARITH", "2602"), ("A-NUMBERING", "4."), ("A-NUMBERING", "三是")],
        "xinji-2022-report.txt": [],
    }
    # the tables as published: table 4 of 洪泽 2023 prints 总计 0 under 10+1 and 5 (README)
    assert _codes(audits["huaian-hongze-2023.pdf"], "error") == ["T4-SUM", "T4-SUM"]
    # year to year within the run: 洪泽 2024 copies 2023's measures, 金井 2022 is compared with 2021
    assert audits["huaian-hongze-2024.pdf"].previous_file.endswith("huaian-hongze-2023.pdf")
    assert _codes(audits["huaian-hongze-2024.pdf"], "warning").count("A-MEASURE-COPIED") == 2
    assert audits["pingtan-jinjing-2022.html"].previous_file.endswith("pingtan-jinjing-2021.html")
    assert 0.3 < audits["pingtan-jinjing-2022.html"].overlap_previous < 0.5


@needs_shared
def test_the_wording_and_the_heading_slips_are_warnings_with_the_official_wording(real_run):
    audits = _by_file(real_run)
    wording = [f for f in audits["pingtan-jinjing-2022.html"].findings if f.code == "A-HEADING-WORDING"]
    assert [(f.expected, f.actual) for f in wording] == [("五、存在的主要问题及改进情况", "五、存在的主要问题及改进措施")]
    figure = next(f for f in audits["huaian-hongze-2024.pdf"].findings if f.code == "A-FIGURE")
    assert figure.location.section == "一" and "受理政府信息公开申请17件" in figure.location.quote
    assert figure.expected == "95"


# ---------------------------------------------------------------- slips planted into a clean real report

GAJ = "pingtan-gaj-2022.html"


def _plant(tmp_path: Path, old: str, new: str, name: str = GAJ, count: int = 1) -> Path:
    text = (PUBLISHED / name).read_text(encoding="utf-8")
    assert text.count(old) >= 1, old
    target = tmp_path / name
    target.write_text(text.replace(old, new, count), encoding="utf-8")
    return target


def _audit_one(path: Path, previous: Path | None = None):
    run = audit_paths([str(path)], [str(previous)] if previous else None)
    assert len(run.audits) == 1
    return run.audits[0]


@needs_shared
def test_the_clean_report_has_no_error(tmp_path):
    shutil.copy(PUBLISHED / GAJ, tmp_path / GAJ)
    assert _codes(_audit_one(tmp_path / GAJ), "error") == []


@needs_shared
def test_a_changed_figure_in_the_text_is_one_figure_error(tmp_path):
    audit = _audit_one(_plant(tmp_path, "申请</span>1件，已按照", "申请</span>3件，已按照"))
    errors = [f for f in audit.findings if f.is_error]
    assert [(f.code, f.expected, f.actual) for f in errors] == [("A-FIGURE", "1", "3")]
    assert "收到政府信息公开申请3件" in errors[0].location.quote


@needs_shared
def test_a_skipped_ordinal_is_one_numbering_error(tmp_path):
    audit = _audit_one(_plant(tmp_path, "（四）严格审查", "（五）严格审查"))
    errors = [f for f in audit.findings if f.is_error]
    assert [(f.code, f.expected, f.actual) for f in errors] == [("A-NUMBERING", "（四）", "（五）")]
    assert errors[0].location.section == "一"


@needs_shared
def test_a_missing_heading_is_one_heading_error(tmp_path):
    audit = _audit_one(_plant(tmp_path, "六、其他需要报告的事项", ""))
    assert [(f.code, f.location.section) for f in audit.findings if f.is_error] == [("A-HEADING-MISSING", "六")]


@needs_shared
def test_a_broken_table_total_is_one_table_error_naming_the_cell(tmp_path):
    # table 3, 一、本年新收, 自然人: 1 → 2 (its row total and its column's balance both break)
    text = (PUBLISHED / GAJ).read_text(encoding="utf-8")
    at = text.index("本年新收政府信息公开申请数量")
    cell = text.index(">1</p>", at)
    (tmp_path / GAJ).write_text(text[:cell] + ">2</p>" + text[cell + 6:], encoding="utf-8")
    audit = _audit_one(tmp_path / GAJ)
    errors = [f for f in audit.findings if f.is_error]
    assert len(errors) == 1, [f.format() for f in errors]
    assert errors[0].code.startswith("T3-")
    assert errors[0].location.dotted.startswith("applications.new_received")


@needs_shared
def test_a_copied_paragraph_is_an_overlap_between_bodies(tmp_path):
    gaj = (PUBLISHED / GAJ).read_text(encoding="utf-8")
    one = gaj[gaj.index("一、总体情况"):gaj.index("二、主动公开政府信息情况")]
    jinjing = (PUBLISHED / "pingtan-jinjing-2022.html").read_text(encoding="utf-8")
    start, end = jinjing.index("一、总体情况"), jinjing.index("二、主动公开政府信息情况")
    (tmp_path / "copy.html").write_text(jinjing[:start] + one + jinjing[end:], encoding="utf-8")
    shutil.copy(PUBLISHED / GAJ, tmp_path / GAJ)
    run = audit_paths([str(tmp_path)])
    for audit in run.audits:
        overlap = [f for f in audit.findings if f.code == "A-OVERLAP-PEER"]
        assert len(overlap) == 1 and "区管委会办公室和省公安厅" in overlap[0].hint
    (share, passages), = run.peers.values()
    assert share > 0.5 and any("省公安厅政府信息公开工作领导小组" in p for p in passages)


@needs_shared
def test_a_late_publication_is_an_error_for_a_department(tmp_path):
    path = _plant(tmp_path, "发布时间: 2023-01-09", "发布时间: 2023-02-10", name="pingtan-gaj-2022.txt")
    late = [f for f in _audit_one(path).findings if f.code == "A-LATE"]
    assert [(f.severity, f.expected, f.actual) for f in late] == [("error", "不晚于2023-01-31", "2023-02-10")]


@needs_shared
def test_last_years_problems_not_reviewed_and_a_copied_measure(tmp_path):
    this_year = _audit_one(PUBLISHED / "huaian-hongze-2024.pdf", PUBLISHED / "huaian-hongze-2023.pdf")
    review = [f for f in this_year.findings if f.code == "A-PREV-REVIEW"]
    assert [f.severity for f in review] == ["error"]
    copied = [f for f in this_year.findings if f.code == "A-MEASURE-COPIED"]
    assert copied and all("依申请公开" in f.location.quote or "培训" in f.location.quote for f in copied)
    assert this_year.overlap_previous is not None and this_year.passages_previous


# ---------------------------------------------------------------- our drafts pass our audit


@given(raw_reports(), st.booleans())
def test_every_draft_passes_its_own_audit(doc, full):
    report = load(doc)
    draft = generate(report, full=full)
    audit = audit_draft(report, draft)
    assert [f.format() for f in audit.findings if f.is_error] == []


@settings(max_examples=25)
@given(raw_reports())
def test_every_text_format_read_back_passes_the_audit(tmp_path_factory, doc):
    report = load(doc)
    draft = generate(report, full=True)
    folder = tmp_path_factory.mktemp("formats")
    for suffix, text in ((".txt", draft.to_text()), (".md", draft.to_markdown()), (".json", draft.to_json()),
                         (".html", draft.to_html())):
        path = folder / f"draft{suffix}"
        path.write_text(text, encoding="utf-8")
        audit = audit_draft(report, None, draft_words(path))
        assert [f.format() for f in audit.findings if f.is_error] == [], suffix


@pytest.mark.parametrize("example", sorted(p.name for p in EXAMPLES.glob("*.yaml")))
def test_the_examples_full_docx_passes_the_audit_through_the_cli(tmp_path, example, capsys):
    out = tmp_path / "报告.docx"
    assert main(["draft", str(EXAMPLES / example), "--full", "-o", str(out)]) == 0
    capsys.readouterr()
    assert main(["audit", str(out), "--input", str(EXAMPLES / example), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["errors"] == 0 and [f for r in data["reports"] for f in r["findings"] if f["severity"] == "error"] == []


# ---------------------------------------------------------------- the command


@needs_shared
def test_audit_of_a_directory_writes_one_offline_html_page_and_exits_1(tmp_path, capsys):
    out = tmp_path / "审查.html"
    status = main(["audit", str(PUBLISHED), "-o", str(out)])
    assert status == 1
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "@page { size: A4" in page
    assert not re.search(r"<script|<link|src=\"http|url\(", page)  # offline: nothing fetched
    assert "淮安市洪泽区人民政府" in page and "受理政府信息公开申请17件" in page
    assert page.count('<tr><th>') >= 14  # the heat map: a row per body
    assert "审查" in capsys.readouterr().err


@needs_shared
def test_audit_json_names_every_finding_with_its_place(capsys):
    assert main(["audit", str(PUBLISHED / "pingtan-czj-2021.txt"), "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    (report,) = data["reports"]
    arith = next(f for f in report["findings"] if f["code"] == "A-ARITH")
    assert arith["location"]["section"] == "二" and "总数510条" in arith["location"]["quote"]
    assert (arith["expected"], arith["actual"]) == ("477", "510")


def test_audit_usage_errors(tmp_path, capsys):
    assert main(["audit", str(tmp_path / "none.html")]) == 2
    assert main(["audit", str(tmp_path)]) == 2  # an empty directory: nothing to audit
    (tmp_path / "x.html").write_text("<html></html>", encoding="utf-8")
    assert main(["audit", str(tmp_path / "x.html"), "--format", "json", "-o", str(tmp_path / "a.html")]) == 2
    assert "找不到" in capsys.readouterr().err


def test_our_full_reports_audit_clean_as_published_pages(tmp_path, capsys):
    """Every example's full report as a web page and as Word, audited like any published report (tables read
    back from the page, year to year where both years are there): no error and no warning."""
    for example in sorted(EXAMPLES.glob("*.yaml")):
        for suffix in (".html", ".docx"):
            assert main(["draft", str(example), "--full", "-o", str(tmp_path / f"{example.stem}{suffix}")]) == 0
    capsys.readouterr()
    run = audit_paths([str(tmp_path)])
    assert len(run.audits) == 2 * len(list(EXAMPLES.glob("*.yaml"))) and not run.unread
    assert [f.format() for a in run.audits for f in a.findings] == []
    linked = {Path(a.body.file).name: Path(a.previous_file).name for a in run.audits if a.previous_file}
    assert linked["qingshan-county-2024.html"].startswith("qingshan-county-2023")


def test_files_that_are_not_reports_are_one_finding_each_and_never_a_traceback(tmp_path, capsys):
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "trunc.html").write_text("<html><body><table><tr><td>x", encoding="utf-8")
    (tmp_path / "bad.pdf").write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 8)
    (tmp_path / "bad.docx").write_bytes(b"PK\x03\x04" + b"\x00" * 200)
    assert main(["audit", str(tmp_path), "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    per_file = {Path(r["file"]).name: [f["code"] for f in r["findings"]] for r in data["reports"]}
    assert per_file == {"empty.txt": ["A-UNREAD"], "trunc.html": ["A-UNREAD"]}
    assert sorted(Path(f["location"]["file"]).name for f in data["unread"]) == ["bad.docx", "bad.pdf"]


def test_many_bodies_list_their_overlapping_pairs_instead_of_a_matrix(tmp_path):
    from narrative.auditreport import MATRIX_LIMIT, to_html
    from narrative.testing import sample_documents

    for n, doc in enumerate(sample_documents(MATRIX_LIMIT + 1, derandomize=True, previous=False)):
        (tmp_path / f"{n}.html").write_text(generate(load(doc), full=True).to_html(), encoding="utf-8")
    run = audit_paths([str(tmp_path)])
    assert len(run.audits) == MATRIX_LIMIT + 1 and run.errors == 0
    page = to_html(run)
    assert "class=heat" not in page and ("只列重复超过30%的单位对" in page or "没有重复超过30%的单位" in page)
    assert page.count("<h3>") == MATRIX_LIMIT + 1
