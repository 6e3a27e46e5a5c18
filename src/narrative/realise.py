"""Realisation: phrase-bank templates rendered in a Jinja2 sandbox, with seeded variant choice.

Phrase banks are data that users edit, so templates run in :mod:`narrative.sandbox` (no attribute walks
into Python internals, every value, loop, call and output bounded) with StrictUndefined (a misspelt
variable is an error, never empty text). The variant of a slot is chosen from a stable hash of (seed,
slot, occurrence) plus the year: the same input and seed give the same bytes, two bodies differ, and
consecutive years of one body never pick the same variant of a slot that has two or more.

Compiled templates are kept in memory only: nothing compiled is ever read back from disk (a cache
directory that carries code is a way in for whoever can write to it).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from jinja2 import TemplateError, TemplateRuntimeError, nodes
from jinja2.sandbox import SecurityError

from .findings import Finding, Location, NarrativeError
from .phrasebank import Phrase, PhraseBank
from .sandbox import (  # noqa: F401
    MAX_EXPONENT, MAX_RANGE, MAX_SEQUENCE, MAX_SOURCE, Refused, Sandbox, charge_compile, guard_filter, render,
)
from .typography import enumerate_clauses, join_list


# ---------------------------------------------------------------- filters (number formats live in typography)


def _counted(items: Iterable[Mapping[str, Any]], unit: str = "件", conj: str = "和", style: int = 1) -> str:
    """Labelled counts as a list; ``style`` varies the frame (never the figures): 1 行政许可12件,
    2 行政许可决定12件, 3 许可12件 (after the sentence has named the three kinds)."""
    def one(item: Mapping[str, Any]) -> str:
        label = item["label"]
        if style == 2:
            label += "决定"
        elif style == 3:
            label = label.removeprefix("行政")
        return f"{label}{item['count']}{unit}"
    return join_list([one(item) for item in items], conj)


def _shares(items: Iterable[Mapping[str, Any]], unit: str = "件", conj: str = "和", style: int = 1) -> str:
    """Result groups with their shares of concluded applications; ``style`` varies the frame only:
    1 予以公开12件（占40.0%）, 2 予以公开12件，占40.0% (joined by ；), 3 予以公开的12件（40.0%）,
    4 12件予以公开（占40.0%）."""
    items = list(items)
    if style == 2:
        return "；".join(f"{i['label']}{i['count']}{unit}，占{i['pct']}" for i in items)
    if style == 3:
        return join_list([f"{i['label']}的{i['count']}{unit}（{i['pct']}）" for i in items], conj)
    if style == 4:
        return join_list([f"{i['count']}{unit}{i['label']}（占{i['pct']}）" for i in items], conj)
    return join_list([f"{i['label']}{i['count']}{unit}（占{i['pct']}）" for i in items], conj)


def _change(value: Mapping[str, Any] | None, unit: str = "件") -> str:
    if not value:
        return ""
    if value["direction"] == "持平":
        return "持平"
    growth = "增长" if value["direction"] == "增加" else "下降"
    text = f"{value['direction']}{value['diff']}{unit}"
    return f"{text}（{growth}{value['pct']}）" if value.get("pct") else text


def _compared_one(c: Mapping[str, Any], style: int) -> str:
    """One year-on-year change. Styles 1–3 follow a sentence that already stated this year's count, so
    they state the change, not the count again (5 after a lead-in that names last year); style 4 (evidence,
    said on its own) states both years."""
    label, unit, this, last = c["label"], c["unit"], c["this"], c["last"]
    if c["kind"] == "share":
        if c["direction"] == "持平":
            return f"{label}为{this}，与上年持平"
        if style in (2, 4):
            return f"{label}由上年的{last}{c['direction']}至{this}"
        if style == 3:
            return f"{label}为{this}（上年为{last}）"
        if style == 5:
            return f"{label}{c['direction']}{c['diff']}个百分点，为{this}"
        return f"{label}为{this}，比上年{c['direction']}{c['diff']}个百分点"
    if c["direction"] == "持平":
        if not this:
            return f"{label}本年度和上年都没有"
        return f"{label}与上年持平，均为{this}{unit}" if style == 4 else f"{label}与上年持平"
    if c["zero_base"]:
        return f"{label}本年度为{this}{unit}，上年没有" if style == 4 else f"上年没有{label}"
    if not this:  # zero is said in words
        return f"{label}由上年的{last}{unit}减少为零"
    growth = "增长" if c["direction"] == "增加" else "下降"
    pct = f"（{growth}{c['pct']}）" if c.get("pct") else ""
    if style == 4 or not c.get("pct"):  # a small base: both years' figures say more than a percentage
        return f"{label}由上年的{last}{unit}{c['direction']}至{this}{unit}"
    if style == 2:
        return f"{label}上年为{last}{unit}，本年{c['direction']}{c['diff']}{unit}"
    if style == 3:
        return f"{label}较上年{c['direction']}{c['diff']}{unit}{pct}"
    if style == 5:  # after a lead-in that names last year (与2023年相比，…)
        return f"{label}{c['direction']}{c['diff']}{unit}{pct}"
    return f"{label}比上年{c['direction']}{c['diff']}{unit}{pct}"


def _compared(changes: Iterable[Mapping[str, Any]], style: int = 1) -> str:
    """Year-on-year changes as one clause each, joined by ；(the styles differ in frame, never in figures)."""
    return "；".join(_compared_one(c, style) for c in changes)


def _join(items: Iterable[str], conj: str = "和") -> str:
    return join_list(list(items), conj)


def _clauses(items: Iterable[str]) -> str:
    return enumerate_clauses(list(items))


FILTERS: dict[str, Callable[..., Any]] = {
    "join_list": _join, "clauses": _clauses, "counted": _counted, "shares": _shares, "change": _change,
    "compared": _compared,
}


def make_environment() -> Sandbox:
    env = Sandbox()
    env.filters.update({name: guard_filter(name, func) for name, func in FILTERS.items()})
    return env


ENV = make_environment()

#: Compiled templates and phrases kept in memory (a service that loads many users' banks must not grow
#: without end): past this many, the oldest half is dropped.
MAX_CACHED = 8192
_TEMPLATES: dict[str, tuple[Any, frozenset[str]]] = {}
#: A condition's key among the templates (and in narrative/precompile.py): no variant starts with it.
WHEN = "\x00when\x00"


def _trim(cache: dict[Any, Any]) -> None:
    if len(cache) >= MAX_CACHED:
        for key in list(cache)[: MAX_CACHED // 2]:
            del cache[key]


def _compiled(key: str, tree: nodes.Template) -> tuple[Any, frozenset[str]]:
    return _kept(key, ENV.compile_tracked(tree))


def _kept(key: str, result: tuple[Any, frozenset[str]]) -> tuple[Any, frozenset[str]]:
    # its renders may be remembered by value, unless it tests identity (``sameas``), the one thing a
    # template can see that is not a value
    result[0].narrative_memo = "sameas" not in key
    _trim(_TEMPLATES)
    _TEMPLATES[key] = result
    return result


def _ahead(key: str, source: str) -> tuple[Any, frozenset[str]] | None:
    """The default bank's template ``key`` from the Python the sandbox generated for it ahead of time
    (see narrative/precompile.py): compiled and charged to the draft as Jinja and the parser would;
    None when there is no usable entry."""
    from .precompile import lookup  # here: ``python -m narrative.precompile`` must be its first import

    entry = lookup(key)
    if entry is None or len(source) > MAX_SOURCE:
        return None
    charge_compile(source)
    python, variables = entry
    code = ENV._compile(python, "<template>")  # Jinja's own step after generating (its compile flags too)
    return _kept(key, (ENV.template_class.from_code(ENV, code, ENV.make_globals(None), None), variables))


def load_template(source: str) -> tuple[Any, frozenset[str]]:
    """A compiled template and the context variables it reads (compiled once per process). Raises
    :class:`~narrative.sandbox.Refused` for a template the sandbox will not run, TemplateError when it
    does not compile."""
    cached = _TEMPLATES.get(source) or _ahead(source, source)
    return cached if cached is not None else _compiled(source, ENV.parse(source))


def parse(source: str) -> nodes.Template:
    """The syntax tree of a variant, as the sandbox bounds it (what lint inspects)."""
    return ENV.parse(source)


def parse_condition(expression: str) -> nodes.Template:
    """The syntax tree of a ``when`` condition: one parser for lint and draft."""
    return ENV.parse_condition(expression)


def condition(expression: str) -> tuple[Callable[..., bool], frozenset[str]]:
    """A phrase or rule condition as a function of the context, and the variables it reads."""
    key = WHEN + expression
    template, variables = (_TEMPLATES.get(key) or _ahead(key, expression)
                           or _compiled(key, parse_condition(expression)))
    return (lambda **context: run(template, context) == "1"), variables


def run(template: Any, context: Mapping[str, Any]) -> str:
    """Render under the sandbox's budget. Refusals raise Refused (a SecurityError); every other failure
    of a user's template raises TemplateError with the cause, never another exception."""
    try:
        return render(template, context, memo=getattr(template, "narrative_memo", False))
    except (SecurityError, TemplateError):
        raise
    except Exception as exc:  # noqa: BLE001 - a user's template may make any built-in raise
        raise TemplateRuntimeError(_brief(exc)) from None


