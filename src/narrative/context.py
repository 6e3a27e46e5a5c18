"""The variables templates and rules see (docs/phrasebank.md), computed once per report from the input.

Every value is either an input figure, ``None`` for a fact the input did not give, or a derivation named
here (sums, shares over （七）总计, year-on-year changes). ``FIELDS`` maps each variable to the input
fields it rests on, which is what a draft's provenance reports.
"""

from __future__ import annotations

import operator
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from .model import ReportInput
from .tables import APPLICANT_COLUMNS
from .typography import format_decimal, format_percent

_T3 = "applications"
_RES = f"{_T3}.results"
_GROUP_LABELS = (
    ("disclosed", "予以公开"), ("partially_disclosed", "部分公开"), ("not_disclosed", "不予公开"),
    ("cannot_provide", "无法提供"), ("not_processed", "不予处理"), ("other", "其他处理"),
)
_DECISIONS = (("licensing", "行政许可"), ("punishment", "行政处罚"), ("coercion", "行政强制"))

#: Variable → the input fields it is computed from (``*`` stands for every applicant column).
FIELDS: dict[str, tuple[str, ...]] = {
    "we": ("agency.name", "agency.kind", "agency.level", "agency.self_reference"),
    "agency": ("agency.name",), "short_name": ("agency.short_name", "agency.name"),
    "year": ("year",), "next_year": ("year",), "last_year": ("year",),
    "reg_issued": ("active_disclosure.regulations.issued",),
    "reg_repealed": ("active_disclosure.regulations.repealed",),
    "reg_in_force": ("active_disclosure.regulations.in_force",),
    "nd_issued": ("active_disclosure.normative_documents.issued",),
    "nd_repealed": ("active_disclosure.normative_documents.repealed",),
    "nd_in_force": ("active_disclosure.normative_documents.in_force",),
    "licensing": ("active_disclosure.licensing",), "punishment": ("active_disclosure.punishment",),
    "coercion": ("active_disclosure.coercion",),
    "decisions": ("active_disclosure.licensing", "active_disclosure.punishment", "active_disclosure.coercion"),
    "admin_fees": ("active_disclosure.administrative_fees",),
    "has_admin_fees": ("active_disclosure.administrative_fees",),
    "new_received": (f"{_T3}.new_received.*",), "carried_over": (f"{_T3}.carried_over.*",),
    "to_handle": (f"{_T3}.new_received.*", f"{_T3}.carried_over.*"),
    "concluded": (f"{_RES}.*",), "carried_forward": (f"{_T3}.carried_forward.*",),
    "new_natural": (f"{_T3}.new_received.natural_person",),
    "new_org": tuple(f"{_T3}.new_received.{c}" for c in APPLICANT_COLUMNS[1:]),
    "result_shares": (f"{_RES}.*",), "granted": (f"{_RES}.disclosed.*", f"{_RES}.partially_disclosed.*"),
    "granted_pct": (f"{_RES}.disclosed.*", f"{_RES}.partially_disclosed.*", f"{_RES}.*"),
    "disclosed_pct": (f"{_RES}.disclosed.*", f"{_RES}.*"),
    "not_held": (f"{_RES}.cannot_provide.not_held.*",),
    "not_held_pct": (f"{_RES}.cannot_provide.not_held.*", f"{_RES}.*"),
    "unclear": (f"{_RES}.cannot_provide.unclear_after_supplement.*", f"{_RES}.other.overdue_supplement.*"),
    "complaint_petition": (f"{_RES}.not_processed.complaint_petition.*",),
    "complaint_pct": (f"{_RES}.not_processed.complaint_petition.*", f"{_RES}.*"),
    "fee_yuan": ("fees.information_processing_fee_yuan",),
    "fee_collected": ("fees.information_processing_fee_yuan",),
    "corrected_total": ("review_litigation.review.corrected", "review_litigation.litigation_direct.corrected",
                        "review_litigation.litigation_after_review.corrected"),
    "disputes_total": ("review_litigation.*",),
}
for _name, _label in _GROUP_LABELS:
    FIELDS[_name if _name != "other" else "other_handling"] = (f"{_RES}.{_name}.*",)
