"""Issue 8: a user's phrase bank is untrusted. Every attack below once exhausted memory or time, crashed
with a traceback or passed lint; each must now be one P-SANDBOX finding naming the phrase and variant,
the same in ``narrative phrasebank lint`` and in a draft, at little cost. The attacks run in a child
process under CPU and memory limits (tests/hostile.py)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import yaml

from conftest import EXAMPLES
from hostile import run_json
from narrative import NarrativeError, generate, load
from narrative.lint import lint

ATTACKS = {
    "center": "{{ we|center(10**9) }}",
    "ljust-method": "{{ we.ljust(10**9) }}",
    "zfill-method": "{{ we.zfill(10**9) }}",
    "indent": "{{ we|indent(10**9) }}",
    "expandtabs": "{{ we.expandtabs(10**9) }}",
    "filter-block": "{% filter center(10**9) %}x{% endfilter %}",
    "percent": "{{ '%0999999999d' % 1 }}",
    "percent-folded": "{{ '%0199999999d' % 1 }}",
    "percent-star": "{{ '%*d' % (999999999, 1) }}",
    "percent-many-fields": "{% set f = '%(a)999d' * 1000 %}{% set f = f ~ f ~ f ~ f ~ f ~ f ~ f ~ f ~ f %}"
                           "{{ f % {'a': 1} }}",
    "format-many-fields": "{% set f = '{0:>999}' * 1000 %}{% set f = f ~ f ~ f ~ f ~ f ~ f ~ f ~ f %}"
                          "{{ f.format(1) }}",
    "format-filter": "{{ '%0999999999d'|format(1) }}",
    "str-format": "{{ '{:>999999999}'.format(1) }}",
    "str-format-nested": "{{ '{:>{}}'.format(1, 999999999) }}",
    "to-bytes": "{{ (10).to_bytes(10**9,'big') }}",
    "round": "{{ (10**64)|round(-10**9) }}",
    "chained-power": "{{ ((10**64)**64)**64 }}",
    "repeated-squaring": "{% set a = 10**60 %}" + "{% set a = a*a %}" * 40 + "{{ a }}",
    "nested-ranges": "{% for i in range(1000) %}{% for j in range(1000) %}{% for k in range(1000) %}"
                     "{% endfor %}{% endfor %}{% endfor %}",
    "replace-growth": "{% set a = 'x'*1000 %}{% set b = a|replace('x', a) %}{{ b|replace('x', b) }}",
    "join-huge": "{% set b = 'x'*10000 %}{{ ([b]*10000)|join }}",
    "concat-doubling": "{% set a = 'x'*10000 %}" + "{% set a = a ~ a %}" * 30 + "{{ a }}",
    "plus-doubling": "{% set a = 'x'*10000 %}" + "{% set a = a + a %}" * 30 + "{{ a }}",
    "slice": "{{ range(10)|slice(10**9)|list }}",
    "truncate-negative": "{{ we|truncate(-1) }}",
    "wordwrap-zero": "{{ we|wordwrap(0) }}",
    "wordwrap-growth": "{% set a = 'x' * 9000 %}{% set b = a ~ a ~ a ~ a ~ a %}{{ b|wordwrap(1, true, b) }}",
    "recursive-macro": "{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}",
    "self-block": "{% block b %}{{ self.b() }}{% endblock %}",
    "recursive-loop": "{% for x in [1] recursive %}{{ loop([1]) }}{% endfor %}",
    "nested-parentheses": "{{ " + "(" * 1500 + "1" + ")" * 1500 + " }}",
    "nested-parentheses-5000": "{{ " + "(" * 5000 + "1" + ")" * 5000 + " }}",
    "nested-ifs": "{% if 1 %}" * 300 + "{% endif %}" * 300,
    "nested-ifs-3000": "{% if 1 %}" * 3000 + "{% endif %}" * 3000,
    "template-reference": "{{ self }}",
    "bytes": "{{ we.encode() }}",
    "include": "{% include 'x' %}",
    "generator-join": "{% set a = '0' * 9000 %}{% set b = a ~ a ~ a ~ a ~ a %}"
                      "{{ range(1000)|map('string')|map('first')|map('replace', '', b)|join }}",
    "generator-str-join": "{% set a = '0' * 9000 %}{% set b = a ~ a ~ a ~ a ~ a %}"
                          "{{ ''.join(range(1000)|map('string')|map('first')|map('replace', '', b)) }}",
    "static-text-loop": "{% for i in range(1000) %}{% for j in range(1000) %}" + "字" * 500
                        + "{% endfor %}{% endfor %}",
}

_CHILD = r"""
import json, sys, tempfile, pathlib, yaml
from narrative import generate, NarrativeError
from narrative.lint import lint
out = {}
for name, template in json.loads(sys.argv[1]).items():
    bank = pathlib.Path(tempfile.mkdtemp())
    phrase = {"id": "user.attack", "slot": "overview.opening", "variants": ["{{ year }}年。" + template]}
    (bank / "user.yaml").write_text(yaml.safe_dump({"phrases": [phrase]}, allow_unicode=True), encoding="utf-8")
    linted = [f.format() for f in lint(bank) if "user.attack" in f.message]
    try:
        generate(sys.argv[2], phrasebank=bank)
        drafted = ["drafted"]
    except NarrativeError as exc:
        drafted = [f.format() for f in exc.findings]
    out[name] = {"lint": linted, "draft": drafted}
