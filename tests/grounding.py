"""An independent account of which figures a draft may state: every number of the input and the
derivations documented in docs/phrasebank.md, recomputed here from the input without the library's
context code, so that a wrong derivation in the library cannot vouch for itself."""

from __future__ import annotations

import re
from decimal import Decimal
from fractions import Fraction
from typing import Any

from narrative.model import ReportInput

NUMBER = re.compile(r"\d+(?:\.\d+)?%?")
LIST_MARKER = re.compile(r"^\d+\.")


def pct(part: int, whole: int) -> str:
    """Half-up share with one decimal, computed exactly with fractions."""
    value = Fraction(part * 100, whole)
    tenths = (value * 10 + Fraction(1, 2)).__floor__()
    return f"{tenths // 10}.{tenths % 10}%"


def dec(value: Decimal) -> str:
    text = format(value, "f")
    if "." in text and value == value.to_integral_value():
        text = text.split(".")[0]
    return text


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, (list, tuple)):
        return [s for v in value for s in _strings(v)]
    return []


def _ints(value: Any) -> list[int]:
    if isinstance(value, bool):
        return []
    if isinstance(value, int):
        return [value]
    if isinstance(value, dict):
        return [i for v in value.values() for i in _ints(v)]
    if isinstance(value, (list, tuple)):
        return [i for v in value for i in _ints(v)]
    return []


def year_figures(r: ReportInput) -> dict[str, int]:
    a, t4 = r.applications, r.review_litigation
    res = a.results
    groups = {g: res.group_sum(g) for g in ("disclosed", "partially_disclosed", "not_disclosed", "cannot_provide",
                                            "not_processed", "other")}
    lit = lambda o: getattr(t4.litigation_direct, o) + getattr(t4.litigation_after_review, o)  # noqa: E731
    return {
        "new": a.new_received.sum, "over": a.carried_over.sum, "to_handle": a.new_received.sum + a.carried_over.sum,
        "concluded": res.sum, "forward": a.carried_forward.sum,
        "new_org": sum(a.new_received.cells()[1:]),
        **{f"g_{k}": v for k, v in groups.items()},
        "granted": groups["disclosed"] + groups["partially_disclosed"],
        "not_held": res.cannot_provide.not_held.sum,
        "unclear": res.cannot_provide.unclear_after_supplement.sum + res.other.overdue_supplement.sum,
        "complaint": res.not_processed.complaint_petition.sum,
        "review": t4.review.sum, "lit_direct": t4.litigation_direct.sum, "lit_after": t4.litigation_after_review.sum,
        "lit": t4.litigation_direct.sum + t4.litigation_after_review.sum,
        **{f"lit_{o}": lit(o) for o in ("upheld", "corrected", "other", "pending")},
        "corrected": t4.review.corrected + lit("corrected"),
        "disputes": t4.review.sum + t4.litigation_direct.sum + t4.litigation_after_review.sum,
    }


def allowed_figures(report: ReportInput, extra: tuple[int, ...] = ()) -> set[str]:
    """Every figure string a draft of ``report`` may contain."""
    allowed: set[str] = {str(i) for i in extra}
    for r in (report, report.previous_year):
        if r is None:
            continue
        dump = r.model_dump(exclude={"previous_year"})
        allowed |= {str(i) for i in _ints(dump)}
        for text in _strings(dump):
            allowed |= set(NUMBER.findall(text))
        allowed |= {dec(r.active_disclosure.administrative_fees), dec(r.fees.information_processing_fee_yuan)}
        allowed |= {str(r.year - 1), str(r.year), str(r.year + 1)}
        fig = year_figures(r)
        allowed |= {str(v) for v in fig.values()}
        if fig["concluded"]:
            for key in ("g_disclosed", "g_partially_disclosed", "g_not_disclosed", "g_cannot_provide",
                        "g_not_processed", "g_other", "granted", "not_held", "complaint"):
                allowed.add(pct(fig[key], fig["concluded"]))
    if report.previous_year is not None:
        now, last = year_figures(report), year_figures(report.previous_year)
        for key in ("new", "concluded", "disputes", "corrected", "forward", "not_held"):
            diff = abs(now[key] - last[key])
            allowed.add(str(diff))
            if last[key]:
                allowed.add(pct(diff, last[key]))
        for name in ("trainings", "policy_interpretations"):
            this_v = getattr(report.facts.oversight if name == "trainings" else report.facts.active_disclosure, name)
            prev_facts = report.previous_year.facts
            last_v = getattr(prev_facts.oversight if name == "trainings" else prev_facts.active_disclosure, name)
            if this_v is not None and last_v is not None:
                allowed.add(str(abs(this_v - last_v)))
    return allowed


def stated_figures(paragraph: str) -> list[str]:
    """The figures a paragraph states (a leading list number "1." is structure, not a figure)."""
    return NUMBER.findall(LIST_MARKER.sub("", paragraph))
