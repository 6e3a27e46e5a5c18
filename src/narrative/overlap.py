"""Text overlap as evaluators measure 雷同: the share of one narrative's character 5-grams found in another.

Only the narrative counts (the paragraphs of 一、五、六; no headings, no tables, no preface), with every
【待补充：…】 left out (the clerk replaces them) and white space removed. Between two bodies the overlap is the
larger of the two directions, so a short draft copied into a long one is still caught.
"""

from __future__ import annotations

from itertools import combinations
from statistics import median
from typing import Any

from .draft import TODO_RE, Draft

N = 5


def narrative_text(draft: Draft) -> str:
    """The narrative paragraphs of a draft, to-dos removed, as one string without white space."""
    parts = [p.text for s in draft.sections if s.number in ("一", "五", "六") for part in s.parts
             for p in part.paragraphs]
    return "".join(TODO_RE.sub("", "".join(parts)).split())


def grams(text: str, n: int = N) -> set[str]:
    text = "".join(text.split())
    return {text[i:i + n] for i in range(len(text) - n + 1)}


def contained(this: str, other: str, n: int = N) -> float:
    """The share of ``this`` text's n-grams that also occur in ``other`` (0 for an empty text)."""
    mine = grams(this, n)
    return len(mine & grams(other, n)) / len(mine) if mine else 0.0


def between(a: str, b: str, n: int = N) -> float:
    """Overlap of two bodies' narratives: the larger of the two containments."""
    return max(contained(a, b, n), contained(b, a, n))


def pairwise(texts: list[str], n: int = N) -> dict[str, Any]:
    """Median and maximum overlap over every pair of ``texts`` (two or more)."""
    values = [between(a, b, n) for a, b in combinations(texts, 2)]
    return {"pairs": len(values), "median": median(values), "max": max(values)}


def table_only_narratives(profile: str, n: int = 14) -> list[str]:
    """Narratives of ``n`` different bodies (distinct names) drafted from their tables alone (no facts, no
    problems), drawn derandomized from :func:`narrative.testing.raw_reports` with ``profile``: the same
    set on every run, for the overlap benchmark and its test."""
    import copy

    from .generate import generate
    from .loader import load
    from .testing import sample_documents

    seen: set[str] = set()
    texts: list[str] = []
    for doc in sample_documents(6 * n, derandomize=True, previous=False, profile=profile):
        if doc["agency"]["name"] in seen or len(texts) == n:
            continue
        seen.add(doc["agency"]["name"])
        doc = {k: v for k, v in copy.deepcopy(doc).items() if k not in ("facts", "problems", "publication")}
        texts.append(narrative_text(generate(load(doc))))
    return texts


#: Evaluators deduct when more than this share of a report repeats last year's (domain.md: 宿迁 2025).
LAST_YEAR_LIMIT = 0.5


def published_narrative(path: str) -> str:
    """The narrative of a published report (a web page, crawled text, Word or PDF): sections 一 and 五–六,
    without the tables, white space removed."""
    from pathlib import Path

    from .findings import Finding, Location, NarrativeError

    file = Path(path)
    if file.suffix.lower() not in (".txt", ".html", ".htm", ".docx", ".pdf"):
        raise NarrativeError([Finding("L-FORMAT", "error", Location(file=str(file)),
                                      "上年度报告应为网页（.html/.htm）、网页抓取文本（.txt）、Word（.docx）或 PDF（.pdf）")])
    from .importer import load_page

    text = load_page(file).text
    text = "".join(text.split())
    one = text.find("一、总体情况")
    two = text.find("二、主动公开政府信息情况", one + 1)
    five = text.find("五、存在的主要问题", max(two, 0))
    end = text.find("附件下载", five) if five >= 0 else -1
    parts = [text[one:two] if 0 <= one < two else "", text[five:end if end > five else len(text)] if five >= 0 else ""]
    return "".join(parts)


def against_published(draft: Draft, path: str) -> tuple[float, Any]:
    """The share of the draft's narrative 5-grams found in last year's published narrative, and a D-OVERLAP
    warning when it exceeds what evaluators allow."""
    from .findings import Finding, Location

    share = contained(narrative_text(draft), published_narrative(path))
    finding = None
    if share > LAST_YEAR_LIMIT:
        finding = Finding("D-OVERLAP", "warning", Location(file=path),
                          f"草稿正文与上年度报告重复{share:.1%}，超过评估的50%限度；请改写重复的段落",
                          expected="不超过50%", actual=f"{share:.1%}")
    return share, finding
