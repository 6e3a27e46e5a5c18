"""The phrase-bank sandbox: what a user's template may reach, allocate and spend (docs/phrasebank.md).

A phrase bank is untrusted data. Jinja2's immutable sandbox already keeps templates away from Python
internals; this module adds the bounds that keep a template from exhausting the machine, whatever the
filter, method or operator it uses:

* sources: a variant at most :data:`MAX_SOURCE` characters, its syntax tree at most :data:`MAX_DEPTH`
  deep; no ``include``/``import``/``extends``; the optimizer is off and every operator that can grow a
  value is intercepted, so nothing is folded (computed) at compile time;
* values: every string, list or number a template builds is weighed *before* it is built (string filters'
  widths, ``%`` and ``format`` specs, ``replace`` growth, ``join``, ``*``, ``+``, ``~``, ``**``); a value
  heavier than :data:`MAX_VALUE` characters or an integer longer than :data:`MAX_INT_BITS` bits is refused;
* attributes: of built-in values only a short list of harmless methods (``to_bytes``, ``expandtabs``, …
  are not on it);
* work: each render may take :data:`MAX_STEPS` steps (calls, loop iterations, filters), nest calls
  :data:`MAX_CALL_DEPTH` deep (recursive macros, ``self.b()``, ``loop()``), write :data:`MAX_OUTPUT`
  characters and run :data:`MAX_SECONDS` seconds; a draft only ever writes strings and numbers.

Every refusal is a :class:`Refused` (a ``SecurityError``), reported as ``P-SANDBOX`` by lint and draft alike.
"""

from __future__ import annotations

import re
import string
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from decimal import Decimal
from typing import Any

from jinja2 import StrictUndefined, TemplateSyntaxError, nodes, pass_context
from jinja2.compiler import CodeGenerator
from jinja2.filters import FILTERS as JINJA_FILTERS
from jinja2.parser import Parser
from jinja2.runtime import LoopContext, Undefined
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError

MAX_SOURCE = 4_000
MAX_DEPTH = 60
MAX_VALUE = 100_000
MAX_ARG = 1_000
MAX_INT_BITS = 10_000
MAX_RANGE = 1_000
MAX_EXPONENT = 64
MAX_SEQUENCE = 10_000
MAX_STEPS = 10_000
MAX_CALL_DEPTH = 20
MAX_OUTPUT = 100_000
MAX_SECONDS = 2.0
#: Steps and seconds of a whole draft or lint run (every condition and variant it renders together).
MAX_SESSION_STEPS = 350_000
MAX_SESSION_SECONDS = 10.0


class Refused(SecurityError):
    """A template the sandbox will not run, with the reason in Chinese."""


# ---------------------------------------------------------------- weighing values before they are built


def weight(value: Any, limit: int = MAX_VALUE) -> int:
    """About how many characters ``value`` would print as; stops counting past ``limit`` (so weighing a
    huge value costs at most ``limit`` steps). Shared references count each time they are reached."""
    total = 0
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, (str, bytes)):
            total += len(item) + 1
        elif isinstance(item, bool) or item is None:
            total += 1
        elif isinstance(item, int):
            total += item.bit_length() // 3 + 1
        elif isinstance(item, (list, tuple, set, frozenset)):
            total += 1
            stack.extend(item)
        elif isinstance(item, Mapping):
            total += 1
            stack.extend(item.keys())
            stack.extend(item.values())
        else:
            total += 1
        if total > limit:
            return total
    return total


