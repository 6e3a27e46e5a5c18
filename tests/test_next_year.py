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
