"""The audit's text-against-tables check: every figure of a report's text that names a table quantity is
matched to its cell or to a documented derivation (sums, shares of a total, year-on-year differences and
percentages), and every total the text adds up itself is added up again.

A figure is read as ``<number><unit>`` (件、条、万元、% …). The quantity it names is the nearest table word
before it in its clause (新收…申请, 上年结转, 办结, 予以公开, 行政复议, 维持, 行政规范性文件 with 制发/废止/有效 …);
a figure with no such word (items published, trainings, press conferences) is not a table figure and is left
alone. Words that change the scope are recognised: 收到申请 may count 新收 or 新收+上年结转, 行政诉讼 may count
both kinds of suit, and a sentence about 全市/全区/各部门 speaks of more than this body's table. A figure that
matches its quantity is right; one that matches only another reading is a warning (A-FIGURE-SCOPE) naming
both; one that matches nothing is an error (A-FIGURE). A figure the audit cannot verify (a year-on-year change
without last year's report) is never guessed at.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from collections.abc import Callable

from .findings import Finding

_UNIT = r"(万元|元|件次|件|个百分点|个|份|条|篇|项|次|场|宗|起|部|人次|%)"
TOKEN = re.compile(rf"(?<![\d.])(\d+(?:\.\d+)?)(余|多)?{_UNIT}")
#: Applications and cases are counted in 件 (and, loosely, 个/份/宗/起/项; 条 only right after 申请).
_CASE_UNITS = {"件", "个", "份", "宗", "起", "项"}
_WIDER = re.compile(r"全市|全区|全县|全省|全州|全盟|全旗|全镇|全乡|各级|各部门|各单位|各乡镇|系统内|全系统|全辖区")
_SENTENCE = re.compile(r"[^。；;！？\n]+[。；;！？]?")
_PREV_WORD = re.compile(r"上年|去年|上一年|上年度")


@dataclass(frozen=True)
class Quantity:
    """A table quantity: its name in a finding and how to compute it from an input."""

    name: str
    get: Callable[[Any], Any]
    units: frozenset[str]


def _row(report: Any, key: str) -> Any:
    apps = report.applications
    if key == "results":
        return apps.results.total if apps.results.total is not None else None
    return getattr(apps, key)


def _row_total(row: Any) -> int:
    return row.total if row.total is not None else row.sum


def _done(report: Any) -> int:
    total = report.applications.results.total
    return _row_total(total) if total is not None else report.applications.results.sum


def _group(name: str) -> Callable[[Any], int]:
    return lambda r: r.applications.results.group_sum(name)


def _leaf(group: str, leaf: str) -> Callable[[Any], int]:
    return lambda r: _row_total(getattr(getattr(r.applications.results, group), leaf))


def _outcome(group: str, field: str) -> Callable[[Any], int]:
    def get(r: Any) -> int:
        rl = r.review_litigation
        if group == "litigation":
            return sum(_outcome(g, field)(r) for g in ("litigation_direct", "litigation_after_review"))
        node = getattr(rl, group)
        if field == "total":
            return node.total if node.total is not None else node.sum
        return getattr(node, field)
    return get


CASES = frozenset(_CASE_UNITS)
DOCS = frozenset({"件", "个", "份", "部", "项"})
DECISIONS = frozenset({"件", "个", "项", "起", "宗", "件次"})

Q: dict[str, Quantity] = {
    "new": Quantity("本年新收申请（表三一、总计）", lambda r: _row_total(r.applications.new_received), CASES),
    "carried": Quantity("上年结转申请（表三二、总计）", lambda r: _row_total(r.applications.carried_over), CASES),
    "new+carried": Quantity("本年新收加上年结转（表三一+二）",
                            lambda r: _row_total(r.applications.new_received) + _row_total(r.applications.carried_over),
                            CASES),
    "done": Quantity("办理结果总计（表三（七）总计）", _done, CASES),
    "forward": Quantity("结转下年度继续办理（表三四、总计）", lambda r: _row_total(r.applications.carried_forward), CASES),
    "disclosed": Quantity("予以公开（表三三（一））", lambda r: _row_total(r.applications.results.disclosed), CASES),
    "partial": Quantity("部分公开（表三三（二））", lambda r: _row_total(r.applications.results.partially_disclosed), CASES),
    "not_disclosed": Quantity("不予公开（表三三（三）各项之和）", _group("not_disclosed"), CASES),
    "cannot_provide": Quantity("无法提供（表三三（四）各项之和）", _group("cannot_provide"), CASES),
    "not_processed": Quantity("不予处理（表三三（五）各项之和）", _group("not_processed"), CASES),
    "other": Quantity("其他处理（表三三（六）各项之和）", _group("other"), CASES),
    "not_held": Quantity("本机关不掌握相关政府信息（表三三（四）1）", _leaf("cannot_provide", "not_held"), CASES),
    "natural": Quantity("本年新收·自然人（表三一、自然人）", lambda r: r.applications.new_received.natural_person, CASES),
    "legal": Quantity("本年新收·法人或其他组织（表三一、五列之和）",
                      lambda r: sum(r.applications.new_received.cells()[1:]), CASES),
    "review": Quantity("行政复议总计（表四）", _outcome("review", "total"), DECISIONS),
    "litigation": Quantity("行政诉讼总计（表四：直接起诉+复议后起诉）", _outcome("litigation", "total"), DECISIONS),
    "direct": Quantity("未经复议直接起诉总计（表四）", _outcome("litigation_direct", "total"), DECISIONS),
    "after": Quantity("复议后起诉总计（表四）", _outcome("litigation_after_review", "total"), DECISIONS),
    "review+litigation": Quantity("行政复议与行政诉讼合计（表四）",
                                  lambda r: _outcome("review", "total")(r) + _outcome("litigation", "total")(r), DECISIONS),
    "regulations.issued": Quantity("规章本年制发件数（表二）", lambda r: r.active_disclosure.regulations.issued, DOCS),
    "regulations.repealed": Quantity("规章本年废止件数（表二）", lambda r: r.active_disclosure.regulations.repealed, DOCS),
    "regulations.in_force": Quantity("规章现行有效件数（表二）", lambda r: r.active_disclosure.regulations.in_force, DOCS),
    "normative.issued": Quantity("行政规范性文件本年制发件数（表二）",
                                 lambda r: r.active_disclosure.normative_documents.issued, DOCS),
    "normative.repealed": Quantity("行政规范性文件本年废止件数（表二）",
                                   lambda r: r.active_disclosure.normative_documents.repealed, DOCS),
    "normative.in_force": Quantity("行政规范性文件现行有效件数（表二）",
                                   lambda r: r.active_disclosure.normative_documents.in_force, DOCS),
    "licensing": Quantity("行政许可本年处理决定数量（表二）", lambda r: r.active_disclosure.licensing, DECISIONS),
    "punishment": Quantity("行政处罚本年处理决定数量（表二）", lambda r: r.active_disclosure.punishment, DECISIONS),
    "coercion": Quantity("行政强制本年处理决定数量（表二）", lambda r: r.active_disclosure.coercion, DECISIONS),
    "admin_fees": Quantity("行政事业性收费（表二，万元）", lambda r: r.active_disclosure.administrative_fees,
                           frozenset({"万元"})),
    "fee": Quantity("信息处理费（六，元）", lambda r: r.fees.information_processing_fee_yuan, frozenset({"元"})),
}
for _g, _label in (("review", "行政复议"), ("litigation", "行政诉讼"), ("litigation_direct", "直接起诉"),
                   ("litigation_after_review", "复议后起诉")):
    for _f, _word in (("upheld", "结果维持"), ("corrected", "结果纠正"), ("other", "其他结果"), ("pending", "尚未审结")):
        Q[f"{_g}.{_f}"] = Quantity(f"{_label}·{_word}（表四）", _outcome(_g, _f), DECISIONS)

#: Table words: (pattern, quantity, alternative readings). The nearest word before a figure names it.
_APPLY = r"(?:政府信息公开|信息公开|依申请公开)?(?:的)?申请"
WORDS: tuple[tuple[re.Pattern[str], str, tuple[str, ...]], ...] = tuple(
    (re.compile(p), q, alts) for p, q, alts in (
        (r"(?:新收|新受理|新接收|新增)[^，。；：]{0,14}?申请", "new", ("new+carried",)),
        (r"(?:需|需要|应|共需)办理的?(?:政府信息公开)?(?:申请)?", "new+carried", ()),
        (r"(?:收到|受理|接收|接到|登记)[^，。；：]{0,14}?申请", "new", ("new+carried",)),
        (r"上年结转|结转上年度?|上年度结转|上一年度结转|上年度未办结|上年度遗留", "carried", ()),
        (r"办理[^，。；：]{0,6}?申请|办理依申请公开", "done", ("new", "new+carried")),
        (r"办结|答复完毕|办理完结|作出答复|予以答复|已答复", "done", ("new", "new+carried")),
        (r"结转下一?年度?(?:继续办理)?的?(?:政府信息公开)?(?:申请)?|转入\d{4}年的?(?:申请)?|结转至\d{4}年|"
         r"(?:尚在|正在|仍在)办理中?的?(?:政府信息公开)?(?:申请)?|未能?办结的?(?:申请)?", "forward", ()),
        (r"予以公开|同意公开|全部公开", "disclosed", ()),
        (r"部分公开", "partial", ()),
        (r"不予公开", "not_disclosed", ()),
        (r"无法提供", "cannot_provide", ()),
        (r"不予处理", "not_processed", ()),
        (r"其他处理", "other", ()),
        (r"不掌握", "not_held", ()),
        (r"不掌握[^，。；]{0,10}?无法提供的?(?:政府信息公开)?(?:申请)?", "not_held", ()),
        (r"另行制作", "leaf:cannot_provide.needs_compilation", ()),
        (r"补正后(?:申请内容)?仍不明确", "leaf:cannot_provide.unclear_after_supplement", ()),
        (r"国家秘密", "leaf:not_disclosed.state_secret", ()),
        (r"三安全一稳定", "leaf:not_disclosed.three_safeties_one_stability", ()),
        (r"第三方合法权益|第三方", "leaf:not_disclosed.third_party_rights", ()),
        (r"内部事务", "leaf:not_disclosed.internal_affairs", ()),
        (r"过程性信息", "leaf:not_disclosed.process_information", ()),
        (r"行政执法案卷", "leaf:not_disclosed.enforcement_files", ()),
        (r"行政查询", "leaf:not_disclosed.administrative_query", ()),
        (r"信访举报投诉|信访、举报、投诉", "leaf:not_processed.complaint_petition", ()),
        (r"重复申请", "leaf:not_processed.repeated_request", ()),
        (r"公开出版物", "leaf:not_processed.public_publication", ()),
        (r"大量反复", "leaf:not_processed.excessive_requests", ()),
        (r"确认或重新出具", "leaf:not_processed.confirm_or_reissue", ()),
        (r"逾期不补正", "leaf:other.overdue_supplement", ()),
        (r"补正后(?:申请内容)?仍不明确或(?:申请人)?逾期不补正而?(?:终止|结束|不再)?(?:办理)?的?(?:申请)?(?:的有|有)?",
         "leaf:cannot_provide.unclear_after_supplement+leaf:other.overdue_supplement", ()),
        (r"逾期未按收费通知|未缴纳费用|逾期未缴费", "leaf:other.overdue_fee", ()),
        (r"自然人", "natural", ()),
        (r"法人或其他组织|法人和其他组织", "legal", ()),
        (r"行政复议", "review", ("review+litigation",)),
        (r"行政诉讼|提起诉讼|诉讼案件|(?<=[、和与及或])诉讼|人民法院|法院", "litigation",
         ("direct", "after", "review+litigation")),
        (r"复议(?=[、和与及或]|案件)", "review", ("review+litigation",)),
        (r"直接起诉|未经复议", "direct", ()),
        (r"复议后起诉", "after", ()),
        (r"行政许可", "licensing", ()),
        (r"行政处罚", "punishment", ()),
        (r"行政强制", "coercion", ()),
        (r"行政事业性收费", "admin_fees", ()),
        (r"信息(?:公开)?处理费", "fee", ()),
    ))
#: Outcome words of table 4, read within the group last named in the sentence.
OUTCOMES = ((re.compile(r"维持"), "upheld"), (re.compile(r"纠正|纠错"), "corrected"),
            (re.compile(r"其他结果"), "other"), (re.compile(r"尚未审结|未审结|审理中"), "pending"))
GROUPS = {"review": "review", "litigation": "litigation", "direct": "litigation_direct",
          "after": "litigation_after_review"}
#: Table 2's document rows: the kind of document and what happened to it.
_DOC_KIND = re.compile(r"规范性文件|规章")
_DOC_VERB = ((re.compile(r"制发|印发|出台|制定|发布|新制"), "issued"), (re.compile(r"废止"), "repealed"),
             (re.compile(r"现行有效|有效状态|有效的|现行"), "in_force"))


@dataclass
class Figure:
    pos: int  # in the report text
    end: int
    value: Decimal
    approx: bool
    unit: str
    quantity: str | None = None
    alts: tuple[str, ...] = ()
    when: str = "this"  # this | prev | diff
    wider: bool = False


def _decimal(text: str) -> Decimal:
    return Decimal(text)


def _matches(value: Decimal, table: Any, approx: bool, unit: str) -> bool:
    if table is None:
        return False
    table = Decimal(str(table))
    if approx:
        return table >= value
    if value == table:
        return True
    if unit in ("万元", "元") and "." in str(value) or (unit in ("万元", "元") and "." in str(table)):
        places = -value.as_tuple().exponent if value.as_tuple().exponent < 0 else 0  # type: ignore[operator]
        return abs(table - value) <= Decimal(1).scaleb(-places) / 2
    return False


def _percent_ok(value: Decimal, part: Decimal, base: Any) -> bool:
    if not base:
        return False
    exact = part * 100 / Decimal(str(base))
    places = -value.as_tuple().exponent if value.as_tuple().exponent < 0 else 0  # type: ignore[operator]
    return abs(exact - value) <= Decimal(1).scaleb(-places) / 2 + Decimal("1e-9")


def _group_before(sentence: str, pos: int) -> list[str]:
    """The table-4 group (行政复议, 行政诉讼, 直接起诉, 复议后起诉) a figure at ``pos`` belongs to: the last one
    named before it, not counting what a closed parenthesis said (“行政诉讼9件（直接起诉6件、复议后起诉3件），
    其中结果维持5件” is about 行政诉讼)."""
    prefix = sentence[:pos]
    while True:
        shorter = re.sub(r"[（(][^（）()]*[)）]", "", prefix)
        if shorter == prefix:
            break
        prefix = shorter
    mentions: list[tuple[int, int, str]] = []
    for pattern, quantity, _ in WORDS:
        if quantity not in GROUPS:
            continue
        for w in pattern.finditer(prefix):
            mentions.append((w.end(), w.end() - w.start(), quantity))
    if not mentions:
        return []
    mentions.sort()
    last_two = {q for _, _, q in mentions[-2:]}
    if last_two == {"direct", "after"} and any(q == "litigation" for _, _, q in mentions):
        return ["litigation"]  # “行政诉讼217件，未经复议直接起诉103件、复议后起诉114件，结果维持65件”
    if len(mentions) >= 2 and len(last_two) == 2:
        (end1, _, q1), (end2, len2, q2) = mentions[-2], mentions[-1]
        if re.fullmatch(r"[、和与及或]|以及", prefix[end1:end2 - len2]):
            return sorted({q1, q2})  # “从行政复议、行政诉讼的结果看，…结果为纠正的案件共8件”
    return [mentions[-1][2]]


def _combo(window: str, spans: list[tuple[int, int, str, tuple[str, ...]]]) -> str | None:
    """Two or more table words joined by 和/与/及/或/、 and then totalled (“予以公开和部分公开合计”)."""
    if len(spans) < 2 or not re.search(r"合计|共计|共|合|总计|之和", window):
        return None
    ordered = sorted(spans)
    last_end, chosen = ordered[-1][0], [ordered[-1]]
    for span in reversed(ordered[:-1]):
        start_of_next = chosen[0][0] - chosen[0][1]
        if span[0] <= start_of_next and re.fullmatch(r"[和与及或、]|以及", window[span[0]:start_of_next]):
            chosen.insert(0, span)
    if len(chosen) < 2 or last_end < len(window) - 8:
        return None
    keys = [q for _, _, q, _ in chosen]
    return "+".join(keys) if len(set(keys)) == len(keys) else None


def read_figures(sentence: str, offset: int, year: int | None) -> list[Figure]:
    """The figures of one sentence with the table quantity each names (None: not a table figure)."""
    out: list[Figure] = []
    doc_kind: str | None = None
    respective: list[tuple[str, tuple[str, ...]]] = []
    last_end = 0
    wider = bool(_WIDER.search(sentence))
    for m in TOKEN.finditer(sentence):
        value, approx, unit = _decimal(m.group(1)), bool(m.group(2)), m.group(3)
        whole = sentence[last_end:m.start()]
        cut = max(whole.rfind(c) for c in "，,：:")  # the figure's own clause
        window = whole[cut + 1:] if cut >= 0 and not re.fullmatch(r"[（(]?(?:占|合计|共计|共|总计)", whole[cut + 1:]) \
            else whole
        after = sentence[m.end():m.end() + 10]
        before_figure = out[-1] if out else None
        last_end = m.end()
        fig = Figure(offset + m.start(), offset + m.end(), value, approx, unit, wider=wider)
        out.append(fig)
        if sentence[max(0, m.start() - 1):m.start()] == "第" or unit == "个百分点":
            continue
        if unit in ("个", "项", "份") and after and not re.match(r"[，。；、）)：:\s]|申请|政府信息公开申请|$", after):
            continue  # “3个工作日”, “31个账号”: the figure counts something else
        if re.match(r"工作日|日|天|小时|月|周|年", after):
            continue
        if before_figure is not None and before_figure.unit == "%" and re.match(r"的", whole):
            continue  # “14.3%的办结申请（6件）因补正后仍不明确…”: the words after the figure say what it counts
        spans: list[tuple[int, int, str, tuple[str, ...]]] = []
        for pattern, quantity, alts in WORDS:
            for w in pattern.finditer(window):
                spans.append((w.end(), w.end() - w.start(), quantity, alts))
        for w in _DOC_KIND.finditer(window):
            doc_kind = "regulations" if w.group() == "规章" else "normative"
        chosen: tuple[str, tuple[str, ...]] | None = None
        if re.search(r"中(?:，)?(?:有|共有)?$", window):
            # “办结的申请中有1件因不掌握相关政府信息而无法提供”: a part of what went before, said after the figure
            clause = re.split(r"[，。；,]", sentence[m.end():], maxsplit=1)[0]
            later = [(w.start(), -(w.end() - w.start()), q, a) for p, q, a in WORDS for w in p.finditer(clause)]
            if not later:
                continue
            _, _, quantity, alts = min(later)
            spans, chosen = [], (quantity, alts)
        elif "分别" in window and len(spans) >= 2:
            respective = [(q, a) for _, _, q, a in sorted(spans)]
            chosen = respective.pop(0)
        elif respective and not spans:
            chosen = respective.pop(0)
        elif spans:
            combo = _combo(window, spans)
            if combo:
                chosen = (combo, ())
            else:
                _, _, quantity, alts = max(spans)
                chosen = (quantity, alts)
        # an outcome of table 4 (维持、纠正 …) before the figure, or right after it (“1件被判决纠正”)
        outcome_at = max(((w.end(), f) for p, f in OUTCOMES for w in p.finditer(window)), default=None)
        after_outcome = re.match(r"被[^，。；]{0,6}?(维持|纠正|纠错)", after)
        outcome = None
        open_paren = max(sentence.rfind("（", 0, m.start()), sentence.rfind("(", 0, m.start()))
        inside = open_paren > max(sentence.rfind("）", 0, m.start()), sentence.rfind(")", 0, m.start()))
        if outcome_at and (not spans or max(spans)[0] <= outcome_at[0]
                           or re.search(r"结果为|被", window[:outcome_at[0]])):
            outcome = outcome_at[1]
        elif after_outcome:
            outcome = "upheld" if after_outcome.group(1) == "维持" else "corrected"
        elif inside and spans:  # “…结果为纠正（行政复议17件、行政诉讼10件）”: the outcome before the parenthesis
            outer = sentence[:open_paren]
            outer = outer[max(outer.rfind(c) for c in "，,：:；") + 1:]
            found = max(((w.end(), f) for p, f in OUTCOMES for w in p.finditer(outer)), default=None)
            outcome = found[1] if found else None
        if outcome:
            groups = sorted({q for _, _, q, _ in spans if q in GROUPS})
            if inside and spans and max(spans)[2] in GROUPS:
                groups = [max(spans)[2]]
            if len(groups) >= 2 and re.search(r"[和与及或、]", window):
                chosen = ("+".join(f"{GROUPS[g]}.{outcome}" for g in groups), ())
            else:
                found = groups if len(groups) == 1 else _group_before(sentence, m.start())
                if found:
                    chosen = ("+".join(f"{GROUPS[g]}.{outcome}" for g in found), ())
        verbs = [(w.end(), v) for p, v in _DOC_VERB for w in p.finditer(window)]
        verb = max(verbs)[1] if verbs else None
        if verb and doc_kind and "清理" not in sentence and (chosen is None or not spans or
                                                              chosen[0] in ("licensing", "punishment", "coercion")):
            chosen = (f"{doc_kind}.{verb}", ())
        masked = window
        for pattern, _, _ in WORDS:
            masked = pattern.sub("", masked)
        if chosen is None and re.match(r"(?:申请)?(?:均|全部)?(?:已|已经)?(?:办结|答复|办理完结)", after):
            chosen = ("done", ("new", "new+carried"))
        if chosen is None and re.match(r"(?:申请)?(?:结转下一?年度?|转入下一?年度?)", after):
            chosen = ("forward", ())
        if chosen is None:
            previous = next((f for f in reversed(out[:-1]) if f.quantity), None)
            if previous is not None and re.search(r"(?:增加|减少|增长|下降|上升|增|减|降)(?:了)?(?:到|至)?$", window):
                chosen = (previous.quantity, previous.alts)  # type: ignore[assignment]
            elif previous is not None and re.fullmatch(r"[，,、（(]?(?:合计|共计|共|总计)", window):
                chosen = ("sum", ())
            else:
                continue
        quantity, alts = chosen
        if quantity != "sum" and unit not in units_of(quantity) and not (
                unit == "条" and quantity in ("new", "done") and "申请" in window):
            continue
        fig.quantity, fig.alts = quantity, alts
        if re.search(r"(?:增加|减少|增长|下降|上升|多|少|增|减)(?:了)?$", window):
            fig.when = "diff"
        elif _PREV_WORD.search(masked) or (year and re.search(rf"{year - 1}年", masked)):
            fig.when = "prev"
    return out


def check_figures(body: Any, sections: Any, previous: Any = None) -> list[Finding]:
    """Every table figure of the text against the tables (A-FIGURE, A-FIGURE-SCOPE), the text's own sums and
    shares (A-ARITH), and what the text says did not happen (未收到…申请 with a count in the table)."""
    report = body.input
    text = sections.text
    out: list[Finding] = []
    out += check_sums(body, sections)
    if report is None:
        return out
    prev = previous.input if previous is not None and previous.input is not None \
        and previous.input.year == report.year - 1 else None
    for s in _SENTENCE.finditer(text):
        sentence = s.group()
        figures = read_figures(sentence, s.start(), report.year)
        for i, fig in enumerate(figures):
            if fig.unit == "%":
                out += _check_percent(body, sections, figures, i, report, prev)
                continue
            if fig.quantity is None:
                continue
            if fig.quantity == "sum":
                parts = [f for f in figures[:i] if f.unit == fig.unit and f.quantity not in (None, "sum")
                         and f.when == "this"]
                if len(parts) >= 2 and sum(p.value for p in parts) == fig.value:
                    continue
                if _matches(fig.value, Q["new+carried"].get(report), False, fig.unit):
                    continue
                if len(parts) >= 2:
                    out.append(_finding("A-ARITH", "error", sections, fig, body.file,
                                        f"合计{fig.value}{fig.unit}与前面所列各数之和"
                                        f"{sum(p.value for p in parts)}不符",
                                        expected=str(sum(p.value for p in parts)), actual=str(fig.value)))
                continue
            out += _check_one(body, sections, fig, report, prev)
    out += _check_nothing(body, sections, report)
    return out


def _leaf_quantity(key: str) -> Quantity:
    group, leaf = key[5:].split(".")
    from .labels import labels_for

    label = labels_for(("applications", "results", group, leaf))[-1]
    return Quantity(f"{label}（表三）", _leaf(group, leaf), CASES)


def value_of(quantity: str, report: Any) -> Any:
    """A quantity's value; ``a+b`` for a sum the text names (予以公开和部分公开合计…)."""
    if quantity in Q:
        return Q[quantity].get(report)
    if "+" not in quantity and quantity.startswith("leaf:"):
        return _leaf_quantity(quantity).get(report)
    return sum(Decimal(str(_q(q).get(report))) for q in quantity.split("+"))


