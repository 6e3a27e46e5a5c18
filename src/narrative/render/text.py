"""Plain text: one heading or paragraph a line; tables drawn for a monospace reader (CJK counted double)."""

from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING

from ..tables_layout import Cell, Table

if TYPE_CHECKING:
    from ..draft import Draft

#: Longest line of a table cell, in display columns; longer labels wrap onto further lines.
MAX_CELL = 36


def width(text: str) -> int:
    """Display width in a monospace terminal: wide and full-width characters take two columns."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def wrap(text: str, limit: int) -> list[str]:
    """Break ``text`` into lines of at most ``limit`` columns (characters are never split)."""
    lines, line = [], ""
    for ch in text:
        if line and width(line + ch) > limit:
            lines.append(line)
            line = ""
        line += ch
    return lines + [line] if line or not lines else lines


def pad(text: str, size: int, right: bool = False) -> str:
    gap = " " * max(size - width(text), 0)
    return gap + text if right else text + gap


def _column_widths(table: Table, grid: list[list[Cell | None]]) -> list[int]:
    widths = [2] * table.columns
    for row in grid:
        for c, cell in enumerate(row):
            if cell is not None and cell.colspan == 1:
                widths[c] = max(widths[c], min(width(cell.text), MAX_CELL))
    for row in grid:  # a spanning cell wider than its columns widens the last of them
        for c, cell in enumerate(row):
            if cell is not None and cell.colspan > 1:
                have = sum(widths[c:c + cell.colspan]) + 3 * (cell.colspan - 1)
                need = min(width(cell.text), MAX_CELL * cell.colspan)
                if need > have:
                    widths[c + cell.colspan - 1] += need - have
    return widths


def render_table(table: Table) -> list[str]:
    """A table framed with │ and ─; merged cells show their text once, at their top-left position."""
    grid = table.grid()
    widths = _column_widths(table, grid)
    owner: list[list[tuple[int, int] | None]] = [[None] * table.columns for _ in grid]
    for r, row in enumerate(grid):
        for c, cell in enumerate(row):
            if cell is not None:
                for dr in range(cell.rowspan):
                    for dc in range(cell.colspan):
                        owner[r + dr][c + dc] = (r, c)
    rule = "─" * (sum(widths) + 3 * (table.columns - 1) + 4)
    out = [rule]
    for r, row in enumerate(grid):
        blocks: list[list[str]] = []
        c = 0
        while c < table.columns:
            top, left = owner[r][c]  # type: ignore[misc]
            cell = grid[top][left]
            assert cell is not None
            span = cell.colspan if left == c else 1
            size = sum(widths[c:c + span]) + 3 * (span - 1)
            lines = wrap(cell.text, size) if (top, left) == (r, c) else [""]
            blocks.append([pad(line, size, right=cell.key is not None) for line in lines] + [size])  # type: ignore[list-item]
            c += span
        height = max(len(b) - 1 for b in blocks)
        for i in range(height):
            parts = [b[i] if i < len(b) - 1 else " " * b[-1] for b in blocks]  # type: ignore[operator]
            out.append("│ " + " │ ".join(parts) + " │")
        if r + 1 == table.header_rows:
            out.append(rule)
    out.append(rule)
    return out


def render(draft: Draft, explain: bool = False) -> str:
    """The draft as plain text; with ``explain``, each paragraph's sentences follow with their provenance."""
    out: list[str] = []
    if draft.full:
        out.append(draft.title)
        out.extend(p.text for p in draft.preface)
    for section in draft.sections:
        out.append(section.heading)
        for part in section.parts:
            if part.heading:
                out.append(part.heading)
            for paragraph in part.paragraphs:
                out.append(paragraph.text)
                if explain:
                    out.extend(f"    {s.text}\n      {s.explain()}" for s in paragraph.sentences)
        for table in section.tables:
            out.extend(render_table(table))
    return "\n".join(out) + "\n"
