"""Chinese punctuation, spacing and number formatting for generated 公文 text.

Every stray space or half-width comma is visible in Chinese, so one module owns all of it: the realiser
builds sentences from these helpers and runs each paragraph through :func:`typeset` last.  The checks at
the bottom (:func:`residue_problems`) state the same rules as findings, for tests and the phrase-bank linter.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation

__all__ = [
    "typeset",
    "join_list",
    "enumerate_clauses",
    "chinese_ordinal",
    "heading",
    "format_count",
    "format_percent",
    "format_decimal",
    "ensure_sentence_end",
    "has_ascii_punct_between_cjk",
    "residue_problems",
]

class _LazyPattern:
    """A regex compiled on first use: these patterns carry large Unicode classes that take milliseconds
    each to compile, and a command-line run needs only some of them."""

    __slots__ = ("_args", "_compiled")

    def __init__(self, *args: object) -> None:
        self._args = args
        self._compiled: re.Pattern[str] | None = None

    def __getattr__(self, name: str) -> object:
        if self._compiled is None:
            self._compiled = re.compile(*self._args)  # type: ignore[call-overload]
        return getattr(self._compiled, name)


def _lazy(*args: object) -> re.Pattern[str]:
    return _LazyPattern(*args)  # type: ignore[return-value]


# ---------------------------------------------------------------------------------------------- classes
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f"
#: Full-width / CJK punctuation (U+3000 ideographic space deliberately excluded: it is whitespace).
_FW_PUNCT = (
    "\u3001-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65"
    "\ufe10-\ufe1f\ufe30-\ufe4f\u2014\u2018\u2019\u201c\u201d\u2026\u00b7"
)
#: "Chinese text": a Han character or a full-width mark; ASCII punctuation next to it becomes full width.
_CN = _HAN + _FW_PUNCT
#: Protected spans (URLs, e-mails, …) are swapped for one plane-15 private-use character while typesetting.
_PH_BASE = 0xF0000
_PH = "\U000f0000-\U000ffffd"
_LATIN = "A-Za-z0-9" + _PH
_WS = r"\s\u200b\ufeff"

_FULLWIDTH_ALNUM = {c: c - 0xFEE0 for a, b in ((0xFF10, 0xFF19), (0xFF21, 0xFF3A), (0xFF41, 0xFF5A))
                    for c in range(a, b + 1)}
_FW_PERCENT_RE = _lazy(r"(?<=[0-9])％")
_FW_DECIMAL_POINT_RE = _lazy(r"(?<=[0-9])．(?=[0-9])")

_PROTECT_RE = _lazy(
    r"(?:https?|ftp)://[A-Za-z0-9\-._~:/?#\[\]@!$&*+,;=%]+"
    r"|(?<![A-Za-z0-9._%+-])[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"
    r"|(?<![A-Za-z0-9@.-])(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z]{2,}(?![A-Za-z0-9-])"
    r"(?:/[A-Za-z0-9\-._~/?#=&%+]*)?"
    r"|\.(?i:pdf|docx?|xlsx?|pptx?|wps|ofd|zip|rar|txt|html?|jpe?g|png)(?![A-Za-z0-9])"
)
_PROTECT_TRAILING = ".,;:?!'"
_PH_RE = _lazy(f"[{_PH}]")

# ------------------------------------------------------------------------------------------- typeset rules
_WS_RUN_RE = _lazy(f"[{_WS}]+")
#: A space survives only between Latin words/numbers ("Windows 10", "10, Office", 'said "OK"');
#: "1, 000" is repaired to "1,000".
_DROP_SPACE_RE = _lazy(
    rf"(?<=[0-9],) (?=[0-9])"
    rf"|(?<![{_LATIN},.;:?!)%\"]) "
    rf"| (?![{_LATIN}(\"])"
    rf"|(?<![{_LATIN}]) (?=[(\"])"
)
_ASCII_DOTS_RE = _lazy(rf"(?<=[{_CN}])\.{{3,}}|(?<!\.)\.{{3,}}(?=[{_CN}])")  # a run is tried once
_ELLIPSIS_RE = _lazy("\u2026+")
_PAREN_PAIR_RE = _lazy(r"[(（]([^()（）]*)[)）]")
_LONE_OPEN_RE = _lazy(rf"(?<=[{_CN}])\(|\((?=[{_CN}])")
_LONE_CLOSE_RE = _lazy(rf"(?<=[{_CN}])\)|\)(?=[{_CN}])")
_DQUOTE_PAIR_RE = _lazy(r'"([^"]*)"')
_DQUOTE_LONE_RE = _lazy(rf'(?<=[{_CN}])"|"(?=[{_CN}])')
_SQUOTE_PAIR_RE = _lazy(rf"(?<![{_LATIN}])'([^'\"]*)'(?![{_LATIN}])")  # not an apostrophe
_BOOK_TITLE = rf"[{_HAN}《](?:[^<>]*[{_HAN}》）])?"
_BOOK_RE = _lazy(rf"<<({_BOOK_TITLE})>>|<({_BOOK_TITLE})>")
_PUNCT_RE = _lazy(rf"(?<=[{_CN}])[,;:?!]|[,;:?!](?=[{_CN}])")
_PUNCT_MAP = str.maketrans(",;:?!", "，；：？！")
#: After Chinese or a closing mark; before Chinese unless it follows a digit ("1.概述" is a heading mark).
_PERIOD_RE = _lazy(rf"(?<=[{_CN}])\.|(?<![0-9.])\.(?=[{_CN}])")
#: The paragraph's final ASCII period ("…见www.gov.cn.") ends a Chinese sentence too.
_FINAL_PERIOD_RE = _lazy(r"(?<!\.)\.$")
_HAN_RE = _lazy(f"[{_HAN}]")
#: Adjacent marks collapse to the strongest one: ，。 → 。, ，； → ；, 、、 → 、 …
_PUNCT_RANK = {"、": 1, "，": 2, "：": 3, "；": 4, "。": 5, "？": 5, "！": 5}
_PUNCT_RUN_RE = _lazy("[、，：；。？！]{2,}")

_CN_CHAR_RE = _lazy(f"[{_CN}]")


def _normalise_chars(text: str) -> str:
    """Full-width digits and letters to ASCII: GB/T 15835 wants Arabic numerals (１２３４５ → 12345)."""
    return text.translate(_FULLWIDTH_ALNUM)


def _protect(text: str) -> tuple[str, list[str]]:
    """Swap URLs, e-mails, domains and file extensions for placeholders so no rule touches them."""
    if _PH_RE.search(text):  # the text already uses our placeholder range: protect nothing
        return text, []
    saved: list[str] = []

    def swap(match: re.Match[str]) -> str:
        span = match.group(0)
        core = span.rstrip(_PROTECT_TRAILING)  # a sentence's own ",." after a URL is not part of it
        saved.append(core)
        return chr(_PH_BASE + len(saved) - 1) + span[len(core):]

    return _PROTECT_RE.sub(swap, text), saved


def _restore(text: str, saved: list[str]) -> str:
    if not saved:
        return text
    return _PH_RE.sub(lambda m: saved[ord(m.group(0)) - _PH_BASE], text)


def _next_to_cn(match: re.Match[str]) -> bool:
    """True when the match contains Chinese text or touches it on either side."""
    s, start, end = match.string, match.start(), match.end()
    return bool(_CN_CHAR_RE.search(s, start, end)
                or (start > 0 and _CN_CHAR_RE.match(s[start - 1]))
                or (end < len(s) and _CN_CHAR_RE.match(s[end])))


def _paren_pair(match: re.Match[str]) -> str:
    whole = match.group(0)
    if whole[0] == "（" and whole[-1] == "）":
        return whole
    if whole[0] == "（" or whole[-1] == "）" or _next_to_cn(match):
        return f"（{match.group(1)}）"
    return whole


class _DquoteLone:
    """Replaces each lone ASCII double quote by “ or ” by how many of each come before it, counted
    incrementally (re.sub visits matches left to right), so a text of many quotes stays linear."""

    def __init__(self) -> None:
        self.text, self.pos, self.opened, self.closed = None, 0, 0, 0

    def __call__(self, match: re.Match[str]) -> str:
        if match.string is not self.text or match.start() < self.pos:
            self.text, self.pos, self.opened, self.closed = match.string, 0, 0, 0
        self.opened += match.string.count("“", self.pos, match.start())
        self.closed += match.string.count("”", self.pos, match.start())
        self.pos = match.start()
        return "”" if self.opened > self.closed else "“"


def _collapse_run(match: re.Match[str]) -> str:
    return max(match.group(0), key=_PUNCT_RANK.__getitem__)


def _pass(text: str) -> str:
    """One application of every rule to protected text; :func:`typeset` repeats it to a fixed point."""
    text = _DROP_SPACE_RE.sub("", _WS_RUN_RE.sub(" ", text).strip())
    text = _FW_PERCENT_RE.sub("%", _FW_DECIMAL_POINT_RE.sub(".", text))  # ２８．０％ → 28.0%
    text = _ASCII_DOTS_RE.sub("……", text)
    text = _ELLIPSIS_RE.sub("……", text)
    text = _PAREN_PAIR_RE.sub(_paren_pair, text)
    text = _LONE_CLOSE_RE.sub("）", _LONE_OPEN_RE.sub("（", text))
    text = _DQUOTE_PAIR_RE.sub(lambda m: f"“{m.group(1)}”" if _next_to_cn(m) else m.group(0), text)
    text = _DQUOTE_LONE_RE.sub(_DquoteLone(), text)
    text = _SQUOTE_PAIR_RE.sub(lambda m: f"‘{m.group(1)}’" if _next_to_cn(m) else m.group(0), text)
    text = _BOOK_RE.sub(lambda m: f"《{m.group(1) or m.group(2)}》", text)
    text = _PUNCT_RE.sub(lambda m: m.group(0).translate(_PUNCT_MAP), text)
    text = _PERIOD_RE.sub("。", text)
    if _HAN_RE.search(text):
        text = _FINAL_PERIOD_RE.sub("。", text)
    return _PUNCT_RUN_RE.sub(_collapse_run, text)


def typeset(text: str) -> str:
    """Normalise the punctuation and spacing of one paragraph of Chinese 公文 text (idempotent).

    ASCII punctuation touching Chinese becomes full width; spaces go except between Latin words/numbers;
    URLs, e-mails, domains, decimals, times and document numbers keep their ASCII; doubled marks collapse.
    """
    if not _NEEDS_WORK.search(text):  # no character any rule acts on: already a fixed point
        return text
    done = _TYPESET.get(text)
    if done is None:
        if len(_TYPESET) >= _TYPESET_MAX:
            _TYPESET.clear()
        done = _TYPESET[text] = _typeset_rules(text)
    return done


#: Results of the full rules by text (a pure function): the texts that reach them are mostly the same few
#: hundred in every draft (the 【待补充：…】 requests, which name key paths with periods). Bounded.
_TYPESET: dict[str, str] = {}
_TYPESET_MAX = 4096


#: Every character some rule of :func:`_pass` or :func:`_normalise_chars` acts on (or a run of two marks).
#: Text without any of them is returned as it is, which spares the large patterns on most sentences.
_NEEDS_WORK = re.compile(
    "[\\s\u200b\ufeff\uff05\uff0e\u2026()\"'<>,;:?!\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]|[、，：；。？！]{2}"
    # a decimal point between two digits (28.0%) is a character no rule acts on: every rule that rewrites a
    # period needs Chinese, another period or the end of the text beside it
    "|(?<![0-9])\\.|\\.(?![0-9])"
)


def _typeset_rules(text: str) -> str:
    """The full pass, repeated to a fixed point (see :func:`typeset`)."""
    text = _normalise_chars(text)
    for _ in range(100):  # each pass only removes or widens characters, so this converges in a few rounds
        protected, saved = _protect(text)  # re-protect every round: removing a space can extend a URL
        new = _restore(_pass(protected), saved)
        if new == text:
            break
        text = new
    return text


# ------------------------------------------------------------------------------------- building blocks
_ITEM_STRIP_RE = _lazy(rf"^[{_WS}、，；。,;]+|(?<![{_WS}、，；。,;])[{_WS}、，；。,;]+$")
_CLAUSE_STRIP_RE = _lazy(rf"^[{_WS}、，；,;]+|(?<![{_WS}、，；。：？！,;:.?!])[{_WS}、，；。：？！,;:.?!]+$")
_DIGITS = "零一二三四五六七八九"


def join_list(items: Sequence[str], conj: str = "和") -> str:
    """Join names the Chinese way: "A", "A和B", "A、B和C"; empty items are dropped, never a doubled 、.

    Items are stripped of edge whitespace and 、，；。 only; run :func:`typeset` on the finished paragraph.
    """
    conj = conj.strip()
    if not conj:
        raise ValueError("join_list needs a conjunction such as 和, 及 or 以及")
    names = [name for name in (_ITEM_STRIP_RE.sub("", item) for item in items) if name]
    if len(names) <= 1:
        return "".join(names)
    return "、".join(names[:-1]) + conj + names[-1]


def enumerate_clauses(clauses: Sequence[str]) -> str:
    """In-paragraph enumeration "一是A；二是B。" with consecutive ordinals; one clause is just "A。".

    Each clause loses its own closing ，。；、：？！ so the separators are never doubled; empty clauses are dropped.
    """
    cleaned = [c for c in (_CLAUSE_STRIP_RE.sub("", clause) for clause in clauses) if c]
    if not cleaned:
        return ""
    if len(cleaned) == 1:
        return cleaned[0] + "。"
    return "；".join(f"{chinese_ordinal(i)}是{c}" for i, c in enumerate(cleaned, 1)) + "。"


def chinese_ordinal(n: int) -> str:
    """Chinese numeral for 1..999 as used in ordinals and headings: 十, 十一, 二十一, 一百零一."""
    n = operator.index(n)
    if not 1 <= n <= 999:
        raise ValueError(f"chinese_ordinal covers 1..999, got {n}")
    hundreds, rest = divmod(n, 100)
    tens, ones = divmod(rest, 10)
    parts = [_DIGITS[hundreds] + "百"] if hundreds else []
    if tens:
        parts.append(("" if tens == 1 and not hundreds else _DIGITS[tens]) + "十")
    elif hundreds and ones:
        parts.append("零")
    if ones:
        parts.append(_DIGITS[ones])
    return "".join(parts)


def heading(level: int, n: int, title: str) -> str:
    """公文 heading: 一、 → （一） → 1. → （1）, full-width parentheses, no space after the mark."""
    n = operator.index(n)
    if n < 1:
        raise ValueError(f"heading numbers start at 1, got {n}")
    marks = {1: f"{chinese_ordinal(n)}、", 2: f"（{chinese_ordinal(n)}）", 3: f"{n}.", 4: f"（{n}）"}
    if level not in marks:
        raise ValueError(f"heading level must be 1..4, got {level}")
    return marks[level] + typeset(title)


def format_count(n: int) -> str:
    """A count in plain Arabic digits with no thousands separator ("2602")."""
    if isinstance(n, bool):
        raise TypeError("a count must be an int, not a bool")
    n = operator.index(n)
    if n < 0:
        raise ValueError(f"a count cannot be negative, got {n}")
    return str(n)


def format_percent(part: int, whole: int) -> str:
    """part/whole as a percentage with one decimal place, rounded half up exactly ("28.0%").

    Raises ValueError when whole is 0: a share of nothing must not be stated.
    """
    part, whole = operator.index(part), operator.index(whole)
    if whole == 0:
        raise ValueError("cannot state a percentage of a zero base")
    negative = (part < 0) != (whole < 0)
    num, den = abs(part) * 1000, abs(whole)  # tenths of a percent = part * 1000 / whole
    tenths = (2 * num + den) // (2 * den)  # half up (away from zero), integers only
    sign = "-" if negative and tenths else ""
    return f"{sign}{tenths // 10}.{tenths % 10}%"


def format_decimal(value: Decimal | int | str) -> str:
    """An amount as given: keep the user's precision, drop an all-zero fraction, never scientific notation."""
    if isinstance(value, (bool, float)):
        raise TypeError("pass money as Decimal, int or str, never float or bool")
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except InvalidOperation:
        raise ValueError(f"not a decimal number: {value!r}") from None
    if not number.is_finite():
        raise ValueError(f"not a finite amount: {value!r}")
    if number == number.to_integral_value():
        return str(int(number))
    return format(number, "f")


