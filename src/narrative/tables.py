"""The three statutory tables of the report input (表二、表三、表四) as pydantic v2 models.

Every field carries its official Chinese label as ``title``: error messages and the JSON Schema use it.
Absent rows, columns and tables are zero; ``total`` keys are optional and, when given, are checked by
:mod:`narrative.checks` rather than trusted.
"""

from __future__ import annotations

import operator
import re
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

#: A count: a strict non-negative integer (no "12", no 3.0, no true).
Count = Annotated[int, Field(strict=True, ge=0)]
#: A count that may be absent; absent means "not given", which is not the same as zero.
OptCount = Count | None
#: Free text written by the user: a non-empty string.
Text = Annotated[str, Field(strict=True, min_length=1)]

APPLICANT_COLUMNS: tuple[str, ...] = (
    "natural_person",
    "commercial_enterprise",
    "research_institution",
    "social_welfare_org",
    "legal_service_org",
    "other_org",
)
_CELLS = operator.attrgetter(*APPLICANT_COLUMNS)  # the six cells as one tuple, read in one call
OUTCOME_COLUMNS: tuple[str, ...] = ("upheld", "corrected", "other", "pending")

_DECIMAL_TEXT = re.compile(r"\d+(\.\d+)?")


def _to_decimal(value: Any) -> Decimal:
    """Accept an amount as int, finite float, Decimal or plain decimal text; reject the rest (T2-NONNEG)."""
    amount: Decimal | None = None
    if isinstance(value, bool):
        amount = None
    elif isinstance(value, Decimal):
        amount = value if value.is_finite() else None
    elif isinstance(value, int):
        amount = Decimal(value)
    elif isinstance(value, float):
        # repr() of a float is the shortest text that round-trips: 12.3456 stays 12.3456.
        amount = Decimal(repr(value)) if value == value and value not in (float("inf"), float("-inf")) else None
    elif isinstance(value, str) and _DECIMAL_TEXT.fullmatch(value.strip()):
        try:
            amount = Decimal(value.strip())
        except InvalidOperation:  # pragma: no cover - the regex admits only valid text
            amount = None
    if amount is None or amount < 0:
        raise PydanticCustomError(
            "narrative_amount",
            "应为非负数额（整数或小数），实际为 {actual}",
            {"code": "T2-NONNEG", "expected": "非负数额", "actual": repr(value)},
        )
    return amount


#: A money amount: a non-negative Decimal (never a float).
Amount = Annotated[Decimal, BeforeValidator(_to_decimal)]


