"""The HTML page, read back with the standard library's parser: a well-formed, self-contained page whose
headings and paragraphs are the draft's, and whose three tables have the official form's merged cells and
show exactly the input's figures."""

from __future__ import annotations

import re
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings

from narrative import generate, load
from narrative.draft import Draft, Paragraph, Part, Section, Sentence
from narrative.model import ReportInput
from narrative.tables import APPLICANT_COLUMNS, ApplicantRow, OutcomeGroup, Results
from narrative.tables_layout import Cell, Table
from narrative.testing import raw_reports

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "qingshan-county-2024.yaml"
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
SECTION_HEADINGS = ["一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                    "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"]
T3_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
ORGS = ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
OUTCOMES = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]


# ---------------------------------------------------------------- a small DOM from html.parser

class Node:
    def __init__(self, tag: str, attrs: dict[str, str | None], parent: Node | None) -> None:
        self.tag, self.attrs, self.parent = tag, attrs, parent
        self.children: list[Node | str] = []

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def iter(self, *tags: str):
        """Descendant elements with one of ``tags`` (every descendant element when none is given)."""
        for child in self.children:
            if isinstance(child, Node):
                if child.tag in tags or not tags:
                    yield child
                yield from child.iter(*tags)


class TreeBuilder(HTMLParser):
    """Builds a tree and insists on well-formedness: every element but the void ones is closed, in order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {}, None)
        self.current = self.root
        self.doctype: str | None = None
        self.comments: list[str] = []

    def handle_decl(self, decl: str) -> None:
        self.doctype = decl

    def handle_starttag(self, tag, attrs) -> None:
        node = Node(tag, dict(attrs), self.current)
        self.current.children.append(node)
        if tag not in VOID:
            self.current = node

    def handle_startendtag(self, tag, attrs) -> None:
        self.current.children.append(Node(tag, dict(attrs), self.current))

    def handle_endtag(self, tag) -> None:
        assert tag not in VOID, f"end tag for void element <{tag}>"
        assert self.current.tag == tag, f"</{tag}> closes <{self.current.tag}>"
        self.current = self.current.parent  # type: ignore[assignment]

    def handle_data(self, data: str) -> None:
        self.current.children.append(data)

    def handle_comment(self, data: str) -> None:
        self.comments.append(data)


def parse(page: str) -> TreeBuilder:
    builder = TreeBuilder()
    builder.feed(page)
    builder.close()
    assert builder.current is builder.root, f"<{builder.current.tag}> is never closed"
    return builder


def html_root(page: str) -> Node:
    builder = parse(page)
    assert builder.doctype is not None and builder.doctype.lower() == "doctype html"
    (root,) = [c for c in builder.root.children if isinstance(c, Node)]
    assert root.tag == "html"
    return root


def reading_order(root: Node) -> list[tuple[str, str]]:
    """Every title, heading and paragraph outside the tables, in document order."""
    out = []
    for node in root.iter("h1", "h2", "h3", "h4", "h5", "h6", "p"):
        out.append((node.tag, node.text()))
    return out


def expected_order(draft: Draft) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    if draft.full:
        out.append(("h1", draft.title))
        out.extend(("p", p.text) for p in draft.preface)
    for section in draft.sections:
        out.append(("h2", section.heading))
        for part in section.parts:
            if part.heading:
                out.append(("h3", part.heading))
            out.extend(("p", p.text) for p in part.paragraphs)
    return out


# ---------------------------------------------------------------- tables: grid and expected figures

class Placed:
    """A parsed cell at its grid position."""

    def __init__(self, node: Node, row: int, col: int) -> None:
        self.node, self.row, self.col = node, row, col
        self.rowspan = int(node.attrs.get("rowspan") or 1)
        self.colspan = int(node.attrs.get("colspan") or 1)
        self.text = node.text()
        self.key = node.attrs.get("data-key")


def grid(table: Node) -> tuple[list[list[Placed | None]], list[Placed]]:
    """Rebuild the table's rectangle from the parsed rowspan/colspan; fails on a gap, an overlap or an
    overhang. Returns the grid (each position → the cell covering it) and the cells in document order."""
    rows = list(table.iter("tr"))
    covered: dict[tuple[int, int], Placed] = {}
    cells: list[Placed] = []
    width = None
    for r, tr in enumerate(rows):
        c = 0
        for node in (n for n in tr.children if isinstance(n, Node)):
            assert node.tag in ("th", "td")
            while (r, c) in covered:
                c += 1
            placed = Placed(node, r, c)
            cells.append(placed)
            for dr in range(placed.rowspan):
                for dc in range(placed.colspan):
                    assert (r + dr, c + dc) not in covered, f"cells overlap at {(r + dr, c + dc)}"
                    covered[(r + dr, c + dc)] = placed
            c += placed.colspan
        while (r, c) in covered:
            c += 1
        width = c if width is None else width
        assert c == width, f"row {r} is {c} wide, the table {width}"
    assert all(r < len(rows) for r, _ in covered), "a rowspan hangs below the table"
    rect = [[covered.get((r, c)) for c in range(width or 0)] for r in range(len(rows))]
    assert all(p is not None for row in rect for p in row), "the grid has a gap"
    return rect, cells


def at(rect, r: int, c: int, text: str, rowspan: int = 1, colspan: int = 1) -> Placed:
    """The cell that starts at (r, c) has this text and these spans and is a heading cell."""
    placed = rect[r][c]
    assert (placed.row, placed.col) == (r, c), f"{text!r}: position {(r, c)} is covered from {(placed.row, placed.col)}"
    assert (placed.text, placed.rowspan, placed.colspan) == (text, rowspan, colspan)
    assert placed.node.tag == "th" and placed.node.attrs.get("scope") in ("col", "colgroup", "row", "rowgroup")
    return placed


def _row_sum(row: ApplicantRow) -> int:
    return sum(getattr(row, c) for c in APPLICANT_COLUMNS)


def _leaf_rows(results: Results) -> list[ApplicantRow]:
    """The 21 leaf rows of 三, walked from the model's fields (the stated （七）总计 left out)."""
    out = []
    for name in type(results).model_fields:
        if name == "total":
            continue
        node = getattr(results, name)
        out.extend([node] if isinstance(node, ApplicantRow) else [getattr(node, n) for n in type(node).model_fields])
    return out


