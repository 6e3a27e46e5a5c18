"""The report input (schema version 1): agency, year, the three tables, narrative facts and problems.

The table part follows ``input-format.md`` exactly; ``facts`` and ``publication`` are this project's design:
every fact is optional, and ``None`` (not given) is never the same as zero, because the draft may only
state what the input gave.
"""

from __future__ import annotations

from decimal import Decimal
import re
from typing import Annotated, Any, Literal

from pydantic import ConfigDict, Field, PlainSerializer, PrivateAttr, WrapValidator, model_validator
from pydantic_core import PydanticCustomError

from .tables import (
    Amount,
    ActiveDisclosure,
    Applications,
    ReviewLitigation,
    Strict,
    Text,
)

Kind = Literal["government", "department", "authorized_org"]
Level = Literal["province", "city", "county", "township"]
Scope = Literal["self", "aggregate"]

KIND_LABELS = {"government": "人民政府", "department": "政府部门", "authorized_org": "法律法规授权组织"}
LEVEL_LABELS = {"province": "省级", "city": "市级", "county": "县级", "township": "乡镇（街道）级"}


class Agency(Strict):
    """The reporting body."""

    name: Text = Field(title="机关全称", description="用于报告标题，如“辛集镇人民政府”")
    short_name: Text | None = Field(None, title="机关简称")
    self_reference: Text | None = Field(
        None, title="自称", description="如“我镇”“我县”“我局”“本机关”；不填时按机关名称和类别推定"
    )
    kind: Kind = Field(title="机关类别")
    level: Level = Field(title="行政层级")
    scope: Scope = Field("self", title="统计范围",
                         description="self：本机关；aggregate：汇总本地区各级行政机关的区域报告（全市、全区……）")

    @property
    def self_ref(self) -> str:
        """How the report refers to its own body (我镇, 我街道, 我县, 我局, 本机关 …)."""
        return self.self_reference or derive_self_reference(self.name, self.kind, self.level)


# Suffix → self-reference, longest suffix first. Governments are named "<place>人民政府" or
# "<place>街道办事处"; departments by their office type.
_GOVERNMENT_SUFFIXES = (
    ("街道办事处", "我街道"), ("街道", "我街道"), ("自治州", "我州"), ("自治县", "我县"), ("自治旗", "我旗"),
    ("自治区", "我区"), ("新区", "我区"), ("地区", "我地区"), ("镇", "我镇"), ("乡", "我乡"), ("县", "我县"),
    ("区", "我区"), ("市", "我市"), ("省", "我省"), ("州", "我州"), ("盟", "我盟"), ("旗", "我旗"),
)
_DEPARTMENT_SUFFIXES = (
    ("委员会", "我委"), ("办公室", "我办"), ("管理局", "我局"), ("中心", "我中心"), ("总局", "我局"),
    ("局", "我局"), ("厅", "我厅"), ("委", "我委"), ("办", "我办"), ("署", "我署"), ("院", "我院"),
)


def derive_self_reference(name: str, kind: str, level: str) -> str:
    """Derive the self-reference from the body's full name; fall back to 本机关 when the name is unusual."""
    if kind == "government":
        stem = name.removesuffix("人民政府")
        for suffix, ref in _GOVERNMENT_SUFFIXES:
            if stem.endswith(suffix):
                return ref
        return "本机关"
    for suffix, ref in _DEPARTMENT_SUFFIXES:
        if name.endswith(suffix):
            return ref
    return "本机关"


# ---------------------------------------------------------------- 五 problems


