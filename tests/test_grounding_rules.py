"""Every judgement rests on a documented threshold (docs/grounding.md): each is tested at its boundary, and
the bank's values are the ones the page documents."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from narrative import generate, load
from narrative.context import build_context
from narrative.phrasebank import load_bank
from narrative.plan import derive_problems
from narrative.yoy import notable_changes

BANK = load_bank()
TH = BANK.th


def doc(*, disclosed: int = 0, not_held: int = 0, unclear: int = 0, complaint: int = 0, forward: int = 0,
        over: int = 0, corrected: int = 0, pending: int = 0, trainings: int | None = None, nd_issued: int = 0,
        interpretations: int | None = None, year: int = 2024) -> dict:
    """A balanced report whose table 3 and 4 give exactly the figures named (all in the 自然人 column)."""
    new = disclosed + not_held + unclear + complaint + forward - over
    assert new >= 0
    row = lambda n: [n, 0, 0, 0, 0, 0]  # noqa: E731
    facts: dict = {}
    if trainings is not None:
        facts["oversight"] = {"trainings": trainings}
    if interpretations is not None:
        facts["active_disclosure"] = {"policy_interpretations": interpretations}
    return {
        "agency": {"name": "青山县人民政府", "kind": "government", "level": "county"}, "year": year,
        "active_disclosure": {"normative_documents": {"issued": nd_issued, "in_force": nd_issued}},
        "applications": {
            "new_received": row(new), "carried_over": row(over), "carried_forward": row(forward),
            "results": {"disclosed": row(disclosed), "cannot_provide": {"not_held": row(not_held),
                                                                         "unclear_after_supplement": row(unclear)},
                        "not_processed": {"complaint_petition": row(complaint)}}},
        "review_litigation": {"review": {"corrected": corrected, "pending": pending}},
        "facts": facts,
    }


def rules(document: dict) -> set[str]:
    report = load(document)
    return {rule for _, rule in derive_problems(build_context(report, thresholds=TH), BANK)}


def test_the_documented_thresholds_are_the_banks():
    page = (Path(__file__).resolve().parent.parent / "docs" / "grounding.md").read_text(encoding="utf-8")
    documented = dict(re.findall(r"^\| `([a-z_]+)` \| (\d+) \|", page, re.M))
    assert documented == {key: str(value) for key, value in TH.items()}


@pytest.mark.parametrize(("figures", "holds"), [
    ({"forward": TH["backlog_min_count"], "disclosed": 40}, True),          # 10 of 50: count and 20% both met
    ({"forward": TH["backlog_min_count"] - 1, "disclosed": 36}, False),     # 9 of 45 = 20%, count short
    ({"forward": TH["backlog_min_count"], "disclosed": 41}, False),         # 10 of 51 = 19.6%
])
def test_backlog_needs_a_count_and_a_share(figures, holds):
    assert ("rule.backlog" in rules(doc(**figures))) is holds


@pytest.mark.parametrize(("figures", "holds"), [
    ({"not_held": 3, "disclosed": 7}, True),     # 30.0% of 10
    ({"not_held": 2, "disclosed": 8}, False),    # 20.0%
    ({"not_held": 9, "disclosed": 0}, False),    # 100% but only 9 concluded: below share_min_base
])
def test_not_held_share(figures, holds):
    assert ("rule.not_held" in rules(doc(**figures))) is holds


@pytest.mark.parametrize(("figures", "holds"), [
    ({"unclear": 1, "disclosed": 9}, True),      # 10.0%
    ({"unclear": 1, "disclosed": 10}, False),    # 9.1%
])
def test_unclear_share(figures, holds):
    assert ("rule.unclear" in rules(doc(**figures))) is holds


@pytest.mark.parametrize(("figures", "holds"), [
    ({"complaint": 2, "disclosed": 8}, True),    # 20.0%
    ({"complaint": 2, "disclosed": 9}, False),   # 18.2%
])
def test_complaint_share(figures, holds):
    assert ("rule.complaint" in rules(doc(**figures))) is holds


def test_a_correction_is_a_problem_and_a_pending_case_is_not():
    assert "rule.corrected" in rules(doc(corrected=TH["corrected_min"]))
    assert rules(doc(pending=3)) == set()


@pytest.mark.parametrize(("nd_issued", "interpretations", "holds"), [
    (5, 2, True),     # 40% of 5
    (5, 3, False),    # 60%
    (4, 0, False),    # below interpretation_min_docs
])
def test_few_interpretations(nd_issued, interpretations, holds):
    found = "rule.few_interpretations" in rules(doc(nd_issued=nd_issued, interpretations=interpretations))
    assert found is holds


def test_no_training_only_when_zero_is_given():
    assert "rule.no_training" in rules(doc(trainings=0))
    assert "rule.no_training" not in rules(doc(trainings=1))
    assert "rule.no_training" not in rules(doc())


def test_no_data_rule_no_problem_and_a_todo_instead():
    draft = generate(load(doc(disclosed=5)))
    items = draft.section("五").parts[1].paragraphs[1:]
    assert len(items) == 1 and items[0].sentences[0].todo
    assert "D-PROBLEMS" in {w.code for w in draft.warnings}


@pytest.mark.parametrize(("corrected", "few"), [(TH["few_max"], True), (TH["few_max"] + 1, False)])
def test_few_is_said_only_of_small_counts(corrected, few):
    texts = [generate(load(doc(corrected=corrected)), seed=seed).section("五").parts[1].paragraphs[1].text
             for seed in range(12)]
    assert any("个别" in t for t in texts) is few


def _changes(last: dict, this: dict) -> dict:
    prev, report = load(last), load({**this, "previous_year": last})
    ctx, prev_ctx = build_context(report, thresholds=TH), build_context(prev, thresholds=TH)
    return {c.key: c.notable for c in notable_changes(report, ctx, prev_ctx)}


@pytest.mark.parametrize(("last", "this", "notable"), [
    (100, 100 + TH["yoy_min_pct"], True),        # exactly yoy_min_pct percent
    (100, 100 + TH["yoy_min_pct"] - 1, False),   # one short of it
    (20, 20 + TH["yoy_min_diff"] - 1, False),    # a large share, but fewer than yoy_min_diff
    (20, 20 + TH["yoy_min_diff"], True),
    (0, TH["yoy_zero_base_min"], True),
    (0, TH["yoy_zero_base_min"] - 1, False),
])
def test_a_count_changes_notably_by_count_and_share(last, this, notable):
    changes = _changes(doc(disclosed=last, year=2023), doc(disclosed=this))
    assert changes["new_received"] is notable


@pytest.mark.parametrize(("last", "this", "notable"), [
    ((10, 30), (8, 32), True),    # 25.0% → 20.0%: 5.0 points
    ((10, 30), (9, 35), False),   # 25.0% → 20.5%: 4.5 points
    ((1, 3), (0, 4), False),      # 4 concluded each year: below share_min_base
])
def test_a_share_changes_notably_by_points(last, this, notable):
    changes = _changes(doc(not_held=last[0], disclosed=last[1], year=2023),
                       doc(not_held=this[0], disclosed=this[1]))
    assert changes["not_held_share"] is notable


@pytest.mark.parametrize(("last", "pct"), [(TH["yoy_pct_min_base"], True), (TH["yoy_pct_min_base"] - 1, False)])
def test_a_percentage_needs_a_base(last, pct):
    prev, report = doc(disclosed=last, year=2023), doc(disclosed=last * 3)
    loaded_prev, loaded = load(prev), load({**report, "previous_year": prev})
    changes = notable_changes(loaded, build_context(loaded, thresholds=TH), build_context(loaded_prev, thresholds=TH))
    change = next(c for c in changes if c.key == "new_received").as_dict()
    assert (change["pct"] is not None) is pct
