"""Content determination: which statements each section makes, decided from the data and the bank's rules.

The plan is plain data (sections → blocks → statements, each with the rule that chose it and the input
fields it rests on); the realiser turns it into sentences. Nothing here holds wording: the bank does.

What the plan guarantees (docs/grounding.md): a judgement is planned only when a bank rule with a
documented threshold holds; the clerk's own problems and measures are printed as written; an aspect with no
facts gets a visible 【待补充：…】 instead of a sentence that claims an activity; and the problems of a draft
never depend on the seed.
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
from .yoy import Change, notable_changes

MAX_DERIVED_PROBLEMS = 3
#: Section 五（二） names at least this many problems; fewer from data and the clerk → a to-do for the rest.
MIN_PROBLEMS = 2


@dataclass
class Statement:
    """One sentence to be: a bank slot to realise, the user's own text (``verbatim``), or a to-do.

    ``prefix`` names a frame slot whose phrase gives this sentence's lead-in label (问题：/整改情况：…):
    one variant of it serves a whole list, so the items of a list share one frame. ``confirm`` marks a
    measure the bank proposes: the clerk must confirm it (a D-CONFIRM warning quotes the sentence)."""

    slot: str | None
    rule: str
    extras: dict[str, Any] = field(default_factory=dict)
    fields: tuple[str, ...] = ()
    verbatim: str | None = None
    optional: bool = False  # the slot may have no phrase whose condition holds (then it says nothing)
    todo: str | None = None  # a 【待补充：…】 the clerk fills in: what to add, naming the input keys
    prefix: tuple[str, str] | None = None  # (frame slot, part) → the lead-in label of a list item's part
    confirm: bool = False


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


def _todo(what: str, rule: str, *fields: str, prefix: tuple[str, str] | None = None) -> Statement:
    return Statement(None, rule, fields=fields, todo=what, prefix=prefix)


def _warn(code: str, path: tuple[str | int, ...], message: str) -> Finding:
    from .labels import location

    return Finding(code, "warning", location(path), message)


def _given(ctx: dict[str, Any], *names: str) -> bool:
    return any(ctx[name] is not None and ctx[name] != [] for name in names)


def infer_topic(text: str, bank: PhraseBank) -> str | None:
    """The topic whose keywords occur most often in a free-text problem (bank order breaks ties)."""
    best, best_hits = None, 0
    for topic in bank.topics.values():
        hits = sum(text.count(word) for word in topic.keywords if word)
        if hits > best_hits:
            best, best_hits = topic.id, hits
    return best


def rule_holds(rule: Rule, ctx: dict[str, Any]) -> bool:
    """Whether a problem-deriving rule's condition holds on a context (P-RENDER when it cannot be evaluated)."""
    try:
        test, names = condition(rule.when)
        return test(**{name: ctx[name] for name in names if name in ctx})
    except SecurityError as exc:  # the sandbox refused it: the same finding as lint's
        raise NarrativeError([rule_sandbox_finding(rule, exc)]) from None
    except (TemplateError, TypeError, ValueError, ArithmeticError) as exc:
        raise NarrativeError([Finding("P-RENDER", "error", Location(file=rule.source or None, path=(rule.id,)),
                                      f"规则 {rule.id}：条件“{rule.when}”无法求值：{exc}")]) from None


def derive_problems(ctx: dict[str, Any], bank: PhraseBank) -> list[tuple[str, str]]:
    """(topic, rule id) of the problems the data shows: the bank's rules by priority, one per topic, at
    most three. No rule holds → no problem: the machine never picks a topic the data does not support."""
    chosen: list[tuple[str, str]] = []
    for rule in bank.rules_by_priority():
        if len(chosen) == MAX_DERIVED_PROBLEMS:
            break
        if rule.topic in bank.topics and all(t != rule.topic for t, _ in chosen) and rule_holds(rule, ctx):
            chosen.append((rule.topic, rule.id))
    return chosen


def rules_for(topic: str, ctx: dict[str, Any], bank: PhraseBank) -> str | None:
    """The first rule of ``topic`` (by priority) that holds: the data behind a problem the clerk named."""
    for rule in bank.rules_by_priority():
        if rule.topic == topic and rule_holds(rule, ctx):
            return rule.id
    return None


def check_topics(report: ReportInput, bank: PhraseBank) -> list[Finding]:
    """S-TOPIC: every problem topic the input names must exist in the bank (this year's and last year's)."""
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


