"""Findings: every problem with an input is a value with a rule code, a location and expected vs actual.

The library never prints; the CLI formats findings. :class:`NarrativeError` is the one exception type the
public API raises for unreadable or invalid input, and it carries all findings at once.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from typing import Any, Literal

Severity = Literal["error", "warning"]

#: Every rule code the library emits, with what it means (documented in docs/rules.md).
RULES: dict[str, str] = {
    "T2-NONNEG": "每个数量都应为非负整数，收费金额应为非负数额",
    "T3-ROW-TOTAL": "表三每行：总计 = 自然人 + 商业企业 + 科研机构 + 社会公益组织 + 法律服务机构 + 其他",
    "T3-RESULTS-SUM": "表三每列：（七）总计 = 三、本年度办理结果21个末级项之和",
    "T3-BALANCE": "表三每列：一、本年新收 + 二、上年结转 = 三（七）总计 + 四、结转下年度继续办理",
    "T4-SUM": "表四每组：总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结",
    "X-CARRY": "本年二、上年结转应等于上年度四、结转下年度继续办理（逐列）",
    "X-IN-FORCE": "规章、行政规范性文件：现行有效 = 上年现行有效 + 本年制发 − 本年废止",
    "X-PREV-YEAR": "上年度输入的年份应为本年度减一",
    "X-PREV-AGENCY": "上年度输入应为同一机关",
    "S-UNKNOWN-KEY": "不认识的字段（可能是拼写错误）",
    "S-DUPLICATE-KEY": "同一字段在一个映射中出现两次",
    "S-REQUIRED": "缺少必填字段",
    "S-CHOICE": "取值不在允许范围内",
    "S-TYPE": "值的类型不对",
    "S-VALUE": "值超出允许范围",
    "S-ROW-LENGTH": "以列表填写的行应有6个或7个数",
    "S-TOPIC": "问题类别不在短语库中",
    "L-NOT-FOUND": "找不到输入文件",
    "L-FORMAT": "无法识别的文件格式（应为 .yaml/.yml/.json/.toml/.xlsx）",
    "L-ENCODING": "文件不是 UTF-8 编码",
    "L-EMPTY": "文件为空",
    "L-SYNTAX": "文件语法错误，无法解析",
    "L-NOT-MAPPING": "文件顶层应为映射（键值对）",
    "L-PREVIOUS": "上年度输入无法读取",
    "L-CYCLE": "previous_year 形成循环引用",
    "L-SPECIAL": "输入不是普通文件（命名管道、设备等），未读取",
    "L-TOO-LARGE": "文件超过大小上限，未解析",
    "L-TOO-DEEP": "映射和列表嵌套超过层数上限（或引用了自身）",
    "L-TOO-MANY": "输入的值（含别名展开）超过数量上限",
    "S-TOO-LONG": "文字超过长度上限",
    "S-TOO-MANY": "列表超过项数上限",
    "S-DIGITS": "整数或数额的位数超过上限",
    "I-TITLE": "导入：标题中找不到机关名称和年度",
    "I-TABLE": "导入：找不到官方表格，或表格的行、列与官方格式不符",
    "I-NUMBER": "导入：单元格中的内容不是可以确定的数字",
    "I-AMBIGUOUS": "导入：连在一起的数字有不止一种拆法，无法确定",
    "I-BLANK": "导入：单元格印为空白（由本行总计推出时为警告，推不出时为错误）",
    "I-LAYOUT": "导入：表格按旧格式印制（如“其他处理”只有一行），已按现行格式对应读取",
    "I-AGENCY": "导入：机关类别和层级按名称推定，须核对",
    "I-FEE": "导入：六中没有找到信息处理费的说明",
    "I-PROBLEMS": "导入：页面中没有第五部分，未读取问题",
    "I-PAIRING": "导入：第五部分的问题与措施数量不同，无法一一对应",
    "W-LAYOUT": "工作簿的表格结构被改动（缺少工作表、标签不符、插入或删除了行列）",
    "W-MERGED": "工作簿中填数的单元格被合并，合并后只有左上角的数能被读取",
    "W-FULLWIDTH": "单元格中的数字是全角字符（如“１２”），应为半角数字",
    "W-THOUSANDS": "单元格中的数字带有千位分隔符（如“1,234”），应直接填写数字",
    "W-TEXT": "应填数字的单元格中是文字（带单位、说明或日期等）",
    "W-EXTRA": "工作簿中有不属于任何填报项的内容（不会被读取）",
    "A-HEADING-MISSING": "审查：缺少六个部分之一的标题（或标题用语无法辨认）",
    "A-HEADING-ORDER": "审查：六个部分的标题顺序不对",
    "A-HEADING-WORDING": "审查：部分标题与格式规定的用语不同",
    "A-ASPECT": "审查：一、总体情况没有写到五个方面之一",
    "A-GOV-RESULTS": "审查：人民政府的报告在监督保障中没有写明工作考核、社会评议、责任追究结果",
    "A-NUMBERING": "审查：序号不连续（跳号、重号或不从一开始）",
    "A-FEE": "审查：六中没有信息处理费的说明",
    "A-FIGURE": "审查：正文中的数字与表格（或由表格推算的数）不符",
    "A-FIGURE-SCOPE": "审查：正文中的数字按另一种口径与表格相符，或所述范围不是本机关的表格",
    "A-ARITH": "审查：正文中的合计或比例与所列各数算不拢",
    "A-PREV-REVIEW": "审查：五中没有逐项说明上年度报告所列问题的改进情况",
    "A-MEASURE-COPIED": "审查：本年度的改进措施照抄上年度报告",
    "A-OVERLAP-PREV": "审查：正文与上年度报告重复超过50%",
    "A-OVERLAP-PEER": "审查：正文与另一机关的报告重复超过50%（雷同）",
    "A-LATE": "审查：发布日期晚于法定期限",
    "A-UNREAD": "审查：文件无法读取，未审查",
    "D-TODO": "草稿中留有【待补充：…】标记：输入缺少必须说明的事项",
    "D-PROBLEMS": "数据和输入给出的本年度问题不足，或 problems.current 为空列表",
    "D-CONFIRM": "草稿按短语库提出的改进措施，须由本机关确认或改写",
    "D-OVERLAP": "--against：草稿正文与上年度已发布报告的重复超过50%",
    "D-STRICT": "--strict：草稿仍有待补充标记",
    "P-NOT-FOUND": "找不到短语库目录",
    "P-FORMAT": "短语库文件格式不对",
    "P-DUPLICATE-ID": "短语库中 id 重复",
    "P-TEMPLATE": "模板或条件无法编译",
    "P-VARIABLE": "模板使用了上下文中没有的变量",
    "P-PUNCT": "模板的中文中有半角标点",
    "P-DIGIT": "模板中直接写了数字（数字须来自变量）",
    "P-DUPLICATE-VARIANT": "同一短语有重复的变体",
    "P-SLOT": "短语的槽位不是计划会用到的槽位",
    "P-TOPIC": "规则指向不存在的问题类别",
    "P-RENDER": "模板或条件在示例数据下无法生成",
    "P-SANDBOX": "模板试图越出沙箱（访问内部属性、超大范围等），被拒绝",
    "P-RESIDUE": "生成的文字有残留（None、{{、0件、半角标点等）",
    "P-FALLBACK": "槽位缺少不依赖可选事实的兜底表述",
    "P-NO-PHRASE": "起草时某槽位没有适用的表述",
}


@dataclass(frozen=True)
class Location:
    """Where a finding applies: a key path into the input and the same path as official Chinese labels.

    ``table`` is ``active_disclosure`` / ``applications`` / ``review_litigation`` for table findings, ``row``
    the dotted key path of a table row and ``column`` its column key; each has its ``*_label`` twin.
    """

    path: tuple[str | int, ...] = ()
    labels: tuple[str, ...] = ()
    table: str | None = None
    table_label: str | None = None
    row: str | None = None
    row_label: str | None = None
    column: str | None = None
    column_label: str | None = None
    file: str | None = None
    line: int | None = None
    #: In a workbook input: the sheet and cell, as ``表三!D12`` (``line`` is then None).
    cell: str | None = None
    #: In a report's text (the audit): the section (一 … 六), the paragraph within it (from 1) and the
    #: sentence quoted.
    section: str | None = None
    paragraph: int | None = None
    quote: str | None = None

    @property
    def dotted(self) -> str:
        """The key path as ``applications.results.total.natural_person`` (list indices as ``[0]``)."""
        out = ""
        for key in self.path:
            out += f"[{key}]" if isinstance(key, int) else (f".{key}" if out else str(key))
        return out or "（整个输入）"

    @property
    def label(self) -> str:
        """The official labels joined for a reader: 表三 › 三、本年度办理结果 › （一）予以公开 › 自然人."""
        return " › ".join(self.labels) if self.labels else "（整个输入）"


@dataclass(frozen=True)
class Finding:
    """One result of reading or checking an input."""

    code: str
    severity: Severity
    location: Location
    message: str
    expected: str | None = None
    actual: str | None = None
    hint: str | None = None
    extra: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def with_prefix(self, prefix: tuple[str | int, ...], label: str, severity: Severity | None = None) -> Finding:
        """The same finding located inside a nested input (e.g. ``previous_year``)."""
        loc = self.location
        row = ".".join(map(str, prefix)) + "." + loc.row if loc.row else None
        new_loc = replace(loc, path=prefix + loc.path, labels=(label,) + loc.labels, row=row)
        extra = self.extra
        if "merged" in extra:  # the rules a merged finding stands for move with it (narrative.attribution)
            extra = {**extra, "merged": [{**m, "path": prefix + tuple(m["path"])} for m in extra["merged"]]}
        return replace(self, location=new_loc, severity=severity or self.severity, extra=extra)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (used by ``narrative check --format json``)."""
        data = asdict(self)
        data.pop("extra", None)
        for key in ("section", "paragraph", "quote"):  # the audit's places: only where they apply
            if data["location"][key] is None:
                del data["location"][key]
        data["location"]["path"] = list(self.location.path)
        data["location"]["dotted"] = self.location.dotted
        data["location"]["label"] = self.location.label
        return data

    def format(self) -> str:
        """One line for a terminal: ``file:line: error CODE path（标签）: message`` (``file 表三!D12:`` for a
        workbook)."""
        where = self.location.file or ""
        if where and self.location.line:
            where += f":{self.location.line}"
        if self.location.cell:
            where = f"{where} {self.location.cell}" if where else self.location.cell
        head = f"{where}: " if where else ""
        where_in = f"{self.location.dotted}（{self.location.label}）" if self.location.labels else self.location.dotted
        if self.location.section and not self.location.labels:
            where_in = (f"{self.location.section}、第{self.location.paragraph}段" if self.location.paragraph
                        else f"第{self.location.section}部分")
        if self.location.quote:
            where_in += f"“{self.location.quote}”"
        text = f"{head}{self.severity} {self.code} {where_in}：{self.message}"
        if self.expected is not None or self.actual is not None:
            text += f" [期望 {self.expected}，实际 {self.actual}]"
        if self.hint:
            text += f" {self.hint}"
        return text


def sort_findings(findings: list[Finding]) -> list[Finding]:
    """Errors before warnings; otherwise the order in which they were found (official table order)."""
    return sorted(findings, key=lambda f: f.severity != "error")


class NarrativeError(Exception):
    """The input could not be read or is invalid. ``findings`` holds every problem found, not only the first."""

    def __init__(self, findings: list[Finding]):
        self.findings = list(findings)
        super().__init__(self._summary())

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.is_error]

    def _summary(self) -> str:
        errors = self.errors or self.findings
        lines = [f"输入有{len(errors)}处错误：" if len(errors) > 1 else "输入有错误："]
        lines.extend(f.format() for f in errors)
        return "\n".join(lines)