def _refuse_heavy(value: Any, what: str) -> None:
    heavy = weight(value)
    if heavy > MAX_VALUE:
        raise Refused(f"{what}过大（超过 {MAX_VALUE} 个字符）")
    if heavy > 256:
        _budget().step(heavy // 256)  # weighing is work too: a large value costs steps


def _materialize(value: Any, what: str) -> Any:
    """A lazy sequence (``map``, ``select`` …) as a list, weighed item by item as it is produced, so a
    generator of large strings cannot reach ``join`` unweighed."""
    if not isinstance(value, Iterator):
        return value
    items, total = [], 0
    for item in value:
        total += weight(item, MAX_VALUE - total + 1)
        if total > MAX_VALUE:
            raise Refused(f"{what}过大（超过 {MAX_VALUE} 个字符）")
        items.append(item)
    return items


def _refuse_int(value: Any, what: str) -> None:
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_ARG:
        raise Refused(f"{what}的数值参数 {_short(value)} 超过上限 {MAX_ARG}")


def _short(value: Any) -> str:
    if isinstance(value, int) and value.bit_length() > 64:
        return f"（{value.bit_length()} 位二进制的整数）"
    text = value if isinstance(value, str) else type(value).__name__
    return text if len(text) <= 20 else text[:20] + "…"


_PERCENT = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?[hlL]?(.)", re.S)


def check_percent_format(fmt: str) -> None:
    """``fmt % args``: refuse widths and precisions over MAX_ARG and ``*`` (a width from the arguments)."""
    total = len(fmt)
    for match in _PERCENT.finditer(fmt):
        for part in match.group(1, 2):
            if part == "*" or (part and len(part) > 6) or (part and int(part) > MAX_ARG):
                raise Refused(f"格式“{_short(match.group(0))}”的宽度或精度超过上限 {MAX_ARG}")
            total += int(part) if part else 0
    if total > MAX_VALUE:  # many fields, each within the bound, still add up
        raise Refused(f"格式化的结果过长（超过 {MAX_VALUE} 个字符）")


_NUMBER = re.compile(r"\d+")


def check_brace_format(fmt: str) -> None:
    """``fmt.format(...)``: refuse nested fields in a spec and any width or precision over MAX_ARG."""
    try:
        fields = list(string.Formatter().parse(fmt))
    except ValueError as exc:
        raise Refused(f"格式字符串无效：{exc}") from None
    total = len(fmt)
    for _, _, spec, _ in fields:
        if not spec:
            continue
        if "{" in spec:
            raise Refused("格式说明中不能嵌套字段")
        for number in _NUMBER.findall(spec):
            if len(number) > 6 or int(number) > MAX_ARG:
                raise Refused(f"格式说明“{_short(spec)}”的宽度或精度超过上限 {MAX_ARG}")
            total += int(number)
    if total > MAX_VALUE:  # many fields, each within the bound, still add up
        raise Refused(f"格式化的结果过长（超过 {MAX_VALUE} 个字符）")


def _check_str_op(name: str, value: Any, args: tuple[Any, ...], kwargs: Mapping[str, Any]) -> None:
    """Pre-checks for string operations whose result can be much larger than their inputs."""
    text = value if isinstance(value, str) else ""
    every = list(args) + list(kwargs.values())
    for arg in every:
        _refuse_int(arg, name)
        if isinstance(arg, float) and abs(arg) > MAX_ARG:
            raise Refused(f"{name}的数值参数超过上限 {MAX_ARG}")
        _refuse_heavy(arg, f"{name}的参数")
    if name == "replace" and len(args) >= 2 and isinstance(args[0], str) and isinstance(args[1], str):
        count = (len(text) + 1) if args[0] == "" else text.count(args[0])
        if len(text) + count * len(args[1]) > MAX_VALUE:
            raise Refused(f"replace 的结果过长（超过 {MAX_VALUE} 个字符）")
    elif name in ("join", "str.join"):
        if name == "str.join":  # sep.join(items)
            items, sep = (args[0] if args else ()), text
        else:  # items|join(d)
            items, sep = value, (args[0] if args else kwargs.get("d", ""))
        if isinstance(items, (list, tuple)):
            size = weight(items) + len(items) * len(sep if isinstance(sep, str) else "")
            if size > MAX_VALUE:
                raise Refused(f"join 的结果过长（超过 {MAX_VALUE} 个字符）")
    elif name == "indent":
        width = args[0] if args else kwargs.get("width", 4)
        pad = len(width) if isinstance(width, str) else (width if isinstance(width, int) else 0)
        if len(text) + (text.count("\n") + 1) * pad > MAX_VALUE:
            raise Refused(f"indent 的结果过长（超过 {MAX_VALUE} 个字符）")
    elif name in ("str.format", "str.format_map"):
        check_brace_format(text)
    elif name == "format":  # the filter: value % args
        check_percent_format(text)
    elif name == "truncate":
        length = args[0] if args else kwargs.get("length", 255)
        if isinstance(length, int) and length < 0:
            raise Refused("truncate 的长度不能为负数")
    elif name == "wordwrap":
        width = args[0] if args else kwargs.get("width", 79)
        if isinstance(width, int) and width < 1:
            raise Refused("wordwrap 的宽度须为正数")
        wrap = args[2] if len(args) > 2 else kwargs.get("wrapstring")
        lines = len(text) // max(width, 1) + text.count("\n") + 1 if isinstance(width, int) else len(text) + 1
        if isinstance(wrap, str) and len(text) + lines * len(wrap) > MAX_VALUE:
            raise Refused(f"wordwrap 的结果过长（超过 {MAX_VALUE} 个字符）")


# ---------------------------------------------------------------- the budget of one render


class Session:
    """The budget of a whole draft or lint run on this thread: a bank of many phrases, each within its
    own bounds, still cannot add up to hours."""

    def __init__(self, steps: int = MAX_SESSION_STEPS, seconds: float = MAX_SESSION_SECONDS) -> None:
        self.limit, self.seconds, self.steps = steps, seconds, 0
        self.deadline = time.monotonic() + seconds

    def __enter__(self) -> Session:
        self.outer = getattr(_LOCAL, "session", None)
        _LOCAL.session = self
        return self

    def __exit__(self, *exc: object) -> None:
        _LOCAL.session = self.outer

    @property
    def exhausted(self) -> bool:
        return self.steps > self.limit or time.monotonic() > self.deadline


class Budget:
    """Steps, call depth and deadline of the render in progress on this thread."""

    def __init__(self) -> None:
        self.steps = 0
        self.depth = 0
        self.deadline = time.monotonic() + MAX_SECONDS
        self.session: Session | None = getattr(_LOCAL, "session", None)
        if self.session is not None:
            self.deadline = min(self.deadline, self.session.deadline)
            if self.session.exhausted:
                raise Refused(self._session_message())

    def _session_message(self) -> str:
        assert self.session is not None
        return self.session_message(self.session)

    @staticmethod
    def session_message(session: Session) -> str:
        return f"短语库的总计算量超过上限（{session.limit} 步或 {session.seconds:g} 秒），其余模板未运行"

    def step(self, n: int = 1) -> None:
        self.steps += n
        if self.steps > MAX_STEPS:
            raise Refused(f"计算步数超过 {MAX_STEPS}（循环或递归过多）")
        session = self.session
        if session is not None:
            session.steps += n
            if session.steps > session.limit:
                raise Refused(self._session_message())
        if time.monotonic() > self.deadline:
            if session is not None and time.monotonic() > session.deadline:
                raise Refused(self._session_message())
            raise Refused(f"运行超过 {MAX_SECONDS:g} 秒")


_LOCAL = threading.local()


def _budget() -> Budget:
    budget = getattr(_LOCAL, "budget", None)
    return budget if budget is not None else Budget()  # outside render(): a budget of its own


def charge_compile(source: str) -> None:
    """Count parsing and compiling ``source`` against the session (compiling costs as much as
    hundreds of render steps)."""
    session = getattr(_LOCAL, "session", None)
    if session is not None:
        session.steps += 50 + len(source) // 4
        if session.exhausted:
            raise Refused(f"短语库的总计算量超过上限（{session.limit} 步或 {session.seconds:g} 秒），其余模板未运行")


# ---------------------------------------------------------------- filters and methods


#: Jinja filters a phrase may use (random is not deterministic; the others are of no use in a report
#: and some of them run regular expressions or produce markup).
SAFE_JINJA_FILTERS = ("abs", "batch", "capitalize", "center", "count", "d", "default", "dictsort", "first",
                      "float", "format", "groupby", "indent", "int", "items", "join", "last", "length", "list",
                      "lower", "map", "max", "min", "reject", "rejectattr", "replace", "reverse", "round",
                      "select", "selectattr", "slice", "sort", "string", "sum", "title", "trim", "truncate",
                      "unique", "upper", "wordcount", "wordwrap")


def guard_filter(name: str, func: Callable[..., Any]) -> Callable[..., Any]:
    """``func`` with its arguments weighed before and its result after, and a step counted. Marked
    ``pass_context`` so that Jinja never calls it at compile time (constant folding)."""
    from jinja2.utils import _PassArg

    passes = _PassArg.from_obj(func)

    @pass_context
    def guarded(context: Any, value: Any, *args: Any, **kwargs: Any) -> Any:
        _budget().step()
        value = _materialize(value, f"过滤器 {name} 的输入")
        _refuse_heavy(value, f"过滤器 {name} 的输入")
        _check_str_op(name, value, args, kwargs)
        if passes is _PassArg.context:
            result = func(context, value, *args, **kwargs)
        elif passes is _PassArg.eval_context:
            result = func(context.eval_ctx, value, *args, **kwargs)
        elif passes is _PassArg.environment:
            result = func(context.environment, value, *args, **kwargs)
        else:
            result = func(value, *args, **kwargs)
        if not isinstance(result, Iterator):
            _refuse_heavy(result, f"过滤器 {name} 的结果")
        return result

    guarded.__name__ = f"guarded_{name}"
    return guarded


_SAFE_METHODS: dict[type, frozenset[str]] = {
    str: frozenset({"lower", "upper", "strip", "lstrip", "rstrip", "startswith", "endswith", "split", "rsplit",
                    "splitlines", "replace", "join", "count", "find", "rfind", "index", "rindex", "isdigit",
                    "isalpha", "isspace", "isdecimal", "isnumeric", "title", "capitalize", "format", "format_map",
                    "center", "ljust", "rjust", "zfill", "partition", "rpartition", "removeprefix",
                    "removesuffix"}),
    dict: frozenset({"get", "items", "keys", "values"}),
    list: frozenset({"index", "count"}),
    tuple: frozenset({"index", "count"}),
}
_VALUE_TYPES = (str, bytes, int, float, complex, Decimal, list, tuple, dict, set, frozenset, range)


def _base_type(obj: Any) -> type | None:
    for kind in _VALUE_TYPES:
        if isinstance(obj, kind):
            return kind
    return None


# ---------------------------------------------------------------- the environment


class _Codegen(CodeGenerator):
    """Jinja's code generator with ``~`` (concatenation) routed through the sandbox. It also remembers the
    variables the template reads from the context, as ``jinja2.meta.find_undeclared_variables`` finds
    them (that function runs a second code generator over the tree, which costs as much as compiling)."""

    def enter_frame(self, frame: Any) -> None:
        super().enter_frame(frame)
        found = getattr(_LOCAL, "undeclared", None)
        if found is not None:
            for action, param in frame.symbols.loads.values():
                if action == "resolve" and param not in self.environment.globals:
                    found.add(param)

    def visit_Concat(self, node: nodes.Concat, frame: Any) -> None:
        self.write("environment.narrative_concat((")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("))")


def _safe_range(*args: int) -> range:
    _budget().step()
    for arg in args:
        if isinstance(arg, int) and arg.bit_length() > 64:
            raise Refused(f"range 超过 {MAX_RANGE} 项")
    result = range(*args)
    if len(result) > MAX_RANGE:
        raise Refused(f"range 超过 {MAX_RANGE} 项")
    return result


_FORBIDDEN_NODES = (nodes.Include, nodes.Import, nodes.FromImport, nodes.Extends)


class Sandbox(ImmutableSandboxedEnvironment):
    """Jinja2's immutable sandbox with every operator, filter, method, loop and call bounded."""

    intercepted_binops = frozenset({"*", "**", "+", "-", "/", "//", "%"})
    intercepted_unops = frozenset({"-", "+"})
    code_generator_class = _Codegen

    def __init__(self, **options: Any) -> None:
        super().__init__(undefined=StrictUndefined, autoescape=False, keep_trailing_newline=False,
                         optimized=False, cache_size=0, finalize=_finalize, **options)
        self.filters = {name: guard_filter(name, JINJA_FILTERS[name]) for name in SAFE_JINJA_FILTERS}
        self.globals = {"range": _safe_range}

    # -- parsing: one parser for variants and conditions, with the source and the tree bounded

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        if len(source) > MAX_SOURCE:
            raise Refused(f"模板过长（{len(source)} 个字符，上限 {MAX_SOURCE}）")
        charge_compile(source)
        try:
            tree = Parser(self, source, name, filename).parse()
        except RecursionError:
            raise Refused(f"模板嵌套过深（上限 {MAX_DEPTH} 层）") from None
        return self.bounded(tree)

    def parse_condition(self, expression: str) -> nodes.Template:
        """A ``when`` condition as the template ``{% if <expression> %}1{% endif %}``, parsed as one
        expression (``x %}{{ y`` is a syntax error, not a template)."""
        if len(expression) > MAX_SOURCE:
            raise Refused(f"条件过长（{len(expression)} 个字符，上限 {MAX_SOURCE}）")
        charge_compile(expression)
        try:
            parser = Parser(self, expression, state="variable")
            expr = parser.parse_expression()
            if not parser.stream.eos:
                token = parser.stream.current
                raise TemplateSyntaxError(f"条件应是一个表达式，多出“{token.value}”", token.lineno)
        except RecursionError:
            raise Refused(f"条件嵌套过深（上限 {MAX_DEPTH} 层）") from None
        tree = nodes.Template([nodes.If(expr, [nodes.Output([nodes.TemplateData("1")])], [], [])], lineno=1)
        tree.set_environment(self)
        return self.bounded(tree)

    def bounded(self, tree: nodes.Template) -> nodes.Template:
        """Refuse trees deeper than MAX_DEPTH or loading other templates; wrap every loop's iterable."""
        stack: list[tuple[nodes.Node, int]] = [(tree, 0)]
        while stack:
            node, depth = stack.pop()
            if depth > MAX_DEPTH:
                raise Refused(f"模板嵌套过深（上限 {MAX_DEPTH} 层）")
            if isinstance(node, _FORBIDDEN_NODES):
                raise Refused(f"模板不能引用其他模板（{type(node).__name__.lower()}）")
            if isinstance(node, nodes.For) and not getattr(node, "_narrative_wrapped", False):
                node.iter = nodes.Call(nodes.EnvironmentAttribute("narrative_iter"), [node.iter], [], None, None,
                                       lineno=node.lineno)
                node._narrative_wrapped = True  # type: ignore[attr-defined]
            stack.extend((child, depth + 1) for child in node.iter_child_nodes())
        return tree

    def compile_tracked(self, tree: nodes.Template) -> tuple[Any, frozenset[str]]:
        """The template compiled from ``tree``, with the variables it reads from the context."""
        return self._tracked(self.from_string, tree)

    def generate_tracked(self, tree: nodes.Template) -> tuple[str, frozenset[str]]:
        """The Python generated for ``tree`` (what compile_tracked compiles), with the variables it reads."""
        return self._tracked(lambda t: self.compile(t, raw=True), tree)

    def _tracked(self, build: Callable[[nodes.Template], Any], tree: nodes.Template) -> tuple[Any, frozenset[str]]:
        outer = getattr(_LOCAL, "undeclared", None)
        _LOCAL.undeclared = found = set()
        try:
            built = build(tree)
        finally:
            _LOCAL.undeclared = outer
        return built, frozenset(found)

    # -- runtime hooks

    def narrative_iter(self, iterable: Any) -> Iterator[Any]:
        """A loop's items, each counted as a step."""
        if isinstance(iterable, Undefined):
            iterable._fail_with_undefined_error()
        budget = _budget()
        for item in iterable:
            budget.step()
            yield item

    def narrative_concat(self, parts: Iterable[Any]) -> str:
        parts = tuple(parts)
        _budget().step()
        _refuse_heavy(parts, "“~”连接的结果")
        return "".join(str(_finalize_value(part)) if not isinstance(part, str) else part for part in parts)

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        kind = _base_type(obj)
        if kind is not None and not isinstance(obj, LoopContext):
            return attr in _SAFE_METHODS.get(kind, frozenset()) and super().is_safe_attribute(obj, attr, value)
        return super().is_safe_attribute(obj, attr, value)

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        _budget().step()
        ints = isinstance(left, int) and isinstance(right, int)
        if operator == "**":
            if isinstance(right, (int, float, Decimal)) and abs(right) > MAX_EXPONENT:
                raise Refused("幂运算的指数过大")
            if ints and right > 0 and left.bit_length() * right > MAX_INT_BITS:
                raise Refused(f"幂运算的结果过大（超过 {MAX_INT_BITS} 位二进制）")
        elif operator == "*":
            if ints and left.bit_length() + right.bit_length() > MAX_INT_BITS:
                raise Refused(f"乘法的结果过大（超过 {MAX_INT_BITS} 位二进制）")
            for seq, times in ((left, right), (right, left)):
                if isinstance(seq, (str, list, tuple)) and isinstance(times, int):
                    if times > 0 and (len(seq) * times > MAX_SEQUENCE or weight(seq) * times > MAX_VALUE):
                        raise Refused("字符串或列表乘法的结果过长")
        elif operator == "+":
            if isinstance(left, (str, list, tuple)) and isinstance(right, (str, list, tuple)):
                if weight(left) + weight(right) > MAX_VALUE:
                    raise Refused(f"加法的结果过长（超过 {MAX_VALUE} 个字符）")
        elif operator == "%" and isinstance(left, str):
            check_percent_format(left)
            _refuse_heavy(right, "“%”格式化的参数")
        result = super().call_binop(context, operator, left, right)
        if isinstance(result, int) and result.bit_length() > MAX_INT_BITS:
            raise Refused(f"整数过大（超过 {MAX_INT_BITS} 位二进制）")
        return result

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        budget = _budget()
        budget.step()
        args = tuple(_materialize(arg, "调用的参数") for arg in args)
        target = getattr(__obj, "__wrapped__", __obj)  # the sandbox wraps str.format
        owner = getattr(target, "__self__", None)
        if isinstance(owner, str):
            name = getattr(target, "__name__", "")
            _check_str_op(f"str.{name}" if name in ("join", "format", "format_map") else name, owner, args, kwargs)
        else:
            for arg in args + tuple(kwargs.values()):
                _refuse_heavy(arg, "调用的参数")
        if isinstance(__obj, LoopContext) and args:
            args = (__self.narrative_iter(args[0]), *args[1:])
        budget.depth += 1
        try:
            if budget.depth > MAX_CALL_DEPTH:
                raise Refused(f"调用嵌套超过 {MAX_CALL_DEPTH} 层（递归）")
            result = super().call(__context, __obj, *args, **kwargs)
        finally:
            budget.depth -= 1
        if not isinstance(result, Iterator):
            _refuse_heavy(result, "调用的结果")
        return result


def _finalize_value(value: Any) -> Any:
    if isinstance(value, Undefined):
        return str(value)  # StrictUndefined: an UndefinedError naming the variable
    if isinstance(value, str) or (isinstance(value, (int, float, Decimal)) and not isinstance(value, bool)):
        if isinstance(value, int) and value.bit_length() > MAX_INT_BITS:
            raise Refused(f"整数过大（超过 {MAX_INT_BITS} 位二进制）")
        return value
    raise Refused(f"只能输出文字和数字，不能输出 {type(value).__name__}")


@pass_context
def _finalize(context: Any, value: Any) -> Any:
    _budget().step()
    return _finalize_value(value)


# ---------------------------------------------------------------- rendering


#: Per compiled template, its globals as a plain dict: ``Template.generate`` merges them from a ChainMap on
#: every call, which costs more than a short variant's whole body.
_GLOBALS: dict[int, tuple[Any, dict[str, Any]]] = {}


def _chunks(template: Any, context: Mapping[str, Any]) -> Iterator[str]:
    """What ``template.generate(**context)`` yields, by the template's own compiled root function (the same
    code, with the sandbox's guarded attribute access and finalize) and a context built without merging the
    globals again; an error is re-raised as ``generate`` does, through Jinja's exception handler."""
    cached = _GLOBALS.get(id(template))
    if cached is None or cached[0] is not template:
        if len(_GLOBALS) >= 8192:
            _GLOBALS.clear()
        cached = _GLOBALS[id(template)] = (template, dict(template.globals))
    environment = template.environment
    ctx = environment.context_class(environment, {**cached[1], **context}, template.name, template.blocks)
    try:
        yield from template.root_render_func(ctx)
    except Exception:  # noqa: BLE001 - exactly what Template.generate does
        yield environment.handle_exception()


#: Texts already rendered, by template and the exact values it was given (see :func:`render`). Bounded.
_MEMO: dict[tuple[Any, ...], tuple[str, int]] = {}
MAX_MEMO = 8192
_PLAIN = frozenset({str, int, bool, type(None)})


def _memo_key(template: Any, context: Mapping[str, Any]) -> tuple[Any, ...] | None:
    """The memo key of a render: the template and each value with its exact type, a list or dict of such
    values by its items in order, a list of such dicts (a table's rows: result shares, year-on-year
    changes) row by row; None when some value is anything else (an int subclass such as “100余” prints
    otherwise than the int it equals; 1 == True == 1.0, hence the types), nested deeper or long."""
    key: list[Any] = [template]
    for name, value in context.items():
        kind = value.__class__
        if kind in _PLAIN:
            key += (name, kind, value)
        elif kind is list or kind is tuple:
            kinds = tuple(map(type, value))
            if len(kinds) > 32:
                return None
            if _PLAIN.issuperset(kinds):
                key += (name, kind, kinds, tuple(value))
            elif _RECORDS.issuperset(kinds):
                rows = tuple(map(_record_key, value))
                if None in rows:
                    return None
                key += (name, kind, rows)
            else:
                return None
        elif kind is dict:
            record = _record_key(value)
            if record is None:
                return None
            key += (name, kind, record)
        else:
            return None
    return tuple(key)


_RECORDS = frozenset({dict})


def _record_key(record: dict[Any, Any]) -> tuple[Any, ...] | None:
    """A dict of plain keys and values by its items in order, with their exact types; None otherwise."""
    names, values = tuple(map(type, record)), tuple(map(type, record.values()))
    if len(names) > 32 or not (_PLAIN.issuperset(names) and _PLAIN.issuperset(values)):
        return None
    return (names, values, tuple(record.items()))


def _charge(steps: int) -> None:
    """A remembered render's steps, charged to the session as running it again would charge them."""
    session = getattr(_LOCAL, "session", None)
    if session is not None:
        if session.exhausted:
            raise Refused(Budget.session_message(session))
        session.steps += steps
        if session.steps > session.limit:
            raise Refused(Budget.session_message(session))


def render(template: Any, context: Mapping[str, Any], memo: bool = False) -> str:
    """``template`` rendered under a fresh budget: at most MAX_STEPS steps, MAX_OUTPUT characters and
    MAX_SECONDS seconds. Refusals (including memory and recursion exhaustion) raise :class:`Refused`.

    With ``memo``, a render of the same compiled template with the same plain values returns the text it
    gave before and charges the session the steps it took then (a template in this sandbox is a pure
    function of its values: no state, no clock, no randomness; the caller leaves out templates that test
    identity with ``sameas``). Refusals and errors are never remembered."""
    key = _memo_key(template, context) if memo else None
    if key is not None:
        hit = _MEMO.get(key)
        if hit is not None:
            _charge(hit[1])
            return hit[0]
    outer = getattr(_LOCAL, "budget", None)
    budget = _LOCAL.budget = Budget()
    try:
        out: list[str] = []
        size = 0
        for chunk in _chunks(template, context):
            size += len(chunk)
            if size > MAX_OUTPUT:
                raise Refused(f"输出超过 {MAX_OUTPUT} 个字符")
            out.append(chunk)
        text = "".join(out)
    except RecursionError:
        raise Refused("递归过深") from None
    except MemoryError:
        raise Refused("内存不足（模板申请的内存过多）") from None
    finally:
        _LOCAL.budget = outer
    if not isinstance(text, str):
        raise Refused(f"只能输出文字，不能输出 {type(text).__name__}")
    if key is not None:
        if len(_MEMO) >= MAX_MEMO:
            _MEMO.clear()
        _MEMO[key] = (text, budget.steps)
    return text