def _brief(exc: BaseException) -> str:
    try:
        text = f"{type(exc).__name__}：{exc}"
    except Exception:  # noqa: BLE001 - a __str__ that raises
        text = type(exc).__name__
    return text if len(text) <= 200 else text[:200] + "…"


def sandbox_finding(phrase: Phrase, variant: int | None, exc: BaseException) -> Finding:
    """The P-SANDBOX finding for ``phrase`` (variant counted from 1, or None for its condition): the same
    in ``narrative phrasebank lint`` and in a draft."""
    what = f"第{variant}个变体" if variant is not None else "条件"
    return Finding("P-SANDBOX", "error", Location(file=phrase.source or None, path=(phrase.id,)),
                   f"短语 {phrase.id}：{what}被沙箱拒绝：{_brief_refusal(exc)}")


def rule_sandbox_finding(rule: Any, exc: BaseException) -> Finding:
    """The P-SANDBOX finding for a problem-deriving rule's condition: the same in lint and in a draft."""
    return Finding("P-SANDBOX", "error", Location(file=rule.source or None, path=(rule.id,)),
                   f"规则 {rule.id}：条件被沙箱拒绝：{_brief_refusal(exc)}")


def _brief_refusal(exc: BaseException) -> str:
    text = str(exc)
    return text if len(text) <= 200 else text[:200] + "…"


