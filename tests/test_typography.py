"""Tests for narrative.typography: every punctuation/spacing rule pinned by examples, the guarantees by properties."""

from __future__ import annotations

import math
import re
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from narrative.typography import (
    chinese_ordinal,
    ensure_sentence_end,
    enumerate_clauses,
    format_count,
    format_decimal,
    format_percent,
    has_ascii_punct_between_cjk,
    heading,
    join_list,
    residue_problems,
    typeset,
)

# Independent of the module's own classes on purpose: the tests restate what "Chinese" means.
HAN = "\u4e00-\u9fff"
FW = "，。；：？！、（）“”‘’《》〔〕【】…—"
CJK = f"[{HAN}{FW}]"
SPACES = " \t\u00a0\u3000\u200b"
SPACE_NEAR_CJK = re.compile(f"[{SPACES}\\s]{CJK}|{CJK}[{SPACES}\\s]")
ASCII_BETWEEN_CJK = re.compile(f"{CJK}[,;:?!]{CJK}")
DOUBLED = re.compile("。。|，，|，。|；。|、、|，；|、。|；；|、，|，、")
DIGIT_RUN = re.compile("[0-9]+")


# ------------------------------------------------------------------------------------------------ typeset
@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # half-width punctuation next to Chinese becomes full width
        ("共收到申请74件,其中予以公开21件.", "共收到申请74件，其中予以公开21件。"),
        ("一是加强领导;二是完善制度.", "一是加强领导；二是完善制度。"),
        ("具体如下:", "具体如下："),
        ("是否公开?", "是否公开？"),
        ("务必落实!", "务必落实！"),
        ("本机关(含下属单位)", "本机关（含下属单位）"),
        ("共74,其中", "共74，其中"),
        ("其中,74件", "其中，74件"),
        ("（见附件）.", "（见附件）。"),
        ("“条例”,其中", "“条例”，其中"),
        # quotes and book-title marks
        ('依据"条例"规定', "依据“条例”规定"),
        ('"公开"与"不公开"', "“公开”与“不公开”"),
        ('称"条例")', "称“条例”）"),
        ("他说'好'", "他说‘好’"),
        ('“条例"规定', "“条例”规定"),
        ("依据<政府信息公开条例>", "依据《政府信息公开条例》"),
        ("依据<<政府信息公开条例>>", "依据《政府信息公开条例》"),
        ('依据<中华人民共和国政府信息公开条例>(以下简称"条例")',
         "依据《中华人民共和国政府信息公开条例》（以下简称“条例”）"),
        ("（1)主动公开", "（1）主动公开"),
        ("(1)主动公开", "（1）主动公开"),
        # ASCII that belongs stays ASCII
        ("占比28.0%，较上年增长", "占比28.0%，较上年增长"),
        ("金额12.3456元", "金额12.3456元"),
        ("网址:http://x.gov.cn/a?b=1,请查询", "网址：http://x.gov.cn/a?b=1，请查询"),
        ("访问https://www.example.gov.cn/list.html.", "访问https://www.example.gov.cn/list.html。"),
        ("门户网站www.example.gov.cn.其中", "门户网站www.example.gov.cn。其中"),
        ("邮箱:a.b@163.com,电话:0311-1234567", "邮箱：a.b@163.com，电话：0311-1234567"),
        ("上午9:30至下午5:00", "上午9:30至下午5:00"),
        ("国办公开办函〔2021〕30号", "国办公开办函〔2021〕30号"),
        ("依据国办公开办函〔2021〕30号,", "依据国办公开办函〔2021〕30号，"),
        ("LED屏、12345热线和APP", "LED屏、12345热线和APP"),
        ("LED屏,APP", "LED屏，APP"),
        ("Windows 10 系统", "Windows 10系统"),
        ("GB/T 15835规定", "GB/T 15835规定"),
        ("见附件.pdf", "见附件.pdf"),
        ("1.主动公开情况", "1.主动公开情况"),
        ("Windows (10)", "Windows (10)"),
        ("e.g. APP", "e.g. APP"),
        ("Windows 10, Office 365", "Windows 10, Office 365"),
        ("比例为3:2", "比例为3:2"),
        ("第1.2条", "第1.2条"),
        ("数量74.其中", "数量74.其中"),
        ("下载APP,LED屏显示", "下载APP,LED屏显示"),
        ("(1)APP", "(1)APP"),
        ("He said \"OK\" and don't", "He said \"OK\" and don't"),
        ("(见(附件))", "（见（附件））"),
        ('"A"和"B"', "“A”和“B”"),
        ("他说'好'", "他说‘好’"),
        ("It's 条例", "It's条例"),
        ("x<3且y>5", "x<3且y>5"),
        # full-width digits and letters
        ("１２３４５热线", "12345热线"),
        ("ＡＰＰ下载", "APP下载"),
        ("占比２８．０％", "占比28.0%"),
        # whitespace
        ("74 件", "74件"),
        ("政府 信息 公开", "政府信息公开"),
        ("\u3000\u3000第一段\u00a0内容\u200b结束\t。", "第一段内容结束。"),
        ("共 74 件 ， 其中", "共74件，其中"),
        ("  首尾空格  ", "首尾空格"),
        ("Windows\u3000\u300010", "Windows 10"),
        ("Windows\u200b10", "Windows 10"),
        ("Windows (见附件)", "Windows（见附件）"),
        ("“ 条例 ”", "“条例”"),
        ("1, 000件", "1,000件"),
        ("1 000件", "1 000件"),
        # doubled punctuation
        ("完成。。", "完成。"),
        ("完成，，继续", "完成，继续"),
        ("完成，。", "完成。"),
        ("完成；。", "完成。"),
        ("网站、、新媒体", "网站、新媒体"),
        ("完成，；继续", "完成；继续"),
        ("网站、。", "网站。"),
        ("完成. .", "完成。"),
        ("（见附件）。", "（见附件）。"),
        ("“条例”。", "“条例”。"),
        # ellipsis and dash
        ("等等……", "等等……"),
        ("等等…", "等等……"),
        ("等等...", "等等……"),
        ("等等......", "等等……"),
        ("政务公开——这是基础", "政务公开——这是基础"),
        ("（……）。", "（……）。"),
        # already correct
        ("本年度新收政府信息公开申请74件，加上年结转1件，共75件。", "本年度新收政府信息公开申请74件，加上年结转1件，共75件。"),
        ("", ""),
    ],
)
def test_typeset_examples(raw: str, expected: str) -> None:
    assert typeset(raw) == expected
    assert typeset(expected) == expected