print(json.dumps(out))
"""


@pytest.fixture(scope="module")
def outcomes():
    return run_json(_CHILD, args=(json.dumps(ATTACKS), str(EXAMPLES / "qingshan-county-2024.yaml")))


@pytest.mark.parametrize("name", sorted(ATTACKS))
def test_an_attack_is_one_p_sandbox_finding_in_lint_and_draft_alike(outcomes, name):
    got = outcomes[name]
    sandbox = [f for f in got["lint"] if "P-SANDBOX" in f]
    assert sandbox, got
    assert got["draft"] == sandbox[:1], got  # the same finding, word for word
    assert "短语 user.attack：第1个变体被沙箱拒绝" in sandbox[0] and "user.yaml" in sandbox[0]


def _bank(tmp_path: Path, phrase: dict) -> Path:
    bank = tmp_path / "bank"
    bank.mkdir(exist_ok=True)
    (bank / "user.yaml").write_text(yaml.safe_dump({"phrases": [phrase]}, allow_unicode=True), encoding="utf-8")
    return bank


def test_a_condition_is_parsed_the_same_way_by_lint_and_draft(tmp_path):
    bank = _bank(tmp_path, {"id": "user.when", "slot": "overview.opening", "when": "we.__class__",
                            "variants": ["{{ year }}年，{{ we }}开展工作。"]})
    linted = [f for f in lint(bank) if "user.when" in f.message]
    with pytest.raises(NarrativeError) as info:
        generate(EXAMPLES / "qingshan-county-2024.yaml", phrasebank=bank)
    assert [f.code for f in linted] == ["P-SANDBOX"]
    assert info.value.findings == linted


def test_a_condition_cannot_smuggle_template_code(tmp_path):
    bank = _bank(tmp_path, {"id": "user.when", "slot": "overview.opening",
                            "when": "1 %}{{ we.__class__.__mro__ }}{% if 1",
                            "variants": ["{{ year }}年，{{ we }}开展工作。"]})
    assert [f.code for f in lint(bank) if "user.when" in f.message] == ["P-TEMPLATE"]
    with pytest.raises(NarrativeError) as info:
        generate(EXAMPLES / "qingshan-county-2024.yaml", phrasebank=bank)
    assert info.value.findings[0].code == "P-TEMPLATE"


def test_compile_time_folding_cannot_run_an_attack(tmp_path):
    """Jinja folds constant expressions while compiling; the sandbox must see them all the same."""
    from narrative.realise import load_template

    template, _ = load_template("{{ '%0199999999d' % 1 }}{{ 'x'|center(999999999) }}")
    assert "0199999999" in template.environment.compile("{{ '%0199999999d' % 1 }}", raw=True)


def test_a_harmless_template_still_uses_filters_and_methods(tmp_path):
    bank = _bank(tmp_path, {"id": "user.ok", "slot": "overview.opening", "variants": [
        "{{ year }}年，{{ we }}{{ '依照' ~ '《条例》' }}开展{{ ['政府', '信息'] | join }}公开工作{{ '，'.join(['', '稳步推进']) }}。"]})
    assert not [f for f in lint(bank) if "user.ok" in f.message]
    first = generate(EXAMPLES / "qingshan-county-2024.yaml", phrasebank=bank).section("一").parts[0].paragraphs[0]
    assert first.sentences[0].text.startswith("2024年，我县依照《条例》开展政府信息公开工作，稳步推进")


def test_rendering_is_bounded_without_the_child_limits():
    """The budget itself, in process: many steps are refused, not merely slow."""
    from narrative.realise import load_template, run
    from narrative.sandbox import MAX_STEPS, Refused

    template, _ = load_template("{% for i in range(1000) %}{% for j in range(1000) %}.{% endfor %}{% endfor %}")
    with pytest.raises(Refused, match=str(MAX_STEPS)):
        run(template, {})


# ---------------------------------------------------------------- bank files


GOOD = {"phrases": [{"id": "user.ok", "slot": "overview.opening",
                     "variants": ["{{ year }}年，{{ we }}依照《中华人民共和国政府信息公开条例》开展工作。"]}]}


def _files(tmp_path: Path, **files: str) -> Path:
    bank = tmp_path / "files"
    bank.mkdir()
    for name, text in files.items():
        (bank / name.replace("__", ".")).write_text(text, encoding="utf-8")
    return bank


def _format_findings(bank: Path) -> list:
    """P-FORMAT findings of lint and of a draft: the same, and never a traceback."""
    linted = [f for f in lint(bank) if f.code in ("P-FORMAT", "P-NOT-FOUND")]
    with pytest.raises(NarrativeError) as info:
        generate(EXAMPLES / "qingshan-county-2024.yaml", phrasebank=bank)
    assert [f.code for f in info.value.findings] == [f.code for f in linted]
    return linted


def test_dangling_and_looping_symlinks(tmp_path):
    bank = _files(tmp_path, user__yaml=yaml.safe_dump(GOOD, allow_unicode=True))
    os.symlink(bank / "missing.yaml", bank / "dangling.yaml")
    os.symlink(bank / "loop.yaml", bank / "loop.yaml")
    found = _format_findings(bank)
    assert sorted(Path(f.location.file).name for f in found) == ["dangling.yaml", "loop.yaml"]


def test_a_fifo_in_the_bank_is_not_read(tmp_path):
    bank = _files(tmp_path)
    os.mkfifo(bank / "pipe.yaml")
    found = _format_findings(bank)
    assert "命名管道" in found[0].message


def test_upper_case_suffixes_are_bank_files(tmp_path):
    bank = _files(tmp_path, USER__YML=yaml.safe_dump(GOOD, allow_unicode=True))
    draft = generate(EXAMPLES / "qingshan-county-2024.yaml", phrasebank=bank)
    assert draft.section("一").parts[0].paragraphs[0].sentences[0].phrase_id == "user.ok"


@pytest.mark.parametrize("text", [
    "1: x\n",
    "phrases: []\n1: x\n",
    "phrases:\n  - {id: a, slot: overview.opening, variants: [x], 1: y, z: 2}\n",
    "rules:\n  - {id: r, topic: t, when: 'true', priority: " + "9" * 5000 + "}\n",
    "rules:\n  - {id: r, topic: t, when: 'true', priority: 99999999999}\n",
    "dated:\n  - {id: d, text: x, from_year: " + "9" * 40 + ", to_year: 2020}\n",
])
def test_odd_keys_and_huge_numbers(tmp_path, text):
    found = _format_findings(_files(tmp_path, user__yaml=text))
    assert found and all(f.code == "P-FORMAT" for f in found)
    assert "9" * 100 not in str([f.message for f in found])


def test_an_alias_bomb_in_keywords(tmp_path):
    """522 bytes that expand to 8**9 keywords: refused by the bank loader's node limit, at once."""
    lines = ["topics:", "  - {id: t0, label: 主题, keywords: &k0 [a, a, a, a, a, a, a, a]}"]
    lines += [f"  - {{id: t{i}, label: 主题, keywords: &k{i} [" + ", ".join([f"*k{i - 1}"] * 8) + "]}"
              for i in range(1, 10)]
    found = _format_findings(_files(tmp_path, user__yaml="\n".join(lines) + "\n"))
    assert found and found[0].code == "P-FORMAT" and "L-TOO-MANY" in found[0].message


