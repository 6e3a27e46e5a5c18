"""Reading inputs: formats, encodings, syntax errors with lines, duplicate keys, previous_year resolution."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from helpers import load_error, minimal, only
from narrative import NarrativeError, load

DOC = minimal(applications={"new_received": [2, 1, 0, 0, 0, 0], "results": {"disclosed": {"natural_person": 2,
                                                                                          "commercial_enterprise": 1}}})
TOML = """year = 2024
[agency]
name = "青山县人民政府"
kind = "government"
level = "county"
[applications]
new_received = [2, 1, 0, 0, 0, 0]
[applications.results.disclosed]
natural_person = 2
commercial_enterprise = 1
"""


def _write(tmp_path: Path, name: str, text: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return path


def test_yaml_json_toml_and_dict_give_the_same_model(tmp_path):
    from_yaml = load(_write(tmp_path, "a.yaml", yaml.safe_dump(DOC, allow_unicode=True)))
    from_yml = load(_write(tmp_path, "a.yml", yaml.safe_dump(DOC, allow_unicode=True)))
    from_json = load(_write(tmp_path, "a.json", json.dumps(DOC, ensure_ascii=False)))
    from_toml = load(_write(tmp_path, "a.toml", TOML))
    assert from_yaml == from_yml == from_json == from_toml == load(DOC)


def test_utf8_bom_is_accepted(tmp_path):
    assert load(_write(tmp_path, "bom.json", "\ufeff" + json.dumps(DOC))).year == 2024


def test_non_utf8_file_names_the_line(tmp_path):
    text = yaml.safe_dump(DOC, allow_unicode=True).encode("utf-8") + "note: 中文\n".encode("gbk")
    finding = only(load_error(_write(tmp_path, "gbk.yaml", text)).findings, "L-ENCODING")
    assert finding.location.file.endswith("gbk.yaml")
    assert finding.location.line == text.count(b"\n")
    assert "UTF-8" in finding.message


@pytest.mark.parametrize("text", ["", "   \n\n", "# only a comment\n"])
def test_empty_file(tmp_path, text):
    assert only(load_error(_write(tmp_path, "empty.yaml", text)).findings, "L-EMPTY").location.file


@pytest.mark.parametrize("name,text", [("list.yaml", "- 1\n- 2\n"), ("scalar.json", "42"), ("str.yaml", "hello")])
def test_top_level_must_be_a_mapping(tmp_path, name, text):
    only(load_error(_write(tmp_path, name, text)).findings, "L-NOT-MAPPING")


@pytest.mark.parametrize("name,text,line", [
    ("bad.yaml", "agency:\n  name: x\n  kind: [unclosed\nyear: 2024\n", 4),
    ("bad.json", '{\n  "year": 2024,\n  "agency": {,}\n}', 3),
    ("bad.toml", 'year = 2024\n[agency\nname = "x"\n', 2),
])
def test_syntax_errors_name_file_and_line(tmp_path, name, text, line):
    finding = only(load_error(_write(tmp_path, name, text)).findings, "L-SYNTAX")
    assert finding.location.file.endswith(name) and finding.location.line == line


def test_duplicate_keys_are_errors_not_last_one_wins(tmp_path):
    text = "year: 2024\nagency:\n  name: a\n  kind: government\n  level: county\nyear: 2023\n"
    finding = only(load_error(_write(tmp_path, "dup.yaml", text)).findings, "S-DUPLICATE-KEY")
    assert finding.location.line == 6 and "第1行" in finding.message
    only(load_error(_write(tmp_path, "dup.json", '{"year": 2024, "year": 2023}')).findings, "S-DUPLICATE-KEY")
    only(load_error(_write(tmp_path, "dup.toml", 'year = 2024\nyear = 2023\n')).findings, "L-SYNTAX")


def test_yaml_validation_errors_carry_the_line(tmp_path):
    text = ("agency:\n  name: 青山县人民政府\n  kind: government\n  level: county\nyear: 2024\n"
            "applications:\n  new_received:\n    natural_person: -3\n  carried_ovr: [0, 0, 0, 0, 0, 0]\n")
    exc = load_error(_write(tmp_path, "lines.yaml", text))
    lines = {f.code: f.location.line for f in exc.findings}
    assert lines == {"T2-NONNEG": 8, "S-UNKNOWN-KEY": 9}
    assert "lines.yaml:8: error T2-NONNEG" in str(exc)


def test_yaml_alias_bomb_is_refused(tmp_path):
    lines = ["a0: &a0 [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 8)]
    finding = only(load_error(_write(tmp_path, "bomb.yaml", "\n".join(lines) + "\n")).findings, "L-TOO-MANY")
    assert "别名展开" in finding.message and finding.location.path == ()


def test_yaml_only_loads_safely(tmp_path):
    only(load_error(_write(tmp_path, "evil.yaml", "year: !!python/object/apply:os.system ['true']\n")).findings,
         "L-SYNTAX")


@pytest.mark.parametrize("name,code", [("missing.yaml", "L-NOT-FOUND"), ("report.pdf", "L-FORMAT")])
def test_unreadable_paths(tmp_path, name, code):
    finding = only(load_error(tmp_path / name).findings, code)
    assert finding.location.file.endswith(name)


def test_directory_is_not_a_file(tmp_path):
    (tmp_path / "d.yaml").mkdir()
    only(load_error(tmp_path / "d.yaml").findings, "L-NOT-FOUND")


def test_load_rejects_other_types():
    only(load_error(42).findings, "L-NOT-MAPPING")


def test_previous_year_path_is_relative_to_the_file(tmp_path):
    (tmp_path / "sub").mkdir()
    _write(tmp_path, "sub/2023.yaml", yaml.safe_dump(minimal(year=2023), allow_unicode=True))
    path = _write(tmp_path, "2024.yaml", yaml.safe_dump(minimal(previous_year="sub/2023.yaml"), allow_unicode=True))
    report = load(path)
    assert report.previous_year.year == 2023


def test_previous_year_inline_and_for_mappings(tmp_path):
    assert load(minimal(previous_year=minimal(year=2023))).previous_year.year == 2023
    _write(tmp_path, "p.json", json.dumps(minimal(year=2023)))
    assert load(minimal(previous_year="p.json"), base_dir=tmp_path).previous_year.year == 2023


def test_missing_previous_year_file(tmp_path):
    path = _write(tmp_path, "2024.yaml", yaml.safe_dump(minimal(previous_year="nope.yaml"), allow_unicode=True))
    finding = only(load_error(path).findings, "L-PREVIOUS")
    assert finding.location.dotted == "previous_year" and "nope.yaml" in finding.message
    assert finding.actual == "L-NOT-FOUND"


def test_previous_year_cycle(tmp_path):
    _write(tmp_path, "a.yaml", yaml.safe_dump(minimal(year=2024, previous_year="b.yaml"), allow_unicode=True))
    _write(tmp_path, "b.yaml", yaml.safe_dump(minimal(year=2023, previous_year="a.yaml"), allow_unicode=True))
    finding = only(load_error(tmp_path / "a.yaml").findings, "L-CYCLE")
    assert "a.yaml → b.yaml → a.yaml" in finding.message


def test_self_reference_cycle(tmp_path):
    _write(tmp_path, "self.yaml", yaml.safe_dump(minimal(previous_year="self.yaml"), allow_unicode=True))
    only(load_error(tmp_path / "self.yaml").findings, "L-CYCLE")


def test_errors_inside_previous_year_name_that_file_and_line(tmp_path):
    _write(tmp_path, "2023.yaml", "agency:\n  name: 青山县人民政府\n  kind: government\n  level: county\n"
                                  "year: 2023\nfees:\n  information_processing_fee_yuan: -5\n")
    path = _write(tmp_path, "2024.yaml", yaml.safe_dump(minimal(previous_year="2023.yaml"), allow_unicode=True))
    finding = only(load_error(path).findings, "T2-NONNEG")
    assert finding.location.dotted == "previous_year.fees.information_processing_fee_yuan"
    assert finding.location.file.endswith("2023.yaml") and finding.location.line == 7
    assert finding.location.labels[0] == "上年度报告输入"


def test_unresolved_previous_path_in_model_validate_is_a_clear_error():
    from narrative.model import ReportInput
    from pydantic import ValidationError

    with pytest.raises(ValidationError, match="narrative.load"):
        ReportInput.model_validate(minimal(previous_year="x.yaml"))


def test_error_is_the_one_exception_type():
    with pytest.raises(NarrativeError) as info:
        load({"agency": "x"})
    assert info.value.findings and all(f.message for f in info.value.findings)


from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@given(st.text(alphabet="0123456789_-+.:xobeE ", min_size=1, max_size=10))
def test_fast_integer_path_reads_yaml_exactly_as_the_safe_loader(token):
    from narrative.loader import _FastLoader

    text = f"a: {token}\n"
    try:
        expected = yaml.load(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        with pytest.raises(yaml.YAMLError):
            yaml.load(text, Loader=_FastLoader)
        return
    got = yaml.load(text, Loader=_FastLoader)
    assert got == expected and type(got["a"]) is type(expected["a"])


def test_files_saved_by_chinese_windows_are_read(tmp_path):
    """GBK/GB18030 (the default of Chinese Windows) and UTF-16 with a BOM (Notepad's “Unicode”) read as UTF-8."""
    text = ("agency: {name: 辛集镇人民政府, kind: government, level: township}\nyear: 2024\n"
            "facts:\n  other_matters: [在镇政务服务中心设立政务公开查阅点。]\n")
    expected = load_text(tmp_path, text.encode("utf-8"), "utf8.yaml")
    assert load_text(tmp_path, text.encode("gb18030"), "gbk.yaml") == expected
    assert load_text(tmp_path, b"\xff\xfe" + text.encode("utf-16-le"), "u16.yaml") == expected


def test_bytes_that_are_no_known_encoding_name_the_line(tmp_path):
    path = tmp_path / "x.yaml"
    path.write_bytes(b"year: 2024\nagency: \xff\xfe\xfd\n")
    with pytest.raises(NarrativeError) as caught:
        load(path)
    finding = caught.value.findings[0]
    assert finding.code == "L-ENCODING" and finding.location.line == 2


def load_text(tmp_path, data: bytes, name: str):
    path = tmp_path / name
    path.write_bytes(data)
    return load(path)


def test_the_official_chinese_labels_are_keys_too(tmp_path):
    text = """机关信息: {机关全称: 辛集镇人民政府, 机关类别: government, 行政层级: township}
报告年度: 2024
表三:
  本年新收: {自然人: 3, 商业企业: 1, 总计: 4}
  本年度办理结果:
    予以公开: [3, 1, 0, 0, 0, 0]
表四:
  行政复议: {结果维持: 1}
"""
    path = tmp_path / "中文键.yaml"
    path.write_text(text, encoding="utf-8")
    report = load(path)
    english = load({"agency": {"name": "辛集镇人民政府", "kind": "government", "level": "township"}, "year": 2024,
                    "applications": {"new_received": {"natural_person": 3, "commercial_enterprise": 1, "total": 4},
                                     "results": {"disclosed": [3, 1, 0, 0, 0, 0]}},
                    "review_litigation": {"review": {"upheld": 1}}})
    assert report == english


def test_a_label_that_names_no_single_field_is_still_an_unknown_key(tmp_path):
    with pytest.raises(NarrativeError) as caught:
        load({"agency": {"name": "辛集镇人民政府", "kind": "government", "level": "township"}, "year": 2024,
              "表三": {"本年": {"自然人": 1}}})  # 本年 starts more than one label: never guessed
    assert [f.code for f in caught.value.findings if "本年" in f.message] == ["S-UNKNOWN-KEY"]


@pytest.mark.parametrize(("text", "hint"), [
    ("year: \"2024\"\n", "数字不要加引号，写作 2024"),
    ("year: 2024\napplications:\n  new_received: {natural_person: \"1,234\"}\n", "不要用千分位分隔符，写作 1234"),
    ("year: 2024\napplications:\n  new_received: {natural_person: \"１２\"}\n", "这是全角数字，请改为半角：12"),
    ("year: 2024\napplications:\n  new_received: {natural_person: }\n", "空白处请填0"),
    ("year: 2024\npublication: {postcode: 000100}\n", "请加引号"),
    ("year: 2024\napplications:\n  new_received: \"3\\t0\\t0\\t0\\t0\\t0\"\n", "请写成列表 [3, 0, 0, 0, 0, 0]"),
])
def test_messages_name_the_fix_for_what_spreadsheets_and_keyboards_type(tmp_path, text, hint):
    path = tmp_path / "x.yaml"
    path.write_text("agency: {name: 辛集镇人民政府, kind: government, level: township}\n" + text, encoding="utf-8")
    with pytest.raises(NarrativeError) as caught:
        load(path)
    assert any(hint in (f.hint or "") for f in caught.value.findings), [f.format() for f in caught.value.findings]


@pytest.mark.parametrize(("text", "cause"), [
    ("agency: {name: 辛集镇人民政府, kind: government, level: township}\nyear：2024\n", "全角冒号"),
    ("agency:\n\tname: 辛集镇人民政府\nyear: 2024\n", "Tab 缩进"),
])
def test_yaml_syntax_errors_say_the_likely_cause_in_chinese(tmp_path, text, cause):
    path = tmp_path / "x.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(NarrativeError) as caught:
        load(path)
    finding = caught.value.findings[0]
    assert finding.code == "L-SYNTAX" and cause in finding.message and "第2行" in finding.message


# ---------------------------------------------------------------- the plain YAML reader equals PyYAML's (#10)
_SCALARS = st.one_of(
    st.integers(-10**30, 10**30), st.booleans(), st.none(), st.floats(allow_nan=False),
    st.sampled_from(["0x1F", "010", "0o7", "1:30", "yes", "No", "on", "~", "", "null", ".inf", "-.Inf", ".nan",
                     "2022-01-31", "2022-01-31 10:00:00", "<<", "=", "1_000", "+12", "1e3", "0b101", "＇", "12件",
                     "自然人", "- a", "a: b", "#x", "'q'", '"d"', "@", "`", "!tag", "&a", "*a", "? k", "%"]),
    st.text(max_size=8),
)
_DOCS = st.recursive(_SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.one_of(st.text(max_size=5), st.integers(0, 3000)), inner,
                                                 max_size=4)), max_leaves=20)