_TRAILING_SOFT_RE = _lazy(rf"(?<![{_WS}，；、,;])[{_WS}，；、,;]+$")
_SENTENCE_END_RE = _lazy(r"(?:[。！？]|……)[）”’》」』]*$")
_ASCII_END_RE = _lazy(rf"(?<=[{_CN}])[.!?]$")
_END_MAP = str.maketrans(".!?", "。！？")
_HARD_END = frozenset("。！？")
#: The last characters the patterns of :func:`ensure_sentence_end` act on: soft marks and spaces to strip,
#: ASCII ends to widen, closing marks and ellipses that may follow a sentence's end.
_END_SENSITIVE = frozenset("\u200b\ufeff，；、,;.!?…）”’》」』")


def ensure_sentence_end(text: str) -> str:
    """Close a sentence with 。 unless it already ends with 。！？ (possibly inside ）” etc.) or ……."""
    body = text.strip()
    last = body[-1:]
    if last in _HARD_END:  # the common cases, without the patterns: already closed …
        return body
    if last and last not in _END_SENSITIVE:  # … or ending in a character none of them looks at
        return body + "。"
    return _sentence_end_rules(body)


def _sentence_end_rules(text: str) -> str:
    """:func:`ensure_sentence_end` by its patterns alone (the fast paths above must agree with it)."""
    body = _TRAILING_SOFT_RE.sub("", text.strip())
    body = _ASCII_END_RE.sub(lambda m: m.group(0).translate(_END_MAP), body)
    if not body or _SENTENCE_END_RE.search(body):
        return body
    return body + "。"


