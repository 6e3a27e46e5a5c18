"""The phrase bank: the shipped bank lints clean, layering works by id, and the linter finds each problem."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from conftest import EXAMPLES
from narrative import NarrativeError, generate
from narrative.cli import main
from narrative.lint import SLOTS, lint
from narrative.phrasebank import default_dir, load_bank


def _write(tmp_path: Path, doc: dict, name: str = "user.yaml") -> Path:
    bank = tmp_path / "bank"
    bank.mkdir(exist_ok=True)
    (bank / name).write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    return bank


def test_default_bank_ships_and_lints_clean():
    assert sorted(p.name for p in default_dir().glob("*.yaml"))
    findings = lint()
    assert findings == [], "\n".join(f.format() for f in findings)


def test_default_bank_has_several_variants_everywhere():
    bank = load_bank()
    # the items of a list keep one form (rectify.*, measure.given: the frame slots vary per list instead)
    single = {"rectify.problem", "rectify.actions", "rectify.planned", "rectify.evidence", "measure.given"}
    few = [p.id for p in bank.phrases.values() if len(p.variants) < 3 and p.slot not in single
           and p.when is None]
    assert few == []
    for slot in SLOTS:
        assert bank.for_slot(slot), slot


def test_every_rule_and_topic_is_usable():
    bank = load_bank()
    assert len(bank.rules) >= 7 and len(bank.topics) >= 10
    assert {rule.topic for rule in bank.rules.values()} <= set(bank.topics)
    for topic in bank.topics:
        assert bank.for_slot(f"problem.{topic}") and bank.for_slot(f"measure.{topic}")


def test_user_bank_replaces_by_id_and_adds_new_ids(tmp_path):
    base = load_bank()
    target = next(p for p in base.phrases.values() if p.slot == "other.fee" and p.when is None)
    bank_dir = _write(tmp_path, {"phrases": [
        {"id": target.id, "slot": "other.fee", "variants": ["{{ year }}年度信息处理费情况见附表。"]},
        {"id": "user.extra", "slot": "other.none", "variants": ["{{ we }}无其他需要报告的事项。"]},
    ]})
    layered = load_bank(bank_dir)
    assert layered.phrases[target.id].variants == ("{{ year }}年度信息处理费情况见附表。",)
    assert layered.for_slot("other.none")[0].id == "user.extra"  # a user's phrase is tried first
    assert len(layered.phrases) == len(base.phrases) + 1


def test_user_bank_errors_are_findings(tmp_path):
    bank_dir = tmp_path / "bank"
    bank_dir.mkdir()
    (bank_dir / "bad.yaml").write_text("phrases: [\n", encoding="utf-8")
    with pytest.raises(NarrativeError) as info:
        load_bank(bank_dir)
    assert info.value.findings[0].code == "P-FORMAT" and info.value.findings[0].location.file.endswith("bad.yaml")
    with pytest.raises(NarrativeError) as info:
        generate(EXAMPLES / "xinji-2022.yaml", phrasebank=tmp_path / "missing")
    assert info.value.findings[0].code == "P-NOT-FOUND"


@pytest.mark.parametrize("variants,when,code", [
    (["{{ year }年。"], None, "P-TEMPLATE"),
    (["{{ yaer }}年。"], None, "P-VARIABLE"),
    (["{{ self }}开展工作。"], None, "P-VARIABLE"),
    (["{{ year }}年,{{ we }}开展工作。"], None, "P-PUNCT"),
    (["全年收到申请5件。"], None, "P-DIGIT"),
    (["{{ we }}开展工作。", "{{ we }}开展工作。"], None, "P-DUPLICATE-VARIANT"),
    (["{{ we }}收到申请{{ new_received }}件。"], None, "P-RESIDUE"),
    (["{{ we }}开展工作。"], "trainigs > 0", "P-VARIABLE"),
])
def test_lint_finds_each_kind_of_problem(tmp_path, variants, when, code):
    phrase = {"id": "user.bad", "slot": "apply.received", "variants": variants}
    if when:
        phrase["when"] = when
    findings = lint(_write(tmp_path, {"phrases": [phrase]}))
    assert code in {f.code for f in findings}, [f.format() for f in findings]
    assert all("user.bad" in f.message for f in findings if f.code == code)


def test_lint_finds_a_missing_fallback(tmp_path):
    base = load_bank()
    overrides = [{"id": p.id, "slot": p.slot, "when": "new_received > 0", "variants": list(p.variants)}
                 for p in base.for_slot("apply.disputes") if p.when is None]
    findings = lint(_write(tmp_path, {"phrases": overrides}))
    assert any(f.code == "P-FALLBACK" and "apply.disputes" in f.message for f in findings)


def test_lint_cli_exit_codes(tmp_path, capsys):
    assert main(["phrasebank", "lint"]) == 0
    assert "0个错误" in capsys.readouterr().out
    bad = _write(tmp_path, {"phrases": [{"id": "user.bad", "slot": "apply.received", "variants": ["{{ yaer }}。"]}]})
    assert main(["phrasebank", "lint", str(bad)]) == 1
    assert "P-VARIABLE" in capsys.readouterr().out
    assert main(["phrasebank", "lint", str(tmp_path / "nope")]) == 2