def test_typeset_keeps_a_real_paragraph_clean() -> None:
    raw = ('2024年,我局依据<中华人民共和国政府信息公开条例>(以下简称"条例"), 通过门户网站 '
           "www.example.gov.cn 主动公开信息 2602 条,占比 28.0% ;受理申请 74 件..咨询电话:0311-1234567.")
    out = typeset(raw)
    assert out == ("2024年，我局依据《中华人民共和国政府信息公开条例》（以下简称“条例”），通过门户网站"
                   "www.example.gov.cn主动公开信息2602条，占比28.0%；受理申请74件。咨询电话：0311-1234567。")
    assert residue_problems(out) == []


def test_typeset_leaves_text_with_private_use_characters_intact() -> None:
    # Protection uses plane-15 private-use characters; text that already has one is typeset unprotected.
    raw = "\U000f0000见http://x.gov.cn/a , 其中"
    assert typeset(raw) == "\U000f0000见http://x.gov.cn/a，其中"


def test_typeset_never_inserts_thousands_separators() -> None:
    out = typeset("共收到 1000000 件, 金额 12345.67 元")
    assert out == "共收到1000000件，金额12345.67元"
    assert DIGIT_RUN.findall(out) == ["1000000", "12345", "67"]


# ----------------------------------------------------------------------------------- typeset properties
TEXT_ALPHABET = (
    "政府信息公开申请件条例我局年月日和及是的"
    "aBxZ0123456789"
    ",.;:?!()\"'<>%-/@_="
    " \t\u00a0\u3000\u200b"
    "，。；：、？！（）“”‘’《》…—〔〕"
)
FRAGMENTS = [
    "http://x.gov.cn/a?b=1", "https://www.example.gov.cn/list.html", "a.b@163.com", "www.example.gov.cn",
    "28.0%", "12.3456", "9:30", "0311-1234567", "国办公开办函〔2021〕30号", "Windows 10", "1, 000",
    "<条例>", '"条例"', "'好'", "...", "……", "——", "LED屏", "12345热线", "APP", "附件.pdf", "1.", "(1)",
]
texts = st.lists(
    st.one_of(st.text(TEXT_ALPHABET, max_size=12), st.sampled_from(FRAGMENTS)), max_size=8
).map("".join)
texts_with_fullwidth = st.lists(
    st.one_of(texts, st.text("０１９ＡＺａｚ．％", max_size=4)), max_size=3
).map("".join)


