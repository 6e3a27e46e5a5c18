"""Input limits (docs/input.md, “Limits”): checked before any expensive work, each with its own code.

A report input is a few kilobytes; these bounds are far above any real report and far below what would
cost more than a second or a few megabytes. Files are read only when they are regular files (a FIFO, a
device or ``/dev/zero`` behind a symlink is refused before reading) and never past :data:`MAX_FILE_BYTES`.
"""

from __future__ import annotations

import datetime as _dt
import os
import re
import stat
from decimal import Decimal
from typing import Any

#: An input file (YAML, JSON, TOML), after which reading stops (L-TOO-LARGE).
MAX_FILE_BYTES = 1_000_000
#: A phrase-bank file, and all files of one bank directory together (P-FORMAT).
MAX_BANK_FILE_BYTES = 1_000_000
MAX_BANK_BYTES = 4_000_000
#: Mappings and lists nested in one another (L-TOO-DEEP).
MAX_DEPTH = 32
#: Values in a whole input, YAML aliases expanded, previous years included (L-TOO-MANY).
MAX_NODES = 50_000
#: Characters of one text (S-TOO-LONG).
MAX_TEXT = 20_000
#: Items of one list (S-TOO-MANY).
MAX_ITEMS = 500
#: Digits of an integer or of a decimal amount; decimal exponents beyond this are refused too (S-DIGITS).
MAX_DIGITS = 18

_NUMERIC = re.compile(r"\s*[-+]?[0-9_]*(?:\.[0-9_]*)?(?:[eE][-+]?[0-9_]*)?\s*")  # what Decimal() would read
_PLAIN = (str, int, float, bool, Decimal, _dt.date, _dt.datetime, _dt.time, type(None))


class LimitError(Exception):
    """One limit exceeded: the rule code, the key path and a Chinese message with expected and actual."""

    def __init__(self, code: str, path: tuple[str | int, ...], message: str, expected: str, actual: str) -> None:
        super().__init__(message)
        self.code, self.path, self.message, self.expected, self.actual = code, path, message, expected, actual


def read_regular(path: str | os.PathLike[str], limit: int) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes. Raises OSError (ENOENT, ELOOP, EISDIR …),
    ValueError for a path with a NUL byte, :class:`SpecialFile` for anything but a regular file and
    :class:`TooLarge` past ``limit``; never blocks on a FIFO, never reads a device."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(21, "Is a directory", os.fsdecode(path))
        if not stat.S_ISREG(info.st_mode):
            raise SpecialFile(_kind(info.st_mode))
        if info.st_size > limit:
            raise TooLarge(info.st_size)
        chunks, size = [], 0
        while True:
            chunk = os.read(fd, 1 << 16)
            if not chunk:
                break
            size += len(chunk)
            if size > limit:
                raise TooLarge(size)
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


class SpecialFile(Exception):
    """Not a regular file (the kind in Chinese)."""


class TooLarge(Exception):
    """More bytes than allowed (at least the size given)."""


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "命名管道（FIFO）"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "设备文件"
    if stat.S_ISSOCK(mode):
        return "套接字"
    return "特殊文件"


