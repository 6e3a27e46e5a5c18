"""``generate``: input → checks → plan → realisation → typeset draft. The one function the CLI drafts with."""

from __future__ import annotations

import os
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from .checks import check
from .context import FIELDS, LAW_FULL, LAW_SHORT, build_context
from .draft import TODO_CLOSE, TODO_OPEN, Draft, Paragraph, Part, Section, Sentence
from .findings import Finding, Location, NarrativeError, sort_findings
from .loader import load, place
from .model import ReportInput
from .phrasebank import PhraseBank, load_bank
from .plan import Block, Statement, plan
from .realise import Realiser, seed_key
from .sandbox import Session
from .typography import ensure_sentence_end, typeset


def finish(text: str) -> str:
    """The typography pass over one sentence: normalised punctuation and spacing, closed by 。."""
    done = _FINISHED.get(text)
    if done is None:
        if len(_FINISHED) >= 4096:
            _FINISHED.clear()
        done = _FINISHED[text] = ensure_sentence_end(typeset(text))
    return done


#: Finished sentences by their rendered text (a pure function; a remembered render returns the same text).
_FINISHED: dict[str, str] = {}


def _scalar(value: Any) -> bool:
    return value is None or isinstance(value, (int, str, bool))


def _prefix(statement: Statement, ctx: dict[str, Any], realiser: Realiser) -> str:
    """The lead-in label of a list item's part: one variant of the frame slot serves the whole list."""
    if statement.prefix is None:
        return ""
    slot, part = statement.prefix
    result = realiser.render(slot, {**ctx, "part": part}, fixed=True)
    if result is None:
        raise NarrativeError([Finding("P-NO-PHRASE", "error", Location(path=(slot,)),
                                      f"短语库中槽位“{slot}”没有适用的表述（缺少兜底短语）")])
    return typeset(result[2]).strip()


def _realise(statement: Statement, ctx: dict[str, Any], realiser: Realiser) -> Sentence | None:
    prefix = _prefix(statement, ctx, realiser)
    if statement.todo is not None:
        text = prefix + f"{TODO_OPEN}{typeset(statement.todo)}{TODO_CLOSE}"
        return Sentence(text, None, None, None, statement.rule, statement.fields, todo=True, prefix=prefix)
    if statement.verbatim is not None:
        return Sentence(prefix + finish(statement.verbatim), None, None, None, statement.rule, statement.fields,
                        prefix=prefix)
    assert statement.slot is not None
    context = {**ctx, **statement.extras} if statement.extras else ctx
    result = realiser.render(statement.slot, context)
    if result is None:
        if statement.optional:
            return None
        raise NarrativeError([Finding("P-NO-PHRASE", "error", Location(path=(statement.slot,)),
                                      f"短语库中槽位“{statement.slot}”没有适用的表述（缺少兜底短语）")])
    compiled, index, text = result
    used, fields = _provenance(compiled, index, statement.fields)
    values = {var: context[var] for var in used if var in context and _scalar(context[var])}
    if "law" in ctx and LAW_FULL in text:
        ctx["law"] = LAW_SHORT  # the law is named in full where the draft first mentions it, then short
    return Sentence(prefix + finish(text), statement.slot, compiled.phrase.id, index, statement.rule, fields,
                    values, prefix=prefix)


def _provenance(compiled: Any, index: int, given: tuple[str, ...]) -> tuple[list[str], tuple[str, ...]]:
    """The variables a variant and its phrase's condition read (sorted), and the input fields they and the
    statement stand on: the same for every sentence of that variant and statement, so worked out once."""
    key = (index, given)
    known = compiled.provenance.get(key)
    if known is None:
        used = compiled.variables(index) | compiled.condition_vars
        fields = tuple(sorted({f for var in used for f in FIELDS.get(var, ())} | set(given)))
        known = compiled.provenance[key] = (sorted(used), fields)
    return known


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
    findings = check(report, bank)
    if any(f.is_error for f in findings):
        raise NarrativeError(sort_findings(findings))
    with Session():  # every condition and variant of this draft together: bounded steps and seconds
        return _draft(report, bank, findings, seed, full, locate)


def _draft(report: ReportInput, bank: PhraseBank, findings: list[Any], seed: int | None, full: bool,
           locate: bool) -> Draft:
    guidance = bank.dated_for("dated.guidance", report.year)
    prev_ctx = build_context(report.previous_year, thresholds=bank.th) if report.previous_year is not None else None
    ctx = build_context(report, guidance.text if guidance else None, full=full, thresholds=bank.th,
                        previous=prev_ctx)
    document = plan(report, ctx, bank, full=full, prev_ctx=prev_ctx)
    realiser = Realiser(bank, seed_key(report.agency.name, seed), report.year)
    notes: list[Finding] = []
    preface = tuple(_paragraph(block, ctx, realiser, notes) for block in document.preface)
    sections = []
    for section in document.sections:
        parts = []
        for part in section.parts:
            paragraphs = []
            for block in part.blocks:
                paragraphs.append(_paragraph(block, ctx, realiser, notes))
            parts.append(Part(part.heading, part.key, tuple(paragraphs)))
        sections.append(Section(section.number, section.title, section.key, tuple(parts), section.tables))
    own = document.warnings + notes
    warnings = tuple(findings) + tuple(place(own, report) if locate else own)
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


def _note(code: str, statement: Statement, message: str) -> Finding:
    return Finding(code, "warning", _note_location(statement.fields[0] if statement.fields else ""), message)


@lru_cache(maxsize=4096)
def _note_location(path: str) -> Location:
    """Where a draft's note points: the statement's first field as a key path (a Location is immutable)."""
    from .labels import location

    steps: tuple[str | int, ...] = ()
    for step in path.replace("]", "").replace("[", ".").split("."):
        if step and step != "*":
            steps += (int(step) if step.isdigit() else step,)
    return location(steps)


def _paragraph(block: Block, ctx: dict[str, Any], realiser: Realiser, notes: list[Finding]) -> Paragraph:
    sentences = []
    for statement in block.statements:
        sentence = _realise(statement, ctx, realiser)
        if sentence is None:
            continue
        sentences.append(sentence)
        if sentence.todo:
            notes.append(_note("D-TODO", statement, f"草稿中留有待补充标记：{sentence.text[len(sentence.prefix):]}"))
        elif statement.confirm:
            notes.append(_note("D-CONFIRM", statement,
                               f"以下改进措施由短语库提出，请确认或改写为本机关的实际安排：{sentence.text}"))
    return Paragraph(tuple(sentences), block.number)
