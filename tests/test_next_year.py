"""From last year to this year: ``narrative init --from`` (an input file or a published page) and
``narrative draft --against`` (overlap with last year's published narrative)."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import EXAMPLES
from narrative import generate, load
from narrative.cli import main

PUBLISHED = Path(__file__).resolve().parent.parent.parent / "shared" / "published"
needs_published = pytest.mark.skipif(not PUBLISHED.is_dir(), reason="../shared/published is not beside the checkout")


def test_next_year_from_an_input_file_links_it_and_turns_plans_into_questions(tmp_path):
    out = tmp_path / "2024" / "input.yaml"
    out.parent.mkdir()
    assert main(["init", "--from", str(EXAMPLES / "qingshan-county-2023.yaml"), "-o", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert "previous_year: \"../" in text  # relative to the new file, so the pair moves together
    report = load(out)
    assert report.year == 2024 and report.agency.name == "青山县人民政府"
    assert report.previous_year is not None and report.previous_year.year == 2023
    previous = report.problems.previous
    last = load(EXAMPLES / "qingshan-county-2023.yaml").problems.current
    assert [p.text for p in previous] == [p.text for p in last]
    assert [list(p.planned) for p in previous] == [list(p.actions) for p in last]
    assert all(not p.actions for p in previous)
    rectify = generate(report).section("五").parts[0]
    for paragraph, item in zip(rectify.paragraphs, previous):
        if item.planned:
            assert "上年度报告提出的措施" in paragraph.text and "【待补充：" in paragraph.text


@needs_published
def test_next_year_from_a_published_page_inlines_what_was_imported(tmp_path, capsys):
    out = tmp_path / "2022.yaml"
    assert main(["init", "--from", str(PUBLISHED / "pingtan-jinjing-2021.html"), "-o", str(out)]) == 0
    report = load(out)
    assert report.year == 2022 and report.previous_year.year == 2021
    assert report.previous_year.active_disclosure.normative_documents.in_force == 6
    assert len(report.problems.previous) == 3 and all(p.planned and not p.actions for p in report.problems.previous)
    assert main(["init", "--from", str(PUBLISHED / "pingtan-jinjing-2021.html"), "-o", str(out)]) == 2  # no clobber


def _empty_tables(report) -> bool:
    from narrative.tables_layout import official_tables

    return all(cell.text == "0" for table in official_tables(report) for cell in table.data_cells())


def test_next_year_as_a_workbook_from_an_input_file(tmp_path, capsys):
    out = tmp_path / "2024" / "2024.xlsx"
    out.parent.mkdir()
    assert main(["init", "--from", str(EXAMPLES / "qingshan-county-2023.yaml"), "-o", str(out)]) == 0
    assert "已写入" in capsys.readouterr().err and sorted(p.name for p in out.parent.iterdir()) == ["2024.xlsx"]
    report = load(out)
    last = load(EXAMPLES / "qingshan-county-2023.yaml")
    assert report.year == 2024 and report.agency == last.agency  # every agency field carried over
    assert report.previous_year is not None and report.previous_year.year == 2023  # linked by its path
    assert [p.text for p in report.problems.previous] == [p.text for p in last.problems.current]
    assert [list(p.planned) for p in report.problems.previous] == [list(p.actions) for p in last.problems.current]
    assert all(not p.actions for p in report.problems.previous)
    assert not report.problems.current and _empty_tables(report)
    # the same from --format xlsx; an existing file is not replaced without --force
    assert main(["init", "--from", str(EXAMPLES / "qingshan-county-2023.yaml"), "--format", "xlsx",
                 "-o", str(out)]) == 2
    assert main(["init", "--from", str(EXAMPLES / "qingshan-county-2023.yaml"), "--format", "xlsx",
                 "-o", str(out), "--force"]) == 0
    assert load(out).problems.previous == report.problems.previous
    assert main(["init", "--from", str(EXAMPLES / "qingshan-county-2023.yaml"), "--format", "xlsx"]) == 2  # needs -o


@needs_published
def test_next_year_as_a_workbook_from_a_published_page_writes_last_year_beside_it(tmp_path, capsys):
    out = tmp_path / "2022.xlsx"
    assert main(["init", "--from", str(PUBLISHED / "pingtan-jinjing-2021.html"), "-o", str(out)]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["2022-2021.xlsx", "2022.xlsx"]
    report = load(out)
    assert report.year == 2022 and report.agency.name == "平潭综合实验区金井片区管理局"
    assert report.previous_year.year == 2021  # the imported page, as last year's workbook
    assert report.previous_year.active_disclosure.normative_documents.in_force == 6
    assert len(report.problems.previous) == 3 and all(p.planned and not p.actions for p in report.problems.previous)
    assert _empty_tables(report)
    (tmp_path / "2022.xlsx").unlink()  # last year's workbook is not replaced either
    assert main(["init", "--from", str(PUBLISHED / "pingtan-jinjing-2021.html"), "-o", str(out)]) == 2
    assert not out.exists()


@needs_published
def test_next_year_from_a_published_pdf(tmp_path):
    out = tmp_path / "2025.yaml"
    assert main(["init", "--from", str(PUBLISHED / "huaian-hongze-2024.pdf"), "-o", str(out)]) == 0
    report = load(out)
    assert report.year == 2025 and report.agency.name == "淮安市洪泽区人民政府"
    assert report.previous_year.year == 2024 and _empty_tables(report)


@needs_published
def test_against_last_years_page_reports_the_overlap(tmp_path, capsys):
    imported = tmp_path / "gaj.yaml"
    assert main(["import", str(PUBLISHED / "pingtan-gaj-2022.html"), "-o", str(imported)]) == 0
    capsys.readouterr()
    assert main(["draft", str(imported), "--against", str(PUBLISHED / "pingtan-gaj-2022.html")]) == 0
    err = capsys.readouterr().err
    assert "D-OVERLAP" in err  # its own problems and measures, printed as written, repeat the page
    assert main(["draft", str(EXAMPLES / "linhe-city-2023.yaml"), "--against",
                 str(PUBLISHED / "pingtan-gaj-2022.html")]) == 0
    err = capsys.readouterr().err
    assert "重复" in err and "D-OVERLAP" not in err