class ProblemItem(Strict):
    """A problem: free text, a topic key of the phrase bank, or both; last year's may list what was done."""

    text: Text | None = Field(None, title="问题表述")
    topic: Text | None = Field(None, title="问题类别（短语库主题）")
    actions: list[Text] = Field(
        default_factory=list, title="整改措施",
        description="上年度的问题：本年度已做的工作；本年度的问题：拟采取的改进措施。草稿照录，不改写")
    planned: list[Text] = Field(
        default_factory=list, title="上年度报告提出的改进措施",
        description="仅用于上年度的问题：去年计划做的事，草稿不把它当作已完成的工作")

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, value: Any) -> Any:
        """A plain string is a problem's text."""
        return {"text": value} if isinstance(value, str) else value

    @model_validator(mode="after")
    def _needs_text_or_topic(self) -> ProblemItem:
        if self.text is None and self.topic is None:
            raise PydanticCustomError(
                "narrative_problem",
                "问题至少应给出 text（问题表述）或 topic（问题类别）之一",
                {"code": "S-REQUIRED", "expected": "text 或 topic", "actual": "均未填写"},
            )
        return self


class Problems(Strict):
    """五、存在的主要问题及改进情况."""

    previous: list[ProblemItem] | None = Field(None, title="上年度存在的问题")
    current: list[ProblemItem] | None = Field(None, title="本年度存在的问题")


# ---------------------------------------------------------------- 一 narrative facts


class ApproxInt(int):
    """A count given as approximate ("5500余"): compares and adds like the int, prints with its 余 or 多."""

    suffix: str

    def __new__(cls, value: int, suffix: str = "余") -> ApproxInt:
        obj = super().__new__(cls, value)
        obj.suffix = suffix
        return obj

    def __str__(self) -> str:
        return f"{int(self)}{self.suffix}"

    __format__ = None  # type: ignore[assignment]  # f"{x}" must not drop the suffix

    def __repr__(self) -> str:
        return repr(str(self))

    def __reduce__(self) -> Any:
        return (ApproxInt, (int(self), self.suffix))


ApproxInt.__format__ = lambda self, spec: format(str(self), spec)  # type: ignore[method-assign]

_APPROX_TEXT = re.compile(r"(\d+)(余|多)")


def _fact_count(value: Any, handler: Any) -> Any:
    """A fact count: a non-negative integer, or an approximate one written "5500余" / "5500多"."""
    if isinstance(value, ApproxInt):
        return value
    if isinstance(value, str):
        match = _APPROX_TEXT.fullmatch(value.strip())
        if match and len(match.group(1)) <= 15:
            return ApproxInt(int(match.group(1)), match.group(2))
        raise PydanticCustomError(
            "narrative_fact_count",
            "应为非负整数，或写作“5500余”“5500多”的约数，实际为 {actual}",
            {"code": "S-TYPE", "expected": "非负整数或“数字+余/多”", "actual": repr(value)},
        )
    return handler(value)


def _dump_fact_count(value: int) -> int | str:
    return str(value) if isinstance(value, ApproxInt) else value


FactCount = Annotated[int, Field(strict=True, ge=0), WrapValidator(_fact_count),
                      PlainSerializer(_dump_fact_count)]
#: A fact count that may be absent (not given, never the same as zero); "5500余" keeps its 余.
OptFactCount = FactCount | None


class CountedFact(Strict):
    """Any other counted fact a clerk wants stated: 办理12345热线工单 320 件 (approx: 320余件)."""

    label: Text = Field(title="事项", description="如“办理12345热线工单”“公开重大建设项目信息”")
    value: FactCount = Field(title="数量")
    unit: Text = Field(title="单位", description="如“件”“条”“次”“期”")
    approx: bool = Field(False, strict=True, title="约数（数字后加“余”）")

    @property
    def text(self) -> str:
        """The fact as prose: label, the figure (with 余 when approximate) and the unit."""
        if not self.value:
            return f"{self.label}：无"  # zero is said in words
        figure = str(self.value) if isinstance(self.value, ApproxInt) or not self.approx else f"{self.value}余"
        return f"{self.label}{figure}{self.unit}"


Counts = list[CountedFact]