@settings(max_examples=300, deadline=None)
@given(texts_with_fullwidth)
def test_typeset_is_idempotent(text: str) -> None:
    once = typeset(text)
    assert typeset(once) == once


@settings(max_examples=300, deadline=None)
@given(texts_with_fullwidth)
def test_typeset_output_invariants(text: str) -> None:
    out = typeset(text)
    # no space next to Chinese, no runs of whitespace, nothing at the ends
    assert not SPACE_NEAR_CJK.search(out)
    assert out == out.strip()
    assert "  " not in out and "\u200b" not in out and "\t" not in out
    # never ASCII ,;:?! (nor . or parentheses) between two Chinese characters
    assert not ASCII_BETWEEN_CJK.search(out)
    assert not has_ascii_punct_between_cjk(out)
    # no doubled marks, ellipsis always the full pair, no full-width digits or letters left
    assert not DOUBLED.search(out)
    assert all(len(run) == 2 for run in re.findall("…+", out))
    assert not re.search("[０-９Ａ-Ｚａ-ｚ]", out)
    # the checker agrees
    assert not [p for p in residue_problems(out) if p.startswith(("space", "doubled", "ellipsis"))]


@settings(max_examples=200, deadline=None)
@given(texts)
def test_typeset_never_splits_merges_or_loses_numbers(text: str) -> None:
    assert DIGIT_RUN.findall(typeset(text)) == DIGIT_RUN.findall(text)


@settings(max_examples=100, deadline=None)
@given(st.text("政府信息公开申请件", min_size=1, max_size=6), st.text("政府信息公开申请件", min_size=1, max_size=6),
       st.sampled_from(",;:?!"), st.text(SPACES, max_size=3), st.text(SPACES, max_size=3))
def test_typeset_widens_any_ascii_mark_between_chinese(left: str, right: str, mark: str, s1: str, s2: str) -> None:
    out = typeset(left + s1 + mark + s2 + right)
    assert out == left + mark.translate(str.maketrans(",;:?!", "，；：？！")) + right


# --------------------------------------------------------------------------------------------- join_list
@pytest.mark.parametrize(
    ("items", "conj", "expected"),
    [
        ([], "和", ""),
        (["政府网站"], "和", "政府网站"),
        (["政府网站", "政务新媒体"], "和", "政府网站和政务新媒体"),
        (["政府网站", "政务新媒体", "政务公开栏"], "和", "政府网站、政务新媒体和政务公开栏"),
        (["政府网站", "政务新媒体", "政务公开栏"], "及", "政府网站、政务新媒体及政务公开栏"),
        (["A", "B", "C", "D"], "以及", "A、B、C以及D"),
        ([" 政府网站 ", "", "  ", "政务新媒体、"], "和", "政府网站和政务新媒体"),
        (["、政府网站、", "，政务新媒体，", "政务公开栏"], "和", "政府网站、政务新媒体和政务公开栏"),
    ],
)
def test_join_list_examples(items: list[str], conj: str, expected: str) -> None:
    assert join_list(items, conj) == expected


def test_join_list_rejects_blank_conjunction() -> None:
    with pytest.raises(ValueError):
        join_list(["A", "B"], " ")


EDGE = st.text(" \u3000、，", max_size=2)
ITEM = st.tuples(EDGE, st.text("政府信息网站新媒体栏", max_size=6), EDGE).map("".join)


@settings(max_examples=100, deadline=None)
@given(st.lists(ITEM, max_size=8), st.sampled_from(["和", "及", "以及"]))
def test_join_list_never_doubles_punctuation(items: list[str], conj: str) -> None:
    out = join_list(items, conj)
    names = [n for n in (i.strip(" \u3000、，") for i in items) if n]
    assert not DOUBLED.search(out)
    assert not out.startswith("、") and not out.endswith("、")
    assert " " not in out
    if len(names) >= 2:
        assert out == "、".join(names[:-1]) + conj + names[-1]
    else:
        assert out == "".join(names)