for _key, _group in (("review", "review"), ("litigation_direct", "litigation_direct"),
                     ("litigation_after_review", "litigation_after_review")):
    FIELDS[f"{_key}_total" if _key == "review" else _key] = (f"review_litigation.{_group}.*",)
for _outcome in ("upheld", "corrected", "other", "pending"):
    FIELDS[f"review_{_outcome}"] = (f"review_litigation.review.{_outcome}",)
    FIELDS[f"litigation_{_outcome}"] = (f"review_litigation.litigation_direct.{_outcome}",
                                        f"review_litigation.litigation_after_review.{_outcome}")
FIELDS["litigation_total"] = ("review_litigation.litigation_direct.*", "review_litigation.litigation_after_review.*")
_FACT_PATHS = {
    "items_published": "facts.active_disclosure.items_published",
    "policy_interpretations": "facts.active_disclosure.policy_interpretations",
    "press_conferences": "facts.active_disclosure.press_conferences",
    "gazette_issues": "facts.active_disclosure.gazette_issues",
    "consultations": "facts.active_disclosure.consultations",
    "opinions_received": "facts.active_disclosure.opinions_received",
    "surveys": "facts.active_disclosure.surveys",
    "replied_on_time": "facts.application_handling.replied_on_time",
    "documents_reviewed": "facts.information_management.documents_reviewed",
    "normative_documents_cleaned": "facts.information_management.normative_documents_cleaned",
    "website": "facts.platforms.website", "new_media_accounts": "facts.platforms.new_media_accounts",
    "new_media_opened": "facts.platforms.new_media_opened", "new_media_closed": "facts.platforms.new_media_closed",
    "new_media_posts": "facts.platforms.new_media_posts", "bulletin_boards": "facts.platforms.bulletin_boards",
    "online_interviews": "facts.platforms.online_interviews",
    "messages_handled": "facts.platforms.messages_handled",
    "trainings": "facts.oversight.trainings", "trainees": "facts.oversight.trainees",
    "inspections": "facts.oversight.inspections", "monitoring_rounds": "facts.oversight.monitoring_rounds",
    "notices": "facts.oversight.notices", "assessment": "facts.oversight.assessment",
    "public_evaluation": "facts.oversight.public_evaluation",
    "accountability_cases": "facts.oversight.accountability_cases",
    "npc_suggestions": "facts.proposals.npc_suggestions", "cppcc_proposals": "facts.proposals.cppcc_proposals",
    "proposals_published": "facts.proposals.results_published", "key_points": "facts.key_points",
}
#: List facts (empty when not given): variable → input path. Counted lists become texts ("办理工单320件").
_LIST_PATHS = {
    "items_by_category": "facts.active_disclosure.items_by_category",
    "key_areas": "facts.active_disclosure.key_areas",
    "new_columns": "facts.active_disclosure.new_columns",
    "active_counts": "facts.active_disclosure.counts",
    "apply_counts": "facts.application_handling.counts",
    "management_counts": "facts.information_management.counts",
    "platforms_counts": "facts.platforms.counts",
    "oversight_counts": "facts.oversight.counts",
}
FIELDS.update({name: (f"{path}[*]",) for name, path in _LIST_PATHS.items()})
FIELDS.update({name: (path,) for name, path in _FACT_PATHS.items()})
for _name in ("new_received", "concluded", "carried_forward", "corrected_total", "trainings",
              "policy_interpretations", "not_held_pct", "not_held", "review_total", "litigation_total",
              "disputes_total", "nd_in_force", "disclosed_pct", "complaint_pct", "unclear_pct"):
    FIELDS.setdefault(f"prev_{_name}", ())
    FIELDS[f"prev_{_name}"] = tuple(f"previous_year.{p}" for p in FIELDS.get(_name, ()))
