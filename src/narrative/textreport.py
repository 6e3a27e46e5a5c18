"""The official tables of a report crawled as flat text, where the cells run together (“4000004”).

A run of digits is split into the row's cells only when exactly one split fits: every cell a whole number
without a leading zero, and the row's 总计 equal to the sum of its other cells (table 3: the six applicant
columns; table 4: each group's four outcomes). Two splits that both fit, or none, are an error naming the
row and the candidates — never a guess. Table 2's rows have no total, so a run like “2025” for three cells
is refused unless it can be split only one way.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .reading import T3_ROWS, T4_FIELDS, T4_GROUPS, Reader, ambiguous, put
from .tables import APPLICANT_COLUMNS

#: At most this many candidate splits are collected (two already make a run ambiguous).
_ENOUGH = 3
_MAX_DIGITS = 60  # a row of 15 cells of 4 digits: anything longer is not a table row


def read_text(path: Path) -> tuple[str, str]:
    """(title, body) of a crawled page: the header's 标题 line and the text after the 正文 marker."""
    text = path.read_text(encoding="utf-8", errors="replace")
    title_match = re.search(r"^标题[:：]\s*(.+)$", text, re.M)
    body = text.split("==================== 正文 ====================", 1)[-1]
    return (title_match.group(1).strip() if title_match else ""), body


def _cells(digits: str, n: int) -> Iterator[list[int]]:
    """Every way to cut ``digits`` into ``n`` whole numbers without leading zeros."""
    if n == 0:
        if not digits:
            yield []
        return
    for width in range(1, len(digits) - n + 2):
        head = digits[:width]
        if len(head) > 1 and head[0] == "0":
            break
        for rest in _cells(digits[width:], n - 1):
            yield [int(head)] + rest


def splits(digits: str, sizes: tuple[int, ...], totals: bool) -> list[list[int]]:
    """Up to three ways to cut ``digits`` into groups of ``sizes`` cells; with ``totals``, each group's last
    cell must be the sum of the others."""
    if not digits.isdigit() or len(digits) > _MAX_DIGITS:
        return []
    found: list[list[int]] = []

    def walk(rest: str, groups: tuple[int, ...], acc: list[int]) -> None:
        if len(found) >= _ENOUGH:
            return
        if not groups:
            if not rest:
                found.append(acc)
            return
        size = groups[0]
        for width in range(size, len(rest) - sum(groups[1:]) + 1):
            for cells in _cells(rest[:width], size):
                if not totals or sum(cells[:-1]) == cells[-1]:
                    walk(rest[width:], groups[1:], acc + cells)
                    if len(found) >= _ENOUGH:
                        return

    walk(digits, sizes, [])
    return found


#: Table 3's rows in order: an anchor that starts each row's label in the crawled text.
T3_ANCHORS = (
    r"一、本年新收", r"二、上年结转", r"（一）予以公开", r"（二）部分公开", r"1\.属于国家秘密",
    r"2\.其他法律行政法规禁止公开", r"3\.危及“三安全一稳定”", r"4\.保护第三方合法权益", r"5\.属于三类内部事务信息",
    r"6\.属于四类过程性信息", r"7\.属于行政执法案卷", r"8\.属于行政查询事项", r"1\.本机关不掌握相关政府信息",
    r"2\.没有现成信息需要另行制作", r"3\.补正后申请内容仍不明确", r"1\.信访举报投诉类申请", r"2\.重复申请",
    r"3\.要求提供公开出版物", r"4\.无正当理由大量反复申请", r"5\.要求行政机关确认或重新出具已获取信息",
    r"1\.申请人无正当理由逾期不补正[^0-9]*", r"2\.申请人逾期未按收费通知要求缴纳费用[^0-9]*", r"3\.其他",
    r"（七）总计", r"四、结转下年度继续办理",
)
_LABEL_TAIL = r"[^0-9]*?"  # the rest of a label up to its first digit


def table3_runs(text: str) -> list[tuple[str, str]] | None:
    """(label, digit run) of table 3's 25 rows, in order, or None when a row's label is not found."""
    start = text.find("一、本年新收")
    if start < 0:
        return None
    out: list[tuple[str, str]] = []
    pos = start
    for i, anchor in enumerate(T3_ANCHORS):
        match = re.compile(anchor + _LABEL_TAIL + r"(?=\d)").search(text, pos)
        if match is None:
            return None
        nxt = None
        if i + 1 < len(T3_ANCHORS):
            nxt = re.compile(T3_ANCHORS[i + 1]).search(text, match.end())
        else:
            nxt = re.compile(r"四、政府信息公开行政复议|五、").search(text, match.end())
        end = nxt.start() if nxt else len(text)
        digits = re.match(r"[\d\s]*", text[match.end():end]).group()  # type: ignore[union-attr]
        out.append((match.group(0).strip(), re.sub(r"\s+", "", digits)))
        pos = end
    return out