def _q(key: str) -> Quantity:
    return Q[key] if key in Q else _leaf_quantity(key)


def name_of(quantity: str) -> str:
    if quantity in Q:
        return Q[quantity].name
    return "与".join(_q(q).name for q in quantity.split("+"))


def units_of(quantity: str) -> frozenset[str]:
    return _q(quantity.split("+")[0]).units


def _check_one(body: Any, sections: Any, fig: Figure, report: Any, prev: Any) -> list[Finding]:
    if not fig.quantity:
        return []
    quantity = Quantity(name_of(fig.quantity), lambda r, q=fig.quantity: value_of(q, r), units_of(fig.quantity))
    if fig.when == "prev":
        if prev is None:
            return []
        target = prev
    elif fig.when == "diff":
        if prev is None:
            return []
        now, before = quantity.get(report), quantity.get(prev)
        if _matches(fig.value, abs(Decimal(str(now)) - Decimal(str(before))), fig.approx, fig.unit):
            return []
        return [_finding("A-FIGURE", "error", sections, fig, body.file,
                         f"正文的同比变化{fig.value}{fig.unit}与表格不符：{quantity.name}本年{now}、上年{before}，"
                         f"相差{abs(Decimal(str(now)) - Decimal(str(before)))}",
                         expected=str(abs(Decimal(str(now)) - Decimal(str(before)))), actual=str(fig.value))]
    else:
        target = report
    expected = quantity.get(target)
    if _matches(fig.value, expected, fig.approx, fig.unit):
        return []
    year = "上年度" if target is prev else ""
    for alt in fig.alts:
        other = Q[alt].get(target)
        if _matches(fig.value, other, fig.approx, fig.unit):
            return [_finding("A-FIGURE-SCOPE", "warning", sections, fig, body.file,
                             f"{fig.value}{fig.unit}按“{Q[alt].name}”与{year}表格相符，按“{quantity.name}”应为"
                             f"{expected}；请写明口径", expected=f"{quantity.name}={expected}",
                             actual=f"{fig.value}（{Q[alt].name}={other}）")]
    if fig.wider:
        return [_finding("A-FIGURE-SCOPE", "warning", sections, fig, body.file,
                         f"这句话所说的范围（全区、各部门等）大于本机关的表格；{year}表格中{quantity.name}为{expected}，"
                         f"正文为{fig.value}{fig.unit}，请核对口径", expected=str(expected), actual=str(fig.value))]
    return [_finding("A-FIGURE", "error", sections, fig, body.file,
                     f"正文为{fig.value}{fig.unit}，{year}表格中{quantity.name}为{expected}",
                     expected=str(expected), actual=f"{fig.value}")]