for _name, _base in (("new_received_change", "new_received"), ("concluded_change", "concluded"),
                     ("disputes_change", "disputes_total")):
    FIELDS[_name] = FIELDS[_base] + tuple(f"previous_year.{p}" for p in FIELDS[_base])
FIELDS["has_previous"] = ("previous_year",)
FIELDS["law"] = ()
FIELDS["period"] = ("year",)
_PUBLICATION = ("website", "url", "office", "address", "postcode", "phone", "email")
FIELDS.update({f"pub_{name}": (f"publication.{name}",) for name in _PUBLICATION})
FIELDS["pub_contacts"] = tuple(f"publication.{name}" for name in ("address", "postcode", "phone", "email"))
FIELDS["guidance"] = ()
FIELDS["th"] = ()
FIELDS["area"] = ("agency.name", "agency.scope")
FIELDS["party"] = ("agency.name", "agency.scope", "agency.self_reference")
FIELDS["aggregate"] = ("agency.scope",)
FIELDS["replied_on_time_pct"] = (_FACT_PATHS["replied_on_time"], f"{_RES}.*")
FIELDS["all_on_time"] = (_FACT_PATHS["replied_on_time"], f"{_RES}.*")
FIELDS["unclear_pct"] = FIELDS["unclear"] + (f"{_RES}.*",)
FIELDS["admin_fees_approx"] = FIELDS["admin_fees"]
FIELDS["carried_forward_pct"] = FIELDS["carried_forward"] + FIELDS["to_handle"]

#: Variables that are None when the input does not give them (templates must test them first).
OPTIONAL: frozenset[str] = frozenset(_FACT_PATHS) | frozenset(
    name for name in FIELDS if name.startswith("prev_")) | frozenset(
    {"new_received_change", "concluded_change", "disputes_change", "guidance", "disclosed_pct", "granted_pct",
     "not_held_pct", "complaint_pct", "unclear_pct", "replied_on_time_pct", "carried_forward_pct"}
) | frozenset(f"pub_{name}" for name in _PUBLICATION)
LAW_FULL = "《中华人民共和国政府信息公开条例》（以下简称《条例》）"
LAW_SHORT = "《条例》"


def _pct(part: int, whole: int) -> str | None:
    return format_percent(part, whole) if whole else None


def change(this: int, last: int) -> dict[str, Any]:
    """Year-on-year change: direction 增加/减少/持平, absolute difference, and the percentage of last
    year's figure (one decimal, half up) — None when last year's figure is zero (no percentage of nothing)."""
    diff = this - last
    direction = "增加" if diff > 0 else "减少" if diff < 0 else "持平"
    return {"this": this, "last": last, "diff": abs(diff), "direction": direction,
            "pct": format_percent(abs(diff), last) if last and diff else None}


