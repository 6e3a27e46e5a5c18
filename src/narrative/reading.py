"""What reading a published report produces, shared by its readers (HTML, crawled text): the input
document, the place each value came from, and the findings; the official rows and columns they look for."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .findings import Finding, Location, NarrativeError

# ---------------------------------------------------------------- figures with their places


def clean(text: str) -> str:
    return re.sub(r"[\s\u3000\xa0]+", "", text)


@dataclass
class Reading:
    """What an import produced: the input document, where each value came from, and the findings."""

    document: dict[str, Any]
    sources: dict[str, str]
    findings: list[Finding]

    def to_dict(self) -> dict[str, Any]:
        return {"document": self.document, "sources": self.sources,
                "findings": [f.to_dict() for f in self.findings]}

    def check(self) -> list[Finding]:
        """The 勾稽 findings of the tables as published (a published report cannot be changed: the input is
        still written, and these say which cell breaks which rule)."""
        from .checks import check
        from .loader import load

        try:
            return [f for f in check(load(self.document))]
        except NarrativeError as exc:
            return list(exc.findings)


class Reader:
    def __init__(self, file: str) -> None:
        self.file = file
        self.sources: dict[str, str] = {}
        self.findings: list[Finding] = []

    def error(self, code: str, message: str, **kw: Any) -> None:
        self.findings.append(Finding(code, "error", Location(file=self.file), message, **kw))

    def warn(self, code: str, message: str, **kw: Any) -> None:
        self.findings.append(Finding(code, "warning", Location(file=self.file), message, **kw))

    def number(self, text: str, place: str, key: str, decimal: bool = False) -> int | str | None:
        raw = clean(text)
        if raw == "":
            return None
        if decimal and re.fullmatch(r"\d{1,12}\.\d{1,12}", raw):
            self.sources[key] = place
            return raw  # decimal text: the model reads it exactly, and YAML and JSON keep it as written
        if re.fullmatch(r"\d{1,12}", raw):
            self.sources[key] = place
            return int(raw)
        self.error("I-NUMBER", f"{place}：“{text.strip()}”不是可以确定的数字", expected="非负整数" if not decimal
                   else "非负数额", actual=text.strip())
        return None


# ---------------------------------------------------------------- the three tables

T2_ROWS = (("规章", "regulations"), ("规范性文件", "normative_documents"))
T2_SINGLE = (("行政许可", "licensing"), ("行政处罚", "punishment"), ("行政强制", "coercion"),
              ("行政事业性收费", "administrative_fees"))
#: Table 3's 25 figure rows in the official order: the key path and a word its label must contain.
T3_ROWS: tuple[tuple[str, str], ...] = (
    ("new_received", "本年新收"), ("carried_over", "上年结转"),
    ("results.disclosed", "予以公开"), ("results.partially_disclosed", "部分公开"),
    ("results.not_disclosed.state_secret", "国家秘密"), ("results.not_disclosed.prohibited_by_law", "法律行政"),
    ("results.not_disclosed.three_safeties_one_stability", "三安全一稳定"),
    ("results.not_disclosed.third_party_rights", "第三方"), ("results.not_disclosed.internal_affairs", "内部事务"),
    ("results.not_disclosed.process_information", "过程性"), ("results.not_disclosed.enforcement_files", "执法案卷"),
    ("results.not_disclosed.administrative_query", "行政查询"),
    ("results.cannot_provide.not_held", "不掌握"), ("results.cannot_provide.needs_compilation", "另行制作"),
    ("results.cannot_provide.unclear_after_supplement", "仍不明确"),
    ("results.not_processed.complaint_petition", "信访"), ("results.not_processed.repeated_request", "重复申请"),
    ("results.not_processed.public_publication", "公开出版物"),
    ("results.not_processed.excessive_requests", "大量反复"),
    ("results.not_processed.confirm_or_reissue", "确认或重新出具"),
    ("results.other.overdue_supplement", "逾期不补正"), ("results.other.overdue_fee", "收费"),
    ("results.other.other", "其他"), ("results.total", "总计"), ("carried_forward", "结转下年度"),
)
COLUMN_LABELS = ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计")
T4_GROUPS = ("review", "litigation_direct", "litigation_after_review")
T4_FIELDS = ("upheld", "corrected", "other", "pending", "total")


def ambiguous(reader: Reader, place: str, run: str, found: list[list[int]]) -> None:
    if not found:
        reader.error("I-NUMBER", f"{place}：数字串“{run}”无法拆成该行的各个单元格（位数不符或总计对不上）",
                     actual=run)
    else:
        shown = "；".join("、".join(map(str, cells)) for cells in found[:2])
        reader.error("I-AMBIGUOUS", f"{place}：数字串“{run}”有不止一种拆法（如 {shown}），无法确定，请按原表填写",
                     actual=run)



def put(tree: dict[str, Any], dotted: str, value: Any) -> None:
    """Set ``value`` at a dotted key path (``results.cannot_provide.not_held``), making the mappings between."""
    *parents, last = dotted.split(".")
    for part in parents:
        tree = tree.setdefault(part, {})
    tree[last] = value
