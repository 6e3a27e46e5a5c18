"""Realisation: phrase-bank templates rendered in a Jinja2 sandbox, with seeded variant choice.

Phrase banks are data that users edit, so templates run in :class:`Sandbox` (no attribute walks into
Python internals, no huge ranges or string/list multiplication, no big powers) with StrictUndefined (a
misspelt variable is an error, never empty text). The variant of a slot is chosen from a stable hash of
(seed, slot, occurrence) plus the year: the same input and seed give the same bytes, two bodies differ,
and consecutive years of one body never pick the same variant of a slot that has two or more.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import jinja2
from jinja2 import BaseLoader, FileSystemBytecodeCache, StrictUndefined, TemplateError, TemplateNotFound, meta
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError

from . import __version__
from .findings import Finding, Location, NarrativeError
from .phrasebank import Phrase, PhraseBank
from .typography import enumerate_clauses, join_list

MAX_RANGE = 1000
MAX_SEQUENCE = 10_000
MAX_EXPONENT = 64


def _safe_range(*args: int) -> range:
    result = range(*args)
    if len(result) > MAX_RANGE:
        raise SecurityError(f"range 超过 {MAX_RANGE} 项")
    return result


class Sandbox(ImmutableSandboxedEnvironment):
    """Jinja2's immutable sandbox (templates cannot change the context they read), with the arithmetic
    that could exhaust memory or time refused as well."""

    intercepted_binops = frozenset({"*", "**"})

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        sized = (str, list, tuple)
        if operator == "**" and isinstance(right, (int, float)) and abs(right) > MAX_EXPONENT:
            raise SecurityError("幂运算的指数过大")
        if operator == "*":
            for seq, times in ((left, right), (right, left)):
                if isinstance(seq, sized) and isinstance(times, int) and len(seq) * times > MAX_SEQUENCE:
                    raise SecurityError("字符串或列表乘法的结果过长")
        return super().call_binop(context, operator, left, right)


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
    if style == 4:
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


class _SourceLoader(BaseLoader):
    """Templates by content hash, so Jinja's bytecode cache can key compiled code on the source."""

    def __init__(self) -> None:
        self.sources: dict[str, str] = {}

    def get_source(self, environment: Any, template: str) -> tuple[str, None, Callable[[], bool]]:
        try:
            return self.sources[template], None, lambda: True
        except KeyError:
            raise TemplateNotFound(template) from None


def make_environment() -> Sandbox:
    env = Sandbox(undefined=StrictUndefined, autoescape=False, keep_trailing_newline=False,
                  loader=_SourceLoader(), cache_size=-1)
    env.filters.update(FILTERS)
    env.globals = {"range": _safe_range}
    return env


ENV = make_environment()


def cache_dir() -> Path | None:
    """Where compiled templates persist between runs (NARRATIVE_CACHE_DIR, else the user cache
    directory); None when NARRATIVE_NO_CACHE is set or the directory cannot be written. Entries are
    keyed by the template source, so an edited phrase bank never reuses stale code."""
    if os.environ.get("NARRATIVE_NO_CACHE"):
        return None
    base = os.environ.get("NARRATIVE_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "narrative")
    path = Path(base) / f"jinja-{jinja2.__version__}-{__version__}"
    try:
        path.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError:
        return None
    return path if os.access(path, os.W_OK) else None


_VARIABLES: dict[str, frozenset[str]] = {}
_CACHE_READY = False


def load_template(source: str) -> tuple[Any, frozenset[str]]:
    """A compiled template and the context variables it reads, from memory, the on-disk cache, or a
    fresh compile (a first CLI run compiles; later runs load bytecode)."""
    global _CACHE_READY
    if not _CACHE_READY:
        directory = cache_dir()
        ENV.bytecode_cache = FileSystemBytecodeCache(str(directory)) if directory else None
        _CACHE_READY = True
    name = hashlib.sha256(source.encode("utf-8")).hexdigest()[:40]
    ENV.loader.sources.setdefault(name, source)  # type: ignore[union-attr]
    template = ENV.get_template(name)
    variables = _VARIABLES.get(name)
    if variables is None:
        variables = _VARIABLES[name] = _cached_variables(name, source)
    return template, variables


def _cached_variables(name: str, source: str) -> frozenset[str]:
    directory = cache_dir() if ENV.bytecode_cache is not None else None
    sidecar = directory / f"{name}.vars" if directory else None
    if sidecar is not None and sidecar.exists():
        try:
            return frozenset(filter(None, sidecar.read_text(encoding="utf-8").split("\n")))
        except OSError:
            pass
    variables = frozenset(meta.find_undeclared_variables(ENV.parse(source)))
    if sidecar is not None:
        try:
            tmp = sidecar.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_text("\n".join(sorted(variables)), encoding="utf-8")
            os.replace(tmp, sidecar)
        except OSError:
            pass
    return variables


def condition(expression: str) -> tuple[Callable[..., bool], frozenset[str]]:
    """A phrase or rule condition as a function of the context, and the variables it reads."""
    template, variables = load_template(f"{{% if {expression} %}}1{{% endif %}}")
    return (lambda **context: template.render(**context) == "1"), variables


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

    def __len__(self) -> int:
        return len(self.phrase.variants)

    def template(self, index: int) -> Any:
        if index not in self._templates:
            try:
                self._templates[index], self._variables[index] = load_template(self.phrase.variants[index])
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
            raise _error(compiled.phrase, f"条件被沙箱拒绝：{exc}", "P-SANDBOX") from None
        except (TemplateError, TypeError, ValueError, ArithmeticError) as exc:
            raise _error(compiled.phrase, f"条件“{compiled.phrase.when}”无法求值：{exc}") from None

    def pick(self, slot: str, context: Mapping[str, Any]) -> CompiledPhrase | None:
        """The first phrase of ``slot`` whose condition holds, or None when none does."""
        for phrase in self.bank.for_slot(slot):
            compiled = compile_phrase(phrase)
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
            text = template.render(**_only(context, compiled.variables(index)))
        except SecurityError as exc:
            raise _error(compiled.phrase, f"第{index + 1}个变体被沙箱拒绝：{exc}", "P-SANDBOX") from None
        except (TemplateError, TypeError, ValueError, ArithmeticError, KeyError) as exc:
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
    except TemplateError as exc:
        raise _error(phrase, f"条件无法编译：{exc}", "P-TEMPLATE") from None
    compiled = CompiledPhrase(phrase, test, condition_vars)
    _COMPILED[phrase] = compiled
    return compiled


def seed_key(agency_name: str, seed: int | None) -> str:
    """The stable key variant choice hashes: the agency name by default, or the caller's seed."""
    return f"seed:{seed}" if seed is not None else f"agency:{agency_name}"
