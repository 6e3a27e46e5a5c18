"""The words around a report's tables: the body and year in its title, the 信息处理费 of section 六, and
section 五's problems with their measures (as that year's ``problems.current``)."""

from __future__ import annotations

import re
from typing import Any

from .reading import Reader


TITLE = re.compile(r"(?P<name>[\u4e00-\u9fff（）()]{2,40}?)(?P<year>20\d\d)年(?:度)?政府信息公开(?:工作)?年度?报告")
_FEE_WORD = r"信息(?:公开)?处理费"
FEE_NONE = re.compile(rf"(?:未|没有|无)(?:产生|收取|收)?[^。；]{{0,12}}{_FEE_WORD}|{_FEE_WORD}[^。；]{{0,8}}(?:为零|0元|未收取|无)")
FEE = re.compile(rf"{_FEE_WORD}[^。；\d]{{0,12}}(\d+(?:\.\d+)?)元")
_ORDINAL = re.compile(r"(?:^|(?<=[：:；;。\n]))\s*(?:[一二三四五六七八九十]+是|\d+[.、．]|（\d+）)")


def _items(paragraph: str) -> list[str]:
    """The enumerated items of a paragraph (一是…；二是… or 1.… 2.…), or [] when it enumerates nothing."""
    starts = [m for m in _ORDINAL.finditer(paragraph)]
    if len(starts) < 2:
        return []
    items = []
    for i, m in enumerate(starts):
        end = starts[i + 1].start() if i + 1 < len(starts) else len(paragraph)
        items.append(paragraph[m.end():end].strip().rstrip("；;。").strip())
    return [item for item in items if item]


_MEASURE_INTRO = re.compile(r"将|下一步|拟|措施|改进|整改|做好")


_SUBHEAD = re.compile(r"^[（(][一二][）)](?:存在的主要问题|存在问题|主要问题|下一步的?改进措施|改进措施|整改措施|改进情况)?[：:。]?")
_FIRST = re.compile(r"一是|1[.、．]|（1）")


def _split_measures(part: str) -> tuple[str, str]:
    """A paragraph that states the problems and then introduces the measures (“…等问题。2023年，我局将…：
    一是…”, or a second 一是… after the problems' own 一是…三是): split before the sentence that introduces
    the measures' enumeration."""
    starts = [m for m in _ORDINAL.finditer(part) if _FIRST.match(part, m.end() - len(m.group().strip()))
              or _FIRST.search(m.group())]
    for first in starts:
        start = part.rfind("。", 0, first.start()) + 1
        if not part[start:first.start()].strip():  # “…努力予以改进。一是…”: the intro is the sentence before
            start = part.rfind("。", 0, max(start - 1, 0)) + 1
        if start > 0 and _MEASURE_INTRO.search(part[start:first.start()]):
            return part[:start], part[start:]
    return part, ""


def _stated_problem(part: str) -> str:
    """The problem of a paragraph that does not enumerate: what follows its last colon or 主要存在."""
    part = part.strip().rstrip("。")
    for marker in ("主要存在", "主要表现在：", "主要表现为", "：", "，如", "。如"):
        if marker in part:
            part = part.rsplit(marker, 1)[1]
    return part.strip("：，。 ")


def section_five(reader: Reader, text: str) -> list[dict[str, Any]]:
    """Section 五's problems with their measures as ``actions`` (this year's problems.current)."""
    start = text.find("五、存在的主要问题")
    end = text.find("六、其他需要报告的事项")
    if start < 0:
        reader.warn("I-PROBLEMS", "页面中没有“五、存在的主要问题及改进情况”，未读取问题")
        return []
    body = text[start:end if end > start else len(text)]
    body = re.sub(r"^五、存在的主要问题及改进(?:情况|措施)?", "", body)
    body = re.sub(r"(?=[（(][一二][）)])", "\n", body)  # a crawled page runs the sub-heads into one line
    paragraphs = [p.strip() for p in body.split("\n") if p.strip()]
    if not paragraphs:
        return []
    heads = [i for i, p in enumerate(paragraphs) if re.match(r"[（(][一二][）)]", p)]
    this_year = next((i for i in heads if "本年度" in paragraphs[i][:20]), None)
    if this_year is not None and any("上年度" in paragraphs[i][:20] for i in heads):
        # The format's good practice: （一）上年度存在问题的改进情况 （二）本年度存在的主要问题及改进措施
        return _labelled_items(reader, paragraphs[this_year + 1:])

    def under(i: int, j: int) -> str:
        """A sub-head's text: what follows its title, and the paragraphs up to the next sub-head."""
        lead = _SUBHEAD.sub("", paragraphs[i], count=1)
        return " ".join([lead] + paragraphs[i + 1:j]).strip()

    if len(heads) >= 2:  # （一）存在问题 …（二）整改措施 …
        problem_part = under(heads[0], heads[1])
        measure_part = under(heads[1], len(paragraphs))
    else:
        problem_part, measure_part = paragraphs[0], " ".join(paragraphs[1:])
        problem_part, inline = _split_measures(problem_part)  # problems and measures in one paragraph
        measure_part = " ".join(x for x in (inline, measure_part) if x)
    problem_items = _items(problem_part)
    measure_items = _items(measure_part)
    if not problem_items:
        stated = _stated_problem(problem_part)
        if not stated:
            reader.warn("I-PROBLEMS", "第五部分没有能够单独读出的问题表述，未读取问题")
            return []
        problem_items = [stated]
    if not measure_items and measure_part:
        measure_items = [measure_part.strip().rstrip("。")]
    if len(problem_items) == len(measure_items):
        pairs = [(p, [m]) for p, m in zip(problem_items, measure_items)]
    elif len(problem_items) == 1:
        pairs = [(problem_items[0], measure_items)]
    else:
        reader.warn("I-PAIRING", f"五列出{len(problem_items)}个问题、{len(measure_items)}条措施，无法一一对应；"
                    "问题照录，措施请在 actions 中自行对应", actual="；".join(measure_items)[:200])
        pairs = [(p, []) for p in problem_items]
    for i in range(len(pairs)):
        reader.sources[f"problems.current[{i}]"] = "五"
    return [{"text": p, **({"actions": a} if a else {})} for p, a in pairs]


