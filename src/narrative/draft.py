"""The draft: sections → parts → paragraphs → sentences, each sentence with its provenance.

Rendering to text, Markdown or JSON changes layout only, never wording: every format reads the same
typeset sentences.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from typing import Any

from .findings import Finding
from .tables_layout import Table

#: The one to-do form of every draft (〔〕 belongs to document numbers such as 国办发〔2021〕12号).
TODO_OPEN, TODO_CLOSE = "【待补充：", "】"
TODO_RE = re.compile("【待补充：[^】]*】")


@dataclass(frozen=True)
class Sentence:
    """One typeset sentence and where it came from."""

    text: str
    slot: str | None
    phrase_id: str | None
    variant: int | None
    rule: str
    fields: tuple[str, ...] = ()
    values: dict[str, Any] = field(default_factory=dict)
    todo: bool = False  # a 【待补充：…】 the clerk must replace
    prefix: str = ""  # the list frame's lead-in label (问题：/整改情况：…), already part of ``text``

    def explain(self) -> str:
        source = (f"{self.phrase_id}#{self.variant + 1}" if self.phrase_id is not None
                  else "（待补充）" if self.todo else "（原文照录）")
        fields = "、".join(self.fields) or "—"
        return f"[{source}｜规则 {self.rule}｜字段 {fields}]"


@dataclass(frozen=True)
class Paragraph:
    sentences: tuple[Sentence, ...]
    number: int | None = None

    @property
    def text(self) -> str:
        body = "".join(s.text for s in self.sentences)
        return f"{self.number}.{body}" if self.number is not None else body


@dataclass(frozen=True)
class Part:
    heading: str | None
    key: str
    paragraphs: tuple[Paragraph, ...]


@dataclass(frozen=True)
class Section:
    number: str
    title: str
    key: str
    parts: tuple[Part, ...]
    tables: tuple[Table, ...] = ()

    @property
    def heading(self) -> str:
        return f"{self.number}、{self.title}"


@dataclass(frozen=True)
class Draft:
    """A generated narrative. ``warnings`` carries the input's warnings and the draft's own (D-TODO …)."""

    agency: str
    year: int
    seed: int | None
    sections: tuple[Section, ...]
    warnings: tuple[Finding, ...] = ()
    title: str = ""
    preface: tuple[Paragraph, ...] = ()
    full: bool = False

    def paragraphs(self) -> list[Paragraph]:
        """Every paragraph in reading order (the preface first in a full report)."""
        return list(self.preface) + [p for s in self.sections for part in s.parts for p in part.paragraphs]

    def sentences(self) -> list[Sentence]:
        return [s for p in self.paragraphs() for s in p.sentences]

    def todos(self) -> list[str]:
        """Every 【待补充：…】 left in the draft, in reading order."""
        return [m.group(0) for s in self.sentences() for m in TODO_RE.finditer(s.text)]

    def section(self, number: str) -> Section:
        return next(s for s in self.sections if s.number == number)

    def to_text(self, explain: bool = False) -> str:
        """Plain text: one heading or paragraph a line, tables framed for a monospace reader."""
        from .render.text import render

        return render(self, explain)

    def to_markdown(self) -> str:
        """Markdown: ## for 一、…, ### for （一）…; the official tables as HTML blocks."""
        from .render.markdown import render

        return render(self)

    def to_html(self) -> str:
        """One self-contained HTML page (inline CSS with an A4 print stylesheet)."""
        from .render.html import render

        return render(self)

    def to_docx(self, target: Any) -> None:
        """Write a Word document (GB/T 9704 layout) to ``target``: a path or a binary file object."""
        from .render.docx import write

        write(self, target)

    def to_dict(self) -> dict[str, Any]:
        """The structure with provenance (what ``to_json`` serialises)."""
        return {
            "format": "narrative-draft", "version": 1,
            "agency": self.agency, "year": self.year, "seed": self.seed, "full": self.full,
            "title": self.title or None,
            "preface": [_paragraph_dict(p) for p in self.preface],
            "sections": [
                {"number": s.number, "title": s.title, "key": s.key, "heading": s.heading,
                 "parts": [{"heading": part.heading, "key": part.key,
                            "paragraphs": [_paragraph_dict(p) for p in part.paragraphs]}
                           for part in s.parts],
                 "tables": [_table_dict(t) for t in s.tables]}
                for s in self.sections
            ],
            "warnings": [w.to_dict() for w in self.warnings],
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2) + "\n"


def _paragraph_dict(paragraph: Paragraph) -> dict[str, Any]:
    return {"number": paragraph.number, "text": paragraph.text,
            "sentences": [_sentence_dict(x) for x in paragraph.sentences]}


def _table_dict(table: Table) -> dict[str, Any]:
    return {"key": table.key, "caption": table.caption, "columns": table.columns, "header_rows": table.header_rows,
            "rows": [[{"text": c.text, "rowspan": c.rowspan, "colspan": c.colspan, "header": c.header, "key": c.key}
                      for c in row] for row in table.rows]}


def _sentence_dict(sentence: Sentence) -> dict[str, Any]:
    data = asdict(sentence)
    data["fields"] = list(sentence.fields)
    return data