class Strict(BaseModel):
    """Base for every input model: unknown keys are errors, values are validated on assignment."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)


# ---------------------------------------------------------------- 表二 主动公开


class DocumentCounts(Strict):
    """A row of 第二十条第（一）项: documents issued, repealed and in force."""

    issued: Count = Field(0, title="本年制发件数")
    repealed: Count = Field(0, title="本年废止件数")
    in_force: Count = Field(0, title="现行有效件数")


class ActiveDisclosure(Strict):
    """表二 主动公开政府信息情况."""

    regulations: DocumentCounts = Field(default_factory=DocumentCounts, title="规章")
    normative_documents: DocumentCounts = Field(default_factory=DocumentCounts, title="行政规范性文件")
    licensing: Count = Field(0, title="行政许可（本年处理决定数量）")
    punishment: Count = Field(0, title="行政处罚（本年处理决定数量）")
    coercion: Count = Field(0, title="行政强制（本年处理决定数量）")
    administrative_fees: Amount = Field(Decimal(0), title="行政事业性收费（本年收费金额，单位：万元）")


# ---------------------------------------------------------------- 表三 依申请公开


class ApplicantRow(Strict):
    """One row of table 3 across the six applicant columns, with an optional stated 总计."""

    natural_person: Count = Field(0, title="自然人")
    commercial_enterprise: Count = Field(0, title="法人或其他组织·商业企业")
    research_institution: Count = Field(0, title="法人或其他组织·科研机构")
    social_welfare_org: Count = Field(0, title="法人或其他组织·社会公益组织")
    legal_service_org: Count = Field(0, title="法人或其他组织·法律服务机构")
    other_org: Count = Field(0, title="法人或其他组织·其他")
    total: OptCount = Field(None, title="总计")

    @model_validator(mode="before")
    @classmethod
    def _from_list(cls, value: Any) -> Any:
        """Accept a row pasted from a spreadsheet: 6 numbers (official column order) or 7 (with 总计)."""
        if isinstance(value, (list, tuple)):
            if len(value) not in (6, 7):
                raise PydanticCustomError(
                    "narrative_row_length",
                    "以列表填写的行应有6个数（六类申请人）或7个数（另加总计），实际为{n}个",
                    {"code": "S-ROW-LENGTH", "expected": "6或7个数", "actual": f"{len(value)}个", "n": len(value)},
                )
            keys = APPLICANT_COLUMNS + ("total",)
            return dict(zip(keys, value))
        return value

    def cells(self) -> tuple[int, ...]:
        """The six applicant cells in official order."""
        return _CELLS(self)

    @property
    def sum(self) -> int:
        """总计 as computed from the six columns (the stated ``total`` is only checked against it)."""
        return sum(self.cells())


@lru_cache(maxsize=256)
def fields_of(cls: type[BaseModel]) -> dict[str, Any]:
    """A model class's fields in order (asked of pydantic once: its ``model_fields`` is a property that
    costs more than a lookup). Read it, never change it."""
    return dict(cls.model_fields)


def _row(title: str) -> Any:
    return Field(default_factory=ApplicantRow, title=title)


class NotDisclosed(Strict):
    """（三）不予公开."""

    state_secret: ApplicantRow = _row("1.属于国家秘密")
    prohibited_by_law: ApplicantRow = _row("2.其他法律行政法规禁止公开")
    three_safeties_one_stability: ApplicantRow = _row("3.危及“三安全一稳定”")
    third_party_rights: ApplicantRow = _row("4.保护第三方合法权益")
    internal_affairs: ApplicantRow = _row("5.属于三类内部事务信息")
    process_information: ApplicantRow = _row("6.属于四类过程性信息")
    enforcement_files: ApplicantRow = _row("7.属于行政执法案卷")
    administrative_query: ApplicantRow = _row("8.属于行政查询事项")


class CannotProvide(Strict):
    """（四）无法提供."""

    not_held: ApplicantRow = _row("1.本机关不掌握相关政府信息")
    needs_compilation: ApplicantRow = _row("2.没有现成信息需要另行制作")
    unclear_after_supplement: ApplicantRow = _row("3.补正后申请内容仍不明确")


class NotProcessed(Strict):
    """（五）不予处理."""

    complaint_petition: ApplicantRow = _row("1.信访举报投诉类申请")
    repeated_request: ApplicantRow = _row("2.重复申请")
    public_publication: ApplicantRow = _row("3.要求提供公开出版物")
    excessive_requests: ApplicantRow = _row("4.无正当理由大量反复申请")
    confirm_or_reissue: ApplicantRow = _row("5.要求行政机关确认或重新出具已获取信息")


class OtherHandling(Strict):
    """（六）其他处理."""

    overdue_supplement: ApplicantRow = _row("1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请")
    overdue_fee: ApplicantRow = _row("2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请")
    other: ApplicantRow = _row("3.其他")


class Results(Strict):
    """三、本年度办理结果: 21 leaf rows in six groups, and an optional stated （七）总计."""

    disclosed: ApplicantRow = _row("（一）予以公开")
    partially_disclosed: ApplicantRow = _row("（二）部分公开（区分处理的，只计这一情形，不计其他情形）")
    not_disclosed: NotDisclosed = Field(default_factory=NotDisclosed, title="（三）不予公开")
    cannot_provide: CannotProvide = Field(default_factory=CannotProvide, title="（四）无法提供")
    not_processed: NotProcessed = Field(default_factory=NotProcessed, title="（五）不予处理")
    other: OtherHandling = Field(default_factory=OtherHandling, title="（六）其他处理")
    total: ApplicantRow | None = Field(None, title="（七）总计")

    def leaves(self) -> list[tuple[tuple[str, ...], ApplicantRow]]:
        """The 21 leaf rows in official order, each with its key path below ``results``."""
        paths, rows = _leaf_rows()
        return list(zip(paths, rows(self)))

    def group_sum(self, group: str) -> int:
        """Sum over all columns of one result group (a leaf row or a group of sub-rows)."""
        node = getattr(self, group)
        if isinstance(node, ApplicantRow):
            return node.sum
        return sum(map(sum, map(_CELLS, _rows_of(type(node))(node))))

    def column_sums(self) -> tuple[int, ...]:
        """（七）总计 per applicant column as computed from the leaves."""
        return tuple(map(sum, zip(*map(_CELLS, _leaf_rows()[1](self)))))

    @property
    def sum(self) -> int:
        """（七）总计 over all columns, computed from the leaves."""
        return sum(self.column_sums())


@lru_cache(maxsize=64)
def _rows_of(cls: type[BaseModel]) -> Any:
    """One getter for all the rows of a result group (（三）…（六）), in official order."""
    return _getter(tuple(fields_of(cls)))


def _getter(names: tuple[str, ...] | list[str]) -> Any:
    """A function giving the attributes ``names`` (dotted paths allowed) as a tuple, even for one name."""
    if len(names) == 1:
        one = operator.attrgetter(names[0])
        return lambda obj: (one(obj),)
    return operator.attrgetter(*names)


@lru_cache(maxsize=1)
def _leaf_rows() -> tuple[tuple[tuple[str, ...], ...], Any]:
    """The key paths of the 21 leaf rows below ``results`` and one getter for all of them (the checks, the
    context and the tables read them several times per draft)."""
    paths: list[tuple[str, ...]] = [("disclosed",), ("partially_disclosed",)]
    for group in ("not_disclosed", "cannot_provide", "not_processed", "other"):
        paths.extend((group, name) for name in fields_of(fields_of(Results)[group].annotation))
    return tuple(paths), _getter([".".join(path) for path in paths])


class Applications(Strict):
    """表三 收到和处理政府信息公开申请情况."""

    new_received: ApplicantRow = _row("一、本年新收政府信息公开申请数量")
    carried_over: ApplicantRow = _row("二、上年结转政府信息公开申请数量")
    results: Results = Field(default_factory=Results, title="三、本年度办理结果")
    carried_forward: ApplicantRow = _row("四、结转下年度继续办理")


# ---------------------------------------------------------------- 表四 复议诉讼


class OutcomeGroup(Strict):
    """One group of table 4: 结果维持, 结果纠正, 其他结果, 尚未审结 and an optional stated 总计."""

    upheld: Count = Field(0, title="结果维持")
    corrected: Count = Field(0, title="结果纠正")
    other: Count = Field(0, title="其他结果")
    pending: Count = Field(0, title="尚未审结")
    total: OptCount = Field(None, title="总计")

    @property
    def sum(self) -> int:
        """总计 as computed from the four outcomes."""
        return self.upheld + self.corrected + self.other + self.pending


class ReviewLitigation(Strict):
    """表四 政府信息公开行政复议、行政诉讼情况."""

    review: OutcomeGroup = Field(default_factory=OutcomeGroup, title="行政复议")
    litigation_direct: OutcomeGroup = Field(default_factory=OutcomeGroup, title="行政诉讼·未经复议直接起诉")
    litigation_after_review: OutcomeGroup = Field(default_factory=OutcomeGroup, title="行政诉讼·复议后起诉")

    @property
    def litigation_total(self) -> int:
        """行政诉讼 total = 未经复议直接起诉总计 + 复议后起诉总计."""
        return self.litigation_direct.sum + self.litigation_after_review.sum
