"""``narrative phrasebank lint``: what would make a bank produce a bad draft, found before any draft.

Static checks: templates and conditions compile, variables exist in the context, no ASCII punctuation
inside Chinese text, no digit in a template (figures come from variables), no duplicate variants, known
slots and topics. Dynamic checks: every variant renders in the sandbox for a rich report and for an
all-zero report with no facts, and every slot the plan may need has a fallback that renders for the latter.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from jinja2 import TemplateError, meta
from jinja2.sandbox import SecurityError

from .context import CONTEXT_VARIABLES, build_context
from .findings import Finding, Location, NarrativeError
from .generate import finish
from .loader import load
from .phrasebank import Phrase, PhraseBank, default_dir, read_dir
from .sandbox import Session
from .realise import compile_phrase, condition, parse, parse_condition, rule_sandbox_finding, run, sandbox_finding
from .typography import has_ascii_punct_between_cjk, residue_problems, typeset

#: Slots the plan may use and whether each must have a fallback (a phrase that always applies).
SLOTS: dict[str, bool] = {
    "overview.opening": True, "active.documents": True, "active.decisions": True, "active.fees": True,
    "active.facts": True, "active.categories": True, "active.gazette": True, "active.areas": True,
    "active.participation": True, "facts.counts": True, "yoy.changes": True, "apply.received": True,
    "apply.applicants": True, "apply.results": True, "apply.forward": True, "apply.timeliness": True,
    "apply.disputes": True, "management.facts": True, "platforms.facts": True, "platforms.new_media": True,
    "platforms.interaction": True, "oversight.training": True, "oversight.inspections": True,
    "oversight.monitoring": True, "oversight.results": True, "frame.rectify": True, "frame.problems": True,
    "rectify.problem": True, "rectify.actions": True, "rectify.planned": True, "rectify.evidence": True,
    "problems.lead": True, "measure.given": True, "other.fee": True, "other.proposals": True, "other.none": True,
    "preface.basis": True, "preface.download": True, "preface.contact": True,
}
#: Slots whose fallback may rely on facts: they are only planned when those facts are given.
FACT_SLOTS = {"active.fees", "active.facts", "active.categories", "active.gazette", "active.areas",
              "active.participation", "facts.counts", "yoy.changes", "apply.applicants", "apply.results",
              "apply.forward", "apply.timeliness", "management.facts", "platforms.facts", "platforms.new_media",
              "platforms.interaction", "oversight.training", "oversight.inspections", "oversight.monitoring",
              "oversight.results", "other.proposals", "preface.download", "preface.contact", "rectify.evidence"}
EXTRAS: dict[str, frozenset[str]] = {
    "frame": frozenset({"part"}), "rectify.problem": frozenset({"problem", "given_text"}),
    "rectify.actions": frozenset({"actions"}), "rectify.planned": frozenset({"planned"}),
    "rectify.evidence": frozenset({"change", "worse"}), "problem": frozenset({"rule"}),
    "measure": frozenset({"problem", "rule"}), "measure.given": frozenset({"actions"}),
    "problems": frozenset({"count"}), "yoy": frozenset({"changes"}), "facts.counts": frozenset({"items"}),
}
_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)
_DIGIT = re.compile(r"[0-9０-９]")

_BASE = {"agency": {"name": "青山县人民政府", "kind": "government", "level": "county"}}
_RICH_YEAR = {
    "active_disclosure": {"regulations": {"issued": 1, "repealed": 1, "in_force": 6},
                          "normative_documents": {"issued": 6, "repealed": 2, "in_force": 40},
                          "licensing": 120, "punishment": 35, "coercion": 3, "administrative_fees": "12.5"},
    "applications": {"new_received": [30, 4, 1, 1, 2, 2], "carried_over": [3, 0, 0, 0, 0, 0],
                     "results": {"disclosed": [12, 2, 1, 0, 1, 1], "partially_disclosed": [4, 0, 0, 0, 0, 0],
                                 "not_disclosed": {"third_party_rights": [2, 0, 0, 0, 0, 0]},
                                 "cannot_provide": {"not_held": [8, 1, 0, 0, 0, 0],
                                                    "unclear_after_supplement": [2, 0, 0, 0, 0, 0]},
                                 "not_processed": {"complaint_petition": [2, 0, 0, 1, 0, 0]},
                                 "other": {"overdue_supplement": [1, 0, 0, 0, 0, 0]}},
                     "carried_forward": [2, 1, 0, 0, 1, 1]},
    "review_litigation": {"review": {"upheld": 2, "corrected": 1, "pending": 1},
                          "litigation_direct": {"upheld": 1, "corrected": 1},
                          "litigation_after_review": {"other": 1, "pending": 1}},
    "facts": {"active_disclosure": {"items_published": "1860余", "policy_interpretations": 2, "press_conferences": 4,
                                    "items_by_category": [{"label": "机构职能类信息", "value": 82, "unit": "条"}],
                                    "gazette_issues": 6, "new_columns": ["惠企政策", "乡村振兴"],
                                    "key_areas": [{"label": "公开重大建设项目信息", "value": 39, "unit": "条"}],
                                    "consultations": 5, "opinions_received": 120, "surveys": 1,
                                    "counts": [{"label": "发布公告", "value": 12, "unit": "条"}]},
              "application_handling": {"replied_on_time": 30},
              "information_management": {"documents_reviewed": 96, "normative_documents_cleaned": 15},
              "platforms": {"website": "青山县人民政府门户网站", "new_media_accounts": 12, "new_media_posts": 2400,
                            "bulletin_boards": 30, "new_media_opened": 1, "new_media_closed": 2,
                            "online_interviews": 3, "messages_handled": 450},
              "oversight": {"trainings": 0, "trainees": 0, "inspections": 2, "monitoring_rounds": 4, "notices": 4,
                            "assessment": "考核结果为优秀", "public_evaluation": "社会评议结果为满意",
                            "accountability_cases": 0},
              "proposals": {"npc_suggestions": 20, "cppcc_proposals": 31, "results_published": 51},
              "key_points": "对照年度政务公开工作要点逐项落实"},
    "fees": {"information_processing_fee_yuan": 300},
    "publication": {"website": "青山县人民政府门户网站", "url": "http://www.example.gov.cn/", "office": "青山县人民政府办公室",
                    "address": "青山县人民路1号", "postcode": "000100", "phone": "0000-6210000",
                    "email": "gk@example.gov.cn"},
}


@dataclass(frozen=True)
class SampleContexts:
    """A rich context (every fact, last year present) and a zero one (no facts, no last year)."""

    rich: dict[str, Any]
    zero: dict[str, Any]


def sample_contexts(thresholds: dict[str, int] | None = None) -> SampleContexts:
    prev = {**_BASE, "year": 2023, **{k: v for k, v in _RICH_YEAR.items() if k != "applications"},
            "applications": {"new_received": [10, 0, 0, 0, 0, 0], "results": {"disclosed": [7, 0, 0, 0, 0, 0]},
                             "carried_forward": [3, 0, 0, 0, 0, 0]}}
    rich = load({**_BASE, "year": 2024, **_RICH_YEAR, "previous_year": prev})
    zero = load({"agency": {"name": "辛集镇人民政府", "kind": "government", "level": "township"}, "year": 2024})
    th = thresholds or {}
    return SampleContexts(build_context(rich, "《示例政务公开工作要点》", thresholds=th),
                          build_context(zero, thresholds=th))


def _extras_for(slot: str) -> frozenset[str]:
    return EXTRAS.get(slot, EXTRAS.get(slot.split(".")[0], frozenset()))


def _sample_extras(slot: str) -> dict[str, Any]:
    change = {"label": "新收政府信息公开申请", "unit": "件", "kind": "count", "this": 40, "last": 30, "diff": 10,
              "direction": "增加", "pct": "33.3%", "zero_base": False}
    extras = {"problem": "政策解读形式较为单一", "actions": ["组织专题培训", "建立解读与文件同步发布机制"],
              "rule": "rule.sample", "count": 2, "part": "problem", "given_text": True,
              "planned": ["开展专题培训"], "change": change, "worse": False, "changes": [change],
              "items": ["发布公告12条"]}
    return {k: v for k, v in extras.items() if k in _extras_for(slot)}


def _finding(code: str, phrase: Phrase | None, message: str, severity: str = "error") -> Finding:
    where = Location(file=phrase.source if phrase else None, path=(phrase.id,) if phrase else ())
    return Finding(code, severity, where, f"{phrase.id}：{message}" if phrase else message)  # type: ignore[arg-type]


def _static(phrase: Phrase, known_slots: set[str]) -> list[Finding]:
    out: list[Finding] = []
    if phrase.slot not in known_slots:
        out.append(_finding("P-SLOT", phrase, f"未知的槽位“{phrase.slot}”", "warning"))
    allowed = CONTEXT_VARIABLES | _extras_for(phrase.slot)
    seen: dict[str, int] = {}
    sources = ([phrase.when] if phrase.when else []) + list(phrase.variants)
    for i, source in enumerate(phrase.variants, start=1):
        literal = _TAG.sub("", source)
        if has_ascii_punct_between_cjk(literal) or re.search(r"[\u4e00-\u9fff][,.;:?!()]|[,;:?!()][\u4e00-\u9fff]",
                                                                  literal):
            out.append(_finding("P-PUNCT", phrase, f"第{i}个变体的中文中有半角标点：{source}"))
        if _DIGIT.search(literal):
            out.append(_finding("P-DIGIT", phrase, f"第{i}个变体含有数字（数字须来自变量）：{source}"))
        key = re.sub(r"\s+", "", source)
        if key in seen:
            out.append(_finding("P-DUPLICATE-VARIANT", phrase, f"第{i}个变体与第{seen[key]}个相同"))
        seen.setdefault(key, i)
    for n, source in enumerate(sources, start=0 if phrase.when else 1):
        try:
            names = meta.find_undeclared_variables(parse(source) if n else parse_condition(source))
        except SecurityError as exc:
            out.append(sandbox_finding(phrase, n or None, exc))
            continue
        except TemplateError as exc:
            out.append(_finding("P-TEMPLATE", phrase, f"无法编译：{exc}（{source}）"))
            continue
        if re.search(r"\bself\b", "".join(_TAG.findall(source)) if source in phrase.variants else source):
            out.append(_finding("P-VARIABLE", phrase, "变量名 self 为 Jinja2 保留字，请用 we"))
        for name in sorted(set(names) - allowed - {"self"}):
            out.append(_finding("P-VARIABLE", phrase, f"未知变量“{name}”（见 docs/phrasebank.md 的变量表）"))
    return out


def _dynamic(phrase: Phrase, samples: SampleContexts) -> list[Finding]:
    try:
        compiled = compile_phrase(phrase)
    except NarrativeError:
        return []  # reported statically
    out: list[Finding] = []
    contexts = [("完整数据", samples.rich)]
    if phrase.slot not in FACT_SLOTS:  # a fact slot is planned only when its facts are given
        contexts.append(("全零数据", samples.zero))
    refused: set[int] = set()
    for name, ctx in contexts:
        context = {**ctx, **_sample_extras(phrase.slot)}
        try:
            if compiled.condition is not None and not compiled.condition(**context):
                continue
        except SecurityError as exc:
            out.append(sandbox_finding(phrase, None, exc))
            break
        except TemplateError as exc:
            out.append(_finding("P-RENDER", phrase, f"条件在{name}下无法求值：{exc}"))
            continue
        for i in range(1, len(compiled) + 1):
            if i in refused:
                continue
            try:
                text = run(compiled.template(i - 1), context)
            except NarrativeError:
                refused.add(i)  # does not compile: reported statically
                continue
            except SecurityError as exc:
                refused.add(i)
                out.append(sandbox_finding(phrase, i, exc))
                continue
            except TemplateError as exc:
                out.append(_finding("P-RENDER", phrase, f"第{i}个变体在{name}下无法生成：{exc}"))
                continue
            problems = residue_problems(typeset(text) if phrase.slot.startswith("frame.") else finish(text))
            if problems:
                out.append(_finding("P-RESIDUE", phrase, f"第{i}个变体在{name}下生成“{text}”：{'；'.join(problems)}"))
    return out


def _fallbacks(bank: PhraseBank, samples: SampleContexts) -> list[Finding]:
    """Every slot the plan may need has a phrase that applies to an all-zero report with no facts."""
    out = []
    required = [s for s, needed in SLOTS.items() if needed and s not in FACT_SLOTS]
    required += [f"{kind}.{topic}" for topic in bank.topics for kind in ("problem", "measure")]
    for slot in required:
        context = {**samples.zero, **_sample_extras(slot)}
        phrases = bank.for_slot(slot)
        if not phrases:
            out.append(_finding("P-FALLBACK", None, f"槽位“{slot}”没有任何表述"))
            continue
        if not any(p.when is None for p in phrases):
            out.append(_finding("P-FALLBACK", None, f"槽位“{slot}”没有兜底表述（不带 when 的短语）"))
            continue
        fallback = next(p for p in phrases if p.when is None)
        compiled = compile_phrase(fallback)
        for i in range(1, len(compiled) + 1):
            try:
                run(compiled.template(i - 1), context)
            except (NarrativeError, SecurityError):
                continue  # reported by the static checks or with the phrase (P-SANDBOX)
            except TemplateError as exc:
                out.append(_finding("P-FALLBACK", fallback, f"兜底表述第{i}个变体需要可选事实：{exc}"))
    for slot in [s for s in SLOTS if s in FACT_SLOTS]:
        if not any(p.when is None for p in bank.for_slot(slot)):
            out.append(_finding("P-FALLBACK", None, f"槽位“{slot}”没有兜底表述（不带 when 的短语）"))
    return out


def _rules(bank: PhraseBank, samples: SampleContexts) -> list[Finding]:
    out = []
    for rule in bank.rules.values():
        phrase = Phrase(rule.id, "rule", ("",), rule.when, rule.source)
        if rule.topic not in bank.topics:
            out.append(_finding("P-TOPIC", phrase, f"规则的主题“{rule.topic}”不存在"))
        try:
            names = meta.find_undeclared_variables(parse_condition(rule.when))
        except SecurityError as exc:
            out.append(sandbox_finding(phrase, None, exc))
            continue
        except TemplateError as exc:
            out.append(_finding("P-TEMPLATE", phrase, f"条件无法编译：{exc}"))
            continue
        unknown = sorted(set(names) - CONTEXT_VARIABLES)
        for name in unknown:
            out.append(_finding("P-VARIABLE", phrase, f"规则条件中的未知变量“{name}”"))
        if unknown:
            continue
        for context in (samples.rich, samples.zero):  # as a draft evaluates it, with the same budget
            try:
                test, _ = condition(rule.when)
                test(**context)
            except SecurityError as exc:
                out.append(rule_sandbox_finding(rule, exc))
                break
            except TemplateError as exc:
                out.append(_finding("P-RENDER", phrase, f"规则条件无法求值：{exc}"))
                break
    return out


def lint(user_dir: str | os.PathLike[str] | None = None) -> list[Finding]:
    """Everything wrong with the default bank, or with ``user_dir`` layered over it (findings about the
    user's files, plus the fallbacks of the combined bank)."""
    bank, findings = read_dir(default_dir())
    mine: Iterable[Phrase] = bank.phrases.values()
    if user_dir is not None:
        over, more = read_dir(user_dir)
        findings = more
        bank = bank.layered(over)
        mine = over.phrases.values()
    samples = sample_contexts(bank.th)
    known = set(SLOTS) | {f"{k}.{t}" for t in bank.topics for k in ("problem", "measure", "evidence")}
    with Session() as session:  # the whole lint: a bank of many costly phrases still ends in seconds
        for phrase in mine:
            if session.exhausted:
                break
            problems = _static(phrase, known)
            findings += problems
            blocking = [p for p in problems if p.code == "P-TEMPLATE"
                        or (p.code == "P-VARIABLE" and "self" not in p.message)]  # `self` still renders
            if not blocking and not any(p.code == "P-SANDBOX" for p in problems) and not session.exhausted:
                findings += _dynamic(phrase, samples)
        if session.exhausted:
            return findings + [_finding("P-SANDBOX", None, f"短语库的总计算量超过上限（{session.limit} 步或 "
                                        f"{session.seconds:g} 秒），其余短语、规则和兜底表述未检查")]
        return findings + _rules(bank, samples) + _fallbacks(bank, samples)