def candidate_topics(bank: PhraseBank) -> str:
    """The topics a clerk may name, for warnings and the init skeleton: ``id（label）`` joined by 、."""
    return "、".join(f"{t.id}（{t.label}）" for t in bank.topics.values())


# ---------------------------------------------------------------- section 一


_ASPECT_TODO = {
    "active_disclosure": ("全年主动公开政府信息的数量、主要类别和发布渠道",
                          "facts.active_disclosure：items_published、items_by_category、policy_interpretations 等"),
    "information_management": ("政府信息管理工作情况，如公开前保密审查和公开属性审查、行政规范性文件清理",
                               "facts.information_management：documents_reviewed、normative_documents_cleaned、highlights"),
    "platforms": ("政府信息公开平台建设情况，如政府网站、政务新媒体、政务公开栏",
                  "facts.platforms：website、new_media_accounts、bulletin_boards、highlights"),
    "oversight": ("监督保障工作情况，如业务培训、督查检查",
                  "facts.oversight：trainings、inspections、highlights"),
}


def _aspect_todo(key: str) -> Statement:
    what, keys = _ASPECT_TODO[key]
    return _todo(f"{what}（{keys}）", f"facts.{key}_missing", f"facts.{key}")


def _yoy(aspect: str, changes: list[Change]) -> list[Statement]:
    mine = [c.as_dict() for c in changes if c.aspect == aspect]
    if not mine:
        return []
    fields = tuple(sorted({f for c in changes if c.aspect == aspect for f in c.fields}))
    return [Statement("yoy.changes", "previous_year.notable_change", {"changes": mine}, fields)]


def _counts(ctx: dict[str, Any], name: str, key: str) -> list[Statement]:
    if not ctx[name]:
        return []
    return [Statement("facts.counts", f"facts.{key}.counts_given", {"items": ctx[name]}, (f"facts.{key}.counts",))]


def _overview(report: ReportInput, ctx: dict[str, Any], changes: list[Change]) -> tuple[list[Part], list[Finding]]:
    facts, warnings = report.facts, []
    active = [Statement("active.documents", "always"), Statement("active.decisions", "always")]
    if ctx["has_admin_fees"]:
        active.append(Statement("active.fees", "table2.fees_nonzero"))
    active_facts = False
    if _given(ctx, "items_published", "policy_interpretations", "press_conferences"):
        active.append(Statement("active.facts", "facts.active_disclosure_given"))
        active_facts = True
    if ctx["items_by_category"]:
        active.append(Statement("active.categories", "facts.items_by_category_given"))
        active_facts = True
    if _given(ctx, "gazette_issues"):
        active.append(Statement("active.gazette", "facts.gazette_issues_given"))
        active_facts = True
    if _given(ctx, "key_areas", "new_columns"):
        active.append(Statement("active.areas", "facts.key_areas_given"))
        active_facts = True
    if _given(ctx, "consultations", "opinions_received", "surveys"):
        active.append(Statement("active.participation", "facts.participation_given"))
        active_facts = True
    active += _counts(ctx, "active_counts", "active_disclosure")
    active += _yoy("active_disclosure", changes)
    active += _verbatim(facts.active_disclosure.highlights, "facts.active_disclosure.highlights")
    if not (active_facts or ctx["active_counts"] or facts.active_disclosure.highlights):
        active.append(_aspect_todo("active_disclosure"))

    apply = [Statement("apply.received", "always")]
    if ctx["new_received"]:
        apply.append(Statement("apply.applicants", "table3.new_received_nonzero"))
    if ctx["concluded"]:
        apply.append(Statement("apply.results", "table3.concluded_nonzero"))
    if ctx["to_handle"]:
        apply.append(Statement("apply.forward", "table3.cases_to_handle"))
    if ctx["replied_on_time"] is not None and ctx["concluded"]:
        apply.append(Statement("apply.timeliness", "facts.replied_on_time_given"))
    apply += _yoy("application_handling", changes)
    apply += _counts(ctx, "apply_counts", "application_handling")
    disputes = [Statement("apply.disputes", "always")]
    disputes += _yoy("review_litigation", changes)
    disputes += _verbatim(facts.application_handling.highlights, "facts.application_handling.highlights")

    management: list[Statement] = []
    if _given(ctx, "documents_reviewed", "normative_documents_cleaned"):
        management.append(Statement("management.facts", "facts.information_management_given"))
    management += _counts(ctx, "management_counts", "information_management")
    management += _yoy("information_management", changes)
    management += _verbatim(facts.information_management.highlights, "facts.information_management.highlights")

    platforms: list[Statement] = []
    if _given(ctx, "website", "new_media_accounts", "new_media_posts", "bulletin_boards"):
        platforms.append(Statement("platforms.facts", "facts.platforms_given"))
    if _given(ctx, "new_media_opened", "new_media_closed"):
        platforms.append(Statement("platforms.new_media", "facts.new_media_changes_given"))
    if _given(ctx, "online_interviews", "messages_handled"):
        platforms.append(Statement("platforms.interaction", "facts.interaction_given"))
    platforms += _counts(ctx, "platforms_counts", "platforms")
    platforms += _yoy("platforms", changes)
    platforms += _verbatim(facts.platforms.highlights, "facts.platforms.highlights")

    oversight: list[Statement] = []
    if _given(ctx, "trainings"):
        oversight.append(Statement("oversight.training", "facts.trainings_given"))
    if _given(ctx, "inspections"):
        oversight.append(Statement("oversight.inspections", "facts.inspections_given"))
    if _given(ctx, "monitoring_rounds", "notices"):
        oversight.append(Statement("oversight.monitoring", "facts.monitoring_given"))
    if _given(ctx, "assessment", "public_evaluation", "accountability_cases"):
        oversight.append(Statement("oversight.results", "facts.oversight_results_given"))
    oversight += _counts(ctx, "oversight_counts", "oversight")
    oversight += _yoy("oversight", changes)
    oversight += _verbatim(facts.oversight.highlights, "facts.oversight.highlights")
    missing = [label for name, label in (("assessment", "工作考核结果"), ("public_evaluation", "社会评议结果"),
                                         ("accountability_cases", "责任追究结果")) if ctx[name] is None]

    for key, statements in (("information_management", management), ("platforms", platforms),
                            ("oversight", oversight)):
        if not statements:
            statements.append(_aspect_todo(key))
    if ctx["is_government"] and missing:
        keys = "、".join(k for k, label in (("assessment", "工作考核结果"), ("public_evaluation", "社会评议结果"),
                                            ("accountability_cases", "责任追究结果")) if label in missing)
        oversight.append(_todo(f"{'、'.join(missing)}（人民政府的年度报告应当载明；facts.oversight：{keys}）",
                               "government_must_report_results", "facts.oversight"))
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


