"""A user's phrase bank is untrusted text: it must not reach Python internals or exhaust the machine."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from conftest import EXAMPLES
from narrative import NarrativeError, generate
from narrative.lint import lint

ATTACKS = [
    "{{ we.__class__.__mro__ }}",
    "{{ we.__class__.__base__.__subclasses__() }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ (year).__class__.__base__ }}",
    "{{ decisions.__class__.__init__.__globals__ }}",
    "{{ join_list.__globals__ }}",
    "{% for x in range(100000000) %}{% endfor %}",
    "{{ 'x' * 100000000 }}",
    "{{ [0] * 100000000 }}",
    "{{ 9 ** 99999999 }}",
    "{{ we.format.__globals__ }}",
    "{{ result_shares.append }}{{ result_shares.pop() }}",
]


def _bank(tmp_path: Path, template: str) -> Path:
    bank = tmp_path / "bank"
    bank.mkdir()
    phrase = {"id": "user.opening", "slot": "overview.opening", "variants": [template]}
    (bank / "user.yaml").write_text(yaml.safe_dump({"phrases": [phrase]}, allow_unicode=True), encoding="utf-8")
    return bank


@pytest.mark.parametrize("template", ATTACKS)
def test_attacks_are_refused_with_a_clear_error(tmp_path, template):
    bank = _bank(tmp_path, "{{ year }}年。" + template)
    with pytest.raises(NarrativeError) as info:
        generate(EXAMPLES / "qingshan-county-2024.yaml", phrasebank=bank)
    finding = info.value.findings[0]
    assert finding.code in ("P-SANDBOX", "P-RENDER"), finding.format()
    assert "user.opening" in finding.message
    assert finding.location.file.endswith("user.yaml")


@pytest.mark.parametrize("template", ATTACKS)
def test_lint_reports_the_same_attacks(tmp_path, template):
    findings = lint(_bank(tmp_path, "{{ year }}年。" + template))
    assert any(f.code in ("P-SANDBOX", "P-RENDER", "P-VARIABLE") and "user.opening" in f.message for f in findings), \
        [f.format() for f in findings]


def test_a_harmless_user_phrase_is_used(tmp_path):
    bank = _bank(tmp_path, "{{ year }}年，{{ we }}依照《中华人民共和国政府信息公开条例》（以下简称《条例》）开展工作。")
    draft = generate(EXAMPLES / "qingshan-county-2024.yaml", phrasebank=bank)
    first = draft.section("一").parts[0].paragraphs[0].sentences[0]
    assert first.phrase_id == "user.opening" and first.text.startswith("2024年，我县依照")


def test_strict_undefined_makes_a_misspelt_variable_an_error(tmp_path):
    with pytest.raises(NarrativeError) as info:
        generate(EXAMPLES / "qingshan-county-2024.yaml", phrasebank=_bank(tmp_path, "{{ yaer }}年。"))
    assert info.value.findings[0].code == "P-RENDER" and "yaer" in info.value.findings[0].message


# ---------------------------------------------------------------- variables read, found while compiling (#10)
_SCOPES = [
    "{% set foo = 42 %}{{ bar + foo }}",
    "{% for x in items %}{{ x }}{{ loop.index }}{{ y }}{% endfor %}{{ x }}",
    "{% macro m(a) %}{{ a }}{{ b }}{% endmacro %}{{ m(c) }}",
    "{% if false %}{{ hidden }}{% endif %}{{ range(3) | join }}",
    "{% with z = w %}{{ z }}{{ v }}{% endwith %}",
    "{% set ns = namespace(n=0) %}{% for i in range(2) %}{% set ns.n = ns.n + i %}{% endfor %}{{ ns.n }}",
    "{{ (a ~ b) | replace(c, d) }}{% filter upper %}{{ e }}{% endfilter %}",
]


def test_variables_found_while_compiling_match_jinja_meta():
    """What the realiser reports and passes to a variant is what jinja2.meta finds, for every variant and
    condition of the default bank, the attacks and templates with every kind of scope."""
    from jinja2 import meta

    from narrative.phrasebank import load_bank
    from narrative.realise import ENV

    bank = load_bank()
    sources = [(v, ENV.parse) for p in bank.phrases.values() for v in p.variants]
    sources += [(p.when, ENV.parse_condition) for p in bank.phrases.values() if p.when]
    sources += [(r.when, ENV.parse_condition) for r in bank.rules.values() if getattr(r, "when", None)]
    sources += [(s, ENV.parse) for s in ATTACKS + _SCOPES]
    assert len(sources) > 200
    for source, parse in sources:
        _, found = ENV.compile_tracked(parse(source))
        assert found == meta.find_undeclared_variables(parse(source)), source


# ---------------------------------------------------------------- renders remembered by value (#10)
def test_a_remembered_render_charges_the_session_as_a_render_does():
    """The session's bound holds with the memo: the same render repeated is refused at the same repeat."""
    from narrative.realise import load_template, run
    from narrative.sandbox import Refused, Session

    template, _ = load_template("{% for i in range(n) %}{{ i }}{% endfor %}")
    refused_at = {}
    for memo in (False, True):
        template.narrative_memo = memo
        with Session(steps=2_000):
            for repeat in range(100):
                try:
                    run(template, {"n": 90})
                except Refused:
                    refused_at[memo] = repeat
                    break
    template.narrative_memo = True
    assert refused_at[False] == refused_at[True] > 1


