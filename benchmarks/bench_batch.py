"""Benchmark: batch drafting of many generated inputs with ``narrative draft DIR -o OUT --full``.

Prints throughput (reports/s) for Markdown and DOCX, the speed-up of all cores over one process measured in
the same run, and the peak resident memory of any one process for a small and a large batch (it must not
grow with the number of inputs).

Run: ``python benchmarks/bench_batch.py [--count 10000] [--docx-count 10000]``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml
from narrative.testing import sample_documents

PLACES = "东南西北中前后上下新老大小高长平安和兴隆福寿康宁"


def write_inputs(directory: Path, count: int, docs: list[dict]) -> None:
    """``count`` YAML inputs, cycling through ``docs`` with a distinct township name for each file."""
    directory.mkdir(parents=True)
    plain = [json.loads(json.dumps(d, default=str)) for d in docs]  # Decimal amounts as decimal text
    for i in range(count):
        doc = dict(plain[i % len(plain)])
        name = f"{PLACES[i % len(PLACES)]}{PLACES[(i // len(PLACES)) % len(PLACES)]}{i}镇人民政府"
        doc["agency"] = {"name": name, "kind": "government", "level": "township"}
        if "previous_year" in doc:
            doc["previous_year"] = {**doc["previous_year"], "agency": doc["agency"]}
        (directory / f"r{i:05d}.yaml").write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")


def linked(source: Path, directory: Path, count: int) -> Path:
    """A directory holding the first ``count`` inputs of ``source`` (hard links, no copies)."""
    directory.mkdir()
    for path in sorted(source.iterdir())[:count]:
        os.link(path, directory / path.name)
    return directory


def timed_run(inputs: Path, out: Path, fmt: str, jobs: int | None = None) -> tuple[float, int]:
    """Seconds for one CLI batch run, and the peak RSS (KiB) of the largest process it started."""
    exe = str(Path(sys.executable).with_name("narrative"))
    cmd = [exe, "draft", str(inputs), "-o", str(out), "--format", fmt, "--full"]
    if jobs:
        cmd += ["--jobs", str(jobs)]
    code = (
        "import resource, subprocess, sys, time;"
        "t = time.perf_counter(); r = subprocess.run(sys.argv[1:]);"
        "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, r.returncode)"
    )
    result = subprocess.run([sys.executable, "-c", code, *cmd], capture_output=True, text=True, check=True)
    seconds, peak, returncode = result.stdout.split()
    if returncode != "0":
        raise SystemExit(f"batch failed: {result.stderr[-2000:]}")
    return float(seconds), int(peak)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--docx-count", type=int, default=10_000)
    parser.add_argument("--distinct", type=int, default=300)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="narrative-bench-"))
    try:
        docs = sample_documents(args.distinct)
        big, small = work / "big", work / "small"
        write_inputs(big, max(args.count, args.docx_count), docs)
        write_inputs(small, 1000, docs)
        cores = os.cpu_count() or 1

        seconds, peak_small = timed_run(small, work / "o-small", "markdown")
        one, _ = timed_run(small, work / "o-small-1", "markdown", jobs=1)
        print(f"markdown, 1,000 inputs: {1000 / seconds:.0f} reports/s on {cores} cores; one process "
              f"{1000 / one:.0f} reports/s; speed-up {one / seconds:.2f}x; peak RSS {peak_small / 1024:.0f} MiB")

        target = linked(big, work / "md-in", args.count)
        seconds, peak_big = timed_run(target, work / "o-big", "markdown")
        n = args.count
        print(f"markdown, {n:,} inputs: {n / seconds:.0f} reports/s (target >= 300); peak RSS {peak_big / 1024:.0f} "
              f"MiB, {peak_big / peak_small:.2f}x the 1,000-input run (must not grow with the count)")

        if not args.docx_count:
            return
        docx_dir = linked(big, work / "docx-in", args.docx_count)
        seconds, peak_docx = timed_run(docx_dir, work / "o-docx", "docx")
        print(f"docx, {args.docx_count:,} inputs: {args.docx_count / seconds:.1f} reports/s (target >= 20); "
              f"peak RSS {peak_docx / 1024:.0f} MiB")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