# ------------------------------------------------------------------------------------------------ checks
_BETWEEN_CJK_RE = _lazy(rf"[{_CN}][,.;:?!()][{_CN}]")
_ASCII_NEAR_CN_RE = _lazy(rf"(?<=[{_CN}])[,.;:?!()]|[,.;:?!()](?=[{_CN}])")
_ORDINAL_DOT_RE = _lazy(rf"(?:^|(?<=[{_WS}{_FW_PUNCT}]))[0-9]{{1,3}}(\.)(?=[{_HAN}“‘《（【])")
_SPACE_NEAR_CN_RE = _lazy(rf"[{_WS}](?=[{_CN}])|(?<=[{_CN}])[{_WS}]")
_RESIDUE_RE = _lazy(r"\{\{|\}\}|\{%|%\}|\[\]|\{\}|(?<![A-Za-z])(?:None|nan|NaN|undefined)(?![A-Za-z])")
_ZERO_COUNT_RE = _lazy(r"(?<![0-9.])0[件次起篇条个场人]")
_ELLIPSIS_RUN_RE = _lazy("\u2026+")
_SPLIT_NUMBER_RE = _lazy(rf"[0-9](?:,[{_WS}]*|[{_WS}]+)[0-9]")


def has_ascii_punct_between_cjk(text: str) -> bool:
    """True if an ASCII mark (,.;:?!()) sits directly between two Chinese characters or marks."""
    return bool(_BETWEEN_CJK_RE.search(text))


