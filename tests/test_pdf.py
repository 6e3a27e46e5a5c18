"""Real renderers: a full draft as HTML printed by headless Chromium and as DOCX converted by headless
LibreOffice, each PDF's text (pdftotext) holding the title, every section heading and table 3's first and
last row labels. Skipped where the tools are not installed; CI installs them and runs the same checks in
``.ci/pdf-check``, which never skips."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from narrative import generate

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "qingshan-county-2024.yaml"
TOOLS = ("chromium", "libreoffice", "pdftotext", "pdfinfo")
MISSING = [t for t in TOOLS if shutil.which(t) is None]
pytestmark = pytest.mark.skipif(
    bool(MISSING), reason=f"real-renderer PDF check needs {', '.join(MISSING)} (Debian: chromium, "
                          "libreoffice-writer-nogui, poppler-utils); CI runs .ci/pdf-check, which installs them")

SECTION_HEADINGS = ["一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                    "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"]
T3_FIRST, T3_LAST = "一、本年新收政府信息公开申请数量", "四、结转下年度继续办理"


@pytest.fixture(scope="module")
def draft():
    return generate(EXAMPLE, full=True)


def expected(draft) -> list[str]:
    assert draft.title == "青山县人民政府2024年政府信息公开工作年度报告"
    return [draft.title, *SECTION_HEADINGS, T3_FIRST, T3_LAST]


def pdf_texts(pdf: Path) -> list[str]:
    """The PDF's text in pdftotext's reading order and in content-stream order, every space removed (PDF text
    may break a line, or insert spaces, anywhere in CJK text)."""
    out = []
    for mode in ([], ["-raw"]):
        text = subprocess.run(["pdftotext", "-enc", "UTF-8", *mode, str(pdf), "-"], check=True,
                              capture_output=True, text=True, timeout=60).stdout
        out.append(re.sub(r"\s+", "", text))
    return out


def missing_texts(pdf: Path, wanted: list[str]) -> list[str]:
    texts = pdf_texts(pdf)
    return [w for w in wanted if not any(w in t for t in texts)]


def pdfinfo(pdf: Path) -> str:
    return subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True, timeout=60).stdout


def test_html_printed_by_chromium(draft, tmp_path):
    page = tmp_path / "report.html"
    page.write_text(draft.to_html(), encoding="utf-8")
    pdf = tmp_path / "html.pdf"
    profile = tmp_path / "chromium-profile"
    profile.mkdir()
    result = subprocess.run(
        ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage", "--no-pdf-header-footer", f"--user-data-dir={profile}",
         f"--print-to-pdf={pdf}", page.as_uri()],
        capture_output=True, text=True, timeout=300)
    assert pdf.is_file() and pdf.stat().st_size > 0, result.stderr[-3000:]
    assert missing_texts(pdf, expected(draft)) == []
    info = pdfinfo(pdf)
    assert re.search(r"Page size:.*\(A4\)", info), info  # the print stylesheet's @page size was honoured
    assert int(re.search(r"Pages:\s+(\d+)", info).group(1)) >= 3


def test_docx_converted_by_libreoffice(draft, tmp_path):
    docx = tmp_path / "report.docx"
    draft.to_docx(docx)
    home, out = tmp_path / "lo-home", tmp_path / "lo-out"
    home.mkdir()
    out.mkdir()
    result = subprocess.run(
        ["libreoffice", "--headless", "--norestore", "--convert-to", "pdf", "--outdir", str(out), str(docx)],
        capture_output=True, text=True, timeout=300, env={**os.environ, "HOME": str(home)})
    pdf = out / "report.pdf"
    assert pdf.is_file() and pdf.stat().st_size > 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert missing_texts(pdf, expected(draft)) == []
    assert int(re.search(r"Pages:\s+(\d+)", pdfinfo(pdf)).group(1)) >= 3
