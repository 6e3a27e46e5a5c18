"""``generate``: input → checks → plan → realisation → typeset draft. The one function the CLI drafts with."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from .checks import check
from .context import FIELDS, build_context
from .draft import Draft, Paragraph, Part, Section, Sentence
from .findings import Finding, Location, NarrativeError, sort_findings
from .loader import load, place
from .model import ReportInput
from .phrasebank import PhraseBank, load_bank
from .plan import Block, Statement, check_topics, plan
from .realise import Realiser, seed_key
from .sandbox import Session
from .typography import ensure_sentence_end, typeset


def finish(text: str) -> str:
    """The typography pass over one sentence: normalised punctuation and spacing, closed by 。."""
    return ensure_sentence_end(typeset(text))


def _scalar(value: Any) -> bool:
    return value is None or isinstance(value, (int, str, bool))


def _realise(statement: Statement, ctx: dict[str, Any], realiser: Realiser) -> Sentence | None:
    if statement.verbatim is not None:
        return Sentence(finish(statement.verbatim), None, None, None, statement.rule, statement.fields)
    assert statement.slot is not None
    context = {**ctx, **statement.extras}
    result = realiser.render(statement.slot, context)
    if result is None:
        if statement.optional:
            return None
        raise NarrativeError([Finding("P-NO-PHRASE", "error", Location(path=(statement.slot,)),
                                      f"短语库中槽位“{statement.slot}”没有适用的表述（缺少兜底短语）")])
    compiled, index, text = result
    used = compiled.variables(index) | compiled.condition_vars
    fields = sorted({f for var in used for f in FIELDS.get(var, ())} | set(statement.fields))
    values = {var: context[var] for var in sorted(used) if var in context and _scalar(context[var])}
    return Sentence(finish(text), statement.slot, compiled.phrase.id, index, statement.rule, tuple(fields), values)


def generate(report: ReportInput | str | os.PathLike[str] | Mapping[str, Any], seed: int | None = None,
             phrasebank: str | os.PathLike[str] | PhraseBank | None = None, full: bool = False,
             locate: bool = True) -> Draft:
    """Draft the narrative sections 一, 五 and 六 of a report; with ``full``, the whole report: title,
    preface, all six sections and the three official tables.

    ``report`` is a loaded input or anything :func:`narrative.load` reads. ``seed`` changes the wording
    (never the facts); by default it derives from the agency name, and the year rotates it. ``phrasebank``
    is a directory layered over the default bank (or a loaded bank). Raises :class:`NarrativeError` when
    the input has errors; the input's warnings travel on the draft, with file and line unless ``locate``
    is False (a batch that only counts warnings skips looking lines up).
    """
    _check_arguments(seed, phrasebank)
    if not isinstance(report, ReportInput):
        report = load(report)
    bank = phrasebank if isinstance(phrasebank, PhraseBank) else load_bank(phrasebank)
    findings = check(report) + place(check_topics(report, bank), report)
    if any(f.is_error for f in findings):
        raise NarrativeError(sort_findings(findings))
    with Session():  # every condition and variant of this draft together: bounded steps and seconds
        return _draft(report, bank, findings, seed, full, locate)


def _draft(report: ReportInput, bank: PhraseBank, findings: list[Any], seed: int | None, full: bool,
           locate: bool) -> Draft:
    guidance = bank.dated_for("dated.guidance", report.year)
    ctx = build_context(report, guidance.text if guidance else None, full=full)
    document = plan(report, ctx, bank, full=full)
    realiser = Realiser(bank, seed_key(report.agency.name, seed), report.year)
    preface = tuple(_paragraph(block, ctx, realiser) for block in document.preface)
    sections = []
    for section in document.sections:
        parts = []
        for part in section.parts:
            paragraphs = []
            for block in part.blocks:
                paragraphs.append(_paragraph(block, ctx, realiser))
            parts.append(Part(part.heading, part.key, tuple(paragraphs)))
        sections.append(Section(section.number, section.title, section.key, tuple(parts), section.tables))
    warnings = tuple(findings) + tuple(place(document.warnings, report) if locate else document.warnings)
    title = f"{report.agency.name}{report.year}年政府信息公开工作年度报告"
    return Draft(report.agency.name, report.year, seed, tuple(sections), warnings, title, preface, full)


def _check_arguments(seed: Any, phrasebank: Any) -> None:
    """A seed is an integer of at most 64 bits (``10**5000`` has no decimal form Python will print); a
    phrase bank is a directory path or a loaded bank."""
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int) or seed.bit_length() > 64):
        what = f"{seed.bit_length()} 位二进制的整数" if isinstance(seed, int) and not isinstance(seed, bool) \
            else type(seed).__name__
        raise NarrativeError([Finding("S-VALUE", "error", Location(path=("seed",)),
                                      f"seed 应为 64 位以内的整数，实际为{what}",
                                      expected="64 位以内的整数", actual=what)])
    if phrasebank is not None and not isinstance(phrasebank, (str, os.PathLike, PhraseBank)):
        raise NarrativeError([Finding("P-NOT-FOUND", "error", Location(),
                                      f"phrasebank 应为短语库目录的路径，实际为{type(phrasebank).__name__}",
                                      expected="目录路径", actual=type(phrasebank).__name__)])


def _paragraph(block: Block, ctx: dict[str, Any], realiser: Realiser) -> Paragraph:
    sentences = [s for s in (_realise(st, ctx, realiser) for st in block.statements) if s is not None]
    return Paragraph(tuple(sentences), block.number)