def _mask_protected(text: str) -> str:
    """Replace URL/e-mail/domain cores with x's of the same length so the checks skip them."""
    def mask(match: re.Match[str]) -> str:
        span = match.group(0)
        core = span.rstrip(_PROTECT_TRAILING)
        return "x" * len(core) + span[len(core):]
    return _PROTECT_RE.sub(mask, text)


def residue_problems(text: str) -> list[str]:
    """Describe every typographic slip or template leftover in generated text; [] means clean."""
    masked = _mask_protected(text)

    def at(pos: int) -> str:
        return f"at {pos} in {text[max(0, pos - 6):pos + 7]!r}"

    problems: list[str] = []
    ordinal_dots = {m.start(1) for m in _ORDINAL_DOT_RE.finditer(masked)}
    for m in _ASCII_NEAR_CN_RE.finditer(masked):
        if m.start() not in ordinal_dots:
            problems.append(f"ASCII punctuation {m.group(0)!r} next to Chinese text {at(m.start())}")
    for m in _SPACE_NEAR_CN_RE.finditer(text):
        problems.append(f"space {m.group(0)!r} next to Chinese text {at(m.start())}")
    for m in _PUNCT_RUN_RE.finditer(text):
        problems.append(f"doubled punctuation {m.group(0)!r} {at(m.start())}")
    for m in _RESIDUE_RE.finditer(text):
        problems.append(f"template residue {m.group(0)!r} {at(m.start())}")
    for m in _ZERO_COUNT_RE.finditer(text):
        problems.append(f"zero written as {m.group(0)!r}; say it in words (未收到…) {at(m.start())}")
    for m in _ELLIPSIS_RUN_RE.finditer(text):
        if len(m.group(0)) != 2:
            problems.append(f"ellipsis must be exactly '……', found {m.group(0)!r} {at(m.start())}")
    for m in _SPLIT_NUMBER_RE.finditer(masked):
        problems.append(f"number split by a separator {m.group(0)!r} {at(m.start())}")
    return problems
