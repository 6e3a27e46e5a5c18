"""Issue 8: user text in Markdown is text, never markup; DOCX holds only characters XML 1.0 allows."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from helpers import minimal
from narrative import generate
from narrative.render.markdown import md_escape

HOSTILE = ["<script>alert(1)</script>", '<img src=x onerror="alert(1)">', "[点此](javascript:alert(1))",
           "![x](http://evil.example/x.png)", "# 伪造的标题", "> 引用", "- 列表", "1. 列表", "```", "===",
           "| a | b |", "`代码`", "a\\b", "&lt;已转义&gt;"]


def _draft():
    agency = {"name": "青山县人民政府\n# 伪造的一级标题\n<script>x</script>", "kind": "government", "level": "county"}
    facts = {"other_matters": [f"事项{i}：{text}" for i, text in enumerate(HOSTILE)] + ["\n".join(HOSTILE)]}
    return generate(minimal(agency=agency, facts=facts), full=True)


def test_markdown_passes_no_raw_html_and_no_line_start_syntax():
    markdown = _draft().to_markdown()
    body = re.sub(r'<table data-table="[^"]*">.*?</table>', "", markdown, flags=re.S)  # the official tables
    assert "<script" not in body and "<img" not in body
    assert not re.search(r"(?<!\\)\]\(", body) and not re.search(r"(?<!\\)`", body)  # no link, image, code
    lines = body.splitlines()
    assert [line for line in lines if line.startswith("# ")] == [lines[0]]  # one title, on one line
    assert "伪造的一级标题" in lines[0]
    for line in lines:
        assert not re.match(r"(#{1,6} 伪造|> |- |\d+\. 列表|```|===|\| a)", line), line


def test_md_escape_keeps_the_text_readable():
    assert md_escape("1. 概述") == "1\\. 概述"
    assert md_escape("a<b & c") == "a&lt;b &amp; c"
    assert md_escape("第一行\n# 第二行") == "第一行\n\\# 第二行"


_MARKS = "\\&<>*_`[]#=+-|~.)0123456789１٣ \t\r\n\u2028\u2029\x0b\x0c\x85"


@given(st.text(alphabet=st.sampled_from(_MARKS) | st.sampled_from("年度政府信息公开，。ab") | st.characters(),
               max_size=40))
def test_md_escape_shortcut_gives_the_full_escape(text):
    """The shortcut for a line of nothing Markdown reads (#10) returns what the full escape returns."""
    from narrative.render.markdown import _md_escape

    assert md_escape(text) == _md_escape(text)


def test_docx_strings_and_metadata_hold_no_xml_illegal_characters(tmp_path):
    import zipfile

    name = "青山县\x01\x02\x0b\x0c\x1b\x7f\ufffe\uffff人民政府"
    facts = {"other_matters": ["控制字符\x00\x08\x1f在此。"]}
    draft = generate(minimal(agency={"name": name, "kind": "government", "level": "county"}, facts=facts),
                     full=True)
    draft.to_docx(tmp_path / "a.docx")
    with zipfile.ZipFile(tmp_path / "a.docx") as package:
        for member in package.namelist():
            text = package.read(member).decode("utf-8", "replace")
            assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]", text), member