def _table_figures(report: ReportInput) -> dict[str, Any]:
    """The table-derived variables of one year (also used for last year's figures)."""
    t2, apps, t4 = report.active_disclosure, report.applications, report.review_litigation
    res = apps.results
    concluded = sum(res.column_sums())
    groups = {name: res.group_sum(name) for name, _ in _GROUP_LABELS}
    not_held = res.cannot_provide.not_held.sum
    unclear = res.cannot_provide.unclear_after_supplement.sum + res.other.overdue_supplement.sum
    complaint = res.not_processed.complaint_petition.sum
    litigation = {o: getattr(t4.litigation_direct, o) + getattr(t4.litigation_after_review, o)
                  for o in ("upheld", "corrected", "other", "pending")}
    out: dict[str, Any] = {
        "reg_issued": t2.regulations.issued, "reg_repealed": t2.regulations.repealed,
        "reg_in_force": t2.regulations.in_force, "nd_issued": t2.normative_documents.issued,
        "nd_repealed": t2.normative_documents.repealed, "nd_in_force": t2.normative_documents.in_force,
        "licensing": t2.licensing, "punishment": t2.punishment, "coercion": t2.coercion,
        "decisions": [{"label": label, "count": getattr(t2, key)} for key, label in _DECISIONS if getattr(t2, key)],
        "admin_fees": prose_amount(t2.administrative_fees),
        "admin_fees_approx": prose_amount(t2.administrative_fees) != format_decimal(t2.administrative_fees),
        "has_admin_fees": t2.administrative_fees > 0,
        "new_received": apps.new_received.sum, "carried_over": apps.carried_over.sum,
        "to_handle": apps.new_received.sum + apps.carried_over.sum, "concluded": concluded,
        "carried_forward": apps.carried_forward.sum,
        "new_natural": apps.new_received.natural_person, "new_org": sum(apps.new_received.cells()[1:]),
        "result_shares": [{"label": label, "count": groups[name], "pct": format_percent(groups[name], concluded)}
                          for name, label in _GROUP_LABELS if groups[name]],
        "granted": groups["disclosed"] + groups["partially_disclosed"],
        "granted_pct": _pct(groups["disclosed"] + groups["partially_disclosed"], concluded),
        "disclosed_pct": _pct(groups["disclosed"], concluded),
        "not_held": not_held, "not_held_pct": _pct(not_held, concluded), "unclear": unclear,
        "complaint_petition": complaint, "complaint_pct": _pct(complaint, concluded),
        "unclear_pct": _pct(unclear, concluded),
        "carried_forward_pct": _pct(apps.carried_forward.sum, apps.new_received.sum + apps.carried_over.sum),
        "review_total": t4.review.sum, "litigation_direct": t4.litigation_direct.sum,
        "litigation_after_review": t4.litigation_after_review.sum, "litigation_total": t4.litigation_total,
        "corrected_total": t4.review.corrected + litigation["corrected"],
        "disputes_total": t4.review.sum + t4.litigation_total,
    }
    for name, _ in _GROUP_LABELS:
        out["other_handling" if name == "other" else name] = groups[name]
    for outcome in ("upheld", "corrected", "other", "pending"):
        out[f"review_{outcome}"] = getattr(t4.review, outcome)
        out[f"litigation_{outcome}"] = litigation[outcome]
    return out