# ------------------------------------------------------------------------------------ enumerate_clauses
@pytest.mark.parametrize(
    ("clauses", "expected"),
    [
        ([], ""),
        (["", "  "], ""),
        (["加强组织领导"], "加强组织领导。"),
        (["加强组织领导。"], "加强组织领导。"),
        (["加强组织领导", "完善工作制度"], "一是加强组织领导；二是完善工作制度。"),
        (["加强组织领导，", "完善工作制度；", "强化监督考核。"],
         "一是加强组织领导；二是完善工作制度；三是强化监督考核。"),
        (["甲", "", "乙"], "一是甲；二是乙。"),
    ],
)
def test_enumerate_clauses_examples(clauses: list[str], expected: str) -> None:
    assert enumerate_clauses(clauses) == expected


def test_enumerate_clauses_counts_past_ten() -> None:
    out = enumerate_clauses([f"措施{i}" for i in range(1, 23)])
    assert "十是措施10；十一是措施11；" in out
    assert "二十是措施20；二十一是措施21；二十二是措施22。" in out


CLAUSE = st.tuples(
    st.text(SPACES, max_size=2), st.text("加强组织领导完善制度网站", min_size=1, max_size=8),
    st.text("，。；、？！ ", max_size=3),
).map("".join)


@settings(max_examples=100, deadline=None)
@given(st.lists(CLAUSE, max_size=30))
def test_enumerate_clauses_ordinals_are_consecutive(clauses: list[str]) -> None:
    out = enumerate_clauses(clauses)
    assert not DOUBLED.search(out)
    assert " " not in out
    if not clauses:
        assert out == ""
        return
    assert out.endswith("。")
    parts = out[:-1].split("；")
    assert len(parts) == len(clauses)
    if len(clauses) == 1:
        assert not parts[0].startswith("一是")
    else:
        for i, part in enumerate(parts, 1):
            assert part.startswith(chinese_ordinal(i) + "是")


# ----------------------------------------------------------------------------- ordinals and headings
@pytest.mark.parametrize(
    ("n", "expected"),
    [(1, "一"), (2, "二"), (9, "九"), (10, "十"), (11, "十一"), (19, "十九"), (20, "二十"), (21, "二十一"),
     (99, "九十九"), (100, "一百"), (101, "一百零一"), (110, "一百一十"), (111, "一百一十一"),
     (200, "二百"), (305, "三百零五"), (999, "九百九十九")],
)
def test_chinese_ordinal_examples(n: int, expected: str) -> None:
    assert chinese_ordinal(n) == expected


@pytest.mark.parametrize("n", [0, -1, 1000])
def test_chinese_ordinal_rejects_out_of_range(n: int) -> None:
    with pytest.raises(ValueError):
        chinese_ordinal(n)


def _parse_chinese(text: str) -> int:
    """An independent reader of 一..九百九十九 for the round-trip test."""
    digits = {c: i for i, c in enumerate("零一二三四五六七八九")}
    total, current = 0, 0
    for ch in text:
        if ch == "百":
            total, current = total + current * 100, 0
        elif ch == "十":
            total, current = total + (current or 1) * 10, 0
        else:
            current = digits[ch]
    return total + current


def test_chinese_ordinal_round_trips_1_to_999() -> None:
    words = [chinese_ordinal(n) for n in range(1, 1000)]
    assert [_parse_chinese(w) for w in words] == list(range(1, 1000))
    assert len(set(words)) == 999


@pytest.mark.parametrize(
    ("level", "n", "title", "expected"),
    [
        (1, 1, "总体情况", "一、总体情况"),
        (1, 6, "其他需要报告的事项", "六、其他需要报告的事项"),
        (2, 1, "主动公开", "（一）主动公开"),
        (2, 5, "平台建设", "（五）平台建设"),
        (3, 1, "主动公开情况", "1.主动公开情况"),
        (4, 2, "网站", "（2）网站"),
        (1, 11, " 标题 ", "十一、标题"),
        (2, 3, "依法(依规)", "（三）依法（依规）"),
    ],
)
def test_heading_examples(level: int, n: int, title: str, expected: str) -> None:
    assert heading(level, n, title) == expected


@pytest.mark.parametrize(("level", "n"), [(0, 1), (5, 1), (1, 0), (3, -2)])
def test_heading_rejects_bad_level_or_number(level: int, n: int) -> None:
    with pytest.raises(ValueError):
        heading(level, n, "标题")


# ------------------------------------------------------------------------------------------------ numbers
@pytest.mark.parametrize(("n", "expected"), [(0, "0"), (7, "7"), (2602, "2602"), (1000000, "1000000")])
def test_format_count(n: int, expected: str) -> None:
    assert format_count(n) == expected