def _check_percent(body: Any, sections: Any, figures: list[Figure], i: int, report: Any, prev: Any) -> list[Finding]:
    fig = figures[i]
    window_start = figures[i - 1].end if i else None
    text = sections.text
    if i == 0 or window_start is None:
        return []
    before = figures[i - 1]
    window = text[window_start:fig.pos]
    if before.quantity is None or before.quantity == "sum" or before.unit == "%":
        return []
    if re.fullmatch(r"[，,（(、]?占", window):
        bases = [Q["done"].get(report), Q["new"].get(report), Q["new+carried"].get(report)]
        if any(_percent_ok(fig.value, before.value, b) for b in bases):
            return []
        return [_finding("A-FIGURE", "error", sections, fig, body.file,
                         f"{before.value}{before.unit}占{fig.value}%与表格算不拢：以办结总数{bases[0]}为基数应为"
                         f"{before.value * 100 / bases[0]:.1f}%" if bases[0] else
                         f"{before.value}{before.unit}占{fig.value}%与表格算不拢",
                         expected=f"{before.value * 100 / bases[0]:.1f}%" if bases[0] else "—", actual=f"{fig.value}%")]
    if before.when == "diff" and re.fullmatch(r"[，,（(]?(?:增长|下降|上升|减少|增加)", window) and prev is not None:
        base = value_of(before.quantity, prev)
        if base and _percent_ok(fig.value, before.value, base):
            return []
        if base:
            return [_finding("A-FIGURE", "error", sections, fig, body.file,
                             f"同比{fig.value}%与表格算不拢：变化{before.value}÷上年{base}应为"
                             f"{before.value * 100 / Decimal(str(base)):.1f}%",
                             expected=f"{before.value * 100 / Decimal(str(base)):.1f}%", actual=f"{fig.value}%")]
    return []


