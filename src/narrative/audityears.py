"""The audit year to year: last year's problems reviewed one by one in 五, this year's measures not copied
from last year's, and the character 5-gram overlap of the narrative with last year's (evaluators deduct
above 50%), with the longest shared passages quoted."""

from __future__ import annotations

import re
from typing import Any

from .findings import Finding, Location
from .overlap import N, contained, grams

#: A problem of last year's counts as reviewed when this share of its 4-grams appears in this year's 五.
REVIEWED = 0.4
#: A measure counts as copied when this share of its 5-grams appears among last year's measures.
COPIED = 0.8
LAST_YEAR_LIMIT = 0.5
_REVIEW_PART = re.compile(r"上年度?[^。；\n]{0,12}(?:问题|整改|改进)|上一年度|去年|\d{4}年度?(?:报告)?(?:所列|存在的?)?问题的?(?:整改|改进)")


def shared_passages(a: str, b: str, n: int = N, limit: int = 3, shortest: int = 20,
                    theirs: set[str] | None = None) -> list[str]:
    """The longest passages of ``a`` made of n-grams that also occur in ``b`` (a run of shared n-grams is
    one passage), longest first; ``theirs``: ``b``'s n-grams when already at hand."""
    if theirs is None:
        theirs = grams(b, n)
    runs: list[tuple[int, int]] = []
    start = None
    for i in range(len(a) - n + 1):
        if a[i:i + n] in theirs:
            if start is None:
                start = i
        elif start is not None:
            runs.append((start, i - 1 + n))
            start = None
    if start is not None:
        runs.append((start, len(a)))
    runs.sort(key=lambda r: r[0] - r[1])
    out = []
    for s, e in runs[:limit]:
        if e - s >= shortest:
            passage = a[s:e]
            out.append(passage if len(passage) <= 80 else passage[:78] + "…")
    return out


def _problems(body: Any) -> list[dict[str, Any]]:
    report = body.input
    if report is None:
        return []
    return [{"text": p.text, "actions": list(p.actions or [])} for p in (report.problems.current or [])]


def check_previous(audit: Any, sections: Any, previous: Any) -> None:
    """Add the year-to-year findings and the overlap with last year's narrative to ``audit``."""
    from .audit import narrative_of

    body = audit.body
    five = sections.of("五")
    file = body.file
    audit.previous_file = previous.file
    mine, theirs = narrative_of(body), narrative_of(previous)
    share = contained(mine, theirs)
    audit.overlap_previous = share
    audit.passages_previous = shared_passages(mine, theirs)
    if share > LAST_YEAR_LIMIT:
        audit.findings.append(Finding(
            "A-OVERLAP-PREV", "warning", Location(file=file),
            f"正文与上年度报告重复{share:.1%}，超过评估的50%限度", expected="不超过50%", actual=f"{share:.1%}",
            hint="重复最长的段落：" + " / ".join(audit.passages_previous[:3])))
    last_problems = _problems(previous)
    if five and last_problems:
        compact = "".join(five.split())
        if not _REVIEW_PART.search(compact):
            audit.findings.append(Finding(
                "A-PREV-REVIEW", "error", sections.place(sections.spans["五"][0], file, quote=sections.headings["五"]),
                f"五中没有上年度问题的改进情况；上年度报告列有{len(last_problems)}个问题，应逐项说明",
                expected=f"逐项说明{len(last_problems)}个问题的改进情况", actual="（无）"))
        else:
            for i, problem in enumerate(last_problems, 1):
                words = "".join(problem["text"].split())
                if contained(words, compact, 4) < REVIEWED:
                    audit.findings.append(Finding(
                        "A-PREV-REVIEW", "warning",
                        sections.place(sections.spans["五"][0], file, quote=sections.headings["五"]),
                        f"上年度报告的第{i}个问题没有在五中逐项说明改进情况：“{words[:60]}”",
                        expected="说明该问题的改进情况", actual="（未提及）"))
    last_measures = "".join("".join(m.split()) for p in last_problems for m in p["actions"])
    if last_measures:
        for problem in _problems(body):
            for measure in problem["actions"]:
                words = "".join(measure.split())
                if len(words) >= 15 and contained(words, last_measures) >= COPIED:
                    pos = sections.text.find(measure[:12]) if measure[:12] in sections.text else \
                        sections.spans.get("五", (0, 0))[0]
                    audit.findings.append(Finding(
                        "A-MEASURE-COPIED", "warning", sections.place(max(pos, 0), file, quote=words[:80]),
                        "本年度的改进措施与上年度报告的措施基本相同（照抄）", expected="针对本年度问题的措施",
                        actual=f"与上年度措施重复{contained(words, last_measures):.0%}"))
