"""Golden drafts of every example, kept as text in tests/golden/ so a reviewer reads the narrative in the
diff. Each was read and judged before it was committed; NARRATIVE_UPDATE_SNAPSHOTS=1 rewrites them."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import EXAMPLES
from narrative.testing import preview, snapshot

GOLDEN = Path(__file__).resolve().parent / "golden"
EXAMPLE_FILES = sorted(EXAMPLES.glob("*.yaml"))


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.stem)
def test_golden_text(path):
    snapshot(preview(path), GOLDEN / f"{path.stem}.txt")


def test_golden_full_report_of_the_county():
    snapshot(preview(EXAMPLES / "qingshan-county-2024.yaml", full=True), GOLDEN / "qingshan-county-2024.full.txt")


def test_golden_full_markdown_of_the_city():
    snapshot(preview(EXAMPLES / "linhe-city-2023.yaml", format="markdown", full=True), GOLDEN / "linhe-city-2023.full.md")


def test_golden_markdown_of_the_county():
    snapshot(preview(EXAMPLES / "qingshan-county-2024.yaml", format="markdown"), GOLDEN / "qingshan-county-2024.md")


def test_snapshot_reports_a_difference(tmp_path):
    target = tmp_path / "s.txt"
    target.write_text("甲\n", encoding="utf-8")
    with pytest.raises(AssertionError, match="differs"):
        snapshot("乙\n", target, update=False)
    with pytest.raises(AssertionError, match="was missing"):
        snapshot("丙\n", tmp_path / "new.txt", update=False)
    assert (tmp_path / "new.txt").read_text(encoding="utf-8") == "丙\n"
