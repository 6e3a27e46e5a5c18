"""``narrative import``: a published annual report (a government web page) read back into the input contract.

Deterministic and exact: the three official tables are found by their labels, each of their 25 + 6 + 15
figures is read from its cell with its place (table, row, column), and a figure that cannot be read
unambiguously is an error naming that place — never a guess. A blank cell is read only where the row's own
总计 decides it (and then with a warning). The agency and year come from the title, the 信息处理费 from
section 六's sentence. When the tables as published break a 勾稽 rule, the input is still produced, with the
finding: a published report cannot be changed.

This first reader takes HTML pages (tables with row and column spans). The readers of PDF, DOCX and
crawled text feed the same grid (:class:`Grid`) in later work.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from .findings import Finding, Location, NarrativeError
from .tables import APPLICANT_COLUMNS

MAX_PAGE = 20 * 1024 * 1024  # bytes: a report page is a few hundred KB

# ---------------------------------------------------------------- the page


@dataclass
class Grid:
    """A table as a rectangle of cell texts (spans expanded: a spanned position repeats the cell's text)."""

    rows: list[list[str]]

    def text(self) -> str:
        return "".join("".join(row) for row in self.rows)


@dataclass
class Page:
    title: str
    text: str  # the body text outside the tables, in reading order
    tables: list[Grid] = field(default_factory=list)


class _PageParser(HTMLParser):
    _SKIP = {"script", "style", "noscript"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.title, self.text_parts = "", []
        self.tables: list[list[list[tuple[str, int, int]]]] = []
        self._stack: list[list[list[tuple[str, int, int]]]] = []
        self._cell: list[Any] | None = None
        self._skip = 0
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._SKIP:
            self._skip += 1
        elif tag == "title":
            self._in_title = True
        elif tag == "table":
            self._stack.append([])
        elif tag == "tr" and self._stack:
            self._stack[-1].append([])
        elif tag in ("td", "th") and self._stack:
            if not self._stack[-1]:
                self._stack[-1].append([])
            values = dict(attrs)
            self._cell = ["", _span(values.get("rowspan")), _span(values.get("colspan"))]
        elif tag in ("br", "p", "div") and self._cell is None:
            self.text_parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP:
            self._skip = max(0, self._skip - 1)
        elif tag == "title":
            self._in_title = False
        elif tag in ("td", "th") and self._cell is not None and self._stack:
            self._stack[-1][-1].append((self._cell[0], self._cell[1], self._cell[2]))
            self._cell = None
        elif tag == "table" and self._stack:
            self.tables.append(self._stack.pop())
            self.text_parts.append("\n")
        elif tag in ("p", "div"):
            self.text_parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        if self._in_title:
            self.title += data
        elif self._cell is not None:
            self._cell[0] += data
        elif not self._stack:
            self.text_parts.append(data)


def _span(value: str | None) -> int:
    try:
        return max(1, min(int(value or 1), 200))
    except ValueError:
        return 1


def _expand(rows: list[list[tuple[str, int, int]]]) -> Grid:
    """HTML rows with spans → a full rectangle."""
    placed: dict[tuple[int, int], str] = {}
    width = 0
    for r, row in enumerate(rows):
        c = 0
        for text, rowspan, colspan in row:
            while (r, c) in placed:
                c += 1
            for dr in range(rowspan):
                for dc in range(colspan):
                    placed[(r + dr, c + dc)] = text
            c += colspan
            width = max(width, c)
    height = max((r for r, _ in placed), default=-1) + 1
    return Grid([[placed.get((r, c), "") for c in range(width)] for r in range(height)])


def read_html(path: Path) -> Page:
    data = path.read_bytes()
    if len(data) > MAX_PAGE:
        raise NarrativeError([Finding("L-TOO-LARGE", "error", Location(file=str(path)),
                                      f"网页超过{MAX_PAGE // 1024 // 1024}MB，未读取")])
    parser = _PageParser()
    parser.feed(data.decode("utf-8", errors="replace"))
    text = re.sub(r"[ \t\u3000\xa0]+", "", "".join(parser.text_parts))
    return Page(parser.title.strip(), text, [_expand(t) for t in parser.tables])


# ---------------------------------------------------------------- figures with their places


def _clean(text: str) -> str:
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


def to_yaml(reading: Reading, source: str, findings: list[Finding]) -> str:
    """The imported input as YAML, with where it came from and what to check at the top."""
    import yaml

    lines = [f"# 由 narrative import 从已发布的年度报告读取：{Path(source).name}",
             "# 表二、表三、表四的每个数字都按原表读取；机关类别和层级按名称推定，请核对。"]
    lines += [f"# {f.severity} {f.code}：{f.message}" for f in findings]
    body = yaml.safe_dump(reading.document, allow_unicode=True, sort_keys=False, width=1000)
    return "\n".join(lines) + "\n" + body


class _Reader:
    def __init__(self, file: str) -> None:
        self.file = file
        self.sources: dict[str, str] = {}
        self.findings: list[Finding] = []

    def error(self, code: str, message: str, **kw: Any) -> None:
        self.findings.append(Finding(code, "error", Location(file=self.file), message, **kw))

    def warn(self, code: str, message: str, **kw: Any) -> None:
        self.findings.append(Finding(code, "warning", Location(file=self.file), message, **kw))

    def number(self, text: str, place: str, key: str, decimal: bool = False) -> int | str | None:
        raw = _clean(text)
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

_T2_ROWS = (("规章", "regulations"), ("规范性文件", "normative_documents"))
_T2_SINGLE = (("行政许可", "licensing"), ("行政处罚", "punishment"), ("行政强制", "coercion"),
              ("行政事业性收费", "administrative_fees"))
#: Table 3's 25 figure rows in the official order: the key path and a word its label must contain.
_T3_ROWS: tuple[tuple[str, str], ...] = (
    ("new_received", "本年新收"), ("carried_over", "上年结转"),
    ("results.disclosed", "予以公开"), ("results.partially_disclosed", "部分公开"),
    ("results.not_disclosed.state_secret", "国家秘密"), ("results.not_disclosed.prohibited_by_law", "禁止公开"),
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
_COLUMN_LABELS = ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计")
_T4_GROUPS = ("review", "litigation_direct", "litigation_after_review")
_T4_FIELDS = ("upheld", "corrected", "other", "pending", "total")


def _find(tables: list[Grid], *words: str) -> tuple[int, Grid] | None:
    for i, grid in enumerate(tables):
        text = _clean(grid.text())
        if all(w in text for w in words):
            return i, grid
    return None


def _figures(row: list[str], labels: int) -> list[str]:
    """The figure cells of a row: everything after its ``labels`` label columns (by position, so that a
    figure printed with a stray character is still read as that figure's cell, and reported)."""
    return row[labels:]


def _table2(reader: _Reader, grid: Grid) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for r, row in enumerate(grid.rows, start=1):
        label = _clean(row[0]) if row else ""
        for word, key in _T2_ROWS:
            if label.endswith(word) and len(label) <= len(word) + 2:
                cells = _figures(row, 1)
                if len(cells) != 3:
                    reader.error("I-TABLE", f"表二第{r}行“{label}”应有3个数字，实际读到{len(cells)}个")
                    continue
                values = {}
                for c, (name, text) in enumerate(zip(("issued", "repealed", "in_force"), cells), start=2):
                    value = reader.number(text, f"表二第{r}行第{c}列（{label}·{('本年制发件数', '本年废止件数', '现行有效件数')[c - 2]}）",
                                          f"active_disclosure.{key}.{name}")
                    if value is None and _clean(text) == "":
                        reader.warn("I-BLANK", f"表二第{r}行第{c}列（{label}）为空，按0读取")
                        value = 0
                    values[name] = value
                out[key] = values
        for word, key in _T2_SINGLE:
            if label == word:
                distinct = list(dict.fromkeys(_figures(row, 1)))  # a figure spanning three columns, read once
                if len(distinct) != 1:
                    reader.error("I-TABLE", f"表二第{r}行“{label}”应有1个数字，实际读到{len(distinct)}个")
                    continue
                value = reader.number(distinct[0], f"表二第{r}行第2列（{label}）", f"active_disclosure.{key}",
                                      decimal=key == "administrative_fees")
                if value is None and _clean(distinct[0]) == "":
                    reader.warn("I-BLANK", f"表二第{r}行第2列（{label}）为空，按0读取")
                    value = 0
                out[key] = value
    missing = [word for word, key in _T2_ROWS + _T2_SINGLE if key not in out]
    if missing:
        reader.error("I-TABLE", f"表二缺少以下行：{'、'.join(missing)}")
    return out


def _row7(reader: _Reader, cells: list[str], r: int, label: str, key: str) -> list[int] | None:
    if len(cells) != 7:
        reader.error("I-TABLE", f"表三第{r}行“{label}”应有7个数字，实际读到{len(cells)}个")
        return None
    values: list[int | None] = []
    for c, text in enumerate(cells):
        column = APPLICANT_COLUMNS[c] if c < 6 else "total"
        values.append(reader.number(text, f"表三第{r}行第{c + 4}列（{label}·{_COLUMN_LABELS[c]}）",
                                    f"applications.{key}.{column}"))  # type: ignore[arg-type]
    blanks = [c for c, text in enumerate(cells) if _clean(text) == ""]
    bad = [c for c, v in enumerate(values) if v is None and c not in blanks]
    if bad:
        return None
    if len(blanks) == 1:
        c = blanks[0]
        known = [v for i, v in enumerate(values) if i != c and v is not None]
        if c == 6:
            value = sum(known)
        else:
            value = values[6] - (sum(known) - values[6])  # type: ignore[operator]
        if value < 0:
            reader.error("I-BLANK", f"表三第{r}行第{c + 4}列（{label}·{_COLUMN_LABELS[c]}）为空，本行总计也无法推出它")
            return None
        reader.warn("I-BLANK", f"表三第{r}行第{c + 4}列（{label}·{_COLUMN_LABELS[c]}）印为空白，按本行总计推出为{value}",
                    expected=str(value), actual="空白")
        values[c] = value
    elif blanks:
        reader.error("I-BLANK", f"表三第{r}行“{label}”有{len(blanks)}个空白单元格，无法确定",
                     actual="、".join(_COLUMN_LABELS[c] for c in blanks))
        return None
    return [int(v) for v in values]  # type: ignore[arg-type]


def _table3(reader: _Reader, grid: Grid) -> dict[str, Any]:
    first = next((i for i, row in enumerate(grid.rows) if "本年新收" in _clean("".join(row))), None)
    width = len(grid.rows[0]) if grid.rows else 0
    if first is None or width < 8:
        reader.error("I-TABLE", "表三的结构与官方格式不符（找不到“一、本年新收…”一行，或不足8列）")
        return {}
    rows = [(r, row) for r, row in enumerate(grid.rows[first:], start=first + 1) if any(_clean(t) for t in row)]
    if len(rows) != len(_T3_ROWS):
        reader.error("I-TABLE", f"表三应有{len(_T3_ROWS)}行数字，实际读到{len(rows)}行")
        return {}
    labels = width - 7
    out: dict[str, Any] = {}
    for (r, row), (key, word) in zip(rows, _T3_ROWS):
        label = _clean("".join(dict.fromkeys(row[:labels])))
        leaf = _clean(row[labels - 1])
        if word not in leaf and word not in label:
            reader.error("I-TABLE", f"表三第{r}行的标签“{leaf}”与官方格式的第{_T3_ROWS.index((key, word)) + 1}行"
                         f"（应含“{word}”）不符", expected=word, actual=leaf)
            continue
        values = _row7(reader, _figures(row, labels), r, leaf, key)
        if values is None:
            continue
        node = out
        parts = key.split(".")
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = {**dict(zip(APPLICANT_COLUMNS, values[:6])), "total": values[6]}
    return out


def _table4(reader: _Reader, grid: Grid) -> dict[str, Any]:
    data = [(r, row) for r, row in enumerate(grid.rows, start=1)
            if row and all(re.fullmatch(r"\d*", _clean(t)) for t in row) and any(_clean(t) for t in row)]
    if len(data) != 1 or len(data[0][1]) != 15:
        reader.error("I-TABLE", "表四应有一行15个数字", actual=f"{len(data)}行")
        return {}
    r, row = data[0]
    out: dict[str, Any] = {}
    for g, group in enumerate(_T4_GROUPS):
        values = {}
        for f, name in enumerate(_T4_FIELDS):
            c = g * 5 + f
            value = reader.number(row[c], f"表四第{r}行第{c + 1}列", f"review_litigation.{group}.{name}")
            if value is None and _clean(row[c]) == "":
                reader.warn("I-BLANK", f"表四第{r}行第{c + 1}列为空，按0读取")
                value = 0
            values[name] = value
        out[group] = values
    return out


# ---------------------------------------------------------------- the words around the tables

_TITLE = re.compile(r"(?P<name>[\u4e00-\u9fff（）()]{2,40}?)(?P<year>20\d\d)年(?:度)?政府信息公开(?:工作)?年度?报告")
_FEE_WORD = r"信息(?:公开)?处理费"
_FEE_NONE = re.compile(rf"(?:未|没有|无)(?:产生|收取|收)?[^。；]{{0,12}}{_FEE_WORD}|{_FEE_WORD}[^。；]{{0,8}}(?:为零|0元|未收取|无)")
_FEE = re.compile(rf"{_FEE_WORD}[^。；\d]{{0,12}}(\d+(?:\.\d+)?)元")
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


def _split_measures(part: str) -> tuple[str, str]:
    """A paragraph that states the problems and then introduces the measures (“…等问题。2023年，我局将…：
    一是…”): split before the sentence that introduces the first enumeration, when it speaks of measures."""
    first = _ORDINAL.search(part)
    if first is None:
        return part, ""
    start = part.rfind("。", 0, first.start()) + 1
    if start > 0 and _MEASURE_INTRO.search(part[start:first.start()]):
        return part[:start], part[start:]
    return part, ""


def _problems(reader: _Reader, text: str) -> list[dict[str, Any]]:
    """Section 五's problems with their measures as ``actions`` (this year's problems.current)."""
    start = text.find("五、存在的主要问题")
    end = text.find("六、其他需要报告的事项")
    if start < 0:
        reader.warn("I-PROBLEMS", "页面中没有“五、存在的主要问题及改进情况”，未读取问题")
        return []
    body = text[start:end if end > start else len(text)]
    paragraphs = [p.strip() for p in body.split("\n")[1:] if p.strip()]
    if not paragraphs:
        return []
    heads = [i for i, p in enumerate(paragraphs) if re.match(r"（[一二]）", p)]
    if len(heads) >= 2:  # （一）存在问题 …（二）整改措施 …
        problem_part = " ".join(paragraphs[heads[0] + 1:heads[1]])
        measure_part = " ".join(paragraphs[heads[1] + 1:])
    else:
        problem_part, measure_part = paragraphs[0], " ".join(paragraphs[1:])
        problem_part, inline = _split_measures(problem_part)  # problems and measures in one paragraph
        measure_part = " ".join(x for x in (inline, measure_part) if x)
    problem_items = _items(problem_part)
    measure_items = _items(measure_part)
    if not problem_items:
        lead, _, rest = problem_part.partition("：")
        problem_items = [(rest or lead).strip().rstrip("。")]
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


def _agency(name: str) -> tuple[str, str]:
    if re.search(r"(人民政府|镇|乡|街道(办事处)?|片区管理局|管理委员会|管委会)$", name):
        level = "township" if re.search(r"(镇|乡|街道(办事处)?|片区管理局)$", name) else "county"
        return "government", level
    return "department", "county"


def read_report(path: str | Path) -> Reading:
    """Read a published report (an HTML page) into an input document, with every value's place."""
    file = Path(path)
    if file.suffix.lower() not in (".html", ".htm"):
        raise NarrativeError([Finding("L-FORMAT", "error", Location(file=str(file)),
                                      "目前只能读取网页（.html/.htm）形式的年度报告")])
    try:
        page = read_html(file)
    except OSError as exc:
        raise NarrativeError([Finding("L-NOT-FOUND", "error", Location(file=str(file)),
                                      f"无法读取：{exc.strerror}")]) from None
    reader = _Reader(str(file))
    doc: dict[str, Any] = {"schema_version": 1}
    match = _TITLE.search(_clean(page.title)) or _TITLE.search(page.text)
    if match is None:
        reader.error("I-TITLE", "标题中找不到“机关名称+年份+政府信息公开工作年度报告”", actual=page.title[:60])
    else:
        name, year = match.group("name"), int(match.group("year"))
        kind, level = _agency(name)
        doc["agency"] = {"name": name, "kind": kind, "level": level}
        doc["year"] = year
        reader.sources.update({"agency.name": "标题", "year": "标题"})
        reader.warn("I-AGENCY", f"机关类别和层级按名称推定为 {kind}、{level}，请核对",
                    expected="机关类别和层级（报告中没有写明）", actual=f"{kind}/{level}")
    found2, found3, found4 = (_find(page.tables, "第二十条"), _find(page.tables, "本年新收"),
                              _find(page.tables, "行政复议", "直接起诉"))
    for found, label in ((found2, "表二"), (found3, "表三"), (found4, "表四")):
        if found is None:
            reader.error("I-TABLE", f"页面中找不到{label}")
    if found2:
        doc["active_disclosure"] = _table2(reader, found2[1])
    if found3:
        doc["applications"] = _table3(reader, found3[1])
    if found4:
        doc["review_litigation"] = _table4(reader, found4[1])
    six = page.text[page.text.find("六、其他需要报告的事项"):] if "六、其他需要报告的事项" in page.text else ""
    fee = _FEE.search(six)
    if fee:
        doc["fees"] = {"information_processing_fee_yuan": fee.group(1)}
        reader.sources["fees.information_processing_fee_yuan"] = f"六：“{fee.group(0)}”"
    elif _FEE_NONE.search(six):
        doc["fees"] = {"information_processing_fee_yuan": 0}
        reader.sources["fees.information_processing_fee_yuan"] = f"六：“{_FEE_NONE.search(six).group(0)}”"  # type: ignore[union-attr]
    else:
        reader.warn("I-FEE", "六中没有找到信息处理费的说明；输入中未填写（按0处理）" if six
                    else "页面中没有“六、其他需要报告的事项”；信息处理费未填写（按0处理）")
    problems = _problems(reader, page.text)
    if problems:
        doc["problems"] = {"current": problems}
    errors = [f for f in reader.findings if f.is_error]
    if errors:
        raise NarrativeError(reader.findings)
    return Reading(doc, reader.sources, reader.findings)