_NONE = ((re.compile(r"(?:未|没有|无)(?:收到|受理|发生|产生|接到)?[^，。；0-9]{0,12}?(?:行政复议|复议)"), "review"),
         (re.compile(r"(?:未|没有|无)(?:收到|受理|发生|产生|接到)?[^，。；0-9]{0,16}?(?:行政诉讼|诉讼)"), "litigation"),
         (re.compile(r"(?:未|没有)(?:收到|受理|接到)[^，。；0-9]{0,10}?申请"), "new"))


def _check_nothing(body: Any, sections: Any, report: Any) -> list[Finding]:
    """What the text says did not happen (未收到政府信息公开申请; 没有…行政复议或行政诉讼) against the table."""
    out = []
    for s in _SENTENCE.finditer(sections.text):
        sentence = s.group()
        if TOKEN.search(sentence) or re.search(r"上年|去年|以外|之外|除", sentence):
            continue
        for pattern, quantity in _NONE:
            m = pattern.search(sentence)
            if m is None:
                continue
            value = Q[quantity].get(report)
            if value:
                fig = Figure(s.start() + m.start(), s.start() + m.end(), Decimal(0), False, "件")
                out.append(_finding("A-FIGURE", "error", sections, fig, body.file,
                                    f"正文说没有，表格中{Q[quantity].name}为{value}", expected=str(value), actual="0（没有）"))
    return out


