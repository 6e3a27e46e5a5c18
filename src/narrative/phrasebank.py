"""Loading and layering phrase banks (YAML data under ``phrasebank/zh-CN/``); see docs/phrasebank.md.

A bank is plain data: phrases (slot, optional condition, variants), problem topics, problem-deriving rules
and dated references. A user's bank layers over the default by id. Parsed banks are cached by the files'
paths and modification times, so a CLI run or a batch pays for parsing once.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from .findings import Finding, Location, NarrativeError
from .limits import (MAX_BANK_BYTES, MAX_BANK_FILE_BYTES, LimitError, SpecialFile, TooLarge, check_tree, is_regular,
                     read_regular, yaml_too_many)

DEFAULT_LANGUAGE = "zh-CN"
#: libyaml's safe loader when PyYAML was built with it (several times faster), else the pure-Python one.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_KEYS = {"phrases", "topics", "rules", "dated", "thresholds"}
_PHRASE_KEYS = {"id", "slot", "when", "variants"}
_TOPIC_KEYS = {"id", "label", "keywords"}
_RULE_KEYS = {"id", "topic", "priority", "when"}
_DATED_KEYS = {"id", "from_year", "to_year", "text"}
_THRESHOLD_KEYS = {"id", "value", "doc"}
#: Bank files: ``*.yaml`` and ``*.yml`` in any case.
BANK_SUFFIXES = (".yaml", ".yml")
#: A rule's priority and a dated entry's years are small integers.
MAX_PRIORITY = 1_000_000
_YEARS = range(1900, 2201)


@dataclass(frozen=True)
class Phrase:
    """How one slot may be said: several variants, used when ``when`` holds (or always, for a fallback)."""

    id: str
    slot: str
    variants: tuple[str, ...]
    when: str | None = None
    source: str = ""


@dataclass(frozen=True)
class Topic:
    """A problem area of section 五: its label and the keywords that classify free-text problems."""

    id: str
    label: str
    keywords: tuple[str, ...] = ()
    source: str = ""


@dataclass(frozen=True)
class Rule:
    """A rule that derives a problem of ``topic`` from the data when ``when`` holds."""

    id: str
    topic: str
    when: str
    priority: int = 0
    source: str = ""


@dataclass(frozen=True)
class Dated:
    """A year-dependent reference (policy document, guiding formula), valid from/to a year inclusive."""

    id: str
    text: str
    from_year: int
    to_year: int
    source: str = ""


@dataclass(frozen=True)
class Threshold:
    """A number a judgement rests on (积压 needs at least ``backlog_min_count`` cases …): data, not code,
    so a reviewer can read and a user bank can change it; conditions read it as ``th.<id>``."""

    id: str
    value: int
    doc: str = ""
    source: str = ""


@dataclass
class PhraseBank:
    """A loaded bank. ``phrases`` keeps file order, which is the order conditions are tried in a slot."""

    phrases: dict[str, Phrase] = field(default_factory=dict)
    topics: dict[str, Topic] = field(default_factory=dict)
    rules: dict[str, Rule] = field(default_factory=dict)
    dated: dict[str, Dated] = field(default_factory=dict)
    thresholds: dict[str, Threshold] = field(default_factory=dict)
    sources: tuple[str, ...] = ()

    @property
    def th(self) -> dict[str, int]:
        """The thresholds as the ``th`` variable of conditions and templates."""
        cached = self.__dict__.get("_th")
        if cached is None:
            cached = self.__dict__["_th"] = {t.id: t.value for t in self.thresholds.values()}
        return cached

    def for_slot(self, slot: str) -> list[Phrase]:
        """The phrases of a slot in the order their conditions are tried."""
        return self._by_slot().get(slot, [])

    def slots(self) -> list[str]:
        return list(self._by_slot())

    def _by_slot(self) -> dict[str, list[Phrase]]:
        cached = self.__dict__.get("_slot_index")
        if cached is None:
            cached = {}
            for phrase in self.phrases.values():
                cached.setdefault(phrase.slot, []).append(phrase)
            self.__dict__["_slot_index"] = cached
        return cached

    def rules_by_priority(self) -> list[Rule]:
        """The problem-deriving rules, highest priority first (file order within a priority)."""
        cached = self.__dict__.get("_rules_by_priority")
        if cached is None:
            cached = self.__dict__["_rules_by_priority"] = sorted(self.rules.values(), key=lambda r: -r.priority)
        return cached

    def dated_for(self, prefix: str, year: int) -> Dated | None:
        """The first dated entry whose id starts with ``prefix`` and whose years cover ``year``."""
        for entry in self.dated.values():
            if entry.id.startswith(prefix) and entry.from_year <= year <= entry.to_year:
                return entry
        return None

    def layered(self, over: PhraseBank) -> PhraseBank:
        """This bank with ``over`` on top: same ids replaced in place; a new phrase goes before its slot's
        default phrases (so a user's specific wording is tried first); other new entries are appended."""
        phrases: dict[str, Phrase] = {}
        new = [p for p in over.phrases.values() if p.id not in self.phrases]
        placed: set[str] = set()
        for phrase in self.phrases.values():
            for extra in new:
                if extra.slot == phrase.slot and extra.id not in placed:
                    phrases[extra.id] = extra
                    placed.add(extra.id)
            phrases[phrase.id] = over.phrases.get(phrase.id, phrase)
        for extra in new:
            if extra.id not in placed:
                phrases[extra.id] = extra
        return PhraseBank(
            phrases=phrases,
            topics={**self.topics, **over.topics},
            rules={**self.rules, **over.rules},
            dated={**self.dated, **over.dated},
            thresholds={**self.thresholds, **over.thresholds},
            sources=self.sources + over.sources,
        )


@lru_cache(maxsize=1)
def default_dir() -> Path:
    """The shipped default bank (inside the installed package)."""
    return Path(str(resources.files("narrative.banks").joinpath(DEFAULT_LANGUAGE)))


def _problem(code: str, message: str, file: str, **kw: Any) -> Finding:
    return Finding(code, "error", Location(file=file, **kw), message)


def _entries(doc: dict[str, Any], key: str, allowed: set[str], file: str, errors: list[Finding]) -> list[dict]:
    items = doc.get(key) or []
    if not isinstance(items, list):
        errors.append(_problem("P-FORMAT", f"“{key}”应为列表", file))
        return []
    good = []
    for i, item in enumerate(items):
        if not isinstance(item, dict) or not isinstance(item.get("id"), str) or not item["id"]:
            errors.append(_problem("P-FORMAT", f"{key} 第{i + 1}项应为带 id 的映射", file, path=(key, i)))
            continue
        unknown = set(item) - allowed
        if unknown:
            errors.append(_problem("P-FORMAT", f"{item['id']}：不认识的键 {'、'.join(sorted(map(str, unknown)))}（可用："
                                   f"{'、'.join(sorted(allowed))}）", file, path=(key, i)))
            continue
        good.append(item)
    return good


def _text_list(value: Any) -> tuple[str, ...] | None:
    if isinstance(value, list) and value and all(isinstance(v, str) and v.strip() for v in value):
        return tuple(value)
    return None


def parse_file(path: Path) -> tuple[PhraseBank, list[Finding]]:
    """One YAML file of a bank, and the problems that make entries unusable."""
    file = str(path)
    errors: list[Finding] = []
    try:
        data = read_regular(path, MAX_BANK_FILE_BYTES)
        doc = _shipped_doc(data)
        if doc is None:
            doc = parse_yaml(data.decode("utf-8"))
    except (OSError, ValueError) as exc:  # ValueError: a NUL in the path, bad UTF-8, a 5,000-digit integer
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else type(exc).__name__
        return PhraseBank(), [_problem("P-FORMAT", f"无法读取短语库文件：{reason}", file)]
    except SpecialFile as exc:
        return PhraseBank(), [_problem("P-FORMAT", f"短语库文件是{exc}，不是普通文件，未读取", file)]
    except TooLarge:
        return PhraseBank(), [_problem("P-FORMAT", f"短语库文件超过 {MAX_BANK_FILE_BYTES} 字节，未读取", file)]
    except LimitError as exc:
        return PhraseBank(), [_problem("P-FORMAT", f"短语库文件超出限制（{exc.code}）：{exc.message}", file)]
    except RecursionError:
        return PhraseBank(), [_problem("P-FORMAT", "短语库文件嵌套过深", file)]
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        return PhraseBank(), [_problem("P-FORMAT", f"YAML 语法错误：{getattr(exc, 'problem', exc)}", file,
                                       line=mark.line + 1 if mark else None)]
    if doc is None:
        return PhraseBank(sources=(file,)), []
    if not isinstance(doc, dict) or set(doc) - _KEYS:
        extra = sorted(map(str, set(doc) - _KEYS)) if isinstance(doc, dict) else []
        return PhraseBank(), [_problem("P-FORMAT", f"短语库文件顶层应只含 {'、'.join(sorted(_KEYS))}"
                                       + (f"，多出 {'、'.join(extra)}" if extra else ""), file)]
    bank = PhraseBank(sources=(file,))
    for item in _entries(doc, "phrases", _PHRASE_KEYS, file, errors):
        variants = _text_list(item.get("variants"))
        when = item.get("when")
        if not isinstance(item.get("slot"), str) or variants is None or (when is not None and not isinstance(when, str)):
            errors.append(_problem("P-FORMAT", f"{item['id']}：需要 slot（文字）和非空的 variants（文字列表），"
                                   "when 若有须为文字", file))
            continue
        _add(bank.phrases, Phrase(item["id"], item["slot"], variants, when, file), file, errors)
    for item in _entries(doc, "topics", _TOPIC_KEYS, file, errors):
        keywords = item.get("keywords") or []
        if not isinstance(item.get("label"), str) or not isinstance(keywords, list) \
                or not all(isinstance(k, str) for k in keywords):
            errors.append(_problem("P-FORMAT", f"{item['id']}：主题需要 label（文字）和 keywords（文字列表）", file))
            continue
        _add(bank.topics, Topic(item["id"], item["label"], tuple(keywords), file), file, errors)
    for item in _entries(doc, "rules", _RULE_KEYS, file, errors):
        priority = item.get("priority", 0)
        if not isinstance(item.get("topic"), str) or not isinstance(item.get("when"), str) \
                or not isinstance(priority, int) or isinstance(priority, bool) or abs(priority) > MAX_PRIORITY:
            errors.append(_problem("P-FORMAT", f"{item['id']}：规则需要 topic、when（文字）和整数 priority"
                                   f"（绝对值不超过 {MAX_PRIORITY}）", file))
            continue
        _add(bank.rules, Rule(item["id"], item["topic"], item["when"], item.get("priority", 0), file), file, errors)
    for item in _entries(doc, "dated", _DATED_KEYS, file, errors):
        years = (item.get("from_year"), item.get("to_year"))
        if not isinstance(item.get("text"), str) or not all(isinstance(y, int) and y in _YEARS for y in years):
            errors.append(_problem("P-FORMAT", f"{item['id']}：需要 text 和整数 from_year、to_year（1900–2200）", file))
            continue
        _add(bank.dated, Dated(item["id"], item["text"], years[0], years[1], file), file, errors)
    for item in _entries(doc, "thresholds", _THRESHOLD_KEYS, file, errors):
        value = item.get("value")
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 1_000_000:
            errors.append(_problem("P-FORMAT", f"{item['id']}：阈值 value 须为0至1000000的整数", file))
            continue
        _add(bank.thresholds, Threshold(item["id"], value, str(item.get("doc") or ""), file), file, errors)
    return bank, errors


def parse_yaml(text: str) -> Any:
    """A bank file's YAML as data, within the limits. Raises yaml.YAMLError, LimitError, RecursionError."""
    if len(text) > 64 * 1024 and yaml_too_many(text, _YAML_LOADER):
        raise LimitError("L-TOO-MANY", (), "YAML 的值过多", "", "")
    doc = yaml.load(text, Loader=_YAML_LOADER)  # noqa: S506 - a safe loader
    check_tree(doc, max_items=100_000, max_text=100_000)  # alias bombs, self-references, huge integers
    return doc


def _shipped_doc(data: bytes) -> Any:
    """The data of a file whose bytes are those of a default bank file, as parsed when the package was
    built (``narrative.precompile``); None for any other file. The data is shared: it is only read."""
    from .precompile import bank_doc

    return bank_doc(hashlib.sha256(data).hexdigest())


def _add(table: dict[str, Any], entry: Any, file: str, errors: list[Finding]) -> None:
    if entry.id in table:
        errors.append(_problem("P-DUPLICATE-ID", f"id “{entry.id}”在同一短语库中出现两次", file))
    table[entry.id] = entry


def _signature(directory: Path) -> tuple[tuple[str, int], ...]:
    """The bank's files with their modification times: the cache key, so an edited bank is re-read."""
    files = []
    with os.scandir(directory) as entries:
        for entry in entries:
            if not entry.name.lower().endswith(BANK_SUFFIXES):
                continue
            try:
                files.append((entry.path, entry.stat().st_mtime_ns))
            except OSError:  # a dangling or looping symlink: parse_file reports it
                files.append((entry.path, -1))
    return tuple(sorted(files))


@lru_cache(maxsize=16)
def _parse_dir(directory: str, signature: tuple[tuple[str, int], ...]) -> tuple[PhraseBank, tuple[Finding, ...]]:
    bank, errors = PhraseBank(), []
    seen: dict[str, str] = {}
    for file, _ in signature:
        part, problems = parse_file(Path(file))
        errors.extend(problems)
        for table in ("phrases", "topics", "rules", "dated", "thresholds"):
            for key in getattr(part, table):
                if (table, key) in seen:
                    errors.append(_problem("P-DUPLICATE-ID", f"id “{key}”同时出现在 {seen[(table, key)]} 和 {file}",
                                           file))
                seen[(table, key)] = file
        bank = PhraseBank(
            phrases={**bank.phrases, **part.phrases}, topics={**bank.topics, **part.topics},
            rules={**bank.rules, **part.rules}, dated={**bank.dated, **part.dated},
            thresholds={**bank.thresholds, **part.thresholds}, sources=bank.sources + part.sources,
        )
    return bank, tuple(errors)


def read_dir(directory: str | os.PathLike[str]) -> tuple[PhraseBank, list[Finding]]:
    """Parse every YAML file of one directory (no layering), with the problems found."""
    path = Path(directory)
    try:
        signature = _signature(path)
        total = sum(os.stat(file).st_size for file, mtime in signature if mtime >= 0 and is_regular(file))
        if total > MAX_BANK_BYTES:
            return PhraseBank(), [_problem("P-FORMAT", f"短语库目录的文件共 {total} 字节，超过上限 {MAX_BANK_BYTES}，未读取",
                                           str(path))]
        bank, errors = _parse_dir(str(path.resolve(strict=True)), signature)
    except (OSError, RuntimeError, ValueError):  # missing, not a directory, a symlink loop, a NUL byte
        return PhraseBank(), [_problem("P-NOT-FOUND", "找不到短语库目录", str(path))]
    return bank, list(errors)


_DEFAULT: list[tuple[PhraseBank, list[Finding]]] = []


def _default_bank() -> tuple[PhraseBank, list[Finding]]:
    """The bank shipped in the package, read once per process: it is part of the installed code, so it
    does not change under a running process (a user's bank is stat-ed on every call and re-read when edited)."""
    if not _DEFAULT:
        _DEFAULT.append(read_dir(default_dir()))
    bank, errors = _DEFAULT[0]
    return bank, list(errors)


def load_bank(user_dir: str | os.PathLike[str] | None = None) -> PhraseBank:
    """The default bank, with ``user_dir`` layered over it by id. Raises NarrativeError on unusable files."""
    bank, errors = _default_bank()
    if user_dir is not None:
        over, more = read_dir(user_dir)
        errors += more
        bank = bank.layered(over)
    if errors:
        raise NarrativeError(errors)
    return bank
