"""The report input (schema version 1): agency, year, the three tables, narrative facts and problems.

The table part follows ``input-format.md`` exactly; ``facts`` and ``publication`` are this project's design:
every fact is optional, and ``None`` (not given) is never the same as zero, because the draft may only
state what the input gave.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal

from pydantic import ConfigDict, Field, PrivateAttr, model_validator
from pydantic_core import PydanticCustomError

from .tables import (
    Amount,
    ActiveDisclosure,
    Applications,
    OptCount,
    ReviewLitigation,
    Strict,
    Text,
)

Kind = Literal["government", "department", "authorized_org"]
Level = Literal["province", "city", "county", "township"]

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
    actions: list[Text] = Field(default_factory=list, title="整改措施（已做的工作）")

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


class ActiveFacts(Strict):
    """Facts for 一（一）主动公开 beyond table 2."""

    items_published: OptCount = Field(None, title="全年主动公开政府信息（条）")
    policy_interpretations: OptCount = Field(None, title="发布政策解读（篇）")
    press_conferences: OptCount = Field(None, title="召开新闻发布会（场）")
    highlights: list[Text] = Field(default_factory=list, title="其他要点")


class ApplicationFacts(Strict):
    """Facts for 一（二）依申请公开 beyond table 3 (whose figures are cited automatically)."""

    highlights: list[Text] = Field(default_factory=list, title="其他要点")


class ManagementFacts(Strict):
    """Facts for 一（三）政府信息管理."""

    documents_reviewed: OptCount = Field(None, title="公开前开展保密和公开属性审查的文件（件）")
    normative_documents_cleaned: OptCount = Field(None, title="清理行政规范性文件（件）")
    highlights: list[Text] = Field(default_factory=list, title="其他要点")


class PlatformFacts(Strict):
    """Facts for 一（四）政府信息公开平台建设."""

    website: Text | None = Field(None, title="政府网站名称")
    new_media_accounts: OptCount = Field(None, title="政务新媒体账号（个）")
    new_media_posts: OptCount = Field(None, title="政务新媒体发布信息（条）")
    bulletin_boards: OptCount = Field(None, title="政务公开栏（个）")
    highlights: list[Text] = Field(default_factory=list, title="其他要点")


class OversightFacts(Strict):
    """Facts for 一（五）监督保障, including 工作考核、社会评议和责任追究结果."""

    trainings: OptCount = Field(None, title="组织政务公开业务培训（次）")
    trainees: OptCount = Field(None, title="培训人次")
    inspections: OptCount = Field(None, title="开展督查检查（次）")
    assessment: Text | None = Field(None, title="工作考核结果")
    public_evaluation: Text | None = Field(None, title="社会评议结果")
    accountability_cases: OptCount = Field(None, title="责任追究（起）")
    highlights: list[Text] = Field(default_factory=list, title="其他要点")


class Facts(Strict):
    """Optional narrative facts: what the five aspects of 一 and section 六 may cite beyond the tables."""

    active_disclosure: ActiveFacts = Field(default_factory=ActiveFacts, title="主动公开")
    application_handling: ApplicationFacts = Field(default_factory=ApplicationFacts, title="依申请公开")
    information_management: ManagementFacts = Field(default_factory=ManagementFacts, title="政府信息管理")
    platforms: PlatformFacts = Field(default_factory=PlatformFacts, title="政府信息公开平台建设")
    oversight: OversightFacts = Field(default_factory=OversightFacts, title="监督保障")
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