@dataclass
class _Previous:
    """Last year's problems as this draft can use them, and what their ``actions`` mean."""

    items: list[ProblemItem]
    path: str
    rule: str
    actions_are_plans: bool = False  # last year's own problems.current: its actions were plans


def _previous_problems(report: ReportInput, bank: PhraseBank, prev_ctx: dict[str, Any] | None) -> _Previous:
    """Last year's problems: as given; else as last year's input listed them (their actions were that
    year's plans, never this year's results); else the problems the rules derive from last year's data."""
    if report.problems.previous:
        return _Previous(report.problems.previous, "problems.previous", "input.problems_previous")
    prev = report.previous_year
    if prev is not None and prev.problems.current:
        return _Previous(prev.problems.current, "previous_year.problems.current", "previous_year.problems_current",
                         actions_are_plans=True)
    if prev is not None and prev_ctx is not None:
        derived = [ProblemItem(topic=topic) for topic, _ in derive_problems(prev_ctx, bank)]
        if derived:
            return _Previous(derived, "previous_year", "previous_year.derived_problems")
    return _Previous([], "", "")


def _problem_label(item: ProblemItem, topic: str | None, bank: PhraseBank) -> str:
    if item.text:
        return item.text.strip().rstrip("。；;，,.")
    return bank.topics[topic].label if topic in bank.topics else ""


_EVIDENCE = {  # topic → the year-on-year metric its data rule reads: the evidence of how last year's problem went
    "not_held_share": "not_held_share", "backlog": "carried_forward", "review_litigation": "corrected_total",
    "policy_interpretation": "policy_interpretations", "training": "trainings",
}
#: Metrics where a rise means last year's problem got worse (for the others a fall does).
_LOWER_IS_BETTER = frozenset({"not_held_share", "carried_forward", "corrected_total"})


