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
#: A to-do names input keys (problems.previous[2].actions): an instruction to the clerk, not a claim.
TODO = re.compile("【待补充：[^】]*】")


def pct(part: int, whole: int) -> str:
    """Half-up share with one decimal, computed exactly with fractions."""
    value = Fraction(part * 100, whole)
    tenths = (value * 10 + Fraction(1, 2)).__floor__()
    return f"{tenths // 10}.{tenths % 10}%"


def prose(value: Decimal) -> str:
    """An amount as prose states it: at most two decimals, half up (docs/grounding.md)."""
    from decimal import ROUND_HALF_UP

    if value.as_tuple().exponent >= -2:
        return dec(value)
    text = dec(value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))
    return text.rstrip("0").rstrip(".") if "." in text else text


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
        allowed |= {prose(r.active_disclosure.administrative_fees), prose(r.fees.information_processing_fee_yuan)}
        allowed |= {str(r.year - 1), str(r.year), str(r.year + 1)}
        allowed.add(str(len(r.facts.active_disclosure.new_columns)))  # “等2个专栏”: how many names were given
        fig = year_figures(r)
        allowed |= {str(v) for v in fig.values()}
        if fig["concluded"]:
            for key in ("g_disclosed", "g_partially_disclosed", "g_not_disclosed", "g_cannot_provide",
                        "g_not_processed", "g_other", "granted", "not_held", "complaint", "unclear"):
                allowed.add(pct(fig[key], fig["concluded"]))
            on_time = r.facts.application_handling.replied_on_time
            if on_time is not None and on_time <= fig["concluded"]:
                allowed.add(pct(on_time, fig["concluded"]))
        if fig["to_handle"]:
            allowed.add(pct(fig["forward"], fig["to_handle"]))
    if report.previous_year is not None:
        now, last = year_figures(report), year_figures(report.previous_year)
        for key in ("new", "concluded", "disputes", "corrected", "forward", "not_held", "review", "lit"):
            diff = abs(now[key] - last[key])
            allowed.add(str(diff))
            if last[key]:
                allowed.add(pct(diff, last[key]))
        this_nd = report.active_disclosure.normative_documents.in_force
        last_nd = report.previous_year.active_disclosure.normative_documents.in_force
        allowed.add(str(abs(this_nd - last_nd)))
        if last_nd:
            allowed.add(pct(abs(this_nd - last_nd), last_nd))
        if now["concluded"] and last["concluded"]:  # shares of concluded: differences in percentage points
            for key in ("g_disclosed", "not_held", "unclear"):
                a, b = pct(now[key], now["concluded"]), pct(last[key], last["concluded"])
                tenths = abs(int(a[:-1].replace(".", "")) - int(b[:-1].replace(".", "")))
                allowed.add(f"{tenths // 10}.{tenths % 10}")
        for section in ("active_disclosure", "application_handling", "information_management", "platforms",
                        "oversight"):
            this_facts = getattr(report.facts, section)
            last_facts = getattr(report.previous_year.facts, section)
            for name, value in this_facts.model_dump().items():
                last_v = getattr(last_facts, name)
                if isinstance(value, int) and not isinstance(value, bool) and isinstance(last_v, int):
                    allowed.add(str(abs(int(value) - int(last_v))))
                    if last_v:
                        allowed.add(pct(abs(int(value) - int(last_v)), int(last_v)))
    return allowed


def stated_figures(paragraph: str) -> list[str]:
    """The figures a paragraph states (a leading list number "1." is structure, not a figure)."""
    return NUMBER.findall(TODO.sub("", LIST_MARKER.sub("", paragraph)))