def expected_figure(report: ReportInput, key: str) -> int | Decimal:
    """The figure a cell with ``key`` must show, from the input: a stored value, or a computed 总计."""
    head, *path = key.split(".")
    node = getattr(report, head)
    if path[:2] == ["results", "total"]:  # （七）总计: column sums over the leaves, whether or not stated
        leaves = _leaf_rows(report.applications.results)
        column = path[2]
        return sum(_row_sum(r) for r in leaves) if column == "total" else sum(getattr(r, column) for r in leaves)
    for name in path[:-1]:
        node = getattr(node, name)
    last = path[-1]
    if last == "total" and isinstance(node, ApplicantRow):
        return _row_sum(node)
    if last == "total" and isinstance(node, OutcomeGroup):
        return node.upheld + node.corrected + node.other + node.pending
    return getattr(node, last)


def expected_keys(report: ReportInput) -> dict[str, list[str]]:
    """Every figure cell of the three tables, in reading order, by key path."""
    t2 = [f"active_disclosure.{kind}.{f}" for kind in ("regulations", "normative_documents")
          for f in ("issued", "repealed", "in_force")]
    t2 += [f"active_disclosure.{k}" for k in ("licensing", "punishment", "coercion", "administrative_fees")]
    results = report.applications.results
    rows = ["new_received", "carried_over", "results.disclosed", "results.partially_disclosed"]
    for group in ("not_disclosed", "cannot_provide", "not_processed", "other"):
        rows += [f"results.{group}.{name}" for name in type(getattr(results, group)).model_fields]
    rows += ["results.total", "carried_forward"]
    t3 = [f"applications.{row}.{col}" for row in rows for col in (*APPLICANT_COLUMNS, "total")]
    t4 = [f"review_litigation.{g}.{o}" for g in ("review", "litigation_direct", "litigation_after_review")
          for o in ("upheld", "corrected", "other", "pending", "total")]
    return {"table2": t2, "table3": t3, "table4": t4}


def shown(text: str) -> Decimal:
    assert re.fullmatch(r"\d+(\.\d+)?", text), f"not a plain figure: {text!r}"
    return Decimal(text)


