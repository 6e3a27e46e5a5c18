"""Content determination: which statements each section makes, decided from the data and the bank's rules.

The plan is plain data (sections → blocks → statements, each with the rule that chose it and the input
fields it rests on); the realiser turns it into sentences. Nothing here holds wording: the bank does.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from jinja2 import TemplateError
from jinja2.sandbox import SecurityError

from .findings import Finding, Location, NarrativeError
from .model import ProblemItem, ReportInput
from .phrasebank import PhraseBank, Rule
from .realise import condition, rule_sandbox_finding

MAX_DERIVED_PROBLEMS = 3
MIN_PROBLEMS = 2
FALLBACK_TOPICS = ("content_depth", "staff_capacity")


@dataclass
class Statement:
    """One sentence to be: a bank slot to realise, or the user's own text (``verbatim``)."""

    slot: str | None
    rule: str
    extras: dict[str, Any] = field(default_factory=dict)
    fields: tuple[str, ...] = ()
    verbatim: str | None = None
    optional: bool = False  # the slot may have no phrase whose condition holds (then it says nothing)


@dataclass
class Block:
    """A paragraph; ``number`` makes it an item of a numbered list (1. 2. …)."""

    statements: list[Statement]
    number: int | None = None


@dataclass
class Part:
    """A sub-head of a section (``heading`` None for the paragraph right under the section title)."""

    heading: str | None
    key: str
    blocks: list[Block]


@dataclass
class SectionPlan:
    number: str
    title: str
    key: str
    parts: list[Part]
    tables: tuple[Any, ...] = ()


@dataclass
class DocumentPlan:
    sections: list[SectionPlan]
    warnings: list[Finding]
    preface: list[Block] = field(default_factory=list)


def _verbatim(texts: list[str], path: str, rule: str = "input.highlights") -> list[Statement]:
    return [Statement(None, rule, fields=(f"{path}[{i}]",), verbatim=text) for i, text in enumerate(texts)]


def _warn(code: str, path: tuple[str | int, ...], message: str) -> Finding:
    from .labels import location

    return Finding(code, "warning", location(path), message)


def _given(ctx: dict[str, Any], *names: str) -> bool:
    return any(ctx[name] is not None for name in names)


def infer_topic(text: str, bank: PhraseBank) -> str | None:
    """The topic whose keywords occur most often in a free-text problem (bank order breaks ties)."""
    best, best_hits = None, 0
    for topic in bank.topics.values():
        hits = sum(text.count(word) for word in topic.keywords if word)
        if hits > best_hits:
            best, best_hits = topic.id, hits
    return best


def _rule_holds(rule: Rule, ctx: dict[str, Any]) -> bool:
    try:
        test, names = condition(rule.when)
        return test(**{name: ctx[name] for name in names if name in ctx})
    except SecurityError as exc:  # the sandbox refused it: the same finding as lint's
        raise NarrativeError([rule_sandbox_finding(rule, exc)]) from None
    except (TemplateError, TypeError, ValueError, ArithmeticError) as exc:
        raise NarrativeError([Finding("P-RENDER", "error", Location(file=rule.source or None, path=(rule.id,)),
                                      f"规则 {rule.id}：条件“{rule.when}”无法求值：{exc}")]) from None


def derive_problems(ctx: dict[str, Any], bank: PhraseBank) -> list[tuple[str, str]]:
    """(topic, rule id) of this year's problems: the bank's rules by priority, one per topic, at most
    three; topped up from a small fallback set so that a report always names at least two."""
    chosen: list[tuple[str, str]] = []
    rules = sorted(bank.rules.values(), key=lambda r: -r.priority)  # stable: file order within a priority
    for rule in rules:
        if len(chosen) == MAX_DERIVED_PROBLEMS:
            break
        if rule.topic in bank.topics and all(t != rule.topic for t, _ in chosen) and _rule_holds(rule, ctx):
            chosen.append((rule.topic, rule.id))
    for topic in FALLBACK_TOPICS:
        if len(chosen) >= MIN_PROBLEMS:
            break
        if topic in bank.topics and all(t != topic for t, _ in chosen):
            chosen.append((topic, f"fallback.{topic}"))
    return chosen


def check_topics(report: ReportInput, bank: PhraseBank) -> list[Finding]:
    """S-TOPIC: every problem topic the input names must exist in the bank."""
    from difflib import get_close_matches

    from .labels import location

    out = []
    for which in ("previous", "current"):
        for i, item in enumerate(getattr(report.problems, which) or []):
            if item.topic is not None and item.topic not in bank.topics:
                near = get_close_matches(item.topic, list(bank.topics), n=1)
                out.append(Finding("S-TOPIC", "error", location(("problems", which, i, "topic")),
                                   f"问题类别“{item.topic}”不在短语库中", expected="、".join(bank.topics),
                                   actual=item.topic, hint=f"是否应为“{near[0]}”？" if near else None))
    return out