def test_format_count_rejects_negatives_and_non_ints() -> None:
    with pytest.raises(ValueError):
        format_count(-1)
    with pytest.raises(TypeError):
        format_count(True)
    with pytest.raises(TypeError):
        format_count(1.0)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("part", "whole", "expected"),
    [(21, 75, "28.0%"), (1, 3, "33.3%"), (2, 3, "66.7%"), (1, 8, "12.5%"), (1, 16, "6.3%"), (3, 16, "18.8%"),
     (0, 5, "0.0%"), (5, 5, "100.0%"), (7, 4, "175.0%"), (1, 2000, "0.1%"), (1, 2001, "0.0%"),
     (-1, 8, "-12.5%"), (-1, 3000, "0.0%"), (1, 1000, "0.1%")],
)
def test_format_percent_examples(part: int, whole: int, expected: str) -> None:
    assert format_percent(part, whole) == expected


def test_format_percent_refuses_a_zero_base() -> None:
    with pytest.raises(ValueError):
        format_percent(0, 0)
    with pytest.raises(ValueError):
        format_percent(3, 0)


def _exact_half_up(part: int, whole: int) -> str:
    tenths = math.floor(Fraction(part * 1000, whole) + Fraction(1, 2))
    return f"{tenths // 10}.{tenths % 10}%"


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 10**7), st.integers(1, 10**7))
def test_format_percent_matches_exact_fraction(part: int, whole: int) -> None:
    out = format_percent(part, whole)
    assert out == _exact_half_up(part, whole)
    assert re.fullmatch(r"[0-9]+\.[0-9]%", out)


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 10**6), st.integers(1, 10**6))
def test_format_percent_is_symmetric_in_sign(part: int, whole: int) -> None:
    positive = format_percent(part, whole)
    negative = format_percent(-part, whole)
    assert negative in (positive, "-" + positive)
    assert format_percent(-part, -whole) == positive


@pytest.mark.parametrize(
    ("value", "expected"),
    [(Decimal("12.3456"), "12.3456"), (Decimal("0"), "0"), (Decimal("5.00"), "5"), (Decimal("5.0"), "5"),
     (Decimal("1E+3"), "1000"), (Decimal("12.30"), "12.30"), (Decimal("-0"), "0"), (Decimal("0.50"), "0.50"),
     (Decimal("1.2E-7"), "0.00000012"), (120, "120"), ("3.5", "3.5"), (" 8.00 ", "8"), ("1E+2", "100")],
)
def test_format_decimal_examples(value: Decimal | int | str, expected: str) -> None:
    assert format_decimal(value) == expected


@pytest.mark.parametrize("value", ["abc", "1,000", "NaN", "Infinity", Decimal("NaN")])
def test_format_decimal_rejects_non_numbers(value: Decimal | str) -> None:
    with pytest.raises(ValueError):
        format_decimal(value)


def test_format_decimal_rejects_float() -> None:
    with pytest.raises(TypeError):
        format_decimal(0.1)  # type: ignore[arg-type]


@settings(max_examples=150, deadline=None)
@given(st.decimals(allow_nan=False, allow_infinity=False, min_value=-10**9, max_value=10**9, places=None))
def test_format_decimal_keeps_the_value_and_never_uses_exponents(value: Decimal) -> None:
    out = format_decimal(value)
    assert Decimal(out) == value
    assert re.fullmatch(r"-?[0-9]+(\.[0-9]*[1-9][0-9]*|\.[0-9]+)?", out)
    if value == value.to_integral_value():
        assert "." not in out


# ----------------------------------------------------------------------------------- ensure_sentence_end
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("本年度未收取信息处理费", "本年度未收取信息处理费。"),
        ("已完成。", "已完成。"),
        ("是否公开？", "是否公开？"),
        ("务必落实！", "务必落实！"),
        ("已完成，", "已完成。"),
        ("已完成；", "已完成。"),
        ("政府网站、", "政府网站。"),
        ("已完成，；  ", "已完成。"),
        ("（见附件）", "（见附件）。"),
        ("（详见附件。）", "（详见附件。）"),
        ("他说：“已公开。”", "他说：“已公开。”"),
        ("他说：“已公开”", "他说：“已公开”。"),
        ("等等……", "等等……"),
        ("已完成.", "已完成。"),
        ("是否公开?", "是否公开？"),
        ("版本为Windows 10", "版本为Windows 10。"),
        ("", ""),
        ("  ，", ""),
    ],
)
def test_ensure_sentence_end(text: str, expected: str) -> None:
    assert ensure_sentence_end(text) == expected