def agency_kind(name: str) -> tuple[str, str]:
    if re.search(r"(人民政府|镇|乡|街道(办事处)?|片区管理局|管理委员会|管委会)$", name):
        level = "township" if re.search(r"(镇|乡|街道(办事处)?|片区管理局)$", name) else "county"
        return "government", level
    return "department", "county"



_PROBLEM_LABEL = re.compile(r"^(?:\d+[.、．])?(?:存在的?问题|问题表现|具体表现|主要问题|不足之处|问题)[：:]")
_MEASURE_LABEL = re.compile(r"(?:拟采取的措施|下一步措施|改进措施|整改措施|整改方向|改进安排|改进打算|措施)[：:]")


def _labelled_items(reader: Reader, paragraphs: list[str]) -> list[dict[str, Any]]:
    """This year's problems laid out one per numbered paragraph, each “问题：… 改进措施：…”."""
    items = [p for p in paragraphs if re.match(r"\d+[.、．]", p)] or paragraphs[1:2]
    out = []
    for i, item in enumerate(items):
        body = re.sub(r"^\d+[.、．]", "", item)
        body = _PROBLEM_LABEL.sub("", body, count=1)
        problem, measure = body, ""
        match = _MEASURE_LABEL.search(body)
        if match:
            problem, measure = body[:match.start()], body[match.end():]
        problem = problem.strip().rstrip("。")
        if not problem or problem.startswith("【待补充"):
            continue
        actions = _items(measure) or ([measure.strip().rstrip("。")] if measure.strip() else [])
        actions = [a for a in actions if not a.startswith("【待补充")]
        reader.sources[f"problems.current[{len(out)}]"] = f"五（二）第{i + 1}项"
        out.append({"text": problem, **({"actions": actions} if actions else {})})
    return out


#: Facts of section 一 that a sentence can state unambiguously: (section, key, pattern). The first match in
#: 一 is taken, with its sentence as the source; an approximate count keeps its 余.
_FACT_PATTERNS: tuple[tuple[str, str, str], ...] = (
    ("active_disclosure", "items_published", r"主动(?:公开|发布)(?:各类)?政府信息(?:共)?(\d+(?:余|多)?)条"),
    ("active_disclosure", "policy_interpretations", r"(?:发布|开展|制作)[^。，；]{0,6}政策解读(?:材料)?(?:共)?(\d+)篇"),
    ("active_disclosure", "press_conferences", r"(?:召开|举办)(?:各类)?新闻发布会(?:共)?(\d+)场"),
    ("platforms", "new_media_posts", r"政务新媒体[^。；]{0,10}发布(?:各类)?信息(?:共)?(\d+(?:余|多)?)条"),
    ("oversight", "trainings", r"(?:组织|开展|举办)[^。，；]{0,10}培训(?:共)?(\d+)(?:次|场|期)"),
)


def facts_from_text(reader: Reader, text: str) -> dict[str, Any]:
    """The counted facts section 一 states in so many words (主动公开政府信息3418条 …), each with its sentence."""
    start, end = text.find("一、总体情况"), text.find("二、主动公开政府信息情况")
    if start < 0:
        return {}
    one = text[start:end if end > start else len(text)]
    out: dict[str, Any] = {}
    for section, key, pattern in _FACT_PATTERNS:
        match = re.search(pattern, one)
        if match is None:
            continue
        value = match.group(1)
        out.setdefault(section, {})[key] = int(value) if value.isdigit() else value
        left = one.rfind("。", 0, match.start()) + 1
        right = one.find("。", match.end())
        reader.sources[f"facts.{section}.{key}"] = f"一：“{one[left:right + 1 if right >= 0 else len(one)].strip()}”"
    return out