def test_a_huge_bank_file_is_not_read(tmp_path):
    found = _format_findings(_files(tmp_path, user__yaml="# " + "x" * 1_100_000 + "\n"))
    assert "1000000" in found[0].message


def test_a_phrasebank_path_with_a_nul_byte():
    assert [f.code for f in lint("a\x00b")] == ["P-NOT-FOUND"]


def test_a_rule_condition_is_refused_the_same_way_by_lint_and_draft(tmp_path):
    bank = tmp_path / "rules"
    bank.mkdir()
    rule = {"id": "rule.attack", "topic": "policy_interpretation", "priority": 100,
            "when": "(range(1000)|map('string')|join)|length * (range(1000)|map('string')|join)|length > 0"
                    " and (range(1000)|list|map('center', 999999999)|list)"}
    (bank / "user.yaml").write_text(yaml.safe_dump({"rules": [rule]}, allow_unicode=True), encoding="utf-8")
    linted = [f for f in lint(bank) if "rule.attack" in f.message]
    doc = yaml.safe_load((EXAMPLES / "qingshan-county-2024.yaml").read_text(encoding="utf-8"))
    doc.get("problems", {}).pop("current", None)
    with pytest.raises(NarrativeError) as info:
        generate(load(doc, base_dir=EXAMPLES), phrasebank=bank)
    assert [f.code for f in linted] == ["P-SANDBOX"]
    assert info.value.findings == linted