# --------------------------------------------------------------------------------------------- checks
@pytest.mark.parametrize(
    ("text", "expected"),
    [("政府,信息", True), ("政府.信息", True), ("政府(信息", True), ("政府）:（信息", True),
     ("政府，信息", False), ("74,000", False), ("LED,APP", False), ("件,74", False)],
)
def test_has_ascii_punct_between_cjk(text: str, expected: bool) -> None:
    assert has_ascii_punct_between_cjk(text) is expected


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("共74件,其中", "ASCII punctuation"),
        ("共74件.", "ASCII punctuation"),
        ("见(附件", "ASCII punctuation"),
        ("数量74.其中", "ASCII punctuation"),
        ("见www.gov.cn,其中", "ASCII punctuation"),
        ("共74 件", "space"),
        ("共\u300074件", "space"),
        ("共74件\u00a0", "space"),
        ("完成。。", "doubled"),
        ("完成，。", "doubled"),
        ("完成；。", "doubled"),
        ("网站、、", "doubled"),
        ("完成，；", "doubled"),
        ("网站、。", "doubled"),
        ("{{ count }}件", "template residue"),
        ("{% if x %}", "template residue"),
        ("共None件", "template residue"),
        ("占比nan%", "template residue"),
        ("列表[]", "template residue"),
        ("对象{}", "template residue"),
        ("值为undefined", "template residue"),
        ("共0件", "zero"),
        ("0次", "zero"),
        ("发生0起", "zero"),
        ("发布0篇", "zero"),
        ("共0条", "zero"),
        ("共0个", "zero"),
        ("举办0场", "zero"),
        ("参加0人", "zero"),
        ("等等…", "ellipsis"),
        ("共1, 000件", "number split"),
        ("共1 000件", "number split"),
    ],
)
def test_residue_problems_finds_each_kind(text: str, kind: str) -> None:
    problems = residue_problems(text)
    assert any(kind in p for p in problems), problems


@pytest.mark.parametrize(
    "text",
    [
        "本年度新收政府信息公开申请74件，加上年结转1件，共75件。",
        "共收到10件，增长28.0%，下降1.0个百分点，收费12.3456元。",
        "网址：http://x.gov.cn/a?b=1，邮箱：a.b@163.com，电话：0311-1234567。",
        "门户网站www.example.gov.cn，上午9:30开放，依据国办公开办函〔2021〕30号。",
        "1.主动公开情况",
        "具体如下：1.加强领导；2.完善制度。",
        "LED屏、12345热线和APP，Windows 10系统。",
        "政务公开——这是基础……",
        "全年未收到政府信息公开申请。",
        "financial report",
        "见附件.pdf。",
        "",
    ],
)
def test_residue_problems_accepts_clean_text(text: str) -> None:
    assert residue_problems(text) == []


@given(st.text(alphabet=st.sampled_from(list("中文公开，。；：、（）()“”\"',.;:?! 　\u200b１２%％．.…0123456789abcXYZ《》<>")),
               max_size=40))
def test_fast_path_agrees_with_the_full_rules(text):
    from narrative.typography import _typeset_rules

    assert typeset(text) == _typeset_rules(text)


# ---------------------------------------------------------------- fast paths agree with the full rules (#10)
_TYPESET_ALPHABET = "政府公开申请件年。，、；：？！（）《》“”…12.0%,;:?!()\"' \u3000\u200babc．％１<>"


@given(st.one_of(texts_with_fullwidth, st.text(_TYPESET_ALPHABET, max_size=24)))
def test_typeset_fast_path_agrees_with_the_full_rules(text: str) -> None:
    from narrative.typography import _typeset_rules

    assert typeset(text) == _typeset_rules(text)


@pytest.mark.parametrize("text", ["占28.0%", "共12.5万元", "1.概述", "12.", "政府.", "3..5", "x.pdf"])
def test_typeset_fast_path_on_decimal_points(text: str) -> None:
    from narrative.typography import _typeset_rules

    assert typeset(text) == _typeset_rules(text)


@given(st.text("政府件年。！？，；、,;.!?…）”’》」』 \u200b\ufeff\u3000a1", max_size=12))
def test_sentence_end_fast_path_agrees_with_the_patterns(text: str) -> None:
    from narrative.typography import _sentence_end_rules

    assert ensure_sentence_end(text) == _sentence_end_rules(text)