class ActiveFacts(Strict):
    """Facts for 一（一）主动公开 beyond table 2."""

    items_published: OptFactCount = Field(None, title="全年主动公开政府信息（条）")
    items_by_category: Counts = Field(default_factory=list, title="主动公开信息分类或渠道（条）",
                                      description="如 {label: 机构职能类信息, value: 82, unit: 条}")
    policy_interpretations: OptFactCount = Field(None, title="发布政策解读（篇）")
    press_conferences: OptFactCount = Field(None, title="召开新闻发布会（场）")
    gazette_issues: OptFactCount = Field(None, title="编印政府公报（期）")
    new_columns: list[Text] = Field(default_factory=list, title="新开设专栏、专题（名称）")
    key_areas: Counts = Field(default_factory=list, title="重点领域信息公开",
                              description="如 {label: 公开重大建设项目信息, value: 390, unit: 条}")
    consultations: OptFactCount = Field(None, title="开展意见征集（次）")
    opinions_received: OptFactCount = Field(None, title="收到意见建议（条）")
    surveys: OptFactCount = Field(None, title="开展民意调查（次）")
    counts: Counts = Field(default_factory=list, title="其他计数事实")
    highlights: list[Text] = Field(default_factory=list, title="其他要点")


class ApplicationFacts(Strict):
    """Facts for 一（二）依申请公开 beyond table 3 (whose figures are cited automatically)."""

    replied_on_time: OptFactCount = Field(None, title="在法定期限内答复的申请（件）")
    counts: Counts = Field(default_factory=list, title="其他计数事实")
    highlights: list[Text] = Field(default_factory=list, title="其他要点")


class ManagementFacts(Strict):
    """Facts for 一（三）政府信息管理."""

    documents_reviewed: OptFactCount = Field(None, title="公开前开展保密和公开属性审查的文件（件）")
    normative_documents_cleaned: OptFactCount = Field(None, title="清理行政规范性文件（件）")
    counts: Counts = Field(default_factory=list, title="其他计数事实")
    highlights: list[Text] = Field(default_factory=list, title="其他要点")


class PlatformFacts(Strict):
    """Facts for 一（四）政府信息公开平台建设."""

    website: Text | None = Field(None, title="政府网站名称")
    new_media_accounts: OptFactCount = Field(None, title="政务新媒体账号（个）")
    new_media_opened: OptFactCount = Field(None, title="本年新开设政务新媒体账号（个）")
    new_media_closed: OptFactCount = Field(None, title="本年关停整合政务新媒体账号（个）")
    new_media_posts: OptFactCount = Field(None, title="政务新媒体发布信息（条）")
    bulletin_boards: OptFactCount = Field(None, title="政务公开栏（个）")
    online_interviews: OptFactCount = Field(None, title="开展在线访谈（场）")
    messages_handled: OptFactCount = Field(None, title="办理网民留言、12345热线诉求（件）")
    counts: Counts = Field(default_factory=list, title="其他计数事实")
    highlights: list[Text] = Field(default_factory=list, title="其他要点")


class OversightFacts(Strict):
    """Facts for 一（五）监督保障, including 工作考核、社会评议和责任追究结果."""

    trainings: OptFactCount = Field(None, title="组织政务公开业务培训（次）")
    trainees: OptFactCount = Field(None, title="培训人次")
    inspections: OptFactCount = Field(None, title="开展督查检查（次）")
    monitoring_rounds: OptFactCount = Field(None, title="开展网站和政务新媒体监测（轮）")
    notices: OptFactCount = Field(None, title="印发检查、监测情况通报（期）")
    assessment: Text | None = Field(None, title="工作考核结果")
    public_evaluation: Text | None = Field(None, title="社会评议结果")
    accountability_cases: OptFactCount = Field(None, title="责任追究（起）")
    counts: Counts = Field(default_factory=list, title="其他计数事实")
    highlights: list[Text] = Field(default_factory=list, title="其他要点")


class ProposalFacts(Strict):
    """六: 人大代表建议和政协委员提案办理结果公开 (a government reports it)."""

    npc_suggestions: OptFactCount = Field(None, title="办理人大代表建议（件）")
    cppcc_proposals: OptFactCount = Field(None, title="办理政协委员提案（件）")
    results_published: OptFactCount = Field(None, title="公开办理结果（件）")


