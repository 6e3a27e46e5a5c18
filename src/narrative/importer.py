"""``narrative import``: a published annual report (a government web page) read back into the input contract.

Deterministic and exact: the three official tables are found by their labels, each of their 25 + 6 + 15
figures is read from its cell with its place (table, row, column), and a figure that cannot be read
unambiguously is an error naming that place — never a guess. A blank cell is read only where the row's own
总计 decides it (and then with a warning). The agency and year come from the title, the 信息处理费 from
section 六's sentence. When the tables as published break a 勾稽 rule, the input is still produced, with the
finding: a published report cannot be changed.

Readers: :mod:`narrative.htmlreport` (web pages: tables with row and column spans) and
:mod:`narrative.textreport` (crawled text, whose cells run together); :mod:`narrative.reportwords` reads the
words around the tables. PDF and DOCX readers are later work; they can feed the HTML reader's grid.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .findings import Finding, Location, NarrativeError
from .htmlreport import Page, html_tables, read_html
from .reading import Reader, Reading, clean
from .reportwords import FEE, FEE_NONE, TITLE, agency_kind, facts_from_text, section_five
from .textreport import read_text, text_tables

__all__ = ["Reading", "load_page", "read_page", "read_report", "to_yaml"]


def to_yaml(reading: Reading, source: str, findings: list[Finding]) -> str:
    """The imported input as YAML, with where it came from and what to check at the top."""
    import yaml

    lines = [f"# 由 narrative import 从已发布的年度报告读取：{Path(source).name}",
             "# 表二、表三、表四的每个数字都按原表读取；机关类别和层级按名称推定，请核对。"]
    lines += [f"# {f.severity} {f.code}：{f.message}" for f in findings]
    body = yaml.safe_dump(reading.document, allow_unicode=True, sort_keys=False, width=1000)
    return "\n".join(lines) + "\n" + body


def load_page(path: str | Path) -> Page:
    """A published report's page (title, text outside the tables, tables) by its suffix; NarrativeError
    when the file is not one of the formats read or cannot be read."""
    file = Path(path)
    suffix = file.suffix.lower()
    if suffix not in (".html", ".htm", ".txt", ".docx", ".pdf"):
        raise NarrativeError([Finding("L-FORMAT", "error", Location(file=str(file)),
                                      "能读取的年度报告：网页（.html/.htm）、网页抓取文本（.txt）、Word 文档（.docx）、"
                                      "带文字层的 PDF（.pdf）")])
    try:
        if suffix == ".txt":
            title, body = read_text(file)
            return Page(title, body)
        if suffix == ".docx":
            from .docxreport import read_docx

            return read_docx(file)
        if suffix == ".pdf":
            from .pdfreport import read_pdf

            return read_pdf(file)
        return read_html(file)
    except OSError as exc:
        raise NarrativeError([Finding("L-NOT-FOUND", "error", Location(file=str(file)),
                                      f"无法读取：{exc.strerror}")]) from None


def read_report(path: str | Path) -> Reading:
    """Read a published report (an HTML page, crawled text, a Word document or a PDF) into an input
    document, with every value's place."""
    reader, doc = read_page(path, load_page(path))
    if any(f.is_error for f in reader.findings):
        raise NarrativeError(reader.findings)
    return Reading(doc, reader.sources, reader.findings)


def read_page(path: str | Path, page: Page) -> tuple[Reader, dict[str, Any]]:
    """What a page says, as an input document and the reader's places and findings (errors included: the
    audit reports them and goes on with the rest of the page)."""
    file = Path(path)
    suffix = file.suffix.lower()
    reader = Reader(str(file))
    doc: dict[str, Any] = {"schema_version": 1}
    match = TITLE.search(clean(page.title)) or TITLE.search(page.text)
    if match is None:
        reader.error("I-TITLE", "标题中找不到“机关名称+年份+政府信息公开工作年度报告”", actual=page.title[:60])
    else:
        name, year = match.group("name"), int(match.group("year"))
        kind, level = agency_kind(name)
        doc["agency"] = {"name": name, "kind": kind, "level": level}
        doc["year"] = year
        reader.sources.update({"agency.name": "标题", "year": "标题"})
        reader.warn("I-AGENCY", f"机关类别和层级按名称推定为 {kind}、{level}，请核对",
                    expected="机关类别和层级（报告中没有写明）", actual=f"{kind}/{level}")
    if suffix == ".txt":
        text_tables(reader, page.text, doc)
    else:
        html_tables(reader, page, doc)
    six = page.text[page.text.find("六、其他需要报告的事项"):] if "六、其他需要报告的事项" in page.text else ""
    fee = FEE.search(six)
    if fee:
        doc["fees"] = {"information_processing_fee_yuan": fee.group(1)}
        reader.sources["fees.information_processing_fee_yuan"] = f"六：“{fee.group(0)}”"
    elif FEE_NONE.search(six):
        doc["fees"] = {"information_processing_fee_yuan": 0}
        reader.sources["fees.information_processing_fee_yuan"] = f"六：“{FEE_NONE.search(six).group(0)}”"  # type: ignore[union-attr]
    else:
        reader.warn("I-FEE", "六中没有找到信息处理费的说明；输入中未填写（按0处理）" if six
                    else "页面中没有“六、其他需要报告的事项”；信息处理费未填写（按0处理）")
    facts = facts_from_text(reader, page.text)
    if facts:
        doc["facts"] = facts
    found = section_five(reader, page.text)
    if found:
        doc["problems"] = {"current": found}
    return reader, doc
