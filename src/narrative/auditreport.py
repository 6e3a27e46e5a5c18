"""The audit's results for people and machines: text for a terminal, JSON, and one self-contained HTML page
for a supervising office (a row per body with its errors and warnings, a heat map of overlaps between bodies
and with last year, every finding with its quoted place; no script, no external resource, prints on A4)."""

from __future__ import annotations

import json
from html import escape
from pathlib import Path
from typing import Any

from .audit import AuditRun, BodyAudit


def _body(a: BodyAudit) -> dict[str, Any]:
    b = a.body
    return {
        "file": b.file, "name": b.name, "year": b.year, "kind": b.kind, "level": b.level,
        "published": b.published.isoformat() if b.published else None,
        "errors": a.errors, "warnings": a.warnings,
        "previous_file": a.previous_file, "overlap_previous": a.overlap_previous,
        "passages_previous": a.passages_previous,
        "findings": [f.to_dict() for f in a.findings],
    }


def to_json(run: AuditRun) -> str:
    data = {
        "reports": [_body(a) for a in run.audits],
        "peers": [{"a": run.audits[i].body.file, "b": run.audits[j].body.file, "overlap": share, "passages": passages}
                  for (i, j), (share, passages) in sorted(run.peers.items())],
        "unread": [f.to_dict() for f in run.unread],
        "errors": run.errors,
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def to_text(run: AuditRun, safe: Any = str) -> str:
    lines: list[str] = []
    for a in run.audits:
        head = f"== {a.body.file}（{a.body.label}）：{a.errors}处错误，{a.warnings}处警告"
        if a.overlap_previous is not None:
            head += f"；与上年度报告重复{a.overlap_previous:.1%}"
        lines.append(safe(head))
        lines.extend(safe(f.format()) for f in a.findings)
    for f in run.unread:
        lines.append(safe(f.format()))
    high = [(i, j, s) for (i, j), (s, _) in run.peers.items() if s > 0.3]
    if high:
        lines.append("== 机关之间的重复（5字片段）")
        for i, j, s in sorted(high, key=lambda t: -t[2]):
            lines.append(safe(f"{run.audits[i].body.label} ↔ {run.audits[j].body.label}：{s:.1%}"))
    total_e, total_w = run.errors, sum(a.warnings for a in run.audits)
    lines.append(f"共审查{len(run.audits)}份报告：{total_e}处错误，{total_w}处警告")
    return "\n".join(lines) + "\n"


_CSS = """
@page { size: A4; margin: 15mm 12mm; }
body { font-family: "FangSong", "STFangsong", "SimSun", serif; font-size: 11pt; color: #111; margin: 0 auto; max-width: 190mm; }
h1 { font-size: 16pt; text-align: center; } h2 { font-size: 13pt; border-bottom: 1px solid #999; break-after: avoid; }
table { border-collapse: collapse; width: 100%; margin: 6pt 0; font-size: 9.5pt; }
th, td { border: 1px solid #888; padding: 2pt 4pt; vertical-align: top; }
th { background: #eee; } tr { break-inside: avoid; }
td.n { text-align: right; white-space: nowrap; } .err { color: #a00; font-weight: bold; } .warn { color: #8a5a00; }
.heat td { text-align: center; width: 2.2em; font-size: 8.5pt; }
q { quotes: "“" "”"; } .code { font-family: monospace; white-space: nowrap; }
.body { break-inside: avoid-page; } small { color: #555; }
@media print { a { color: inherit; text-decoration: none; } }
"""


#: Up to this many bodies the overlaps print as a matrix on A4; beyond, as a list of the pairs above 30%.
MATRIX_LIMIT = 25


def _heat(share: float | None) -> str:
    if share is None:
        return "<td>—</td>"
    level = min(share / 0.5, 1.0)
    red = 255
    other = int(255 - 190 * level)
    style = f"background: rgb({red},{other},{other})"
    return f'<td style="{style}">{share:.0%}</td>'


def to_html(run: AuditRun) -> str:
    audits = run.audits
    out = ['<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           "<title>政府信息公开工作年度报告审查结果</title>", f"<style>{_CSS}</style></head><body>",
           "<h1>政府信息公开工作年度报告审查结果</h1>",
           f"<p>共审查{len(audits)}份报告：<span class=err>{run.errors}处错误</span>，"
           f"<span class=warn>{sum(a.warnings for a in audits)}处警告</span>。"
           "错误须更正；警告须核对。重复率为正文（一、五、六部分）5字片段的重复比例，评估以50%为限。</p>",
           "<h2>一、各单位概况</h2><table><tr><th>序号</th><th>单位</th><th>年度</th><th>发布日期</th>"
           "<th>错误</th><th>警告</th><th>与上年重复</th><th>与其他单位最高重复</th><th>文件</th></tr>"]
    highest: dict[int, float] = {}
    for (i, j), (share, _) in run.peers.items():
        highest[i], highest[j] = max(highest.get(i, 0.0), share), max(highest.get(j, 0.0), share)
    for n, a in enumerate(audits, 1):
        b = a.body
        out.append(f'<tr><td class=n>{n}</td><td><a href="#b{n}">{escape(b.name or "（未读出）")}</a></td>'
                   f"<td class=n>{b.year or '—'}</td><td>{b.published.isoformat() if b.published else '—'}</td>"
                   f'<td class="n{" err" if a.errors else ""}">{a.errors}</td>'
                   f'<td class="n{" warn" if a.warnings else ""}">{a.warnings}</td>'
                   f"{_heat(a.overlap_previous)}{_heat(highest.get(n - 1))}"
                   f"<td><small>{escape(Path(b.file).name)}</small></td></tr>")
    out.append("</table>")
    if run.unread:
        out.append("<p class=err>未能读取：" + "；".join(escape(f.format()) for f in run.unread) + "</p>")
    if len(audits) > MATRIX_LIMIT:  # a matrix of hundreds of columns does not print: the pairs that matter
        out.append("<h2>二、单位之间的重复（雷同）</h2><table><tr><th>单位</th><th>单位</th><th>重复</th></tr>")
        pairs = sorted(((s_, i, j) for (i, j), (s_, _) in run.peers.items() if s_ > 0.3), reverse=True)
        for share, i, j in pairs:
            out.append(f"<tr><td>{i + 1}. {escape(audits[i].body.label)}</td><td>{j + 1}. {escape(audits[j].body.label)}"
                       f"</td>{_heat(share)}</tr>")
        out.append("</table><p><small>只列重复超过30%的单位对。</small></p>" if pairs else
                   "<tr><td colspan=3>没有重复超过30%的单位。</td></tr></table>")
    elif len(audits) > 1:
        out.append("<h2>二、单位之间的重复（雷同）</h2><table class=heat><tr><th></th>"
                   + "".join(f"<th>{n}</th>" for n in range(1, len(audits) + 1)) + "</tr>")
        for i in range(len(audits)):
            row = [f"<th>{i + 1}</th>"]
            for j in range(len(audits)):
                if i == j:
                    row.append("<td>—</td>")
                    continue
                pair = run.peers.get((min(i, j), max(i, j)))
                row.append(_heat(pair[0]) if pair else "<td>·</td>")
            out.append("<tr>" + "".join(row) + "</tr>")
        out.append("</table><p><small>行、列序号同上表；“·”为同一单位的不同年度、同一报告的不同文件或读不出标题的文件，不计雷同。</small></p>")
    if len(audits) > 1:
        shared = sorted(((s, i, j, p) for (i, j), (s, p) in run.peers.items() if s > 0.5), reverse=True)
        for s, i, j, passages in shared:
            out.append(f"<p>{i + 1}与{j + 1}重复{s:.1%}，最长的重复段落：" +
                       "；".join(f"<q>{escape(p)}</q>" for p in passages) + "</p>")
    out.append("<h2>三、逐份审查意见</h2>")
    for n, a in enumerate(audits, 1):
        b = a.body
        out.append(f'<div class=body id="b{n}"><h3>{n}. {escape(b.label)} <small>{escape(Path(b.file).name)}</small></h3>')
        if a.overlap_previous is not None:
            out.append(f"<p>与上年度报告（{escape(Path(a.previous_file or '').name)}）重复{a.overlap_previous:.1%}"
                       + ("，最长的重复段落：" + "；".join(f"<q>{escape(p)}</q>" for p in a.passages_previous[:3])
                          if a.passages_previous else "") + "</p>")
        if not a.findings:
            out.append("<p>未发现问题。</p></div>")
            continue
        out.append("<table><tr><th>性质</th><th>规则</th><th>位置</th><th>问题</th><th>应为</th><th>实为</th></tr>")
        for f in a.findings:
            loc = f.location
            if loc.labels:
                place = escape(loc.label)
            elif loc.section:
                place = f"{escape(loc.section)}、第{loc.paragraph}段" if loc.paragraph else f"第{escape(loc.section)}部分"
            else:
                place = "全文"
            if loc.quote:
                place += f"<br><q>{escape(loc.quote)}</q>"
            sev = '<span class=err>错误</span>' if f.is_error else '<span class=warn>警告</span>'
            message = escape(f.message) + (f"<br><small>{escape(f.hint)}</small>" if f.hint else "")
            out.append(f"<tr><td>{sev}</td><td class=code>{escape(f.code)}</td><td>{place}</td><td>{message}</td>"
                       f"<td>{escape(f.expected or '')}</td><td>{escape(f.actual or '')}</td></tr>")
        out.append("</table></div>")
    out.append("</body></html>\n")
    return "\n".join(out)