class Facts(Strict):
    """Optional narrative facts: what the five aspects of 一 and section 六 may cite beyond the tables."""

    active_disclosure: ActiveFacts = Field(default_factory=ActiveFacts, title="主动公开")
    application_handling: ApplicationFacts = Field(default_factory=ApplicationFacts, title="依申请公开")
    information_management: ManagementFacts = Field(default_factory=ManagementFacts, title="政府信息管理")
    platforms: PlatformFacts = Field(default_factory=PlatformFacts, title="政府信息公开平台建设")
    oversight: OversightFacts = Field(default_factory=OversightFacts, title="监督保障")
    proposals: ProposalFacts = Field(default_factory=ProposalFacts, title="人大代表建议和政协提案办理结果公开")
    key_points: Text | None = Field(None, title="落实年度政务公开工作要点情况")
    other_matters: list[Text] = Field(default_factory=list, title="其他需要报告的事项")


class Publication(Strict):
    """Where the report can be downloaded and whom to contact (the preface of the full report)."""

    website: Text | None = Field(None, title="报告发布网站")
    url: Text | None = Field(None, title="网址")
    office: Text | None = Field(None, title="联系机构")
    address: Text | None = Field(None, title="联系地址")
    postcode: Text | None = Field(None, title="邮编")
    phone: Text | None = Field(None, title="联系电话")
    email: Text | None = Field(None, title="电子邮箱")


class Fees(Strict):
    """六: 信息处理费 actually collected, in 元."""

    information_processing_fee_yuan: Amount = Field(Decimal(0), title="信息处理费（元）")


# ---------------------------------------------------------------- the whole input


class ReportInput(Strict):
    """One year's report input for one body."""

    model_config = ConfigDict(title="政府信息公开工作年度报告输入")
    #: Where each key path came from (file and line), set by the loader so later findings can cite lines.
    _sources: Any = PrivateAttr(default=None)

    def __eq__(self, other: object) -> bool:
        """Equal when the facts are equal, wherever they were read from."""
        return type(other) is type(self) and self.__dict__ == other.__dict__

    __hash__ = None  # type: ignore[assignment]  # mutable model

    schema_version: Literal[1] = Field(1, title="输入格式版本")
    agency: Agency = Field(title="机关信息")
    year: int = Field(strict=True, ge=2008, le=2100, title="报告年度")
    active_disclosure: ActiveDisclosure = Field(default_factory=ActiveDisclosure, title="表二 主动公开政府信息情况")
    applications: Applications = Field(default_factory=Applications, title="表三 收到和处理政府信息公开申请情况")
    review_litigation: ReviewLitigation = Field(
        default_factory=ReviewLitigation, title="表四 政府信息公开行政复议、行政诉讼情况"
    )
    problems: Problems = Field(default_factory=Problems, title="五、存在的主要问题及改进情况")
    facts: Facts = Field(default_factory=Facts, title="总体情况事实")
    fees: Fees = Field(default_factory=Fees, title="六、其他需要报告的事项·信息处理费")
    publication: Publication = Field(default_factory=Publication, title="报告发布与联系方式")
    previous_year: ReportInput | None = Field(None, title="上年度报告输入")

    @model_validator(mode="before")
    @classmethod
    def _previous_must_be_loaded(cls, value: Any) -> Any:
        """A previous_year path must have been resolved by the loader before validation."""
        if isinstance(value, dict) and isinstance(value.get("previous_year"), str):
            raise PydanticCustomError(
                "narrative_previous",
                "previous_year 为文件路径时须通过 narrative.load() 读取",
                {"code": "L-PREVIOUS", "expected": "已读取的上年度输入", "actual": value["previous_year"]},
            )
        return value


ReportInput.model_rebuild()


def input_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of the input, with the root inlined and official labels as titles."""
    schema = ReportInput.model_json_schema()
    ref = schema.pop("$ref", None)
    if ref is not None:  # the root refers to itself through previous_year; keep the def, inline the root
        schema = {**schema["$defs"][ref.rsplit("/", 1)[-1]], **schema}
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}