# ---------------------------------------------------------------- section 一


def _overview(report: ReportInput, ctx: dict[str, Any]) -> tuple[list[Part], list[Finding]]:
    facts, warnings = report.facts, []
    active = [Statement("active.lead", "always"), Statement("active.documents", "always"),
              Statement("active.decisions", "always")]
    if ctx["has_admin_fees"]:
        active.append(Statement("active.fees", "table2.fees_nonzero"))
    if _given(ctx, "items_published", "policy_interpretations", "press_conferences"):
        active.append(Statement("active.facts", "facts.active_disclosure_given"))
    active += _verbatim(facts.active_disclosure.highlights, "facts.active_disclosure.highlights")

    apply = [Statement("apply.lead", "always"), Statement("apply.received", "always")]
    if ctx["new_received"]:
        apply.append(Statement("apply.applicants", "table3.new_received_nonzero"))
    if ctx["concluded"]:
        apply.append(Statement("apply.results", "table3.concluded_nonzero"))
    if ctx["to_handle"]:
        apply.append(Statement("apply.forward", "table3.cases_to_handle"))
    if ctx["has_previous"]:
        apply.append(Statement("apply.yoy", "previous_year_given"))
    disputes = [Statement("apply.disputes", "always")]
    disputes += _verbatim(facts.application_handling.highlights, "facts.application_handling.highlights")

    management = [Statement("management.lead", "always")]
    if _given(ctx, "documents_reviewed", "normative_documents_cleaned"):
        management.append(Statement("management.facts", "facts.information_management_given"))
    management += _verbatim(facts.information_management.highlights, "facts.information_management.highlights")

    platforms = [Statement("platforms.lead", "always")]
    if _given(ctx, "website", "new_media_accounts", "new_media_posts", "bulletin_boards"):
        platforms.append(Statement("platforms.facts", "facts.platforms_given"))
    platforms += _verbatim(facts.platforms.highlights, "facts.platforms.highlights")

    oversight = [Statement("oversight.lead", "always")]
    if _given(ctx, "trainings"):
        oversight.append(Statement("oversight.training", "facts.trainings_given"))
    if _given(ctx, "inspections"):
        oversight.append(Statement("oversight.inspections", "facts.inspections_given"))
    if _given(ctx, "assessment", "public_evaluation", "accountability_cases"):
        oversight.append(Statement("oversight.results", "facts.oversight_results_given"))
    missing = [label for name, label in (("assessment", "工作考核结果"), ("public_evaluation", "社会评议结果"),
                                         ("accountability_cases", "责任追究结果")) if ctx[name] is None]
    if ctx["is_government"] and missing:
        oversight.append(Statement("oversight.results_missing", "government_must_report_results",
                                   extras={"missing": missing}))
        warnings.append(_warn("D-TODO", ("facts", "oversight"),
                              f"人民政府须在一（五）说明工作考核、社会评议和责任追究结果；输入缺少{'、'.join(missing)}，"
                              "草稿中留有〔〕待补充标记"))
    oversight += _verbatim(facts.oversight.highlights, "facts.oversight.highlights")

    for key, statements, title in (("information_management", management, "政府信息管理"),
                                   ("platforms", platforms, "政府信息公开平台建设"),
                                   ("oversight", oversight, "监督保障")):
        if all(s.slot and s.slot.endswith(".lead") or s.slot == "oversight.results_missing" for s in statements):
            warnings.append(_warn("D-GENERIC", ("facts", key),
                                  f"一“{title}”没有可引用的事实，草稿只有原则性表述；可在 facts.{key} 中补充"))
    parts = [
        Part(None, "overview", [Block([Statement("overview.opening", "always")])]),
        Part("（一）主动公开", "active_disclosure", [Block(active)]),
        Part("（二）依申请公开", "application_handling", [Block(apply), Block(disputes)]),
        Part("（三）政府信息管理", "information_management", [Block(management)]),
        Part("（四）政府信息公开平台建设", "platforms", [Block(platforms)]),
        Part("（五）监督保障", "oversight", [Block(oversight)]),
    ]
    return parts, warnings


# ---------------------------------------------------------------- section 五


def _previous_problems(report: ReportInput) -> tuple[list[ProblemItem], str, str]:
    """Last year's problems: as given, else as last year's input listed them; with where they came from."""
    if report.problems.previous:
        return report.problems.previous, "problems.previous", "input.problems_previous"
    prev = report.previous_year
    if prev is not None and prev.problems.current:
        return prev.problems.current, "previous_year.problems.current", "previous_year.problems_current"
    return [], "", ""


def _problem_label(item: ProblemItem, topic: str | None, bank: PhraseBank) -> str:
    if item.text:
        return item.text.strip().rstrip("。；;，,.")
    return bank.topics[topic].label if topic in bank.topics else ""


