"""Year-on-year comparisons: every key figure present in both years, and which changes are notable.

"Notable" is a documented rule on the bank's thresholds (docs/grounding.md): a count changes notably when
it moves by at least ``yoy_min_diff`` and by at least ``yoy_min_pct`` percent of last year's figure, or,
from a zero base, reaches ``yoy_zero_base_min``; a share of concluded applications changes notably by at
least ``yoy_share_pp_tenths`` tenths of a percentage point when both years concluded ``share_min_base`` or
more. Approximate facts ("5500余") are never compared: their difference is not known.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .context import FIELDS
from .model import ReportInput
from .typography import format_percent

#: (key, aspect, label, unit, kind): what is compared, where it is said, and how it is named.
METRICS: tuple[tuple[str, str, str, str, str], ...] = (
    ("items_published", "active_disclosure", "主动公开政府信息", "条", "count"),
    ("policy_interpretations", "active_disclosure", "发布政策解读", "篇", "count"),
    ("press_conferences", "active_disclosure", "召开新闻发布会", "场", "count"),
    ("gazette_issues", "active_disclosure", "编印政府公报", "期", "count"),
    ("consultations", "active_disclosure", "开展意见征集", "次", "count"),
    ("opinions_received", "active_disclosure", "收到意见建议", "条", "count"),
    ("surveys", "active_disclosure", "开展民意调查", "次", "count"),
    ("nd_in_force", "active_disclosure", "现行有效的行政规范性文件", "件", "count"),
    ("new_received", "application_handling", "新收政府信息公开申请", "件", "count"),
    ("concluded", "application_handling", "办结申请", "件", "count"),
    ("carried_forward", "application_handling", "结转下年度继续办理的申请", "件", "count"),
    ("disclosed_share", "application_handling", "予以公开占办结总数的比例", "", "share"),
    ("not_held_share", "application_handling", "因本机关不掌握相关政府信息而无法提供的申请占办结总数的比例", "", "share"),
    ("unclear_share", "application_handling", "补正后仍不明确或逾期不补正的申请占办结总数的比例", "", "share"),
    ("review_total", "review_litigation", "政府信息公开行政复议案件", "件", "count"),
    ("litigation_total", "review_litigation", "政府信息公开行政诉讼案件", "件", "count"),
    ("corrected_total", "review_litigation", "行政复议、行政诉讼结果为纠正的案件", "件", "count"),
    ("documents_reviewed", "information_management", "公开前审查的文件", "件", "count"),
    ("normative_documents_cleaned", "information_management", "清理的行政规范性文件", "件", "count"),
    ("new_media_accounts", "platforms", "政务新媒体账号", "个", "count"),
    ("new_media_posts", "platforms", "政务新媒体发布信息", "条", "count"),
    ("bulletin_boards", "platforms", "政务公开栏", "个", "count"),
    ("new_media_opened", "platforms", "新开设政务新媒体账号", "个", "count"),
    ("new_media_closed", "platforms", "关停整合政务新媒体账号", "个", "count"),
    ("online_interviews", "platforms", "在线访谈", "场", "count"),
    ("messages_handled", "platforms", "办理网民留言和热线诉求", "件", "count"),
    ("replied_on_time", "application_handling", "在法定期限内答复的申请", "件", "count"),
    ("trainings", "oversight", "组织业务培训", "次", "count"),
    ("trainees", "oversight", "培训人次", "人次", "count"),
    ("inspections", "oversight", "开展督查检查", "次", "count"),
    ("monitoring_rounds", "oversight", "开展网站和政务新媒体监测", "轮", "count"),
    ("notices", "oversight", "印发检查、监测情况通报", "期", "count"),
)

_SHARES = {"disclosed_share": "disclosed", "not_held_share": "not_held", "unclear_share": "unclear"}


@dataclass(frozen=True)
class Change:
    """One figure in both years."""

    key: str
    aspect: str
    label: str
    unit: str
    kind: str  # count | share
    this: Any
    last: Any
    fields: tuple[str, ...]
    notable: bool
    pct_base: int = 10  # a percentage is stated only over a base of at least this (th.yoy_pct_min_base)

    def as_dict(self) -> dict[str, Any]:
        """What a template sees: label, unit, this, last, diff, direction (增加/减少/持平, for shares
        上升/下降/持平), pct (counts over a non-zero base, else None), zero_base, kind."""
        if self.kind == "share":
            this_tenths, last_tenths = _tenths(self.this), _tenths(self.last)
            diff = this_tenths - last_tenths
            direction = "上升" if diff > 0 else "下降" if diff < 0 else "持平"
            return {"label": self.label, "unit": "", "kind": "share", "this": self.this, "last": self.last,
                    "diff": f"{abs(diff) // 10}.{abs(diff) % 10}", "direction": direction, "pct": None,
                    "zero_base": False}
        diff = self.this - self.last
        direction = "增加" if diff > 0 else "减少" if diff < 0 else "持平"
        return {"label": self.label, "unit": self.unit, "kind": "count", "this": self.this, "last": self.last,
                "diff": abs(diff), "direction": direction,
                "pct": format_percent(abs(diff), self.last) if self.last >= max(self.pct_base, 1) and diff else None,
                "zero_base": self.last == 0}


def _tenths(pct: str) -> int:
    whole, _, frac = pct.rstrip("%").partition(".")
    return int(whole) * 10 + int(frac or 0)


def _value(ctx: dict[str, Any], key: str) -> Any:
    if key in _SHARES:
        base = _SHARES[key]
        return ctx.get(f"{base}_pct") if ctx.get("concluded") else None
    value = ctx.get(key)
    if value is None or hasattr(value, "suffix"):  # not given, or approximate: no exact difference
        return None
    return value


def _notable(kind: str, this: Any, last: Any, ctx: dict[str, Any], prev_ctx: dict[str, Any], th: dict[str, int]
             ) -> bool:
    if kind == "share":
        base = th["share_min_base"]
        if ctx["concluded"] < base or prev_ctx["concluded"] < base:
            return False
        return abs(_tenths(this) - _tenths(last)) >= th["yoy_share_pp_tenths"]
    if last == 0:
        return this >= th["yoy_zero_base_min"]
    diff = abs(this - last)
    return diff >= th["yoy_min_diff"] and diff * 100 >= th["yoy_min_pct"] * last


def notable_changes(report: ReportInput, ctx: dict[str, Any], prev_ctx: dict[str, Any]) -> list[Change]:
    """Every metric given in both years, in METRICS order, each marked notable or not."""
    th = ctx.get("th") or {}
    out = []
    for key, aspect, label, unit, kind in METRICS:
        this, last = _value(ctx, key), _value(prev_ctx, key)
        if this is None or last is None:
            continue
        base = _SHARES.get(key, key)
        own = FIELDS.get(base, ()) if key not in _SHARES else FIELDS.get(f"{base}_pct", ())
        fields = tuple(own) + tuple(f"previous_year.{f}" for f in own)
        out.append(Change(key, aspect, label, unit, kind, this, last, fields,
                          _notable(kind, this, last, ctx, prev_ctx, th), th["yoy_pct_min_base"]))
    return out
