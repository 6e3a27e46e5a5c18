"""The draft: sections → parts → paragraphs → sentences, each sentence with its provenance.

Rendering to text, Markdown or JSON changes layout only, never wording: every format reads the same
typeset sentences.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any

from .findings import Finding


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

    def explain(self) -> str:
        source = f"{self.phrase_id}#{self.variant + 1}" if self.phrase_id is not None else "（原文照录）"
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

    def paragraphs(self) -> list[Paragraph]:
        return [p for s in self.sections for part in s.parts for p in part.paragraphs]

    def sentences(self) -> list[Sentence]:
        return [s for p in self.paragraphs() for s in p.sentences]

    def section(self, number: str) -> Section:
        return next(s for s in self.sections if s.number == number)

    def lines(self, explain: bool = False) -> list[str]:
        """Headings and paragraphs in reading order; with ``explain``, each sentence's provenance follows."""
        out: list[str] = []
        for section in self.sections:
            out.append(section.heading)
            for part in section.parts:
                if part.heading:
                    out.append(part.heading)
                for paragraph in part.paragraphs:
                    out.append(paragraph.text)
                    if explain:
                        out.extend(f"    {s.text}\n      {s.explain()}" for s in paragraph.sentences)
        return out

    def to_text(self, explain: bool = False) -> str:
        """Plain text: one heading or paragraph a line."""
        return "\n".join(self.lines(explain)) + "\n"

    def to_markdown(self) -> str:
        """Markdown: ## for 一、…, ### for （一）…; paragraphs separated by blank lines."""
        out: list[str] = []
        for section in self.sections:
            out.append(f"## {section.heading}")
            for part in section.parts:
                if part.heading:
                    out.append(f"### {part.heading}")
                out.extend(_md_escape(p.text) for p in part.paragraphs)
        return "\n\n".join(out) + "\n"

    def to_dict(self) -> dict[str, Any]:
        """The structure with provenance (what ``to_json`` serialises)."""
        return {
            "format": "narrative-draft", "version": 1,
            "agency": self.agency, "year": self.year, "seed": self.seed,
            "sections": [
                {"number": s.number, "title": s.title, "key": s.key, "heading": s.heading,
                 "parts": [{"heading": part.heading, "key": part.key,
                            "paragraphs": [{"number": p.number, "text": p.text,
                                            "sentences": [_sentence_dict(x) for x in p.sentences]}
                                           for p in part.paragraphs]}
                           for part in s.parts]}
                for s in self.sections
            ],
            "warnings": [w.to_dict() for w in self.warnings],
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2) + "\n"


def _sentence_dict(sentence: Sentence) -> dict[str, Any]:
    data = asdict(sentence)
    data["fields"] = list(sentence.fields)
    return data


def _md_escape(text: str) -> str:
    """Keep a paragraph from being read as Markdown syntax (a leading "1." would start a list)."""
    if text[:1].isdigit():
        head, _, rest = text.partition(".")
        if head.isdigit():
            return f"{head}\\.{rest}"
    return text.replace("*", "\\*").replace("_", "\\_")