_HAND_WRITTEN = [
    "", "# only a comment\n", "---\n", "a: 1\na: 2\n", "a: &x 1\nb: *x\n", "base: &b {x: 1}\nc:\n  <<: *b\n  y: 2\n",
    "a: !!str 12\n", "a: !custom 1\n", "? [a, b]\n: 1\n", "? {a: 1}\n: 2\n", "a: 1\n---\nb: 2\n", "a: [1, 2\n",
    "2022: x\nTrue: y\n~: z\n1.5: w\n", "1: a\n01: b\n", "a: 0" + "1" * 50000 + "\n", "a: " + "9" * 50000 + "\n",
    "x: !!binary aGVsbG8=\n", "x: !!set {a, b}\n", "x: 2022-01-31\n", "- - - 1\n", "a: 'it''s'\nb: \"\\u00e9\"\n",
    "a: yes\nb: 1:30\nc: 0x1F\nd: 010\ne: ~\nf: .inf\ng: 2022-01-31\nh: 1_000\ni: -12\nj: +3\nk: 1e3\nl: 0.5\n",
    "a: |\n  line\n  two\n", "a: >\n  folded\n  text\n", "<<: 1\n", "a: ! 12\n", "'1': a\n1: b\n",
]


def _via_pyyaml(text: str):
    from narrative.loader import _FastLoader

    try:
        return "ok", yaml.load(text, Loader=_FastLoader)  # noqa: S506 - a safe loader
    except Exception as exc:  # noqa: BLE001 - the comparison is of what each path does
        return "error", type(exc).__name__


