"""Properties every draft must have, over generated reports of every shape: structure, a measure for each
problem, grounded figures, no residue or stray ASCII, determinism, per-slot stability, format parity."""

from __future__ import annotations

import copy
import html
import json
import re

from hypothesis import given, note
from hypothesis import strategies as st

from grounding import NUMBER, TODO, allowed_figures, stated_figures
from narrative import generate, load
from narrative.typography import residue_problems
from narrative.testing import raw_reports

HEADINGS = ["一、总体情况", "（一）主动公开", "（二）依申请公开", "（三）政府信息管理", "（四）政府信息公开平台建设",
            "（五）监督保障", "五、存在的主要问题及改进情况", "（一）上年度存在问题的改进情况",
            "（二）本年度存在的主要问题及改进措施", "六、其他需要报告的事项"]
_ZERO_COUNT = re.compile(r"(?<![0-9.])0(件|次|起|篇|条|个|场|人|项|家)")


def dated_figures(year: int) -> set[str]:
    """Figures of the bank's dated reference for ``year`` (a policy document's title and number)."""
    from narrative.phrasebank import load_bank

    entry = load_bank().dated_for("dated.guidance", year)
    return set(NUMBER.findall(entry.text)) if entry else set()


def _draft(doc, **kw):
    report = load(doc)
    return report, generate(report, **kw)


@given(raw_reports())
def test_headings_present_in_order_and_nothing_else_is_a_heading(doc):
    _, draft = _draft(doc)
    lines = draft.to_text().splitlines()
    headings = [line for line in lines if line in HEADINGS]
    assert headings == HEADINGS
    assert not any(re.match(r"^[二三四]、", line) for line in lines)  # 一's sub-heads are never 二、三、…


@given(raw_reports())
def test_every_problem_has_a_measure_or_asks_for_one(doc):
    report, draft = _draft(doc)
    items = [p for p in draft.section("五").parts[1].paragraphs[1:]]
    assert len(items) >= 1
    numbers = [p.number for p in items]
    assert numbers == (list(range(1, len(items) + 1)) if len(items) > 1 else [None])
    given = report.problems.current
    problems = [p for p in items if not (len(p.sentences) == 1 and p.sentences[0].rule == "problems_below_minimum")]
    for item in problems:
        assert len(item.sentences) == 2, item.text
        measure = item.sentences[1]
        assert (measure.slot or "").startswith("measure.") or measure.todo
    if given:
        assert len(problems) == len(given) == len(items)
    else:
        assert len(problems) <= 3
        assert len(items) == max(len(problems), 0) + (1 if len(problems) < 2 else 0)
    if given == []:
        assert "D-PROBLEMS" in {w.code for w in draft.warnings}


@given(raw_reports(), st.integers(0, 2**31))
def test_problems_never_depend_on_the_seed(doc, seed):
    """Another seed changes the wording of 五（二）, never which problems it names."""
    def named(draft):
        return [(s.rule, s.slot, s.todo, s.text[len(s.prefix):] if s.phrase_id is None else None)
                for p in draft.section("五").parts[1].paragraphs[1:] for s in p.sentences
                if not (s.slot or "").startswith("measure.")]
    report = load(doc)
    assert named(generate(report)) == named(generate(report, seed=seed))


@given(raw_reports(), st.booleans())
def test_every_figure_in_the_text_comes_from_the_input(doc, full):
    report, draft = _draft(doc, full=full)
    count = len([p for p in draft.section("五").parts[1].paragraphs if p.number is not None])
    period = (1, 12, 31) if full else ()  # the statistics period 1月1日至12月31日, stated in the preface
    allowed = allowed_figures(report, extra=(count, *period)) | dated_figures(report.year)
    for paragraph in draft.paragraphs():
        stray = [n for n in stated_figures(paragraph.text) if n not in allowed]
        assert not stray, f"{stray} in {paragraph.text}"


@given(raw_reports())
def test_no_residue_no_ascii_punctuation_no_zero_counts(doc):
    _, draft = _draft(doc)
    for paragraph in draft.paragraphs():
        text = TODO.sub("【待补充】", paragraph.text)  # a to-do names input keys for the clerk
        assert residue_problems(text) == [], text
        assert not _ZERO_COUNT.search(text), text
        assert "〔" not in text and "〕" not in text  # 〔〕 belongs to document numbers; to-dos are 【待补充：…】
        assert not re.match(r"^\d+\.\d", paragraph.text), paragraph.text  # no list number runs into a figure
    for line in draft.to_text().splitlines():
        assert line == line.strip() and line


@given(raw_reports(), st.integers(0, 2**31))
def test_same_input_and_seed_give_the_same_bytes(doc, seed):
    report = load(doc)
    first = generate(report, seed=seed)
    again = generate(load(copy.deepcopy(doc)), seed=seed)
    assert first.to_json() == again.to_json()
    assert generate(report).to_text() == generate(report).to_text()


@given(raw_reports(), st.data())
def test_editing_one_section_does_not_reshuffle_the_others(doc, data):
    _, before = _draft(doc)
    changed = copy.deepcopy(doc)
    changed["fees"] = {"information_processing_fee_yuan": data.draw(st.integers(0, 900))}
    changed.setdefault("facts", {})["other_matters"] = ["全年办理代表建议和委员提案的结果均已公开。"]
    _, after = _draft(changed)
    for number in ("一", "五"):
        assert before.section(number) == after.section(number)