def _error(phrase: Phrase, message: str, code: str = "P-RENDER") -> NarrativeError:
    return NarrativeError([Finding(code, "error", Location(file=phrase.source or None, path=(phrase.id,)),
                                   f"短语 {phrase.id}：{message}")])


@dataclass
class CompiledPhrase:
    """A phrase with its condition compiled; each variant is compiled on first use (a draft uses one
    variant of each phrase, and compiling is most of the cost of a first draft)."""

    phrase: Phrase
    condition: Callable[..., Any] | None
    condition_vars: frozenset[str]
    _templates: dict[int, Any] = field(default_factory=dict)
    _variables: dict[int, frozenset[str]] = field(default_factory=dict)
    #: What a draft's provenance says of a variant, by (variant, the statement's own fields): see generate.
    provenance: dict[Any, Any] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.phrase.variants)

    def template(self, index: int) -> Any:
        if index not in self._templates:
            try:
                self._templates[index], self._variables[index] = load_template(self.phrase.variants[index])
            except SecurityError as exc:
                raise NarrativeError([sandbox_finding(self.phrase, index + 1, exc)]) from None
            except TemplateError as exc:
                raise _error(self.phrase, f"第{index + 1}个变体无法编译：{exc}", "P-TEMPLATE") from None
        return self._templates[index]

    def variables(self, index: int) -> frozenset[str]:
        """The context variables variant ``index`` reads (what its provenance reports)."""
        self.template(index)
        return self._variables[index]

    @property
    def templates(self) -> list[Any]:
        return [self.template(i) for i in range(len(self))]


