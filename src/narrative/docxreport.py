"""A report as a Word document (a filled copy of the official template, or a report saved as .docx): its
paragraphs and its tables, read into the same page the web-page reader gives (merged cells repeat their
text across the positions they cover, as the HTML reader's expanded grid does)."""

from __future__ import annotations

from pathlib import Path

from .findings import Finding, Location, NarrativeError
from .htmlreport import MAX_PAGE, Grid, Page


def read_docx(path: Path) -> Page:
    """The document's title (its first paragraph that names a body, a year and the report), its text and
    its tables."""
    import zipfile

    import docx
    from docx.opc.exceptions import PackageNotFoundError

    if path.stat().st_size > MAX_PAGE:
        raise NarrativeError([Finding("L-TOO-LARGE", "error", Location(file=str(path)),
                                      f"文档超过{MAX_PAGE // 1024 // 1024}MB，未读取")])
    try:
        document = docx.Document(str(path))
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError) as exc:
        raise NarrativeError([Finding("L-SYNTAX", "error", Location(file=str(path)),
                                      f"不是可以读取的 Word 文档（.docx）：{exc}")]) from None
    paragraphs = [p.text.strip() for p in document.paragraphs]
    from .reportwords import TITLE

    title = next((p for p in paragraphs if TITLE.search("".join(p.split()))), "")
    text = "\n".join(p for p in paragraphs if p)
    tables = [Grid([[cell.text for cell in row.cells] for row in table.rows]) for table in document.tables]
    return Page(title, text, tables)