def _rectification(report: ReportInput, bank: PhraseBank, previous: _Previous, evidence: dict[str, Change],
                   used: set[str]) -> tuple[list[Block], list[Finding]]:
    warnings: list[Finding] = []
    blocks: list[Block] = []
    frame = "frame.rectify"
    for i, item in enumerate(previous.items):
        topic = item.topic or (infer_topic(item.text, bank) if item.text else None)
        label = _problem_label(item, topic, bank)
        fields = (f"{previous.path}[{i}]",) if previous.path != "previous_year" else ("previous_year",)
        done = [] if previous.actions_are_plans else list(item.actions)
        plans = list(item.actions) if previous.actions_are_plans else list(item.planned)
        statements = [Statement("rectify.problem", previous.rule, {"problem": label, "given_text": bool(item.text)},
                                fields, prefix=(frame, "problem"))]
        if done:
            statements.append(Statement("rectify.actions", previous.rule, {"actions": done}, fields,
                                        prefix=(frame, "actions")))
        else:
            if plans:
                statements.append(Statement("rectify.planned", previous.rule, {"planned": plans}, fields,
                                            prefix=(frame, "actions")))
            what = "上年度提出的上述措施在本年度的落实情况" if plans else "本年度针对该问题所做的工作及其实际效果"
            key = f"{previous.path}[{i}].actions" if previous.path == "problems.previous" \
                else f"problems.previous[{i}].actions"
            statements.append(_todo(f"{what}（{key}）", "previous_problem_without_actions", *fields,
                                    prefix=None if plans else (frame, "actions")))
        metric = _EVIDENCE.get(topic or "")
        change = evidence.get(metric or "")
        if change is not None and metric not in used:
            used.add(metric)
            data = change.as_dict()
            worse = data["direction"] in (("增加", "上升") if metric in _LOWER_IS_BETTER else ("减少", "下降"))
            statements.append(Statement("rectify.evidence", f"evidence.{metric}", {"change": data, "worse": worse},
                                        fields + change.fields))
        blocks.append(Block(statements, number=i + 1 if len(previous.items) > 1 else None))
    if not previous.items:
        if report.previous_year is not None:
            what = (f"{report.year - 1}年度报告所列问题的改进情况，逐条写明问题、所做的工作和效果"
                    "（problems.previous；上年度输入未列出问题，数据也未显示问题）")
        else:
            what = (f"{report.year - 1}年度报告所列问题的改进情况，逐条写明问题、所做的工作和效果"
                    "（problems.previous，或以 previous_year 链接上年度输入）")
        blocks.append(Block([_todo(what, "no_previous_problems", "problems.previous")]))
    return blocks, warnings


def _current_problems(report: ReportInput, ctx: dict[str, Any], bank: PhraseBank
                      ) -> tuple[list[Block], list[Finding], int]:
    warnings: list[Finding] = []
    given = report.problems.current
    frame = "frame.problems"
    if given == []:
        warnings.append(_warn("D-PROBLEMS", ("problems", "current"),
                              "problems.current 为空列表；年度报告须列出本年度存在的主要问题，草稿只列数据显示的问题"))
    entries: list[tuple[ProblemItem | None, str | None, str, tuple[str, ...]]] = []
    if given:
        for i, item in enumerate(given):
            rule = rules_for(item.topic, ctx, bank) if item.topic else None
            entries.append((item, item.topic, rule or "input.problems_current", (f"problems.current[{i}]",)))
    else:
        entries = [(None, topic, rule_id, ()) for topic, rule_id in derive_problems(ctx, bank)]
    blocks: list[Block] = []
    for item, topic, rule_id, fields in entries:
        statements: list[Statement] = []
        if item is not None and item.text:
            statements.append(Statement(None, rule_id, fields=fields, verbatim=item.text, prefix=(frame, "problem")))
        else:
            statements.append(Statement(f"problem.{topic}", rule_id, {"rule": rule_id}, fields,
                                        prefix=(frame, "problem")))
        if item is not None and item.actions:
            statements.append(Statement("measure.given", "input.problems_current_actions",
                                        {"actions": list(item.actions)}, tuple(f"{f}.actions" for f in fields),
                                        prefix=(frame, "measures")))
        elif topic is not None:
            problem_text = item.text if item is not None and item.text else ""
            statements.append(Statement(f"measure.{topic}", f"proposal.{rule_id}",
                                        {"rule": rule_id, "problem": problem_text}, fields,
                                        prefix=(frame, "measures"), confirm=True))
        else:
            key = f"{fields[0]}.actions" if fields else "problems.current[].actions"
            statements.append(_todo(f"针对该问题拟采取的改进措施（{key}）", "problem_without_actions", *fields,
                                    prefix=(frame, "measures")))
        blocks.append(Block(statements))
    count = len(blocks)
    if not given and count < MIN_PROBLEMS:
        topics = candidate_topics(bank)
        missing = MIN_PROBLEMS - count
        labels = "、".join(t.label for t in bank.topics.values())
        blocks.append(Block([_todo(f"本年度存在的{'其他' if count else ''}主要问题及改进措施"
                                   f"（problems.current，写明问题和 actions；可涉及{labels}等方面）",
                                   "problems_below_minimum", "problems.current")]))
        warnings.append(_warn("D-PROBLEMS", ("problems", "current"),
                              f"数据只显示{count}个问题，至少还需{missing}个；请在 problems.current 中写明本年度的问题"
                              f"（可用 topic：{topics}）"))
    for n, block in enumerate(blocks, start=1):
        block.number = n if len(blocks) > 1 else None
    return blocks, warnings, count


