"""Issue 8: fuzzing. Whatever bytes a file holds and whatever value a mapping carries, reading, checking
and drafting end in a result or a NarrativeError — never another exception. Few examples in the dev
profile, more under CI (tests/conftest.py)."""

from __future__ import annotations

import copy
import io
import tempfile
from decimal import Decimal
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import EXAMPLES
from narrative import NarrativeError, check, generate, load
from narrative.testing import raw_reports

_BASE = settings.default.max_examples
_FUZZ = settings(max_examples=max(10, _BASE // 3), suppress_health_check=list(HealthCheck), deadline=None)
_SEEDS = [p.read_bytes() for p in sorted(EXAMPLES.glob("*.yaml"))[:3]]


def _all_outcomes(source, **kw) -> None:
    """Load, check, draft and render every format; only NarrativeError may escape."""
    try:
        report = load(source, **kw)
        check(report)
        draft = generate(report, full=True)
    except NarrativeError as exc:
        assert exc.findings and all(f.code and f.message for f in exc.findings)
        for finding in exc.findings:
            finding.format()
        return
    for render in (draft.to_text, draft.to_markdown, draft.to_json, draft.to_html):
        assert isinstance(render(), str)
    draft.to_docx(io.BytesIO())


_CONTROL = st.characters(codec="utf-8", categories=["Cc", "Cs", "Co", "Zl", "Zp", "Cf"], exclude_characters="\x00")
_HOSTILE_TEXT = st.one_of(st.text(alphabet=_CONTROL, max_size=20), st.text(max_size=40),
                          st.sampled_from(["yes", "null", "~", "1e999", "0x" + "f" * 30, "<script>", "# 标题\n# x",
                                           "%s%n{0}{{x}}", "\\u0000", "../../etc/passwd", "a\x00b"]))


@st.composite
def _mutated_bytes(draw: st.DrawFn) -> bytes:
    data = bytearray(draw(st.sampled_from(_SEEDS)))
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(data)))
        kind = draw(st.integers(0, 3))
        if kind == 0:
            data[at:at] = draw(st.binary(min_size=1, max_size=8))
        elif kind == 1:
            del data[at:at + draw(st.integers(1, 40))]
        elif kind == 2:
            data[at:at] = draw(st.sampled_from([b"*", b"&a ", b"[", b"{", b"\n  - ", b": ", b"9" * 50, b"!!python/",
                                                b"\x00", b"\xff\xfe", b"\t", b"'", b'"']))
        else:
            data[at:at] = draw(_HOSTILE_TEXT).encode("utf-8", "surrogatepass")
    return bytes(data)


@_FUZZ
@given(st.one_of(_mutated_bytes(), st.binary(max_size=400)), st.sampled_from([".yaml", ".json", ".toml", ".yml"]))
def test_any_file_bytes(data, suffix):
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / f"input{suffix}"
        path.write_bytes(data)
        _all_outcomes(path)


def _leaves(doc, path=()):
    if isinstance(doc, dict):
        for key, value in doc.items():
            yield from _leaves(value, path + (key,))
    elif isinstance(doc, list):
        for i, value in enumerate(doc):
            yield from _leaves(value, path + (i,))
    yield path


_HOSTILE_VALUE = st.one_of(
    _HOSTILE_TEXT, st.integers(), st.integers(min_value=10**17, max_value=10**40), st.floats(allow_nan=True),
    st.decimals(allow_nan=True), st.sampled_from([Decimal("1E-999999"), Decimal("-0"), 10**5000, -1, True, None]),
    st.lists(st.integers(0, 5), max_size=8), st.dictionaries(st.text(max_size=5), st.integers(0, 3), max_size=3),
    st.builds(object), st.binary(max_size=5), st.tuples(st.integers()), st.sets(st.integers(), max_size=2),
)


@_FUZZ
@given(raw_reports(), st.data())
def test_any_value_anywhere_in_a_mapping(doc, data):
    doc = copy.deepcopy(doc)
    paths = [p for p in _leaves(doc) if p]
    for _ in range(data.draw(st.integers(1, 3))):
        path = data.draw(st.sampled_from(paths))
        target = doc
        try:
            for key in path[:-1]:
                target = target[key]
            target[path[-1]] = data.draw(_HOSTILE_VALUE)
        except (KeyError, IndexError, TypeError):
            continue
    _all_outcomes(doc)


_ATOMS = ["we", "year", "'x'", "'%0999d'", "'{:>999}'", "10**64", "range(1000)", "[1,2,3]", "result_shares",
          "decisions", "'a.b'", "9999999", "-1", "0", "(range(1000)|list)", "'\\t'", "''", "none", "true", "self",
          "loop", "1.5e308"]
_FILTERS = ["center(999)", "center(99999)", "join", "join(we)", "replace('', we)", "replace('x', 'xx')", "list", "sum",
            "sum(start=[])", "batch(3)", "slice(999)", "map('string')", "map('center', 999)", "indent(999)",
            "wordwrap(1)", "truncate(5)", "format(1)", "round(999)", "int", "string", "length", "first", "unique",
            "sort", "reverse", "select", "dictsort", "items", "title", "default('z')", "groupby('label')",
            "map(attribute='label')", "join_list", "clauses", "counted", "shares", "change"]
_OPS = ["~", "+", "*", "**", "%", "//", "-", "and", "in"]
_METHODS = [".upper()", ".split()", ".center(999)", ".zfill(999)", ".format(1)", ".join(['a','b'])",
            ".replace('', 'ab')", ".ljust(9999)", ".items()", ".get('x')", ".count(1)"]

_EXPR = st.recursive(
    st.sampled_from(_ATOMS),
    lambda inner: st.one_of(
        st.builds(lambda e, f: f"({e})|{f}", inner, st.sampled_from(_FILTERS)),
        st.builds(lambda a, o, b: f"({a} {o} {b})", inner, st.sampled_from(_OPS), inner),
        st.builds(lambda e, m: f"({e}){m}", inner, st.sampled_from(_METHODS)),
        st.builds(lambda a, b: f"[{a}, {b}]", inner, inner)),
    max_leaves=8)
_STATEMENT = st.one_of(
    st.builds(lambda e: "{{ " + e + " }}", _EXPR),
    st.builds(lambda e: "{% set v = " + e + " %}{{ v }}", _EXPR),
    st.builds(lambda e: "{% for i in " + e + " %}{{ i }}{% endfor %}", _EXPR),
    st.builds(lambda e: "{% if " + e + " %}是{% endif %}", _EXPR))


@_FUZZ
@given(st.lists(_STATEMENT, min_size=1, max_size=4).map("".join))
def test_any_template_is_text_a_refusal_or_a_template_error(source):
    """Random templates of filters, methods and operators with hostile sizes: the sandbox renders text,
    refuses (SecurityError) or fails as a TemplateError; nothing else escapes."""
    from jinja2 import TemplateError

    from narrative.lint import sample_contexts
    from narrative.realise import load_template, run

    try:
        template, _ = load_template(source)
        assert isinstance(run(template, dict(sample_contexts().rich)), str)
    except TemplateError:  # Refused is a SecurityError, itself a TemplateError
        pass
