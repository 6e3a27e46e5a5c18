"""Markdown: ## for 一、…, ### for （一）…, paragraphs separated by blank lines. The official tables merge
cells in every one of them, which pipe tables cannot express, so each is an HTML block (shown by every
Markdown viewer that renders HTML, as GitHub and most editors do)."""

from __future__ import annotations

import html
from functools import lru_cache
from typing import TYPE_CHECKING

from ..tables_layout import Cell, Table

if TYPE_CHECKING:
    from ..draft import Draft


def md_escape(text: str) -> str:
    """Keep a paragraph from being read as Markdown syntax (a leading "1." would start a list)."""
    head, dot, rest = text.partition(".")
    if dot and head.isdigit():
        text = f"{head}\\.{rest}"
    return text.replace("*", "\\*").replace("_", "\\_")


@lru_cache(maxsize=8192)
def _cell(cell: Cell) -> str:
    """One cell's HTML; the official tables repeat the same headings (and many figures) in every report."""
    tag = "th" if cell.header else "td"
    spans = (f' rowspan="{cell.rowspan}"' if cell.rowspan > 1 else "") + (
        f' colspan="{cell.colspan}"' if cell.colspan > 1 else "")
    key = f' data-key="{cell.key}"' if cell.key else ""
    return f"<{tag}{spans}{key}>{html.escape(cell.text)}</{tag}>"


def html_table(table: Table) -> str:
    """One official table as a plain HTML table with its row and column spans."""
    rows = "\n".join("<tr>" + "".join(map(_cell, row)) + "</tr>" for row in table.rows)
    return f'<table data-table="{table.key}">\n{rows}\n</table>'


def render(draft: Draft) -> str:
    out: list[str] = []
    if draft.full:
        out.append(f"# {draft.title}")
        out.extend(md_escape(p.text) for p in draft.preface)
    for section in draft.sections:
        out.append(f"## {section.heading}")
        for part in section.parts:
            if part.heading:
                out.append(f"### {part.heading}")
            out.extend(md_escape(p.text) for p in part.paragraphs)
        out.extend(html_table(t) for t in section.tables)
    return "\n\n".join(out) + "\n"