def _via_plain(text: str):
    from narrative.loader import _Fallback, _plain_yaml

    try:
        return "ok", _plain_yaml(text)
    except _Fallback:
        return "fallback", None
    except Exception as exc:  # noqa: BLE001
        return "error", type(exc).__name__


def _agree(text: str) -> str:
    plain, full = _via_plain(text), _via_pyyaml(text)
    if plain[0] != "fallback":
        assert plain[0] == full[0] and repr(plain[1]) == repr(full[1]), text[:200]
    return plain[0]


@given(_DOCS, st.sampled_from([None, False, True]))
def test_plain_yaml_reader_equals_pyyaml(doc, flow):
    text = yaml.safe_dump(doc, allow_unicode=True, default_flow_style=flow, sort_keys=False)
    _agree(text)


@pytest.mark.parametrize("text", _HAND_WRITTEN)
def test_plain_yaml_reader_equals_pyyaml_or_hands_over(text):
    _agree(text)


def test_plain_yaml_reader_takes_the_inputs_and_hands_over_the_rest():
    """It reads every example itself, and hands tags, merges, self-references, aliases as keys, repeated
    anchors and second documents to PyYAML."""
    for path in sorted(Path(__file__).resolve().parent.parent.glob("examples/*.yaml")):
        assert _agree(path.read_text(encoding="utf-8")) == "ok", path
    for text in ("a: !!str 12\n", "base: &b {x: 1}\nc:\n  <<: *b\n", "a: 1\n---\nb: 2\n", "? [a, b]\n: 1\n",
                 "a: [1, 2\n", "a: &x {b: *x}\n", "a: &x [1, *x]\n", "a: &k x\n*k : 1\n", "a: &x 1\nb: &x 2\n",
                 "a: *nowhere\n"):
        assert _via_plain(text)[0] == "fallback", text
    assert _via_plain("a: 1\na: 2\n") == ("error", "_DuplicateKey")


