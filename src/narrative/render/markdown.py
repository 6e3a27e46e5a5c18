"""Markdown: ## for 一、…, ### for （一）…, paragraphs separated by blank lines. The official tables merge
cells in every one of them, which pipe tables cannot express, so each is an HTML block (shown by every
Markdown viewer that renders HTML, as GitHub and most editors do)."""

from __future__ import annotations

import html
import re
from functools import lru_cache
from typing import TYPE_CHECKING

from ..tables_layout import Cell, Table

if TYPE_CHECKING:
    from ..draft import Draft


_LINE_START = re.compile(r"^[ \t]*(?:([#=+\-|~])|(\d+)([.)]))", re.M)
_LINE_BREAK = re.compile(r"\r\n|[\r\n\u2028\u2029\x0b\x0c\x85]")
#: True for a text without a character that md_escape changes or a line break.
_NOTHING_TO_ESCAPE = re.compile(r"[^\\&<>*_`\[\]\r\n\u2028\u2029\x0b\x0c\x85]*").fullmatch


def md_escape(text: str) -> str:
    """User text as literal Markdown text: no raw HTML (``<`` ``>`` ``&`` become entities), no emphasis,
    code, links or images (``\\`` ``*`` ``_`` `` ` `` ``[`` ``]`` escaped), and no line that starts a
    heading, list, quote, table, fence or setext underline (a leading "1." would start a list)."""
    if _NOTHING_TO_ESCAPE(text) and not _LINE_START.match(text):
        return text  # one line of nothing Markdown reads (most paragraphs of a draft)
    return _md_escape(text)


def _md_escape(text: str) -> str:
    text = text.replace("\\", "\\\\")
    text = html.escape(text, quote=False)
    for mark in "*_`[]":
        text = text.replace(mark, "\\" + mark)
    text = _LINE_BREAK.sub("\n", text)
    return _LINE_START.sub(_line_start, text)


def _line_start(match: re.Match[str]) -> str:
    if match.group(1):
        return "\\" + match.group(1)
    return f"{match.group(2)}\\{match.group(3)}"


def md_inline(text: str) -> str:
    """User text inside a heading: escaped, on one line (a newline in an agency name must not start a
    heading of its own)."""
    return md_escape(" ".join(_LINE_BREAK.split(text)).strip())


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
        out.append(f"# {md_inline(draft.title)}")
        out.extend(md_escape(p.text) for p in draft.preface)
    for section in draft.sections:
        out.append(f"## {md_inline(section.heading)}")
        for part in section.parts:
            if part.heading:
                out.append(f"### {md_inline(part.heading)}")
            out.extend(md_escape(p.text) for p in part.paragraphs)
        out.extend(html_table(t) for t in section.tables)
    return "\n\n".join(out) + "\n"