@given(raw_reports())
def test_formats_change_layout_never_wording(doc):
    _, draft = _draft(doc)
    paragraphs = [p.text for p in draft.paragraphs()]
    data = json.loads(draft.to_json())
    from_json = [p["text"] for s in data["sections"] for part in s["parts"] for p in part["paragraphs"]]
    assert from_json == paragraphs
    text = draft.to_text()
    markdown = re.sub(r"\\([\\`*_\[\].#+\-|~=)])", r"\1", html.unescape(draft.to_markdown()))  # Markdown escapes
    for paragraph in paragraphs:
        assert paragraph in text and paragraph in markdown
    for p in data["sections"][0]["parts"][1]["paragraphs"]:
        assert all(s["rule"] and ("phrase_id" in s) for s in p["sentences"])


@given(raw_reports())
def test_no_phrase_variant_is_used_twice_in_one_draft_outside_list_frames(doc):
    _, draft = _draft(doc)
    used = [(s.phrase_id, s.variant) for s in draft.sentences()
            if s.phrase_id is not None and s.slot not in FIXED_SLOTS]
    assert len(used) == len(set(used))


FIXED_SLOTS = {"rectify.problem", "rectify.actions", "rectify.planned", "rectify.evidence", "measure.given"}


@given(raw_reports(), st.integers(0, 2**31))
def test_the_items_of_a_list_share_one_frame(doc, seed):
    """公文 lists are parallel: the items of 五（一） and of 五（二） open their parts with the same labels."""
    _, draft = _draft(doc, seed=seed)
    for part in draft.section("五").parts:
        labels = [tuple(s.prefix for s in p.sentences if s.prefix) for p in part.paragraphs]
        firsts = {label[0] for label in labels if label}
        seconds = {label[1] for label in labels if len(label) > 1}
        assert len(firsts) <= 1 and len(seconds) <= 1, [p.text for p in part.paragraphs]


@given(raw_reports())
def test_zero_reads_in_words_and_received_says_what_it_counts(doc):
    report, draft = _draft(doc)
    apply = "".join(p.text for p in draft.section("一").parts[2].paragraphs)
    fig = report.applications
    if fig.new_received.sum == 0 and fig.carried_over.sum == 0:
        assert "未" in apply or "没有" in apply or "无" in apply
    if fig.carried_over.sum:
        assert "结转" in apply
    disputes = report.review_litigation
    if disputes.review.sum + disputes.litigation_total == 0:
        assert "未" in draft.section("一").parts[2].paragraphs[1].text or "没有" in apply or "无" in apply


@given(raw_reports())
def test_government_oversight_states_results_or_asks_for_them(doc):
    report, draft = _draft(doc)
    oversight = "".join(p.text for p in draft.section("一").parts[5].paragraphs)
    if report.agency.kind == "government":
        for name in ("考核", "评议", "追究"):
            assert name in oversight, oversight
    todos = [w for w in draft.warnings if w.code == "D-TODO"]
    assert len(todos) == len(draft.todos()) == len(TODO.findall(draft.to_text()))
    note(draft.to_text())


LAW = "《中华人民共和国政府信息公开条例》（以下简称《条例》）"


@given(raw_reports(), st.booleans())
def test_the_law_is_named_in_full_where_first_mentioned_then_short(doc, full):
    """The draft's own sentences name the law in full at their first mention (in a full report, the preface)
    and by its short form after; a draft that never cites it never names it."""
    _, draft = _draft(doc, full=full)
    text = "".join(s.text for s in draft.sentences() if s.phrase_id is not None)
    assert text.count(LAW) <= 1
    if "《条例》" in text:
        assert LAW in text and text.index(LAW) <= text.index("《条例》")
    if full:
        assert LAW in draft.preface[0].text


FULL_HEADINGS = ["一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                 "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"]


@given(raw_reports())
def test_full_report_has_title_preface_six_sections_and_three_tables(doc):
    report, draft = _draft(doc, full=True)
    lines = draft.to_text().splitlines()
    assert lines[0] == f"{report.agency.name}{report.year}年政府信息公开工作年度报告"
    assert [line for line in lines if line in FULL_HEADINGS] == FULL_HEADINGS
    assert f"{report.year}年1月1日至12月31日" in draft.preface[0].text
    assert [t.key for s in draft.sections for t in s.tables] == ["table2", "table3", "table4"]
    narrative_only = generate(load(doc))
    for number in ("五", "六"):  # the full report keeps the narrative's wording (its preface names the law)
        short = [p.text.replace(LAW, "《条例》") for part in narrative_only.section(number).parts for p in part.paragraphs]
        assert [p.text for part in draft.section(number).parts for p in part.paragraphs] == short


@given(raw_reports(), st.booleans())
def test_json_output_fits_its_published_schema(doc, full):
    from narrative.output_schema import DraftOut

    _, draft = _draft(doc, full=full)
    parsed = DraftOut.model_validate(json.loads(draft.to_json()))
    assert parsed.full == full and len(parsed.sections) == (6 if full else 3)