@pytest.mark.parametrize("text", [
    "a: &x 1\nb: *x\n", "a: &m {x: 1, 2: y}\nb: *m\nc: [*m, *m]\n", "a: &s [1, &t two]\nb: [*s, *t]\n",
    "agency: &id001\n  name: 甲\nprevious_year:\n  agency: *id001\n", "- &a {k: [1]}\n- {p: *a}\n",
])
def test_plain_yaml_reader_gives_an_alias_the_object_pyyaml_gives(text):
    """An alias is the very object its anchor made (a dumper writes one for a mapping held twice), as in
    PyYAML: the same value and the same sharing (which the limit walk counts once per reference)."""
    plain, full = _via_plain(text), _via_pyyaml(text)
    assert plain[0] == full[0] == "ok" and repr(plain[1]) == repr(full[1])

    def shape(value, seen):  # each container as the index of its first appearance: sharing made visible
        if isinstance(value, (dict, list)):
            if id(value) in seen:
                return ("same as", seen[id(value)])
            seen[id(value)] = len(seen)
            items = value.items() if isinstance(value, dict) else enumerate(value)
            return [(k, shape(v, seen)) for k, v in items]
        return value

    assert shape(plain[1], {}) == shape(full[1], {})
    assert "same as" in repr(shape(plain[1], {})) or "&x 1" in text