def build_context(report: ReportInput, guidance: str | None = None, full: bool = False,
                  thresholds: dict[str, int] | None = None, previous: dict[str, Any] | None = None) -> dict[str, Any]:
    """All variables of docs/phrasebank.md for one report. In a full report the preface names the law
    first, so ``law`` is then its short form. ``previous`` is last year's context when it is already built
    (its table figures are then not worked out again)."""
    agency = report.agency
    ctx: dict[str, Any] = {
        "we": agency.self_ref, "agency": agency.name, "short_name": agency.short_name or agency.name,
        "year": report.year, "next_year": report.year + 1, "last_year": report.year - 1,
        "is_government": agency.kind == "government", "kind": agency.kind, "level": agency.level,
        "guidance": guidance, "law": LAW_SHORT if full else LAW_FULL,
        "period": f"{report.year}年1月1日至12月31日",
    }
    pub = report.publication
    ctx.update({f"pub_{name}": getattr(pub, name) for name in _PUBLICATION})
    ctx["pub_contacts"] = [f"{label}：{value}" for label, value in (
        ("联系地址", pub.address), ("邮编", pub.postcode), ("电话", pub.phone), ("电子邮箱", pub.email)) if value]
    ctx.update(_table_figures(report))
    t2 = report.active_disclosure
    ctx["mention_regulations"] = (agency.kind == "government" and agency.level in ("province", "city")) or any(
        (t2.regulations.issued, t2.regulations.repealed, t2.regulations.in_force))
    ctx.update(zip(_FACT_PATHS, _FACTS(report)))
    for name, items in zip(_LIST_PATHS, _LISTS(report)):
        ctx[name] = [item if isinstance(item, str) else item.text for item in items]
    on_time, concluded = ctx["replied_on_time"], ctx["concluded"]
    valid = on_time is not None and concluded and on_time <= concluded and not hasattr(on_time, "suffix")
    ctx["replied_on_time_pct"] = format_percent(on_time, concluded) if valid else None
    ctx["all_on_time"] = bool(valid and on_time == concluded)
    aggregate = agency.scope == "aggregate"
    ctx["aggregate"], ctx["area"] = aggregate, area_word(agency.name, agency.kind)
    ctx["party"] = f"{ctx['area']}各级行政机关" if aggregate else ctx["we"]
    if aggregate:
        ctx["we"] = ctx["area"]
    ctx["th"] = dict(thresholds or {})
    fee: Decimal = report.fees.information_processing_fee_yuan
    ctx["fee_yuan"], ctx["fee_collected"] = prose_amount(fee, places=2), fee > 0
    prev = report.previous_year
    ctx["has_previous"] = prev is not None
    last = (previous if previous is not None else _table_figures(prev)) if prev is not None else {}
    for name in ("new_received", "concluded", "carried_forward", "corrected_total", "not_held_pct", "not_held",
                 "review_total", "litigation_total", "disputes_total", "nd_in_force", "disclosed_pct",
                 "complaint_pct", "unclear_pct"):
        ctx[f"prev_{name}"] = last.get(name)
    ctx["prev_trainings"] = prev.facts.oversight.trainings if prev is not None else None
    ctx["prev_policy_interpretations"] = prev.facts.active_disclosure.policy_interpretations if prev else None
    for name, base in (("new_received_change", "new_received"), ("concluded_change", "concluded"),
                       ("disputes_change", "disputes_total")):
        ctx[name] = change(ctx[base], last[base]) if prev is not None else None
    return ctx


#: The narrative facts and lists, each read from the report in one call (dotted paths).
_FACTS = operator.attrgetter(*_FACT_PATHS.values())
_LISTS = operator.attrgetter(*_LIST_PATHS.values())
assert len(_FACT_PATHS) > 1 and len(_LIST_PATHS) > 1  # attrgetter of one path returns the value, not a tuple

#: Every variable name a template may use, besides slot extras.
CONTEXT_VARIABLES: frozenset[str] = frozenset(FIELDS) | {"is_government", "kind", "level", "mention_regulations"}


_AREA_SUFFIXES = ("自治州", "自治县", "自治旗", "自治区", "新区", "实验区", "开发区", "地区", "街道", "市", "县", "区",
                  "镇", "乡", "省", "州", "盟", "旗")


def area_word(name: str, kind: str) -> str:
    """How an area report names the whole area: 全市, 全区, 全县 … (全系统 for a department)."""
    if kind != "government":
        return "全系统"
    stem = name.removesuffix("人民政府").removesuffix("办事处").removesuffix("管理委员会").removesuffix("管委会")
    for suffix in _AREA_SUFFIXES:
        if stem.endswith(suffix):
            return "全" + suffix[-1] if suffix not in ("街道",) else "全街道"
    return "全辖区"


def prose_amount(value: Decimal, places: int = 2) -> str:
    """An amount as prose states it (docs/thresholds.md): at most ``places`` decimals, rounded half up;
    "约" in front when rounding dropped a non-zero digit. The tables keep the exact value."""
    exact = format_decimal(value)
    rounded = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP) if value.as_tuple().exponent < -places \
        else value
    text = format_decimal(rounded.normalize() if rounded == rounded.to_integral_value() else rounded)
    if rounded != value:
        return f"约{text.rstrip('0').rstrip('.') if '.' in text else text}"
    return exact