@dataclass
class Realiser:
    """Renders slots from one bank; remembers which variants this draft has used (anti-repetition)."""

    bank: PhraseBank
    seed_key: str
    year: int
    used: set[tuple[str, int]] = field(default_factory=set)
    occurrences: dict[str, int] = field(default_factory=dict)

    def holds(self, compiled: CompiledPhrase, context: Mapping[str, Any]) -> bool:
        if compiled.condition is None:
            return True
        try:
            return bool(compiled.condition(**_only(context, compiled.condition_vars)))
        except SecurityError as exc:
            raise NarrativeError([sandbox_finding(compiled.phrase, None, exc)]) from None
        except TemplateError as exc:
            raise _error(compiled.phrase, f"条件“{compiled.phrase.when}”无法求值：{exc}") from None

    def pick(self, slot: str, context: Mapping[str, Any]) -> CompiledPhrase | None:
        """The first phrase of ``slot`` whose condition holds, or None when none does."""
        known = self.bank.__dict__.setdefault("_compiled_phrases", {})  # by id, for this bank object
        for phrase in self.bank.for_slot(slot):
            compiled = known.get(phrase.id)
            if compiled is None or compiled.phrase is not phrase:
                compiled = known[phrase.id] = compile_phrase(phrase)
            if self.holds(compiled, context):
                return compiled
        return None

    def variant_index(self, slot: str, n: int) -> int:
        occurrence = self.occurrences.get(slot, 0)
        digest = hashlib.sha256(f"{self.seed_key}\x1f{slot}\x1f{occurrence}".encode()).digest()
        return (int.from_bytes(digest[:8], "big") + self.year) % n

    def render(self, slot: str, context: Mapping[str, Any], fixed: bool = False
               ) -> tuple[CompiledPhrase, int, str] | None:
        """Render ``slot``: (phrase, variant index, text), or None when no phrase's condition holds.

        ``fixed`` (a list's frame) takes the same variant at every occurrence in the draft, so the items of
        a list share one frame; otherwise a variant is never used twice in one draft."""
        compiled = self.pick(slot, context)
        if compiled is None:
            return None
        n = len(compiled)
        if fixed:
            digest = hashlib.sha256(f"{self.seed_key}\x1f{slot}\x1fframe".encode()).digest()
            index = (int.from_bytes(digest[:8], "big") + self.year) % n
        else:
            index = self.variant_index(slot, n)
            for step in range(n):  # within one draft, never the same variant twice
                if (compiled.phrase.id, (index + step) % n) not in self.used:
                    index = (index + step) % n
                    break
            self.occurrences[slot] = self.occurrences.get(slot, 0) + 1
            self.used.add((compiled.phrase.id, index))
        try:
            template = compiled.template(index)
            text = run(template, _only(context, compiled.variables(index)))
        except SecurityError as exc:
            raise NarrativeError([sandbox_finding(compiled.phrase, index + 1, exc)]) from None
        except TemplateError as exc:
            raise _error(compiled.phrase, f"第{index + 1}个变体无法生成：{exc}") from None
        return compiled, index, text


def _only(context: Mapping[str, Any], names: frozenset[str]) -> dict[str, Any]:
    """The variables a template reads (Jinja copies the whole context on every render; a missing name
    still fails under StrictUndefined)."""
    return {name: context[name] for name in names if name in context}


_COMPILED: dict[Phrase, CompiledPhrase] = {}


def compile_phrase(phrase: Phrase) -> CompiledPhrase:
    """Compile a phrase's condition once (cached by value); a condition that does not compile is P-TEMPLATE."""
    cached = _COMPILED.get(phrase)
    if cached is not None:
        return cached
    test: Callable[..., bool] | None = None
    condition_vars: frozenset[str] = frozenset()
    try:
        if phrase.when:
            test, condition_vars = condition(phrase.when)
    except SecurityError as exc:
        raise NarrativeError([sandbox_finding(phrase, None, exc)]) from None
    except TemplateError as exc:
        raise _error(phrase, f"条件无法编译：{exc}", "P-TEMPLATE") from None
    compiled = CompiledPhrase(phrase, test, condition_vars)
    _trim(_COMPILED)
    _COMPILED[phrase] = compiled
    return compiled


def seed_key(agency_name: str, seed: int | None) -> str:
    """The stable key variant choice hashes: the agency name by default, or the caller's seed."""
    return f"seed:{seed}" if seed is not None else f"agency:{agency_name}"