def check_figures(root: Node, report: ReportInput) -> None:
    """Every figure cell is a <td> with the key of its input figure and shows exactly that figure; the
    cells are exactly the form's, in its order; every other cell is a <th> heading."""
    tables = {t.attrs["data-table"]: t for t in root.iter("table")}
    keys = expected_keys(report)
    assert set(tables) == set(keys)
    for name, table in tables.items():
        _, cells = grid(table)
        data = [p for p in cells if p.node.tag == "td"]
        assert [p.key for p in data] == keys[name]
        assert all(p.node.tag == "th" and p.key is None for p in cells if p.node.tag != "td")
        for p in data:
            assert "num" in p.node.attrs.get("class", "").split()
            want = expected_figure(report, p.key)
            assert shown(p.text) == want, f"{p.key}: shows {p.text}, input {want}"
            if isinstance(want, int):
                assert p.text == str(want)


# ---------------------------------------------------------------- fixtures

@pytest.fixture(scope="module")
def report() -> ReportInput:
    return load(EXAMPLE)


@pytest.fixture(scope="module")
def full(report) -> Draft:
    return generate(report, full=True)


@pytest.fixture(scope="module")
def page(full) -> str:
    return full.to_html()


@pytest.fixture(scope="module")
def root(page) -> Node:
    return html_root(page)


def tables_of(root: Node) -> dict[str, Node]:
    return {t.attrs["data-table"]: t for t in root.iter("table")}


# ---------------------------------------------------------------- the page

def test_page_head(root, full):
    assert root.attrs.get("lang") == "zh-CN"
    (head,) = root.iter("head")
    metas = list(head.iter("meta"))
    assert any(m.attrs.get("charset", "").lower() == "utf-8" for m in metas)
    (title,) = head.iter("title")
    assert title.text() == full.title == "青山县人民政府2024年政府信息公开工作年度报告"
    assert len(list(root.iter("h1"))) == 1 and next(root.iter("h1")).text() == full.title


def test_page_is_self_contained(page, root):
    assert not list(root.iter("script", "link", "img", "iframe", "object", "embed", "video", "audio", "source"))
    for node in root.iter():
        for name, value in node.attrs.items():
            assert name not in ("src", "href", "srcset", "action", "background", "poster"), (node.tag, name)
            assert not re.match(r"\s*(https?:)?//", value or ""), (node.tag, name, value)
    styles = list(root.iter("style"))
    assert len(styles) == 1
    css = styles[0].text()
    assert "@import" not in css and "url(" not in css and "@font-face" not in css
    assert not re.search(r"(src|href)\s*=\s*[\"']?\s*(https?:)?//", page, re.I)


def test_print_stylesheet(root):
    css = next(root.iter("style")).text()
    page_rule = re.search(r"@page\s*{([^}]*)", css)
    assert page_rule and re.search(r"size:\s*A4", page_rule.group(1))
    assert re.search(r"margin:\s*37mm 26mm 35mm 28mm", page_rule.group(1))  # GB/T 9704 type area 156 × 225 mm
    # a row stays on one page (its cells do not break), while a heading spanning rows may continue on the next
    assert re.search(r"(^|\n)\s*th:not\(\[rowspan\]\), td\s*{[^}]*break-inside:\s*avoid", css)
    assert re.search(r"(^|\n)\s*p\s*{[^}]*text-indent:\s*2em", css)  # two-character first-line indent
    assert re.search(r"td\.num\s*{[^}]*text-align:\s*right", css)  # figures right-aligned
    for tag, font in (("h1", "小标宋"), ("h2", "黑体"), ("h3", "楷体"), (r"\.report", "仿宋")):
        rule = re.search(rf"(^|\n)\s*{tag}\s*{{([^}}]*)", css)
        assert rule and font in rule.group(2), tag


def test_headings_and_paragraphs_are_the_drafts_in_order(root, full):
    order = reading_order(root)
    assert order == expected_order(full)
    assert [t for tag, t in order if tag == "h2"] == SECTION_HEADINGS
    h3 = [t for tag, t in order if tag == "h3"]
    assert h3 == [p.heading for s in full.sections for p in s.parts if p.heading] and len(h3) >= 7
    assert [t for tag, t in order if tag == "p"] == [p.text for p in full.paragraphs()]
    assert len(full.paragraphs()) > 10


def test_each_table_follows_its_section_heading(root):
    sections = list(root.iter("section"))
    assert [next(s.iter("h2")).text() for s in sections] == SECTION_HEADINGS
    found = {next(s.iter("h2")).text(): [t.attrs["data-table"] for t in s.iter("table")] for s in sections}
    assert found == {SECTION_HEADINGS[0]: [], SECTION_HEADINGS[1]: ["table2"], SECTION_HEADINGS[2]: ["table3"],
                     SECTION_HEADINGS[3]: ["table4"], SECTION_HEADINGS[4]: [], SECTION_HEADINGS[5]: []}
    assert len(list(root.iter("table"))) == 3