def check_sums(body: Any, sections: Any) -> list[Finding]:
    """A total the text states with its parts (“总数510条，其中…198条，…142条，…137条”): the parts add up to
    it, unless the list ends with 等 (an incomplete list)."""
    out = []
    text = sections.text
    for m in re.finditer(r"其中[:：，,]?", text):
        head = text[max(0, m.start() - 60):m.start()]
        head = re.sub(r"[（(][^（）()]*[)）][，,]?$", "", head)  # “行政诉讼9件（…6件、…3件），其中”: the 9
        total = list(TOKEN.finditer(head))
        if not total or not re.fullmatch(r"[，,：:（(\s]*", head[total[-1].end():]):
            continue
        t = total[-1]
        unit = t.group(3)
        if unit in ("%", "个百分点"):
            continue
        stops = [i for i in (text.find("。", m.end()), text.find("；", m.end()), text.find("\n", m.end())) if i >= 0]
        stop = min(stops) if stops else len(text)
        paren = text.rfind("(", 0, m.start()) > text.rfind(")", 0, m.start()) or \
            text.rfind("（", 0, m.start()) > text.rfind("）", 0, m.start())
        if paren:
            close = min([i for i in (text.find(")", m.end()), text.find("）", m.end())) if i >= 0] or [stop])
            stop = min(stop, close)
        segment = text[m.end():stop]
        parts = [p for p in TOKEN.finditer(segment) if p.group(3) == unit and not p.group(2)]
        if len(parts) < 2 or t.group(2):
            continue
        last = parts[-1]
        if re.match(r"\s*等|左右", segment[last.end():last.end() + 3]) or re.search(r"分别|以上|占", segment):
            continue
        if re.search(r"另有|此外|同时", segment):
            continue
        stated = Decimal(t.group(1))
        added = sum(Decimal(p.group(1)) for p in parts)
        running, prefix_ok = Decimal(0), False
        for p in parts:  # “279件，其中直接起诉111件、复议后起诉168件，审理结果为维持62件…”: the first two
            running += Decimal(p.group(1))
            prefix_ok = prefix_ok or running == stated
        if not prefix_ok:
            pos = text.rfind(t.group(), 0, m.start())
            fig = Figure(pos, pos + len(t.group()), stated, False, unit)
            out.append(_finding("A-ARITH", "error", sections, fig, body.file,
                                f"总数{stated}{unit}，其后所列各项相加为{added}{unit}",
                                expected=str(added), actual=str(stated)))
    return out


def _finding(code: str, severity: str, sections: Any, fig: Figure, file: str, message: str, **kw: Any) -> Finding:
    return Finding(code, severity, sections.place(fig.pos, file), message, **kw)  # type: ignore[arg-type]