T2_LABELS = (("规章", "regulations", 3), ("规范性文件", "normative_documents", 3), ("行政许可", "licensing", 1),
             ("行政处罚", "punishment", 1), ("行政强制", "coercion", 1), ("行政事业性收费", "administrative_fees", 1))


def table2_runs(text: str) -> dict[str, str] | None:
    """The digit run after each of table 2's row labels (from 二、主动公开 to 三、收到和处理)."""
    start, end = text.find("第二十条第（一）项"), text.find("三、收到和处理")
    if start < 0 or end < start:
        return None
    block = text[start:end]
    out: dict[str, str] = {}
    for label, key, _ in T2_LABELS:
        match = re.search(rf"{label}([\d.\s]+)", block)
        if match is None:
            return None
        out[key] = re.sub(r"\s+", "", match.group(1))
    return out


def table4_run(text: str) -> str | None:
    """The 15 figures of table 4 as one run of digits (after its last heading, before section 五)."""
    start = text.find("四、政府信息公开行政复议")
    if start < 0:
        return None
    end = text.find("五、", start)
    block = text[start:end if end > 0 else len(text)]
    match = re.search(r"总计([\d\s]+)$", block.strip())
    return re.sub(r"\s+", "", match.group(1)) if match else None


def row_dict(cells: list[int]) -> dict[str, Any]:
    return {**dict(zip(APPLICANT_COLUMNS, cells[:6])), "total": cells[6]}


#: A label numbered with ASCII parentheses and a space, as a text copied out of Word often has: "(一) 予以公开".
_ASCII_NUMBER = re.compile(r"\(([一二三四五六七八九十]{1,2})\)[ \t\u3000]*")


def official_numbering(text: str) -> str:
    """The text with labels numbered "(一) " written as the official form numbers them, "（一）". Only the
    numbering of labels changes, never a figure."""
    return _ASCII_NUMBER.sub(r"（\1）", text)


def text_tables(reader: Reader, body: str, doc: dict[str, Any]) -> None:
    """Tables 2–4 from a crawled page whose cells run together (see narrative.textreport)."""
    body = official_numbering(body)
    runs2 = table2_runs(body)
    if runs2 is None:
        reader.error("I-TABLE", "文本中找不到表二（第二十条第（一）项……三、收到和处理）")
    else:
        t2: dict[str, Any] = {}
        for label, key, n in T2_LABELS:
            run = runs2[key]
            place = f"表二“{label}”一行"
            if key == "administrative_fees":
                if re.fullmatch(r"\d{1,12}(\.\d{1,12})?", run):
                    t2[key] = run if "." in run else int(run)
                    reader.sources[f"active_disclosure.{key}"] = place
                else:
                    reader.error("I-NUMBER", f"{place}：“{run}”不是可以确定的数额", actual=run)
                continue
            cells = _one_split(reader, place, run, (n,), totals=False)
            if cells is None:
                continue
            t2[key] = cells[0] if n == 1 else dict(zip(("issued", "repealed", "in_force"), cells))
            reader.sources[f"active_disclosure.{key}"] = place
        doc["active_disclosure"] = t2
    runs3 = table3_runs(body)
    if runs3 is None:
        reader.error("I-TABLE", "文本中找不到表三的全部25行（按官方格式的行名逐行查找）")
    else:
        t3: dict[str, Any] = {}
        for (label, run), (key, _) in zip(runs3, T3_ROWS):
            place = f"表三“{label[:20]}”一行"
            cells = _one_split(reader, place, run, (7,), totals=True)
            if cells is not None:
                put(t3, key, row_dict(cells))
                reader.sources[f"applications.{key}"] = place
        doc["applications"] = t3
    run4 = table4_run(body)
    if run4 is None:
        reader.error("I-TABLE", "文本中找不到表四的15个数字")
    else:
        cells = _one_split(reader, "表四", run4, (5, 5, 5), totals=True)
        if cells is not None:
            doc["review_litigation"] = {group: dict(zip(T4_FIELDS, cells[g * 5:g * 5 + 5]))
                                        for g, group in enumerate(T4_GROUPS)}
            reader.sources["review_litigation"] = "表四"



def _one_split(reader: Reader, place: str, run: str, sizes: tuple[int, ...], totals: bool) -> list[int] | None:
    """The cells of ``run`` when exactly one split fits; otherwise the finding that says why, and None."""
    found = splits(run, sizes, totals)
    if len(found) != 1:
        ambiguous(reader, place, run, found)
        return None
    return found[0]