def test_table_shapes(root):
    shapes = {}
    for name, table in tables_of(root).items():
        rect, _ = grid(table)
        shapes[name] = (len(rect), len(rect[0]))
    assert shapes == {"table2": (14, 4), "table3": (28, 10), "table4": (4, 15)}


def test_table2_layout(root):
    rect, _ = grid(tables_of(root)["table2"])
    for r, text in ((0, "第二十条第（一）项"), (4, "第二十条第（五）项"), (7, "第二十条第（六）项"), (11, "第二十条第（八）项")):
        at(rect, r, 0, text, colspan=4)
    for c, text in enumerate(("信息内容", "本年制发件数", "本年废止件数", "现行有效件数")):
        at(rect, 1, c, text)
    for r, head in ((5, "本年处理决定数量"), (8, "本年处理决定数量"), (12, "本年收费金额（单位：万元）")):
        at(rect, r, 0, "信息内容")
        at(rect, r, 1, head, colspan=3)
    for r, label in ((2, "规章"), (3, "行政规范性文件"), (6, "行政许可"), (9, "行政处罚"), (10, "行政强制"),
                     (13, "行政事业性收费")):
        at(rect, r, 0, label)
    assert [rect[2][c].key for c in (1, 2, 3)] == [f"active_disclosure.regulations.{f}"
                                                   for f in ("issued", "repealed", "in_force")]
    for r, key in ((6, "licensing"), (9, "punishment"), (10, "coercion"), (13, "administrative_fees")):
        placed = rect[r][1]
        assert placed.key == f"active_disclosure.{key}" and placed.colspan == 3 and placed.node.tag == "td"


def test_table3_layout(root):
    table = tables_of(root)["table3"]
    rect, _ = grid(table)
    note = at(rect, 0, 0, T3_NOTE, rowspan=3, colspan=3)
    assert "note" in note.node.attrs.get("class", "")
    at(rect, 0, 3, "申请人情况", colspan=7)
    at(rect, 1, 3, "自然人", rowspan=2)
    at(rect, 1, 4, "法人或其他组织", colspan=5)
    at(rect, 1, 9, "总计", rowspan=2)
    for i, org in enumerate(ORGS):
        at(rect, 2, 4 + i, org)
    at(rect, 3, 0, "一、本年新收政府信息公开申请数量", colspan=3)
    at(rect, 4, 0, "二、上年结转政府信息公开申请数量", colspan=3)
    at(rect, 5, 0, "三、本年度办理结果", rowspan=22)
    at(rect, 5, 1, "（一）予以公开", colspan=2)
    at(rect, 6, 1, "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", colspan=2)
    at(rect, 7, 1, "（三）不予公开", rowspan=8)
    at(rect, 7, 2, "1.属于国家秘密")
    at(rect, 15, 1, "（四）无法提供", rowspan=3)
    at(rect, 18, 1, "（五）不予处理", rowspan=5)
    at(rect, 23, 1, "（六）其他处理", rowspan=3)
    at(rect, 25, 2, "3.其他")
    at(rect, 26, 1, "（七）总计", colspan=2)
    at(rect, 27, 0, "四、结转下年度继续办理", colspan=3)
    # the three heading rows form the <thead>, so a page break repeats them
    (thead,) = table.iter("thead")
    assert len(list(thead.iter("tr"))) == 3
    # every data row: 7 figures in columns 3..9
    for r in range(3, 28):
        assert [rect[r][c].node.tag for c in range(3, 10)] == ["td"] * 7


def test_table4_layout(root):
    rect, _ = grid(tables_of(root)["table4"])
    at(rect, 0, 0, "行政复议", colspan=5)
    at(rect, 0, 5, "行政诉讼", colspan=10)
    for i, outcome in enumerate(OUTCOMES):
        at(rect, 1, i, outcome, rowspan=2)
        at(rect, 2, 5 + i, outcome)
        at(rect, 2, 10 + i, outcome)
    at(rect, 1, 5, "未经复议直接起诉", colspan=5)
    at(rect, 1, 10, "复议后起诉", colspan=5)
    assert [rect[3][c].node.tag for c in range(15)] == ["td"] * 15


