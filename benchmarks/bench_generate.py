"""Benchmark: ``generate`` against floors measured in the same run, printed as ratios (never absolute
targets in tests: these machines are shared and noisy).

1. Per draft: ``generate(report)`` over a few hundred generated reports, against the floor of rendering
   the same final text with one precompiled Jinja2 template in which every number is a variable.
2. The command: ``narrative draft EXAMPLE`` against a bare ``python -c "import jinja2, pydantic, yaml"``.

Run: ``python benchmarks/bench_generate.py [--reports 300] [--runs 15]``.
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

import jinja2

import narrative
from narrative.testing import sample_documents

ROOT = Path(__file__).resolve().parent.parent
NUMBER = re.compile(r"\d+(?:\.\d+)?")


def sample_reports(n: int) -> list[narrative.ReportInput]:
    """``n`` valid reports of every shape, drawn with the project's own hypothesis strategy."""
    return [narrative.load(doc) for doc in sample_documents(n)]


def floor_template(text: str) -> tuple[jinja2.Template, dict[str, str]]:
    """The draft's final text as one template whose numbers are variables (the cheapest possible render)."""
    values: dict[str, str] = {}

    def var(match: re.Match[str]) -> str:
        name = f"n{len(values)}"
        values[name] = match.group(0)
        return "{{ " + name + " }}"

    source = NUMBER.sub(var, text.replace("{", "{{ '{' }}"))
    return jinja2.Environment(autoescape=False).from_string(source), values


def per_draft(reports: list[narrative.ReportInput], repeat: int) -> tuple[float, float]:
    texts = [narrative.generate(r).to_text() for r in reports]  # warm caches (bank, compiled templates)
    floors = [floor_template(t) for t in texts]
    for (template, values), text in zip(floors, texts):
        assert template.render(**values) == text.rstrip("\n") or template.render(**values) == text
    best_gen = best_floor = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for report in reports:
            narrative.generate(report).to_text()
        best_gen = min(best_gen, time.perf_counter() - start)
        start = time.perf_counter()
        for template, values in floors:
            template.render(**values)
        best_floor = min(best_floor, time.perf_counter() - start)
    return best_gen / len(reports), best_floor / len(reports)


def wall(cmd: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reports", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()

    reports = sample_reports(args.reports)
    gen, floor = per_draft(reports, args.repeat)
    print(f"generate per draft: {gen * 1e3:.2f} ms; floor (one precompiled template): {floor * 1e3:.3f} ms; "
          f"ratio {gen / floor:.1f}x (target <= 10x, aim 3x) over {len(reports)} reports")

    exe = str(Path(sys.executable).with_name("narrative"))
    example = str(ROOT / "examples" / "qingshan-county-2024.yaml")
    wall(["narrative" if not Path(exe).exists() else exe, "draft", example], 2)  # warm the OS cache
    bare = wall([sys.executable, "-c", "import jinja2, pydantic, yaml"], args.runs)
    cli = wall([exe, "draft", example], args.runs)
    print(f"narrative draft (one example): {cli * 1e3:.0f} ms; bare import of jinja2, pydantic, yaml: "
          f"{bare * 1e3:.0f} ms; ratio {cli / bare:.2f}x (target <= 2x), median of {args.runs} runs")


if __name__ == "__main__":
    main()