def is_regular(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` (symlinks followed) is a regular file; False for a dangling or looping link."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except (OSError, ValueError):
        return False


def check_tree(value: Any, path: tuple[str | int, ...] = (), *, max_items: int = MAX_ITEMS,
               max_text: int = MAX_TEXT) -> None:
    """Walk a raw input (what a parser or the caller gave) without recursion and raise
    :class:`LimitError` at the first value past a limit: nesting, node count (shared and repeated
    references counted each time, so a self-referencing mapping or an alias bomb is refused), text length,
    list length, digits, or a value that is not plain data (never calling its ``repr``)."""
    nodes = 0
    stack: list[tuple[Any, tuple[str | int, ...], int]] = [(value, path, 0)]
    while stack:
        item, where, depth = stack.pop()
        nodes += 1
        if nodes > MAX_NODES:
            raise LimitError("L-TOO-MANY", (), f"输入的值超过 {MAX_NODES} 个（含别名展开和自我引用）",
                             f"至多 {MAX_NODES} 个值", f"超过 {MAX_NODES} 个")
        if isinstance(item, dict):
            if depth >= MAX_DEPTH:
                raise _too_deep(where)
            for key, child in item.items():
                if not isinstance(key, (str, int, bool, float)) or isinstance(key, float) and key != key:
                    raise LimitError("S-TYPE", where, f"映射的键应为文字，实际为{_type(key)}", "文字键", _type(key))
                if isinstance(key, str) and len(key) > 200:
                    raise LimitError("S-TOO-LONG", where, "映射的键超过 200 个字符", "至多 200 个字符",
                                     f"{len(key)} 个字符")
                if isinstance(key, int) and not isinstance(key, bool):
                    _check_int(key, where)
                if _plain_small(child):  # most values: counted, nothing to check, no path built
                    nodes += 1
                else:
                    stack.append((child, where + (str(key),), depth + 1))
        elif isinstance(item, (list, tuple)):
            if depth >= MAX_DEPTH:
                raise _too_deep(where)
            if len(item) > max_items:
                raise LimitError("S-TOO-MANY", where, f"列表有 {len(item)} 项，超过上限 {max_items}",
                                 f"至多 {max_items} 项", f"{len(item)} 项")
            for i, child in enumerate(item):
                if _plain_small(child):
                    nodes += 1
                else:
                    stack.append((child, where + (i,), depth + 1))
        elif isinstance(item, str):
            if len(item) > MAX_DIGITS * 2 + 4 and _NUMERIC.fullmatch(item):
                raise LimitError("S-DIGITS", where, f"数值写了 {len(item)} 个字符，超过上限 {MAX_DIGITS} 位",
                                 f"至多 {MAX_DIGITS} 位", f"{len(item)} 个字符")
            if len(item) > max_text:
                raise LimitError("S-TOO-LONG", where, f"文字有 {len(item)} 个字符，超过上限 {max_text}",
                                 f"至多 {max_text} 个字符", f"{len(item)} 个字符")
        elif isinstance(item, bool):
            pass
        elif isinstance(item, int):
            _check_int(item, where)
        elif isinstance(item, Decimal):
            _check_decimal(item, where)
        elif not isinstance(item, _PLAIN):
            raise LimitError("S-TYPE", where, f"输入中不能有{_type(item)}类型的值", "文字、数字、列表或映射",
                             _type(item))
    if nodes > MAX_NODES:  # the last container's plain values were counted without a pop
        raise LimitError("L-TOO-MANY", (), f"输入的值超过 {MAX_NODES} 个（含别名展开和自我引用）",
                         f"至多 {MAX_NODES} 个值", f"超过 {MAX_NODES} 个")


_SMALL = 10 ** MAX_DIGITS


def _plain_small(value: Any) -> bool:
    """A value within every limit by its type and size alone (the walk's fast path)."""
    kind = type(value)
    return (value is None or kind is bool or kind is float or (kind is int and -_SMALL < value < _SMALL)
            or (kind is str and len(value) <= MAX_DIGITS * 2 + 4))


def _too_deep(where: tuple[str | int, ...]) -> LimitError:
    return LimitError("L-TOO-DEEP", where, f"映射和列表嵌套超过 {MAX_DEPTH} 层（或引用了自身）",
                      f"至多 {MAX_DEPTH} 层", f"超过 {MAX_DEPTH} 层")


def _type(value: Any) -> str:
    try:
        return type(value).__name__
    except Exception:  # noqa: BLE001 - a hostile metaclass
        return "未知"


def _check_int(value: int, where: tuple[str | int, ...]) -> None:
    # bit_length first: str() of a huge integer is itself quadratic (and refused past 4,300 digits)
    if value.bit_length() > MAX_DIGITS * 4 or len(str(abs(value))) > MAX_DIGITS:
        digits = f"约 {int(value.bit_length() * 0.30103) + 1} 位" if value.bit_length() > 64 else \
            f"{len(str(abs(value)))} 位"
        raise LimitError("S-DIGITS", where, f"整数位数过多（{digits}），上限 {MAX_DIGITS} 位",
                         f"至多 {MAX_DIGITS} 位", digits)


def _check_decimal(value: Decimal, where: tuple[str | int, ...]) -> None:
    if not value.is_finite():
        return  # NaN and infinities are the model's T2-NONNEG
    sign, digits, exponent = value.as_tuple()
    if len(digits) > MAX_DIGITS or not -MAX_DIGITS <= int(exponent) <= MAX_DIGITS:
        actual = f"{len(digits)} 位有效数字，指数 {exponent}" if abs(int(exponent)) < 10**9 else f"{len(digits)} 位有效数字"
        raise LimitError("S-DIGITS", where, f"数额位数过多（{actual}），上限 {MAX_DIGITS} 位",
                         f"至多 {MAX_DIGITS} 位", actual)


def check_number_text(text: str, where: tuple[str | int, ...]) -> None:
    """A number written as text (an amount such as ``"12.5"``): refuse more than MAX_DIGITS digits before
    any conversion."""
    if sum(ch.isdigit() for ch in text[: MAX_DIGITS * 4 + 8]) > MAX_DIGITS or len(text) > MAX_DIGITS * 4:
        raise LimitError("S-DIGITS", where, f"数额位数过多（{len(text)} 个字符），上限 {MAX_DIGITS} 位",
                         f"至多 {MAX_DIGITS} 位", f"{len(text)} 个字符")


def yaml_too_many(text: str, loader: Any) -> bool:
    """Whether a YAML text holds more than 2 × MAX_NODES scalars, collections and aliases (keys count),
    found by scanning its events, ten times cheaper than loading it; False for a text that does not parse
    (the loader reports that, with its line)."""
    import yaml

    counted = (yaml.ScalarEvent, yaml.SequenceStartEvent, yaml.MappingStartEvent, yaml.AliasEvent)
    events = 0
    try:
        for event in yaml.parse(text, Loader=loader):
            events += isinstance(event, counted)
            if events > 2 * MAX_NODES:
                return True
    except yaml.YAMLError:
        return False
    return False

