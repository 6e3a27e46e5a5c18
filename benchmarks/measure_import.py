"""How exactly ``narrative import`` reads real published reports (docs/import.md has the results).

    python benchmarks/measure_import.py [DIR …]      (default: ../shared/published and ../shared/corpus)

For every report (.html, .txt, .pdf) it imports the file, then compares the figures of tables 2–4 as imported
(stated totals included, in the form's order) with the digits the page itself prints between
"第二十条第（一）项" and section 五 — from the raw text (HTML with its tags removed; PDF through
``pdftotext -raw``), not from the importer's table reading — after removing the row labels' numbers
("1.属于国家秘密") and the figures of narrative sentences between the tables ("2021年", "198条", "4位小数").
EQUAL means every figure reads as printed; a printed blank that the importer derives from its row's total
(warning I-BLANK) shows as one digit more on the import's side. For crawled text, whose cells run together,
EQUAL shows that no digit was lost or added; that each run was cut where the page's cells are is what the
totals decide (a run with two fitting cuts is refused, I-AMBIGUOUS).
"""

from __future__ import annotations

import html
import re
import subprocess
import sys
from pathlib import Path

from narrative import NarrativeError
from narrative.importer import read_report

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = [ROOT.parent / "shared" / "published", ROOT.parent / "shared" / "corpus"]
COLUMNS = ("natural_person", "commercial_enterprise", "research_institution", "social_welfare_org",
           "legal_service_org", "other_org", "total")


def page_digits(path: Path) -> str:
    if path.suffix == ".pdf":
        text = subprocess.run(["pdftotext", "-enc", "UTF-8", "-raw", str(path), "-"], capture_output=True,
                              text=True, check=True).stdout
        text = re.sub(r"(?m)^\s*-\s*\d+\s*-\s*$", "", text)  # page numbers
    else:
        text = path.read_text(encoding="utf-8")
        if path.suffix in (".html", ".htm"):
            text = re.sub(r"<(script|style)[^>]*>.*?</\1>", "", text, flags=re.S | re.I)
            text = html.unescape(re.sub(r"<[^>]+>", " ", text))
    text = re.sub(r"\s+", "", text)
    start = text.find("第二十条第（一）项")
    end = text.find("五、", text.find("四、政府信息公开行政复议", start))
    region = text[start:end]
    region = re.sub(r"\d\.(?=[\u4e00-\u9fff“])", "", region)  # row labels' numbers
    region = re.sub(r"\d+(?=[年条位])", "", region)  # narrative sentences between the tables
    return re.sub(r"[^\d.]", "", region).strip(".")


def imported_digits(doc: dict) -> tuple[str, int]:
    t2 = doc["active_disclosure"]
    seq: list = [t2[k][f] for k in ("regulations", "normative_documents") for f in ("issued", "repealed", "in_force")]
    seq += [t2["licensing"], t2["punishment"], t2["coercion"], t2["administrative_fees"]]
    apps = doc["applications"]
    results = apps["results"]
    rows = [apps["new_received"], apps["carried_over"], results["disclosed"], results["partially_disclosed"]]
    for group in ("not_disclosed", "cannot_provide", "not_processed", "other"):
        rows += list(results[group].values())
    rows += [results["total"], apps["carried_forward"]]
    seq += [row[c] for row in rows for c in COLUMNS]
    t4 = doc["review_litigation"]
    seq += [t4[g][f] for g in ("review", "litigation_direct", "litigation_after_review")
            for f in ("upheld", "corrected", "other", "pending", "total")]
    return "".join(str(v) for v in seq), len(seq)


def main(dirs: list[Path]) -> int:
    files = sorted(p for d in dirs if d.is_dir() for p in d.iterdir() if p.suffix in (".html", ".htm", ".txt", ".pdf"))
    exact = 0
    for path in files:
        try:
            reading = read_report(path)
        except NarrativeError as exc:
            errors = [f for f in exc.findings if f.is_error]
            print(f"{path.name}: REFUSED " + "; ".join(f"{f.code} {f.message}" for f in errors))
            continue
        mine, count = imported_digits(reading.document)
        page = page_digits(path)
        warnings = sorted({f.code for f in reading.findings} - {"I-AGENCY"})
        same = mine == page
        exact += same
        blanks = sum(f.code == "I-BLANK" for f in reading.findings)
        verdict = ("EQUAL" if same else f"EQUAL but for {blanks} printed blank(s) read from the row's total"
                   if blanks and len(mine) - len(page) == blanks else "DIFFERENT")
        print(f"{path.name}: {verdict} ({count} figures)" + (f"; warnings {', '.join(warnings)}" if warnings else ""))
        if not same:
            print(f"    page   {page}\n    import {mine}")
    print(f"{exact} of {len(files)} imported with every figure equal to the page")
    return 0


if __name__ == "__main__":
    sys.exit(main([Path(a) for a in sys.argv[1:]] or DEFAULT))