def test_identity_tests_and_errors_are_never_remembered():
    from narrative.realise import load_template, run
    from narrative.sandbox import Refused

    same, _ = load_template("{% if a is sameas b %}同{% else %}异{% endif %}")
    a = "".join(["政", "府"])
    b = "".join(["政府"[:1], "府"])
    assert a == b and a is not b
    assert run(same, {"a": a, "b": a}) == "同"
    assert run(same, {"a": a, "b": b}) == "异"
    pieces = ["一"]
    joined, _ = load_template("{{ items | join }}")
    assert run(joined, {"items": pieces}) == "一"
    pieces.append("二")  # a list is remembered by its items: changed in place, it is another render
    assert run(joined, {"items": pieces}) == "一二"
    divide, _ = load_template("{{ 1 // x }}")
    for _ in range(2):
        with pytest.raises(Exception) as caught:
            run(divide, {"x": 0})
        assert not isinstance(caught.value, Refused)
    approx, _ = load_template("{{ n }}件")
    from narrative.model import ApproxInt

    assert run(approx, {"n": 100}) == "100件"
    assert run(approx, {"n": ApproxInt(100)}) == "100余件"  # equal to 100, printed otherwise


def test_a_list_of_records_is_remembered_by_its_values_and_their_types():
    """A table's rows (a list of dicts of plain values, as result shares are) are remembered row by row: a
    row changed in place, or a value of another type that compares equal (1, True, 1.0), is another render;
    a nested list or an unknown type is never remembered."""
    from narrative import sandbox
    from narrative.realise import load_template, run
    from narrative.sandbox import Refused

    rows, _ = load_template("{% for r in rows %}{{ r.label }}{{ r.count }}；{% endfor %}")
    assert rows.narrative_memo
    table = [{"label": "予以公开", "count": 1}, {"label": "部分公开", "count": 2}]
    assert run(rows, {"rows": table}) == "予以公开1；部分公开2；"
    assert sandbox._memo_key(rows, {"rows": table}) in sandbox._MEMO
    table[1]["count"] = 3
    assert run(rows, {"rows": table}) == "予以公开1；部分公开3；"
    table[1]["count"] = 1
    assert run(rows, {"rows": table}) == "予以公开1；部分公开1；"
    table[1]["count"] = True  # equal to 1, but the sandbox refuses to print it: never the remembered text
    assert sandbox._memo_key(rows, {"rows": table}) not in sandbox._MEMO
    with pytest.raises(Refused):
        run(rows, {"rows": table})
    table[1]["count"] = 1.0  # not a plain type: rendered every time
    assert sandbox._memo_key(rows, {"rows": table}) is None
    assert run(rows, {"rows": table}) == "予以公开1；部分公开1.0；"
    assert sandbox._memo_key(rows, {"rows": ({"count": 1},)}) is not None
    for odd in ([{"label": ["嵌套"], "count": 1}], [{"label": "甲", "count": 1}, "乙"], [{"count": 1}] * 33):
        assert sandbox._memo_key(rows, {"rows": odd}) is None