def test_header_scopes(root):
    for table in tables_of(root).values():
        _, cells = grid(table)
        for p in cells:
            if p.node.tag != "th":
                continue
            row_has_figures = any(q.row == p.row and q.node.tag == "td" for q in cells)
            scope = p.node.attrs.get("scope")
            assert scope == ("row" if row_has_figures else "colgroup" if p.colspan > 1 else "col"), p.text


def test_every_figure_is_the_inputs(root, report):
    check_figures(root, report)
    # and the example is not all zeros, so the comparison has teeth
    cells = [p for t in tables_of(root).values() for p in grid(t)[1] if p.node.tag == "td"]
    assert len(cells) == 10 + 25 * 7 + 15
    assert sum(1 for p in cells if p.text != "0") >= 20


def test_table3_balances_as_shown(root):
    """The 勾稽关系 the note states holds for the figures as rendered: 一 + 二 = 三（七）总计 + 四, per column."""
    rect, _ = grid(tables_of(root)["table3"])
    for c in range(3, 10):
        value = {r: int(rect[r][c].text) for r in (3, 4, 26, 27)}
        assert value[3] + value[4] == value[26] + value[27]
        assert value[26] == sum(int(rect[r][c].text) for r in range(5, 26))


def test_narrative_only_draft(report):
    draft = generate(report)
    root = html_root(draft.to_html())
    assert next(root.iter("title")).text() == draft.title
    assert not list(root.iter("h1")) and not list(root.iter("table"))
    order = reading_order(root)
    assert order == expected_order(draft)
    assert [t for tag, t in order if tag == "h2"] == ["一、总体情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"]


def test_text_is_escaped():
    hostile = '<script>alert("x")</script> & <b>粗</b> \'引\''
    sentence = Sentence(hostile, None, None, None, "test")
    table = Table("table9", hostile, 2, ((Cell(hostile, header=True), Cell("1<2", key='a"b.<c>')),))
    draft = Draft(agency="机关", year=2024, seed=None, title=hostile, full=True,
                  preface=(Paragraph((sentence,)),),
                  sections=(Section("一", hostile, "overview", (Part(hostile, "p", (Paragraph((sentence,)),)),),
                                    (table,)),))
    page = draft.to_html()
    assert "<script>" not in page and "<b>" not in page
    root = html_root(page)
    assert not list(root.iter("script", "b"))
    assert next(root.iter("title")).text() == hostile
    assert reading_order(root) == [("h1", hostile), ("p", hostile), ("h2", f"一、{hostile}"), ("h3", hostile),
                                   ("p", hostile)]
    (th,) = root.iter("th")
    (td,) = root.iter("td")
    assert th.text() == hostile and td.text() == "1<2" and td.attrs["data-key"] == 'a"b.<c>'
    assert next(root.iter("table")).attrs["aria-label"] == hostile


def test_addresses_may_break_but_read_unchanged():
    text = "网址为http://www.example.gov.cn/a?x=1&y=<2>，邮箱为ab_c@example.gov.cn。"
    draft = Draft(agency="机关", year=2024, seed=None, full=False,
                  sections=(Section("六", "其他需要报告的事项", "other",
                                    (Part(None, "p", (Paragraph((Sentence(text, None, None, None, "t"),)),)),)),))
    root = html_root(draft.to_html())
    (p,) = root.iter("p")
    assert p.text() == text
    assert [s.text() for s in p.iter("span")] == ["http://www.example.gov.cn/a?x=1&y=<2>", "ab_c@example.gov.cn"]
    assert all(s.attrs.get("class") == "url" for s in p.iter("span"))
    css = next(root.iter("style")).text()
    assert re.search(r"\.url\s*{[^}]*word-break:\s*break-all", css)


# ---------------------------------------------------------------- every valid report

@settings(max_examples=60)
@given(raw_reports())
def test_every_report_renders(doc):
    report = load(doc)
    full = generate(report, full=True)
    root = html_root(full.to_html())
    assert next(root.iter("title")).text() == full.title
    assert reading_order(root) == expected_order(full)
    assert len(list(root.iter("table"))) == 3
    check_figures(root, report)
    for table in tables_of(root).values():
        rect, _ = grid(table)
        assert (len(rect), len(rect[0])) in ((14, 4), (28, 10), (4, 15))

    narrative_only = generate(report)
    root = html_root(narrative_only.to_html())
    assert reading_order(root) == expected_order(narrative_only)
    assert [t for tag, t in reading_order(root) if tag == "h2"] == [s.heading for s in narrative_only.sections]
    assert not list(root.iter("table"))