def _problems(report: ReportInput, ctx: dict[str, Any], bank: PhraseBank) -> tuple[list[Part], list[Finding]]:
    warnings: list[Finding] = []
    previous, path, rule = _previous_problems(report)
    rectify: list[Block] = []
    for i, item in enumerate(previous, start=1):
        topic = item.topic or (infer_topic(item.text, bank) if item.text else None)
        extras = {"problem": _problem_label(item, topic, bank), "actions": list(item.actions)}
        fields = (f"{path}[{i - 1}]",)
        if item.actions:
            statements = [Statement("rectify.item", rule, extras, fields)]
        else:
            statements = [Statement("rectify.item_no_actions", rule, extras, fields)]
            warnings.append(_warn("D-TODO", tuple(path.split(".")) + (i - 1,),
                                  f"上年度问题“{extras['problem']}”未给出整改措施（actions），草稿中留有〔〕待补充标记"))
        if topic:
            statements.append(Statement(f"evidence.{topic}", f"evidence.{topic}", extras, fields, optional=True))
        rectify.append(Block(statements, number=i if len(previous) > 1 else None))
    if not previous:
        rectify.append(Block([Statement("rectify.none", "no_previous_problems")]))
        warnings.append(_warn("D-TODO", ("problems", "previous"),
                              "未提供上年度问题（problems.previous 或 previous_year），草稿中留有〔〕待补充标记"))

    current: list[Block] = []
    given = report.problems.current
    if given == []:
        warnings.append(_warn("D-PROBLEMS", ("problems", "current"),
                              "problems.current 为空列表；年度报告须列出本年度存在的主要问题，草稿已按数据推定，请核对"))
    if given:
        items = [(item, item.topic or (infer_topic(item.text, bank) if item.text else None), "input.problems_current",
                  f"problems.current[{i}]") for i, item in enumerate(given)]
    else:
        items = [(None, topic, rule_id, "") for topic, rule_id in derive_problems(ctx, bank)]
    for n, (item, topic, rule_id, field_path) in enumerate(items, start=1):
        fields = (field_path,) if field_path else ()
        if item is not None and item.text:
            problem = Statement(None, rule_id, fields=fields, verbatim=item.text)
        else:
            problem = Statement(f"problem.{topic}", rule_id, {"rule": rule_id}, fields)
        measure_slot = f"measure.{topic}" if topic else "measure.general"
        measure = Statement(measure_slot, f"pair.{rule_id}",
                            {"problem": _problem_label(item, topic, bank) if item else bank.topics[topic].label},
                            fields)
        current.append(Block([problem, measure], number=n))
    lead = Block([Statement("problems.lead", "always", {"count": len(items)})])
    parts = [
        Part("（一）上年度存在问题的改进情况", "rectification", rectify),
        Part("（二）本年度存在的主要问题及改进措施", "problems", [lead] + current),
    ]
    return parts, warnings


# ---------------------------------------------------------------- the whole plan


TABLE_SECTIONS = (("二", "主动公开政府信息情况", "table2"), ("三", "收到和处理政府信息公开申请情况", "table3"),
                  ("四", "政府信息公开行政复议、行政诉讼情况", "table4"))


def _preface(ctx: dict[str, Any]) -> list[Block]:
    statements = [Statement("preface.basis", "always")]
    if _given(ctx, "pub_website", "pub_url"):
        statements.append(Statement("preface.download", "publication.website_given"))
    if _given(ctx, "pub_office", "pub_address", "pub_phone", "pub_email"):
        statements.append(Statement("preface.contact", "publication.contact_given"))
    return [Block(statements)]


def plan(report: ReportInput, ctx: dict[str, Any], bank: PhraseBank, full: bool = False) -> DocumentPlan:
    """The document plan: the three narrative sections (一, 五, 六), or with ``full`` the whole report
    (title, preface, and 二、三、四 with the official tables)."""
    overview, warnings = _overview(report, ctx)
    problems, more = _problems(report, ctx, bank)
    other = [Statement("other.fee", "always")]
    other += _verbatim(report.facts.other_matters, "facts.other_matters", "input.other_matters")
    if not report.facts.other_matters:
        other.append(Statement("other.none", "no_other_matters"))
    sections = [
        SectionPlan("一", "总体情况", "overview", overview),
        SectionPlan("五", "存在的主要问题及改进情况", "problems", problems),
        SectionPlan("六", "其他需要报告的事项", "other", [Part(None, "other", [Block(other)])]),
    ]
    if not full:
        return DocumentPlan(sections, warnings + more)
    from .tables_layout import official_tables

    tables = official_tables(report)
    middle = [SectionPlan(n, title, key, [], (table,)) for (n, title, key), table in zip(TABLE_SECTIONS, tables)]
    return DocumentPlan(sections[:1] + middle + sections[1:], warnings + more, _preface(ctx))