def _problems(report: ReportInput, ctx: dict[str, Any], bank: PhraseBank, prev_ctx: dict[str, Any] | None,
              evidence: dict[str, Change], used: set[str]) -> tuple[list[Part], list[Finding]]:
    previous = _previous_problems(report, bank, prev_ctx)
    rectify, warnings = _rectification(report, bank, previous, evidence, used)
    current, more, count = _current_problems(report, ctx, bank)
    lead = Block([Statement("problems.lead", "always", {"count": count})])
    parts = [
        Part("（一）上年度存在问题的改进情况", "rectification", rectify),
        Part("（二）本年度存在的主要问题及改进措施", "problems", [lead] + current),
    ]
    return parts, warnings + more


# ---------------------------------------------------------------- section 六


def _other(report: ReportInput, ctx: dict[str, Any]) -> list[Statement]:
    other = [Statement("other.fee", "always")]
    if _given(ctx, "npc_suggestions", "cppcc_proposals", "proposals_published"):
        other.append(Statement("other.proposals", "facts.proposals_given"))
    elif ctx["is_government"] and ctx["level"] != "township":
        other.append(_todo("人大代表建议和政协委员提案的办理结果公开情况（facts.proposals：npc_suggestions、"
                           "cppcc_proposals、results_published）", "government_reports_proposals", "facts.proposals"))
    if ctx["key_points"] is not None:
        other.append(Statement(None, "input.key_points", fields=("facts.key_points",), verbatim=ctx["key_points"]))
    elif ctx["is_government"]:
        other.append(_todo(f"落实{report.year}年政务公开工作要点的情况（facts.key_points）",
                           "government_reports_key_points", "facts.key_points"))
    other += _verbatim(report.facts.other_matters, "facts.other_matters", "input.other_matters")
    if len(other) == 1:
        other.append(Statement("other.none", "no_other_matters"))
    return other


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


def plan(report: ReportInput, ctx: dict[str, Any], bank: PhraseBank, full: bool = False,
         prev_ctx: dict[str, Any] | None = None) -> DocumentPlan:
    """The document plan: the three narrative sections (一, 五, 六), or with ``full`` the whole report
    (title, preface, and 二、三、四 with the official tables). ``prev_ctx`` is last year's context (for
    year-on-year comparisons and last year's data-derived problems)."""
    changes = notable_changes(report, ctx, prev_ctx) if prev_ctx is not None else []
    by_metric = {c.key: c for c in changes}
    used: set[str] = set()
    problems, warnings = _problems(report, ctx, bank, prev_ctx, by_metric, used)
    overview, more = _overview(report, ctx, [c for c in changes if c.notable and c.key not in used])
    sections = [
        SectionPlan("一", "总体情况", "overview", overview),
        SectionPlan("五", "存在的主要问题及改进情况", "problems", problems),
        SectionPlan("六", "其他需要报告的事项", "other", [Part(None, "other", [Block(_other(report, ctx))])]),
    ]
    warnings = more + warnings
    if not full:
        return DocumentPlan(sections, warnings)
    from .tables_layout import official_tables

    tables = official_tables(report)
    middle = [SectionPlan(n, title, key, [], (table,)) for (n, title, key), table in zip(TABLE_SECTIONS, tables)]
    return DocumentPlan(sections[:1] + middle + sections[1:], warnings, _preface(ctx))
