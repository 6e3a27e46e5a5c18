"""``narrative audit``: the supervising office's check of published annual reports, and every draft's own.

A report is read with the importer's readers (web page, crawled text, Word, PDF): its words outside the
tables, its three tables (as the input contract) and, where the page says it, its publication date. The audit
then reports findings as values (code, severity, place, expected vs actual), deterministic and exact:

- structure: the six headings in order and in official wording, the five aspects of 一 (and for a people's
  government 工作考核、社会评议、责任追究), consecutive numbering at every level, the 信息处理费 statement in 六;
- tables: every 勾稽 rule of the checker and, with last year's report, the cross-year rules;
- text against tables: :mod:`narrative.auditfigures`;
- year to year: last year's problems reviewed one by one, measures not copied, the 5-gram overlap with last
  year's narrative (with the longest shared passages);
- between bodies (a directory): the pairwise overlap of the narratives;
- dates: the statutory deadline, when the page gives its publication date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from .findings import Finding, Location, NarrativeError

#: The six section headings as the format words them, and a loose pattern that finds each (a heading worded
#: differently is still found, and reported as worded differently). A table's own row labels (三、本年度办理
#: 结果, 四、结转下年度继续办理) never match.
HEADINGS: tuple[tuple[str, str, str], ...] = (
    ("一", "一、总体情况", r"一、[^。；\n]{0,6}?总体情况"),
    ("二", "二、主动公开政府信息情况", r"二、[^。；\n]{0,4}?主动公开"),
    ("三", "三、收到和处理政府信息公开申请情况", r"三、[^。；\n]{0,4}?(?:收到|依申请|处理政府信息公开申请)"),
    ("四", "四、政府信息公开行政复议、行政诉讼情况", r"四、[^。；\n]{0,12}?(?:行政复议|行政诉讼)"),
    ("五", "五、存在的主要问题及改进情况", r"五、[^。；\n]{0,8}?(?:存在的?主要问题|存在问题|主要问题)"),
    ("六", "六、其他需要报告的事项", r"六、[^。；\n]{0,4}?其他需要报告"),
)
NUMERALS = "一二三四五六七八九十"
#: The 信息处理费 statement of 六 is required from the 2021 format (reports on 2021 and later).
FEE_FROM = 2021
#: Words that end a web page's report text (site chrome after the report).
_PAGE_END = re.compile(r"附件下载|相关附件|【打印|打印本页|关闭窗口|扫一扫|分享到|上一篇|下一篇|主办单位|网站标识码|版权所有")

#: The five aspects of 一 (domain.md) and words that show an aspect is written about.
ASPECTS: tuple[tuple[str, str], ...] = (
    ("主动公开", r"主动公开|主动发布"),
    ("依申请公开", r"依申请|公开申请"),
    ("政府信息管理", r"信息管理|审查|清理|公开属性|公开目录|公开指南|规范性文件"),
    ("政府信息公开平台建设", r"平台|网站|新媒体|公众号|公开栏|专栏|政务服务"),
    ("监督保障", r"监督|保障|考核|培训|评议|责任追究"),
)
GOV_RESULTS: tuple[tuple[str, str], ...] = (("工作考核", r"考核"), ("社会评议", r"评议"), ("责任追究", r"责任追究|追究责任|被追究|追责|问责"))


def _numeral(text: str) -> int:
    """一…九十九 as a number (for ordinals)."""
    if text == "十":
        return 10
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (NUMERALS.index(tens) + 1 if tens else 1) * 10 + (NUMERALS.index(ones) + 1 if ones else 0)
    return NUMERALS.index(text) + 1


# ---------------------------------------------------------------- a report as read for the audit


@dataclass
class Body:
    """One report as the audit reads it."""

    file: str
    title: str
    text: str  # the report's words outside the tables, one paragraph per line, white space inside lines removed
    input: Any  # the tables (and what else the importer read) as a validated input, or None when unreadable
    read_findings: list[Finding] = field(default_factory=list)
    published: date | None = None
    name: str | None = None
    year: int | None = None
    kind: str | None = None
    level: str | None = None

    @property
    def label(self) -> str:
        return f"{self.name}{self.year}年" if self.name and self.year else Path(self.file).name


_TABLE_SPANS = (
    (re.compile(r"第二十条第[（(]一[)）]项"), re.compile(r"行政事业性收费[^\d\n]{0,16}?[\d.\s]*\d")),
    (re.compile(r"[（(]本列数据的勾稽关系|申请人情况"), re.compile(r"四、结转下年度继续办理[\d\s]*")),
)


def strip_tables(text: str) -> str:
    """The text of a page whose tables are flattened into it (crawled text, a PDF's text layer) without
    them: table 2 from 第二十条第（一）项 to 行政事业性收费's figure, table 3 from its 勾稽 note or 申请人情况 to
    结转下年度继续办理's figures, table 4 from its first 行政复议 after the heading to section 五."""
    for start_re, end_re in _TABLE_SPANS:
        start = start_re.search(text)
        if start is None:
            continue
        end = end_re.search(text, start.end())
        if end is not None:
            text = text[:start.start()] + "\n" + text[end.end():]
    four = re.search(HEADINGS[3][2], text)
    if four is not None:
        table = re.search(r"行政复议\s*行政诉讼|行政复议\s*\n?\s*结果维持", text[four.end():four.end() + 200])
        if table is not None:
            start = four.end() + table.start()
            five = re.search(HEADINGS[4][2], text[start:])
            end = start + five.start() if five else len(text)
            text = text[:start] + "\n" + text[end:]
    return text


def _lines(text: str) -> str:
    """One paragraph per line, white space inside a line removed (PDF layers and crawls space out words)."""
    lines = (re.sub(r"[ \t\u3000\xa0]+", "", line) for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def _report_text(page_text: str, flattened: bool) -> str:
    """A page's report text: from the first heading (or the preface before it) to where the site chrome
    starts, tables removed when they were flattened into the text."""
    text = strip_tables(page_text) if flattened else page_text
    text = re.sub(r"<!--.*?-->", "", text)  # Word's conditional comments left in some pages
    text = _lines(text)
    one = re.search(HEADINGS[0][2], text)
    start = 0
    if one is not None:
        preface = text.rfind("根据", 0, one.start())
        start = preface if preface >= 0 and one.start() - preface < 2000 else one.start()
    end = _PAGE_END.search(text, start)
    return text[start:end.start() if end else len(text)]


_DATE = re.compile(r"(?:发布时间|发布日期|发文日期|成文日期|时间)[:：]\s*(20\d\d)[-年/.](\d{1,2})[-月/.](\d{1,2})")


def read_body(path: str | Path) -> Body:
    """Read a published report for the audit: never raises for what the page says (a figure that cannot be
    read is a finding and the rest is still audited); NarrativeError only when the file itself cannot be
    read."""
    from .importer import load_page, read_page
    from .reportwords import agency_kind

    file = Path(path)
    page = load_page(file)
    reader, doc = read_page(file, page)
    suffix = file.suffix.lower()
    text = _report_text(page.text, flattened=suffix in (".txt", ".pdf"))
    published = None
    raw = page.text
    if suffix == ".txt":
        try:
            raw = file.read_text(encoding="utf-8", errors="replace")[:4000]
        except OSError:
            raw = ""
    match = _DATE.search(raw)
    if match:
        try:
            published = date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        except ValueError:
            published = None
    errors = [f for f in reader.findings if f.is_error]
    findings = [f for f in reader.findings if f.code not in ("I-AGENCY",)]
    report = None
    if not (errors and _tables_unread(errors)):
        from .loader import load

        try:
            report = load(doc)
        except NarrativeError as exc:
            findings += [replace(f, severity="error") for f in exc.findings if f.is_error]
    body = Body(str(file), page.title, text, report, findings, published)
    agency = doc.get("agency")
    if agency:
        body.name, body.kind, body.level = agency["name"], agency["kind"], agency["level"]
        body.year = doc.get("year")
    elif body.name is None:
        name = re.sub(r"\.[^.]+$", "", file.name)
        body.kind, body.level = agency_kind(name)
    return body


def _tables_unread(errors: list[Finding]) -> bool:
    return any(f.code in ("I-TABLE", "I-NUMBER", "I-AMBIGUOUS", "I-BLANK", "I-TITLE") for f in errors)


def body_from_draft(report: Any, draft: Any, text: str | None = None, file: str = "草稿") -> Body:
    """A draft of ours as the audit reads it: the tables from its input, the words from the draft (or from
    ``text``, the words of a draft read back from one of its formats)."""
    if text is None:
        text = draft_text(draft)
    return Body(file, f"{report.agency.name}{report.year}年政府信息公开工作年度报告", _lines(text), report, [],
                None, report.agency.name, report.year, report.agency.kind, report.agency.level)


def draft_text(draft: Any) -> str:
    """A draft's words as a page would show them: each section's heading, its parts' headings and
    paragraphs, one per line (the tables left out)."""
    lines: list[str] = []
    for section in draft.sections:
        lines.append(f"{section.number}、{section.title}")
        for part in section.parts:
            if part.heading:
                lines.append(part.heading)
            lines.extend(p.text for p in part.paragraphs)
    return "\n".join(lines)


# ---------------------------------------------------------------- places in the text


@dataclass(frozen=True)
class Sections:
    """Where each of the six sections starts and ends in a report's text (absent ones are missing)."""

    text: str
    spans: dict[str, tuple[int, int]]  # number → (start of heading, end of section)
    headings: dict[str, str]  # number → the heading as written

    def of(self, number: str) -> str:
        span = self.spans.get(number)
        return self.text[span[0]:span[1]] if span else ""

    def place(self, pos: int, file: str | None = None, quote: str | None = None) -> Location:
        """The section, paragraph and sentence at a position of the text."""
        section = None
        for number, (start, end) in self.spans.items():
            if start <= pos < end:
                section = number
                break
        start = self.spans[section][0] if section else 0
        paragraph = self.text.count("\n", start, pos) + (0 if section else 1)
        if quote is None:
            quote = sentence_at(self.text, pos)
        return Location(file=file, section=section or "开头", paragraph=max(paragraph, 1), quote=quote)


def sentence_at(text: str, pos: int, limit: int = 90) -> str:
    left = max(text.rfind(mark, 0, pos) for mark in "。；\n") + 1
    rights = [i for i in (text.find(mark, pos) for mark in "。；\n") if i >= 0]
    right = min(rights) + 1 if rights else len(text)
    quote = text[left:right].strip()
    if len(quote) > limit:
        head = max(0, pos - left - limit // 2)
        quote = ("…" if head else "") + quote[head:head + limit] + "…"
    return quote


def find_sections(text: str) -> Sections:
    found: dict[str, tuple[int, str]] = {}
    for number, official, pattern in HEADINGS:
        match = re.search(rf"(?:^|(?<=[\n。：]))\s*{pattern}", text, re.MULTILINE) or re.search(pattern, text)
        if match is None:
            continue
        start = match.start() + len(match.group()) - len(match.group().lstrip())
        line_end = text.find("\n", start)
        written = text[start:line_end if line_end >= 0 else len(text)]
        written = written[:len(official)] if written.startswith(official) else _heading_words(written, official)
        found[number] = (start, written)
    order = sorted(found.items(), key=lambda kv: kv[1][0])
    spans: dict[str, tuple[int, int]] = {}
    for i, (number, (start, _)) in enumerate(order):
        end = order[i + 1][1][0] if i + 1 < len(order) else len(text)
        spans[number] = (start, end)
    return Sections(text, spans, {n: w for n, (_, w) in found.items()})


def _heading_words(written: str, official: str) -> str:
    """A heading worded differently, as far as it goes on its line (or as long as the official one and a
    little, when the text runs on)."""
    stop = re.search(r"[。；：:\n]|(?<=情况)|(?<=事项)|(?<=措施)", written[2:])
    return written[:2 + stop.start()] if stop and stop.start() < len(official) + 6 else written[:len(official) + 2]


# ---------------------------------------------------------------- structure


def check_structure(body: Body, sections: Sections, required: str = "一二三四五六") -> list[Finding]:
    """``required``: the sections the text must have (a narrative-only draft has 一、五、六)."""
    out: list[Finding] = []
    file = body.file
    for number, official, _ in HEADINGS:
        if number not in sections.spans:
            if number not in required:
                continue
            extra = ""
            if number == "六" and not _fee_stated(body.text) and (body.year or FEE_FROM) >= FEE_FROM:
                extra = "，信息处理费的说明也因此缺失"
            out.append(Finding("A-HEADING-MISSING", "error", Location(file=file, section=number),
                               f"找不到第{number}部分“{official}”{extra}", expected=official, actual="（缺）"))
        elif sections.headings[number] != official:
            start = sections.spans[number][0]
            out.append(Finding("A-HEADING-WORDING", "warning",
                               sections.place(start, file, quote=sections.headings[number]),
                               f"第{number}部分的标题应按格式写作“{official}”", expected=official,
                               actual=sections.headings[number]))
    positions = [sections.spans[n][0] for n, _, _ in HEADINGS if n in sections.spans]
    if positions != sorted(positions):
        order = "".join(n for n, _ in sorted(sections.spans.items(), key=lambda kv: kv[1][0]))
        out.append(Finding("A-HEADING-ORDER", "error", Location(file=file),
                           f"六个部分的顺序应为一至六，实际为{'、'.join(order)}", expected="一二三四五六", actual=order))
    one = sections.of("一")
    if one:
        missing = [name for name, words in ASPECTS if not re.search(words, one)]
        if missing:
            out.append(Finding("A-ASPECT", "warning", sections.place(sections.spans["一"][0], file,
                                                                      quote=sections.headings["一"]),
                               f"一、总体情况没有写到：{'、'.join(missing)}（格式要求写五个方面）",
                               expected="主动公开、依申请公开、政府信息管理、政府信息公开平台建设、监督保障",
                               actual="缺" + "、".join(missing)))
        if body.kind == "government":
            absent = [name for name, words in GOV_RESULTS if not re.search(words, one)]
            if absent:
                out.append(Finding("A-GOV-RESULTS", "warning", sections.place(sections.spans["一"][0], file,
                                                                               quote=sections.headings["一"]),
                                   f"人民政府的报告应在监督保障中写明工作考核、社会评议和责任追究结果；没有写到："
                                   f"{'、'.join(absent)}", expected="工作考核、社会评议、责任追究", actual="缺" + "、".join(absent)))
    six = sections.of("六")
    if six and not _fee_stated(six) and (body.year or FEE_FROM) >= FEE_FROM:
        out.append(Finding("A-FEE", "error", sections.place(sections.spans["六"][0], file,
                                                             quote=sections.headings["六"]),
                           "六中没有信息处理费的说明（收取的金额，或未收取）", expected="信息处理费的说明", actual="（无）"))
    out += check_numbering(body, sections)
    return out


def _fee_stated(text: str) -> bool:
    from .reportwords import FEE, FEE_NONE

    return bool(FEE.search(text) or FEE_NONE.search(text) or re.search(r"信息(?:公开)?处理费", text))


_LEVELS = (
    # crawled text and PDF layers lose the line break after a sub-head (“…分工一是…”, “…形式1.门户网站”),
    # so an ordinal may follow any character but those that make it part of a word or a figure
    ("（一）", re.compile(rf"(?<![第条款项])[（(]([{NUMERALS}]{{1,3}})[)）](?![项条款目])")),
    ("1.", re.compile(r"(?<![\d第.．])(\d{1,2})[.．](?=[\u4e00-\u9fff“《])|(?:^|(?<=[\n。；：:]))(\d{1,2})、", re.MULTILINE)),
    ("一是", re.compile(rf"(?<![统唯之第单同万专逐])([{NUMERALS}]{{1,3}})是(?![非否])")),
)


def check_numbering(body: Body, sections: Sections) -> list[Finding]:
    """Every level's ordinals consecutive: （一）（二）… within a section, 1. 2. … within a sub-head, 一是
    二是 … from each 一是 on. A skipped, repeated or missing first ordinal is an error."""
    out: list[Finding] = []
    for number, (start, end) in sections.spans.items():
        text = sections.text[start:end]
        marks: list[tuple[int, int, str]] = []  # (position, level, ordinal as written)
        for level, (_, pattern) in enumerate(_LEVELS):
            for m in pattern.finditer(text):
                value = _numeral(m.group(1)) if level != 1 else int(m.group(1) or m.group(2))
                marks.append((m.start(), level, m.group(0).strip(), value))  # type: ignore[arg-type]
        marks.sort()
        last: dict[int, int] = {}
        for pos, level, written, value in marks:  # type: ignore[misc]
            if level == 0:
                last.pop(1, None)  # a new sub-head restarts its 1. 2. …
            if value == 1:
                last[level] = 1
                continue
            before = last.get(level)
            if before is None or value != before + 1:
                expected = "从一开始" if before is None else _ordinal(level, before + 1)
                what = "前面没有序号一" if before is None else ("重复" if value == before else "跳号")
                out.append(Finding("A-NUMBERING", "error", sections.place(start + pos, body.file),
                                   f"第{number}部分的序号“{written}”{what}", expected=expected, actual=written))
            last[level] = value
    return out


def _ordinal(level: int, value: int) -> str:
    if level == 1:
        return f"{value}."
    from .typography import chinese_ordinal

    digits = chinese_ordinal(value)
    return f"（{digits}）" if level == 0 else f"{digits}是"


# ---------------------------------------------------------------- tables


def check_tables(body: Body, previous: Body | None) -> list[Finding]:
    """The checker's 勾稽 rules on the tables as published, and with last year's report the cross-year rules
    (上年结转 = 上年度结转下年度; 现行有效 = 上年现行有效 + 本年制发 − 本年废止)."""
    from .checks import check

    if body.input is None:
        return []
    report = body.input
    if previous is not None and previous.input is not None and previous.input.year == report.year - 1:
        report = report.model_copy(update={"previous_year": previous.input})
    findings = check(report)
    out = []
    for f in findings:
        if f.location.path[:1] == ("previous_year",) or f.code in ("S-TOPIC", "X-PREV-AGENCY"):
            continue  # last year's own tables are audited with last year's report
        out.append(replace(f, location=replace(f.location, file=body.file)))
    return out


# ---------------------------------------------------------------- dates


def check_deadline(body: Body) -> list[Finding]:
    """The statutory deadline: 1月31日 for departments, 3月31日 for governments of county level and above
    (a township's is set locally: not checked)."""
    if body.published is None or body.year is None or body.kind is None:
        return []
    if body.kind == "government":
        if body.level == "township":
            return []
        deadline, rule = date(body.year + 1, 3, 31), "县级以上人民政府3月31日前"
    else:
        deadline, rule = date(body.year + 1, 1, 31), "部门1月31日前"
    if body.published <= deadline:
        return []
    # the kind is read from the name: certain for 人民政府 and for 局/委/办…, a guess otherwise
    certain = bool(body.name and re.search(r"人民政府|(?:局|委员会|委|办公室|办|厅|署|中心|院)$", body.name))
    guess = "" if certain else f"（机关类别按名称“{body.name}”推定为{'政府' if body.kind == 'government' else '部门'}，请核对）"
    return [Finding("A-LATE", "error" if certain else "warning", Location(file=body.file),
                    f"发布于{body.published:%Y年%m月%d日}，晚于法定期限（{rule}发布）{guess}",
                    expected=f"不晚于{deadline:%Y-%m-%d}", actual=f"{body.published:%Y-%m-%d}")]


# ---------------------------------------------------------------- the audit of one report


@dataclass
class BodyAudit:
    body: Body
    findings: list[Finding]
    overlap_previous: float | None = None
    passages_previous: list[str] = field(default_factory=list)
    previous_file: str | None = None

    @property
    def errors(self) -> int:
        return sum(f.is_error for f in self.findings)

    @property
    def warnings(self) -> int:
        return sum(not f.is_error for f in self.findings)


def audit_body(body: Body, previous: Body | None = None) -> BodyAudit:
    from .auditfigures import check_figures
    from .audityears import check_previous

    sections = find_sections(body.text)
    if body.name is None and not sections.spans:
        return BodyAudit(body, [Finding("A-UNREAD", "error", Location(file=body.file),
                                        "文件中找不到年度报告的标题和六个部分的标题，不像政府信息公开工作年度报告，未审查")])
    findings = [replace(f, location=replace(f.location, file=f.location.file or body.file))
                for f in body.read_findings]
    if body.input is None and not any(f.is_error for f in findings):
        findings.append(Finding("A-UNREAD", "error", Location(file=body.file), "表格无法读取，未核对表格和正文数字"))
    findings += check_structure(body, sections)
    findings += check_tables(body, previous)
    findings += check_figures(body, sections, previous)
    findings += check_deadline(body)
    audit = BodyAudit(body, findings)
    if previous is not None:
        check_previous(audit, sections, previous)
    audit.findings = _ordered(audit.findings)
    return audit


def _ordered(findings: list[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: f.severity != "error")


def audit_draft(report: Any, draft: Any, text: str | None = None) -> BodyAudit:
    """A draft of ours audited against its own input (the tables from the input, the words from the draft)."""
    previous = None
    if report.previous_year is not None:
        prev = report.previous_year
        previous = Body("上年度", "", "", prev, [], None, prev.agency.name, prev.year, prev.agency.kind,
                        prev.agency.level)
    body = body_from_draft(report, draft, text)
    sections = find_sections(body.text)
    full = any(s.number == "二" for s in draft.sections) if draft is not None else "二" in sections.spans
    findings = check_structure(body, sections, "一二三四五六" if full else "一五六") + check_tables(body, previous)
    from .auditfigures import check_figures

    findings += check_figures(body, sections, previous)
    return BodyAudit(body, _ordered(findings))


# ---------------------------------------------------------------- many reports


@dataclass
class AuditRun:
    audits: list[BodyAudit]
    #: (i, j) → (overlap, shared passages) for every pair of bodies of the run
    peers: dict[tuple[int, int], tuple[float, list[str]]] = field(default_factory=dict)
    unread: list[Finding] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return sum(a.errors for a in self.audits) + len(self.unread)


REPORT_SUFFIXES = (".html", ".htm", ".txt", ".docx", ".pdf")


def report_files(paths: list[str]) -> list[Path]:
    out: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            out += sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in REPORT_SUFFIXES
                          and not p.name.startswith((".", "~$")))
        else:
            out.append(path)
    return out


def _read_all(files: list[Path], unread: list[Finding]) -> list[Body]:
    bodies = []
    for file in files:
        try:
            bodies.append(read_body(file))
        except NarrativeError as exc:
            unread.extend(replace(f, code=f.code if f.code.startswith("L-") else "A-UNREAD") for f in exc.findings)
        except (RecursionError, MemoryError, ValueError, LookupError, OSError) as exc:  # a damaged file in the wild
            unread.append(Finding("A-UNREAD", "error", Location(file=str(file)),
                                  f"文件无法读取（{type(exc).__name__}），未审查"))
    return bodies


def audit_paths(paths: list[str], previous: list[str] | None = None) -> AuditRun:
    """Audit every report of ``paths`` (files and directories), each against its own last year's report
    among ``previous`` (matched by body name and year), and every pair of them for 雷同."""
    from .audityears import shared_passages
    from .overlap import grams

    unread: list[Finding] = []
    bodies = _read_all(report_files(paths), unread)
    last_year = _read_all(report_files(previous or []), unread)
    audits = []
    for body in bodies:
        # last year's report: among --previous, or else among the reports audited together
        prev = _same_body(body, last_year, body.year - 1 if body.year else None) or \
            _same_body(body, bodies, body.year - 1 if body.year else None)
        if prev is None and len(bodies) == 1 and len(last_year) == 1:
            prev = last_year[0]  # one report and one last year's: compare them (a renamed body is still itself)
        audits.append(audit_body(body, prev))
    run = AuditRun(audits, unread=unread)
    narratives = [narrative_of(a.body) for a in audits]
    sets = [grams(t) for t in narratives]  # once per body: a directory of hundreds makes tens of thousands of pairs
    for i in range(len(audits)):
        for j in range(i + 1, len(audits)):
            if _same_name(audits[i].body, audits[j].body) or not audits[i].body.name or not audits[j].body.name:
                continue  # one body's two years (year to year above), one report in two formats, or no report
            shared = len(sets[i] & sets[j])
            share = max(shared / len(sets[i]) if sets[i] else 0.0, shared / len(sets[j]) if sets[j] else 0.0)
            passages = shared_passages(narratives[i], narratives[j], theirs=sets[j]) if share > 0.5 else []
            run.peers[(i, j)] = (share, passages)
            if share > 0.5:
                for me, other in ((i, j), (j, i)):
                    audits[me].findings.append(Finding(
                        "A-OVERLAP-PEER", "warning", Location(file=audits[me].body.file),
                        f"正文与“{audits[other].body.label}”的报告重复{share:.1%}（雷同），超过50%",
                        expected="不超过50%", actual=f"{share:.1%}", hint="重复最长的段落：" + " / ".join(passages[:2])))
    return run


def _same_name(a: Body, b: Body) -> bool:
    """One body: the same name, or one name the other with its city in front (洪泽区人民政府, 淮安市洪泽区人民政府)."""
    if not a.name or not b.name:
        return False
    return a.name == b.name or a.name.endswith(b.name) or b.name.endswith(a.name)


def _same_body(body: Body, others: list[Body], year: int | None) -> Body | None:
    if year is None:
        return None
    matches = [o for o in others if o.year == year and _same_name(body, o)]
    if not matches:
        return None
    exact = [o for o in matches if o.name == body.name]
    return (exact or matches)[0]


def narrative_of(body: Body) -> str:
    """The narrative that overlap is measured on: sections 一, 五 and 六 (all the text when no heading is
    found), white space removed."""
    sections = find_sections(body.text)
    parts = [sections.of(n) for n in ("一", "五", "六")]
    text = "".join(parts) if any(parts) else body.text
    return "".join(text.split())


def draft_words(path: str | Path) -> str:
    """The words of a draft of ours read back from a file in any format that carries text (.txt .md .html
    .docx .json), its tables left out."""
    import json

    file = Path(path)
    suffix = file.suffix.lower()
    if suffix in (".html", ".htm", ".docx"):
        from .importer import load_page

        return load_page(file).text
    try:
        raw = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise NarrativeError([Finding("L-NOT-FOUND", "error", Location(file=str(file)), f"无法读取草稿：{exc}")]) from None
    if suffix == ".json":
        try:
            data = json.loads(raw)
            lines = [data.get("title") or ""] + [p["text"] if isinstance(p, dict) else p
                                                  for p in data.get("preface") or []]
            for section in data["sections"]:
                lines.append(section["heading"])
                for part in section["parts"]:
                    lines += [part["heading"]] if part.get("heading") else []
                    lines += [p["text"] for p in part["paragraphs"]]
        except (ValueError, KeyError, TypeError):
            raise NarrativeError([Finding("L-SYNTAX", "error", Location(file=str(file)),
                                          "不是 narrative draft --format json 的输出")]) from None
        return "\n".join(lines)
    lines = []
    raw = re.sub(r"(?s)<table.*?</table>", "", raw)  # a Markdown draft writes table 4's two header rows in HTML
    for line in raw.splitlines():
        stripped = line.strip()
        if stripped[:1] in ("│", "─", "|", "┌", "└", "├"):
            continue  # a table drawn in text, or a Markdown table
        lines.append(re.sub(r"^#+\s*|\*\*|<mark>|</mark>", "", stripped))
    return "\n".join(lines)


def audit_draft_file(input_path: str, draft_path: str) -> BodyAudit:
    """``narrative audit DRAFT --input FILE``: a draft of ours (any format that carries text) against the input
    it was drafted from."""
    from .loader import load

    report = load(input_path)
    audit = audit_draft(report, None, draft_words(draft_path))
    audit.body.file = draft_path
    audit.findings = [replace(f, location=replace(f.location, file=draft_path)) for f in audit.findings]
    return audit