_MANY = r"""
import json, sys, pathlib, tempfile, yaml
from narrative import generate, NarrativeError
from narrative.lint import lint
bank = pathlib.Path(tempfile.mkdtemp())
costly = "{% for i in range(1000) %}{% for j in range(9) %}{% endfor %}{% endfor %}{{ year }}年。"
phrases = [{"id": f"user.p{i}", "slot": "overview.opening", "when": "year > 0 and " + "(range(1000)|list|length > 0) and " * 9 + "year > 1",
            "variants": [costly + "甲" * k for k in range(1, 6)]} for i in range(400)]
(bank / "many.yaml").write_text(yaml.safe_dump({"phrases": phrases}, allow_unicode=True), encoding="utf-8")
codes = sorted({f.code for f in lint(bank)})
try:
    generate(sys.argv[1], phrasebank=bank)
    drafted = "drafted"
except NarrativeError as exc:
    drafted = exc.findings[0].code
print(json.dumps({"lint": codes, "draft": drafted}))
"""


def test_many_costly_phrases_add_up_to_a_bounded_run():
    """400 phrases × 5 variants, each just under the per-render step limit: lint and draft stop at the
    session budget (P-SANDBOX) instead of running for minutes. Under a CPU limit."""
    got = run_json(_MANY, args=(str(EXAMPLES / "qingshan-county-2024.yaml"),), cpu=60)
    assert "P-SANDBOX" in got["lint"]
    assert got["draft"] in ("P-SANDBOX", "drafted")


def test_a_bank_directory_over_its_total_size_is_not_read(tmp_path):
    bank = tmp_path / "big"
    bank.mkdir()
    for i in range(5):
        (bank / f"f{i}.yaml").write_text("# " + "x" * 900_000 + "\n", encoding="utf-8")
    found = _format_findings(bank)
    assert len(found) == 1 and "4000000" in found[0].message


@pytest.mark.parametrize("name", ["generator-join", "generator-str-join", "join-huge", "replace-growth",
                                  "wordwrap-growth", "concat-doubling", "percent", "center", "percent-many-fields",
                                  "format-many-fields"])
def test_refusals_come_before_the_allocation(name):
    """A value is weighed before it is built: refusing 90 MB must not first allocate it."""
    import tracemalloc

    from narrative.realise import load_template, run
    from narrative.sandbox import Refused

    template, _ = load_template(ATTACKS[name])
    tracemalloc.start()
    try:
        with pytest.raises(Refused):
            run(template, {})
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 8 * 1024 * 1024, peak
